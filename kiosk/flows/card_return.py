"""Giving the card back at the end of a visit, or keeping it safe when it is not taken."""

from __future__ import annotations

import logging
import time

from sqlalchemy.orm import Session

from hardware.card_reader import EjectRequest, MediaPosition, RetainRequest
from hardware.xfs import CompletionCode, DeviceError, DeviceState
from kiosk.flows.ticket import issue_counter_ticket
from kiosk.screen import Screen
from kiosk.station import CardHolder, Station
from shared import audit
from shared.i18n.text import N_
from shared.models import Card, CardStatus
from shared.models.enums import ActorType
from shared.money import cards

log = logging.getLogger(__name__)
# A reset after a power loss leaves the card in the throat: each try offers it, then keeps it.
RETURN_TRIES = 3


def return_card(station: Station, holder: CardHolder | None) -> str:
    """Give the card back; keep it if not taken in time. Return a message if it was kept."""
    reader = station.devices.card_reader
    kept_before = reader.status().retained_count
    message = ""
    for _ in range(RETURN_TRIES):
        try:
            message = _give_back(station, holder)
            break
        except DeviceError as exc:  # a power loss while ejecting or keeping it: reset, retry
            log.warning("kiosk %s: card return failed: %s", station.kiosk.code, exc)
            reader.reset()
    if not message and reader.status().retained_count > kept_before:
        # The reader kept the card on its own (a jam cleared by reset): never lose a customer.
        issue_counter_ticket(station, "card_retained", "cards", {
            "step": "card return", "problem": "card kept by the reader"},
            customer_id=holder.customer_id if holder else None)
        message = N_("The card reader kept your card. Staff will give it back at the counter.")
    return message


def _give_back(station: Station, holder: CardHolder | None) -> str:
    reader = station.devices.card_reader
    location = reader.card_location() if hasattr(reader, "card_location") else "inside"
    if location == "none":
        return ""
    if reader.status().device != DeviceState.ONLINE:
        reader.reset()  # ejects a card inside, retains a jammed one
        location = reader.card_location() if hasattr(reader, "card_location") else "throat"
    station.update(screen=Screen.TAKE_CARD, message=N_("Please take your card."))
    taken = False
    timeout = station.timeouts.card_take_timeout_s
    if location == "inside":
        result = reader.eject(EjectRequest(take_timeout_s=timeout))
        taken = result.ok
        if result.completion is CompletionCode.HARDWARE_ERROR:
            reader.reset()
    elif location == "throat":
        deadline = station.clock() + timeout
        while reader.card_location() == "throat" and station.clock() < deadline:
            time.sleep(0.05)
        taken = reader.card_location() == "none"
    if taken or reader.status().media == MediaPosition.NOT_PRESENT:
        return ""
    station.turn.note(card_not_taken=True)
    if not reader.retain(RetainRequest(reason="card not taken")).ok:
        reader.reset()
    if holder is not None:
        station.unit_of_work(_mark_retained, holder.card.card_id, station.kiosk.device_id)
    return N_("Your card was not taken and has been kept safe. Ask at the counter for it.")


def _mark_retained(session: Session, card_id: int, device_id: int) -> None:
    card = session.get(Card, card_id)
    if card is not None and card.status is CardStatus.ACTIVE:
        cards.set_card_status(session, card.id, CardStatus.RETAINED,
                              audit.Actor(ActorType.DEVICE, device_id),
                              "card not taken at the kiosk")
