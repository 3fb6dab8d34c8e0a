"""Sentences kept in stored insights: a `Text` as JSON and back, still translatable."""

from __future__ import annotations

from datetime import date
from typing import Any

from shared.i18n.moments import Day
from shared.i18n.text import Text
from shared.money.format import EXACT, Amount


def encode_text(text: str) -> dict:
    """A sentence as JSON: its msgid and parameters (amounts, days and sentences tagged)."""
    if not isinstance(text, Text):
        return {"msgid": str(text), "params": {}}
    return {"msgid": text.msgid, "params": {k: _encode(v) for k, v in text.params.items()}}


def decode_text(data: dict) -> Text:
    return Text(data["msgid"], **{k: _decode(v) for k, v in data.get("params", {}).items()})


def _encode(value: Any) -> Any:
    if isinstance(value, Amount):
        # [minor, currency], and the form unless exact: Amount(*that list) rebuilds it.
        form = [] if value.form == EXACT else [value.form]
        return {"amount": [value.minor, value.currency, *form]}
    if isinstance(value, Day):
        return {"day": value.day.isoformat()}
    if isinstance(value, Text):
        return {"text": encode_text(value)}
    if isinstance(value, int | float):
        return value
    return str(value)


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "amount" in value:
            return Amount(*value["amount"])
        if "day" in value:
            return Day(date.fromisoformat(value["day"]))
        if "text" in value:
            return decode_text(value["text"])
    return value
