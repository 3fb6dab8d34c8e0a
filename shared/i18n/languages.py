"""The shipped languages, their locales and text direction; Accept-Language negotiation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


@dataclass(frozen=True)
class Language:
    """One language we ship: its catalogue, the locale it formats in, how it is written."""

    code: str  # the catalogue's folder and the `lang` of a page (BCP 47 primary tag)
    locale: str  # the Babel locale that numbers, money and dates are formatted in
    name: str  # in the language itself, for the language button
    rtl: bool = False

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def tag(self) -> str:
        """The BCP 47 tag browsers use (zh_Hans_CN -> zh-Hans-CN)."""
        return self.locale.replace("_", "-")


ENGLISH = Language("en", "en_GB", "English")
LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        ENGLISH,
        Language("zh", "zh_Hans_CN", "简体中文"),
        Language("ko", "ko_KR", "한국어"),
        Language("fa", "fa_IR", "فارسی", rtl=True),
        Language("it", "it_IT", "Italiano"),
    )
}


def shipped(code: str | None) -> Language | None:
    """The shipped language for a code such as `zh`, `zh-CN` or `ko_KR`; None if we have none."""
    if not code:
        return None
    return LANGUAGES.get(code.replace("_", "-").split("-")[0].lower())


def language(code: str | None) -> Language:
    """The shipped language for a code; English when we do not ship it."""
    return shipped(code) or ENGLISH


def negotiate(accepted: Iterable[tuple[str, float]], default: Language = ENGLISH) -> Language:
    """The first shipped language among the browser's (tag, quality) pairs, best first.

    Only the primary tag counts: every Chinese tag gets Simplified Chinese, the one Chinese
    we ship (zh-TW readers read it, if less comfortably, better than English).
    """
    ranked = sorted(((q, -i, tag) for i, (tag, q) in enumerate(accepted) if q > 0),
                    reverse=True)
    for _q, _i, tag in ranked:
        if tag == "*":
            return default
        primary = tag.replace("_", "-").split("-")[0].lower()
        if primary in LANGUAGES:
            return LANGUAGES[primary]
    return default

