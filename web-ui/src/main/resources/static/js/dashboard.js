// The leaders' dashboard: draws reach over time, by channel, district and target group, the delivery funnel and the
// case trend (campaign periods shaded) with ECharts, from /api/analytics/*, for the filters the page was opened with.
// Measured reach, partner impressions (reported) and offline audiences (estimated) are always separate series.
(function () {
  'use strict';

  var page = document.getElementById('dashboard');
  var labelsBox = document.getElementById('chart-labels');
  if (!page || !labelsBox || !window.echarts) {
    return;
  }
  function label(name) {
    return labelsBox.getAttribute('data-' + name) || name;
  }
  var COLORS = { measured: '#b3261e', delivered: '#f0a39c', impressions: '#0b57d0', estimated: '#3ba272', cases: '#5b6470', losses: '#fac858' };
  var TEXT = { fontSize: 14, color: '#1f2328' };
  var charts = [];

  function query(extra) {
    var params = new URLSearchParams();
    ['from', 'to', 'campaign', 'district'].forEach(function (key) {
      var value = page.getAttribute('data-' + key);
      if (value) {
        params.set(key === 'campaign' ? 'campaignId' : key, value);
      }
    });
    Object.keys(extra || {}).forEach(function (key) {
      if (extra[key] === null) {
        params.delete(key);
      } else {
        params.set(key, extra[key]);
      }
    });
    return '?' + params.toString();
  }

  function getJson(url) {
    return fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) {
        throw new Error('HTTP ' + r.status);
      }
      return r.json();
    });
  }

  function chart(id) {
    var element = document.getElementById(id);
    if (!element) {
      return null;
    }
    var c = window.echarts.init(element, null, { renderer: 'canvas' });
    charts.push(c);
    return c;
  }

  function empty(c, text) {
    c.setOption({ title: { text: text, left: 'center', top: 'middle', textStyle: { color: '#5b6470', fontSize: 16, fontWeight: 'normal' } } });
  }

  function failed(id) {
    var c = chart(id);
    if (c) {
      empty(c, label('load-failed'));
    }
  }

  function base() {
    return { animation: false, textStyle: TEXT, tooltip: { trigger: 'axis', textStyle: { fontSize: 14 } }, legend: { bottom: 0, textStyle: TEXT } };
  }

  // ---- reach over time: measured reach (bars) and partner impressions (line, own axis) ----
  function overTime(report) {
    var c = chart('chart-time');
    var rows = report.rows || [];
    if (!rows.some(function (r) { return r.measuredReach || r.impressions || r.estimated; })) {
      empty(c, label('no-data'));
      return;
    }
    var option = base();
    option.grid = { left: 70, right: 70, top: 30, bottom: 60 };
    option.xAxis = { type: 'category', data: rows.map(function (r) { return r.key; }), axisLabel: { fontSize: 13 } };
    option.yAxis = [{ type: 'value', name: label('measured'), nameTextStyle: TEXT, axisLabel: { fontSize: 13 } },
      { type: 'value', name: label('impressions'), nameTextStyle: TEXT, axisLabel: { fontSize: 13 }, splitLine: { show: false } }];
    option.series = [
      { name: label('measured'), type: 'bar', data: rows.map(function (r) { return r.measuredReach; }), itemStyle: { color: COLORS.measured } },
      { name: label('impressions'), type: 'line', yAxisIndex: 1, data: rows.map(function (r) { return r.impressions; }),
        itemStyle: { color: COLORS.impressions }, lineStyle: { width: 3 } },
      { name: label('estimated'), type: 'line', yAxisIndex: 1, data: rows.map(function (r) { return r.estimated; }),
        itemStyle: { color: COLORS.estimated }, lineStyle: { width: 3, type: 'dashed' } }
    ];
    c.setOption(option);
  }

  // ---- a breakdown as horizontal bars: measured reach on the lower axis, partner and offline figures on an axis of
  // their own above (they are far larger and of another kind: never added to it, never on its scale) ----
  function breakdown(id, report, withOthers) {
    var c = chart(id);
    var rows = (report.rows || []).slice(0, 15).reverse();
    if (!rows.length) {
      empty(c, label('no-data'));
      return;
    }
    var option = base();
    option.tooltip.axisPointer = { type: 'shadow' };
    option.grid = { left: 150, right: 40, top: withOthers ? 40 : 10, bottom: 60 };
    option.yAxis = { type: 'category', data: rows.map(function (r) { return r.label || r.key; }), axisLabel: { fontSize: 14, width: 140, overflow: 'truncate' } };
    option.xAxis = [{ type: 'value', name: label('measured'), nameLocation: 'middle', nameGap: 28, nameTextStyle: { fontSize: 13, color: COLORS.measured },
      axisLabel: { fontSize: 13, color: COLORS.measured } }];
    option.series = [{ name: label('measured'), type: 'bar', xAxisIndex: 0, data: rows.map(function (r) { return r.measuredReach; }),
      itemStyle: { color: COLORS.measured }, label: { show: true, position: 'right', fontSize: 13 } }];
    if (withOthers) {
      option.xAxis.push({ type: 'value', position: 'top', splitLine: { show: false }, axisLabel: { fontSize: 12, color: COLORS.impressions } });
      option.series.push({ name: label('impressions'), type: 'bar', xAxisIndex: 1, data: rows.map(function (r) { return r.impressions; }),
        itemStyle: { color: COLORS.impressions, opacity: 0.75 } });
      option.series.push({ name: label('estimated'), type: 'bar', xAxisIndex: 1, data: rows.map(function (r) { return r.estimated; }),
        itemStyle: { color: COLORS.estimated, opacity: 0.75 } });
    }
    c.setOption(option);
  }

  // ---- the funnel of the period's pushes together ----
  function funnel(pushes) {
    var c = chart('chart-funnel');
    var total = { queued: 0, sent: 0, delivered: 0, failed: 0 };
    pushes.forEach(function (p) {
      total.queued += p.queued;
      total.sent += p.sent;
      total.delivered += p.delivered;
      total.failed += p.failed + p.undelivered + p.expired;
    });
    if (!total.queued) {
      empty(c, label('no-data'));
      return;
    }
    c.setOption({
      animation: false, textStyle: TEXT,
      tooltip: { trigger: 'item', textStyle: { fontSize: 14 } },
      series: [{ type: 'funnel', left: '10%', width: '60%', top: 20, bottom: 20, sort: 'none', gap: 4,
        label: { show: true, position: 'right', fontSize: 14, formatter: '{b}: {c}' },
        data: [{ name: label('queued'), value: total.queued, itemStyle: { color: '#c9d3de' } },
          { name: label('sent'), value: total.sent, itemStyle: { color: '#f0a39c' } },
          { name: label('funnel-delivered'), value: total.delivered, itemStyle: { color: COLORS.measured } },
          { name: label('failed'), value: total.failed, itemStyle: { color: '#5b6470' } }] }]
    });
  }

  // ---- cases and losses per month with the campaigns' periods shaded ----
  function cases(effect) {
    var c = chart('chart-cases');
    var trend = effect.trend || {};
    var months = trend.months || [];
    if (!months.length || !(trend.cases || []).some(function (n) { return n > 0; })) {
      empty(c, label('no-data'));
      return;
    }
    var areas = (trend.campaigns || []).map(function (p) {
      var from = p.from.substring(0, 7);
      var to = p.to.substring(0, 7);
      if (from < months[0]) { from = months[0]; }
      if (to > months[months.length - 1]) { to = months[months.length - 1]; }
      return [{ name: p.name, xAxis: from }, { xAxis: to }];
    }).filter(function (a) { return a[0].xAxis <= a[1].xAxis; });
    var option = base();
    option.grid = { left: 70, right: 90, top: 40, bottom: 60 };
    option.xAxis = { type: 'category', data: months, axisLabel: { fontSize: 13 } };
    option.yAxis = [{ type: 'value', name: label('cases'), nameTextStyle: TEXT, axisLabel: { fontSize: 13 } },
      { type: 'value', name: label('losses'), nameTextStyle: TEXT, axisLabel: { fontSize: 13 }, splitLine: { show: false } }];
    option.series = [
      { name: label('cases'), type: 'line', data: trend.cases, itemStyle: { color: COLORS.measured }, lineStyle: { width: 3 },
        markArea: { itemStyle: { color: 'rgba(11, 87, 208, 0.10)' }, label: { show: false },
          emphasis: { label: { show: true, position: 'insideTop', fontSize: 14, color: '#0b57d0' } }, data: areas } },
      { name: label('losses'), type: 'bar', yAxisIndex: 1, data: trend.losses, itemStyle: { color: COLORS.losses, opacity: 0.7 } }
    ];
    c.setOption(option);
  }

  var reachUrl = page.getAttribute('data-reach-url');
  var unit = page.getAttribute('data-time-unit') || 'day';
  var district = page.getAttribute('data-district');
  getJson(reachUrl + query({ groupBy: unit })).then(overTime).catch(function () { failed('chart-time'); });
  getJson(reachUrl + query({ groupBy: 'channel', district: null })).then(function (r) { breakdown('chart-channel', r, true); })
    .catch(function () { failed('chart-channel'); });
  getJson(reachUrl + query({ groupBy: 'district' })).then(function (r) { breakdown('chart-district', r, true); })
    .catch(function () { failed('chart-district'); });
  getJson(reachUrl + query({ groupBy: 'segment', district: null })).then(function (r) { breakdown('chart-segment', r, false); })
    .catch(function () { failed('chart-segment'); });
  getJson(page.getAttribute('data-funnels-url') + query({ district: null })).then(funnel).catch(function () { failed('chart-funnel'); });
  var effectQuery = new URLSearchParams();
  if (page.getAttribute('data-campaign')) {
    effectQuery.set('campaignId', page.getAttribute('data-campaign'));
  }
  if (district) {
    effectQuery.set('district', district);
  }
  getJson(page.getAttribute('data-effect-url') + '?' + effectQuery.toString()).then(cases).catch(function () { failed('chart-cases'); });

  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
