"""A real NATS server for the remote kiosk agents' tests (skipped when absent, failed in CI)."""

from __future__ import annotations

import os

import pytest

from tests.conftest import IN_CI

NATS_URL = os.environ.get("SMARTBRANCH_TEST_NATS_URL", "nats://127.0.0.1:4222")


@pytest.fixture(scope="module")
def nats_url() -> str:
    """The machine's NATS server, once it answers."""
    from shared.cluster.nats_client import NatsClient

    probe = NatsClient(NATS_URL, name="smartbranch-test-probe", connect_timeout_s=2.0)
    try:
        reachable = probe.wait_connected(3.0)
    finally:
        probe.close()
    if not reachable:
        message = f"NATS at {NATS_URL} is unreachable (start nats-server -js)"
        if IN_CI:
            pytest.fail("CI=true and " + message, pytrace=False)
        pytest.skip(message)
    return NATS_URL


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
