"""The kiosk's public pages answer in the browser's language, right to left for Persian."""

import re

import pytest

from tests.factories import make_branch, make_kiosk


@pytest.fixture
def kiosk_code(db_session):
    branch = make_branch(db_session, code="LNG-01", name="Strand")
    kiosk = make_kiosk(db_session, branch, code="LNG-01-K1")
    db_session.commit()
    return kiosk.code


def _html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


@pytest.mark.parametrize(("header", "lang", "direction", "words"), [
    ("zh-CN,zh;q=0.9", "zh-Hans-CN", "ltr", ["欢迎光临Strand", "到柜台咨询工作人员", "现金和支票"]),
    ("fa-IR,fa;q=0.9,en;q=0.5", "fa-IR", "rtl", ["به Strand خوش آمدید", "پول نقد و چک"]),
    ("ko-KR", "ko-KR", "ltr", ["Strand에 오신 것을 환영합니다", "현금 및 수표"]),
    ("it", "it-IT", "ltr", ["Benvenuto a Strand", "Contanti e assegni"]),
    ("de-DE", "en-GB", "ltr", ["Welcome to Strand", "Cash and cheques"]),
])
def test_the_welcome_page_follows_accept_language(client, kiosk_code, header, lang, direction,
                                                   words):
    page = client.get(f"/kiosk/{kiosk_code}", headers={"Accept-Language": header})
    assert page.status_code == 200
    assert _html_tag(page.text) == f'<html lang="{lang}" dir="{direction}">'
    for word in words:
        assert word in page.text


def test_the_ticket_is_given_in_the_customers_language(client, kiosk_code):
    chinese = {"Accept-Language": "zh-CN"}
    page = client.get(f"/kiosk/{kiosk_code}", headers=chinese)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = client.post(f"/kiosk/{kiosk_code}", headers=chinese,
                         data={"service": "cash", "csrf_token": token})
    assert "您的号票" in answer.text and "请就座。我们会在屏幕上叫您的号码。" in answer.text
    assert 'id="ticket-number"><bdi>C001</bdi>' in answer.text  # isolated: reads left to right


def test_an_unpaired_screen_says_so_in_the_browsers_language(client, kiosk_code):
    page = client.get(f"/kiosk/{kiosk_code}/touch", headers={"Accept-Language": "fa"})
    assert page.status_code == 401
    assert _html_tag(page.text) == '<html lang="fa-IR" dir="rtl">'
    assert "این صفحه به کیوسک وصل نیست." in page.text
    wrong = client.get(f"/kiosk/{kiosk_code}/pair?token=nope", headers={"Accept-Language": "ko"})
    assert wrong.status_code == 401 and "이 연결 링크는 유효하지 않습니다" in wrong.text
