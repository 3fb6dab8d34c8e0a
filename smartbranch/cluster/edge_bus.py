"""The bus of a process at a branch edge: store and forward to the centre over its leaf node.

A process is at an edge when `cluster.edge_nats_url` is set (`smartbranch edge` sets it for
its kiosk agents and door cameras); anywhere else the configured bus is used unchanged.
"""

from __future__ import annotations

from shared.events import EventBus, create_bus
from shared.settings import Settings


class OwnedEdgeBus:
    """An EdgeBus that also closes the NATS client it was given."""

    def __init__(self, settings: Settings, branch_code: str, name: str):
        from shared.cluster.edge_events import EdgeBus
        from shared.cluster.nats_client import NatsClient

        self.client = NatsClient(settings.cluster.edge_url, name=name)
        self.edge = EdgeBus(settings, branch_code, self.client)
        self.outbox = self.edge.outbox
        self.publish = self.edge.publish
        self.subscribe = self.edge.subscribe

    def close(self) -> None:
        try:
            # What the leaf has not stored yet gets a moment before the process goes.
            self.outbox.flush(timeout_s=5.0)
            self.edge.close()
        finally:
            self.client.close()


def at_edge(settings: Settings) -> bool:
    return bool(settings.cluster.edge_nats_url)


def process_bus(settings: Settings, branch_code: str, name: str) -> EventBus:
    """The edge's store-and-forward bus at an edge, else the configured bus."""
    if at_edge(settings):
        return OwnedEdgeBus(settings, branch_code, name)
    return create_bus(settings)
