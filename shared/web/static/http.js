// JSON over fetch for both apps, and the one shape of a problem: Http.ApiError with a
// message to show, the refused fields and the server's machine code. The staff console's
// api.js and the kiosk's kiosk_api.js add what each app needs on top (CSRF, retries).
(function () {
  "use strict";
  // Messages in the page's language: text.js and the page's #shared-text, read when shown.
  const sharedText = (key, params) => window.PageText.shared(key, params);

  // What went wrong with a request. `status` is the HTTP status (0: no answer at all);
  // `fields` maps a refused field ("amount_minor", "notes.2000") to why; `code` is the
  // server's machine-readable reason ("queue_empty"), or null.
  class ApiError extends Error {
    constructor(message, {status = 0, code = null, fields = {}} = {}) {
      super(message);
      this.name = "ApiError";
      this.status = status;
      this.code = code;
      this.fields = fields;
    }
  }

  // flask-smorest reports refused input as {"errors": {"json": {"field": ["why"]}}}, by
  // location (json, query, files, form), nested for nested fields; "code" (and details
  // such as an enrolment's "verdicts") sit beside them and are no refused fields.
  const LOCATIONS = new Set(["json", "query", "form", "files", "headers", "cookies", "path"]);
  function refusedFields(errors) {
    const fields = {};
    function walk(value, path) {
      if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
        fields[path] = value.join(" ");
      } else if (value && typeof value === "object" && !Array.isArray(value)) {
        Object.entries(value).forEach(([key, inner]) => walk(inner, path ? `${path}.${key}` : key));
      } else if (value != null) {
        fields[path] = String(value);
      }
    }
    Object.entries(errors || {}).forEach(([location, value]) => {
      if (LOCATIONS.has(location)) walk(value, "");
    });
    return fields;
  }

  // The error for a refused request, from its status and the JSON body the server sent.
  function errorFrom(status, data) {
    const errors = (data && data.errors) || {};
    const fields = refusedFields(errors);
    const listed = Object.entries(fields).map(([field, why]) => `${field}: ${why}`).join("; ");
    const message = [data && data.message, listed].filter(Boolean).join(": ") ||
      sharedText("request_failed", {status: data && data.status ? `${status} ${data.status}` : status});
    return new ApiError(message, {status, code: errors.code || null, fields});
  }

  // Fetch and return the JSON answer (an empty object for none); throw ApiError otherwise.
  async function fetchJson(url, init) {
    let response;
    try {
      response = await fetch(url, Object.assign({credentials: "same-origin"}, init));
    } catch (e) {
      throw new ApiError(sharedText("not_answering"), {status: 0, code: "offline"});
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw errorFrom(response.status, data);
    return data;
  }

  // The one way a page shows a problem: its message in `box` (hidden when there is none),
  // and the inputs of `form` whose data-field was refused marked aria-invalid (a refusal of
  // "counts.5000.value", marshmallow's name for a dict's value, marks data-field "counts.5000").
  function showError(box, problem, form) {
    const message = !problem ? "" : typeof problem === "string" ? problem : problem.message;
    box.textContent = message || "";
    box.hidden = !message;
    if (form) {
      const refused = Object.keys((problem && problem.fields) || {});
      form.querySelectorAll("[data-field]").forEach((input) => {
        const name = input.dataset.field;
        if (refused.some((f) => f === name || f.startsWith(name + "."))) {
          input.setAttribute("aria-invalid", "true");
        } else {
          input.removeAttribute("aria-invalid");
        }
      });
    }
  }

  window.Http = Object.freeze({ApiError, errorFrom, fetchJson, showError});
})();
