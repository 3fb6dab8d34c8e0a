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

    // Only a lost answer (status 0) is retried, with the same body and so the same key.
    async function withRetries(send) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await send();
        } catch (e) {
          if (e.status !== 0 || attempt === RETRIES) throw e;
          await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
        }
      }
    }

    // Send one customer action; the agent's refusal is an ApiError with code "refused".
    async function act(action, fields) {
      const body = Object.assign({action: action, idempotency_key: newKey()}, fields || {});
      const record = await withRetries(() => post("/actions", body));
      if (record.status === "refused") {
        const why = (record.outcome && record.outcome.error) || "refused";
        throw new Http.ApiError(why, {status: 200, code: "refused"});
      }
      return record;
    }

    // A counter ticket from the web tier when the agent does not answer (one per press).
    function outOfServiceTicket() {
      const body = {idempotency_key: newKey()};
      return withRetries(() => post("/out-of-service-ticket", body));
    }

    // Where the agent's current voice prompt is spoken (WAV from espeak-ng on the server).
    const speechUrl = () => `${root}/speech?at=${Date.now()}`;

    return Object.freeze({get, post, upload, act, outOfServiceTicket, speechUrl});
  }

  window.KioskApi = Object.freeze({forKiosk});
})();
