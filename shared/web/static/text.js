// Words a page's script shows, translated by the server into the page's language and put on
// the page as <script type="application/json" id="page-text">{"key": "… {name} …"}</script>.
// PageText.from("page-text") gives text(key, {name: value}); a missing key shows the key.
(function () {
  "use strict";

  function from(id) {
    const element = document.getElementById(id);
    const texts = element ? JSON.parse(element.textContent) : {};
    return function text(key, params = {}) {
      const template = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
      return template.replace(/\{(\w+)\}/g, (all, name) => (name in params ? String(params[name]) : all));
    };
  }

  window.PageText = Object.freeze({from});
})();
