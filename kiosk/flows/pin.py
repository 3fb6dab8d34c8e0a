"""The PIN: PIN blocks from the pad until one is right; the card is retained at the limit."""

from __future__ import annotations

from hardware.card_reader import RetainRequest
from hardware.pin_pad import PinBlockRequest, PinEntryRequest
from hardware.xfs import CompletionCode
from kiosk.actions import ActionStatus
from kiosk.flows import Fallback, risk
from kiosk.flows.ticket import issue_counter_ticket
from kiosk.flows.voice import describe
from kiosk.screen import Screen
from kiosk.station import CardHolder, Station
from shared.i18n.text import N_, Text
from shared.money import cards


def check_pin(station: Station, holder: CardHolder, held: dict | None = None) -> bool:
    """Collect PIN blocks until one is right; retain the card at the limit."""
    limit = station.settings.kiosk.max_pin_attempts
    greeting = station.visitor.greeted_customer() == holder.customer_id
    station.show(Screen.PIN, _pin_prompt(holder.name if greeting else None,
                                         describe(held, station.currency) if held else None))
    pad = station.devices.pin_pad
    while not station.stopping:
        entry = pad.pin_entry(PinEntryRequest(min_digits=4, max_digits=6,
                                              timeout_s=station.timeouts.pin_timeout_s))
        if entry.completion is CompletionCode.CANCELED or station.pad_cancelled.is_set():
            station.pad_cancelled.clear()
            station.turn.note(cancelled=True)  # a "talk to someone" here also gives a ticket
            _answer_pending(station, holder)
            return False
        if entry.completion is CompletionCode.TIMEOUT:
            station.turn.note(timed_out=True)
            station.show(Screen.PIN, N_("No PIN entered in time."))
            return False
        if entry.completion is CompletionCode.USER_ERROR:
            station.update(message=N_("A PIN has 4 to 6 digits. Please try again."))
            continue
        if not entry.ok:
            raise Fallback("device_fault", "cards", {"step": "pin", "problem":
                                                     f"PIN pad {entry.completion}"})
        block = pad.get_pin_block(PinBlockRequest(pan=holder.card.pan))
        if not block.ok:
            raise Fallback("device_fault", "cards", {"step": "pin", "problem":
                                                     f"PIN block {block.completion}"})
        check = risk.verify_pin(station, holder, block.pin_block, limit)
        if check.ok:
            return True
        if check.outcome is cards.PinOutcome.WRONG:
            station.show(Screen.PIN, Text("Wrong PIN. %(left)s tries left.",
                                          left=check.attempts_left),
                         attempts_left=check.attempts_left)
            continue
        result = station.devices.card_reader.retain(RetainRequest(reason="too many wrong PINs"))
        raise Fallback("card_retained", "cards", {
            "step": "pin", "problem": "too many wrong PINs", "card_last4": holder.card.last4,
            "card_retained": result.ok,
        }, N_("Your card has been kept for your security. Staff will help you at the counter."))
    return False


def _answer_pending(station: Station, holder: CardHolder) -> None:
    """A cancel or 'talk to someone' pressed during PIN entry."""
    record = station.poll_action()
    while record is not None:
        if record.action["action"] == "talk":
            ticket = issue_counter_ticket(station, "customer_request", "other",
                                          {"step": "pin", "asked_for": "a person"},
                                          customer_id=holder.customer_id)
            station.show(Screen.TICKET, N_("Please take a seat; we will call your number."))
            record.finish(ActionStatus.DONE, ticket=ticket)
        else:
            record.finish(ActionStatus.DONE)
        record = station.poll_action()


def _pin_prompt(greeted_name: str | None, request: str | None) -> Text:
    """Ask for the PIN, greeting a recognised customer and naming a request held for them."""
    if request is not None and greeted_name is not None:
        return Text("Welcome back, %(name)s. You asked: %(request)s; you can confirm or cancel "
                    "it after your PIN. Enter your PIN on the keypad, then press Enter.",
                    name=greeted_name, request=request)
    if request is not None:
        return Text("You asked: %(request)s; you can confirm or cancel it after your PIN. "
                    "Enter your PIN on the keypad, then press Enter.", request=request)
    if greeted_name is not None:
        return Text("Welcome back, %(name)s. Enter your PIN on the keypad, then press Enter.",
                    name=greeted_name)
    return Text("Enter your PIN on the keypad, then press Enter.")
