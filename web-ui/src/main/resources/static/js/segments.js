// The segments list: fills in each segment's current count from GET /api/segments/{id}, one after another, so that
// the page itself never waits for counting.
(function () {
  'use strict';

  var cells = Array.prototype.slice.call(document.querySelectorAll('td.segment-count[data-count-url]'));

  function next() {
    var cell = cells.shift();
    if (!cell) {
      return;
    }
    fetch(cell.getAttribute('data-count-url'), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (segment) {
        cell.textContent = segment ? Number(segment.count).toLocaleString() : '—';
      })
      .catch(function () { cell.textContent = '—'; })
      .then(next);
  }

  next();
})();
