"""Cash deposit through escrow: count into escrow, confirm (stash, post) or roll back.

Nothing is recorded while notes are only counted; on confirm the escrow is recorded, the
stash is committed as commanded, then the acceptor stores the notes and the flow tells the
deposit machine (shared.money.cash) what came of it.
"""

from __future__ import annotations

from hardware.cash import Notes
from hardware.cash_acceptor import CashInRequest, CashInStartRequest
from hardware.xfs import CompletionCode, PowerLoss
from kiosk.actions import ActionRecord, ActionStatus
from kiosk.cash_counters import acceptor_counts
from kiosk.flows import Fallback, ledger_key
from kiosk.screen import Screen
from kiosk.station import CardHolder, Station
from shared.i18n.text import N_, Text, message_of
from shared.money.cash import deposit as deposits
from shared.money.cash.device_counts import ACCEPTOR_BEFORE
from shared.money.format import Amount
from shared.money.ledger import LedgerError, Limits

POLL_S = 0.2


def _notes(notes) -> dict[str, int]:
    return {str(d): n for d, n in (notes or {}).items()}


def deposit(station: Station, holder: CardHolder, record: ActionRecord) -> dict:
    """Take notes into escrow until the customer confirms or cancels."""
    account_id = record.action.get("account_id") or holder.card.account_id
    if not holder.owns(account_id):
        record.finish(ActionStatus.REFUSED, error=N_("not one of your accounts"))
        return {}
    acceptor = station.devices.cash_acceptor
    context = {"step": "deposit", "card_last4": holder.card.last4}
    limits = station.settings.kiosk
    started = acceptor.cash_in_start(CashInStartRequest(limits.max_deposit_notes))
    if not started.ok:
        raise Fallback("device_fault", "cash", {**context, "problem":
                                                f"cash-in start {started.completion}"})
    escrow = Notes()
    try:
        while True:
            escrow = _collect(station, escrow, context)
            if escrow is None:
                return _rollback(station, context, N_("Deposit cancelled."))
            if escrow.total_minor > limits.max_deposit_minor:
                _rollback(station, context, "")
                raise Fallback("over_limit", "cash", {
                    **context, "amount_minor": escrow.total_minor,
                    "limit_minor": limits.max_deposit_minor},
                    N_("That is more than this kiosk can take. Please take your notes back; "
                       "a teller will help you."))
            station.show(Screen.CONFIRM_DEPOSIT, N_("Is this right?"),
                         escrow_minor=escrow.total_minor, escrow=_notes(escrow))
            choice = station.next_action(station.timeouts.inactivity_timeout_s)
            if choice is None or choice.action["action"] in ("deposit_cancel", "cancel",
                                                             "finish"):
                if choice is not None:
                    choice.finish(ActionStatus.DONE)
                return _rollback(station, context,
                                 N_("Deposit cancelled: please take your notes."))
            if choice.action["action"] == "deposit":
                choice.finish(ActionStatus.DONE)
                continue  # add more notes
            if choice.action["action"] != "deposit_confirm":
                choice.finish(ActionStatus.REFUSED, error=N_("confirm or cancel the deposit"))
                continue
            try:
                result = _store(station, account_id, escrow, choice, context)
            except Fallback as fallback:
                choice.finish(ActionStatus.DONE, fallback=fallback.reason)
                raise
            except LedgerError as exc:  # the confirm is answered now, not when the visit ends
                choice.finish(ActionStatus.REFUSED, error=message_of(exc), code=exc.code)
                raise
            choice.finish(ActionStatus.DONE, **{k: v for k, v in result.items()
                                                if k != "receipt_lines"})
            return result
    except PowerLoss as exc:
        acceptor.reset()
        raise Fallback("device_fault", "cash", {**context, "problem": str(exc),
                                                "escrow": _notes(escrow)}) from exc


