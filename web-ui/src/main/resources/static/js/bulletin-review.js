// The bulletin review page: while a field's input has the focus (or the pointer), its span in the narrative is
// emphasised; clicking a marked span focuses the input of its field. Without script every span stays marked.
(function () {
  'use strict';

  function marks(card, field) {
    return card.querySelectorAll('mark[data-fields~="' + field + '"]');
  }

  function show(card, field, on) {
    marks(card, field).forEach(function (mark) {
      mark.classList.toggle('active', on);
    });
    var row = card.querySelector('tr[data-field="' + field + '"]');
    if (row) {
      row.classList.toggle('active', on);
    }
  }

  document.querySelectorAll('article.draft').forEach(function (card) {
    card.querySelectorAll('tr[data-field]').forEach(function (row) {
      var field = row.getAttribute('data-field');
      var input = row.querySelector('[data-field]');
      row.addEventListener('mouseenter', function () { show(card, field, true); });
      row.addEventListener('mouseleave', function () {
        if (!input || document.activeElement !== input) {
          show(card, field, false);
        }
      });
      if (input) {
        input.addEventListener('focus', function () { show(card, field, true); });
        input.addEventListener('blur', function () { show(card, field, false); });
      }
    });
    card.querySelectorAll('mark[data-fields]').forEach(function (mark) {
      mark.addEventListener('click', function () {
        var field = mark.getAttribute('data-fields').split(' ')[0];
        var input = card.querySelector('[name="' + field + '"]');
        if (input && !input.disabled) {
          input.focus();
        }
      });
    });
  });
})();
