// The branch floor's live feed: one /staff socket, rooms assigned by the server.
(function () {
  "use strict";
  const feed = document.getElementById("live-feed");
  const queue = document.getElementById("queue");
  const status = document.getElementById("live-status");
  const seen = new Set();

  function describe(event) {
    const p = event.payload;
    switch (event.kind) {
      case "customer.arrived": return `${p.display_name} arrived (${p.source.replace("_", " ")})`;
      case "customer.claimed": return `${p.staff_name} is greeting customer #${p.customer_id}`;
      case "customer.left": return `Customer #${p.customer_id} left`;
      case "ticket.created": return `Ticket ${p.number} for ${p.service} (${p.reason.replace("_", " ")})`;
      case "ticket.called": return `Ticket ${p.number} called to counter ${p.counter}`;
      case "device.unavailable": return `${p.device_code} unavailable: ${p.detail}`;
      default: return event.kind;
    }
  }

  function add(event) {
    if (seen.has(event.id)) return;  // a reconnect may replay; never show twice
    seen.add(event.id);
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
    if (event.kind === "ticket.created") {
      const waiting = queue.querySelector(".empty");
      if (waiting) waiting.remove();
      const row = document.createElement("li");
      const strong = document.createElement("strong");
      strong.textContent = event.payload.number;
      row.append(strong, ` ${event.payload.service} · ${event.payload.reason.replace("_", " ")}`);
      queue.append(row);
      const figure = document.getElementById("stat-waiting");
      figure.textContent = String(Number(figure.textContent) + 1);
    }
  }

  const socket = io("/staff", {transports: ["websocket", "polling"]});
  socket.on("connect", () => { status.textContent = "live"; status.className = "pill ok"; });
  socket.on("disconnect", () => { status.textContent = "reconnecting…"; status.className = "pill warn"; });
  socket.on("connect_error", () => { status.textContent = "offline"; status.className = "pill warn"; });
  ["customer.arrived", "customer.claimed", "customer.left", "ticket.created", "ticket.called",
   "device.unavailable"].forEach((name) => socket.on(name, add));
})();
