"""Cash withdrawal: note mix, hold, dispense, present, take or retract; faults to the counter.

Every state is committed before the dispenser is commanded (shared.money.cash.withdrawal),
so a crash or a fault leaves the database saying how far the notes may have gone.
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
from kiosk.agent import ActionRecord, ActionStatus, KioskAgent, Screen
from kiosk.flows import Fallback, ledger_key
from kiosk.flows.session import CardSession
from shared.money.cash import withdrawal
from shared.money.ledger import Limits


def _notes(mix) -> dict[str, int]:
    return {str(d): n for d, n in (mix or {}).items()}


def withdraw(agent: KioskAgent, session: CardSession, record: ActionRecord) -> dict:
    """Withdraw `amount_minor` from `account_id` (default: the card's account)."""
    amount = int(record.action.get("amount_minor") or 0)
    account_id = record.action.get("account_id") or session.card.account_id
    context = {"step": "withdrawal", "amount_minor": amount, "card_last4": session.card.last4}
    if not session.owns(account_id):
        record.finish(ActionStatus.REFUSED, error="not one of your accounts")
        return {}
    if amount <= 0:
        record.finish(ActionStatus.REFUSED, error="choose an amount")
        return {}
    if amount > agent.settings.kiosk.max_withdrawal_minor:
        raise Fallback("over_limit", "cash", {**context, "limit_minor":
                                              agent.settings.kiosk.max_withdrawal_minor},
                       "That is more than this kiosk can pay out. A teller will help you.")
    dispenser = agent.devices.cash_dispenser
    mix = dispenser.denominate(DenominateRequest(amount, agent.settings.kiosk.currency))
    if not mix.ok:
        record.finish(ActionStatus.REFUSED, error="the kiosk cannot pay that amount in notes; "
                      "try another amount")
        return {}
    notes = _notes(mix.mix)
    agent.show(Screen.BUSY, "Checking your account...")
    auth = agent.unit_of_work(lambda s: withdrawal.authorise(
        s, account_id=account_id, device_id=agent.kiosk.device_id, amount_minor=amount,
        idempotency_key=ledger_key(agent.kiosk.code, record.key), notes=notes,
        limits=Limits.from_settings(agent.settings)))
    if auth.replayed:
        return {"message": "This withdrawal was already handled.", **auth.response}
    cash_id = auth.cash_session_id
    context.update(cash_session_id=cash_id, notes=notes)
    agent.unit_of_work(lambda s: withdrawal.begin_dispense(s, cash_id))
    agent.show(Screen.BUSY, "Counting your cash...")
    try:
        _dispense(agent, cash_id, amount, mix.mix, context)
        _present(agent, cash_id, context)
        return _hand_over(agent, cash_id, amount, notes, context)
    except PowerLoss as exc:
        dispenser.reset()
        _suspect(agent, cash_id, f"power lost: {exc}", context)
        raise Fallback("unknown_outcome", "cash", {**context, "problem": str(exc),
                                                   "suspect": True}) from exc


def _dispense(agent: KioskAgent, cash_id: int, amount: int, mix, context: dict) -> None:
    dispenser = agent.devices.cash_dispenser
    result = dispenser.dispense(DispenseRequest(amount, mix, agent.settings.kiosk.currency))
    if result.ok:
        return
    problem = f"dispense {result.completion} {result.error_code}".strip()
    context = {**context, "problem": problem, "dispensed": _notes(result.dispensed)}
    stacked = dispenser.status().stacker_items
    if not result.dispensed and not stacked:
        agent.unit_of_work(lambda s: withdrawal.dispense_failed(
            s, cash_id, nothing_dispensed=True, reason=problem, context=context))
        dispenser.reset()
        raise Fallback("device_fault", "cash", context,
                       "Sorry, the kiosk could not count your cash. Nothing was taken from "
                       "your account. A teller will help you.")
    # Notes are in the transport: they go to a bin, and the teller counts them.
    dispenser.reset()
    _suspect(agent, cash_id, problem, context)
    raise Fallback("device_fault", "cash", {**context, "suspect": True})


def _present(agent: KioskAgent, cash_id: int, context: dict) -> None:
    dispenser = agent.devices.cash_dispenser
    result = dispenser.present(PresentRequest())
    if result.ok:
        agent.unit_of_work(lambda s: withdrawal.presented(
            s, cash_id, context={"presented": _notes(result.presented)}))
        return
    problem = f"present {result.completion} {result.error_code}".strip()
    if result.error_code == "shutterNotOpen":
        # Nothing reached the customer: the stacked notes go to the reject bin, no money moves.
        retract = dispenser.retract(RetractRequest(Bin.REJECT))
        if retract.ok:
            agent.unit_of_work(lambda s: withdrawal.dispense_failed(
                s, cash_id, nothing_dispensed=True, reason=problem,
                context={"retracted_items": retract.items}))
            raise Fallback("device_fault", "cash", {**context, "problem": problem},
                           "Sorry, the cash door did not open. Nothing was taken from your "
                           "account. A teller will help you.")
    # Some or all notes may be reachable: the outcome is unknown until the teller counts.
    detail = {"problem": problem, "presented": _notes(result.presented),
              "remaining": _notes(result.remaining)}
    dispenser.reset()
    _suspect(agent, cash_id, problem, {**context, **detail})
    raise Fallback("unknown_outcome", "cash", {**context, **detail, "suspect": True})


def _hand_over(agent: KioskAgent, cash_id: int, amount: int, notes: dict,
               context: dict) -> dict:
    dispenser = agent.devices.cash_dispenser
    agent.show(Screen.TAKE_CASH, "Please take your cash.", amount_minor=amount)
    take = dispenser.wait_for_take(TakeRequest(agent.timeouts.cash_take_timeout_s))
    if take.ok:
        agent.unit_of_work(lambda s: withdrawal.taken(s, cash_id, context={"taken": notes}))
        return {"message": "Please take your cash.", "kind": "withdrawal",
                "amount_minor": amount, "cash_session_id": cash_id,
                "receipt_lines": [f"Cash withdrawal {amount / 100:.2f}"]}
    if take.completion is CompletionCode.TIMEOUT:
        retract = dispenser.retract(RetractRequest(Bin.RETRACT))
        if retract.ok:
            agent.unit_of_work(lambda s: withdrawal.retracted(
                s, cash_id, context={"retracted_items": retract.items}))
            return {"message": "The cash was not taken and went back into the kiosk. "
                               "Nothing was taken from your account.",
                    "kind": "withdrawal", "amount_minor": 0, "cash_session_id": cash_id}
        problem = f"retract {retract.completion} {retract.error_code}"
    else:
        problem = f"take {take.completion} {take.error_code}"
    dispenser.reset()
    _suspect(agent, cash_id, problem, context)
    raise Fallback("unknown_outcome", "cash", {**context, "problem": problem, "suspect": True})


def _suspect(agent: KioskAgent, cash_id: int, reason: str, context: dict) -> None:
    """Flag the withdrawal for the teller; the kiosk goes out of service until reconciled."""
    agent.unit_of_work(lambda s: withdrawal.dispense_failed(
        s, cash_id, nothing_dispensed=False, reason=reason[:200],
        context={k: v for k, v in context.items() if k != "card_last4"}))
