"""The end of a customer's turn: its outcome recorded once, never at the customer's expense."""

from __future__ import annotations

import logging

from kiosk.station import Station
from shared.floor.kiosk_sessions import record_kiosk_session

log = logging.getLogger(__name__)


def end_turn(station: Station, customer_id: int | None = None) -> None:
    """Record how the current turn ended (customer_id: the card holder, if the card was known).

    Like the kiosk's other side writes (a ticket's print note), a failure is logged and the
    kiosk carries on: the customer's money and ticket are already committed. A turn cut
    short by the kiosk stopping is not a customer's outcome and is not recorded.
    """
    if station.stopping:
        station.turn.discard()
        return
    ended = station.turn.end()
    if ended is None:
        return
    kiosk = station.kiosk
    try:
        station.unit_of_work(
            record_kiosk_session, station.bus, branch_id=kiosk.branch_id,
            device_code=kiosk.code, outcome=ended.outcome, detail=ended.detail,
            started_at=ended.started_at, ended_at=ended.ended_at, customer_id=customer_id)
    except Exception:
        log.exception("kiosk %s: could not record the end of a session (%s)", kiosk.code,
                      ended.outcome)
