"""HAProxy's configuration of the web tier, from config/cluster/, checked by HAProxy."""

from __future__ import annotations

import http.server
import subprocess
import threading
import time
import urllib.request

import pytest

from smartbranch.cluster.proxy import (
    ProxyError,
    WebServer,
    check_config,
    current_sessions,
    find_haproxy,
    render_config,
    server_rows,
)
from smartbranch.cluster.shape import free_port
from tests.conftest import IN_CI

SERVERS = [WebServer("web1", "127.0.0.1", 8101), WebServer("web2", "127.0.0.1", 8102)]


def test_every_web_process_is_a_sticky_checked_server():
    config = render_config(SERVERS, port=8080, stats_port=8081)
    assert "bind 127.0.0.1:8080" in config and "bind 127.0.0.1:8081" in config
    assert "    server web1 127.0.0.1:8101 check cookie web1" in config
    assert "    server web2 127.0.0.1:8102 check cookie web2" in config
    assert "cookie SB_WEB insert indirect nocache httponly" in config
    assert "option httpchk GET /healthz" in config
    assert "$" not in config.split("\n", 3)[-1], "a template name was left unfilled"


def test_no_web_process_is_refused():
    with pytest.raises(ValueError):
        render_config([], port=8080, stats_port=8081)


def _haproxy() -> str:
    """HAProxy's path; the test is skipped without it (and fails under CI)."""
    try:
        return find_haproxy()
    except ProxyError as exc:
        if IN_CI:
            pytest.fail(f"CI=true and {exc}", pytrace=False)
        pytest.skip(str(exc))


def test_haproxy_accepts_the_rendered_configuration(tmp_path):
    haproxy = _haproxy()
    config = tmp_path / "haproxy.cfg"
    config.write_text(render_config(SERVERS, port=8080, stats_port=8081))
    check_config(haproxy, config)
    config.write_text(config.read_text().replace("balance leastconn", "balance sideways"))
    with pytest.raises(ProxyError, match="balance only supports"):
        check_config(haproxy, config)


class _HoldingHandler(http.server.BaseHTTPRequestHandler):
    """/healthz answers at once; any other path is held open until the test lets go."""

    release = threading.Event()

    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path != "/healthz":
            self.release.wait(30)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_current_sessions_counts_the_connections_held_open_to_each_web_process(tmp_path):
    haproxy = _haproxy()
    web1 = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HoldingHandler)
    threading.Thread(target=web1.serve_forever, daemon=True).start()
    port, stats_port = free_port(), free_port()
    servers = [WebServer("web1", "127.0.0.1", web1.server_address[1]),
               WebServer("web2", "127.0.0.1", free_port())]  # nothing listens: down
    config = tmp_path / "haproxy.cfg"
    config.write_text(render_config(servers, port=port, stats_port=stats_port))
    proxy = subprocess.Popen([haproxy, "-f", str(config)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    stats = f"http://127.0.0.1:{stats_port}/;csv"
    held = []
    try:
        deadline = time.monotonic() + 15
        while current_sessions(stats).get("web2") is None or _web_up(stats) != {"web1"}:
            assert time.monotonic() < deadline, "the proxy never marked web1 up and web2 down"
            time.sleep(0.2)
        for _ in range(3):
            held.append(threading.Thread(target=urllib.request.urlopen,
                                         args=(f"http://127.0.0.1:{port}/hold",), daemon=True))
            held[-1].start()
        deadline = time.monotonic() + 10
        while current_sessions(stats) != {"web1": 3, "web2": 0}:
            assert time.monotonic() < deadline, current_sessions(stats)
            time.sleep(0.1)
    finally:
        _HoldingHandler.release.set()
        for thread in held:
            thread.join(5)
        proxy.terminate()
        proxy.wait(10)
        web1.shutdown()
    assert current_sessions(stats) == {}, "a proxy that is gone has no sessions to read"


def test_a_socket_asked_to_move_is_pinned_to_the_least_busy_process(tmp_path):
    """The page's rebalance fetch drops its cookies at the proxy, which balances it afresh
    (least connections) and pins the browser to the process that answered."""
    haproxy = _haproxy()

    class Holding(_HoldingHandler):
        """Holds /hold open (a socket); answers anything else at once."""

        release = threading.Event()  # the other test's was set when it ended

        def do_GET(self):  # noqa: N802 - http.server's name
            if self.path == "/hold":
                self.release.wait(30)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    webs = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), Holding) for _ in range(2)]
    for web in webs:
        threading.Thread(target=web.serve_forever, daemon=True).start()
    port, stats_port = free_port(), free_port()
    servers = [WebServer(f"web{n}", "127.0.0.1", web.server_address[1])
               for n, web in enumerate(webs, start=1)]
    config = tmp_path / "haproxy.cfg"
    config.write_text(render_config(servers, port=port, stats_port=stats_port))
    proxy = subprocess.Popen([haproxy, "-f", str(config)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    stats = f"http://127.0.0.1:{stats_port}/;csv"
    url = f"http://127.0.0.1:{port}"
    pinned_to_web1 = {"Cookie": "SB_WEB=web1; session=signed-in"}
    held = []
    try:
        deadline = time.monotonic() + 15
        while _web_up(stats) != {"web1", "web2"}:
            assert time.monotonic() < deadline, "the proxy never marked both processes up"
            time.sleep(0.2)
        for _ in range(3):  # three sockets pinned to web1
            request = urllib.request.Request(f"{url}/hold", headers=pinned_to_web1)
            held.append(threading.Thread(target=urllib.request.urlopen, args=(request,),
                                         daemon=True))
            held[-1].start()
        deadline = time.monotonic() + 10
        while current_sessions(stats).get("web1") != 3:
            assert time.monotonic() < deadline, current_sessions(stats)
            time.sleep(0.1)
        moved = urllib.request.urlopen(urllib.request.Request(
            f"{url}/staff/live/rebalance", headers=pinned_to_web1), timeout=5)
        assert moved.headers["X-SmartBranch-Web"] == "web2"
        assert "SB_WEB=web2" in moved.headers["Set-Cookie"]
        # Any other request keeps to the browser's process.
        stays = urllib.request.urlopen(urllib.request.Request(
            f"{url}/healthz", headers=pinned_to_web1), timeout=5)
        assert stays.headers["X-SmartBranch-Web"] == "web1"
    finally:
        Holding.release.set()
        for thread in held:
            thread.join(5)
        proxy.terminate()
        proxy.wait(10)
        for web in webs:
            web.shutdown()


def _web_up(stats_url: str) -> set[str]:
    return {row["svname"] for row in server_rows(stats_url) if row["status"] == "UP"}
