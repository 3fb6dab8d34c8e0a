"""The kiosk between customers: service checks, idle actions, and waiting for a card."""

from __future__ import annotations

import time

from hardware.card_reader import EjectRequest, MediaPosition, ReadCardRequest
from hardware.xfs import DeviceError, DeviceState
from kiosk.actions import MONEY_ACTIONS, ActionRecord, ActionStatus
from kiosk.flows.card_return import return_card
from kiosk.flows.ticket import issue_counter_ticket
from kiosk.flows.turn_end import end_turn
from kiosk.flows.visit import serve_card
from kiosk.flows.voice import describe, requested_action, voice_check, voice_command, voice_context
from kiosk.screen import Screen
from kiosk.station import Station
from shared.i18n.text import N_, Text

IDLE_READ_S = 0.25
SERVICE_CHECK_S = 2.0
WELCOME = N_("Insert your card to start.")
SEE_YOU = N_("Please take a seat; we will call your number.")
# Idle actions that may end in a counter ticket: a customer's turn without a card.
TICKET_ACTIONS = frozenset({"talk", "no_card", "voice"})


class Idle:
    """Run the kiosk's idle cycles; each checks service, answers actions or serves a card."""

    def __init__(self, station: Station):
        self.station = station
        self._service_checked_at = float("-inf")

    def cycle(self) -> None:
        """One idle cycle: check service, answer idle actions, start a visit on a card."""
        station = self.station
        if station.clock() - self._service_checked_at > SERVICE_CHECK_S:
            station.refresh_service_state()
            self._service_checked_at = station.clock()
        if station.in_service and _card_in_throat(station):
            _card_left_in_throat(station)
            return
        inactive = station.idle_for() > station.timeouts.inactivity_timeout_s
        if not station.in_service:
            station.show(Screen.OUT_OF_SERVICE, N_("This kiosk is out of service. Staff will help "
                                                    "you at the counter."))
            _refuse_cards_out_of_service(station)
        elif station.screen not in (Screen.IDLE, Screen.TICKET) or inactive or (
                station.visitor.drop_lapsed_request()):  # its "insert your card" prompt goes
            station.forget("ticket")  # a ticket stays on screen until the next customer
            if inactive:  # whoever was here has gone: nothing of theirs is kept for the next
                station.visitor.take_request()
                station.visitor.forget()
            station.reset_language()  # the next customer starts in the kiosk's own
            station.show(Screen.IDLE, WELCOME)
            station.touched()
        record = station.poll_action()
        if record is not None:
            _idle_action(station, record)
            return
        if not station.in_service:
            time.sleep(IDLE_READ_S)
            return
        _wait_for_card(station)


def _wait_for_card(station: Station) -> None:
    reader = station.devices.card_reader
    # Read only once a card is in: every read is a device command (and may draw a fault).
    station.card_inserted.wait(IDLE_READ_S)
    station.card_inserted.clear()
    status = reader.status()
    if status.media != MediaPosition.PRESENT:
        if status.media == MediaPosition.JAMMED or status.device != DeviceState.ONLINE:
            _reader_fault(station, f"card reader {status.device}: {status.detail}")
        return
    station.turn.begin()  # the card went in: the customer's turn starts here
    try:
        read = reader.read_card(ReadCardRequest(timeout_s=0))
    except DeviceError as exc:
        _reader_fault(station, str(exc))
        return
    if not read.ok or read.card is None:
        _reader_fault(station, f"card read failed: {read.completion} {read.error_code}")
        return
    station.forget("ticket", "result")
    station.touched()
    # A spoken request counts only if this card went in soon after it (voice_hold_s).
    serve_card(station, read.card, station.visitor.take_request())


def _card_in_throat(station: Station) -> bool:
    return station.devices.card_reader.status().media == MediaPosition.ENTERING


def _card_left_in_throat(station: Station) -> None:
    """A card still in the throat with no visit (its return failed, or a restart ejected it).

    Left there, it would block the slot for good while the screen asks for a card: the
    customer gets one more chance to take it, then it is kept safe for the counter.
    """
    retained = return_card(station, None)
    station.show(Screen.TICKET if retained else Screen.IDLE, retained or WELCOME)
    station.touched()


