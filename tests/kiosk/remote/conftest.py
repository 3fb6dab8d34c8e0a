"""NATS clients for the remote kiosk agents' tests (the server: tests/conftest.py nats_url)."""

from __future__ import annotations

import pytest


@pytest.fixture
def nats_client(nats_url):
    """A client of our own for a test (the agent's side, or the web tier's)."""
    from shared.cluster.nats_client import NatsClient

    clients = []

    def connect(name: str = "smartbranch-test"):
        client = NatsClient(nats_url, name=name)
        assert client.wait_connected(5.0), f"no connection to {nats_url}"
        clients.append(client)
        return client

    yield connect
    for client in clients:
        client.close()
