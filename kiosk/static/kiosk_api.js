// The kiosk pages' one client for /api/kiosks/<code>: JSON in and out, problems as
// Http.ApiError. The device is authenticated by its pairing cookie (SameSite=Strict), so
// no CSRF token; a customer action carries a fresh idempotency key and a retry after a
// lost answer reuses it, so a retried request never moves money twice.
(function () {
  "use strict";
  const RETRIES = 3;
  const RETRY_PAUSE_MS = 500;

  function newKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function forKiosk(code) {
    const root = "/api/kiosks/" + encodeURIComponent(code);
    const get = (path) => Http.fetchJson(root + path, {cache: "no-store"});
    const post = (path, body) => Http.fetchJson(root + path, {
      method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify(body || {}),
    });
    const upload = (path, form) => Http.fetchJson(root + path, {method: "POST", body: form});

    // Send one customer action; the agent's refusal is an ApiError with code "refused".
    async function act(action, fields) {
      const body = Object.assign({action: action, idempotency_key: newKey()}, fields || {});
      for (let attempt = 1; ; attempt++) {
        try {
          const record = await post("/actions", body);
          if (record.status === "refused") {
            const why = (record.outcome && record.outcome.error) || "refused";
            throw new Http.ApiError(why, {status: 200, code: "refused"});
          }
          return record;
        } catch (e) {
          if (e.status !== 0 || attempt === RETRIES) throw e;  // only a lost answer is retried
          await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
        }
      }
    }

    // Where the agent's current voice prompt is spoken (WAV from espeak-ng on the server).
    const speechUrl = () => `${root}/speech?at=${Date.now()}`;

    return Object.freeze({get, post, upload, act, speechUrl});
  }

  window.KioskApi = Object.freeze({forKiosk});
})();
