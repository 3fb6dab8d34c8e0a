"""The manager's metrics API: parameters, 422s, who sees which branches, the CSV."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from shared.analytics.dashboard import branch_dashboard
from shared.analytics.facts import Fact, record
from shared.analytics.kinds import FactKind as K
from shared.analytics.metrics import Targets
from shared.analytics.periods import MAX_DAYS, Granularity, Period
from shared.db.base import utcnow
from shared.models import Area
from shared.models.enums import Role
from tests.factories import make_branch, make_staff
from tests.web_helpers import sign_in

DAY = date(2026, 5, 4)  # a Monday, BST


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 1, 30, tzinfo=UTC)  # local hour


@pytest.fixture
def world(db_session):
    """Area North holds north and east; south is in no area. Facts on DAY and today."""
    area = Area(code="NORTH", name="The North")
    db_session.add(area)
    db_session.flush()
    north = make_branch(db_session, timezone="Europe/London", area_id=area.id)
    east = make_branch(db_session, timezone="Europe/London", area_id=area.id)
    south = make_branch(db_session, timezone="Europe/London")
    staff = {
        "manager": make_staff(db_session, north, Role.BRANCH_MANAGER),
        "east_manager": make_staff(db_session, east, Role.BRANCH_MANAGER),
        "south_manager": make_staff(db_session, south, Role.BRANCH_MANAGER),
        "area": make_staff(db_session, north, Role.AREA_MANAGER),
        "no_area": make_staff(db_session, south, Role.AREA_MANAGER),
        "rm": make_staff(db_session, north, Role.RELATIONSHIP_MANAGER),
        "teller": make_staff(db_session, north, Role.TELLER),
        "admin": make_staff(db_session, north, Role.ADMIN),
    }
    n = iter(range(10_000))

    def fact(branch, kind, when, dim="", detail="", seconds=None):
        record(db_session, Fact(kind, f"t:{next(n)}", branch.id, when, dim, detail,
                                None if seconds is None else timedelta(seconds=seconds)))

    for _ in range(5):
        fact(north, K.DOOR_ENTRY, _at(DAY, 10), "D", seconds=3)
    fact(north, K.DOOR_EXIT, _at(DAY, 11), "D", seconds=3)
    fact(north, K.ARRIVAL, _at(DAY, 10), "door_camera")
    fact(north, K.GREETED, _at(DAY, 10), seconds=60)
    fact(north, K.KIOSK_SESSION, _at(DAY, 12), "fallback", "over_limit", 90)
    fact(north, K.TICKET_TAKEN, _at(DAY, 12), "cash")
    fact(north, K.TICKET_CALLED, _at(DAY, 12), "cash", seconds=200)
    for _ in range(2):
        fact(east, K.DOOR_ENTRY, _at(DAY, 15), "D", seconds=3)
    fact(north, K.DOOR_ENTRY, _at(DAY - timedelta(days=1), 10), "D", seconds=3)  # previous
    fact(south, K.DOOR_ENTRY, _at(DAY, 10), "D", seconds=3)
    fact(north, K.DOOR_ENTRY, utcnow(), "D", seconds=3)  # today
    db_session.commit()
    return {"north": north, "east": east, "south": south, "area": area}, staff


def _client(app, staff_member):
    client = app.test_client()
    sign_in(client, staff_member.username)
    return client


def _day(extra: str = "") -> str:
    return f"/api/manager/metrics?from={DAY}&to={DAY}{extra}"


def test_a_branch_manager_sees_their_branch_with_every_figure(app, world):
    branches, staff = world
    answer = _client(app, staff["manager"]).get(_day())
    assert answer.status_code == 200, answer.text
    data = answer.json
    assert data["branch"] == branches["north"].code and data["timezone"] == "Europe/London"
    assert [b["code"] for b in data["scope"]] == [branches["north"].code]
    assert data["footfall"]["entries"] == 5 and data["footfall"]["series"] == [
        {"period": str(DAY), "entries": 5, "exits": 1}]
    assert [(s["step"], s["count"]) for s in data["funnel"]][:3] == [
        ("footfall", 5), ("identified", 1), ("greeted", 1)]
    assert data["queue"]["all"]["called"] == 1 and data["queue"]["services"][0]["service"] == "cash"
    assert data["kiosk"]["fallback_reasons"] == {"over_limit": 1}
    assert data["greet"]["p50_s"] == 60 and data["door_wait"]["count"] == 0
    assert data["previous"]["footfall"] == 1 and data["change"]["footfall"] == 4.0
    assert data["occupancy"]["entries"] == 1  # today, not the range
    assert "comparison" not in data


def test_the_answer_keeps_every_key_of_the_dashboard(app, world, db_session):
    branches, staff = world
    data = _client(app, staff["manager"]).get(_day("&granularity=hour")).json
    period = Period(DAY, DAY)
    expected = branch_dashboard(db_session, [branches["north"].id], period, Granularity.HOUR,
                                Targets.from_settings(app.extensions["smartbranch.settings"]))

    def same_keys(want, got, path="") -> None:
        if isinstance(want, dict):
            assert set(want) <= set(got), (path, set(want) - set(got))
            for key, value in want.items():
                same_keys(value, got[key], f"{path}.{key}")
        elif isinstance(want, list) and want and isinstance(want[0], dict):
            for a, b in zip(want, got, strict=True):
                same_keys(a, b, path + "[]")
        else:
            assert want == got, path

    same_keys(expected, data)


def test_defaults_are_today_by_day(app, world):
    branches, staff = world
    data = _client(app, staff["manager"]).get("/api/manager/metrics").json
    assert data["from"] == data["to"] == data["today"]
    assert data["footfall"]["granularity"] == "day" and data["footfall"]["entries"] == 1


@pytest.mark.parametrize(("query", "field"), [
    ("from=2026-13-01&to=2026-05-04", "from"),
    ("from=yesterday", "from"),
    ("from=0001-01-01&to=0001-01-02", "from"),
    ("granularity=minute", "granularity"),
    ("from=2026-05-05&to=2026-05-04", "from"),
    (f"from={DAY - timedelta(days=MAX_DAYS)}&to={DAY}", "from"),
    ("from=2026-04-01&to=2026-05-04&granularity=hour", "granularity"),
])
def test_bad_dates_granularities_and_ranges_are_422(app, world, query, field):
    _, staff = world
    answer = _client(app, staff["manager"]).get(f"/api/manager/metrics?{query}")
    assert answer.status_code == 422, answer.text
    assert field in answer.json["errors"]["query"]


def test_branches_and_an_area_together_are_422(app, world):
    branches, staff = world
    answer = _client(app, staff["area"]).get(
        _day(f"&branch={branches['north'].code}&area=NORTH"))
    assert answer.status_code == 422


def test_another_branch_and_an_unknown_one_are_refused_alike(app, world):
    branches, staff = world
    client = _client(app, staff["manager"])
    other = client.get(_day(f"&branch={branches['south'].code}"))
    unknown = client.get(_day("&branch=NOPE-99"))
    assert other.status_code == unknown.status_code == 403
    assert other.json["message"] == unknown.json["message"]
    assert client.get(_day("&area=NORTH")).status_code == 403  # a branch manager has no area


def test_an_area_manager_sees_and_compares_their_areas_branches(app, world):
    branches, staff = world
    client = _client(app, staff["area"])
    data = client.get(_day()).json
    assert data["branch"] is None
    assert {b["code"] for b in data["branches"]} == {branches["north"].code,
                                                     branches["east"].code}
    assert data["footfall"]["entries"] == 7  # north 5 + east 2, never south
    rows = {r["branch"]: r for r in data["comparison"]}
    assert rows[branches["north"].code]["footfall"] == 5
    assert rows[branches["east"].code]["footfall"] == 2
    assert rows[branches["north"].code]["previous"]["footfall"] == 1
    by_area = client.get(_day("&area=NORTH")).json
    assert by_area["area"] == {"code": "NORTH", "name": "The North"}
    assert by_area["footfall"] == data["footfall"]
    one = client.get(_day(f"&branch={branches['east'].code}")).json
    assert one["branch"] == branches["east"].code and one["footfall"]["entries"] == 2
    both = client.get(_day(f"&branch={branches['east'].code}&branch={branches['north'].code}"))
    assert both.json["footfall"]["entries"] == 7 and len(both.json["comparison"]) == 2
    assert client.get(_day(f"&branch={branches['south'].code}")).status_code == 403
    assert client.get(_day("&area=SOUTH")).status_code == 403


def test_an_area_manager_whose_branch_is_in_no_area_sees_nothing(app, world):
    _, staff = world
    answer = _client(app, staff["no_area"]).get(_day())
    assert answer.status_code == 403


@pytest.mark.parametrize("who", ["rm", "teller", "admin"])
def test_other_roles_get_403_on_the_api_csv_and_page(app, world, who):
    _, staff = world
    client = _client(app, staff[who])
    for url in (_day(), "/api/manager/metrics.csv", "/staff/manager"):
        assert client.get(url).status_code == 403, url


def test_signed_out_is_401(app, world):
    assert app.test_client().get("/api/manager/metrics").status_code == 401
    assert app.test_client().get("/api/manager/metrics.csv").status_code == 401


def test_the_csv_holds_every_table_as_sections(app, world):
    _, staff = world
    answer = _client(app, staff["area"]).get(f"/api/manager/metrics.csv?from={DAY}&to={DAY}")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.text)))
    names = [rows[0][0]] + [rows[i + 1][0] for i, row in enumerate(rows[:-1]) if row == []]
    assert names == ["summary", "occupancy", "footfall", "funnel", "queue", "kiosk",
                     "kiosk_fallbacks", "greet", "door_wait", "identified", "dwell", "heatmap",
                     "comparison"]
    assert ["step", "count", "conversion"] in rows and ["footfall", "7", ""] in rows


def test_one_table_is_a_plain_csv(app, world):
    branches, staff = world
    client = _client(app, staff["manager"])
    answer = client.get(_day("&table=funnel").replace("metrics?", "metrics.csv?"))
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert rows[0] == ["step", "count", "conversion"]
    assert rows[1:3] == [["footfall", "5", ""], ["identified", "1", "0.2"]]
    heat = list(csv.reader(io.StringIO(client.get(
        _day("&table=heatmap").replace("metrics?", "metrics.csv?")).text)))
    assert heat[0][:3] == ["weekday", "00", "01"] and heat[1][0] == "Mon" and heat[1][11] == "5"
    assert client.get("/api/manager/metrics.csv?table=nope").status_code == 422


def test_the_api_is_in_the_openapi_document(app):
    doc = app.test_client().get("/api/openapi.json").json
    get = doc["paths"]["/api/manager/metrics"]["get"]
    assert {p["name"] for p in get["parameters"]} >= {"branch", "area", "from", "to",
                                                       "granularity"}
    schema = doc["components"]["schemas"]["Metrics"]["properties"]
    assert {"footfall", "funnel", "queue", "kiosk", "greet", "door_wait", "occupancy",
            "comparison", "previous", "heatmap"} <= set(schema)
    assert "text/csv" in doc["paths"]["/api/manager/metrics.csv"]["get"]["responses"]["200"][
        "content"]


def test_an_area_manager_lands_on_the_dashboard_and_managers_see_its_link(app, world):
    _, staff = world
    client = app.test_client()
    landing = sign_in(client, staff["area"].username)
    assert landing.status_code == 302 and landing.headers["Location"] == "/staff/manager"
    assert 'href="/staff/manager"' in client.get("/staff/").text  # no floor: a pointer
    manager = app.test_client()
    assert sign_in(manager, staff["manager"].username).headers["Location"] == "/staff/"
    assert 'href="/staff/manager"' in manager.get("/staff/").text  # the top bar's link
    rm = app.test_client()
    sign_in(rm, staff["rm"].username)
    assert 'href="/staff/manager"' not in rm.get("/staff/").text
