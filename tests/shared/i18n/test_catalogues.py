"""The catalogues: every string the English template has is translated in every language,
keeps its placeholders, and the template is what the code and templates mark today."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from shared.i18n.languages import LANGUAGES, TRANSLATIONS_DIR

ROOT = Path(__file__).resolve().parents[3]
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")
TRANSLATED = sorted(code for code in LANGUAGES if code != "en")


def _read(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def _template_keys() -> set[tuple[str | None, str]]:
    """(context, msgid) of every string: "From" a date and "From" an account are two."""
    return {(m.context, m.id) for m in _read(TRANSLATIONS_DIR / "messages.pot") if m.id}


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_english_string_is_translated_with_its_placeholders(code):
    catalogue = _read(TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po")
    strings = {(m.context, m.id): m for m in catalogue if m.id}
    missing = sorted(_template_keys() - strings.keys(), key=str)
    assert missing == [], f"{code} misses {missing}: run pybabel update (docs/LANGUAGES.md)"
    for message in strings.values():
        assert message.string and "fuzzy" not in message.flags, f"{code}: {message.id!r}"
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(
            PLACEHOLDER.findall(message.id)), f"{code}: {message.id!r} -> {message.string!r}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_catalogue_is_compiled(code):
    po = TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po"
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, (
        f"{mo} is missing or older than its .po: `make setup` compiles it")


def test_the_template_holds_what_the_code_marks_today():
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    marked = {(context, message if isinstance(message, str) else message[0])
              for _file, _line, message, _comments, context in extract_from_dir(
                  ROOT, method_map, options_map, keywords={"_": None, "gettext": None,
                                                           "_l": None, "lazy_gettext": None,
                                                           "N_": None, "Text": None,
                                                           "ngettext": (1, 2),
                                                           "pgettext": ((1, "c"), 2)})}
    marked = {key for key in marked if key[1]}
    assert marked == _template_keys(), (
        "messages.pot is out of date: run pybabel extract (docs/LANGUAGES.md)")
