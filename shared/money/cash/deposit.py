"""Cash deposit through escrow as a persisted state machine, with crash recovery.

escrowed (notes counted, nothing posted) -> accepting (stash commanded) -> accepted (posted);
or rolled back (notes returned). Each state is committed before the acceptor acts (the
kiosk escrows and begins storing in one commit, escrow_for_accept): after a crash, a
session whose stash was commanded is credited when the acceptor's counters show every
escrowed note stored (device_counts.py), else has an unknown outcome: suspect, kiosk out
of service.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from shared.i18n.text import N_
from shared.models.money import CashKind, CashSessionState
from shared.money import ledger
from shared.money.cash.device_counts import deposit_outcome
from shared.money.cash.machine import CREDIT, NOTHING, CashMachine, Opened, Step
from shared.money.cash.sessions import notes_value, validate_counts
from shared.money.ledger import DEFAULT_LIMITS, Limits

S = CashSessionState
UNKNOWN = Step((S.ACCEPTING,), S.SUSPECT,
               doc="The stash failed with notes in an unknown place: flag a suspect.")

DEPOSIT = CashMachine(
    kind=CashKind.DEPOSIT,
    transaction_kind="cash_deposit",
    label="Cash deposit",
    opening=Step((), S.ESCROWED),
    steps={
        "begin_accept": Step((S.ESCROWED,), S.ACCEPTING, doc=(
            "Record that the acceptor is about to stash the escrow; commit this before it "
            "acts.")),
        "accepted": Step((S.ACCEPTING,), S.ACCEPTED, CREDIT,
                         doc="The notes are in the cassettes: post the deposit."),
        "rolled_back": Step((S.ESCROWED, S.ACCEPTING), S.ROLLED_BACK, doc=(
            "The notes went back to the customer (cancel, or the acceptor reports a "
            "rollback).")),
        "accept_failed": UNKNOWN,
        # After a restart, when the acceptor's counters account for every note
        # (device_counts.py).
        "all_stored": Step((S.ACCEPTING,), S.ACCEPTED, CREDIT, doc=(
            "The counters show every escrowed note in the cassettes: post the deposit.")),
    },
    on_restart={
        # Only a session recorded before the kiosk escrowed and began storing in one commit
        # (escrow_for_accept): the acceptor's reset keeps escrowed notes in its retract
        # bin, so the teller counts them and returns or credits them.
        S.ESCROWED: Step((S.ESCROWED,), S.SUSPECT,
                         reason="restart while escrowed: the notes are in the retract bin"),
        S.ACCEPTING: UNKNOWN,
    },
    findings={"accepted": CREDIT, "returned": NOTHING},
    from_counters=lambda cash, reading: deposit_outcome(cash.device_context, cash.notes,
                                                        reading.acceptor),
)

def escrow(session: Session, *, account_id: int, device_id: int, notes: Mapping,
           idempotency_key: str, limits: Limits = DEFAULT_LIMITS) -> Opened:
    """Record the notes counted in escrow; a replayed key returns the first answer."""
    counted = validate_counts(notes)
    amount = ledger.validate_amount(notes_value(counted), limits.max_deposit_minor,
                                    N_("deposit amount"))
    return DEPOSIT.open(
        session, idempotency_key=idempotency_key, account_id=account_id, device_id=device_id,
        request={"account_id": account_id, "device_id": device_id, "notes": counted},
        amount_minor=amount, notes=counted)


# What the kiosk tells the machine, step by step (recover and reconcile: DEPOSIT's own).
begin_accept = DEPOSIT.step("begin_accept")
accepted = DEPOSIT.step("accepted")
rolled_back = DEPOSIT.step("rolled_back")
accept_failed = DEPOSIT.step("accept_failed")


def escrow_for_accept(session: Session, *, account_id: int, device_id: int, notes: Mapping,
                      idempotency_key: str, limits: Limits = DEFAULT_LIMITS,
                      context: Mapping | None = None) -> Opened:
    """Record the escrowed notes and begin_accept in one transaction (a replayed key: the
    first answer, nothing begun). The kiosk commits this just before the acceptor stores:
    a session left in escrow by a crash between two commits was rolled back on restart
    while the acceptor's reset had put its notes in the retract bin, unrecorded."""
    opened = escrow(session, account_id=account_id, device_id=device_id, notes=notes,
                    idempotency_key=idempotency_key, limits=limits)
    if not opened.replayed:
        begin_accept(session, opened.cash_session_id, context=context)
    return opened
