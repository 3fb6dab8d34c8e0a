"""The kiosk's spoken command set: grammars for the recognisers and a parser to intents.

English and Korean share one set of intents. A spoken amount becomes integer minor units
(pence for "pounds", won for "원"); the kiosk reads it back and asks yes/no before
anything happens, and money still needs card and PIN.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class IntentKind(StrEnum):
    BALANCE = "balance"
    WITHDRAW = "withdraw"
    DEPOSIT = "deposit"
    TRANSFER = "transfer"
    HELP = "help"
    REPEAT = "repeat"
    CANCEL = "cancel"
    YES = "yes"
    NO = "no"
    DIGITS = "digits"
    TALK_TO_SOMEONE = "talk_to_someone"  # -> a counter ticket
    NAVIGATE = "navigate"  # move the focus: left, right, back, front (accessibility)
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Intent:
    """What the customer asked for; `amount_minor`, `digits`, `target` only where they apply."""

    kind: IntentKind
    text: str = ""
    amount_minor: int | None = None
    digits: str | None = None
    target: str | None = None


# ---------------------------------------------------------------- English
EN_DIGITS = {"zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
             "six": 6, "seven": 7, "eight": 8, "nine": 9}
EN_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
            "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
           "eighty": 80, "ninety": 90}
# The grammar holds one phrase per intent: every synonym added to it was measured to cost
# accuracy on the command clips (more near-homophones for short words); the parser still
# accepts the synonyms from other recognisers.
EN_PHRASES: dict[str, IntentKind] = {
    "balance": IntentKind.BALANCE, "deposit": IntentKind.DEPOSIT,
    "transfer": IntentKind.TRANSFER, "help": IntentKind.HELP, "repeat": IntentKind.REPEAT,
    "cancel": IntentKind.CANCEL, "stop": IntentKind.CANCEL,
    "yes": IntentKind.YES, "no": IntentKind.NO, "talk to someone": IntentKind.TALK_TO_SOMEONE,
}
EN_SYNONYMS: dict[str, IntentKind] = {
    "check balance": IntentKind.BALANCE, "my balance": IntentKind.BALANCE,
    "say again": IntentKind.REPEAT, "speak to someone": IntentKind.TALK_TO_SOMEONE,
}
EN_NAVIGATION = ("left", "right", "back", "front")
EN_WITHDRAW = ("withdraw",)
EN_WITHDRAW_SYNONYMS = ("take out", "cash")
EN_CURRENCY = ("pounds", "pound")
# "to" is a word of "talk to someone" only: a lone "to" is never the digit two.


def english_jsgf(extra_phrases: tuple[str, ...] = ()) -> str:
    """Return a JSGF grammar: one command per utterance, an amount, or digits.

    A digit string is one digit (a menu choice) or four or more (the challenge, reference
    numbers): allowing two or three let breath after "three" become "three eight".
    """
    digit = " | ".join(EN_DIGITS)
    nonzero = " | ".join(w for w, v in EN_DIGITS.items() if v)
    phrases = [*EN_PHRASES, *EN_NAVIGATION, *extra_phrases]
    return "\n".join([
        "#JSGF V1.0;",
        "grammar kiosk;",
        "public <command> = <phrase> | <withdraw> | <digits>;",
        "<phrase> = " + " | ".join(sorted(set(phrases))) + ";",
        "<withdraw> = (" + " | ".join(EN_WITHDRAW) + ") [<amount>];",
        "<amount> = <number> [" + " | ".join(EN_CURRENCY) + "];",
        "<number> = <under1000> [thousand [[and] <under1000>]];",
        "<under1000> = <under100> | (<nonzero> hundred [[and] <under100>]);",
        "<under100> = <nonzero> | " + " | ".join(EN_TEENS) + " | (("
        + " | ".join(EN_TENS) + ") [<nonzero>]);",
        f"<nonzero> = {nonzero};",
        f"<d> = {digit};",
        "<digits> = <d> | (<d> <d> <d> <d> <d>*);",
        "",
    ])


def english_vocabulary(extra_phrases: tuple[str, ...] = ()) -> list[str]:
    """Return the phrases a word-list recogniser (Vosk) may output for English commands."""
    words = {*EN_PHRASES, *EN_NAVIGATION, *EN_WITHDRAW, *EN_CURRENCY, *extra_phrases,
             *EN_DIGITS, *EN_TEENS, *EN_TENS, "hundred", "thousand", "and"}
    return sorted(words)


def _english_number(words: list[str]) -> int | None:
    """Parse "one hundred and twenty five" style words into an integer, or None."""
    total, current, seen = 0, 0, False
    for word in words:
        if word == "and":
            continue
        if word in EN_DIGITS:
            current += EN_DIGITS[word]
        elif word in EN_TEENS:
            current += EN_TEENS[word]
        elif word in EN_TENS:
            current += EN_TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "thousand":
            total += (current or 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_english(text: str, minor_per_unit: int = 100) -> Intent:
    """Turn an English transcript into an intent."""
    clean = " ".join(text.lower().replace("-", " ").split())
    words = clean.split()
    if not words:
        return Intent(IntentKind.UNKNOWN, clean)
    if clean in EN_PHRASES or clean in EN_SYNONYMS:
        return Intent(EN_PHRASES.get(clean) or EN_SYNONYMS[clean], clean)
    if clean in EN_NAVIGATION:
        return Intent(IntentKind.NAVIGATE, clean, target=clean)
    for verb in (*EN_WITHDRAW, *EN_WITHDRAW_SYNONYMS):
        if clean == verb or clean.startswith(verb + " "):
            rest = [w for w in clean[len(verb):].split() if w not in EN_CURRENCY]
            if not rest:
                return Intent(IntentKind.WITHDRAW, clean)
            amount = _english_number(rest)
            if amount is None:
                return Intent(IntentKind.UNKNOWN, clean)
            return Intent(IntentKind.WITHDRAW, clean, amount_minor=amount * minor_per_unit)
    if all(w in EN_DIGITS for w in words):
        return Intent(IntentKind.DIGITS, clean, digits="".join(str(EN_DIGITS[w]) for w in words))
    return Intent(IntentKind.UNKNOWN, clean)


# ---------------------------------------------------------------- Korean
# Sino-Korean numerals (used for money and for reading digits).
KO_DIGITS = {"영": 0, "공": 0, "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7,
             "팔": 8, "구": 9}
KO_UNITS = {"십": 10, "백": 100, "천": 1000}
KO_MYRIAD = {"만": 10_000, "억": 100_000_000}
KO_PHRASES: dict[str, IntentKind] = {
    "잔액": IntentKind.BALANCE, "잔액 조회": IntentKind.BALANCE,
    "입금": IntentKind.DEPOSIT, "이체": IntentKind.TRANSFER, "송금": IntentKind.TRANSFER,
    "도움말": IntentKind.HELP, "다시": IntentKind.REPEAT, "취소": IntentKind.CANCEL,
    "예": IntentKind.YES, "네": IntentKind.YES, "아니요": IntentKind.NO,
    "아니오": IntentKind.NO, "상담원": IntentKind.TALK_TO_SOMEONE,
    "상담원 연결": IntentKind.TALK_TO_SOMEONE,
}
KO_WITHDRAW = ("출금", "인출")
KO_CURRENCY = "원"


def korean_vocabulary() -> list[str]:
    """Return the word list for Vosk's grammar mode with the Korean model."""
    words = set()
    for phrase in (*KO_PHRASES, *KO_WITHDRAW):
        words.update(phrase.split())
    words.update(KO_DIGITS)
    words.update(KO_UNITS)
    words.update(KO_MYRIAD)
    words.add(KO_CURRENCY)
    return sorted(words)


