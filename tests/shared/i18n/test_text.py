"""Sentences that read as English and are said again in the customer's language."""

import copy
import json
from datetime import UTC, datetime

from shared.i18n.moments import Moment
from shared.i18n.text import N_, Text, localise
from shared.money.format import Amount


def test_a_text_reads_as_english_and_keeps_its_msgid():
    text = Text("Deposited %(amount)s.", amount=Amount(5000, "GBP"))
    assert text == "Deposited £50.00." and text.msgid == "Deposited %(amount)s."
    assert json.dumps({"message": text}) == '{"message": "Deposited \\u00a350.00."}'
    assert copy.deepcopy(text).params["amount"].minor == 5000  # a copy stays translatable


def test_localise_translates_sentences_and_their_parameters():
    deposited = Text("Deposited %(amount)s.", amount=Amount(5000, "GBP"))
    assert localise(deposited, "zh") == "已存入 £50.00。"
    assert localise(deposited, "it") == "Versati 50,00\xa0£."  # the amount in Italian too
    assert localise(Text("Wrong PIN. %(left)s tries left.", left=2), "ko") == (
        "비밀번호가 틀렸습니다. 2번 남았습니다.")
    nested = Text("Show the balance of %(account)s?", account=Text("your account"))
    assert localise(nested, "fa") == "موجودی حساب شما نمایش داده شود؟"


def test_constants_are_looked_up_and_unknown_words_stay():
    assert localise(N_("Insert your card to start."), "zh") == "请插入银行卡开始。"
    assert localise("Not a sentence we ship", "fa") == "Not a sentence we ship"
    assert localise(Text("Insert your card to start."), "en") == "Insert your card to start."
    assert localise("", "zh") == "" and localise(None, "zh") is None
    names = Text("Hello %(name)s. What would you like to do?", name="Insert your card to start.")
    assert localise(names, "zh").startswith("Insert your card to start.，")  # names stay names


def test_a_translation_that_lost_its_placeholder_falls_back_to_english(monkeypatch, caplog):
    from shared.i18n import text as text_module

    class Broken:
        def gettext(self, msgid):
            return "余额"  # the %(amount)s went missing

    monkeypatch.setattr(text_module, "translations", lambda code: Broken())
    balance = Text("Balance %(amount)s", amount=Amount(1234, "GBP"))
    assert localise(balance, "zh") == "Balance £12.34"
    assert "does not fit its parameters" in caplog.text


def test_a_moment_is_written_in_the_readers_language_and_the_branchs_zone():
    at = datetime(2026, 7, 6, 8, 5, tzinfo=UTC)  # summer: London is UTC+1
    moment = Moment(at, "Europe/London")
    assert str(moment) == "6 Jul 2026, 09:05"
    assert localise(moment, "zh") == "2026年7月6日 09:05"
    assert localise(moment, "it") == "6 lug 2026, 09:05"
    assert localise(Text("Issued: %(at)s", at=moment), "it") == "Emesso: 6 lug 2026, 09:05"
    assert Moment(at).in_locale("en_GB") == "6 Jul 2026, 08:05"  # UTC unless a zone is given
