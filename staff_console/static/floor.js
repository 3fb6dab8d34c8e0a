// The branch floor: arrival cards and the live feed over one /staff socket.
// Rooms are assigned by the server; every action is re-checked there.
(function () {
  "use strict";
  const root = document.getElementById("floor");
  // Words from the server in the page's language (staff_console/page_text/floor.py).
  const text = PageText.from("page-text");
  const feed = document.getElementById("live-feed");
  const queue = document.getElementById("queue");
  const status = document.getElementById("live-status");
  const arrivals = document.getElementById("arrivals");
  const template = document.getElementById("card-template");
  const offerTemplate = document.getElementById("offer-template");
  const visitsToday = document.getElementById("stat-visits");
  const me = Number(root.dataset.me);
  const canGreet = root.dataset.canGreet === "yes";
  const canSeeArrivals = root.dataset.canSeeArrivals === "yes";
  let lastEventId = root.dataset.lastEventId || "";
  const seen = new Set();
  const cards = new Map();  // visit id -> card element
  const counted = new Set();  // visits added to "visits today" since the page loaded
  let colleagues = [];

  const label = text.label;

  function describe(event) {
    const p = event.payload;
    switch (event.kind) {
      case "customer.arrived":
        return text("arrived", {name: p.display_name, source: label("visit_source", p.source)});
      case "customer.claimed": return text("claimed", {staff: p.staff_name, customer: p.customer_id});
      case "customer.greeted": return text("greeted", {staff: p.staff_name, customer: p.customer_id});
      case "customer.escalated":
        return text("escalated", {name: p.display_name, minutes: Math.round(p.waited_seconds / 60)});
      case "customer.left": return text("left", {customer: p.customer_id});
      case "ticket.created": return text("ticket_created", {number: p.number,
        service: label("service", p.service), reason: label("ticket_reason", p.reason)});
      case "ticket.called": return text("ticket_called", {number: p.number, counter: p.counter});
      case "ticket.updated": return text(p.counter ? "ticket_updated_at" : "ticket_updated",
        {number: p.number, status: label("ticket_status", p.status), counter: p.counter});
      case "device.unavailable":
        return text("device_unavailable", {device: p.device_code, detail: p.detail});
      case "device.available": return text("device_available", {device: p.device_code});
      default: return event.kind;
    }
  }

  function showError(problem) {
    const box = document.getElementById("arrivals-error");
    if (box) Http.showError(box, problem);
  }

  function put(el, value) { el.textContent = value == null ? "" : String(value); }

  function fact(dl, name, value) {
    if (!value) return;
    const dt = document.createElement("dt"); put(dt, name);
    const dd = document.createElement("dd"); put(dd, value);
    dl.append(dt, dd);
  }

  function renderClaim(el, card) {
    const state = el.querySelector(".claim-state");
    const mine = card.claimed_by_id === me;
    el.classList.toggle("claimed", !!card.claimed_by_id);
    el.classList.toggle("mine", mine);
    if (card.greeted_at) put(state, text("greeted_by", {name: card.claimed_by_name}));
    else if (card.claimed_by_id) {
      put(state, mine ? text("you_are_greeting") : text("claimed_by", {name: card.claimed_by_name}));
    } else put(state, text("unclaimed"));
    state.classList.remove("ok", "info", "warn");
    state.classList.add(card.claimed_by_id ? (mine ? "ok" : "info") : "warn");
    el.querySelector(".claim").hidden = !canGreet || !!card.claimed_by_id;
    el.querySelector(".greeted").hidden = !canGreet || !mine || !!card.greeted_at;
    el.querySelector(".handover-label").hidden = !canGreet || !mine;
  }

  function renderCard(card) {
    let el = cards.get(card.visit_id);
    if (!el) {
      el = template.content.firstElementChild.cloneNode(true);
      el.dataset.visitId = card.visit_id;
      cards.set(card.visit_id, el);
      const empty = arrivals.querySelector(".empty");
      if (empty) empty.remove();
      arrivals.prepend(el);
      bindCard(el, card.visit_id);
    }
    el.card = card;
    const c = card.customer;
    put(el.querySelector(".name"), c.display_name);
    put(el.querySelector(".identity"),
      [text("tier", {tier: label("tier", c.tier)}),
       c.preferred_name ? text("likes_to_be_called", {name: c.preferred_name}) : "",
       c.language ? text("speaks", {language: c.language_name}) : ""].filter(Boolean).join(" · "));
    put(el.querySelector(".access"),
      c.accessibility_needs ? text("accessibility", {needs: c.accessibility_needs}) : "");
    const dl = el.querySelector(".facts");
    dl.replaceChildren();
    const prefs = card.preferences || {};
    fact(dl, text("drink"), prefs.drink);
    fact(dl, text("contact"), prefs.contact_channel);
    fact(dl, text("interests"), prefs.interests);
    fact(dl, text("holds"), card.products.map((p) => p.name).join(", "));
    if (card.last_visit) {
      const lv = card.last_visit;
      fact(dl, text("last_visit"), text("last_visit_purpose", {date: PageText.date(lv.arrived_at),
        purpose: lv.purpose || text("no_purpose")}));
      fact(dl, text("last_notes"), lv.notes.join(" "));
    }
    fact(dl, text("open_requests"), card.open_requests.map((r) => r.text).join("; "));
    const points = el.querySelector(".points");
    points.replaceChildren(...card.talking_points.map((p) => {
      const li = document.createElement("li"); put(li, p.text); li.dataset.code = p.code;
      if (p.product && canGreet) li.append(offerButtons(el, card.visit_id, p.product));
      return li;
    }));
    el.querySelector(".open").href = `/staff/customers/${c.id}?reason=arrival_card`;
    const select = el.querySelector(".handover");
    select.replaceChildren(new Option(text("choose_colleague"), ""),
      ...colleagues.filter((s) => s.id !== me).map((s) => new Option(s.full_name, s.id)));
    renderClaim(el, card);
  }

  // A talking point that suggests a product: what the customer made of it, recorded once.
  function offerButtons(el, visitId, product) {
    const box = offerTemplate.content.firstElementChild.cloneNode(true);
    box.dataset.product = product;
    box.querySelectorAll("button").forEach((button) => button.addEventListener("click", async () => {
      actionError(el, "");
      try {
        const answer = await StaffApi.post(`/api/staff/arrivals/${visitId}/offers`,
          {product, outcome: button.dataset.outcome});
        el.card.offers = answer.offers;
        renderOffer(box, answer.offers[product]);
      } catch (e) { actionError(el, e); }
    }));
    renderOffer(box, (el.card.offers || {})[product]);
    return box;
  }

  function renderOffer(box, state) {
    const pill = box.querySelector(".offer-state");
    put(pill, state ? label("offer", state) : "");
    pill.hidden = !state;
    // Discussed once, and decided once: a decision is never turned into the other.
    box.querySelectorAll("button").forEach((button) => {
      const outcome = button.dataset.outcome;
      button.hidden = !!state && (outcome === "discussed" || state !== "discussed");
    });
  }

  function actionError(el, problem) { Http.showError(el.querySelector(".action-error"), problem); }

  function emit(name, data, el) {
    actionError(el, "");
    socket.timeout(5000).emit(name, data, (err, answer) => {
      if (err) actionError(el, text("no_answer"));
      else if (!answer.ok) actionError(el, answer.error);
    });
  }

  function bindCard(el, visitId) {
    el.querySelector(".claim").addEventListener("click", () => emit("claim", {visit_id: visitId}, el));
    el.querySelector(".greeted").addEventListener("click", () => emit("greeted", {visit_id: visitId}, el));
    el.querySelector(".handover").addEventListener("change", (e) => {
      if (e.target.value) emit("hand_over", {visit_id: visitId, to_staff_id: Number(e.target.value)}, el);
    });
  }

  async function loadCard(visitId) {
    try { renderCard(await StaffApi.get(`/api/staff/arrivals/${visitId}`)); }
    catch (e) { showError(text("card_failed", {reason: e.message})); }
  }

  async function loadAll() {
    try {
      const floor = await StaffApi.get("/api/staff/arrivals");
      floor.cards.slice().reverse().forEach(renderCard);
      showError("");
      return floor.last_event_id;
    } catch (e) { showError(text("arrivals_failed", {reason: e.message})); return ""; }
  }

  function updateClaim(p, greeted) {
    const el = cards.get(p.visit_id);
    if (!el || !el.card) return;
    el.card.claimed_by_id = p.staff_id;
    el.card.claimed_by_name = p.staff_name;
    el.card.greeted_at = greeted ? new Date().toISOString() : null;
    renderClaim(el, el.card);
  }

  function handle(event) {
    if (seen.has(event.id)) return;  // a replay after reconnect never shows anything twice
    seen.add(event.id);
    lastEventId = event.id;
    // Risk cases have their own page and the top bar's count; the feed is also the
    // relationship managers', who do not handle them.
    if (CaseCount.KINDS.includes(event.kind)) return;
    const p = event.payload;
    const empty = feed.querySelector(".empty");
    if (empty) empty.remove();
    const item = document.createElement("li");
    item.className = "event " + event.kind.replace(".", "-");
    item.dataset.eventId = event.id;
    const time = document.createElement("time");
    time.dateTime = event.at;
    time.textContent = PageText.time(event.at);
    item.append(time, " ", describe(event));
    feed.prepend(item);
    // A visit the page did not know yet: the server counted the ones it knew when it rendered.
    if (event.kind === "customer.arrived" && !cards.has(p.visit_id) && !counted.has(p.visit_id)) {
      counted.add(p.visit_id);
      visitsToday.textContent = String(Number(visitsToday.textContent) + 1);
    }
    if (canSeeArrivals) {
      if (event.kind === "customer.arrived" && !cards.has(p.visit_id)) loadCard(p.visit_id);
      if (event.kind === "customer.claimed") updateClaim(p, false);
      if (event.kind === "customer.greeted") updateClaim(p, true);
      if (event.kind === "customer.escalated") { const el = cards.get(p.visit_id); if (el) el.classList.add("escalated"); }
      if (event.kind === "customer.left") { const el = cards.get(p.visit_id); if (el) { el.remove(); cards.delete(p.visit_id); } }
    }
    if (event.kind === "ticket.created") {
      const waiting = queue.querySelector(".empty");
      if (waiting) waiting.remove();
      const row = document.createElement("li");
      const strong = document.createElement("strong");
      strong.textContent = p.number;
      row.append(strong, " ", text("service_reason", {service: label("service", p.service),
        reason: label("ticket_reason", p.reason)}));
      queue.append(row);
      const figure = document.getElementById("stat-waiting");
      figure.textContent = String(Number(figure.textContent) + 1);
    }
  }

  // On every (re)connection, ask for what happened since the last event we saw; a gap too
  // old means reload.
  const socket = StaffLive.connect(status, text, () => {
    socket.emit("catch_up", {last_event_id: lastEventId}, async (answer) => {
      if (!answer || !answer.ok) return;
      if (answer.resync) { if (canSeeArrivals) lastEventId = await loadAll() || lastEventId; return; }
      answer.events.forEach(handle);
    });
  });
  // A backlog arrives as one "events" message holding ordinary events, oldest first.
  socket.on("events", (events) => events.forEach(handle));
  CaseCount.follow(socket);
  ["customer.arrived", "customer.claimed", "customer.greeted", "customer.escalated", "customer.left",
   "ticket.created", "ticket.called", "device.unavailable"].forEach((name) => socket.on(name, handle));

  (async function start() {
    if (canGreet) { try { colleagues = await StaffApi.get("/api/staff/colleagues"); } catch (e) { /* hand-over stays empty */ } }
    if (canSeeArrivals) await loadAll();
  })();
})();
