"""The staff console's language: the one chosen in the top bar, else the browser's."""

from shared.models.enums import Role
from tests.factories import make_branch, make_staff
from tests.web_helpers import csrf_token, sign_in


def _choose(client, code: str, next_page: str = "/staff/sign-in"):
    page = client.get(next_page).text
    return client.post("/staff/language", data={"language": code, "next": next_page,
                                                "csrf_token": csrf_token(page)})


def test_before_a_choice_the_browser_decides(client):
    page = client.get("/staff/sign-in", headers={"Accept-Language": "fa-IR,fa;q=0.9"}).text
    assert '<html lang="fa-IR" dir="rtl"' in page and "Sign in" not in page
    assert 'value="fa" lang="fa-IR" selected' in page  # the chooser shows where we are


def test_the_choice_wins_over_the_browser_and_stays(client):
    answer = _choose(client, "zh")
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/staff/sign-in")
    page = client.get("/staff/sign-in", headers={"Accept-Language": "fa"}).text
    assert '<html lang="zh-Hans-CN" dir="ltr"' in page
    _choose(client, "en")
    assert '<html lang="en-GB"' in client.get("/staff/sign-in").text


def test_a_language_we_do_not_ship_changes_nothing(client):
    _choose(client, "ko")
    _choose(client, "xx")
    assert '<html lang="ko-KR"' in client.get("/staff/sign-in").text


def test_the_way_back_stays_on_this_site(client):
    page = client.get("/staff/sign-in").text
    answer = client.post("/staff/language", data={"language": "it", "next": "//evil.example/",
                                                  "csrf_token": csrf_token(page)})
    assert answer.status_code == 303 and "evil" not in answer.headers["Location"]


def test_a_signed_in_page_shows_times_in_the_branchs_zone(client, db_session):
    branch = make_branch(db_session, code="LNG-01", timezone="Asia/Seoul")
    staff = make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER)
    db_session.commit()
    sign_in(client, staff.username)
    _choose(client, "ko", "/staff/")
    page = client.get("/staff/").text
    assert '<html lang="ko-KR" dir="ltr" data-timezone="Asia/Seoul">' in page
