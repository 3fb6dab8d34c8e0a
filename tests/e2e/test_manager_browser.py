"""The manager's dashboard in a real Chromium: today moves live, ranges, the area view, 403s."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.analytics.facts import Fact, record
from shared.analytics.journey import arrival_key
from shared.analytics.kinds import FactKind
from shared.biometrics.consent import give_consent
from shared.db.base import utcnow
from shared.demo import signins_for
from shared.floor.visits import record_arrival
from shared.models import Branch, Customer
from shared.models.enums import ConsentChannel, Modality, VisitSource
from smartbranch.benchmarks.manager_live import door_entry
from tests.e2e.staff_pages import sign_in

pytestmark = pytest.mark.browser
TABLET = {"width": 800, "height": 1280}  # a 10-inch tablet held upright
DESKTOP = {"width": 1280, "height": 800}


def _signin(settings, username):
    return next(s for s in signins_for(settings.demo.branches) if s.username == username)


def _sign_in(page, base, signin):
    sign_in(page, base, signin.username, signin.password)
    page.wait_for_load_state()


def _branch_id(live_server, code="LDN-01") -> int:
    with live_server.database.session() as session:
        return session.scalar(select(Branch.id).where(Branch.code == code))


def _arrival(live_server, branch_id: int) -> None:
    """A consenting customer recognised at the door: the visit through the floor service, and
    its arrival fact under the visit's key (the key the floor service records it under)."""
    with live_server.database.session(write=True) as session:
        customer = session.scalars(select(Customer).where(Customer.home_branch_id == branch_id)
                                   .order_by(Customer.id.desc())).first()
        give_consent(session, customer.id, Modality.FACE, "face-2026-11", ConsentChannel.TABLET)
        now = utcnow()
        visit = record_arrival(session, live_server.bus, branch_id, customer.id, 0.31, now,
                               timedelta(minutes=60))
        assert visit is not None
        record(session, Fact(FactKind.ARRIVAL, arrival_key(visit.id), branch_id, now,
                             VisitSource.DOOR_CAMERA.value, customer_id=customer.id))


def _today(page) -> dict:
    return page.evaluate("""() => {
        const t = document.getElementById('today');
        const cell = (table, row) => [...document.querySelectorAll(
            `#today [data-table=${table}] tbody tr`)][row].children[1].textContent;
        return {version: Number(t.dataset.version), footfall: Number(t.dataset.footfall),
                tile: document.getElementById('today-footfall').textContent,
                came_in: cell('funnel', 0), identified: cell('funnel', 1)};
    }""")


def test_a_door_arrival_moves_todays_footfall_and_funnel_live(live_server, browser,
                                                               screenshots, settings):
    errors: list[str] = []
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        _sign_in(page, live_server.url, _signin(settings, "manager.ldn"))
        page.get_by_role("link", name="Dashboard").click()
        page.wait_for_url(f"{live_server.url}/staff/manager")
        page.locator("#live-status.ok").wait_for(timeout=10_000)
        page.wait_for_function("() => Number(document.getElementById('today').dataset.version)")
        before = _today(page)
        page.locator("#range [data-table=summary] tbody th").first.wait_for()

        branch_id = _branch_id(live_server)
        door_entry(live_server.database, live_server.bus, branch_id, "LDN-01-DOOR")
        _arrival(live_server, branch_id)
        # An upper bound, not a timing assertion: the page refetches on the room's notice.
        page.wait_for_function(
            "([f, v]) => Number(document.getElementById('today').dataset.footfall) > f"
            " && Number(document.getElementById('today').dataset.version) > v",
            arg=[before["footfall"], before["version"]], timeout=5000)
        page.wait_for_function(
            "(n) => Number([...document.querySelectorAll('#today [data-table=funnel] tbody tr')]"
            "[1].children[1].textContent.replace(/\\D/g, '')) > n",
            arg=int("".join(c for c in before["identified"] if c.isdigit()) or 0), timeout=5000)
        after = _today(page)
        assert after["footfall"] == before["footfall"] + 1
        assert after["tile"] == str(after["footfall"])
        assert int(after["came_in"].replace(",", "")) == after["footfall"]
        page.screenshot(path=screenshots / "manager-1280.png", full_page=True)

        page.set_viewport_size(TABLET)
        page.locator("#range [data-table=heatmap] canvas").scroll_into_view_if_needed()
        page.screenshot(path=screenshots / "manager-tablet.png", full_page=True)
        # Every table has a caption, every chart a label, every table a CSV link that works.
        for panel in page.locator(".panel").all():
            assert panel.locator("caption").inner_text().strip()
            href = panel.locator("a[data-csv]").get_attribute("href")
            assert href.startswith("/api/manager/metrics.csv?") and "table=" in href
        csv = context.request.get(live_server.url + page.locator(
            "#today [data-table=funnel] a[data-csv]").get_attribute("href"))
        assert csv.ok and csv.text().startswith("step,count,conversion")
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
        assert errors == []
    finally:
        context.close()


def test_a_range_by_week_and_the_area_managers_comparison(live_server, browser, screenshots,
                                                          settings):
    context = browser.new_context(viewport=TABLET, has_touch=True)
    page = context.new_page()
    try:
        _sign_in(page, live_server.url, _signin(settings, "area.core"))
        page.wait_for_url(f"{live_server.url}/staff/manager")  # no floor: the dashboard
        rows = page.locator("#range [data-table=comparison] tbody tr")
        rows.nth(1).wait_for(timeout=10_000)
        names = rows.locator("th").all_inner_texts()
        assert any("Strand" in n for n in names) and any("Deansgate" in n for n in names)
        # The demo's history (demo.history_days, 14 in testing) covers two weeks: compare
        # the last week with the one before it.
        today = utcnow().date()
        page.fill("#range-from", (today - timedelta(days=6)).isoformat())
        page.fill("#range-to", today.isoformat())
        page.select_option("#range-granularity", "week")
        page.locator("#range-form button[type=submit]").click()
        page.wait_for_function("() => /W\\d\\d/.test(document.querySelector("
                               "'#range [data-table=footfall] tbody th').textContent)")
        # A share moves in points, a count by a percentage of itself.
        summary = page.locator("#range [data-table=summary] tbody tr")
        assert summary.filter(has_text="Identified").locator("td").last.inner_text() \
            .endswith(" pts")
        assert summary.filter(has_text="Footfall").locator("td").last.inner_text().endswith("%")
        page.screenshot(path=screenshots / "manager-area-tablet.png", full_page=True)
        page.select_option("#branch-pick", "MAN-01")
        page.locator("#range [data-table=comparison]").wait_for(state="attached")
        page.wait_for_function("() => !document.querySelector('#range [data-table=comparison]"
                               " tbody th') || document.querySelectorAll("
                               "'#range [data-table=comparison] tbody th').length === 0")
    finally:
        context.close()


def test_relationship_managers_get_403_on_the_dashboard(live_server, browser, settings):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        _sign_in(page, live_server.url, _signin(settings, "rm1.ldn"))
        assert page.get_by_role("link", name="Dashboard").count() == 0
        response = page.goto(f"{live_server.url}/staff/manager")
        assert response.status == 403
        assert context.request.get(f"{live_server.url}/api/manager/metrics").status == 403
    finally:
        context.close()
