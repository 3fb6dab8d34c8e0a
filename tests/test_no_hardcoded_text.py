"""No words a person reads are hard-coded in English in our templates or scripts.

Templates: every text node and every attribute a person reads (title, placeholder,
aria-label, alt, label, a button's value) must come from `_()` (or another `{{ … }}`), never be
written in the template. Scripts: a string literal that reads as prose (a capitalised word,
several words that are not CSS classes, a sentence's punctuation) must come from the page's
`PageText` instead. The catalogue test (tests/shared/i18n) then checks that every marked
string is translated in every shipped language.

What this cannot see: a single lowercase word in a script ("ahead"), which reads the same as
the keys, event names and class names scripts are full of; such words belong in `page_text`
like the rest, and the browser tests in other languages would show one that slipped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kiosk", "staff_console", "shared/web")
TEMPLATES = sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("templates/**/*.html"))
SCRIPTS = sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("static/**/*.js")
                 if "vendor" not in p.parts)
STYLES = sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("static/**/*.css")
                if "vendor" not in p.parts)

# Words that are the same in every language: the product's name.
SAME_IN_EVERY_LANGUAGE = {"SmartBranch"}
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "label", "aria-description"}
_JINJA = re.compile(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", re.S)
_WORD = re.compile(r"[^\W\d_]{2,}")
_RAW = ("script", "style", "code", "kbd", "samp")
_ATTRIBUTES = re.compile(r'\s*([\w-]+="[^"]*"\s*)+')


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w not in SAME_IN_EVERY_LANGUAGE]


class _ReadText(HTMLParser):
    """Collects the text and read attributes of a template whose Jinja parts are blanked."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._raw = 0  # inside <script>, <style> or <code> (a command is typed as it is)

    def handle_starttag(self, tag, attrs):
        if tag in _RAW:
            self._raw += 1
        named = dict(attrs)
        for name, value in attrs:
            read = name in READ_ATTRIBUTES or (
                name == "value" and tag == "input"
                and named.get("type") in ("button", "submit", "reset"))
            if read and value and _words(value):
                self.found.append((self.getpos()[0], f'{name}="{value}"'))

    def handle_endtag(self, tag):
        if tag in _RAW and self._raw:
            self._raw -= 1

    def handle_data(self, data):
        if _ATTRIBUTES.fullmatch(data):
            return  # a {% block %} of attributes that the parent puts inside a tag
        if not self._raw and _words(data):
            self.found.append((self.getpos()[0], data.strip()))


def hard_coded_in_template(source: str) -> list[tuple[int, str]]:
    """(line, text) for each piece of English written into a template."""
    # Blank the Jinja parts but keep their newlines, so line numbers stay true.
    blanked = _JINJA.sub(lambda m: "\n" * m.group(0).count("\n") + " ", source)
    parser = _ReadText()
    parser.feed(blanked)
    parser.close()
    return parser.found


_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\\\"'`])//[^\n]*", re.S)
_LITERAL = re.compile(r"""'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`""", re.S)
_EXPRESSION = re.compile(r"\$\{[^}]*\}")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
# Strings scripts pass to the platform rather than to a person.
PLATFORM = {"GET", "POST", "PUT", "PATCH", "DELETE", "Content-Type", "Accept", "Enter", "Escape",
            "Backspace", "Tab", "X-CSRFToken", "X-Kiosk-Token", "Authorization", "ArrowUp",
            "ArrowDown", "ArrowLeft", "ArrowRight", "Idempotency-Key", "Accept-Language",
            "use strict"}
_SVG_PATH = re.compile(r"[MmZzLlHhVvCcSsQqTtAa\d\s,.-]+")
# A programmer's error (a broken call), never shown to a person.
_THROWN = re.compile(r"new (?:Type|Range)?Error\(\s*$")


def css_classes() -> set[str]:
    """Every class name our style sheets define (a literal made of these is a class list)."""
    names: set[str] = set()
    for path in STYLES:
        names |= set(re.findall(r"\.(-?[A-Za-z_][\w-]*)", path.read_text()))
    return names


