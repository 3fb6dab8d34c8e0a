"""The menu: what the card holder asks for, run by its flow, then a receipt if wanted."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hardware.xfs import DeviceError, PowerLoss
from kiosk.actions import ActionRecord, ActionStatus
from kiosk.flows import Fallback, cash_in, cash_out, payments, sharing
from kiosk.flows.held import confirm_held
from kiosk.flows.receipt import print_receipt
from kiosk.flows.ticket import issue_counter_ticket
from kiosk.flows.voice import (
    derived_record,
    panel_for,
    requested_action,
    voice_check,
    voice_command,
    voice_context,
)
from kiosk.screen import Screen
from kiosk.station import CardHolder, Station
from shared.i18n.text import N_, Text, message_of
from shared.insights.card_text import kiosk_upcoming
from shared.insights.store import stored_insights
from shared.models import Account
from shared.money.ledger import LedgerError, available_minor
from shared.money.payments import list_billers

# Each menu choice and the flow that runs it: flow(station, holder, record) -> result.
FLOWS = {
    "balance": payments.balance, "statement": payments.statement,
    "withdraw": cash_out.withdraw, "deposit": cash_in.deposit,
    "transfer": payments.transfer, "bill": payments.bill, "wallet": payments.wallet,
    "share_bank": sharing.share_bank,
}
ASK = N_("What would you like to do?")


def serve_menu(station: Station, holder: CardHolder, held: dict | None = None) -> None:
    """Run the card holder's choices until they finish, walk away or go to the counter."""
    station.update(customer={"name": holder.name, "card_last4": holder.card.last4},
                   accounts=station.unit_of_work(_accounts, holder.account_ids),
                   billers=station.unit_of_work(_billers), banks=sharing.banks(station),
                   upcoming=station.unit_of_work(_upcoming, holder.customer_id))
    station.show(Screen.MENU, Text("Hello %(name)s. What would you like to do?", name=holder.name))
    pending = None
    if held is not None:  # asked by voice before the card: the card holder confirms it now
        pending = confirm_held(station, holder, held)
    while not station.stopping:
        record = pending or station.next_action(station.timeouts.inactivity_timeout_s)
        pending = None
        if record is None:
            station.turn.note(timed_out=True)
            station.update(message=N_("Timed out: please take your card."))
            return
        kind = record.action["action"]
        if kind in ("voice", "voice_check", "voice_stop"):
            record = _voice_in_menu(station, holder, record)
            if record is None:
                continue
            kind = record.action["action"]
        if kind in ("finish", "cancel", "done"):
            record.finish(ActionStatus.DONE)
            return
        if kind == "talk":
            ticket = issue_counter_ticket(station, "customer_request", record.action.get(
                "service") or "other", {"step": "menu", "asked_for": "a person",
                                        **voice_context(record.action)},
                customer_id=holder.customer_id)
            record.finish(ActionStatus.DONE, ticket=ticket)
            station.show(Screen.TICKET, N_("Please take a seat; we will call your number."))
            return
        flow = FLOWS.get(kind)
        if flow is None:
            record.finish(ActionStatus.REFUSED,
                          error=Text("%(kind)s is not available now", kind=kind))
            continue
        _run(station, holder, record, flow)


def _upcoming(session: Session, customer_id: int) -> dict:
    """Bills due this week and any low-balance warning, as computed ahead (never waited on)."""
    return kiosk_upcoming(stored_insights(session, customer_id))


def _run(station: Station, holder: CardHolder, record: ActionRecord, flow) -> None:
    """Run one choice's flow; a refusal stays in the menu, a fallback ends the visit."""
    kind = record.action["action"]
    try:
        result = flow(station, holder, record)
    except LedgerError as exc:
        record.finish(ActionStatus.REFUSED, error=message_of(exc), code=exc.code)
        station.show(Screen.MENU, Text("Sorry: %(reason)s", reason=str(exc)))
        return
    except Fallback as fallback:
        record.finish(ActionStatus.DONE, fallback=fallback.reason)
        raise
    except (DeviceError, PowerLoss) as exc:
        record.finish(ActionStatus.DONE, fallback="device_fault")
        raise Fallback("device_fault", "cash", {"step": kind, "problem": str(exc)}) from exc
    if record.status is not ActionStatus.REFUSED:
        if result and record.action.get("receipt") and result.get("receipt_lines"):
            # A printer problem only loses the paper: the result stands either way.
            result["receipt"] = print_receipt(station, holder, result["receipt_lines"])
        record.finish(ActionStatus.DONE, **result)
    station.update(accounts=station.unit_of_work(_accounts, holder.account_ids))
    station.show(Screen.MENU, result.get("message", N_("Done.")) if result else "", result=result)


def _voice_in_menu(station: Station, holder: CardHolder,
                   record: ActionRecord) -> ActionRecord | None:
    """A Speak or voice-check press in the menu; return the action a spoken request runs."""
    kind = record.action["action"]
    if kind == "voice_stop":
        record.finish(ActionStatus.DONE)
        return None
    if kind == "voice_check":
        voice_check(station, record, holder.customer_id)
        station.show(Screen.MENU, record.outcome.get("message") or record.outcome.get("error")
                     or ASK)
        return None
    request = voice_command(station, record)
    action = requested_action(request, record) if request is not None else None
    if action is None:
        station.show(Screen.MENU, (request.message if request else "") or ASK)
        return None
    panel = panel_for(action)
    if panel is not None:  # the customer must finish it on the screen
        station.show(Screen.MENU, N_("Please choose on the screen."), open_panel=panel)
        return None
    return derived_record(action)


def _accounts(session: Session, account_ids: list[int]) -> list[dict]:
    rows = session.scalars(select(Account).where(Account.id.in_(account_ids))
                           .order_by(Account.id).execution_options(populate_existing=True))
    return [{"id": a.id, "number": a.number, "name": a.name, "kind": str(a.kind),
             "balance_minor": a.balance_minor, "available_minor": available_minor(a),
             "currency": a.currency} for a in rows]


def _billers(session: Session) -> list[dict]:
    return [{"code": b.code, "name": b.name} for b in list_billers(session)]
