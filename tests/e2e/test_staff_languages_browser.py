"""The staff console in every shipped language in Chromium: no English sentence of ours left
on any page (the server's words and the scripts' alike), the direction, nothing spilling out,
and a screenshot of each page in each language."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from shared.demo import signins_for
from shared.demo.catalog import ADMIN_SIGNIN
from shared.i18n.languages import TRANSLATIONS_DIR
from shared.models import Branch, Customer
from shared.queue.tickets import issue_ticket
from tests.e2e.staff_pages import sign_in, walk_in

pytestmark = pytest.mark.browser

LANGUAGES = [("zh", "zh-CN", "ltr"), ("ko", "ko-KR", "ltr"), ("fa", "fa-IR", "rtl"),
             ("it", "it-IT", "ltr")]

# Every piece of text a person reads on the page: text nodes of what is shown, the read
# attributes, the options of a select, the title. Whitespace collapsed.
READ_TEXT = """() => {
  const seen = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    // Data is marked translate="no" (a username, a code): it reads the same in every language.
    const shown = parent && !parent.closest("script, style, code, [translate=no]") &&
      parent.getClientRects().length;
    if (shown) seen.push(node.textContent);
  }
  for (const e of document.querySelectorAll("[placeholder], [title], [aria-label], [alt]")) {
    for (const name of ["placeholder", "title", "aria-label", "alt"]) {
      if (e.hasAttribute(name)) seen.push(e.getAttribute(name));
    }
  }
  return seen.map((t) => t.replace(/\\s+/g, " ").trim()).filter(Boolean);
}"""

# Text wider than its box, or a page wider than the screen.
OVERFLOWING = """() => [...document.querySelectorAll('main button, main label, main th, header *')]
  .filter((e) => e.offsetParent !== null && e.clientWidth > 0 &&
                 e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'auto')
  .map((e) => e.outerHTML.slice(0, 100))"""


def _english_sentences(code: str) -> set[str]:
    """The English strings this language's catalogue translates to something else (less
    those that are also a word of the language: Italian writes "Note" for "Notes")."""
    with open(TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalogue = [m for m in read_po(f) if isinstance(m.id, str) and m.id]
    translated = {m.string for m in catalogue}
    return {m.id for m in catalogue if m.string and m.string != m.id
            and re.search(r"[A-Za-z]{2}", m.id)} - translated


def _english_on(page, english: set[str]) -> list[str]:
    return sorted({text for text in page.evaluate(READ_TEXT) if text in english})


def _ticket_from_a_kiosk(live_server) -> str:
    """A counter ticket a kiosk gave after a fault, with the context the desk shows."""
    with live_server.database.session(write=True) as s:
        branch = s.scalar(select(Branch).where(Branch.code == "LDN-01"))
        return issue_ticket(s, live_server.bus, branch.id, "cash", "device_fault",
                            context={"kiosk": "LDN-01-K1", "step": "withdrawal",
                                     "amount_minor": 2000, "currency": "GBP"}).number


def _customer_named(live_server, name: str) -> int:
    with live_server.database.session() as s:
        return next(c.id for c in s.scalars(select(Customer)) if c.display_name == name)


@pytest.mark.parametrize(("code", "locale", "direction"), LANGUAGES)
def test_every_staff_page_speaks_the_chosen_language(live_server, browser, screenshots,
                                                      settings, code, locale, direction):
    english = _english_sentences(code)
    manager = next(s for s in signins_for(settings.demo.branches)
                   if s.role == "branch_manager" and s.branch_code == "LDN-01")
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 800})
    page = context.new_page()

    problems: dict[str, list] = {}

    def check(name: str) -> None:
        """Note what is wrong with this page (all pages are seen before the test fails)."""
        found = {"direction": page.locator("html").get_attribute("dir"),
                 "english": _english_on(page, english), "overflowing": page.evaluate(OVERFLOWING),
                 "width": page.evaluate("() => document.documentElement.scrollWidth")}
        wrong = [found["direction"] != direction, found["english"], found["overflowing"],
                 found["width"] > 1280]
        if any(wrong):
            problems[name] = found
        page.screenshot(path=screenshots / f"staff-{name}-{code}.png", full_page=True)

    # Before signing in, the browser's language; a wrong password says so in it.
    sign_in(page, live_server.url, manager.username, "not-the-password")
    page.locator(".flash.error").wait_for()
    check("signin")
    sign_in(page, live_server.url, manager.username, manager.password)
    page.wait_for_url(f"{live_server.url}/staff/")
    page.wait_for_timeout(1000)  # the socket joins the branch's room
    name, _product = walk_in(live_server)
    number = _ticket_from_a_kiosk(live_server)
    page.locator(".arrival", has_text=name).wait_for(timeout=10_000)  # written by the script
    page.locator("#queue li", has_text=number).wait_for(timeout=10_000)
    check("floor")

    page.goto(f"{live_server.url}/staff/desk")
    page.get_by_text(number).first.wait_for(timeout=10_000)
    check("desk")
    page.goto(f"{live_server.url}/staff/manager")
    page.locator("#today-updated").wait_for()
    page.wait_for_function("() => document.getElementById('today-updated').textContent !== ''")
    check("dashboard")
    page.goto(f"{live_server.url}/staff/search?q={name.split()[-1]}")
    check("search")
    page.goto(f"{live_server.url}/staff/customers/{_customer_named(live_server, name)}")
    check("customer")

    assert problems == {}, f"in {code}: {problems}"

    # The choice in the top bar wins over the browser's and holds for the session.
    with page.expect_navigation():
        page.select_option("header select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en-GB"
    page.goto(f"{live_server.url}/staff/desk")
    assert page.locator("html").get_attribute("lang") == "en-GB"
    context.close()


@pytest.mark.parametrize(("code", "locale", "direction"), LANGUAGES)
def test_the_staff_accounts_page_speaks_the_chosen_language(live_server, browser, screenshots,
                                                            code, locale, direction):
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sign_in(page, live_server.url, ADMIN_SIGNIN.username, ADMIN_SIGNIN.password)
    page.wait_for_url(f"{live_server.url}/staff/admin/")
    page.locator("#new-staff").wait_for()
    assert page.locator("html").get_attribute("dir") == direction
    assert _english_on(page, _english_sentences(code)) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280
    page.screenshot(path=screenshots / f"staff-accounts-{code}.png", full_page=True)
    context.close()
