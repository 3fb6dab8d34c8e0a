"""Cash withdrawal: note mix, hold, dispense, present, take or retract; faults to the counter.

The flow drives the dispenser and tells the withdrawal machine (shared.money.cash) what
happened; each step is committed before the dispenser is commanded, so a crash or a fault
leaves the database saying how far the notes may have gone.
"""

from __future__ import annotations

from hardware.cash_dispenser import (
    Bin,
    DenominateRequest,
    DispenseRequest,
    PresentRequest,
    RetractRequest,
    TakeRequest,
)
from hardware.xfs import CompletionCode, PowerLoss
from kiosk.actions import ActionRecord, ActionStatus
from kiosk.cash_counters import dispenser_counts, read_after_reset
from kiosk.flows import Fallback, ledger_key, risk
from kiosk.screen import Screen
from kiosk.station import CardHolder, Station
from shared.i18n.text import N_, Text
from shared.models import SignalKind
from shared.models.money import CashSessionState
from shared.money.cash import withdrawal
from shared.money.cash.device_counts import DISPENSER_BEFORE
from shared.money.format import Amount
from shared.money.ledger import Limits

S = CashSessionState
NOT_PAID = N_("Sorry, the kiosk could not count your cash. Nothing was taken from your account. "
              "A teller will help you.")
WENT_BACK = N_("The cash was not taken and went back into the kiosk. Nothing was taken from "
               "your account.")


def _notes(mix) -> dict[str, int]:
    return {str(d): n for d, n in (mix or {}).items()}


def withdraw(station: Station, holder: CardHolder, record: ActionRecord) -> dict:
    """Withdraw `amount_minor` from `account_id` (default: the card's account)."""
    amount = int(record.action.get("amount_minor") or 0)
    account_id = record.action.get("account_id") or holder.card.account_id
    context = {"step": "withdrawal", "amount_minor": amount, "card_last4": holder.card.last4}
    limit = station.settings.kiosk.max_withdrawal_minor
    if not holder.owns(account_id):
        record.finish(ActionStatus.REFUSED, error=N_("not one of your accounts"))
        return {}
    if amount <= 0:
        record.finish(ActionStatus.REFUSED, error=N_("choose an amount"))
        return {}
    if amount > limit:
        raise Fallback("over_limit", "cash", {**context, "limit_minor": limit},
                       N_("That is more than this kiosk can pay out. A teller will help you."))
    dispenser = station.devices.cash_dispenser
    mix = dispenser.denominate(DenominateRequest(amount, station.currency))
    if not mix.ok:
        record.finish(ActionStatus.REFUSED, error=N_(
            "the kiosk cannot pay that amount in notes; try another amount"))
        return {}
    notes = _notes(mix.mix)
    station.show(Screen.BUSY, N_("Checking your account..."))
    risk.screen(station, holder, SignalKind.WITHDRAWAL, service="cash", context=context,
                amount_minor=amount)
    auth = station.unit_of_work(
        withdrawal.authorise, account_id=account_id, device_id=station.kiosk.device_id,
        amount_minor=amount, idempotency_key=ledger_key(station.kiosk.code, record.key),
        notes=notes, limits=Limits.from_settings(station.settings))
    if auth.replayed:
        return {"message": N_("This withdrawal was already handled."), **auth.response}
    cash_id = auth.cash_session_id
    context.update(cash_session_id=cash_id, notes=notes)
    # The counters go with the step: after a crash they tell recovery where the notes went.
    station.unit_of_work(withdrawal.begin_dispense, cash_id, context={
        DISPENSER_BEFORE: dispenser_counts(dispenser).as_json()})
    station.show(Screen.BUSY, N_("Counting your cash..."))
    try:
        _dispense(station, cash_id, amount, mix.mix, context)
        _present(station, cash_id, context)
        return _hand_over(station, cash_id, amount, notes, context)
    except PowerLoss as exc:
        dispenser.reset()
        state = _settle_or_suspect(station, cash_id, f"power lost: {exc}", context)
        if state is S.TAKEN:
            return _paid(station, cash_id, amount)
        raise _to_the_counter(state, "unknown_outcome", NOT_PAID,
                              {**context, "problem": str(exc)}) from exc


