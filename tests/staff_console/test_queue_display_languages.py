"""The public queue screen follows the browser's language, its script's words too."""

import json
import re

from tests.factories import make_branch


def _page_text(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="page-text">(.*?)</script>',
                                page, re.S).group(1))


def test_the_queue_screen_answers_in_korean(client, db_session):
    make_branch(db_session, code="QLG-01")
    db_session.commit()
    page = client.get("/queue/QLG-01", headers={"Accept-Language": "ko-KR,ko;q=0.9"}).text
    assert '<html lang="ko-KR" dir="ltr">' in page
    assert "현재 처리 중" in page and "예상 대기 시간" in page and "대기 없음" in page
    text = _page_text(page)
    assert text["counter"] == "{counter}번 창구" and text["about"] == "약 {minutes}분"


def test_the_queue_screen_is_right_to_left_in_persian(client, db_session):
    make_branch(db_session, code="QLG-02")
    db_session.commit()
    page = client.get("/queue/QLG-02?ticket=C007", headers={"Accept-Language": "fa"}).text
    assert '<html lang="fa-IR" dir="rtl">' in page
    assert "شمارهٔ شما" in page and '<bdi>C007</bdi>' in page
    assert _page_text(page)["go_to_counter"] == "لطفاً به باجهٔ {counter} بروید."


def test_without_a_language_it_stays_english(client, db_session):
    make_branch(db_session, code="QLG-03")
    db_session.commit()
    page = client.get("/queue/QLG-03").text
    assert '<html lang="en-GB" dir="ltr">' in page and "Now serving" in page
    assert _page_text(page)["no_wait"] == "no wait"
