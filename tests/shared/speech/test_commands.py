"""The command parser and grammars (English and Korean)."""

import pytest

from shared.speech.commands import IntentKind, parse_command, spoken_digits
from shared.speech.stt import commands_grammar, digits_grammar, grammar_named


@pytest.mark.parametrize(
    ("text", "kind", "amount"),
    [
        ("balance", IntentKind.BALANCE, None),
        ("withdraw fifty pounds", IntentKind.WITHDRAW, 5000),
        ("withdraw one hundred and twenty", IntentKind.WITHDRAW, 12000),
        ("take out two thousand five hundred", IntentKind.WITHDRAW, 250000),
        ("withdraw", IntentKind.WITHDRAW, None),
        ("talk to someone", IntentKind.TALK_TO_SOMEONE, None),
        ("stop", IntentKind.CANCEL, None),
        ("yes", IntentKind.YES, None),
        ("left", IntentKind.NAVIGATE, None),
        ("withdraw banana", IntentKind.UNKNOWN, None),
        ("", IntentKind.UNKNOWN, None),
    ],
)
def test_english(text, kind, amount):
    intent = parse_command(text, "en")
    assert intent.kind == kind
    assert intent.amount_minor == amount


@pytest.mark.parametrize(
    ("text", "kind", "amount"),
    [
        ("잔액 조회", IntentKind.BALANCE, None),
        ("출금 오 만 원", IntentKind.WITHDRAW, 50000),
        ("출금 삼만 오천 원", IntentKind.WITHDRAW, 35000),
        ("출금 십 만 원", IntentKind.WITHDRAW, 100000),
        ("상담원 연결", IntentKind.TALK_TO_SOMEONE, None),
        ("취소", IntentKind.CANCEL, None),
        ("아니요", IntentKind.NO, None),
    ],
)
def test_korean(text, kind, amount):
    intent = parse_command(text, "ko")
    assert intent.kind == kind
    assert intent.amount_minor == amount


def test_digits_in_both_languages():
    assert spoken_digits("one zero oh nine", "en") == "1009"
    assert spoken_digits("일 이 삼 사", "ko") == "1234"
    assert spoken_digits("balance", "en") is None


def test_grammars():
    en = commands_grammar("en")
    assert "talk to someone" in en.jsgf and "withdraw" in en.phrases
    assert "<digits>" in digits_grammar("en").jsgf
    assert "취소" in commands_grammar("ko").phrases
    assert grammar_named("none", "en") is None
    with pytest.raises(ValueError, match="unknown grammar"):
        grammar_named("poems", "en")
