"""A simulated motorised card reader.

Physical model: one card at most, in exactly one place: the customer's hand (None), the
throat (ENTERING), the read position (PRESENT), stuck in the transport (JAMMED) or the
retain bin. Faults: jam (read, eject, retain), not taken (eject), power loss (any step).
After a power loss the card stays where it was; reset() ejects a card that is inside and
retains a jammed one.
"""

from __future__ import annotations

import logging

from hardware.card_reader.base import (
    CardData,
    CardReaderCapabilities,
    CardReaderError,
    CardReaderStatus,
    EjectRequest,
    EjectResult,
    MediaPosition,
    ReadCardRequest,
    ReadCardResult,
    RetainRequest,
    RetainResult,
)
from hardware.faults import Fault, FaultPlan
from hardware.simulation import SimulatedDevice
from hardware.xfs import (
    CompletionCode,
    DeviceClass,
    DeviceEventName,
    not_ready,
)

logger = logging.getLogger(__name__)


class CardReaderSimulator(SimulatedDevice):
    """A card reader the UI or a test drives with insert_card() and take_card()."""

    device_class = DeviceClass.CARD_READER

    def __init__(
        self,
        faults: FaultPlan | None = None,
        retain_capacity: int = 50,
        auto_take: bool = False,
    ):
        super().__init__(faults)
        self.retain_capacity = retain_capacity
        self.auto_take = auto_take  # the simulated customer takes an ejected card at once
        self._card: CardData | None = None
        self._position = MediaPosition.NOT_PRESENT
        self._retained: list[CardData] = []

    # -- the customer's side ----------------------------------------------------------
    def insert_card(self, card: CardData) -> bool:
        """Insert a card; refused (False) when the slot is not free or the device is down."""
        with self._lock:
            if self._position is not MediaPosition.NOT_PRESENT or self._not_ready_reason():
                return False
            self._card, self._position = card, MediaPosition.PRESENT
            logger.debug("card inserted: %r", card)
            self._changed.notify_all()
        self._events.emit(DeviceEventName.CARD_INSERTED)
        return True

    def take_card(self) -> CardData | None:
        """Take the card from the throat; None if there is none to take."""
        with self._lock:
            if self._position is not MediaPosition.ENTERING:
                return None
            card, self._card, self._position = self._card, None, MediaPosition.NOT_PRESENT
            self._changed.notify_all()
        self._events.emit(DeviceEventName.CARD_TAKEN)
        return card

    # -- the interface ----------------------------------------------------------------
    def read_card(self, request: ReadCardRequest) -> ReadCardResult:
        with self._lock:
            if reason := self._not_ready_reason():
                return not_ready(ReadCardResult, reason)
            injection = self._draw("read_card", (Fault.JAM,), ("accept", "read"))
            if not self._wait(lambda: self._position is MediaPosition.PRESENT, request.timeout_s):
                return ReadCardResult(CompletionCode.TIMEOUT, CardReaderError.NO_MEDIA)
            self._maybe_power_loss(injection, "read_card", "accept")
            if injection and injection.fault is Fault.JAM:
                self._position = MediaPosition.JAMMED
                self._fail_hardware("card jammed")
                return ReadCardResult(CompletionCode.HARDWARE_ERROR, CardReaderError.MEDIA_JAM)
            self._maybe_power_loss(injection, "read_card", "read")
            return ReadCardResult(CompletionCode.SUCCESS, card=self._card)

    def eject(self, request: EjectRequest) -> EjectResult:
        with self._lock:
            if reason := self._not_ready_reason():
                return not_ready(EjectResult, reason)
            if self._position is not MediaPosition.PRESENT:
                return EjectResult(CompletionCode.SEQUENCE_ERROR, CardReaderError.NO_MEDIA)
            injection = self._draw("eject", (Fault.JAM, Fault.NOT_TAKEN), ("eject",))
            self._maybe_power_loss(injection, "eject", "eject")
            if injection and injection.fault is Fault.JAM:
                self._position = MediaPosition.JAMMED
                self._fail_hardware("card jammed on eject")
                return EjectResult(CompletionCode.HARDWARE_ERROR, CardReaderError.MEDIA_JAM)
            self._position = MediaPosition.ENTERING
            self._changed.notify_all()
            not_taken = injection is not None and injection.fault is Fault.NOT_TAKEN
        if self.auto_take and not not_taken:
            self.take_card()
        with self._lock:
            wait = 0.0 if not_taken else request.take_timeout_s
            taken = self._wait(lambda: self._position is not MediaPosition.ENTERING, wait)
            if taken:
                return EjectResult(CompletionCode.SUCCESS, taken=True)
            return EjectResult(CompletionCode.TIMEOUT, detail="card not taken")

    def retain(self, request: RetainRequest) -> RetainResult:
        with self._lock:
            if reason := self._not_ready_reason():
                return not_ready(RetainResult, reason, retained_count=len(self._retained))
            if self._position not in (MediaPosition.PRESENT, MediaPosition.ENTERING):
                return RetainResult(CompletionCode.SEQUENCE_ERROR, CardReaderError.NO_MEDIA,
                                    retained_count=len(self._retained))
            if len(self._retained) >= self.retain_capacity:
                return RetainResult(CompletionCode.HARDWARE_ERROR,
                                    CardReaderError.RETAIN_BIN_FULL,
                                    retained_count=len(self._retained))
            injection = self._draw("retain", (Fault.JAM,), ("retain",))
            self._maybe_power_loss(injection, "retain", "retain")
            if injection and injection.fault is Fault.JAM:
                self._position = MediaPosition.JAMMED
                self._fail_hardware("card jammed on retain")
                return RetainResult(CompletionCode.HARDWARE_ERROR, CardReaderError.MEDIA_JAM,
                                    retained_count=len(self._retained))
            self._retain_now()
            count = len(self._retained)
        self._events.emit(DeviceEventName.CARD_RETAINED, count=count, detail=request.reason)
        return RetainResult(CompletionCode.SUCCESS, retained_count=count)

    def _recover(self) -> str:
        """Eject a card found inside to the throat, retain a jammed one."""
        if self._position is MediaPosition.JAMMED:
            self._retain_now()
            return "jammed card retained"
        if self._position is MediaPosition.PRESENT:
            self._position = MediaPosition.ENTERING
            return "card ejected to the throat"
        return ""

    def status(self) -> CardReaderStatus:
        with self._lock:
            return CardReaderStatus(self._state, self._state_detail, media=self._position,
                                    retained_count=len(self._retained))

    def capabilities(self) -> CardReaderCapabilities:
        return CardReaderCapabilities(self.device_class, "SmartBranch IDC simulator",
                                      reads_chip=True, retain_capacity=self.retain_capacity)

    # -- physical truth for tests and reconciliation ----------------------------------
    def card_location(self) -> str:
        """Where a card in the device is: 'none', 'throat', 'inside' or 'jammed'."""
        with self._lock:
            return {
                MediaPosition.NOT_PRESENT: "none",
                MediaPosition.ENTERING: "throat",
                MediaPosition.PRESENT: "inside",
                MediaPosition.JAMMED: "jammed",
            }[self._position]

    @property
    def retained_cards(self) -> tuple[CardData, ...]:
        with self._lock:
            return tuple(self._retained)

    def empty_retain_bin(self) -> tuple[CardData, ...]:
        """Staff empty the retain bin; return the cards taken out."""
        with self._lock:
            cards, self._retained = tuple(self._retained), []
            return cards

    def _retain_now(self) -> None:
        if self._card is not None:
            self._retained.append(self._card)
        self._card, self._position = None, MediaPosition.NOT_PRESENT
        self._changed.notify_all()
