// The segment editor: builds {"all"|"any": [conditions]} from the fields, asks POST /api/segments/count about 300 ms
// after the last change and shows the count and the rule in words; saves with POST or PUT /api/segments.
// One level of conditions; a saved rule with deeper nesting is shown in words and replaced when saved.
(function () {
  'use strict';

  var DEBOUNCE_MS = 300;
  var form = document.getElementById('segment-form');
  if (!form) {
    return;
  }
  var counter = document.getElementById('segment-counter');
  var timer = null;
  var asked = 0;

  function $(id) {
    return document.getElementById(id);
  }

  function msg(key) {
    return form.getAttribute('data-msg-' + key) || key;
  }

  function headers() {
    var h = { 'Accept': 'application/json', 'Content-Type': 'application/json' };
    var csrf = window.qiandai.csrf();
    if (csrf.header && csrf.token) {
      h[csrf.header] = csrf.token;
    }
    return h;
  }

  function list(text) {
    return (text || '').split(/[,，、;；]/).map(function (v) { return v.trim(); }).filter(function (v) { return v; });
  }

  function age(id) {
    var v = $(id).value.trim();
    return v === '' ? null : Number(v);
  }

  /** The rule the fields describe, or null when no condition is set. */
  function rule() {
    var conditions = [];
    var districts = Array.prototype.filter.call($('seg-district').options, function (o) { return o.selected; })
        .map(function (o) { return o.value; });
    if (districts.length) {
      conditions.push({ field: 'district', op: 'in', values: districts });
    }
    var min = age('seg-age-min');
    var max = age('seg-age-max');
    if (min !== null || max !== null) {
      conditions.push({ field: 'age', op: 'between', values: [min, max] });
    }
    var occupations = list($('seg-occupation').value);
    if (occupations.length) {
      conditions.push({ field: 'occupation', op: 'in', values: occupations });
    }
    if ($('seg-gender').value) {
      conditions.push({ field: 'gender', op: 'eq', values: [$('seg-gender').value] });
    }
    var educations = list($('seg-education').value);
    if (educations.length) {
      conditions.push({ field: 'education', op: 'in', values: educations });
    }
    if ($('seg-language').value) {
      conditions.push({ field: 'language', op: 'eq', values: [$('seg-language').value] });
    }
    if (!conditions.length) {
      return null;
    }
    var any = form.querySelector('input[name=match]:checked').value === 'any';
    return any ? { any: conditions } : { all: conditions };
  }

  function show(count, text, problem) {
    $('segment-count').textContent = count;
    $('segment-rule-text').textContent = text || '';
    $('segment-count-problem').textContent = problem || '';
  }

  function count() {
    var r = rule();
    var mine = ++asked;
    if (!r) {
      counter.setAttribute('data-state', 'empty');
      show('—', '', msg('no-conditions'));
      return;
    }
    counter.setAttribute('data-state', 'pending');
    $('segment-count-problem').textContent = msg('counting');
    fetch(form.getAttribute('data-count-url'), {
      method: 'POST', headers: headers(), credentials: 'same-origin', body: JSON.stringify({ rule: r })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (mine !== asked) {
          return; // a later edit has asked again
        }
        if (response.ok) {
          counter.setAttribute('data-state', 'done');
          show(Number(body.count).toLocaleString(), body.ruleText, '');
        } else {
          counter.setAttribute('data-state', 'refused');
          show('—', '', msg('count-failed') + ' ' + (body.message || 'HTTP ' + response.status));
        }
      });
    }).catch(function () {
      if (mine === asked) {
        counter.setAttribute('data-state', 'refused');
        show('—', '', msg('count-failed'));
      }
    });
  }

  function changed() {
    window.clearTimeout(timer);
    timer = window.setTimeout(count, DEBOUNCE_MS);
  }

  /** Fills the fields from a saved rule; false when it does not fit one level with one condition per attribute. */
  function fill(saved) {
    var group = saved.all || saved.any ? saved : { all: [saved] };
    var conditions = group.all || group.any;
    var seen = {};
    var fits = true;
    form.querySelector('input[name=match][value=' + (group.any ? 'any' : 'all') + ']').checked = true;
    conditions.forEach(function (c) {
      if (c.all || c.any || seen[c.field]) {
        fits = false;
        return;
      }
      seen[c.field] = true;
      var values = c.values || [];
      if (c.field === 'district') {
        Array.prototype.forEach.call($('seg-district').options, function (o) {
          o.selected = values.indexOf(o.value) >= 0;
        });
        values.forEach(function (v) {
          if (!Array.prototype.some.call($('seg-district').options, function (o) { return o.value === v; })) {
            $('seg-district').add(new Option(v, v, true, true));
          }
        });
      } else if (c.field === 'age') {
        var range = c.op === 'eq' ? [values[0], values[0]] : values;
        $('seg-age-min').value = range[0] === null || range[0] === undefined ? '' : range[0];
        $('seg-age-max').value = range[1] === null || range[1] === undefined ? '' : range[1];
      } else if (c.field === 'occupation' || c.field === 'education') {
        $('seg-' + c.field).value = values.join('、');
      } else if (c.field === 'gender' || c.field === 'language') {
        var select = $('seg-' + c.field);
        if (values.length !== 1) {
          fits = false;
        } else {
          if (!Array.prototype.some.call(select.options, function (o) { return o.value === values[0]; })) {
            select.add(new Option(values[0], values[0]));
          }
          select.value = values[0];
        }
      }
    });
    return fits;
  }

  form.addEventListener('input', changed);
  form.addEventListener('change', changed);

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    $('segment-refused').hidden = true;
    var body = { name: $('segment-name').value.trim(), description: $('segment-description').value.trim() || null, rule: rule() };
    $('segment-save').disabled = true;
    fetch(form.getAttribute('data-save-url'), {
      method: form.getAttribute('data-save-method') || 'POST', headers: headers(), credentials: 'same-origin', body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.ok) {
          window.location.assign(form.getAttribute('data-list-url') + '?saved=' + encodeURIComponent(answer.id));
          return;
        }
        $('segment-save').disabled = false;
        $('segment-refused-text').textContent = answer.message || ('HTTP ' + response.status);
        $('segment-refused').hidden = false;
      });
    }).catch(function () {
      $('segment-save').disabled = false;
      $('segment-refused-text').textContent = msg('failed');
      $('segment-refused').hidden = false;
    });
  });

  var loadUrl = form.getAttribute('data-load-url');
  if (loadUrl) {
    fetch(loadUrl, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (response) { return response.json(); })
      .then(function (saved) {
        if (saved.rule && !fill(saved.rule) && $('segment-nested')) {
          $('segment-nested').hidden = false;
        }
        count();
      });
  } else {
    count();
  }
})();
