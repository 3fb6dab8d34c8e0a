// The top bar's count of open risk cases (only for staff who handle them): a live page
// passes its /staff socket to CaseCount.follow and the count is refetched when a case opens
// or closes; the cases page sets it from the list it just loaded.
(function () {
  "use strict";
  const KINDS = ["fraud.case_opened", "fraud.case_closed"];

  function badge() { return document.getElementById("case-count"); }

  function set(count) {
    const el = badge();
    if (!el) return;
    el.textContent = String(count);
    el.hidden = count === 0;
  }

  async function refresh() {
    try { set((await StaffApi.get("/api/staff/fraud/cases")).length); }
    catch (e) { /* the count waits for the next event; the page's own work goes on */ }
  }

  // Call `onChange` (default: refresh the count) on every case event, alone or in a batch.
  function follow(socket, onChange) {
    const changed = onChange || refresh;
    if (!onChange && !badge()) return;
    KINDS.forEach((name) => socket.on(name, changed));
    socket.on("events", (events) => {
      if (events.some((event) => KINDS.includes(event.kind))) changed();
    });
  }

  window.CaseCount = Object.freeze({KINDS, set, refresh, follow});
})();
