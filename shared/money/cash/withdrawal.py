"""Cash withdrawal as a persisted state machine, with crash recovery and reconciliation.

authorised (funds held) -> dispensing -> presented -> taken (posted) | retracted (released).
Each state is committed BEFORE the device is told to act, so after a crash the database
says how far the device may have gone: before dispensing nothing left the kiosk (release
the hold); from dispensing on, notes may be out: settled from the dispenser's counters
when they account for every note (device_counts.py), else a suspect (kiosk out of service,
the teller reconciles against the cassette counts). Nothing ever commands a second dispense: only
`begin_dispense` leaves "authorised", and only once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from shared.i18n.text import N_
from shared.models.money import CashKind, CashSession, CashSessionState
from shared.money import ledger
from shared.money.cash.device_counts import CashReading, DeviceReading, withdrawal_outcome
from shared.money.cash.machine import (
    CAPTURE,
    HOLD,
    RELEASE,
    CashMachine,
    Opened,
    Step,
)
from shared.money.cash.sessions import CashSessionError, notes_value, validate_counts
from shared.money.ledger import DEFAULT_LIMITS, Limits

S = CashSessionState
UNKNOWN = Step((S.DISPENSING, S.PRESENTED), S.SUSPECT,
               doc="Notes may have left the kiosk: flag a suspect for the teller.")

WITHDRAWAL = CashMachine(
    kind=CashKind.WITHDRAWAL,
    transaction_kind="cash_withdrawal",
    label="Cash withdrawal",
    opening=Step((), S.AUTHORISED, HOLD),
    steps={
        "begin_dispense": Step((S.AUTHORISED,), S.DISPENSING, doc=(
            "Record that the dispenser is about to be commanded; commit this before "
            "dispensing.")),
        "presented": Step((S.DISPENSING,), S.PRESENTED,
                          doc="Record that the notes are at the shutter."),
        "taken": Step((S.PRESENTED,), S.TAKEN, CAPTURE,
                      doc="The customer took the notes: post the withdrawal."),
        "retracted": Step((S.PRESENTED,), S.RETRACTED, RELEASE, doc=(
            "The notes were not taken and went back into the kiosk: release the hold.")),
        "cancel": Step((S.AUTHORISED,), S.RELEASED, RELEASE,
                       doc="Drop an authorised withdrawal before the dispenser was commanded."),
        "nothing_dispensed": Step((S.DISPENSING,), S.RELEASED, RELEASE, doc=(
            "The dispenser failed and reports no note left it: release the hold.")),
        "outcome_unknown": UNKNOWN,
        # After a restart or a fault, when the dispenser's counters account for every note
        # (device_counts.py).
        "none_picked": Step((S.DISPENSING,), S.RELEASED, RELEASE,
                            doc="The counters show no note was picked: release the hold."),
        "all_in_bins": Step((S.DISPENSING, S.PRESENTED), S.RETRACTED, RELEASE, doc=(
            "The counters show every note picked back in a bin: release the hold.")),
        "taken_by_customer": Step((S.DISPENSING, S.PRESENTED), S.TAKEN, CAPTURE, doc=(
            "The counters show every note picked gone through the exit: post it.")),
    },
    on_restart={
        S.AUTHORISED: Step((S.AUTHORISED,), S.RELEASED, RELEASE,
                           reason="released on restart: the dispenser was never commanded"),
        S.DISPENSING: UNKNOWN,
        S.PRESENTED: UNKNOWN,
    },
    findings={"taken": CAPTURE, "not_taken": RELEASE},
    from_counters=lambda cash, reading: withdrawal_outcome(cash.device_context, cash.notes,
                                                           reading.dispenser),
)


def authorise(session: Session, *, account_id: int, device_id: int, amount_minor: int,
              idempotency_key: str, notes: Mapping | None = None,
              limits: Limits = DEFAULT_LIMITS) -> Opened:
    """Hold the funds and open the withdrawal; a replayed key returns the first answer."""
    ledger.validate_amount(amount_minor, limits.max_withdrawal_minor, N_("withdrawal amount"))
    planned = validate_counts(notes or {})
    if planned and notes_value(planned) != amount_minor:
        raise CashSessionError("the note mix does not add up to the amount")
    return WITHDRAWAL.open(
        session, idempotency_key=idempotency_key, account_id=account_id, device_id=device_id,
        request={"account_id": account_id, "device_id": device_id,
                 "amount_minor": amount_minor},
        amount_minor=amount_minor, notes=planned)


# What the kiosk tells the machine, step by step (recover and reconcile: WITHDRAWAL's own).
begin_dispense = WITHDRAWAL.step("begin_dispense")


def presented(session: Session, cash_session_id: int, notes: Mapping | None = None,
              context: Mapping | None = None, now: datetime | None = None) -> CashSession:
    """Record that the notes are at the shutter (and, if counted, that they add up)."""
    cash = WITHDRAWAL.advance(session, cash_session_id, "presented", context=context, now=now)
    if notes is not None:
        counted = validate_counts(notes)
        if notes_value(counted) != cash.amount_minor:
            raise CashSessionError("the notes presented do not add up to the amount")
        cash.notes = counted
        session.flush()
    return cash


taken = WITHDRAWAL.step("taken")
retracted = WITHDRAWAL.step("retracted")
cancel = WITHDRAWAL.step("cancel")


def dispense_failed(session: Session, cash_session_id: int, *, nothing_dispensed: bool,
                    reason: str, context: Mapping | None = None,
                    now: datetime | None = None) -> CashSession:
    """The dispenser failed: release if it reports no note left, otherwise flag a suspect."""
    step = "nothing_dispensed" if nothing_dispensed else "outcome_unknown"
    return WITHDRAWAL.advance(session, cash_session_id, step, reason, context=context, now=now)


def settle_after_fault(session: Session, cash_session_id: int, reading: DeviceReading | None,
                       reason: str, context: Mapping | None = None,
                       now: datetime | None = None) -> CashSessionState:
    """The dispenser failed and was reset: settle from its counters, else flag a suspect;
    return the state reached."""
    return WITHDRAWAL.settle_after_fault(session, cash_session_id, CashReading(dispenser=reading),
                                         "outcome_unknown", reason, context=context,
                                         now=now).state
