"""Sentences a customer reads, kept translatable until the moment they are shown.

Code that runs outside a web request (a kiosk's flows) cannot know the language a screen
will be read in, so it hands over `Text`: a `str` that reads as the English sentence
(logs, tests and JSON see plain English) and still knows its msgid and parameters, so
`localise` can say it again in the customer's language. A plain string is looked up as
a msgid; one that is not in the catalogue stays as it is; a `Localisable` (an amount, a
moment) writes itself for the language's locale.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable

from babel.support import NullTranslations, Translations

from shared.i18n.languages import TRANSLATIONS_DIR, language

log = logging.getLogger(__name__)
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def N_(msgid: str) -> str:
    """Mark a constant sentence for extraction; it is translated where it is shown."""
    return msgid


@runtime_checkable
class Localisable(Protocol):
    """A parameter that writes itself for a locale (an amount of money, a date)."""

    def in_locale(self, locale: str) -> str: ...


class Text(str):
    """A sentence with named parameters: English as a string, translatable by `localise`."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, **params: Any) -> Text:
        english = msgid % {k: str(v) for k, v in params.items()} if params else msgid
        text = super().__new__(cls, english)
        text.msgid, text.params = msgid, params
        return text

    def __reduce__(self):  # a copy keeps the msgid and parameters
        return (_rebuild, (self.msgid, self.params))


def _rebuild(msgid: str, params: dict[str, Any]) -> Text:
    return Text(msgid, **params)


@lru_cache(maxsize=16)
def translations(code: str) -> NullTranslations:
    """The compiled catalogue of a shipped language (English and a missing one: none)."""
    shipped = language(code)
    if shipped.code == "en":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [shipped.locale])


def localise(value: Any, code: str) -> Any:
    """`value` said in language `code`: a Text or a known sentence translated, else as it is."""
    if isinstance(value, Text):
        sentence = translations(code).gettext(value.msgid)
        if not value.params:
            return sentence
        if set(_PLACEHOLDER.findall(sentence)) == set(_PLACEHOLDER.findall(value.msgid)):
            try:
                return sentence % {k: _param(v, code) for k, v in value.params.items()}
            except (KeyError, ValueError, TypeError):
                pass
        # A translation that lost or broke a placeholder (the catalogue test forbids it):
        # the customer still reads the whole sentence, in English, rather than an error.
        log.error("the %s translation of %r does not fit its parameters", code, value.msgid)
        return str(value)
    if isinstance(value, str) and value:
        return translations(code).gettext(value)
    if isinstance(value, Localisable):
        return value.in_locale(language(code).locale)
    return value


def _param(value: Any, code: str) -> str:
    if isinstance(value, Localisable):
        return value.in_locale(language(code).locale)
    if isinstance(value, Text):
        return localise(value, code)
    return str(value)


def message_of(error: BaseException) -> str:
    """An exception's message, still a `Text` (translatable) when it was raised with one."""
    first = error.args[0] if len(error.args) == 1 else None
    return first if isinstance(first, str) else str(error)
