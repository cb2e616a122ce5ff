// A channel's recent traffic: re-reads /api/channels/{channel}/traffic every 10 s and updates each minute's counts.
(function () {
  'use strict';
  var page = document.querySelector('[data-traffic-poll]');
  if (!page) {
    return;
  }
  function refresh() {
    fetch(page.getAttribute('data-traffic-poll'), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (traffic) {
        if (!traffic) { return; }
        var rows = page.querySelectorAll('#traffic-minutes tbody tr');
        var peak = 1;
        traffic.minutes.forEach(function (m) { peak = Math.max(peak, m.total); });
        traffic.minutes.forEach(function (m, i) {
          var row = rows[i];
          if (!row) { return; }
          row.setAttribute('data-minute', m.minute);
          row.cells[0].textContent = m.minute.split('T')[1];
          Object.keys(m.counts).forEach(function (s) {
            var cell = row.querySelector('[data-status="' + s + '"]');
            if (cell) { cell.textContent = m.counts[s]; }
          });
          row.querySelector('[data-status="total"]').textContent = m.total;
          var meter = row.querySelector('meter');
          meter.max = peak;
          meter.value = m.total;
        });
      });
  }
  setInterval(refresh, 10000);
})();
