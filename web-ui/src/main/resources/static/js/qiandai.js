// Shared page behaviour. Loaded on every page; no inline script is allowed by the CSP.
(function () {
  'use strict';

  function meta(name) {
    var el = document.querySelector('meta[name="' + name + '"]');
    return el ? el.getAttribute('content') : null;
  }

  /** The session's CSRF header and token, for scripts that POST. */
  window.qiandai = {
    csrf: function () {
      return { header: meta('_csrf_header'), token: meta('_csrf') };
    }
  };

  // htmx requests carry the CSRF token too (GETs do not need it, but any future hx-post will).
  document.addEventListener('htmx:configRequest', function (event) {
    var csrf = window.qiandai.csrf();
    if (csrf.header && csrf.token) {
      event.detail.headers[csrf.header] = csrf.token;
    }
  });
})();
