"""Where the door watcher writes: privacy mode, visits and foot-traffic counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from shared.models.enums import PrivacyMode, VisitSource


@dataclass(frozen=True)
class Arrival:
    visit_id: int
    customer_id: int
    display_name: str


class VisitRecorder(Protocol):
    """Where the watcher writes: the branch's privacy mode, visits and counts."""

    def privacy_mode(self) -> PrivacyMode: ...

    def arrive(self, customer_id: int, score: float, now: datetime) -> Arrival | None:
        """Open a visit for a consenting customer; None if not consenting or already open."""
        ...

    def count(self, bucket_start: datetime, people: int, identified: int) -> None: ...


class DbVisitRecorder:
    """VisitRecorder over the database: one session per unit of work, consent checked."""

    def __init__(
        self, database, branch_id: int, device_id: int, window: timedelta = timedelta(minutes=60)
    ):
        self.database = database
        self.branch_id = branch_id
        self.device_id = device_id
        self.window = window

    def privacy_mode(self) -> PrivacyMode:
        from shared.models import Branch

        with self.database.session() as session:
            return PrivacyMode(session.get(Branch, self.branch_id).privacy_mode)

    def arrive(self, customer_id: int, score: float, now: datetime) -> Arrival | None:
        from shared.biometrics.consent import active_consent
        from shared.floor.visits import open_visit
        from shared.models import Customer
        from shared.models.enums import Modality

        with self.database.session(write=True) as session:
            # The gallery holds consenting customers only; check again in case a withdrawal
            # is still on its way to this process.
            if active_consent(session, customer_id, Modality.FACE) is None:
                return None
            visit = open_visit(
                session,
                self.branch_id,
                customer_id,
                VisitSource.DOOR_CAMERA,
                score,
                now,
                self.window,
            )
            if visit is None:
                return None
            name = session.get(Customer, customer_id).display_name
            return Arrival(visit.id, customer_id, name)

    def count(self, bucket_start: datetime, people: int, identified: int) -> None:
        from shared.floor.visits import record_traffic

        with self.database.session(write=True) as session:
            record_traffic(
                session, self.device_id, self.branch_id, bucket_start, people, identified
            )
