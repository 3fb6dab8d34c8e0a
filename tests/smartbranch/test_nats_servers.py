"""Real nats-server processes for a bank on one machine: a hub and a branch leaf."""

from __future__ import annotations

import socket
import threading

import pytest

from shared.cluster.nats_client import NatsClient
from smartbranch.cluster.nats_servers import (
    NatsProcess,
    NatsServerError,
    free_port,
    hub_config,
    leaf_config,
    start_hub,
    start_leaf,
)
from tests.shared.cluster.conftest import require_nats_server

pytestmark = pytest.mark.nats


def test_configs_name_the_domains_ports_and_the_hub(tmp_path):
    hub = hub_config(name="sb-hub", client_port=1, leaf_port=2, http_port=3,
                     store_dir=tmp_path, domain="hub")
    assert 'listen: "127.0.0.1:1"' in hub and 'listen: "127.0.0.1:2"' in hub
    assert 'domain: "hub"' in hub and str(tmp_path) in hub
    leaf = leaf_config(name="sb-edge-ldn-01", client_port=4, http_port=5, store_dir=tmp_path,
                       domain="edge-ldn-01", hub_leaf_url="nats-leaf://127.0.0.1:2")
    assert 'domain: "edge-ldn-01"' in leaf and '"nats-leaf://127.0.0.1:2"' in leaf
    assert "leafnodes" in leaf and "remotes" in leaf


def test_hub_and_leaf_start_link_and_survive_a_hub_restart(tmp_path):
    require_nats_server()
    hub = start_hub(tmp_path / "hub")
    leaf = start_leaf(tmp_path / "edge", "LDN-01", hub_leaf_url=hub.leaf_url)
    client = NatsClient(leaf.url)
    try:
        assert hub.running and leaf.running
        assert leaf.wait_leaf_connected(timeout_s=10) and hub.leaf_connections() == 1
        assert client.wait_connected(5)

        hub.kill()  # a crash: the leaf keeps serving its own clients
        assert not hub.running and hub.leaf_connections() == 0
        assert client.connected
        hub.start()
        assert leaf.wait_leaf_connected(timeout_s=10), "the leaf did not find the hub again"

        leaf.restart()
        assert leaf.running and leaf.wait_leaf_connected(timeout_s=10)
        assert client.wait_connected(5), "the edge's client did not reconnect to its leaf"
    finally:
        client.close()
        leaf.stop()
        hub.stop()
    assert not leaf.running and not hub.running
    assert (tmp_path / "hub" / "sb-hub.conf").exists()
    assert (tmp_path / "edge" / "jetstream").is_dir()


def test_a_taken_port_fails_clearly(tmp_path):
    require_nats_server()
    hub = start_hub(tmp_path / "one")
    try:
        with pytest.raises(NatsServerError, match="sb-hub"):
            start_hub(tmp_path / "two", client_port=hub.client_port)
    finally:
        hub.kill()


def test_a_leaf_needs_the_hub_url(tmp_path):
    with pytest.raises(NatsServerError):
        start_leaf(tmp_path, "LDN-01", client_port=free_port())


def test_a_monitor_port_that_speaks_another_protocol_is_not_ready(tmp_path):
    """A port handed out twice once put a leaf's monitor on the hub's client port: the
    readiness check read NATS's INFO greeting and raised, which stopped the lab."""
    greeter = socket.create_server(("127.0.0.1", 0))

    def greet():
        conn, _ = greeter.accept()
        with conn:
            conn.sendall(b'INFO {"server_name":"sb-hub"}\r\n')
            conn.recv(1024)

    thread = threading.Thread(target=greet, daemon=True)
    thread.start()
    server = NatsProcess("sb-edge", tmp_path / "sb-edge.conf", client_port=1,
                         http_port=greeter.getsockname()[1], log_path=tmp_path / "log")
    try:
        assert server._monitor("healthz") == {}
    finally:
        greeter.close()
