"""End check of store and forward: every sent edge id reached the centre, each effect once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

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


def ingested_ids(session, ids: list[str]) -> set[str]:
    """The ids among `ids` that the centre's ingest has claimed."""
    found: set[str] = set()
    for chunk in _chunks(ids):
        found.update(session.scalars(select(EdgeEventIngested.event_id)
                                     .where(EdgeEventIngested.event_id.in_(chunk))))
    return found


def doubled_visits(session, arrivals: Iterable[feed_ids.FeedArrival]) -> int:
    """Visits beyond one for each arrival sent (same branch, customer and time)."""
    wanted = Counter(arrivals)
    extra = 0
    for arrival in wanted:
        visits = session.scalar(select(func.count()).select_from(Visit).where(
            Visit.branch_id == arrival.branch_id, Visit.customer_id == arrival.customer_id,
            Visit.arrived_at == arrival.at, Visit.source == VisitSource.DOOR_CAMERA))
        # An id is sent once; two ids with one time would be two visits (never, in ms).
        extra += max(0, visits - wanted[arrival])
    return extra


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


def event_checks(database_url: str, sent_ids: Iterable[str], *,
                 settings: Settings | None = None) -> dict:
    """Return lost (sent ids never ingested) and duplicated (effects applied twice).

    Duplicates are read from the effects, not the ingest table (whose key makes a second
    claim impossible): a feed arrival's visit or a feed count's person more than once.
    Ids other than the feed's count as lost or not, but their effects are not checked.
    """
    ids = sorted(set(sent_ids))
    database = open_database(database_url, settings)
    try:
        with database.session() as session:
            found = ingested_ids(session, ids)
            parsed = [feed_ids.parse(i) for i in ids if i in found]
            visits = doubled_visits(session, [p for p in parsed
                                              if isinstance(p, feed_ids.FeedArrival)])
            people = doubled_counts(session, [p for p in parsed
                                              if isinstance(p, feed_ids.FeedCount)])
    finally:
        database.dispose()
    return {"lost": len(ids) - len(found), "duplicated": visits + people,
            "sent": len(ids), "doubled_visits": visits, "doubled_people": people}
