// The import pages (cases, contacts): uploads the chosen file to the form's data-import-url (else its action) with an
// upload progress bar. With data-poll-url the import runs in the background (?async=true) and the script polls
// {data-poll-url}{batchId} about every 500 ms until the batch is DONE or FAILED; without it the answer is the summary.
(function () {
  'use strict';

  var POLL_MS = 500;
  var form = document.getElementById('import-form');
  if (!form) {
    return;
  }
  var status = document.getElementById('import-status');
  var submit = document.getElementById('import-submit');
  var fileInput = document.getElementById('import-file');
  var pollBase = form.getAttribute('data-poll-url');
  var importUrl = form.getAttribute('data-import-url') || form.action;

  function $(id) {
    return document.getElementById(id);
  }

  function msg(key) {
    return status.getAttribute('data-msg-' + key) || key;
  }

  function setMeter(bar, label, percent) {
    var p = Math.max(0, Math.min(100, Math.round(percent)));
    $(bar).value = p;
    $(label).textContent = p + '%';
  }

  function reset() {
    status.hidden = false;
    $('import-message').hidden = true;
    $('import-result').hidden = true;
    setMeter('upload-progress', 'upload-percent', 0);
    setMeter('import-progress', 'import-percent', 0);
    $('import-phase').textContent = msg('uploading');
    $('import-errors').querySelector('tbody').replaceChildren();
  }

  function busy(on) {
    submit.disabled = on;
    fileInput.disabled = on;
    form.classList.toggle('busy', on);
  }

  function finished() {
    busy(false);
    // The past imports table listens for this (hx-trigger) and reloads itself.
    document.body.dispatchEvent(new CustomEvent('qiandai:import-finished', { bubbles: true }));
  }

  function showProblem(title, text) {
    $('import-phase').textContent = title;
    $('import-message-title').textContent = title;
    $('import-message-text').textContent = text || '';
    $('import-message').hidden = false;
  }

  function showProgress(progress) {
    if (!progress) {
      return;
    }
    setMeter('import-progress', 'import-percent', progress.percent || 0);
    $('import-phase').textContent = msg(progress.phase) +
        (progress.rowsRead ? ' · ' + progress.rowsRead.toLocaleString() : '');
  }

  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '' : String(text);
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
  }

  function showResult(summary) {
    setMeter('import-progress', 'import-percent', 100);
    $('import-phase').textContent = msg('done');
    $('result-file').textContent = summary.fileName || '';
    ['rows', 'imported', 'updated', 'unchanged', 'rejected'].forEach(function (name) {
      $('count-' + name).textContent = (summary[name] || 0).toLocaleString();
    });
    var ignored = summary.ignoredColumns || [];
    $('ignored-columns').textContent = ignored.length ? ignored.join('、') : msg('no-ignored');
    var errors = summary.errors || [];
    var body = $('import-errors').querySelector('tbody');
    errors.forEach(function (e) {
      var tr = document.createElement('tr');
      cell(tr, e.row, 'num');
      cell(tr, e.column);
      cell(tr, e.value, 'value');
      cell(tr, e.message);
      body.appendChild(tr);
    });
    $('import-errors').hidden = errors.length === 0;
    $('no-errors').hidden = errors.length !== 0;
    $('errors-truncated').hidden = !summary.errorsTruncated;
    $('import-result').hidden = false;
  }

  function handle(summary) {
    showProgress(summary.progress);
    if (summary.status === 'RUNNING') {
      window.setTimeout(function () { poll(summary.batchId); }, POLL_MS);
    } else if (summary.status === 'DONE') {
      showResult(summary);
      finished();
    } else {
      showProblem(msg('failed'), summary.failure);
      finished();
    }
  }

  /** A refused request: the API's {status, error, message}, or whatever the server sent. */
  function refused(httpStatus, body) {
    if (httpStatus === 401) {
      showProblem(msg('session'), '');
    } else {
      var text = body && body.message ? body.message : (body && body.error ? body.error : 'HTTP ' + httpStatus);
      showProblem(httpStatus >= 500 ? msg('failed') : msg('refused'), text);
    }
    finished();
  }

  function parse(text) {
    try {
      return JSON.parse(text);
    } catch (e) {
      return null;
    }
  }

  function poll(batchId) {
    fetch(pollBase + encodeURIComponent(batchId), {
      headers: { 'Accept': 'application/json' },
      credentials: 'same-origin'
    }).then(function (response) {
      return response.text().then(function (text) {
        var body = parse(text);
        if (response.ok && body) {
          handle(body);
        } else {
          refused(response.status, body);
        }
      });
    }).catch(function () {
      showProblem(msg('network'), '');
      finished();
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var file = fileInput.files && fileInput.files[0];
    if (!file) {
      status.hidden = false;
      showProblem(msg('choose'), '');
      return;
    }
    reset();
    busy(true);
    var data = new FormData();
    data.append('file', file, file.name);
    var xhr = new XMLHttpRequest();
    xhr.open('POST', pollBase ? importUrl + (importUrl.indexOf('?') < 0 ? '?' : '&') + 'async=true' : importUrl);
    var csrf = window.qiandai.csrf();
    if (csrf.header && csrf.token) {
      xhr.setRequestHeader(csrf.header, csrf.token);
    }
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable) {
        setMeter('upload-progress', 'upload-percent', e.loaded * 100 / e.total);
      }
    });
    xhr.addEventListener('load', function () {
      var body = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        setMeter('upload-progress', 'upload-percent', 100);
        handle(body);
      } else {
        refused(xhr.status, body);
      }
    });
    xhr.addEventListener('error', function () {
      showProblem(msg('network'), '');
      finished();
    });
    xhr.send(data);
  });
})();
