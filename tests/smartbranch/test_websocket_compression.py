"""Websocket handshakes on a real server: permessage-deflate only when settings allow it."""

from __future__ import annotations

import base64
import os
import socket
import threading

import pytest
from werkzeug.serving import make_server

from smartbranch.app import create_app
from smartbranch.websocket_compression import WithoutWebSocketCompression


def _handshake(port: int) -> str:
    """Open the Socket.IO websocket the way Chromium does (offering deflate); return headers."""
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request.encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = conn.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n\r\n")[0].decode().lower()


@pytest.mark.parametrize("compression", [False, True])
def test_deflate_is_negotiated_only_when_enabled(settings, database, bus, compression):
    server_settings = settings.server.model_copy(update={"websocket_compression": compression})
    app = create_app(settings.model_copy(update={"server": server_settings}),
                     database=database, bus=bus)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        headers = _handshake(server.server_port)
    finally:
        server.shutdown()
        thread.join(timeout=5)
    assert headers.startswith("http/1.1 101")
    assert ("sec-websocket-extensions: permessage-deflate" in headers) is compression


def test_only_websocket_upgrades_lose_the_offer():
    seen = []
    middleware = WithoutWebSocketCompression(lambda environ, start: seen.append(dict(environ)))
    offer = {"HTTP_SEC_WEBSOCKET_EXTENSIONS": "permessage-deflate"}
    middleware({"HTTP_UPGRADE": "WebSocket", **offer}, None)
    middleware({**offer}, None)
    assert "HTTP_SEC_WEBSOCKET_EXTENSIONS" not in seen[0]
    assert seen[1]["HTTP_SEC_WEBSOCKET_EXTENSIONS"] == "permessage-deflate"
