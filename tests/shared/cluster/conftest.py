"""Real nats-server processes for the store-and-forward tests: a hub and one branch leaf."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from smartbranch.cluster.nats_servers import NatsProcess, start_hub, start_leaf
from tests.conftest import IN_CI

EDGE_BRANCH = "SAF-01"


def require_nats_server() -> None:
    """Skip (fail under CI) when the nats-server binary is missing."""
    if shutil.which("nats-server") is None:
        message = "nats-server is not installed (needed for the NATS tests)"
        if IN_CI:
            pytest.fail("CI=true and " + message, pytrace=False)
        pytest.skip(message)


@dataclass
class NatsPair:
    hub: NatsProcess
    leaf: NatsProcess
    branch: str

    def heal(self) -> None:
        """Bring both servers back and wait for the leaf link (after a test cut it)."""
        for server in (self.hub, self.leaf):
            if not server.running:
                server.start()
        assert self.leaf.wait_leaf_connected(timeout_s=10), "the leaf did not reconnect"


@pytest.fixture(scope="module")
def nats_pair(tmp_path_factory) -> Iterator[NatsPair]:
    """A hub (JetStream domain hub) and the leaf of branch SAF-01, on free ports."""
    require_nats_server()
    root = tmp_path_factory.mktemp("nats")
    hub = start_hub(root / "hub")
    leaf = start_leaf(root / "edge", EDGE_BRANCH, hub_leaf_url=hub.leaf_url)
    try:
        assert leaf.wait_leaf_connected(timeout_s=10), "the leaf never reached the hub"
        yield NatsPair(hub, leaf, EDGE_BRANCH)
    finally:
        leaf.kill()
        hub.kill()
