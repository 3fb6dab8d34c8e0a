"""End check of store and forward: every sent edge id reached the centre, each effect once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import func, select

from shared.models import EdgeEventIngested, FootTrafficCount, Visit
from shared.models.enums import VisitSource
from shared.settings import Settings
from smartbranch.benchmarks.cluster import feed_ids
from smartbranch.benchmarks.cluster.database import open_database

CHUNK = 2000  # ids per IN (...) query


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def stored_edge_ids(leaf_urls: Mapping[str, str]) -> list[str]:
    """Every message id the branches' own streams hold: {branch code: its leaf's URL}."""
    from shared.cluster.names import edge_local_stream
    from shared.cluster.nats_client import NatsClient

    ids: list[str] = []
    for code, url in leaf_urls.items():
        client = NatsClient(url, name="smartbranch-soak-audit")
        try:
            if not client.wait_connected(10.0):
                raise RuntimeError(f"the leaf of {code} at {url} does not answer")
            ids += client.message_ids(edge_local_stream(code))
        finally:
            client.close()
    return ids


def ingested_ids(session, ids: list[str]) -> set[str]:
    """The ids among `ids` that the centre's ingest has claimed."""
    found: set[str] = set()
    for chunk in _chunks(ids):
        found.update(session.scalars(select(EdgeEventIngested.event_id)
                                     .where(EdgeEventIngested.event_id.in_(chunk))))
    return found


def _door_visits(since: datetime | None):
    where = [Visit.source == VisitSource.DOOR_CAMERA]
    if since is not None:
        where.append(Visit.arrived_at >= since)
    return where


def doubled_visits(session, since: datetime | None = None) -> int:
    """Door visits beyond one for each (branch, customer, arrival time): an arrival twice.

    Over every door visit (since `since`), the feed's and the replaying cameras' alike: an
    id is sent once, and no two arrivals of one customer at one branch share a millisecond.
    """
    groups = select(func.count().label("n")).select_from(Visit).where(
        *_door_visits(since)).group_by(
        Visit.branch_id, Visit.customer_id, Visit.arrived_at).subquery()
    return int(session.scalar(select(func.coalesce(func.sum(groups.c.n - 1), 0))
                              .where(groups.c.n > 1)) or 0)


def door_visits(session, since: datetime | None = None) -> int:
    return session.scalar(select(func.count()).select_from(Visit).where(
        *_door_visits(since))) or 0


def doubled_counts(session, counts: Iterable[feed_ids.FeedCount]) -> int:
    """People counted beyond those sent, over the feed's buckets (one person per record)."""
    wanted = Counter(counts)
    extra = 0
    for count in wanted:
        people = session.scalar(select(FootTrafficCount.people).where(
            FootTrafficCount.device_id == count.device_id,
            FootTrafficCount.bucket_start == count.bucket)) or 0
        extra += max(0, people - wanted[count])
    return extra


def event_checks(database_url: str, sent_ids: Iterable[str], *, edge_ids: Iterable[str] = (),
                 since: datetime | None = None, settings: Settings | None = None) -> dict:
    """Return lost (ids stored at an edge or sent by the feed, never ingested) and duplicated.

    `edge_ids` are every id the edges' own streams hold (the door cameras', the agents',
    the feed's): each must reach the centre. Duplicates are read from the effects, not the
    ingest table (whose key makes a second claim impossible): any door visit (arrived since
    `since`) twice, or a feed count's person more than once.
    """
    feed = set(sent_ids)
    ids = sorted(feed | set(edge_ids))
    database = open_database(database_url, settings)
    try:
        with database.session() as session:
            found = ingested_ids(session, ids)
            parsed = [feed_ids.parse(i) for i in feed if i in found]
            arrivals = sum(isinstance(p, feed_ids.FeedArrival) for p in parsed)
            visits = doubled_visits(session, since)
            people = doubled_counts(session, [p for p in parsed
                                              if isinstance(p, feed_ids.FeedCount)])
            camera_visits = door_visits(session, since) - arrivals - visits
    finally:
        database.dispose()
    return {"lost": len(ids) - len(found), "duplicated": visits + people,
            "sent": len(ids), "feed_sent": len(feed), "lost_feed": len(feed - found),
            "doubled_visits": visits, "doubled_people": people,
            "camera_visits": max(0, camera_visits)}
