"""A card holder's visit: identify the card, check the PIN, serve the menu, return the card.

Whatever happens inside, the visit ends the same way: queued actions refused, devices a
fault left offline reset, the card given back (or kept safe), a counter ticket for
anything that could not finish, so a fault never loses a customer, and the turn's outcome
recorded (kiosk/turn.py).
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from hardware.card_reader import CardData
from hardware.xfs import DeviceError, DeviceState, PowerLoss
from kiosk.flows import Fallback
from kiosk.flows.card_return import return_card
from kiosk.flows.menu import serve_menu
from kiosk.flows.pin import check_pin
from kiosk.flows.ticket import issue_counter_ticket
from kiosk.flows.turn_end import end_turn
from kiosk.screen import Screen
from kiosk.station import CardHolder, Station
from shared.i18n.text import N_, Text
from shared.models import Account, Customer
from shared.money import cards

log = logging.getLogger(__name__)


def serve_card(station: Station, card: CardData, held: dict | None = None) -> None:
    """Serve the customer whose card was just read (and a spoken request held for it)."""
    station.show(Screen.READING, N_("Reading your card..."))
    holder: CardHolder | None = None
    signed_in = False
    try:
        holder = _identify(station, card)
        signed_in = check_pin(station, holder, held)
        if signed_in:
            serve_menu(station, holder, held)
    except Fallback as fallback:
        _fallback(station, fallback, holder)
    except (DeviceError, PowerLoss) as exc:  # the ticket names the step "session"
        _fallback(station, Fallback("device_fault", "cash", {
            "step": "session", "problem": str(exc)}), holder)
    except Exception as exc:  # an unknown outcome still ends at the counter, never lost
        log.exception("kiosk %s: visit failed", station.kiosk.code)
        _fallback(station, Fallback("unknown_outcome", "other", {
            "step": "session", "problem": type(exc).__name__}), holder)
    finally:
        station.pad_cancelled.clear()
        station.visitor.take_request()  # a spoken request lives for one visit at most
        station.visitor.forget()  # and a greeting: the next customer is someone else
        station.drain(N_("the session has ended"))
        _recover_devices(station)
        retained = return_card(station, holder)
        # The turn is the card holder's once their PIN was right: a card alone is no identity.
        end_turn(station, holder.customer_id if holder and signed_in else None)
        station.forget("customer", "accounts", "billers", "banks", "upcoming", "result")
        if station.screen != Screen.TICKET or retained:
            station.show(Screen.IDLE if not retained else Screen.TICKET,
                         retained or N_("Thank you. Insert your card to start."))
        if station.screen != Screen.TICKET:  # a ticket stays readable in the customer's
            station.reset_language()
        station.touched()


def _recover_devices(station: Station) -> None:
    """Reset every device a fault or power loss left offline (XFS recovery after a fault)."""
    for name, device in station.devices.devices().items():
        if name != "card_reader" and device.status().device != DeviceState.ONLINE:
            result = device.reset()
            log.info("kiosk %s: reset %s (%s)", station.kiosk.code, name, result.recovered)


def _identify(station: Station, card: CardData) -> CardHolder:
    """Look the card up; an unknown or unusable card goes to the counter."""
    try:
        presented = station.unit_of_work(cards.present_card, card.pan, station.keys)
    except cards.CardNotFound as exc:
        raise Fallback("identity_unconfirmed", "cards", {
            "step": "card", "problem": "card not recognised", "card_last4": card.last4,
        }, N_("We could not recognise this card. Staff will help you.")) from exc
    except cards.CardNotUsable as exc:
        raise Fallback("identity_unconfirmed", "cards", {
            "step": "card", "problem": f"card {exc.reason}", "card_last4": card.last4,
        }, Text("This card cannot be used (%(reason)s). Staff will help you.",
                reason=exc.reason)) from exc
    name, account_ids, own_language = station.unit_of_work(_customer, presented.customer_id)
    station.use_customers_language(own_language)
    return CardHolder(presented, presented.customer_id, name, account_ids)


def _customer(session: Session, customer_id: int) -> tuple[str, list[int], str]:
    """The customer's given name, open accounts and own language."""
    customer = session.get(Customer, customer_id)
    accounts = session.scalars(select(Account.id).where(
        Account.customer_id == customer.id, Account.closed_at.is_(None)
    ).order_by(Account.id)).all()
    return customer.given_name, list(accounts), customer.language


def _fallback(station: Station, fallback: Fallback, holder: CardHolder | None) -> None:
    customer = holder.customer_id if holder else station.visitor.greeted_customer()
    context = dict(fallback.context)
    try:
        ticket = issue_counter_ticket(station, fallback.reason, fallback.service, context,
                                      customer_id=customer)
    except Exception:
        log.exception("kiosk %s: could not issue a fallback ticket", station.kiosk.code)
        ticket = None
    station.refresh_service_state()
    if ticket:
        # The ticket keeps why it was given ("Nothing was taken from your account"): the
        # screen's message gives way to the card's return at once, the ticket stays shown.
        station.update(ticket={**ticket, "message": fallback.message})
    station.show(Screen.TICKET, fallback.message if ticket else
                 N_("Sorry, something went wrong. Please ask a member of staff."))
