"""A moment in time that writes itself in a reader's language and a branch's zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton, format_time, get_datetime_format


@dataclass(frozen=True)
class Moment:
    """A timestamp as tickets and receipts print it: "6 Dec 2026, 09:05", "2026年12月6日 09:05"."""

    at: datetime
    zone: str = "UTC"

    def in_locale(self, locale: str) -> str:
        """The date (medium) and the time to the minute, in `zone`, as `locale` writes them."""
        local = (self.at if self.at.tzinfo else self.at.replace(tzinfo=UTC)).astimezone(
            ZoneInfo(self.zone))
        pattern = get_datetime_format("medium", locale=locale)
        return pattern.replace("{1}", format_date(local, "medium", locale=locale)).replace(
            "{0}", format_time(local, "short", locale=locale))

    def __str__(self) -> str:
        return self.in_locale("en_GB")


@dataclass(frozen=True)
class Day:
    """A calendar day inside a sentence: "Thu 10 Dec" in English, "12月10日周四" in Chinese."""

    day: date

    def in_locale(self, locale: str) -> str:
        return format_skeleton("MMMEd", self.day, locale=locale)

    def __str__(self) -> str:
        return self.in_locale("en_GB")
