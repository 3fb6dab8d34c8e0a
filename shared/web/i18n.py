"""Flask-Babel for our pages: the language a view chose, else English.

A view whose page a customer reads picks the language (`use_language`, or
`use_browser_language` for the browser's Accept-Language); staff pages use the language the
staff member chose (`choose_language`, kept in their session), else the browser's. Templates
get `html_lang`, `text_direction` and `language`, `_()`/`ngettext()` from Flask-Babel, and
dates and times in the page's language and time zone (`local_date`, `local_time`,
`local_datetime`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.dates import format_skeleton, get_datetime_format
from babel.numbers import format_decimal
from flask import Flask, g, request, session
from flask_babel import (
    Babel,
    format_date,
    format_time,
    get_locale,
    gettext,
    refresh,
    to_user_timezone,
)

from shared.i18n.languages import ENGLISH, LANGUAGES, TRANSLATIONS_DIR, Language, negotiate, shipped
from shared.i18n.text import Text, localise, message_of
from shared.queue.board import wait_in_minutes

_CHOSEN = "language"  # the session key of a staff member's chosen language


def current_language() -> Language:
    return g.get("language", ENGLISH)


def use_language(language: Language) -> Language:
    """Render this request's pages and texts in `language`."""
    g.language = language
    refresh()  # Flask-Babel keeps the first catalogue a request asked for
    return language


def use_browser_language() -> Language:
    """Render this request in the best shipped language the browser asks for."""
    return use_language(negotiate(request.accept_languages))


def choose_language(code: str) -> Language | None:
    """Keep a shipped language in the session (a staff member's choice); None if not ours."""
    chosen = shipped(code)
    if chosen is not None:
        session[_CHOSEN] = chosen.code
    return chosen


def use_chosen_language() -> Language:
    """Render this request in the language chosen in the session, else the browser's."""
    chosen = shipped(session.get(_CHOSEN))
    return use_language(chosen) if chosen else use_browser_language()


def use_timezone(name: str | None) -> None:
    """Show this request's dates and times in the IANA zone `name` (a branch's); UTC if None."""
    g.timezone = name or "UTC"
    refresh()


def _select_locale() -> str:
    # The catalogue folder is the language code; Babel formats in the full locale.
    return current_language().locale


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", ENGLISH.locale)
    Babel(app, locale_selector=_select_locale, timezone_selector=lambda: g.get("timezone", "UTC"))
    app.jinja_env.globals.update(wait_label=wait_label, local_number=local_number,
                                 languages=list(LANGUAGES.values()))
    app.add_template_filter(local_date, "local_date")
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(local_datetime, "local_datetime")
    app.add_template_filter(local_day, "local_day")
    app.add_template_filter(localised, "localised")

    @app.context_processor
    def _language_of_the_page():
        language = current_language()
        return {"language": language, "html_lang": language.tag,
                "text_direction": language.direction, "page_timezone": g.get("timezone", "UTC"),
                "shared_text": shared_text}


def said(error: BaseException) -> str:
    """A refusal's message in this request's language (English when it has no translation)."""
    return localise(message_of(error), current_language().code)


def localised(value: Any) -> Any:
    """`value` with every `Text` in it (in dicts, lists) said in this request's language."""
    if isinstance(value, Text):
        return localise(value, current_language().code)
    if isinstance(value, dict):
        return {key: localised(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [localised(item) for item in value]
    return value


def shared_text() -> dict[str, str]:
    """The words http.js and money.js show (a failed request, a mistyped amount), for the page.

    Every page puts them on itself as `<script type="application/json" id="shared-text">`.
    """
    return {
        "request_failed": gettext("The request failed ({status})."),
        "not_answering": gettext("The server is not answering."),
        "amount_example": gettext("Type an amount such as {example}."),
        "amount_decimals": gettext("Amounts in {currency} have at most {exponent} decimals."),
        "amount_no_decimals": gettext("Amounts in {currency} have no decimals."),
        "amount_too_large": gettext("That amount is too large."),
    }


def wait_label(seconds: int | None) -> str:
    """Say a wait the way a screen should ("no wait", "about 5 min"), in the page's language."""
    kind, minutes = wait_in_minutes(seconds)
    if kind == "none":
        return gettext("no wait")
    template = gettext("over {minutes} min") if kind == "over" else gettext("about {minutes} min")
    return template.replace("{minutes}", local_number(minutes))


def local_number(value: int) -> str:
    """A number as the page's language groups it, in Latin digits like every amount we show."""
    return format_decimal(value, locale=current_language().locale)


# Naive datetimes are UTC (as the database stores them); Flask-Babel moves them to the
# request's zone (`use_timezone`) and writes them in its language.

def local_date(value: date | datetime | None, width: str = "medium") -> str:
    """A date as the page's language writes it: 6 Dec 2026, 2026年12月6日."""
    return "" if value is None else format_date(value, width)


def local_time(value: datetime | None) -> str:
    """A time of day in the page's zone and language: 09:05, 오전 9:05."""
    return "" if value is None else format_time(value, "short")


def local_datetime(value: datetime | None) -> str:
    """A date with its time to the minute, in the page's zone and language."""
    if value is None:
        return ""
    pattern = get_datetime_format("medium", locale=get_locale())
    return pattern.replace("{1}", format_date(value, "medium")).replace(
        "{0}", format_time(value, "short"))


def local_day(value: date | datetime | None) -> str:
    """Day and month, no year (a statement line): 6 Dec, 12月6日, 12월 6일."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_user_timezone(value)
    return format_skeleton("MMMd", value, locale=get_locale())
