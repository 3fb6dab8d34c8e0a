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

  async function poll() {
    try {
      const response = await fetch(root.dataset.source, {cache: "no-store"});
      if (!response.ok) throw new Error(String(response.status));
      render(await response.json());
      document.getElementById("stale").hidden = true;
    } catch (e) {
      document.getElementById("stale").hidden = false;
    } finally {
      setTimeout(poll, interval);
    }
  }
  setTimeout(poll, interval);
})();
