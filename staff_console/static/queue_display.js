// The public queue screen: polls the public board (numbers and counters only).
(function () {
  "use strict";
  const root = document.getElementById("board");
  const called = document.getElementById("called");
  const next = document.getElementById("next");
  const interval = Math.max(500, Number(root.dataset.pollSeconds) * 1000 || 3000);
  let shown = "";

  function item(className, ...parts) {
    const li = document.createElement("li");
    if (className) li.className = className;
    parts.forEach(([cls, value]) => {
      const span = document.createElement("span");
      span.className = cls; span.textContent = value; li.append(span);
    });
    return li;
  }

  function render(board) {
    const key = JSON.stringify([board.called.map((t) => t.number + t.counter), board.next]);
    if (key !== shown) {
      shown = key;
      called.replaceChildren(...(board.called.length
        ? board.called.map((t, i) => item(i === 0 ? "latest" : "",
            ["number", t.number], ["counter", `counter ${t.counter}`]))
        : [item("empty", ["", "Please wait for your number"])]));
      next.replaceChildren(...(board.next.length
        ? board.next.map((n) => { const li = document.createElement("li"); li.textContent = n; return li; })
        : [item("empty", ["", "No one waiting"])]));
    }
    document.getElementById("wait").textContent = board.estimated_wait;
    document.getElementById("waiting-count").textContent = String(board.waiting_count);
  }

  // Opened from a ticket's QR code: say where that number stands, in words.
  function describe(ticket) {
    switch (ticket.status) {
      case "called":
      case "serving":
        return `Please go to counter ${ticket.counter}.`;
      case "waiting":
      case "transferred":
        return ticket.ahead === 0
          ? `You are next. Estimated wait: ${ticket.estimated_wait}.`
          : `${ticket.ahead} ahead of you. Estimated wait: ${ticket.estimated_wait}.`;
      case "no_show":
        return "This number was called but nobody came. Please ask at the counter.";
      default:
        return "This number has been served. Thank you.";
    }
  }

  async function pollTicket() {
    const source = root.dataset.ticketSource;
    if (!source) return;
    const status = document.getElementById("mine-status");
    let ticket;
    try {
      ticket = await Http.fetchJson(source, {cache: "no-store"});
    } catch (e) {
      if (e.status !== 404) throw e;
      status.textContent = "We cannot find this number today. Please ask at the counter.";
      return;
    }
    status.textContent = describe(ticket);
    document.getElementById("mine").dataset.status = ticket.status;
  }

  async function poll() {
    try {
      render(await Http.fetchJson(root.dataset.source, {cache: "no-store"}));
      await pollTicket();
      document.getElementById("stale").hidden = true;
    } catch (e) {
      document.getElementById("stale").hidden = false;
    } finally {
      setTimeout(poll, interval);
    }
  }
  if (root.dataset.ticketSource) {
    poll();  // the customer's own line should not wait for the first interval
  } else {
    setTimeout(poll, interval);
  }
})();
