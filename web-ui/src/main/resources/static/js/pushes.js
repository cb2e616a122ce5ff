// Push pages: the audience preview before queuing, and live progress (polling /api/pushes/{id} every 3 s): counters, the progress bar, failures by code.
(function () {
  'use strict';

  function post(url, body) {
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    var csrf = window.qiandai.csrf();
    if (csrf.header && csrf.token) {
      headers[csrf.header] = csrf.token;
    }
    return fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(body), credentials: 'same-origin' });
  }

  var form = document.getElementById('push-form');
  if (form) {
    document.getElementById('push-preview').addEventListener('click', function () {
      var data = new FormData(form);
      var at = data.get('at');
      var every = data.get('every');
      var body = {
        channel: data.get('channel'),
        templateId: data.get('templateId'),
        segmentIds: data.getAll('segmentIds'),
        schedule: { at: at ? at + ':00' : null, repeat: every ? { every: every, until: data.get('until') || null } : null }
      };
      var panel = document.getElementById('push-audience');
      var error = document.getElementById('push-audience-error');
      post(form.getAttribute('data-preview-url') + encodeURIComponent(data.get('campaignId')) + '/pushes/preview', body)
        .then(function (r) { return r.json().then(function (json) { return { ok: r.ok, json: json }; }); })
        .then(function (res) {
          panel.hidden = false;
          if (!res.ok) {
            error.hidden = false;
            error.textContent = res.json.message || res.json.error;
            return;
          }
          error.hidden = true;
          var a = res.json.audience;
          panel.querySelector('[data-audience="recipients"]').textContent = a.recipients;
          Object.keys(a.excluded).forEach(function (k) {
            var el = panel.querySelector('[data-audience="' + k + '"]');
            if (el) { el.textContent = a.excluded[k]; }
          });
        });
    });
  }

  function poll(el) {
    fetch(el.getAttribute('data-push-poll'), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (push) {
        if (!push) { return; }
        var total = 0;
        Object.keys(push.counts).forEach(function (s) {
          total += push.counts[s];
          var cell = el.querySelector('[data-count="' + s + '"]');
          if (cell) { cell.textContent = push.counts[s]; }
        });
        var done = total - (push.counts.QUEUED || 0) - (push.counts.SENDING || 0);
        var bar = el.querySelector('#push-progress');
        if (bar) {
          bar.max = total || 1;
          bar.value = done;
          el.querySelector('[data-field="done"]').textContent = done;
          el.querySelector('[data-field="total"]').textContent = total;
        }
        var codes = el.querySelector('#push-failure-codes tbody');
        if (codes && push.failures) {
          var keys = Object.keys(push.failures);
          if (keys.length) {
            codes.textContent = '';
            keys.forEach(function (k) {
              var tr = document.createElement('tr');
              var code = document.createElement('td');
              code.textContent = k;
              var n = document.createElement('td');
              n.textContent = push.failures[k];
              tr.appendChild(code);
              tr.appendChild(n);
              codes.appendChild(tr);
            });
          }
        }
      });
  }

  var polled = document.querySelectorAll('[data-push-poll]');
  if (polled.length) {
    setInterval(function () { polled.forEach(poll); }, 3000);
  }
})();