def _refuse_cards_out_of_service(station: Station) -> None:
    if station.devices.card_reader.status().media == "present":
        station.devices.card_reader.eject(EjectRequest(take_timeout_s=0))


def _idle_action(station: Station, record: ActionRecord) -> None:
    """Answer an action at the idle screen; one that gives a ticket is a turn of its own."""
    if record.action["action"] not in TICKET_ACTIONS:
        _answer_idle_action(station, record)
        return
    station.turn.begin()
    try:
        _answer_idle_action(station, record)
    finally:
        # A spoken request held for a card is not a turn yet: the card starts one.
        if station.turn.sent_to_counter:
            end_turn(station, None)
        else:
            station.turn.discard()


def _answer_idle_action(station: Station, record: ActionRecord) -> None:
    kind = record.action["action"]
    greeted = station.visitor.greeted_customer
    if kind == "talk":
        ticket = issue_counter_ticket(station, "customer_request",
                                      record.action.get("service") or "other",
                                      {"step": "idle", "asked_for": "a person"},
                                      customer_id=greeted())
        station.show(Screen.TICKET, SEE_YOU)
        record.finish(ActionStatus.DONE, ticket=ticket)
    elif kind == "no_card":
        ticket = issue_counter_ticket(station, "identity_unconfirmed", "accounts",
                                      {"step": "idle", "problem": "customer has no card"},
                                      customer_id=greeted())
        station.show(Screen.TICKET,
                     N_("We cannot confirm who you are here; staff will help you."))
        record.finish(ActionStatus.DONE, ticket=ticket)
    elif kind == "done":
        station.forget("ticket", "result")
        station.visitor.take_request()
        station.visitor.forget()
        station.reset_language()
        station.show(Screen.IDLE, WELCOME)
        record.finish(ActionStatus.DONE)
    elif kind == "voice":
        _voice_at_idle(station, record)
    elif kind == "voice_check":
        voice_check(station, record, greeted())
        station.show(Screen.IDLE, record.outcome.get("message") or WELCOME)
    elif kind == "voice_stop":
        record.finish(ActionStatus.DONE)
    else:
        # A face match may greet, but money needs a card and its PIN in this visit.
        why = (N_("insert your card and enter your PIN first") if kind in MONEY_ACTIONS
               else N_("insert your card to start"))
        record.finish(ActionStatus.REFUSED, error=why)


def _voice_at_idle(station: Station, record: ActionRecord) -> None:
    """A spoken request before the card: held for a card (then PIN and Confirm), or a ticket."""
    request = voice_command(station, record)
    action = requested_action(request, record) if request is not None else None
    if action is None:
        station.show(Screen.IDLE, (request.message if request else "") or WELCOME)
    elif action["action"] == "talk":
        ticket = issue_counter_ticket(station, "customer_request", "other",
                                      {"step": "idle", "asked_for": "a person",
                                       **voice_context(action)},
                                      customer_id=station.visitor.greeted_customer())
        station.show(Screen.TICKET, SEE_YOU)
        record.outcome["ticket"] = ticket
    else:
        station.visitor.hold_request(action)
        station.show(Screen.IDLE, Text("%(request)s: insert your card and enter your PIN to "
                                        "continue.", request=describe(action, station.currency)))
    station.touched()


def _reader_fault(station: Station, detail: str) -> None:
    """The reader failed before a visit: reset it, give the card back, send to the counter."""
    station.turn.begin()
    reset = station.devices.card_reader.reset()
    issue_counter_ticket(station, "device_fault", "cards", {
        "step": "card", "problem": detail, "card": reset.recovered or "no card inside"})
    retained = return_card(station, None)
    end_turn(station, None)
    station.show(Screen.TICKET, retained or N_("Sorry, the card reader has a problem. Staff "
                                                "will help you at the counter."))
