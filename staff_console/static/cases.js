// The risk cases page: the branch's open cases, refetched over /api/staff/fraud whenever the
// /staff socket says a case opened or closed (the events carry no customer data).
(function () {
  "use strict";
  const root = document.getElementById("cases-page");
  // Words from the server in the page's language (staff_console/page_text/cases.py).
  const text = PageText.from("page-text");
  const label = text.label;
  const locale = root.dataset.locale;
  const canOpenProfiles = root.dataset.canOpenProfiles === "yes";
  const list = document.getElementById("cases");
  const template = document.getElementById("case-template");
  const status = document.getElementById("live-status");

  function put(el, value) { el.textContent = value == null ? "" : String(value); }
  function show(id, problem) { Http.showError(document.getElementById(id), problem); }

  // The figures that made the rule fire, as the rule's sentence (none for a rule we lack).
  function evidence(c) {
    const e = c.evidence || {};
    const money = (minor) => (minor == null ? "" : Money.format(minor, c.currency, locale));
    // A customer with no payment in 90 days has no "largest" to compare with.
    const first = c.rule === "unusual_amount" && !e.largest_90d_minor ? "_first" : "";
    const key = `evidence.${c.rule}${first}`;
    const sentence = text(key, Object.assign({}, e, {
      amount: money(e.amount_minor), largest: money(e.largest_90d_minor),
      from: money(e.from_minor), limit: money(e.limit_minor),
      issued: e.card_issued_at ? PageText.date(e.card_issued_at) : ""}));
    return sentence === key ? "" : sentence;
  }

  // One fact of a case; `data` values (names, codes, amounts) read the same in every language.
  function fact(dl, name, value, data) {
    if (value === "" || value == null) return;
    const dt = document.createElement("dt"); put(dt, name);
    const dd = document.createElement("dd");
    if (value instanceof Node) dd.append(value); else put(dd, value);
    if (data) dd.setAttribute("translate", "no");
    dl.append(dt, dd);
  }

  function customer(c) {
    if (!c.customer_name) return "";
    if (!canOpenProfiles || c.customer_id == null) return c.customer_name;
    const link = document.createElement("a");
    link.href = `/staff/customers/${c.customer_id}?reason=fraud_case`;
    put(link, c.customer_name);
    return link;
  }

  function caseCard(c) {
    const el = template.content.firstElementChild.cloneNode(true);
    el.dataset.caseId = c.id;
    el.classList.add(c.rule);
    put(el.querySelector(".rule"), label("fraud_rule", c.rule));
    put(el.querySelector(".when"), PageText.dateTime(c.last_hit_at));
    put(el.querySelector(".evidence"), evidence(c));
    const dl = el.querySelector(".details");
    if (c.hits > 1) fact(dl, text("opened"), PageText.dateTime(c.opened_at));
    fact(dl, text("kiosk"), c.device_code, true);
    fact(dl, text("customer"), customer(c), true);
    fact(dl, text("staff_member"), c.staff_name, true);
    if (c.amount_minor) fact(dl, text("amount"), Money.format(c.amount_minor, c.currency, locale), true);
    fact(dl, text("hits"), c.hits, true);
    fact(dl, text("step_up"), text(c.step_up ? "yes" : "no"));
    const note = el.querySelector(".note");
    el.querySelector(".genuine").addEventListener("click", () => close(el, c, "genuine", note.value));
    el.querySelector(".fraud").addEventListener("click", () => close(el, c, "fraud", note.value));
    return el;
  }

  function actionError(el, problem) { Http.showError(el.querySelector(".action-error"), problem, el); }

  async function close(el, c, outcome, note) {
    actionError(el, "");
    el.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    try {
      await StaffApi.post(`/api/staff/fraud/cases/${c.id}/close`, {status: outcome, note});
      show("cases-info", text("closed_as", {id: c.id, status: label("case_status", outcome)}));
      await load();
    } catch (e) {
      actionError(el, e);
      el.querySelectorAll("button").forEach((b) => { b.disabled = false; });
      if (e.status === 404 || e.status === 409) await load();  // closed elsewhere meanwhile
    }
  }

  async function load() {
    try {
      const cases = await StaffApi.get("/api/staff/fraud/cases");
      // A note being typed survives a refresh that another case's event caused.
      const notes = new Map([...list.querySelectorAll("[data-case-id]")].map(
        (el) => [el.dataset.caseId, el.querySelector(".note").value]));
      const cards = cases.map(caseCard);
      cards.forEach((el) => { el.querySelector(".note").value = notes.get(el.dataset.caseId) || ""; });
      if (cards.length) list.replaceChildren(...cards);
      else {
        const li = document.createElement("li"); li.className = "empty"; put(li, text("none_open"));
        list.replaceChildren(li);
      }
      list.removeAttribute("aria-busy");
      CaseCount.set(cases.length);
      show("cases-error", "");
    } catch (e) { show("cases-error", text("cases_failed", {reason: e.message})); }
  }

  let pending = null;
  function refreshSoon() { clearTimeout(pending); pending = setTimeout(load, 150); }
  const socket = StaffLive.connect(status, text, load);
  CaseCount.follow(socket, refreshSoon);
  load();
})();
