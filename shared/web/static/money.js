// Money as people read it, in the browser: the twin of shared/money/format.py (Babel).
// Amounts travel as integer minor units with their ISO 4217 currency code; the server
// names the currency and the locale (data-currency, data-locale) and nothing else on a
// page writes a currency symbol or assumes two decimals. GBP has two decimals, KRW none.
(function () {
  "use strict";
  // Messages in the page's language: text.js and the page's #shared-text, read when shown.
  const sharedText = (key, params) => window.PageText.shared(key, params);
  const SPACES = /^[\s\u00a0\u202f]+$/;
  const formatters = new Map();

  // A typed amount that is not a number, or has more decimals than its currency.
  class BadAmount extends Error {
    constructor(message) { super(message); this.name = "BadAmount"; }
  }

  function numberFormat(currency, locale) {
    return new Intl.NumberFormat(locale, {
      style: "currency", currency,
      // Babel, which writes the server's texts, groups every thousand and writes Latin
      // digits; ICU would leave "1234,50 €" ungrouped in Italian (CLDR's
      // minimumGroupingDigits) and write Arabic-Indic digits in ar-SA. Both follow Babel.
      useGrouping: "always", numberingSystem: "latn",
    });
  }

  // CLDR's currencySpacing rule puts a no-break space between a currency written in
  // letters and the digits ("BHD 1,234.567"); ICU applies it, Babel does not. Pages must
  // read like the server's texts, so that one space goes. A space the locale's own pattern
  // holds stays (de-CH "CHF 1'234.50"): the dollar's narrow sign "$" is a symbol the rule
  // never fires on, so its parts show the bare pattern.
  function patternHasSpace(locale) {
    const parts = new Intl.NumberFormat(locale, {style: "currency", currency: "USD",
      currencyDisplay: "narrowSymbol", numberingSystem: "latn"}).formatToParts(1);
    return parts.some((part, i) => part.type === "literal" && SPACES.test(part.value) &&
      [parts[i - 1], parts[i + 1]].some((p) => p && p.type === "currency"));
  }

  // Babel also writes every negative amount with the ASCII "-" of the pattern where ICU
  // writes the locale's minus sign: U+2212 in Swedish, and in Hebrew, Arabic and Persian
  // a left-to-right mark before it (ICU puts that mark in the literal ahead of the sign).
  function likeBabel(parts, keepSpace) {
    const nextToCurrency = (i) => [parts[i - 1], parts[i + 1]].some((p) => p && p.type === "currency");
    return parts.map((part, i) => {
      if (part.type === "minusSign") return "-";
      if (part.type !== "literal") return part.value;
      if (!keepSpace && SPACES.test(part.value) && nextToCurrency(i)) return "";
      const beforeMinus = parts[i + 1] && parts[i + 1].type === "minusSign";
      return beforeMinus ? part.value.replace(/\u200e$/, "") : part.value;
    });
  }

  // "-123456" with 2 decimals -> "-1234.56", exactly: Intl formats decimal strings as
  // written, where minor / 100 would be a binary fraction.
  function decimalString(minor, exponent) {
    // A programmer's mistake (amounts from the server are whole minor units), not a customer's.
    if (!Number.isSafeInteger(minor)) throw new TypeError(`${minor} is not a whole number of minor units`);
    const digits = String(Math.abs(minor)).padStart(exponent + 1, "0");
    const whole = digits.slice(0, digits.length - exponent);
    const fraction = exponent ? "." + digits.slice(digits.length - exponent) : "";
    return (minor < 0 ? "-" : "") + whole + fraction;
  }

  function escape(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function separators(locale) {
    const parts = new Intl.NumberFormat(locale, {numberingSystem: "latn"}).formatToParts(12345.6);
    const find = (type) => (parts.find((p) => p.type === type) || {}).value;
    return {group: find("group") || ",", decimal: find("decimal") || "."};
  }

  function createFormatter(currency, locale) {
    const intl = numberFormat(currency, locale);
    const exponent = intl.resolvedOptions().maximumFractionDigits;
    const keepSpace = patternHasSpace(locale);
    const symbol = intl.formatToParts(0).find((p) => p.type === "currency").value;
    const {group, decimal} = separators(locale);
    const example = exponent ? `20${decimal}${"5".padEnd(exponent, "0")}` : "20";

    function format(minor) {
      const parts = intl.formatToParts(decimalString(Number(minor), exponent));
      return likeBabel(parts, keepSpace).join("");
    }

    // "1,234.5" -> 123450 (GBP); refuses "12.345" in GBP and "1.5" in KRW, as to_minor does.
    // Grouping is taken only in its places, so "20.50" typed in German is refused, never
    // read as 2050 euros.
    const groupSign = SPACES.test(group) ? "[\\s\\u00a0\\u202f]" : escape(group);  // fr: 1 234,50
    const grouped = new RegExp(`^(\\d{1,3}(?:${groupSign}\\d{3})*|\\d+)(?:${escape(decimal)}(\\d*))?$`);
    function parse(text) {
      const typed = String(text == null ? "" : text).split(symbol).join("")
        .replace(/^[\s\u00a0\u202f]+|[\s\u00a0\u202f]+$/g, "");
      const match = grouped.exec(typed);
      if (!match) throw new BadAmount(sharedText("amount_example", {example}));
      const fraction = (match[2] || "").replace(/0+$/, "");
      if (fraction.length > exponent) {
        throw new BadAmount(exponent ? sharedText("amount_decimals", {currency, exponent})
          : sharedText("amount_no_decimals", {currency}));
      }
      const minor = Number(match[1].replace(/\D/g, "") + fraction.padEnd(exponent, "0"));
      if (!Number.isSafeInteger(minor)) throw new BadAmount(sharedText("amount_too_large"));
      return minor;
    }

    return Object.freeze({currency, locale, exponent, symbol, format, parse});
  }

  // The formatter for one currency in one locale (cached: Intl objects are slow to build).
  function formatter(currency, locale) {
    if (!currency || !locale) throw new Error("Money needs the currency and the locale from the server");
    const key = `${currency}|${locale}`;
    if (!formatters.has(key)) formatters.set(key, createFormatter(currency, locale));
    return formatters.get(key);
  }

  window.Money = Object.freeze({
    BadAmount,
    formatter,
    // The currency and locale the server put on an element: data-currency, data-locale.
    fromElement: (element) => formatter(element.dataset.currency, element.dataset.locale),
    format: (minor, currency, locale) => formatter(currency, locale).format(minor),
    parse: (text, currency, locale) => formatter(currency, locale).parse(text),
    exponent: (currency) => formatter(currency, "en").exponent,
    symbol: (currency, locale) => formatter(currency, locale).symbol,
  });
})();
