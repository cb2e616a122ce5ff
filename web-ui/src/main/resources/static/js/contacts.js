// The contacts page: "reveal" asks POST /api/contacts/{id}/reveal (audited) and shows the number in place of the mask,
// with a note that the reveal was recorded. Numbers are never in the page until a user asks for one.
(function () {
  'use strict';

  var wrap = document.getElementById('contacts-wrap');
  if (!wrap) {
    return;
  }

  function msg(key) {
    return wrap.getAttribute('data-msg-' + key) || key;
  }

  wrap.addEventListener('click', function (event) {
    var button = event.target.closest('button.reveal');
    if (!button) {
      return;
    }
    var cell = button.closest('td');
    var note = cell.querySelector('.reveal-note');
    var headers = { 'Accept': 'application/json' };
    var csrf = window.qiandai.csrf();
    if (csrf.header && csrf.token) {
      headers[csrf.header] = csrf.token;
    }
    button.disabled = true;
    fetch(button.getAttribute('data-reveal-url'), { method: 'POST', headers: headers, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (body) {
        cell.querySelector('.phone').textContent = body.phone;
        cell.querySelector('.phone').classList.add('revealed');
        button.hidden = true;
        note.textContent = msg('recorded');
        note.hidden = false;
      })
      .catch(function (e) {
        button.disabled = false;
        note.textContent = msg('failed') + ' (' + e.message + ')';
        note.hidden = false;
      });
  });
})();
