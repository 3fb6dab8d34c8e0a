"""The kiosk's side of fraud monitoring: each money act and PIN result is shown to the rules.

A hit on a money act sends the customer to the counter (step-up) with the case in the
ticket's context, instead of refusing: the customer may well be genuine, and a teller
who checks their identity closes the case as genuine. The act and its case are committed
before the Fallback, so nothing a fraudster retries is forgotten.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.flows import Fallback
from kiosk.station import CardHolder, Station
from shared import fraud
from shared.db.locks import begin_write
from shared.i18n.text import N_
from shared.models import SignalKind
from shared.money import cards

STEP_UP_MESSAGE = N_("For your security, please finish this at the counter. "
                     "A teller will help you.")


def _observe(session: Session, station: Station, holder: CardHolder, kind: SignalKind,
             amount_minor: int, counterparty: str) -> fraud.Verdict:
    begin_write(session)  # a writing unit of work: its own, or the PIN check's
    return fraud.observe(session, fraud.Observation(
        kind=kind, branch_id=station.kiosk.branch_id, device_id=station.kiosk.device_id,
        customer_id=holder.customer_id, card_id=holder.card.card_id,
        amount_minor=amount_minor, counterparty=counterparty), station.settings, station.bus)


def screen(station: Station, holder: CardHolder, kind: SignalKind, *, service: str,
           context: dict, amount_minor: int = 0, counterparty: str = "") -> None:
    """Show the act to the rules; raise Fallback (step-up to the counter) on a hit that asks."""
    verdict = station.unit_of_work(_observe, station, holder, kind, amount_minor, counterparty)
    if verdict.step_up:
        raise Fallback("step_up", service, {**context, "fraud_case_ids": list(verdict.case_ids),
                                            "fraud_rules": list(verdict.rules)},
                       STEP_UP_MESSAGE)


def _verify_pin(session: Session, station: Station, holder: CardHolder, pin_block: bytes,
                limit: int) -> cards.PinCheck:
    begin_write(session)  # the check counts wrong PINs and the rules remember the result
    check = cards.verify_pin(session, holder.card, pin_block, station.keys,
                             max_attempts=limit, device_id=station.kiosk.device_id)
    if check.outcome is not cards.PinOutcome.NOT_USABLE:
        _observe(session, station, holder,
                 SignalKind.PIN_OK if check.ok else SignalKind.PIN_WRONG, 0, "")
    return check


def verify_pin(station: Station, holder: CardHolder, pin_block: bytes, limit: int
               ) -> cards.PinCheck:
    """Check the PIN and, in the same unit of work, remember a right or wrong one."""
    return station.unit_of_work(_verify_pin, station, holder, pin_block, limit)