def reads_as_prose(literal: str, classes: set[str]) -> bool:
    """Whether a script's string literal is words for a person rather than a key or a class."""
    # An expression is not a word; markup a script builds is judged by the text between tags.
    text = _EXPRESSION.sub("\x00", literal)
    text = _TAG.sub(" ", text).strip()
    tokens = [t for t in text.split() if t.strip("\x00")]
    if not _words(text) or text in PLATFORM or _SVG_PATH.fullmatch(text):
        return False
    if text.startswith(("/", "#", ".", "[", ":", "http", "data-", "aria-")):
        return False  # URLs, selectors, attributes
    if len(tokens) == 1:
        # One token: a key, an event, a tag, a MIME type, a key path ("counts.${d}"), unless
        # it is a capitalised word ("Cancel") or ends a sentence ("Done.").
        return bool(re.fullmatch(r"\x00*([A-Z][a-z]+[.!?…:]?|[A-Za-z]+[.!?…])", tokens[0]))
    if all(t.strip("\x00") in classes for t in tokens):
        return False  # a class list
    if re.search(r"[;{}()=<>]", text) and not re.search(r"[.!?…]$", text):
        return False  # CSS or code in a string
    return True


def hard_coded_in_script(source: str, classes: set[str]) -> list[tuple[int, str]]:
    """(line, literal) for each piece of English prose written into a script."""
    without_comments = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), source)
    found = []
    for match in _LITERAL.finditer(without_comments):
        literal = match.group(0)[1:-1]
        if _THROWN.search(without_comments, 0, match.start()):
            continue
        if reads_as_prose(literal, classes):
            line = without_comments.count("\n", 0, match.start()) + 1
            found.append((line, literal))
    return found


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_template_writes_no_english_of_its_own(path):
    found = hard_coded_in_template(path.read_text())
    assert not found, "wrap these in _() so they are translated:\n" + "\n".join(
        f"  {path.relative_to(ROOT)}:{line}: {text!r}" for line, text in found)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_script_writes_no_english_of_its_own(path):
    found = hard_coded_in_script(path.read_text(), css_classes())
    assert not found, "take these from the page's PageText so they are translated:\n" + "\n".join(
        f"  {path.relative_to(ROOT)}:{line}: {text!r}" for line, text in found)


# The checks themselves: they must see English where it hides, and pass what is not English.

def test_the_template_check_finds_text_attributes_and_buttons():
    source = """{# a comment with words #}
<p>{{ _("Fine") }}</p>
<p>Hello {{ name }}</p>
<input type="submit" value="Send"><input name="q" placeholder="{{ _('Fine') }}">
<button aria-label="Close">×</button>
<script>const x = "not read here";</script>
<h1>SmartBranch</h1> <span>· 42 ·</span> <p>Run <code>smartbranch run</code></p>
<body{% block attributes %} data-kiosk="{{ code }}"{% endblock %}>"""
    assert hard_coded_in_template(source) == [
        (3, "Hello"), (4, 'value="Send"'), (5, 'aria-label="Close"'), (7, "Run")]


def test_the_script_check_finds_prose_and_passes_keys_classes_and_urls():
    classes = {"pill", "ok", "button", "secondary"}
    source = """// a comment, with words. Not prose.
const a = "Please insert your card";   /* a block
comment */ const b = 'pill ok';
el.className = "button secondary"; fetch(`/api/kiosks/${code}/language`);
el.textContent = `${count} ahead of you`; text("no_card"); on("click");
alert('Cancel'); headers["Content-Type"] = "application/json"; x = "no wait";
y = "div > p"; z = `${a} · ${b}`; w = "Done."; throw new Error("Bad call to f");
d = "M5 3a3 3 0 0 1 6 0z"; k = `counts.${d}`; c = `pill ${state}`;
h = `<p class="pill">${esc(t)}</p>`; e = `<p>Please wait</p>`;"""
    assert hard_coded_in_script(source, classes) == [
        (2, "Please insert your card"), (5, "${count} ahead of you"), (6, "Cancel"),
        (6, "no wait"), (7, "Done."), (9, "<p>Please wait</p>")]
