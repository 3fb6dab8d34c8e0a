// The console's live connection: one /staff socket whose state the page's status pill
// shows (live, reconnecting, offline); `onConnect` runs on every connection and
// reconnection, where a page catches up or reloads what it shows.
(function () {
  "use strict";

  function connect(status, text, onConnect) {
    const socket = io("/staff", {transports: ["websocket", "polling"]});
    const show = (word, state) => { status.textContent = text(word); status.className = `pill ${state}`; };
    socket.on("connect", () => { show("live", "ok"); if (onConnect) onConnect(); });
    socket.on("disconnect", () => show("reconnecting", "warn"));
    socket.on("connect_error", () => show("offline", "warn"));
    return socket;
  }

  window.StaffLive = {connect};
})();
