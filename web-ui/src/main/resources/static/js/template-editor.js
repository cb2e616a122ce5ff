// The warning editor's live counter: asks the server (POST /api/templates/preview) as the user types, debounced,
// and shows encoding, characters, parts, every broken rule and what the HTML cleaner would remove.
// The server is the authority: the same checks run again when the form is saved.
(function () {
  'use strict';

  var form = document.getElementById('template-form');
  if (!form) {
    return;
  }
  var url = form.getAttribute('data-preview-url');
  var channel = document.getElementById('template-channel');
  var signatureField = document.getElementById('signature-field');
  var timer = null;
  var sequence = 0;

  function ruleText(rule) {
    var li = document.querySelector('#rule-texts li[data-rule="' + rule + '"]');
    return li ? li.textContent : rule;
  }

  function format(id, args) {
    var text = document.getElementById(id).textContent;
    return text.replace(/\{(\d)\}/g, function (m, i) { return args[Number(i)]; });
  }

  function setText(id, value) {
    var el = document.getElementById(id);
    if (el) {
      el.textContent = value;
    }
  }

  function kind() {
    var option = channel.options[channel.selectedIndex];
    return option ? option.getAttribute('data-kind') : 'SMS';
  }

  function toggleSignature() {
    signatureField.hidden = kind() !== 'SMS';
  }

  function show(check) {
    setText('count-encoding', check.encoding);
    setText('count-characters', String(check.characters));
    setText('count-parts', String(check.parts));
    var detail = document.getElementById('count-detail') || document.getElementById('count-detail-empty');
    if (detail) {
      detail.id = 'count-detail';
      detail.textContent = check.sms ? format('detail-text', [check.sms.units, check.sms.perPart, check.sms.remaining]) : '';
    }
    setText('count-forcing', check.sms && check.sms.forcingUcs2.length ? format('forcing-text', [check.sms.forcingUcs2.join(' ')]) : '');

    var problems = document.getElementById('template-problems');
    problems.textContent = '';
    check.problems.forEach(function (p) {
      var li = document.createElement('li');
      li.setAttribute('data-rule', p.rule);
      var strong = document.createElement('strong');
      strong.textContent = ruleText(p.rule);
      var span = document.createElement('span');
      span.className = 'small';
      span.textContent = ' ' + p.message;
      li.appendChild(strong);
      li.appendChild(span);
      problems.appendChild(li);
    });
    document.getElementById('template-ok').hidden = check.problems.length > 0;

    var removed = document.getElementById('template-removed');
    removed.textContent = '';
    check.removed.forEach(function (r) {
      var li = document.createElement('li');
      li.textContent = r;
      removed.appendChild(li);
    });
    document.getElementById('template-removed-none').hidden = check.removed.length > 0;
    document.getElementById('template-counter').setAttribute('data-state', 'fresh');
  }

  function preview() {
    var mine = ++sequence;
    var csrf = window.qiandai.csrf();
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    if (csrf.header && csrf.token) {
      headers[csrf.header] = csrf.token;
    }
    var body = {
      name: form.elements.name.value,
      channel: channel.value,
      language: form.elements.language.value,
      body: form.elements.body.value,
      signature: form.elements.signature.value
    };
    fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (check) {
        if (check && mine === sequence) {
          show(check);
        }
      })
      .catch(function () { /* the counter stays as it was; saving still checks everything */ });
  }

  function changed() {
    toggleSignature();
    document.getElementById('template-counter').setAttribute('data-state', 'pending');
    clearTimeout(timer);
    timer = setTimeout(preview, 250);
  }

  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  toggleSignature();
})();
