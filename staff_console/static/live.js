// The console's live connection: one /staff socket whose state the page's status pill
// shows (live, reconnecting, offline); `onConnect` runs on every connection and
// reconnection, where a page catches up or reloads what it shows.
(function () {
  "use strict";

  // Where a socket the server asks to move goes first: the proxy answers it from its
  // least busy web process and pins this browser there (staff_console/balance.py).
  const REBALANCE_PATH = "/staff/live/rebalance";

  function connect(status, text, onConnect) {
    const socket = io("/staff", {transports: ["websocket", "polling"]});
    const show = (word, state) => { status.textContent = text(word); status.className = `pill ${state}`; };
    socket.on("connect", () => { show("live", "ok"); if (onConnect) onConnect(); });
    socket.on("disconnect", () => show("reconnecting", "warn"));
    socket.on("connect_error", () => show("offline", "warn"));
    socket.on("rebalance", () => {
      socket.disconnect();
      StaffApi.get(REBALANCE_PATH)
        .catch(() => {})  // no answer: connect again all the same
        .finally(() => socket.connect());
    });
    return socket;
  }

  window.StaffLive = {connect};
})();
