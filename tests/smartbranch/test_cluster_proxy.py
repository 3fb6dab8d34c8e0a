"""HAProxy's configuration of the web tier, from config/cluster/, checked by HAProxy."""

from __future__ import annotations

import pytest

from smartbranch.cluster.proxy import (
    ProxyError,
    WebServer,
    check_config,
    find_haproxy,
    render_config,
)
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


def test_haproxy_accepts_the_rendered_configuration(tmp_path):
    try:
        haproxy = find_haproxy()
    except ProxyError as exc:
        if IN_CI:
            pytest.fail(f"CI=true and {exc}", pytrace=False)
        pytest.skip(str(exc))
    config = tmp_path / "haproxy.cfg"
    config.write_text(render_config(SERVERS, port=8080, stats_port=8081))
    check_config(haproxy, config)
    config.write_text(config.read_text().replace("balance roundrobin", "balance sideways"))
    with pytest.raises(ProxyError, match="balance only supports"):
        check_config(haproxy, config)
