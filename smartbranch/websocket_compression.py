"""Refuse permessage-deflate on the server's websockets unless settings allow it.

With compression on, every Socket.IO message is deflated once per socket: a burst to 200
tablets costs 200 compressions of the same bytes (measured in `smartbranch bench realtime
--deflate`: server CPU per delivery ×4, burst p99 ×2-3). Events are a few hundred bytes on
a branch network, so by default the offer is dropped and the handshake proceeds without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

OFFER = "HTTP_SEC_WEBSOCKET_EXTENSIONS"


class WithoutWebSocketCompression:
    """WSGI middleware: remove the client's websocket extension offer before the handshake."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]]):
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response):
        if environ.get("HTTP_UPGRADE", "").lower() == "websocket":
            environ.pop(OFFER, None)
        return self.wsgi_app(environ, start_response)
