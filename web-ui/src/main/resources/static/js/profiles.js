// The profiles page: posts the run form as JSON to /api/profiles, then polls /api/profiles/{id} about every
// 500 ms with a progress bar until the run ends; a finished run opens its page.
(function () {
  'use strict';

  var POLL_MS = 500;
  var form = document.getElementById('profile-form');
  if (!form) {
    return;
  }
  var status = document.getElementById('run-status');
  var submit = document.getElementById('profile-submit');
  var cancel = document.getElementById('run-cancel');
  var pollBase = form.getAttribute('data-poll-url');
  var pageBase = form.getAttribute('data-page-url');
  var current = null;

  function $(id) {
    return document.getElementById(id);
  }

  function msg(key) {
    return status.getAttribute('data-msg-' + key) || key;
  }

  function checked(name) {
    return Array.prototype.map.call(form.querySelectorAll('input[name="' + name + '"]:checked'), function (el) {
      return el.value;
    });
  }

  function value(name) {
    var el = form.elements.namedItem(name);
    return el && el.value ? el.value : null;
  }

  function body() {
    var features = checked('features');
    return {
      filter: {
        importBatchId: value('importBatchId'),
        from: value('from'),
        to: value('to'),
        districts: checked('districts'),
        fraudTypes: checked('fraudTypes')
      },
      k: value('k') ? parseInt(value('k'), 10) : null,
      features: features.length ? features : null,
      seed: value('seed') ? parseInt(value('seed'), 10) : 1
    };
  }

  function headers() {
    var h = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    var csrf = window.qiandai.csrf();
    if (csrf.header && csrf.token) {
      h[csrf.header] = csrf.token;
    }
    return h;
  }

  function show(run) {
    var p = Math.round((run.progress || 0) * 100);
    $('run-progress').value = p;
    $('run-percent').textContent = p + '%';
    $('run-stage').textContent = run.status === 'QUEUED' ? msg('queued') : (run.stage || '');
  }

  function problem(title, text) {
    $('run-message-title').textContent = title;
    $('run-message-text').textContent = text || '';
    $('run-message').hidden = false;
    cancel.hidden = true;
    submit.disabled = false;
  }

  function finished() {
    submit.disabled = false;
    cancel.hidden = true;
    document.body.dispatchEvent(new CustomEvent('qiandai:run-finished', { bubbles: true }));
  }

  function parse(response) {
    return response.text().then(function (text) {
      try {
        return { status: response.status, ok: response.ok, body: JSON.parse(text) };
      } catch (e) {
        return { status: response.status, ok: response.ok, body: null };
      }
    });
  }

  function refused(result) {
    if (result.status === 401) {
      problem(msg('session'), '');
    } else {
      problem(result.status >= 500 ? msg('failed') : msg('refused'), result.body && result.body.message ? result.body.message : 'HTTP ' + result.status);
    }
  }

  function poll() {
    fetch(pollBase + encodeURIComponent(current), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(parse)
      .then(function (result) {
        if (!result.ok || !result.body) {
          refused(result);
          return;
        }
        var run = result.body;
        show(run);
        if (run.status === 'QUEUED' || run.status === 'RUNNING') {
          window.setTimeout(poll, POLL_MS);
        } else if (run.status === 'DONE') {
          finished();
          window.location.href = pageBase + encodeURIComponent(run.id);
        } else {
          finished();
          problem(run.status === 'CANCELLED' ? msg('cancelled') : msg('failed'), run.error || '');
        }
      })
      .catch(function () {
        problem(msg('network'), '');
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    status.hidden = false;
    $('run-message').hidden = true;
    cancel.hidden = false;
    submit.disabled = true;
    show({ progress: 0, stage: '' });
    fetch(form.action, { method: 'POST', headers: headers(), credentials: 'same-origin', body: JSON.stringify(body()) })
      .then(parse)
      .then(function (result) {
        if (result.status === 202 && result.body) {
          current = result.body.id;
          show({ progress: 0, status: result.body.status, stage: '' });
          poll();
        } else {
          refused(result);
        }
      })
      .catch(function () {
        problem(msg('network'), '');
      });
  });

  cancel.addEventListener('click', function () {
    if (!current) {
      return;
    }
    fetch(pollBase + encodeURIComponent(current) + '/cancel', { method: 'POST', headers: headers(), credentials: 'same-origin' });
  });
})();
