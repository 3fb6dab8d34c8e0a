// Words a page's script shows, translated by the server into the page's language and put on
// the page as <script type="application/json" id="page-text">{"key": "… {name} …"}</script>.
// PageText.from("page-text") gives text(key, {name: value}); a missing key shows the key;
// text.label(vocabulary, value) says a stored value ("no_show") by its vocabulary's label.
// PageText.shared(key) reads the words every page carries for http.js and money.js;
// PageText.time/date/dateTime(value) write an ISO timestamp for the page's reader.
(function () {
  "use strict";

  function from(id) {
    const element = document.getElementById(id);
    const texts = element ? JSON.parse(element.textContent) : {};
    const has = (key) => Object.prototype.hasOwnProperty.call(texts, key);
    function text(key, params = {}) {
      const template = has(key) ? texts[key] : key;
      return template.replace(/\{(\w+)\}/g, (all, name) => (name in params ? String(params[name]) : all));
    }
    // A stored value ("no_show") by the first vocabulary the page was given that has it
    // ("ticket_status.no_show"); one no vocabulary labels reads as itself, "_" as spaces.
    text.label = (vocabularies, value) => {
      const key = [].concat(vocabularies).map((v) => `${v}.${value}`).find(has);
      return key ? text(key) : String(value).replace(/_/g, " ");
    };
    return text;
  }

  // Dates and times in the page's language (<html lang>), its zone (<html data-timezone>),
  // the Gregorian calendar and Latin digits, as the server (Babel) writes them.
  function formatter(options) {
    const root = document.documentElement;
    return new Intl.DateTimeFormat(root.lang || undefined, {
      numberingSystem: "latn", calendar: "gregory", timeZone: root.dataset.timezone || undefined,
      ...options});
  }
  const formats = {};
  function format(kind, options) {
    return (value) => {
      formats[kind] = formats[kind] || formatter(options);
      return value === null || value === undefined ? "" : formats[kind].format(new Date(value));
    };
  }

  window.PageText = Object.freeze({
    from,
    // The words of http.js and money.js, which every page carries (shared/web/i18n.py).
    shared: (key, params) => from("shared-text")(key, params),
    time: format("time", {hour: "2-digit", minute: "2-digit"}),
    date: format("date", {dateStyle: "medium"}),
    dateTime: format("dateTime", {dateStyle: "medium", timeStyle: "short"}),
  });
})();
