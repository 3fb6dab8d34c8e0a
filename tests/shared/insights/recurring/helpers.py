"""Small builders of movements for the recurring, pay day and forecast tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from shared.insights.movements import Movement

ACCOUNT = "ours:1"


def pay(on: date, amount: int, name: str, kind: str = "direct_debit", category: str = "",
        account: str = ACCOUNT, description: str = "") -> Movement:
    """One movement at 06:00 on `on` (signed minor units: money out negative)."""
    return Movement(datetime.combine(on, time(6, 0), tzinfo=UTC), amount, "GBP",
                    description or name, name, account, kind, category)


def monthly(first: date, count: int, amount: int, name: str, **kw) -> list[Movement]:
    """`count` payments on `first`'s day of each month."""
    out = []
    for n in range(count):
        year, month = divmod(first.month - 1 + n, 12)
        out.append(pay(date(first.year + year, month + 1, first.day), amount, name, **kw))
    return out


def every(first: date, days: int, count: int, amount: int, name: str, **kw) -> list[Movement]:
    """`count` payments `days` apart from `first`."""
    return [pay(first + timedelta(days=days * n), amount, name, **kw) for n in range(count)]
