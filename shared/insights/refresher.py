"""Keeps every customer's insights computed ahead: as transactions arrive and nightly.

A worker thread of `smartbranch serve`. Each pass learns of new postings since the last one
(the ledger knows nothing of insights), marks their customers stale with anyone else marked
by a fetch, an import or a correction, and recomputes the stale ones: each read and computed
outside the write lock, then saved in a short write. Once a day, at `insights.nightly_at`
(UTC), everyone is recomputed because dates move on (pay days, bills due, the forecast).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date, datetime, time

from sqlalchemy.orm import Session

from shared.db import Database
from shared.db.base import utcnow
from shared.insights.store import (
    customers_with_postings_after,
    mark_all_stale,
    mark_stale,
    newest_posting_id,
    save_insights,
    stale_customers,
)

log = logging.getLogger(__name__)
BATCH = 50

# compute(session, customer_id, now) -> the payload to store
Compute = Callable[[Session, int, datetime], dict]
# on_saved(session, customer_id, payload, now): in the saving unit of work (the outbox)
OnSaved = Callable[[Session, int, dict, datetime], None]


class InsightRefresher:
    """Recomputes stale insights every `seconds` on a thread of its own."""

    def __init__(self, database: Database, compute: Compute, seconds: float, nightly_at: str,
                 on_saved: OnSaved | None = None):
        self.database, self.compute, self.seconds = database, compute, seconds
        self.on_saved = on_saved
        self.nightly_at = time.fromisoformat(nightly_at)
        self._posting_seen: int | None = None
        self._nightly_done: date | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="insights", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def run_once(self, now: datetime | None = None) -> int:
        """One pass: mark what changed, recompute what is stale; returns customers computed."""
        now = now or utcnow()
        with self.database.session(write=True) as session:
            if self._posting_seen is None:  # start from now: older changes wait for the night
                self._posting_seen = newest_posting_id(session)
            changed, self._posting_seen = customers_with_postings_after(session,
                                                                         self._posting_seen)
            for customer_id in changed:
                mark_stale(session, customer_id, now)
            if self._nightly_due(now):
                marked = mark_all_stale(session, now)
                self._nightly_done = now.date()
                log.info("nightly insights: %d customers to recompute", marked)
        done = 0
        while not self._stop.is_set():
            with self.database.session() as session:
                batch = stale_customers(session, BATCH)
            if not batch:
                break
            for customer_id in batch:
                self.refresh(customer_id, utcnow())
                done += 1
        return done

    def refresh_all(self, now: datetime | None = None,
                    progress: Callable[[int, int], None] | None = None) -> int:
        """Recompute every customer now (the demo's load, a command); returns how many."""
        now = now or utcnow()
        with self.database.session(write=True) as session:
            total = mark_all_stale(session, now)
        done = 0
        while True:
            with self.database.session() as session:
                batch = stale_customers(session, BATCH)
            if not batch:
                return done
            for customer_id in batch:
                self.refresh(customer_id, utcnow())
                done += 1
                if progress is not None:
                    progress(done, total)

    def refresh(self, customer_id: int, now: datetime) -> None:
        """Recompute one customer's insights; a failure is logged and leaves them stale."""
        try:
            with self.database.session() as session:
                payload = self.compute(session, customer_id, now)
            with self.database.session(write=True) as session:
                save_insights(session, customer_id, payload, utcnow(), read_at=now)
                if self.on_saved is not None:
                    self.on_saved(session, customer_id, payload, now)
        except Exception:  # one customer's bad data must not stop everyone else's
            log.exception("could not compute the insights of customer %s", customer_id)
            with self.database.session(write=True) as session:
                save_insights(session, customer_id, {"error": True}, utcnow(), read_at=now)

    def _nightly_due(self, now: datetime) -> bool:
        return now.time() >= self.nightly_at and self._nightly_done != now.date()

    def _run(self) -> None:
        self._nightly_done = utcnow().date()  # just started: the first night is tonight
        while not self._stop.wait(self.seconds):
            try:
                self.run_once()
            except Exception:  # a dropped database connection: the next pass tries again
                log.exception("the insights pass failed; retrying in %.0f s", self.seconds)
