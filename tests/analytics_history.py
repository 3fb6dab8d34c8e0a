"""Weeks of plausible branch facts, written in bulk, so a dashboard has history to draw.

Seeded: the same seed gives the same facts. The facts go in as rows and the rollups are
computed from them (`cells.recompute`, `store.write_rollups`), as a rebuild would, so the
rollup tables must be empty for the branches when this runs.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert
from sqlalchemy.orm import Session

from shared.analytics.cells import FactRow, recompute
from shared.analytics.kinds import FactKind as K
from shared.analytics.store import write_rollups, zones_of
from shared.db.base import utcnow
from shared.models.analytics import AnalyticsFact

# People through the door per local hour on a weekday (Saturday is lighter, Sunday shut).
HOURLY = {9: 6, 10: 9, 11: 10, 12: 14, 13: 12, 14: 8, 15: 8, 16: 9, 17: 5}
WEEKDAY = (1.0, 0.9, 0.9, 1.0, 1.3, 0.7, 0.0)
KIOSK = (("completed", "", 75), ("fallback", "over_limit", 6), ("fallback", "card_retained", 3),
         ("fallback", "deposit_rejected", 3), ("abandoned", "", 8), ("device_fault", "", 5))
SERVICES = ("cash", "accounts", "mortgage")


def _day_facts(rng: random.Random, branch_id: int, day: date, zone: ZoneInfo,
               scale: float) -> list[dict]:
    facts: list[dict] = []

    def add(kind: K, at: datetime, dim: str = "", detail: str = "", seconds: float | None = None):
        facts.append({"kind": kind.value, "branch_id": branch_id, "at": at, "dim": dim,
                      "detail": detail, "duration_ms": None if seconds is None
                      else round(seconds * 1000)})

    for hour, base in HOURLY.items():
        people = round(base * WEEKDAY[day.weekday()] * scale * rng.uniform(0.7, 1.3))
        for _ in range(people):
            at = datetime.combine(day, time(hour, rng.randrange(60)), zone).astimezone(
                ZoneInfo("UTC"))
            add(K.DOOR_ENTRY, at, "DOOR", seconds=rng.uniform(1, 8))
            if rng.random() < 0.9:
                add(K.DOOR_EXIT, at + timedelta(minutes=rng.randrange(5, 40)), "DOOR",
                    seconds=rng.uniform(1, 6))
            if rng.random() < 0.3:
                add(K.ARRIVAL, at, "door_camera")
                if rng.random() < 0.75:
                    greet = rng.uniform(20, 300)
                    add(K.CLAIMED, at, seconds=greet * 0.6)
                    add(K.GREETED, at, seconds=greet)
                    add(K.DOOR_WAIT, at, seconds=greet)
                    if rng.random() < 0.3:
                        add(K.OFFER_DISCUSSED, at, "savings")
                        if rng.random() < 0.4:
                            add(K.OFFER_ACCEPTED, at, "savings")
                if rng.random() < 0.6:
                    add(K.VISIT_SERVED, at, rng.choice(("kiosk", "counter")))
            if rng.random() < 0.35:
                outcome, reason, _ = rng.choices(KIOSK, weights=[w for *_, w in KIOSK])[0]
                add(K.KIOSK_SESSION, at, outcome, reason, rng.uniform(40, 240))
            if rng.random() < 0.25:
                service = rng.choice(SERVICES)
                add(K.TICKET_TAKEN, at, service)
                if rng.random() < 0.05:
                    add(K.TICKET_NO_SHOW, at, service)
                    continue
                add(K.TICKET_CALLED, at, service, seconds=rng.uniform(30, 1100))
                add(K.TICKET_SERVED, at, service, str(rng.randint(1, 3)),
                    rng.uniform(120, 900))
    return facts


def write_history(session: Session, branch_ids: dict[int, float], days: int,
                  seed: int = 11, end: date | None = None) -> int:
    """Facts for the `days` local days before `end` (default today), per branch at a scale."""
    zones = zones_of(session, list(branch_ids))
    rng = random.Random(seed)
    rows: list[dict] = []
    for branch_id, scale in branch_ids.items():
        last = end or utcnow().astimezone(zones[branch_id]).date()
        for back in range(days, 0, -1):
            rows.extend(_day_facts(rng, branch_id, last - timedelta(days=back),
                                   zones[branch_id], scale))
    recorded = utcnow()
    for n, row in enumerate(rows):
        row.update(key=f"history:{seed}:{n}", recorded_at=recorded, customer_id=None)
    session.execute(insert(AnalyticsFact), rows)
    write_rollups(session, recompute((FactRow(r["branch_id"], r["kind"], r["at"], r["dim"],
                                              r["detail"], r["duration_ms"]) for r in rows),
                                     zones))
    return len(rows)
