"""Flask-Babel for our pages: the language a view chose, else English.

A view whose page a customer reads picks the language (`use_language`, or
`use_browser_language` for the browser's Accept-Language); templates get `html_lang`,
`text_direction` and `language`, and `_()`/`ngettext()` from Flask-Babel.
"""

from __future__ import annotations

from babel.numbers import format_decimal
from flask import Flask, g, request
from flask_babel import Babel, gettext, refresh

from shared.i18n.languages import ENGLISH, TRANSLATIONS_DIR, Language, negotiate
from shared.queue.board import wait_in_minutes


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


def _select_locale() -> str:
    # The catalogue folder is the language code; Babel formats in the full locale.
    return current_language().locale


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", ENGLISH.locale)
    Babel(app, locale_selector=_select_locale)
    app.jinja_env.globals.update(wait_label=wait_label, local_number=local_number)

    @app.context_processor
    def _language_of_the_page():
        language = current_language()
        return {"language": language, "html_lang": language.tag,
                "text_direction": language.direction}


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
