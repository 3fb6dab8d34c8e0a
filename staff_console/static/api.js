// The staff console's one client for /api/staff: every request carries the page's CSRF
// token (<meta name="csrf-token">), a signed-out session goes back to the sign-in page, and
// a refused request is an Http.ApiError (message, fields, code) for Http.showError.
(function () {
  "use strict";
  const SIGN_IN = "/staff/sign-in";

  function csrfToken() {
    return document.querySelector('meta[name="csrf-token"]').content;
  }

  async function request(url, init) {
    const headers = Object.assign({"X-CSRFToken": csrfToken()}, init.headers);
    try {
      return await Http.fetchJson(url, Object.assign({}, init, {headers}));
    } catch (e) {
      if (e.status === 401) window.location = SIGN_IN;
      throw e;
    }
  }

  function send(method, url, body) {
    return request(url, {
      method, headers: {"Content-Type": "application/json"},
      body: body ? JSON.stringify(body) : undefined,
    });
  }

  window.StaffApi = Object.freeze({
    get: (url) => send("GET", url),
    post: (url, body) => send("POST", url, body),
    // Files (photos) as multipart form data; the browser sets the boundary.
    upload: (url, form) => request(url, {method: "POST", body: form}),
  });
})();