def _korean_number(tokens: list[str]) -> int | None:
    """Parse Sino-Korean numerals ("오 만", "삼만 오천") into an integer, or None."""
    chars = [c for c in "".join(tokens) if c != KO_CURRENCY]
    if not chars:
        return None
    total, section, digit = 0, 0, None
    for c in chars:
        if c in KO_DIGITS:
            if digit is not None:
                return None  # two digits in a row are not an amount
            digit = KO_DIGITS[c]
        elif c in KO_UNITS:
            section += (1 if digit is None else digit) * KO_UNITS[c]
            digit = None
        elif c in KO_MYRIAD:
            part = section + (digit or 0)
            total += (part or 1) * KO_MYRIAD[c]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def parse_korean(text: str) -> Intent:
    """Turn a Korean transcript into an intent; amounts are in won (no minor unit)."""
    clean = " ".join(text.split())
    tokens = clean.split()
    if not tokens:
        return Intent(IntentKind.UNKNOWN, clean)
    if clean in KO_PHRASES:
        return Intent(KO_PHRASES[clean], clean)
    for verb in KO_WITHDRAW:
        if clean.startswith(verb):
            rest = clean[len(verb):].split()
            if not rest:
                return Intent(IntentKind.WITHDRAW, clean)
            amount = _korean_number(rest)
            if amount is None:
                return Intent(IntentKind.UNKNOWN, clean)
            return Intent(IntentKind.WITHDRAW, clean, amount_minor=amount)
    if all(t in KO_DIGITS for t in tokens):
        return Intent(IntentKind.DIGITS, clean, digits="".join(str(KO_DIGITS[t]) for t in tokens))
    return Intent(IntentKind.UNKNOWN, clean)


def parse_command(text: str, language: str = "en", minor_per_unit: int = 100) -> Intent:
    """Parse a transcript in the recogniser's language ("en" or "ko")."""
    if language.lower().startswith("ko"):
        return parse_korean(text)
    return parse_english(text, minor_per_unit)


def command_vocabulary(language: str) -> list[str]:
    """Return the grammar word list for a language."""
    return korean_vocabulary() if language.lower().startswith("ko") else english_vocabulary()


def spoken_digits(text: str, language: str = "en") -> str | None:
    """Return the digit string a transcript reads out, or None if it is not only digits."""
    intent = parse_command(text, language)
    return intent.digits if intent.kind == IntentKind.DIGITS else None
