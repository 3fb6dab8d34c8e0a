"""One shape for a refused request in the browser: message, refused fields, machine code."""

import pytest
from sqlalchemy import select

from kiosk.agent_pool import EXTENSION as AGENTS
from shared.devices import tokens as kiosk_tokens
from shared.models import Device
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.browser
HTTP_JS = REPO_ROOT / "shared" / "web" / "static" / "http.js"
KIOSK = "LDN-01-K1"


@pytest.fixture
def http_page(script_page):
    return script_page(HTTP_JS, body='<p id="box" hidden></p><form id="form">'
                       '<input data-field="amount_minor"><input data-field="counts.5000">'
                       '<input data-field="note"></form>')


@pytest.mark.parametrize(
    ("status", "body", "message", "fields", "code"),
    [
        # flask-smorest refusing the body (webargs), nested for a dict's values
        (422, {"code": 422, "status": "Unprocessable Entity", "errors": {"json": {
            "amount_minor": ["Must be greater than or equal to 1."],
            "counts": {"5000": {"value": ["Not a valid integer."]}}}}},
         "amount_minor: Must be greater than or equal to 1.; "
         "counts.5000.value: Not a valid integer.",
         {"amount_minor": "Must be greater than or equal to 1.",
          "counts.5000.value": "Not a valid integer."}, None),
        # abort(409, message=..., errors={"code": ...}) as the desk API answers
        (409, {"code": 409, "status": "Conflict", "message": "No one is waiting.",
               "errors": {"code": "queue_empty"}}, "No one is waiting.", {}, "queue_empty"),
        # the app's JSON 404 for an unknown /api/ path
        (404, {"code": 404, "status": "Not Found", "message": "nothing at /api/x"},
         "nothing at /api/x", {}, None),
        # no JSON at all (a proxy's error page)
        (502, {}, "The request failed (502).", {}, None),
    ],
)
def test_every_refusal_reads_the_same(http_page, status, body, message, fields, code):
    error = http_page.evaluate(
        "([status, body]) => { const e = Http.errorFrom(status, body); "
        "return {name: e.name, message: e.message, fields: e.fields, code: e.code, "
        "status: e.status}; }", [status, body])
    assert error == {"name": "ApiError", "message": message, "fields": fields, "code": code,
                     "status": status}


def test_the_page_shows_the_message_and_marks_the_refused_inputs(http_page):
    marked = http_page.evaluate("""() => {
      const box = document.getElementById("box"), form = document.getElementById("form");
      const error = Http.errorFrom(422, {errors: {json: {counts: {"5000": {value: ["no"]}}}}});
      Http.showError(box, error, form);
      const shown = [box.hidden, box.textContent];
      const invalid = Array.from(form.querySelectorAll("[aria-invalid]"), (i) => i.dataset.field);
      Http.showError(box, "", form);
      return [shown, invalid, box.hidden, form.querySelectorAll("[aria-invalid]").length];
    }""")
    assert marked == [[False, "counts.5000.value: no"], ["counts.5000"], True, 0]


def test_a_refusal_from_the_server_reaches_the_page(live_server, browser):
    """The simulator page puts 500 notes in a tray that takes 200: the API's own 422."""
    with live_server.database.session() as s:
        token = kiosk_tokens.issue_token(
            s, s.scalar(select(Device).where(Device.code == KIOSK))).token
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/kiosk/{KIOSK}/pair?token={token}")
    page.wait_for_url(f"**/kiosk/{KIOSK}/touch")
    page.goto(f"{live_server.url}/kiosk/{KIOSK}/devices")
    page.locator("#customer option").first.wait_for(state="attached")
    page.fill("#n2000", "500")
    page.click("#insert-notes")
    page.locator("#log", has_text="notes.2000.value:").wait_for()
    context.close()
    live_server.app.extensions[AGENTS].stop_all()
