// The teller desk: the queue with kiosk context, counter actions and cash reconciliation.
// Data and actions go over /api/staff/desk; the /staff socket only says "something changed".
(function () {
  "use strict";
  const root = document.getElementById("desk");
  // Words from the server in the page's language (staff_console/page_text/desk.py).
  const text = PageText.from("page-text");
  const locale = root.dataset.locale;
  // Notes to count when a suspect planned none (a deposit): what the kiosks' acceptors take.
  const kioskNotes = (root.dataset.kioskNotes || "").split(" ").filter(Boolean);
  const canReconcile = root.dataset.canReconcile === "yes";
  const counterInput = document.getElementById("counter");
  const ticketTemplate = document.getElementById("ticket-template");
  const suspectTemplate = document.getElementById("suspect-template");
  const status = document.getElementById("live-status");
  counterInput.value = localStorage.getItem("desk.counter") || counterInput.value;
  counterInput.addEventListener("change", () => { localStorage.setItem("desk.counter", counter()); load(); });

  function counter() { return counterInput.value.trim(); }
  function put(el, value) { el.textContent = value == null ? "" : String(value); }
  function show(id, problem) { Http.showError(document.getElementById(id), problem); }
  function minutes(seconds) {
    if (seconds == null) return "";
    return seconds <= 0 ? text("next") : text("about_minutes", {minutes: Math.ceil(seconds / 60)});
  }
  const label = text.label;

  function facts(dl, rows) {
    dl.replaceChildren();
    rows.forEach((row) => {
      const dt = document.createElement("dt"); put(dt, row.label);
      const dd = document.createElement("dd"); put(dd, row.value);
      dl.append(dt, dd);
    });
  }

  function ticketCard(t, mine) {
    const el = ticketTemplate.content.firstElementChild.cloneNode(true);
    el.dataset.ticketId = t.id; el.classList.add(t.status);
    put(el.querySelector(".number"), t.number);
    put(el.querySelector(".service"), text("service_reason", {
      service: label("service", t.service), reason: label("ticket_reason", t.reason)}));
    put(el.querySelector(".status"), t.status === "transferred" && t.counter
      ? text("for_counter", {counter: t.counter}) : label("ticket_status", t.status));
    el.querySelector(".priority").hidden = !t.priority;
    put(el.querySelector(".wait"), t.status === "waiting" || t.status === "transferred"
      ? minutes(t.estimated_wait_seconds) : text("at_counter", {counter: t.counter}));
    // The context names its kiosk when the kiosk wrote it there; else the ticket's kiosk leads.
    const hasKiosk = t.context.some((row) => row.value === t.kiosk);
    const rows = t.kiosk && !hasKiosk
      ? [{label: text("kiosk"), value: t.kiosk}, ...t.context] : t.context;
    facts(el.querySelector(".context"), rows);
    if (mine) {
      el.querySelector(".counter-actions").hidden = false;
      el.querySelector(".transfer-actions").hidden = false;
      el.querySelector(".serve").hidden = t.status !== "called";
      el.querySelector(".no-show").hidden = t.status !== "called";
      const act = (path, body) => action(el, `/api/staff/desk/tickets/${t.id}/${path}`, body);
      el.querySelector(".serve").addEventListener("click", () => act("serve"));
      el.querySelector(".no-show").addEventListener("click", () => act("no-show"));
      el.querySelector(".close").addEventListener("click", () => act("close", {
        outcome: el.querySelector(".outcome").value, note: el.querySelector(".note").value}));
      el.querySelector(".transfer").addEventListener("click", () => {
        const body = {note: el.querySelector(".note").value};
        const service = el.querySelector(".to-service").value;
        const to = el.querySelector(".to-counter").value.trim();
        if (service) body.to_service = service;
        if (to) body.to_counter = to;
        if (!service && !to) { actionError(el, text("transfer_where")); return; }
        act("transfer", body);
      });
    }
    return el;
  }

  // A card's problem, in its own box; the card's refused inputs (data-field) are marked.
  function actionError(el, problem) { Http.showError(el.querySelector(".action-error"), problem, el); }

  async function action(el, url, body) {
    actionError(el, "");
    el.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    try { await StaffApi.post(url, body || {}); await load(); }
    catch (e) { actionError(el, e); el.querySelectorAll("button").forEach((b) => { b.disabled = false; }); }
  }

  function fill(list, items, empty) {
    if (items.length) list.replaceChildren(...items);
    else {
      const li = document.createElement("li"); li.className = "empty"; put(li, empty);
      list.replaceChildren(li);
    }
  }

  async function load() {
    try {
      const q = await StaffApi.get(`/api/staff/desk/queue?counter=${encodeURIComponent(counter())}`);
      const mine = q.active.filter((t) => t.counter === counter());
      const others = q.active.filter((t) => t.counter !== counter());
      fill(document.getElementById("mine"), mine.map((t) => ticketCard(t, true)),
        text("none_mine"));
      fill(document.getElementById("waiting"), q.waiting.map((t) => ticketCard(t, false)),
        text("none_waiting"));
      fill(document.getElementById("others"), others.map((t) => {
        const li = document.createElement("li"); li.dataset.ticketId = t.id;
        const strong = document.createElement("strong"); put(strong, t.number);
        li.append(strong, " ", text("counter_status", {
          counter: t.counter, status: label("ticket_status", t.status)}));
        return li;
      }), text("none_elsewhere"));
      put(document.getElementById("waiting-count"), q.waiting.length);
      put(document.getElementById("estimate"),
        q.waiting.length ? minutes(q.estimated_wait_seconds) : text("no_estimate"));
      show("desk-error", "");
    } catch (e) { show("desk-error", text("queue_failed", {reason: e.message})); }
    if (canReconcile) await loadSuspects();
  }

  function suspectCard(s) {
    const el = suspectTemplate.content.firstElementChild.cloneNode(true);
    const money = Money.formatter(s.currency, locale);
    el.dataset.suspectId = s.id;
    put(el.querySelector(".title"), text("suspect_title", {kind: label("cash_kind", s.kind),
      amount: money.format(s.amount_minor), kiosk: s.kiosk_code}));
    put(el.querySelector(".state"),
      text("kiosk_status", {status: label("device_status", s.kiosk_status)}));
    put(el.querySelector(".reason"),
      text("suspect_reason", {reason: s.reason, ending: s.account_ending}));
    const planned = Object.entries(s.planned_notes)
      .map(([d, n]) => text("notes", {count: n, note: money.format(Number(d))})).join(", ");
    facts(el.querySelector(".report"),
      [...(planned ? [{label: text("planned_notes"), value: planned}] : []), ...s.device_report]);
    const outcomes = el.querySelector(".outcomes");
    s.outcomes.forEach((o, i) => {
      const choice = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio"; input.name = `outcome-${s.id}`; input.value = o;
      choice.append(input, " ", label("cash_finding", o)); outcomes.append(choice);
    });
    const counts = el.querySelector(".counts");
    const denominations = Object.keys(s.planned_notes).length ? Object.keys(s.planned_notes) : kioskNotes;
    denominations.forEach((d) => {
      const field = document.createElement("label");
      const input = document.createElement("input");
      input.type = "number"; input.min = "0"; input.step = "1"; input.dataset.denomination = d; input.value = "0";
      input.dataset.field = ["counts", d].join(".");  // the refused field: "counts.2000"
      field.append(text("count_of", {note: money.format(Number(d))}), input); counts.append(field);
    });
    put(el.querySelector(".amount-label"), text("amount_if_part", {symbol: money.symbol}));
    el.querySelector("form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const chosen = el.querySelector(`input[name="outcome-${s.id}"]:checked`);
      if (!chosen) { actionError(el, text("choose_finding")); return; }
      const body = {outcome: chosen.value, counts: {}};
      el.querySelectorAll("[data-denomination]").forEach((i) => { body.counts[i.dataset.denomination] = Number(i.value || 0); });
      const amount = el.querySelector(".amount").value.trim();
      if (amount) {
        try { body.amount_minor = money.parse(amount); }
        catch (error) { actionError(el, error); return; }
      }
      await action(el, `/api/staff/desk/suspects/${s.id}/reconcile`, body);
    });
    return el;
  }

  async function loadSuspects() {
    try {
      const list = await StaffApi.get("/api/staff/desk/suspects");
      fill(document.getElementById("suspects"), list.map(suspectCard), text("none_suspect"));
    } catch (e) { show("desk-error", text("suspects_failed", {reason: e.message})); }
  }

  document.getElementById("call-next").addEventListener("click", async () => {
    show("desk-error", ""); show("desk-info", "");
    if (!counter()) { show("desk-error", text("counter_first")); return; }
    localStorage.setItem("desk.counter", counter());
    try {
      const t = await StaffApi.post("/api/staff/desk/call-next", {counter: counter(), services: []});
      show("desk-info", text("called", {number: t.number, counter: t.counter}));
    } catch (e) {
      if (e.code === "queue_empty") show("desk-info", text("none_waiting"));
      else show("desk-error", e);
    }
    await load();
  });

  let pending = null;
  function refreshSoon() { clearTimeout(pending); pending = setTimeout(load, 150); }
  const socket = StaffLive.connect(status, text, load);
  const deskEvents = ["ticket.created", "ticket.called", "ticket.updated", "device.unavailable",
    "device.available"];
  deskEvents.forEach((name) => socket.on(name, refreshSoon));
  // A burst arrives as one "events" batch (staff_console/emitter.py): refresh if it holds ours.
  socket.on("events", (events) => {
    if (events.some((event) => deskEvents.includes(event.kind))) refreshSoon();
  });
  CaseCount.follow(socket);  // the top bar's count of open risk cases
  load();
})();
