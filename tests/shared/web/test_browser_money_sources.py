"""No page writes money by hand: amounts go through money.js, requests through one client.

The browser code of both apps and their templates hold no currency symbol, no division or
multiplication by 100 and no toFixed; pages load money.js and http.js from one place.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BROWSER_CODE = [
    *(ROOT / "kiosk" / "static").glob("*.js"),
    *(ROOT / "kiosk" / "templates").rglob("*.html"),
    *(ROOT / "staff_console" / "static").glob("*.js"),
    *(ROOT / "staff_console" / "templates").rglob("*.html"),
]
HAND_MADE = re.compile(r"[£€$₩]\d|\(£\)|[£₩]\{|/ *100\b|\* *100\b|toFixed|minimumFractionDigits")
# Pages that show amounts or call the API, and the shared scripts they must load first.
LOADS = {
    "kiosk/templates/kiosk/touch.html": ("http.js", "money.js", "kiosk_api.js"),
    "kiosk/templates/kiosk/devices.html": ("http.js", "money.js", "kiosk_api.js"),
    "staff_console/templates/queue/display.html": ("http.js",),
}
# Staff pages load their scripts through the staff_scripts macro: the call each page makes.
STAFF_PAGES = {
    "desk.html": '{{ staff_scripts(["desk.js"], live=True, money=True) }}',
    "floor.html": '{{ staff_scripts(["floor.js"], live=True) }}',
    "customer.html": '{{ staff_scripts(["enrol.js", "voice_enrol.js"]) }}',
    "manager.html": '{{ staff_scripts(["manager_charts.js", "manager.js"], live=True,',
}


@pytest.mark.parametrize("path", BROWSER_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_money_is_formatted_by_hand(path):
    found = [line.strip() for line in path.read_text().splitlines() if HAND_MADE.search(line)]
    assert found == []


@pytest.mark.parametrize("path", BROWSER_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_fetches_on_its_own(path):
    """Requests go through kiosk_api.js, api.js or http.js (which hold the error shape)."""
    if path.name in ("kiosk_api.js", "api.js"):
        return
    assert "fetch(" not in path.read_text()


@pytest.mark.parametrize(("template", "scripts"), LOADS.items())
def test_pages_load_the_shared_scripts_before_their_own(template, scripts):
    text = (ROOT / template).read_text()
    positions = [text.find(f"filename='{name}'") for name in scripts]
    assert -1 not in positions, f"{template} does not load all of {scripts}"
    assert positions == sorted(positions)
    own = max(m.start() for m in re.finditer(r"<script src=", text))
    assert all(p < own for p in positions)


@pytest.mark.parametrize(("page", "call"), STAFF_PAGES.items())
def test_staff_pages_load_their_scripts_through_the_macro(page, call):
    text = (ROOT / "staff_console" / "templates" / "staff" / page).read_text()
    assert call in text and "<script src=" not in text


def test_the_staff_macro_loads_the_shared_scripts_before_the_pages_own(app):
    with app.test_request_context():
        macros = app.jinja_env.get_template("staff/_scripts.html").module
        html = str(macros.staff_scripts(["desk.js"], live=True, money=True,
                                        vendor=["chart.js-4.5.1.umd.min.js"]))
        bare = str(macros.staff_scripts(["floor.js"]))
    sources = re.findall(r'<script src="[^"]*/([^/"]+)"', html)
    assert sources == ["socket.io-4.8.4.min.js", "chart.js-4.5.1.umd.min.js", "http.js",
                       "text.js", "money.js", "api.js", "live.js", "case_count.js",
                       "desk.js"]
    assert re.findall(r'<script src="[^"]*/([^/"]+)"', bare) == ["http.js", "text.js",
                                                                    "api.js", "floor.js"]


def test_one_money_module_is_served_for_both_apps(client):
    for name in ("money.js", "http.js"):
        response = client.get(f"/static/shared/{name}")
        assert response.status_code == 200
        assert response.data == (ROOT / "shared" / "web" / "static" / name).read_bytes()
        response.close()
