// The public queue screen: polls the public board (numbers and counters only).
(function () {
  "use strict";
  const root = document.getElementById("board");
  const text = PageText.from("page-text");
  // Latin digits in every language, as the server and every amount write them.
  const number = new Intl.NumberFormat(root.dataset.locale, {numberingSystem: "latn"});
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
            ["number", t.number], ["counter", text("counter", {counter: t.counter})]))
        : [item("empty", ["", text("please_wait")])]));
      next.replaceChildren(...(board.next.length
        ? board.next.map((n) => { const li = document.createElement("li"); li.textContent = n; return li; })
        : [item("empty", ["", text("no_one_waiting")])]));
    }
    document.getElementById("wait").textContent = waitLabel(board.estimated_wait_seconds);
    document.getElementById("waiting-count").textContent = number.format(board.waiting_count);
  }

  // The wait as the screen says it ("about 5 min"), in the page's language.
  function waitLabel(seconds) {
    if (!(seconds > 0)) return text("no_wait");
    const minutes = Math.ceil(seconds / 60);
    return minutes > 60 ? text("over", {minutes: number.format(60)})
      : text("about", {minutes: number.format(minutes)});
  }

  // Opened from a ticket's QR code: say where that number stands, in words.
  function describe(ticket) {
    switch (ticket.status) {
      case "called":
      case "serving":
        return text("go_to_counter", {counter: ticket.counter});
      case "waiting":
      case "transferred": {
        const wait = waitLabel(ticket.estimated_wait_seconds);
        return ticket.ahead === 0 ? text("next", {wait})
          : text("ahead", {ahead: number.format(ticket.ahead), wait});
      }
      case "no_show":
        return text("no_show");
      default:
        return text("served");
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
      status.textContent = text("not_found");
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
