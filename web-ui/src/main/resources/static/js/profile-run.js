// One profiling run's page: while it runs, polls its progress and reloads when it ends; when done, draws the scatter
// plot and the k-selection chart (ECharts) from /api/profiles/{id}, and lets the analyst save a profile as a segment
// (a draft from .../segment-draft, edited in a dialog, posted to /api/segments).
(function () {
  'use strict';

  var POLL_MS = 500;
  var page = document.getElementById('run-page');
  if (!page) {
    return;
  }
  var runUrl = page.getAttribute('data-run-url');
  var english = page.getAttribute('data-english') === 'true';

  function $(id) {
    return document.getElementById(id);
  }

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

  function getJson(url) {
    return fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) {
        throw new Error('HTTP ' + r.status);
      }
      return r.json();
    });
  }

  // ---- a run still going: progress and cancel ----
  var status = page.getAttribute('data-status');
  if (status === 'QUEUED' || status === 'RUNNING') {
    var poll = function () {
      getJson(runUrl).then(function (run) {
        var p = Math.round((run.progress || 0) * 100);
        $('run-progress').value = p;
        $('run-percent').textContent = p + '%';
        $('run-stage').textContent = run.stage || '';
        if (run.status === 'QUEUED' || run.status === 'RUNNING') {
          window.setTimeout(poll, POLL_MS);
        } else {
          window.location.reload();
        }
      }).catch(function () {
        window.setTimeout(poll, POLL_MS * 4);
      });
    };
    window.setTimeout(poll, POLL_MS);
    $('run-cancel').addEventListener('click', function () {
      $('run-cancel').disabled = true;
      fetch(runUrl + '/cancel', { method: 'POST', headers: headers(false), credentials: 'same-origin' })
        .then(function () { window.location.reload(); });
    });
    return;
  }
  if (status !== 'DONE') {
    return;
  }

  // ---- charts ----
  var COLORS = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc',
    '#b3261e', '#0b57d0', '#5b6470'];

  function drawCharts(run) {
    if (!window.echarts) {
      return;
    }
    var profiles = run.profiles || [];
    var series = profiles.map(function (p) {
      return {
        name: (english ? p.labelEn : p.labelZh) || String(p.index + 1),
        type: 'scatter',
        symbolSize: 5,
        itemStyle: { color: COLORS[p.index % COLORS.length], opacity: 0.7 },
        data: (run.scatter || []).filter(function (s) { return s.profile === p.index; })
          .map(function (s) { return [s.x, s.y, s.caseNo]; })
      };
    });
    var scatter = window.echarts.init($('scatter-chart'), null, { renderer: 'canvas' });
    scatter.setOption({
      animation: false,
      tooltip: { trigger: 'item', formatter: function (p) { return p.seriesName + '<br>' + p.data[2]; } },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 40, right: 20, top: 20, bottom: 50 },
      xAxis: { type: 'value', scale: true, splitLine: { show: false } },
      yAxis: { type: 'value', scale: true, splitLine: { show: false } },
      series: series
    });

    var selection = run.kSelection || { scores: [] };
    var scores = selection.scores || [];
    var kChartElement = $('k-chart');
    var scoreName = kChartElement.getAttribute('data-score') || 'score';
    var secondaryName = kChartElement.getAttribute('data-secondary') || 'secondary';
    var kChart = window.echarts.init(kChartElement, null, { renderer: 'canvas' });
    var ks = scores.length ? scores.map(function (s) { return String(s.k); }) : [String(run.k)];
    kChart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 50, right: 50, top: 20, bottom: 50 },
      xAxis: { type: 'category', name: 'k', data: ks },
      yAxis: [{ type: 'value', name: scoreName, scale: true }, { type: 'value', name: secondaryName, scale: true, splitLine: { show: false } }],
      series: [
        {
          name: scoreName, type: 'line', data: scores.map(function (s) { return s.score; }),
          itemStyle: { color: '#b3261e' },
          markPoint: scores.length ? { data: [{ coord: [String(selection.chosen), scores.filter(function (s) { return s.k === selection.chosen; })
            .map(function (s) { return s.score; })[0]], value: 'k=' + selection.chosen }] } : undefined
        },
        { name: secondaryName, type: 'bar', yAxisIndex: 1, data: scores.map(function (s) { return s.secondary; }),
          itemStyle: { color: '#c9d3de' } }
      ]
    });
    window.addEventListener('resize', function () {
      scatter.resize();
      kChart.resize();
    });
  }

  getJson(runUrl).then(drawCharts).catch(function () { /* the cards are already on the page */ });

  // ---- save as segment ----
  var dialog = $('segment-dialog');
  var conditionsBox = $('segment-conditions');
  var labels = {};
  (conditionsBox.getAttribute('data-labels') || '').split('|').forEach(function (pair) {
    var i = pair.indexOf('=');
    if (i > 0) {
      labels[pair.substring(0, i)] = pair.substring(i + 1);
    }
  });
  var draft = null;

  function dmsg(key) {
    return dialog.getAttribute('data-msg-' + key) || key;
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function conditionRow(c, i) {
    var row = el('div', { 'class': 'condition', 'data-field': c.field });
    var use = el('label', { 'class': 'check' });
    var box = el('input', { type: 'checkbox', 'class': 'use' });
    box.checked = true;
    use.appendChild(box);
    use.appendChild(document.createTextNode(' ' + dmsg('remove')));
    row.appendChild(use);
    row.appendChild(el('span', { 'class': 'condition-label' }, labels[c.field] || c.field));
    if (c.field === 'age') {
      var range = c.op === 'eq' ? [c.values[0], c.values[0]] : (c.values || [null, null]);
      var ages = el('span', { 'class': 'ages' });
      var min = el('input', { type: 'number', min: '0', max: '120', 'class': 'min', 'aria-label': dmsg('min'), placeholder: dmsg('min') });
      var max = el('input', { type: 'number', min: '0', max: '120', 'class': 'max', 'aria-label': dmsg('max'), placeholder: dmsg('max') });
      min.value = range[0] === null || range[0] === undefined ? '' : range[0];
      max.value = range[1] === null || range[1] === undefined ? '' : range[1];
      ages.appendChild(min);
      ages.appendChild(el('span', {}, '–'));
      ages.appendChild(max);
      row.appendChild(ages);
    } else {
      var values = el('input', { type: 'text', 'class': 'values', title: dmsg('values'), id: 'condition-' + i });
      values.value = (c.values || []).join('、');
      row.appendChild(values);
    }
    return row;
  }

  function openDraft(index) {
    $('segment-message').hidden = true;
    $('segment-notice').hidden = true;
    getJson(dialog.getAttribute('data-draft-url') + index + '/segment-draft').then(function (d) {
      draft = d;
      $('segment-name').value = d.name || '';
      $('segment-description').value = d.description || '';
      $('segment-match').value = d.rule && d.rule.any ? 'ANY' : 'ALL';
      conditionsBox.replaceChildren();
      ((d.rule && (d.rule.all || d.rule.any)) || []).forEach(function (c, i) {
        conditionsBox.appendChild(conditionRow(c, i));
      });
      dialog.showModal();
    }).catch(function (e) {
      $('segment-notice-text').textContent = dmsg('failed') + ': ' + e.message;
      $('segment-notice').hidden = false;
    });
  }

  function number(input) {
    return input.value === '' ? null : parseInt(input.value, 10);
  }

  function edited() {
    var conditions = [];
    Array.prototype.forEach.call(conditionsBox.querySelectorAll('.condition'), function (row) {
      if (!row.querySelector('.use').checked) {
        return;
      }
      var field = row.getAttribute('data-field');
      if (field === 'age') {
        conditions.push({ field: field, op: 'between', values: [number(row.querySelector('.min')), number(row.querySelector('.max'))] });
      } else {
        var values = row.querySelector('.values').value.split(/[,，、;；\n]/).map(function (v) { return v.trim(); })
          .filter(function (v) { return v.length > 0; });
        conditions.push({ field: field, op: 'in', values: values });
      }
    });
    return {
      name: $('segment-name').value,
      description: $('segment-description').value,
      rule: $('segment-match').value === 'ANY' ? { any: conditions } : { all: conditions },
      interest: draft ? draft.interest : null,
      source: draft ? draft.source : null
    };
  }

  Array.prototype.forEach.call(document.querySelectorAll('.save-segment'), function (button) {
    button.addEventListener('click', function () {
      openDraft(button.getAttribute('data-index'));
    });
  });

  $('segment-close').addEventListener('click', function () {
    dialog.close();
  });

  $('segment-save').addEventListener('click', function () {
    $('segment-save').disabled = true;
    fetch(page.getAttribute('data-segments-url'), {
      method: 'POST', headers: headers(true), credentials: 'same-origin', body: JSON.stringify(edited())
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        $('segment-save').disabled = false;
        if (response.status === 201 && body) {
          dialog.close();
          $('segment-notice-text').textContent = dmsg('saved') + ' ' + body.name;
          $('segment-notice').hidden = false;
        } else {
          $('segment-message').textContent = dmsg('failed') + ': ' + (body && body.message ? body.message : 'HTTP ' + response.status);
          $('segment-message').hidden = false;
        }
      });
    }).catch(function () {
      $('segment-save').disabled = false;
      $('segment-message').textContent = dmsg('failed');
      $('segment-message').hidden = false;
    });
  });
})();
