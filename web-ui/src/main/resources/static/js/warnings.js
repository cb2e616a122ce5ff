// Early-warning pages: deadlines counting down (every .countdown with a data-deadline), an officer's tap to call (the
// number is asked of POST /api/warnings/tasks/{id}/reveal, which is audited, then dialled through tel:), and the outcome
// in two taps (choose, then confirm). Without this script the outcome buttons post the form directly.
(function () {
  'use strict';

  var page = document.querySelector('main.warnings');
  if (!page) {
    return;
  }

  function msg(key) {
    return page.getAttribute('data-msg-' + key) || key;
  }

  function pad(n) {
    return n < 10 ? '0' + n : String(n);
  }

  /** 9:05 or 1:02:03, for a number of seconds. */
  function clock(seconds) {
    var s = Math.abs(Math.round(seconds));
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    return (h > 0 ? h + ':' + pad(m) : String(m)) + ':' + pad(s % 60);
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll('.countdown[data-deadline]').forEach(function (el) {
      var left = (Date.parse(el.getAttribute('data-deadline')) - now) / 1000;
      el.textContent = (left >= 0 ? msg('left') : msg('overdue')) + ' ' + clock(left);
      el.classList.toggle('overdue', left < 0);
      el.classList.toggle('soon', left >= 0 && left < 120);
    });
  }

  tick();
  window.setInterval(tick, 1000);

  function headers(json) {
    var h = { 'Accept': 'application/json' };
    if (json) {
      h['Content-Type'] = 'application/json';
    }
    var csrf = window.qiandai.csrf();
    if (csrf.header && csrf.token) {
      h[csrf.header] = csrf.token;
    }
    return h;
  }

  // Tap to call: the number is revealed (and recorded) only when the officer calls.
  page.addEventListener('click', function (event) {
    var button = event.target.closest('button.call');
    if (!button) {
      return;
    }
    var card = button.closest('.task-card');
    var note = card.querySelector('.call-note');
    button.disabled = true;
    fetch(button.getAttribute('data-reveal-url'), { method: 'POST', headers: headers(false), credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (body) {
        var number = body.relativePhone || body.phone;
        card.querySelector('.phone').textContent = body.phone;
        card.querySelector('.phone').classList.add('revealed');
        button.disabled = false;
        var link = card.querySelector('a.tel-link');
        link.href = 'tel:' + number;
        link.textContent = number;
        link.hidden = false;
        note.hidden = true;
        // An automated browser (navigator.webdriver) is not sent to the dialler: headless Chromium stops taking input
        // while an external protocol waits for an application. A phone dials at once.
        if (!navigator.webdriver) {
          window.location.href = link.href;
        }
      })
      .catch(function (e) {
        button.disabled = false;
        note.hidden = false;
        note.textContent = msg('failed') + ' (' + e.message + ')';
      });
  });

  // The outcome in two taps: the first chooses it, the second confirms.
  document.querySelectorAll('form.outcome-form').forEach(function (form) {
    var chosen = form.querySelector('.chosen');
    var confirm = form.querySelector('.confirm-button');
    var cancel = form.querySelector('.cancel-button');
    var amount = form.querySelector('.amount-field');
    var amountInput = amount.querySelector('input');
    amount.hidden = true;

    function reset() {
      chosen.removeAttribute('name');
      chosen.value = '';
      confirm.hidden = true;
      cancel.hidden = true;
      amount.hidden = true;
      amountInput.required = false;
      form.querySelectorAll('button.outcome').forEach(function (b) {
        b.classList.remove('selected');
        b.setAttribute('name', 'outcome');
      });
    }

    form.querySelectorAll('button.outcome').forEach(function (button) {
      button.addEventListener('click', function (event) {
        event.preventDefault();
        reset();
        form.querySelectorAll('button.outcome').forEach(function (b) {
          b.removeAttribute('name');
        });
        button.classList.add('selected');
        chosen.setAttribute('name', 'outcome');
        chosen.value = button.value;
        confirm.textContent = msg('confirm') + ' ' + button.textContent;
        confirm.hidden = false;
        cancel.hidden = false;
        if (button.value === 'TRANSFERRED') {
          amount.hidden = false;
          amountInput.required = true;
          amountInput.focus();
        }
      });
    });
    cancel.addEventListener('click', reset);
    reset();
  });
})();
