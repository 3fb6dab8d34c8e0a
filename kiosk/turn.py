"""One customer's turn at the kiosk and how it ended, for the `kiosk.session` fact.

A turn runs from the card going in (or a counter ticket asked for at the idle screen) to
the end of the visit, card returned or kept. The flows note what happened as it happens
(a counter ticket and why, a timeout, cash or the card not taken, a cancel at the PIN) and
`classify` turns the notes into one outcome; it is pure, so each rule has a test:

1. a ticket for a device fault or an unknown outcome: `device_fault`, detail the device
   (a device failed under the customer; they were also sent to the counter);
2. any other ticket: `fallback`, detail its reason (`over_limit`, `identity_unconfirmed`,
   `card_retained`, `customer_request`);
3. timed out, cash or card not taken, or cancelled at the PIN: `abandoned`, no detail (the
   rollups count a kiosk session's detail as a fallback reason, and this is not one);
4. otherwise `completed`: the customer finished and took their card.

("session" in kiosk code means a database session, so the kiosk calls this a turn.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hardware.xfs import DeviceClass
from shared.analytics.kinds import KioskOutcome
from shared.db.base import utcnow

# Ticket reasons that mean the kiosk failed the customer, not a rule or their own choice.
DEVICE_REASONS = frozenset({"device_fault", "unknown_outcome"})
# Which device a fallback's step drives (the step names of the flows' ticket contexts).
STEP_DEVICES = {
    "card": "card_reader", "card return": "card_reader", "pin": "pin_pad",
    "withdrawal": "cash_dispenser", "withdraw": "cash_dispenser",
    "deposit": "cash_acceptor", "deposit_confirm": "cash_acceptor",
}
# A power loss names its device class in the problem ("CashDispenser lost power ...").
CLASS_DEVICES = {
    DeviceClass.CARD_READER: "card_reader", DeviceClass.PIN_PAD: "pin_pad",
    DeviceClass.CASH_DISPENSER: "cash_dispenser", DeviceClass.CASH_ACCEPTOR: "cash_acceptor",
    DeviceClass.PRINTER: "receipt_printer",
}


@dataclass
class TurnNotes:
    """What happened in a turn, as the flows noted it."""

    ticket_reason: str = ""  # the first counter ticket's reason
    ticket_context: dict = field(default_factory=dict)
    timed_out: bool = False
    cash_not_taken: bool = False
    card_not_taken: bool = False
    cancelled: bool = False


@dataclass(frozen=True)
class EndedTurn:
    outcome: KioskOutcome
    detail: str
    started_at: datetime
    ended_at: datetime


def fault_device(reason: str, context: dict) -> str:
    """Name the device a fault ticket is about, or its reason when no device can be named."""
    problem = str(context.get("problem", ""))
    for device_class, name in CLASS_DEVICES.items():
        if device_class.value in problem:
            return name
    return STEP_DEVICES.get(str(context.get("step", "")), reason)


def classify(notes: TurnNotes) -> tuple[KioskOutcome, str]:
    """How a turn ended and its detail (see the module docstring for the rules)."""
    if notes.ticket_reason in DEVICE_REASONS:
        return KioskOutcome.DEVICE_FAULT, fault_device(notes.ticket_reason,
                                                       notes.ticket_context)
    if notes.ticket_reason:
        return KioskOutcome.FALLBACK, notes.ticket_reason
    if notes.timed_out or notes.cash_not_taken or notes.card_not_taken or notes.cancelled:
        return KioskOutcome.ABANDONED, ""
    return KioskOutcome.COMPLETED, ""


class KioskTurn:
    """The current customer's turn: begun, noted by the flows, ended once."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._started: tuple[datetime, float] | None = None
        self.notes = TurnNotes()

    @property
    def begun(self) -> bool:
        return self._started is not None

    @property
    def sent_to_counter(self) -> bool:
        return bool(self.notes.ticket_reason)

    def begin(self) -> None:
        """Start the turn now, unless one is already running."""
        if self._started is None:
            self._started = (utcnow(), self._clock())
            self.notes = TurnNotes()

    def note_ticket(self, reason: str, context: dict) -> None:
        """The customer was sent to the counter; the first ticket of a turn says why."""
        if self._started is not None and not self.notes.ticket_reason:
            self.notes.ticket_reason = reason
            self.notes.ticket_context = dict(context)

    def note(self, **flags: bool) -> None:
        """Note timed_out, cash_not_taken, card_not_taken or cancelled (outside a turn: none)."""
        if self._started is not None:
            for name, value in flags.items():
                if not hasattr(self.notes, name):
                    raise AttributeError(f"no turn note {name!r}")
                setattr(self.notes, name, value)

    def discard(self) -> None:
        """Forget the turn (nothing happened that makes it a session)."""
        self._started = None
        self.notes = TurnNotes()

    def end(self) -> EndedTurn | None:
        """End the turn: its outcome and times (measured on the monotonic clock), or None."""
        if self._started is None:
            return None
        started_at, started = self._started
        outcome, detail = classify(self.notes)
        ended_at = started_at + timedelta(seconds=max(0.0, self._clock() - started))
        self.discard()
        return EndedTurn(outcome, detail, started_at, ended_at)
