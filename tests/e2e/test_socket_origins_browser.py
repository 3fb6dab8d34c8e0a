"""Which pages may open a Socket.IO connection, in a real Chromium: the server's own, a
listed origin, never another site's; and the server's own still when origins are listed."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from werkzeug.serving import make_server

from shared.events import InProcessBus
from tests.e2e.conftest import _free_port

pytestmark = pytest.mark.browser

# A WebSocket straight to Engine.IO, as a page of that origin would open it (the browser
# sends the page's Origin; CORS does not apply to WebSockets, so only the server's check
# stands between another site and a staff member's session cookie).
WEBSOCKET = """(app) => new Promise((resolve) => {
  const ws = new WebSocket(app.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket");
  ws.onopen = () => { ws.close(); resolve("open"); };
  ws.onerror = () => resolve("refused");
})"""


def _serve(app_or_handler, port: int):
    server = (make_server("127.0.0.1", port, app_or_handler, threaded=True)
              if callable(app_or_handler) and not isinstance(app_or_handler, partial)
              else ThreadingHTTPServer(("127.0.0.1", port), app_or_handler))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def foreign_site(tmp_path_factory):
    """Another site: a page on another port of this machine, so another origin."""
    folder = tmp_path_factory.mktemp("foreign")
    (folder / "index.html").write_text("<!doctype html><title>elsewhere</title><p>elsewhere")
    port = _free_port()
    server = _serve(partial(SimpleHTTPRequestHandler, directory=str(folder)), port)
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture(scope="module")
def listing_server(live_server, foreign_site):
    """The same app with the foreign site listed in server.allowed_origins."""
    from smartbranch.app import create_app

    settings = live_server.app.extensions["smartbranch.settings"]
    listed = settings.model_copy(update={"server": settings.server.model_copy(
        update={"allowed_origins": (foreign_site,)})})
    app = create_app(listed, database=live_server.database, bus=InProcessBus())
    port = _free_port()
    server = _serve(app, port)
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


def _socket_from(page, opened: str, app_url: str) -> str:
    """Open `opened` in the browser and, from that page, a WebSocket to the app."""
    page.goto(opened)
    return page.evaluate(WEBSOCKET, app_url)


def test_only_the_servers_own_pages_connect_by_default(live_server, browser, foreign_site):
    page = browser.new_page()
    assert _socket_from(page, f"{live_server.url}/staff/sign-in", live_server.url) == "open"
    assert _socket_from(page, foreign_site, live_server.url) == "refused"
    page.close()


def test_a_listed_origin_is_added_to_the_servers_own(listing_server, browser, foreign_site):
    page = browser.new_page()
    assert _socket_from(page, foreign_site, listing_server) == "open"
    # The server's own pages still connect (engineio's own list would have refused them).
    assert _socket_from(page, f"{listing_server}/staff/sign-in", listing_server) == "open"
    # The same foreign page under another name is another origin, and is refused.
    other = foreign_site.replace("127.0.0.1", "localhost")
    assert _socket_from(page, other, listing_server) == "refused"
    page.close()
