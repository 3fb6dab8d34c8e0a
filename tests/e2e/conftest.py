"""A live branch server on a real database, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import json
import os
import socket
import threading
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from shared.db import Database
from shared.db.migrate import upgrade
from shared.demo import load_demo_data
from shared.events import InProcessBus
from shared.money.card_keys import CardKeys
from tests.conftest import IN_CI, REPO_ROOT, _postgres_database

CHROMIUM = "/usr/bin/chromium"
TEXT_JS = REPO_ROOT / "shared" / "web" / "static" / "text.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, url: str, database: Database, bus: InProcessBus, app):
        self.url, self.database, self.bus, self.app = url, database, bus, app


@pytest.fixture(scope="module")
def live_database_url(settings, tmp_path_factory):
    if settings.database.url.startswith("postgresql"):
        server = make_url(settings.database.url).set(database="test")
        yield from _postgres_database(server.render_as_string(hide_password=False))
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.db'}"


@pytest.fixture(scope="module")
def live_server(settings, live_database_url):
    """The real app on a real port, migrated and loaded with the (small) demo data."""
    yield from serve_live(settings, live_database_url)


def serve_live(settings, database_url: str):
    """Serve the app on `settings` and a demo-loaded database at `database_url`."""
    from shared.insights.engine import refresher_for
    from shared.openbanking.simulated_bank import serve_simulated_bank
    from shared.settings import OpenBankingProvider
    from smartbranch.app import create_app

    # The demo's other bank, on a port of its own (as `serve` runs it beside the app).
    bank = serve_simulated_bank(0, seed=settings.demo.seed)
    northwind = OpenBankingProvider(name="Northwind Bank (simulated)", base_url=bank.url,
                                    financial_id="0015800001SIMBANK", simulated=True)
    live_settings = settings.model_copy(update={
        "database": settings.database.model_copy(update={"url": database_url}),
        "openbanking": settings.openbanking.model_copy(update={"providers": {
            "northwind": northwind}})})
    database = Database(live_settings)
    upgrade(database.engine)
    with database.session() as session:
        load_demo_data(session, live_settings.demo, card_keys=CardKeys.from_settings(live_settings))
    # As `smartbranch demo load` does: every card shows insights computed ahead.
    refresher_for(live_settings, database).refresh_all()
    bus = InProcessBus()
    app = create_app(live_settings, database=database, bus=bus)
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{port}", database, bus, app)
    server.shutdown()
    thread.join(timeout=5)
    bank.stop()
    database.dispose()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} not installed (apt-get install chromium)"
        if IN_CI:
            pytest.fail("CI=true and " + message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def script_page(browser):
    """A blank page that loads our shared scripts as a page of ours does, words included.

    `script_page(HTTP_JS, MONEY_JS)` gives a page with text.js, the English words every page
    carries for http.js and money.js (`#shared-text`), and those scripts.
    """
    from flask import Flask

    from shared.web import i18n

    app = Flask(__name__)
    i18n.init_app(app)
    with app.test_request_context():
        words = json.dumps(i18n.shared_text())
    pages = []

    def open_page(*scripts: Path, body: str = ""):
        page = browser.new_page()
        pages.append(page)
        page.set_content('<!doctype html><html><body><script type="application/json" '
                         f'id="shared-text">{words}</script>{body}</body></html>')
        for script in (TEXT_JS, *scripts):
            page.add_script_tag(path=str(script))
        return page

    yield open_page
    for page in pages:
        page.close()


@pytest.fixture
def screenshots() -> Path:
    root = Path(os.environ.get("SMARTBRANCH_TEST_ARTIFACTS", "test-artifacts"))
    path = root / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def tablet(browser):
    """A 10-inch tablet in landscape."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, has_touch=True)
    yield context.new_page()
    context.close()
