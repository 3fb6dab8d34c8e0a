"""Record a fact once, in the caller's unit of work, and add it to the rollups there and then.

Services call `record` in the transaction of the change the fact describes, so a fact is
kept exactly when the change is; the facts it implies for an identified visit (its wait
from the door, its service) follow in the same call (journey.py). The fact's key makes a
second recording (a retried request, an event delivered twice, a late replay) a no-op;
only a newly stored fact moves the rollups, so they always equal a recomputation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.analytics.cells import FactRow, cells_of
from shared.analytics.journey import follow_ups
from shared.analytics.kinds import FactKind
from shared.analytics.store import add_cells, branch_zone
from shared.db.base import utcnow
from shared.models.analytics import AnalyticsFact

MAX_KEY = 120


@dataclass(frozen=True)
class Fact:
    """One thing that happened; see FactKind for what dim, detail and duration mean."""

    kind: FactKind
    key: str
    branch_id: int
    at: datetime
    dim: str = ""
    detail: str = ""
    duration: timedelta | None = None
    customer_id: int | None = None

    def __post_init__(self):
        if len(self.key) > MAX_KEY or len(self.dim) > 64 or len(self.detail) > 64:
            raise ValueError(f"fact {self.key[:40]!r}: key over {MAX_KEY} or dim/detail over 64")

    def row(self) -> FactRow:
        return FactRow(self.branch_id, self.kind.value, self.at, self.dim, self.detail,
                       duration_ms(self.duration))


def duration_ms(duration: timedelta | None) -> int | None:
    """Whole milliseconds of a duration; a negative one (clocks apart) counts as zero."""
    if duration is None:
        return None
    return max(0, round(duration.total_seconds() * 1000))


def fact_key(*parts: object) -> str:
    """Join the parts that name a happening into a fact key (e.g. 'visit:12:greeted')."""
    return ":".join(str(p) for p in parts)


def _insert_once(session: Session, values: dict) -> bool:
    """INSERT the fact unless its key is taken; True when this call stored it."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (dialect.insert(AnalyticsFact).values(values)
                 .on_conflict_do_nothing(index_elements=["key"])
                 .returning(AnalyticsFact.id))
    return session.execute(statement).first() is not None


def record(session: Session, fact: Fact) -> bool:
    """Store the fact unless it is already stored, and add it to the rollups; True if new."""
    row = fact.row()
    stored = _insert_once(session, {
        "key": fact.key, "branch_id": fact.branch_id, "kind": row.kind, "at": fact.at,
        "dim": fact.dim, "detail": fact.detail, "duration_ms": row.duration_ms,
        "customer_id": fact.customer_id, "recorded_at": utcnow(),
    })
    if stored:
        add_cells(session, cells_of(row, branch_zone(session, fact.branch_id)))
        for kind, key, dim, duration in follow_ups(session, fact.kind, fact.branch_id,
                                                   fact.customer_id, fact.at, fact.dim):
            record(session, Fact(kind, key, fact.branch_id, fact.at, dim, "", duration,
                                 fact.customer_id))
    return stored
