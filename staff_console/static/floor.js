// The branch floor: arrival cards and the live feed over one /staff socket.
// Rooms are assigned by the server; every action is re-checked there.
(function () {
  "use strict";
  const root = document.getElementById("floor");
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

  function describe(event) {
    const p = event.payload;
    switch (event.kind) {
      case "customer.arrived": return `${p.display_name} arrived (${p.source.replace("_", " ")})`;
      case "customer.claimed": return `${p.staff_name} is greeting customer #${p.customer_id}`;
      case "customer.greeted": return `${p.staff_name} greeted customer #${p.customer_id}`;
      case "customer.escalated": return `${p.display_name} has waited ${Math.round(p.waited_seconds / 60)} min unclaimed`;
      case "customer.left": return `Customer #${p.customer_id} left`;
      case "ticket.created": return `Ticket ${p.number} for ${p.service} (${p.reason.replace("_", " ")})`;
      case "ticket.called": return `Ticket ${p.number} called to counter ${p.counter}`;
      case "ticket.updated": return `Ticket ${p.number} ${p.status.replace("_", " ")}${p.counter ? " at counter " + p.counter : ""}`;
      case "device.unavailable": return `${p.device_code} unavailable: ${p.detail}`;
      case "device.available": return `${p.device_code} back in service`;
      default: return event.kind;
    }
  }

  function showError(problem) {
    const box = document.getElementById("arrivals-error");
    if (box) Http.showError(box, problem);
  }

  function text(el, value) { el.textContent = value == null ? "" : String(value); }

  function fact(dl, label, value) {
    if (!value) return;
    const dt = document.createElement("dt"); text(dt, label);
    const dd = document.createElement("dd"); text(dd, value);
    dl.append(dt, dd);
  }

  function renderClaim(el, card) {
    const state = el.querySelector(".claim-state");
    const mine = card.claimed_by_id === me;
    el.classList.toggle("claimed", !!card.claimed_by_id);
    el.classList.toggle("mine", mine);
    if (card.greeted_at) text(state, `greeted by ${card.claimed_by_name}`);
    else if (card.claimed_by_id) text(state, mine ? "you are greeting" : `claimed by ${card.claimed_by_name}`);
    else text(state, "unclaimed");
    state.className = "pill claim-state " + (card.claimed_by_id ? (mine ? "ok" : "info") : "warn");
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
    text(el.querySelector(".name"), c.display_name);
    text(el.querySelector(".identity"),
      [c.tier + " tier", c.preferred_name ? `likes to be called ${c.preferred_name}` : "",
       `speaks ${c.language}`].filter(Boolean).join(" · "));
    text(el.querySelector(".access"), c.accessibility_needs ? `Accessibility: ${c.accessibility_needs}` : "");
    const dl = el.querySelector(".facts");
    dl.replaceChildren();
    const prefs = card.preferences || {};
    fact(dl, "Drink", prefs.drink);
    fact(dl, "Contact", prefs.contact_channel);
    fact(dl, "Interests", prefs.interests);
    fact(dl, "Holds", card.products.map((p) => p.name).join(", "));
    if (card.last_visit) {
      const lv = card.last_visit;
      fact(dl, "Last visit", `${new Date(lv.arrived_at).toLocaleDateString()} · ${lv.purpose || "no purpose noted"}`);
      fact(dl, "Last notes", lv.notes.join(" "));
    }
    fact(dl, "Open requests", card.open_requests.map((r) => r.text).join("; "));
    const points = el.querySelector(".points");
    points.replaceChildren(...card.talking_points.map((p) => {
      const li = document.createElement("li"); text(li, p.text); li.dataset.code = p.code;
      if (p.product && canGreet) li.append(offerButtons(el, card.visit_id, p.product));
      return li;
    }));
    el.querySelector(".open").href = `/staff/customers/${c.id}?reason=arrival_card`;
    const select = el.querySelector(".handover");
    select.replaceChildren(new Option("choose a colleague", ""),
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
    text(pill, state ? `offer ${state}` : "");
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
      if (err) actionError(el, "No answer from the server; check the connection and try again.");
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
    catch (e) { showError(`Could not load the arrival card: ${e.message}`); }
  }

  async function loadAll() {
    try {
      const floor = await StaffApi.get("/api/staff/arrivals");
      floor.cards.slice().reverse().forEach(renderCard);
      showError("");
      return floor.last_event_id;
    } catch (e) { showError(`Could not load arrivals: ${e.message}`); return ""; }
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
    const p = event.payload;
    const empty = feed.querySelector(".empty");
    if (empty) empty.remove();
    const item = document.createElement("li");
    item.className = "event " + event.kind.replace(".", "-");
    item.dataset.eventId = event.id;
    const time = document.createElement("time");
    time.dateTime = event.at;
    time.textContent = new Date(event.at).toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"});
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
      row.append(strong, ` ${p.service} · ${p.reason.replace("_", " ")}`);
      queue.append(row);
      const figure = document.getElementById("stat-waiting");
      figure.textContent = String(Number(figure.textContent) + 1);
    }
  }

  const socket = io("/staff", {transports: ["websocket", "polling"]});
  socket.on("connect", () => {
    status.textContent = "live"; status.className = "pill ok";
    // Ask for what happened since the last event we saw; a gap too old means reload.
    socket.emit("catch_up", {last_event_id: lastEventId}, async (answer) => {
      if (!answer || !answer.ok) return;
      if (answer.resync) { if (canSeeArrivals) lastEventId = await loadAll() || lastEventId; return; }
      answer.events.forEach(handle);
    });
  });
  // A backlog arrives as one "events" message holding ordinary events, oldest first.
  socket.on("events", (events) => events.forEach(handle));
  socket.on("disconnect", () => { status.textContent = "reconnecting…"; status.className = "pill warn"; });
  socket.on("connect_error", () => { status.textContent = "offline"; status.className = "pill warn"; });
  ["customer.arrived", "customer.claimed", "customer.greeted", "customer.escalated", "customer.left",
   "ticket.created", "ticket.called", "device.unavailable"].forEach((name) => socket.on(name, handle));

  (async function start() {
    if (canGreet) { try { colleagues = await StaffApi.get("/api/staff/colleagues"); } catch (e) { /* hand-over stays empty */ } }
    if (canSeeArrivals) await loadAll();
  })();
})();
