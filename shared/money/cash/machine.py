"""One engine for the kiosk's persisted cash state machines, and how each machine is declared.

A machine (withdrawal.py, deposit.py) is data: its opening, its steps (from which states,
to which, what each does to the ledger), what recovery does after a restart in each open
state, and what each of the teller's findings posts. The engine below runs any of them the
same way: every step locks the session's row, checks the state it comes from, moves it
(mirrored on the ledger transaction) and applies the step's ledger effect, all in the
caller's unit of work, which the caller commits BEFORE telling the device to act.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from shared import audit
from shared.db.base import utcnow
from shared.db.locks import begin_write
from shared.models import Hold, LedgerTransaction
from shared.models.money import CashKind, CashSession, CashSessionState
from shared.money import ledger
from shared.money.cash.device_counts import CashReading, Settled
from shared.money.cash.sessions import (
    TRANSACTION_STATE,
    CashSessionError,
    customer_account,
    finish_reconciliation,
    kiosk_cash_account,
    load_for_update,
    load_suspect,
    mark_suspect,
    move,
    record_device_context,
    sessions_in,
)
from shared.money.ledger import Leg

S = CashSessionState


# -- what a step does to the ledger ----------------------------------------------------------
@dataclass(frozen=True)
class LedgerEffect:
    """What a step does to the ledger; `posts` when it moves the amount between accounts."""

    name: str
    apply: Callable[[Session, CashSession, int, datetime], None]
    posts: bool = False


def _hold(session: Session, cash: CashSession, amount_minor: int, now: datetime) -> None:
    transaction = session.get(LedgerTransaction, cash.transaction_id)
    hold = ledger.place_hold(session, transaction, cash.account_id, amount_minor,
                             f"cash {cash.kind.value}")
    cash.hold_id = hold.id


def _release(session: Session, cash: CashSession, amount_minor: int, now: datetime) -> None:
    ledger.release_hold(session, session.get(Hold, cash.hold_id), now)


def _capture(session: Session, cash: CashSession, amount_minor: int, now: datetime) -> None:
    """Post customer -X and kiosk cash +X, closing the hold (see sessions.py for the signs)."""
    _kiosk, kiosk_cash = kiosk_cash_account(session, cash.device_id, in_service=False)
    ledger.capture_hold(session, session.get(Hold, cash.hold_id),
                        [Leg(cash.account_id, -amount_minor), Leg(kiosk_cash.id, amount_minor)])


def _credit(session: Session, cash: CashSession, amount_minor: int, now: datetime) -> None:
    """Post customer +X and kiosk cash -X (the kiosk now holds X more in notes)."""
    _kiosk, kiosk_cash = kiosk_cash_account(session, cash.device_id, in_service=False)
    transaction = session.get(LedgerTransaction, cash.transaction_id)
    ledger.apply_postings(session, transaction.id, transaction.currency, ledger.validate_legs(
        [Leg(cash.account_id, amount_minor), Leg(kiosk_cash.id, -amount_minor)]))


NOTHING = LedgerEffect("nothing", lambda *_: None)
HOLD = LedgerEffect("hold", _hold)
RELEASE = LedgerEffect("release", _release)
CAPTURE = LedgerEffect("capture", _capture, posts=True)
CREDIT = LedgerEffect("credit", _credit, posts=True)


# -- how a machine is declared ---------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """A transition: the states it may start from, where it goes, its ledger effect.

    A step to SUSPECT means "outcome unknown": the kiosk goes out of service until the
    teller desk reconciles it. `reason` is recorded on the session (recovery's own words).
    """

    sources: tuple[CashSessionState, ...]
    target: CashSessionState
    money: LedgerEffect = NOTHING
    doc: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Opened:
    """A cash session opened now, or found again for a replayed idempotency key."""

    cash_session_id: int
    response: dict
    replayed: bool


@dataclass
class RecoveryReport:
    """What recovery did: sessions closed (by state reached), and suspects flagged.

    `by_counters`: the closed sessions whose outcome the device's counters told.
    """

    closed: dict[CashSessionState, list[int]] = field(default_factory=dict)
    suspects: list[int] = field(default_factory=list)
    by_counters: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class CashMachine:
    """One kind of cash session as data, and the engine that runs it."""

    kind: CashKind
    transaction_kind: str  # the ledger transaction's kind, e.g. "cash_withdrawal"
    label: str  # its description, before " at kiosk <code>"
    opening: Step
    steps: Mapping[str, Step]
    on_restart: Mapping[CashSessionState, Step]
    findings: Mapping[str, LedgerEffect]  # the teller's outcome -> what it does
    # What the device's counters say of a session about to be flagged, by recovery or after
    # a device fault (device_counts.py): a step of `steps` and why, or None (a suspect).
    from_counters: Callable[[CashSession, CashReading], Settled | None] | None = None

    def open(self, session: Session, *, idempotency_key: str, request: Mapping,
             account_id: int, device_id: int, amount_minor: int, notes: dict) -> Opened:
        """Claim the key, open the session in its first state with its ledger effect.

        The claim is in the same transaction as the hold or posting that follows, so a
        replayed key answers with the first session and never holds or moves money twice.
        """
        claimed = ledger.claim(session, idempotency_key=idempotency_key,
                               kind=self.transaction_kind, request=request,
                               state=TRANSACTION_STATE[self.opening.target], category="cash",
                               device_id=device_id)
        transaction = claimed.transaction
        if claimed.replayed:
            return Opened(transaction.response["cash_session_id"],
                          dict(transaction.response), replayed=True)
        account = customer_account(session, account_id)
        kiosk, kiosk_cash = kiosk_cash_account(session, device_id)
        # The notes are in the kiosk's currency: an account in another one cannot use them.
        ledger.check_open(account, kiosk_cash.currency)
        transaction.description = f"{self.label} at kiosk {kiosk.code}"
        transaction.counterparty = kiosk.code
        transaction.amount_minor = amount_minor
        transaction.currency = kiosk_cash.currency
        now = utcnow()
        cash = CashSession(kind=self.kind, state=self.opening.target,
                           transaction_id=transaction.id, account_id=account.id,
                           device_id=kiosk.id, amount_minor=amount_minor,
                           currency=kiosk_cash.currency, notes=notes, device_context={},
                           started_at=now)
        self.opening.money.apply(session, cash, amount_minor, now)
        session.add(cash)
        session.flush()
        transaction.response = {"cash_session_id": cash.id, "transaction_id": transaction.id,
                                "state": str(self.opening.target),
                                "amount_minor": amount_minor, "notes": notes}
        return Opened(cash.id, dict(transaction.response), replayed=False)

    def advance(self, session: Session, cash_session_id: int, step: str, reason: str = "",
                *, context: Mapping | None = None, now: datetime | None = None) -> CashSession:
        """Take the named step (refused unless the session is in one of its start states)."""
        begin_write(session)
        cash = load_for_update(session, cash_session_id, self.kind)
        record_device_context(cash, context)
        self._take(session, cash, self.steps[step], reason, now or utcnow())
        session.flush()
        return cash

    def step(self, name: str) -> Callable[..., CashSession]:
        """Return a function `name(session, cash_session_id, reason="", *, context, now)`."""
        def take(session: Session, cash_session_id: int, reason: str = "", *,
                 context: Mapping | None = None, now: datetime | None = None) -> CashSession:
            return self.advance(session, cash_session_id, name, reason, context=context,
                                now=now)

        take.__name__ = take.__qualname__ = name
        take.__doc__ = self.steps[name].doc
        return take

    def recover(self, session: Session, now: datetime | None = None,
                device_id: int | None = None,
                reading: CashReading | None = None) -> RecoveryReport:
        """After a restart (of all kiosks or of `device_id`): run each open state's step.

        With `reading` (the kiosk's devices after their reset), a session whose outcome the
        database cannot know is settled when the device's counters account for every note;
        only when it is the one such session, since the counters cannot tell two apart.
        """
        if reading is not None and device_id is None:
            raise ValueError("a device reading is one kiosk's: recover that kiosk alone")
        begin_write(session)
        now = now or utcnow()
        report = RecoveryReport()
        found = sessions_in(session, self.kind, tuple(self.on_restart), device_id=device_id)
        unknown = [c for c in found if self.on_restart[c.state].target is S.SUSPECT]
        for cash in found:
            step = self.on_restart[cash.state]
            reason = step.reason or f"restart while {cash.state}: outcome unknown"
            settled = self._settled(cash, step, reading) if len(unknown) == 1 else None
            if settled is not None:
                step, reason = self._by_counters(session, cash, settled)
                report.by_counters.append(cash.id)
            self._take(session, cash, step, reason, now)
            if step.target is S.SUSPECT:
                report.suspects.append(cash.id)
            else:
                report.closed.setdefault(step.target, []).append(cash.id)
        session.flush()
        return report

    def settle_after_fault(self, session: Session, cash_session_id: int, reading: CashReading,
                           unknown: str, reason: str, *, context: Mapping | None = None,
                           now: datetime | None = None) -> CashSession:
        """A device failed mid-session and was reset: take the step its counters justify,
        or the step `unknown` (a suspect) when they do not account for every note."""
        begin_write(session)
        cash = load_for_update(session, cash_session_id, self.kind)
        record_device_context(cash, context)
        step = self.steps[unknown]
        settled = self._settled(cash, step, reading)
        if settled is not None:
            step, reason = self._by_counters(session, cash, settled)
        self._take(session, cash, step, reason, now or utcnow())
        session.flush()
        return cash

    def _settled(self, cash: CashSession, instead: Step,
                 reading: CashReading | None) -> Settled | None:
        """The counters' step for a session about to be flagged (`instead`), if it applies."""
        if reading is None or self.from_counters is None or instead.target is not S.SUSPECT:
            return None
        settled = self.from_counters(cash, reading)
        if settled is None or cash.state not in self.steps[settled.step].sources:
            return None
        return settled

    def _by_counters(self, session: Session, cash: CashSession,
                     settled: Settled) -> tuple[Step, str]:
        """Keep and audit the counters' evidence; return the step they justify and why."""
        record_device_context(cash, {"settled_by_counters": settled.evidence})
        audit.record(session, audit.SYSTEM, "cash.settled_by_counters",
                     subject_type="cash_session", subject_id=cash.id, reason=settled.reason,
                     detail={"step": settled.step, **settled.evidence})
        return self.steps[settled.step], settled.reason

    def reconcile(self, session: Session, suspect_id: int, *, outcome: str, counts: Mapping,
                  staff_id: int, amount_minor: int | None = None,
                  now: datetime | None = None) -> CashSession:
        """Settle a suspect from the teller's count; `amount_minor` (default all) if it posts."""
        cash, counted = load_suspect(session, suspect_id, self.kind, counts)
        now = now or utcnow()
        effect = self.findings.get(outcome)
        if effect is None:
            raise CashSessionError(
                f"outcome must be {' or '.join(repr(o) for o in self.findings)}")
        amount = 0
        if effect.posts:
            amount = cash.amount_minor if amount_minor is None else amount_minor
            ledger.validate_amount(amount, cash.amount_minor,
                                   f"amount {outcome.replace('_', ' ')}")
        effect.apply(session, cash, amount, now)
        finish_reconciliation(session, cash, staff_id,
                              {"outcome": outcome, "posted_minor": amount, "counts": counted},
                              now)
        return cash

    def _take(self, session: Session, cash: CashSession, step: Step, reason: str,
              now: datetime) -> None:
        if step.target is S.SUSPECT:
            if cash.state not in step.sources:
                raise CashSessionError(f"cash session {cash.id} is {cash.state}; expected "
                                       f"{' or '.join(step.sources)}")
            mark_suspect(session, cash, reason, now)
            return
        move(session, cash, step.sources, step.target, now, reason=reason)
        step.money.apply(session, cash, cash.amount_minor, now)
