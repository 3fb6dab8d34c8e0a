"""The closed set of fact kinds: what each records in `dim`, `detail` and `duration`.

No kind carries a face, a voice, a name or a card: at most the id of a customer who
consented (door) or carded in (kiosk, counter), kept on the fact, never in a rollup.
"""

from __future__ import annotations

from enum import StrEnum


class FactKind(StrEnum):
    # the door camera; dim: the camera's code; duration: how long the track was in view
    DOOR_ENTRY = "door.entry"
    DOOR_EXIT = "door.exit"
    # an identified arrival (a visit opened); dim: the visit's source (door_camera, kiosk)
    ARRIVAL = "arrival"
    # a relationship manager's claim, greeting and hand-over; duration: since the arrival
    CLAIMED = "arrival.claimed"
    GREETED = "arrival.greeted"
    HANDED_OVER = "arrival.handed_over"
    # from the door to the first of greeted or called; duration: that wait
    DOOR_WAIT = "door.wait"
    # an identified visit whose customer was then served (kiosk or counter), once a visit;
    # dim: "kiosk" or "counter"
    VISIT_SERVED = "visit.served"
    # a known customer at the branch, once a day; dim: "consented" or "not_consented" (face)
    CUSTOMER_SEEN = "customer.seen"
    # a kiosk session; dim: its outcome (KioskOutcome); detail: why it fell back; duration
    KIOSK_SESSION = "kiosk.session"
    # a counter ticket; dim: its service
    TICKET_TAKEN = "ticket.taken"
    TICKET_CALLED = "ticket.called"  # duration: the wait from taken to the first call
    TICKET_SERVED = "ticket.served"  # detail: the counter; duration: called to closed
    TICKET_NO_SHOW = "ticket.no_show"
    TICKET_TRANSFERRED = "ticket.transferred"
    # an offer the relationship manager talked about; dim: the product
    OFFER_DISCUSSED = "offer.discussed"
    OFFER_ACCEPTED = "offer.accepted"
    OFFER_DECLINED = "offer.declined"


class KioskOutcome(StrEnum):
    COMPLETED = "completed"  # the customer finished and took their card
    FALLBACK = "fallback"  # sent to the counter (detail says why)
    ABANDONED = "abandoned"  # walked away: timed out, card or cash not taken
    DEVICE_FAULT = "device_fault"  # a device failed under the customer


# Facts whose detail is itself a figure: the cell it adds to (dim = the detail).
DETAIL_METRICS: dict[FactKind, str] = {
    FactKind.KIOSK_SESSION: "kiosk.fallback_reason",
    FactKind.TICKET_SERVED: "counter.busy",
}
