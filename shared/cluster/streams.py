"""The streams of store and forward: one on each edge's leaf, one at the hub sourcing them.

The hub's stream has no subjects of its own: it only sources each edge's stream through
that edge's JetStream domain, across the leaf link. The engine resumes the sourcing when
a link returns, from where it stopped, so events cross exactly as stored.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from nats.js import api

from shared.cluster.names import edge_api_prefix, edge_event_subject, edge_local_stream
from shared.cluster.nats_client import NatsClient
from shared.settings import Settings

log = logging.getLogger(__name__)

# An edge keeps its events this long: a branch may be cut off for hours, or a weekend.
EDGE_MAX_AGE_S = 7 * 24 * 3600.0
# JetStream drops a repeated Nats-Msg-Id within this window (a retried publish): an edge
# retries a publish across a lost link, so its window is long.
DUPLICATE_WINDOW_S = 2 * 3600.0
# The hub's copy comes by sourcing, which resumes from the last sequence it took, and ingest
# drops a repeated id in the database anyway; a long window there only holds every id of
# the last hours in the hub's memory (10 branches' soak: with 2 hours the hub grew 10 % in
# 8 minutes, with 2 minutes it was not among the five that grew most).
HUB_DUPLICATE_WINDOW_S = 120.0
# What the hub holds, ingest has not committed yet: its stream is a work queue (an event
# leaves it when ingest acks it, after its transaction), so the hub's disk and memory stay
# the size of ingest's backlog, not of a week's events. The edges keep theirs for a week,
# and `edge_events_ingested` records every id the centre applied.
HUB_MAX_AGE_S = 7 * 24 * 3600.0


def edge_stream_config(branch_code: str) -> api.StreamConfig:
    """The branch's own stream on its leaf node."""
    return api.StreamConfig(
        name=edge_local_stream(branch_code),
        description=f"events of branch {branch_code}, kept until the hub has sourced them",
        subjects=[edge_event_subject(branch_code)],
        storage=api.StorageType.FILE,
        retention=api.RetentionPolicy.LIMITS,
        max_age=EDGE_MAX_AGE_S,
        duplicate_window=DUPLICATE_WINDOW_S,
    )


def edge_source(branch_code: str) -> api.StreamSource:
    """The hub's source for one branch: its stream, through its leaf's JetStream domain."""
    return api.StreamSource(
        name=edge_local_stream(branch_code),
        external=api.ExternalStream(api=edge_api_prefix(branch_code)),
    )


def hub_stream_config(settings: Settings, branch_codes: Iterable[str] = ()) -> api.StreamConfig:
    """The centre's stream of every edge's events (sources only, no subjects)."""
    return api.StreamConfig(
        name=settings.cluster.edge_stream,
        description="events from the branch edges, sourced across the leaf links",
        storage=api.StorageType.FILE,
        retention=api.RetentionPolicy.WORK_QUEUE,
        max_age=HUB_MAX_AGE_S,
        duplicate_window=HUB_DUPLICATE_WINDOW_S,
        sources=[edge_source(code) for code in branch_codes] or None,
    )


def ensure_edge_stream(client: NatsClient, branch_code: str) -> None:
    """Create (or update) the branch's stream on its own leaf (the client's server)."""
    client.ensure_stream(edge_stream_config(branch_code))


def ensure_edge_sourced(
    client: NatsClient, settings: Settings, branch_codes: Iterable[str]
) -> list[str]:
    """Create the hub's edge stream if missing and source these branches; return all sources.

    `client` is connected to the hub. Sources already there are left as they are, so a
    branch's progress is never reset.
    """
    import nats.js.errors

    codes = list(branch_codes)
    name = settings.cluster.edge_stream
    try:
        client.stream_info(name)
    except nats.js.errors.NotFoundError:
        try:
            info = client.ensure_stream(hub_stream_config(settings, codes))
            log.info("created %s sourcing %d branches", name, len(codes))
            return [s.name for s in info.config.sources or []]
        except nats.js.errors.APIError:
            log.info("%s was created meanwhile (another ingest); adding sources", name)
    info = client.add_stream_sources(name, [edge_source(code) for code in codes])
    return [s.name for s in info.config.sources or []]