def _collect(station: Station, escrow: Notes, context: dict) -> Notes | None:
    """Wait for notes in the tray and count them into escrow; None if the customer cancels."""
    acceptor = station.devices.cash_acceptor
    station.show(Screen.INSERT_NOTES, "Put your notes in the slot.",
                 escrow_minor=escrow.total_minor, escrow=_notes(escrow))
    deadline = station.clock() + station.timeouts.notes_insert_timeout_s
    while station.clock() < deadline and not station.stopping:
        pending = station.poll_action()
        if pending is not None:
            if pending.action["action"] in ("deposit_cancel", "cancel", "finish"):
                pending.finish(ActionStatus.DONE)
                return None
            pending.finish(ActionStatus.REFUSED, error=N_("put your notes in the slot first"))
            continue
        result = acceptor.cash_in(CashInRequest(timeout_s=POLL_S))
        if result.completion is CompletionCode.TIMEOUT:
            continue
        if not result.ok:
            acceptor.reset()  # escrow and transport notes go to the retract bin
            raise Fallback("device_fault", "cash", {
                **context, "problem": f"cash-in {result.completion} {result.error_code}",
                "escrow_before": _notes(escrow), "notes_in_retract_bin": True},
                N_("Sorry, the note reader has a problem. Your notes are safe inside; a teller "
                   "will count them with you."))
        station.touched()
        if result.rejected_items:
            station.update(message=Text("%(count)s items could not be accepted; please take them "
                                        "back.", count=result.rejected_items))
        if result.escrow:
            return Notes(result.escrow)
    return escrow or None


def _rollback(station: Station, context: dict, message: str) -> dict:
    acceptor = station.devices.cash_acceptor
    if not acceptor.status().cash_in_active:
        return {"message": message}
    result = acceptor.cash_in_rollback()
    if not result.ok:
        acceptor.reset()
        raise Fallback("device_fault", "cash", {
            **context, "problem": f"rollback {result.completion} {result.error_code}",
            "notes_in_retract_bin": True},
            N_("Sorry, the kiosk could not give your notes back. A teller will return them."))
    return {"message": message or N_("Please take your notes."),
            "returned_minor": result.returned.total_minor}


def _store(station: Station, account_id: int, escrow: Notes, record: ActionRecord,
           context: dict) -> dict:
    acceptor = station.devices.cash_acceptor
    notes = _notes(escrow)
    try:
        # One commit records the notes and that they are about to be stored, with the
        # acceptor's counters: after a crash, recovery reads where the notes went.
        escrowed = station.unit_of_work(
            deposits.escrow_for_accept, account_id=account_id,
            device_id=station.kiosk.device_id, notes=notes,
            idempotency_key=ledger_key(station.kiosk.code, record.key),
            limits=Limits.from_settings(station.settings),
            context={ACCEPTOR_BEFORE: acceptor_counts(acceptor).as_json()})
    except LedgerError:
        _rollback(station, context, "")  # refused, nothing recorded: the notes go back
        raise
    cash_id = escrowed.cash_session_id
    context = {**context, "cash_session_id": cash_id, "notes": notes,
               "amount_minor": escrow.total_minor}
    if escrowed.replayed:
        # A retry of a deposit already recorded: these notes are not part of it. Left in
        # escrow they would stay there, the cash-in open, blocking the next customer.
        _rollback(station, context, "")
        return {"message": N_("This deposit was already handled."), **escrowed.response}
    station.show(Screen.BUSY, N_("Storing your notes..."))
    try:
        stored = acceptor.cash_in_end()
    except PowerLoss as exc:
        acceptor.reset()
        problem = str(exc)[:200]
        station.unit_of_work(deposits.accept_failed, cash_id, problem,
                             context={"problem": problem})
        raise Fallback("unknown_outcome", "cash", {**context, "problem": problem,
                                                   "suspect": True}) from exc
    if stored.ok and Notes(stored.stored) == escrow:
        station.unit_of_work(deposits.accepted, cash_id, context={"stored": notes})
        return {"message": Text("Deposited %(amount)s.",
                                amount=Amount(escrow.total_minor, station.currency)),
                "kind": "deposit",
                "amount_minor": escrow.total_minor, "cash_session_id": cash_id,
                "receipt_lines": [Text("Cash deposit %(amount)s",
                                       amount=Amount(escrow.total_minor, station.currency))]}
    problem = f"store {stored.completion} {stored.error_code}"
    acceptor.reset()
    station.unit_of_work(deposits.accept_failed, cash_id, problem,
                         context={"problem": problem, "stored": _notes(stored.stored)})
    raise Fallback("unknown_outcome", "cash", {**context, "problem": problem,
                                               "stored": _notes(stored.stored),
                                               "suspect": True})
