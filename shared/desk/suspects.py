"""The teller desk's view of suspect cash sessions at its branch, and settling them.

Listing and settling are limited to the staff member's branch; the money itself moves in
the cash machines' reconcile (shared/money/cash, audited there), and the kiosk's return to service
is announced once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db.locks import begin_write
from shared.desk.context import desk_context
from shared.events import DeviceAvailable, Event, EventBus
from shared.events.after_commit import publish_after_commit
from shared.models import Account, Device
from shared.models.enums import DeviceStatus
from shared.models.money import CashSession, CashSessionState
from shared.money.cash.deposit import DEPOSIT
from shared.money.cash.sessions import CashSessionError
from shared.money.cash.withdrawal import WITHDRAWAL

MACHINES = {machine.kind: machine for machine in (WITHDRAWAL, DEPOSIT)}
# What the teller may find, per kind: e.g. a withdrawal's notes were taken or not.
OUTCOMES = {kind: tuple(machine.findings) for kind, machine in MACHINES.items()}


class SuspectNotFound(CashSessionError):
    code = "not_found"


@dataclass(frozen=True)
class SuspectView:
    """One suspect as the desk shows it (no full account number)."""

    id: int
    kind: str
    kiosk_code: str
    kiosk_status: str
    amount_minor: int
    currency: str
    account_ending: str
    planned_notes: dict[str, int]
    device_report: list[tuple[str, str]]
    reason: str
    suspect_at: datetime | None
    outcomes: tuple[str, ...]


def branch_suspects(session: Session, branch_id: int) -> list[SuspectView]:
    """Return the open suspects of the branch's kiosks, oldest first."""
    rows = session.execute(
        select(CashSession, Device, Account.number)
        .join(Device, Device.id == CashSession.device_id)
        .join(Account, Account.id == CashSession.account_id)
        .where(CashSession.state == CashSessionState.SUSPECT, Device.branch_id == branch_id)
        .order_by(CashSession.id)
    )
    return [
        SuspectView(
            id=cash.id,
            kind=cash.kind.value,
            kiosk_code=kiosk.code,
            kiosk_status=kiosk.status.value,
            amount_minor=cash.amount_minor,
            currency=cash.currency,
            account_ending=number[-4:],
            planned_notes={str(k): int(v) for k, v in (cash.notes or {}).items()},
            device_report=desk_context(cash.device_context, cash.currency),
            reason=cash.reason,
            suspect_at=cash.suspect_at,
            outcomes=OUTCOMES[cash.kind],
        )
        for cash, kiosk, number in rows
    ]


def reconcile_suspect(
    session: Session,
    bus: EventBus,
    branch_id: int,
    suspect_id: int,
    *,
    outcome: str,
    counts: Mapping,
    staff_id: int,
    amount_minor: int | None = None,
) -> CashSession:
    """Settle one suspect of this branch from the teller's count (see OUTCOMES per kind)."""
    begin_write(session)
    found = session.execute(
        select(CashSession.kind, Device.branch_id, Device.status)
        .join(Device, Device.id == CashSession.device_id)
        .where(CashSession.id == suspect_id)
    ).one_or_none()
    if found is None or found.branch_id != branch_id:
        raise SuspectNotFound(f"no cash session {suspect_id} at this branch")
    kind = found.kind
    if outcome not in OUTCOMES[kind]:
        raise CashSessionError(
            f"a {kind.value} is reconciled as {' or '.join(OUTCOMES[kind])}, not {outcome!r}"
        )
    cash = MACHINES[kind].reconcile(session, suspect_id, outcome=outcome, counts=counts,
                                    staff_id=staff_id, amount_minor=amount_minor)
    kiosk = session.get(Device, cash.device_id)
    if found.status != DeviceStatus.OK and kiosk.status == DeviceStatus.OK:
        publish_after_commit(session, bus, Event(kiosk.branch_id,
                                                 DeviceAvailable(kiosk.code, kiosk.kind.value)))
    return cash
