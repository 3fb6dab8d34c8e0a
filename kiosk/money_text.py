"""Amounts as the kiosk says them: a read-back in words the customer can check.

What the kiosk shows and prints goes through `format_money` (£1,234.56, ₩50,000), as on
the tablet; a spoken read-back says "50 pounds" or "50,000 won" in the kiosk's currency.
"""

from __future__ import annotations

from babel.numbers import format_decimal, get_currency_name

from shared.i18n.text import Text
from shared.money.format import Amount, format_money, to_major
from shared.settings import KioskSettings

# English read-backs say amounts in English words; other languages get them written out
# (SpokenAmount.in_locale), which their voices read aloud.
SPEECH_LOCALE = "en"


def spoken_amount(minor: int, currency: str) -> str:
    """Say a whole amount as "50 pounds" or "50,000 won"; a part of a unit as written."""
    major = to_major(minor, currency)
    if major != major.to_integral_value():
        return format_money(minor, currency)
    count = int(major)
    # Babel's name without the country ("British pounds" -> "pounds"): what people say.
    unit = get_currency_name(currency, count=count, locale=SPEECH_LOCALE).split()[-1]
    return f"{format_decimal(count, locale=SPEECH_LOCALE)} {unit}"


def withdrawal_example(kiosk: KioskSettings) -> str:
    """A withdrawal as a customer might say it here: the kiosk's largest note, in words.

    "withdraw 50 pounds" at a GBP kiosk, "withdraw 50,000 won" at a KRW one.
    """
    largest = max((cassette.denomination_minor for cassette in kiosk.cassettes), default=0)
    if not largest:
        return Text("withdraw")
    return Text("withdraw %(amount)s", amount=SpokenAmount(largest, kiosk.currency))


class SpokenAmount(Amount):
    """An amount inside a spoken sentence: "50 pounds" in English, written out elsewhere.

    Other languages get the amount as the screen writes it (Babel, e.g. ₩50,000), which the
    browser's voice of that language reads aloud; the kiosk hears amounts only in English
    and Korean (docs/VOICE.md).
    """

    def in_locale(self, locale: str) -> str:
        return str(self) if locale.startswith("en") else super().in_locale(locale)

    def __str__(self) -> str:
        return spoken_amount(self.minor, self.currency)