def _dispense(station: Station, cash_id: int, amount: int, mix, context: dict) -> None:
    dispenser = station.devices.cash_dispenser
    result = dispenser.dispense(DispenseRequest(amount, mix, station.currency))
    if result.ok:
        return
    problem = f"dispense {result.completion} {result.error_code}".strip()
    context = {**context, "problem": problem, "dispensed": _notes(result.dispensed)}
    stacked = dispenser.status().stacker_items
    if not result.dispensed and not stacked:
        station.unit_of_work(withdrawal.dispense_failed, cash_id, nothing_dispensed=True,
                             reason=problem, context=context)
        dispenser.reset()
        raise Fallback("device_fault", "cash", context, NOT_PAID)
    # Notes are in the transport: the reset puts them in a bin, where the counters see them.
    dispenser.reset()
    state = _settle_or_suspect(station, cash_id, problem, context)
    raise _to_the_counter(state, "device_fault", NOT_PAID, context)


def _present(station: Station, cash_id: int, context: dict) -> None:
    dispenser = station.devices.cash_dispenser
    result = dispenser.present(PresentRequest())
    if result.ok:
        station.unit_of_work(withdrawal.presented, cash_id,
                             context={"presented": _notes(result.presented)})
        return
    problem = f"present {result.completion} {result.error_code}".strip()
    if result.error_code == "shutterNotOpen":
        # Nothing reached the customer: the stacked notes go to the reject bin, no money moves.
        retract = dispenser.retract(RetractRequest(Bin.REJECT))
        if retract.ok:
            station.unit_of_work(withdrawal.dispense_failed, cash_id, nothing_dispensed=True,
                                 reason=problem, context={"retracted_items": retract.items})
            raise Fallback("device_fault", "cash", {**context, "problem": problem},
                           N_("Sorry, the cash door did not open. Nothing was taken from your "
                              "account. A teller will help you."))
    # Some or all notes may be reachable: the reset takes back what is left, and the counters
    # tell whether that is all of them; if not, the teller counts.
    context = {**context, "problem": problem, "presented": _notes(result.presented),
               "remaining": _notes(result.remaining)}
    dispenser.reset()
    state = _settle_or_suspect(station, cash_id, problem, context)
    raise _to_the_counter(state, "unknown_outcome", NOT_PAID, context)


def _hand_over(station: Station, cash_id: int, amount: int, notes: dict,
               context: dict) -> dict:
    dispenser = station.devices.cash_dispenser
    station.show(Screen.TAKE_CASH, N_("Please take your cash."), amount_minor=amount)
    take = dispenser.wait_for_take(TakeRequest(station.timeouts.cash_take_timeout_s))
    if take.ok:
        station.unit_of_work(withdrawal.taken, cash_id, context={"taken": notes})
        return _paid(station, cash_id, amount)
    if take.completion is CompletionCode.TIMEOUT:
        retract = dispenser.retract(RetractRequest(Bin.RETRACT))
        if retract.ok:
            station.unit_of_work(withdrawal.retracted, cash_id,
                                 context={"retracted_items": retract.items})
            station.turn.note(cash_not_taken=True)
            return {"message": WENT_BACK, "kind": "withdrawal", "amount_minor": 0,
                    "cash_session_id": cash_id}
        problem = f"retract {retract.completion} {retract.error_code}"
    else:
        problem = f"take {take.completion} {take.error_code}"
    dispenser.reset()
    state = _settle_or_suspect(station, cash_id, problem, context)
    if state is S.TAKEN:
        return _paid(station, cash_id, amount)
    raise _to_the_counter(state, "unknown_outcome", WENT_BACK, {**context, "problem": problem})


def _paid(station: Station, cash_id: int, amount: int) -> dict:
    return {"message": N_("Please take your cash."), "kind": "withdrawal",
            "amount_minor": amount, "cash_session_id": cash_id,
            "receipt_lines": [Text("Cash withdrawal %(amount)s",
                                   amount=Amount(amount, station.currency))]}


def _settle_or_suspect(station: Station, cash_id: int, reason: str,
                       context: dict) -> CashSessionState:
    """After the dispenser's reset: settle the withdrawal from its counters when they account
    for every note, else flag it for the teller (the kiosk out of service until reconciled)."""
    reading = read_after_reset(station.devices).dispenser
    return station.unit_of_work(withdrawal.settle_after_fault, cash_id, reading,
                                reason=reason[:200],
                                context={k: v for k, v in context.items() if k != "card_last4"})


def _to_the_counter(state: CashSessionState, reason: str, settled_message: str,
                    context: dict) -> Fallback:
    """The customer goes to the counter: told `settled_message` when the counters settled
    it with nothing taken from their account, else as an unknown outcome (a suspect)."""
    if state is S.SUSPECT:
        return Fallback(reason, "cash", {**context, "suspect": True})
    return Fallback("device_fault", "cash", {**context, "settled": str(state)}, settled_message)
