"""The customer session: wait for a card, check the PIN, serve the menu, return the card."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from sqlalchemy import select

from hardware.card_reader import (
    CardData,
    EjectRequest,
    MediaPosition,
    ReadCardRequest,
    RetainRequest,
)
from hardware.pin_pad import PinBlockRequest, PinEntryRequest
from hardware.xfs import CompletionCode, DeviceError, DeviceState, PowerLoss
from kiosk.agent import MONEY_ACTIONS, ActionRecord, ActionStatus, KioskAgent, Screen
from kiosk.flows import Fallback
from shared import audit
from shared.models import Account, Card, CardStatus, Customer
from shared.models.enums import ActorType
from shared.money import cards
from shared.money.ledger import LedgerError, available_minor
from shared.money.payments import list_billers

log = logging.getLogger(__name__)

IDLE_READ_S = 0.25
SERVICE_CHECK_S = 2.0


@dataclass
class CardSession:
    """A card and PIN session: the card in memory (its PAN never leaves this object)."""

    card: cards.PresentedCard
    customer_id: int
    name: str
    account_ids: list[int] = field(default_factory=list)
    receipts: list[str] = field(default_factory=list)

    def owns(self, account_id: int) -> bool:
        return account_id in self.account_ids


def run_idle(agent: KioskAgent) -> None:
    """One idle cycle: check service, answer idle actions, start a session on a card."""
    if agent.clock() - getattr(agent, "_service_checked", 0.0) > SERVICE_CHECK_S:
        agent.refresh_service_state()
        agent._service_checked = agent.clock()
    if not agent.in_service:
        agent.show(Screen.OUT_OF_SERVICE, "This kiosk is out of service. Staff will help you "
                   "at the counter.")
        _refuse_cards_out_of_service(agent)
    elif agent.snapshot()["screen"] not in (Screen.IDLE, Screen.TICKET) or (
            agent.clock() - agent.last_activity > agent.timeouts.inactivity_timeout_s) or (
            agent.drop_lapsed_voice_request()):  # its "insert your card" prompt goes too
        agent.forget("ticket")  # a ticket stays on screen until the next customer
        if agent.clock() - agent.last_activity > agent.timeouts.inactivity_timeout_s:
            agent.take_voice_request()  # a spoken request is not kept for the next customer
        agent.show(Screen.IDLE, "Insert your card to start.")
        agent.last_activity = agent.clock()
    record = agent.poll_action()
    if record is not None:
        _idle_action(agent, record)
        return
    if not agent.in_service:
        time.sleep(IDLE_READ_S)
        return
    reader = agent.devices.card_reader
    # Read only once a card is in: every read is a device command (and may draw a fault).
    agent.card_inserted.wait(IDLE_READ_S)
    agent.card_inserted.clear()
    status = reader.status()
    if status.media != MediaPosition.PRESENT:
        if status.media == MediaPosition.JAMMED or status.device != DeviceState.ONLINE:
            _reader_fault(agent, f"card reader {status.device}: {status.detail}")
        return
    try:
        read = reader.read_card(ReadCardRequest(timeout_s=0))
    except DeviceError as exc:
        _reader_fault(agent, str(exc))
        return
    if not read.ok or read.card is None:
        _reader_fault(agent, f"card read failed: {read.completion} {read.error_code}")
        return
    agent.forget("ticket", "result")
    agent.last_activity = agent.clock()
    # A spoken request counts only if this card went in soon after it (voice_hold_s).
    _card_session(agent, read.card, agent.take_voice_request())


def _refuse_cards_out_of_service(agent: KioskAgent) -> None:
    if agent.devices.card_reader.status().media == "present":
        agent.devices.card_reader.eject(EjectRequest(take_timeout_s=0))


def _idle_action(agent: KioskAgent, record: ActionRecord) -> None:
    kind = record.action["action"]
    if kind == "talk":
        ticket = agent.issue_ticket("customer_request", record.action.get("service") or "other",
                                    {"step": "idle", "asked_for": "a person"},
                                    customer_id=agent.greeted_customer())
        agent.show(Screen.TICKET, "Please take a seat; we will call your number.")
        record.finish(ActionStatus.DONE, ticket=ticket)
    elif kind == "no_card":
        ticket = agent.issue_ticket("identity_unconfirmed", "accounts",
                                    {"step": "idle", "problem": "customer has no card"},
                                    customer_id=agent.greeted_customer())
        agent.show(Screen.TICKET, "We cannot confirm who you are here; staff will help you.")
        record.finish(ActionStatus.DONE, ticket=ticket)
    elif kind == "done":
        agent.forget("ticket", "result")
        agent.take_voice_request()
        agent.show(Screen.IDLE, "Insert your card to start.")
        record.finish(ActionStatus.DONE)
    elif kind == "voice":
        _voice_at_idle(agent, record)
    elif kind == "voice_check":
        from kiosk.flows.voice import voice_check

        voice_check(agent, record, agent.greeted_customer())
        agent.show(Screen.IDLE, record.outcome.get("message") or "Insert your card to start.")
    elif kind == "voice_stop":
        record.finish(ActionStatus.DONE)
    else:
        # A face match may greet, but money needs a card and its PIN in this session.
        why = ("insert your card and enter your PIN first" if kind in MONEY_ACTIONS
               else "insert your card to start")
        record.finish(ActionStatus.REFUSED, error=why)


def _voice_at_idle(agent: KioskAgent, record: ActionRecord) -> None:
    """A spoken request before the card: held for a card (then PIN and Confirm), or a ticket."""
    from kiosk.flows.voice import describe, requested_action, voice_command, voice_context

    request = voice_command(agent, record)
    action = requested_action(request, record) if request is not None else None
    if action is None:
        agent.show(Screen.IDLE, (request.message if request else "") or
                   "Insert your card to start.")
    elif action["action"] == "talk":
        ticket = agent.issue_ticket("customer_request", "other",
                                    {"step": "idle", "asked_for": "a person",
                                     **voice_context(action)},
                                    customer_id=agent.greeted_customer())
        agent.show(Screen.TICKET, "Please take a seat; we will call your number.")
        record.outcome["ticket"] = ticket
    else:
        agent.hold_voice_request(action)
        agent.show(Screen.IDLE, f"{describe(action, agent.voice.language())}: insert your "
                   "card and enter your PIN to continue.")
    agent.last_activity = agent.clock()


def _reader_fault(agent: KioskAgent, detail: str) -> None:
    """The reader failed before a session: reset it, give the card back, send to the counter."""
    reset = agent.devices.card_reader.reset()
    agent.issue_ticket("device_fault", "cards", {"step": "card", "problem": detail,
                                                 "card": reset.recovered or "no card inside"})
    retained = _return_card(agent, None)
    agent.show(Screen.TICKET, retained or "Sorry, the card reader has a problem. Staff will "
               "help you at the counter.")


def _card_session(agent: KioskAgent, card: CardData, held: dict | None = None) -> None:
    agent.show(Screen.READING, "Reading your card...")
    session: CardSession | None = None
    try:
        session = _identify(agent, card)
        if session is not None and _check_pin(agent, session, held):
            _menu(agent, session, held)
    except Fallback as fallback:
        _fallback(agent, fallback, session)
    except (DeviceError, PowerLoss) as exc:
        _fallback(agent, Fallback("device_fault", "cash", {
            "step": "session", "problem": str(exc)}), session)
    except Exception as exc:  # an unknown outcome still ends at the counter, never lost
        log.exception("kiosk %s: session failed", agent.kiosk.code)
        _fallback(agent, Fallback("unknown_outcome", "other", {
            "step": "session", "problem": type(exc).__name__}), session)
    finally:
        agent.pad_cancelled.clear()
        agent.take_voice_request()  # a spoken request lives for one card session at most
        agent.drain("the session has ended")
        _recover_devices(agent)
        retained = _return_card(agent, session)
        agent.forget("customer", "accounts", "billers", "result")
        if agent.snapshot()["screen"] != Screen.TICKET or retained:
            agent.show(Screen.IDLE if not retained else Screen.TICKET,
                       retained or "Thank you. Insert your card to start.")
        agent.last_activity = agent.clock()


def _recover_devices(agent: KioskAgent) -> None:
    """Reset every device a fault or power loss left offline (XFS recovery after a fault)."""
    for name, device in agent.devices.devices().items():
        if name != "card_reader" and device.status().device != DeviceState.ONLINE:
            result = device.reset()
            log.info("kiosk %s: reset %s (%s)", agent.kiosk.code, name, result.recovered)


def _identify(agent: KioskAgent, card: CardData) -> CardSession | None:
    """Look the card up; an unknown or unusable card goes to the counter."""
    try:
        presented = agent.unit_of_work(lambda s: cards.present_card(s, card.pan, agent.keys))
    except cards.CardNotFound as exc:
        raise Fallback("identity_unconfirmed", "cards", {
            "step": "card", "problem": "card not recognised", "card_last4": card.last4,
        }, "We could not recognise this card. Staff will help you.") from exc
    except cards.CardNotUsable as exc:
        raise Fallback("identity_unconfirmed", "cards", {
            "step": "card", "problem": f"card {exc.reason}", "card_last4": card.last4,
        }, f"This card cannot be used ({exc.reason}). Staff will help you.") from exc

    def load(session):
        customer = session.get(Customer, presented.customer_id)
        accounts = session.scalars(select(Account).where(
            Account.customer_id == customer.id, Account.closed_at.is_(None)
        ).order_by(Account.id)).all()
        return customer.given_name, [a.id for a in accounts]

    name, account_ids = agent.unit_of_work(load)
    return CardSession(presented, presented.customer_id, name, account_ids)


def _check_pin(agent: KioskAgent, session: CardSession, held: dict | None = None) -> bool:
    """Collect PIN blocks until one is right; retain the card at the limit."""
    limit = agent.settings.kiosk.max_pin_attempts
    greeting = agent.greeted_customer() == session.customer_id
    message = f"Welcome back, {session.name}. " if greeting else ""
    if held is not None:
        from kiosk.flows.voice import describe

        message += (f"You asked: {describe(held, agent.voice.language())}; you can confirm "
                    "or cancel it after your PIN. ")
    agent.show(Screen.PIN, message + "Enter your PIN on the keypad, then press Enter.")
    pad = agent.devices.pin_pad
    while not agent.stopping:
        entry = pad.pin_entry(PinEntryRequest(min_digits=4, max_digits=6,
                                              timeout_s=agent.timeouts.pin_timeout_s))
        if entry.completion is CompletionCode.CANCELED or agent.pad_cancelled.is_set():
            agent.pad_cancelled.clear()
            _answer_pending(agent, session)
            return False
        if entry.completion is CompletionCode.TIMEOUT:
            agent.show(Screen.PIN, "No PIN entered in time.")
            return False
        if entry.completion is CompletionCode.USER_ERROR:
            agent.update(message="A PIN has 4 to 6 digits. Please try again.")
            continue
        if not entry.ok:
            raise Fallback("device_fault", "cards", {"step": "pin", "problem":
                                                     f"PIN pad {entry.completion}"})
        block = pad.get_pin_block(PinBlockRequest(pan=session.card.pan))
        if not block.ok:
            raise Fallback("device_fault", "cards", {"step": "pin", "problem":
                                                     f"PIN block {block.completion}"})
        pin_block = block.pin_block
        check = agent.unit_of_work(lambda s, pin_block=pin_block: cards.verify_pin(
            s, session.card, pin_block, agent.keys, max_attempts=limit,
            device_id=agent.kiosk.device_id))
        if check.ok:
            return True
        if check.outcome is cards.PinOutcome.WRONG:
            agent.show(Screen.PIN, f"Wrong PIN. {check.attempts_left} tries left.",
                       attempts_left=check.attempts_left)
            continue
        result = agent.devices.card_reader.retain(RetainRequest(reason="too many wrong PINs"))
        raise Fallback("card_retained", "cards", {
            "step": "pin", "problem": "too many wrong PINs", "card_last4": session.card.last4,
            "card_retained": result.ok,
        }, "Your card has been kept for your security. Staff will help you at the counter.")
    return False


def _answer_pending(agent: KioskAgent, session: CardSession) -> None:
    """A cancel or 'talk to someone' pressed during PIN entry."""
    record = agent.poll_action()
    while record is not None:
        if record.action["action"] == "talk":
            ticket = agent.issue_ticket("customer_request", "other",
                                        {"step": "pin", "asked_for": "a person"},
                                        customer_id=session.customer_id)
            agent.show(Screen.TICKET, "Please take a seat; we will call your number.")
            record.finish(ActionStatus.DONE, ticket=ticket)
        else:
            record.finish(ActionStatus.DONE)
        record = agent.poll_action()


def _menu(agent: KioskAgent, session: CardSession, held: dict | None = None) -> None:
    from kiosk.flows import cash_in, cash_out, payments

    handlers = {
        "balance": payments.balance, "statement": payments.statement,
        "withdraw": cash_out.withdraw, "deposit": cash_in.deposit,
        "transfer": payments.transfer, "bill": payments.bill, "wallet": payments.wallet,
    }
    agent.update(customer={"name": session.name, "card_last4": session.card.last4},
                 accounts=_accounts(agent, session),
                 billers=agent.unit_of_work(lambda s: [
                     {"code": b.code, "name": b.name} for b in list_billers(s)]))
    agent.show(Screen.MENU, f"Hello {session.name}. What would you like to do?")
    pending = None
    if held is not None:  # asked by voice before the card: the card holder confirms it now
        from kiosk.flows.held import confirm_held

        pending = confirm_held(agent, session, held)
    while not agent.stopping:
        record, pending = pending or agent.next_action(agent.timeouts.inactivity_timeout_s), None
        if record is None:
            agent.update(message="Timed out: please take your card.")
            return
        kind = record.action["action"]
        if kind in ("voice", "voice_check", "voice_stop"):
            record = _voice_in_menu(agent, session, record)
            if record is None:
                continue
            kind = record.action["action"]
        if kind in ("finish", "cancel", "done"):
            record.finish(ActionStatus.DONE)
            return
        if kind == "talk":
            from kiosk.flows.voice import voice_context

            ticket = agent.issue_ticket("customer_request", record.action.get("service")
                                        or "other", {"step": "menu", "asked_for": "a person",
                                                     **voice_context(record.action)},
                                        customer_id=session.customer_id)
            record.finish(ActionStatus.DONE, ticket=ticket)
            agent.show(Screen.TICKET, "Please take a seat; we will call your number.")
            return
        handler = handlers.get(kind)
        if handler is None:
            record.finish(ActionStatus.REFUSED, error=f"{kind} is not available now")
            continue
        try:
            result = handler(agent, session, record)
        except LedgerError as exc:
            record.finish(ActionStatus.REFUSED, error=str(exc), code=exc.code)
            agent.show(Screen.MENU, f"Sorry: {exc}")
            continue
        except Fallback as fallback:
            record.finish(ActionStatus.DONE, fallback=fallback.reason)
            raise
        except (DeviceError, PowerLoss) as exc:
            record.finish(ActionStatus.DONE, fallback="device_fault")
            raise Fallback("device_fault", "cash", {"step": kind, "problem": str(exc)}) from exc
        if record.status is not ActionStatus.REFUSED:
            _receipt(agent, session, record, result)
            record.finish(ActionStatus.DONE, **result)
        agent.update(accounts=_accounts(agent, session))
        agent.show(Screen.MENU, result.get("message", "Done.") if result else "",
                   result=result)


def _spoken(agent: KioskAgent, action: dict) -> ActionRecord | None:
    """Run a spoken request as its touch action, or open the panel the customer must finish."""
    from kiosk.flows.voice import derived_record, panel_for

    panel = panel_for(action)
    if panel is not None:
        agent.show(Screen.MENU, "Please choose on the screen.", open_panel=panel)
        return None
    return derived_record(action)


def _voice_in_menu(agent: KioskAgent, session: CardSession,
                   record: ActionRecord) -> ActionRecord | None:
    """A Speak or voice-check press in the menu; return the action a spoken request runs."""
    from kiosk.flows.voice import requested_action, voice_check, voice_command

    kind = record.action["action"]
    if kind == "voice_stop":
        record.finish(ActionStatus.DONE)
        return None
    if kind == "voice_check":
        voice_check(agent, record, session.customer_id)
        agent.show(Screen.MENU, record.outcome.get("message") or record.outcome.get("error")
                   or "What would you like to do?")
        return None
    request = voice_command(agent, record)
    action = requested_action(request, record) if request is not None else None
    if action is None:
        agent.show(Screen.MENU, (request.message if request else "") or
                   "What would you like to do?")
        return None
    return _spoken(agent, action)


def _accounts(agent: KioskAgent, session: CardSession) -> list[dict]:
    def load(s):
        rows = s.scalars(select(Account).where(Account.id.in_(session.account_ids))
                         .order_by(Account.id).execution_options(populate_existing=True))
        return [{"id": a.id, "number": a.number, "name": a.name, "kind": str(a.kind),
                 "balance_minor": a.balance_minor, "available_minor": available_minor(a),
                 "currency": a.currency} for a in rows]

    return agent.unit_of_work(load)


def _receipt(agent: KioskAgent, session: CardSession, record: ActionRecord,
             result: dict) -> None:
    """Print the receipt the customer asked for; a printer problem only loses the paper."""
    from kiosk.flows.receipt import print_receipt

    if result and record.action.get("receipt") and result.get("receipt_lines"):
        result["receipt"] = print_receipt(agent, session, result["receipt_lines"])


def _fallback(agent: KioskAgent, fallback: Fallback, session: CardSession | None) -> None:
    customer = session.customer_id if session else agent.greeted_customer()
    context = dict(fallback.context)
    try:
        ticket = agent.issue_ticket(fallback.reason, fallback.service, context,
                                    customer_id=customer)
    except Exception:
        log.exception("kiosk %s: could not issue a fallback ticket", agent.kiosk.code)
        ticket = None
    agent.refresh_service_state()
    agent.show(Screen.TICKET, fallback.message if ticket else
               "Sorry, something went wrong. Please ask a member of staff.")


def _return_card(agent: KioskAgent, session: CardSession | None) -> str:
    """Give the card back; keep it if not taken in time. Return a message if it was kept."""
    reader = agent.devices.card_reader
    kept_before = reader.status().retained_count
    try:
        message = _give_back(agent, session)
    except DeviceError as exc:  # a power loss while ejecting: reset, then try once more
        log.warning("kiosk %s: card return failed: %s", agent.kiosk.code, exc)
        reader.reset()
        try:
            message = _give_back(agent, session)
        except DeviceError:
            reader.reset()
            message = ""
    if not message and reader.status().retained_count > kept_before:
        # The reader kept the card on its own (a jam cleared by reset): never lose a customer.
        agent.issue_ticket("card_retained", "cards", {"step": "card return",
                                                      "problem": "card kept by the reader"},
                           customer_id=session.customer_id if session else None)
        message = "The card reader kept your card. Staff will give it back at the counter."
    return message


def _give_back(agent: KioskAgent, session: CardSession | None) -> str:
    reader = agent.devices.card_reader
    location = reader.card_location() if hasattr(reader, "card_location") else "inside"
    if location == "none":
        return ""
    if reader.status().device != DeviceState.ONLINE:
        reader.reset()  # ejects a card inside, retains a jammed one
        location = reader.card_location() if hasattr(reader, "card_location") else "throat"
    agent.update(screen=Screen.TAKE_CARD, message="Please take your card.")
    taken = False
    if location == "inside":
        result = reader.eject(EjectRequest(take_timeout_s=agent.timeouts.card_take_timeout_s))
        taken = result.ok
        if result.completion is CompletionCode.HARDWARE_ERROR:
            reader.reset()
    elif location == "throat":
        deadline = agent.clock() + agent.timeouts.card_take_timeout_s
        while reader.card_location() == "throat" and agent.clock() < deadline:
            time.sleep(0.05)
        taken = reader.card_location() == "none"
    if taken or reader.status().media == MediaPosition.NOT_PRESENT:
        return ""
    if not reader.retain(RetainRequest(reason="card not taken")).ok:
        reader.reset()
    if session is not None:
        agent.unit_of_work(lambda s: _mark_retained(s, agent, session))
    return "Your card was not taken and has been kept safe. Ask at the counter for it."


def _mark_retained(s, agent: KioskAgent, session: CardSession) -> None:
    card = s.get(Card, session.card.card_id)
    if card is not None and card.status is CardStatus.ACTIVE:
        cards.set_card_status(s, card.id, CardStatus.RETAINED,
                              audit.Actor(ActorType.DEVICE, agent.kiosk.device_id),
                              "card not taken at the kiosk")
