"""A simulated note acceptor: input tray, validator, escrow, cassettes, retract bin.

Physical model: every item is in exactly one place: the input tray, the transport, the
escrow, a cassette, the output slot (handed back), the retract bin, or back with the
customer. Unrecognised items (denomination 0) and notes the escrow cannot hold go to the
output slot. `inventory()` sums to the cassettes' starting notes plus everything the
customer inserted. Faults, by operation:
  cash_in:          jam (recognised notes stuck in the transport), unknown position
                    (they are in escrow or the transport; the device cannot tell),
                    power loss at 'validate' (all in the transport) or 'escrow' (in escrow);
  cash_in_end:      jam (about half stored, the rest in the transport), power loss at
                    'store' (the same split);
  cash_in_rollback: shutter (notes stay in escrow), power loss at 'return' (notes in the
                    transport).
reset() moves escrow, transport and output notes to the retract bin and ends the cash-in.

With a state file (hardware/state_file.py) all of this survives the process; a move cut
short by the process dying ends as the power-loss model says: a cash-in at 'validate'
(the tray's notes in the transport), a store at 'store' (half stored, the rest in the
transport), a rollback at 'return' (the escrow in the transport); see _cut_power.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from hardware.cash import EMPTY, UNRECOGNISED, CassetteConfig, Notes
from hardware.cash_acceptor.base import (
    AcceptorCashUnit,
    AcceptorRetractResult,
    CashAcceptorCapabilities,
    CashAcceptorError,
    CashAcceptorStatus,
    CashInEndResult,
    CashInRequest,
    CashInResult,
    CashInStartRequest,
    RollbackResult,
)
from hardware.faults import Fault, FaultPlan
from hardware.simulation import SimulatedDevice
from hardware.state_file import DeviceStateFile, notes_from_json, notes_to_json
from hardware.xfs import (
    CompletionCode,
    DeviceClass,
    DeviceEventName,
    DeviceState,
    Result,
    not_ready,
)

logger = logging.getLogger(__name__)


# The places a note can be besides the cassettes, as saved in a state file.
_PLACES = ("input", "transport", "escrow", "output", "retract_bin", "returned", "supplied")


@dataclass
class _Store:
    config: CassetteConfig
    count: int


class CashAcceptorSimulator(SimulatedDevice):
    """An acceptor the UI or a test drives with insert_notes() and take_returned()."""

    device_class = DeviceClass.CASH_ACCEPTOR

    def __init__(
        self,
        cassettes: tuple[CassetteConfig, ...],
        faults: FaultPlan | None = None,
        max_escrow_items: int = 200,
        currency: str = "GBP",
        auto_take: bool = False,
        state_file: DeviceStateFile | None = None,
    ):
        super().__init__(faults, state_file)
        self._stores = [_Store(c, c.count) for c in cassettes]
        self.max_escrow_items = max_escrow_items
        self.currency = currency
        self.auto_take = auto_take
        self._active = False
        self._max_items = max_escrow_items
        self._input = self._transport = self._escrow = self._output = EMPTY
        self._retract_bin = self._returned = EMPTY
        self._supplied = EMPTY
        for store in self._stores:
            self._supplied += Notes({store.config.denomination_minor: store.count})
        self._load_or_save_state()

    # -- the customer's side ----------------------------------------------------------
    def insert_notes(self, notes) -> bool:
        """Put notes (a Notes or an iterable of denominations; 0 = not a note) in the tray."""
        bundle = notes if isinstance(notes, Notes) else Notes.of(notes)
        with self._lock:
            if not self._active or self._input or self._state is not DeviceState.ONLINE:
                return False
            self._input = bundle
            self._supplied += bundle
            self._moved()
            self._changed.notify_all()
        self._events.emit(DeviceEventName.CASH_INSERTED, count=bundle.items_count)
        return True

    def take_from_tray(self) -> Notes:
        """Take back notes left in the input tray (the acceptor never drew them in)."""
        with self._lock:
            notes, self._input = self._input, EMPTY
            self._returned += notes
            self._moved()
            self._changed.notify_all()
        return notes

    def take_returned(self) -> Notes:
        """Take back what waits in the output slot."""
        with self._lock:
            notes, self._output = self._output, EMPTY
            self._returned += notes
            self._moved()
            self._changed.notify_all()
        if notes:
            self._events.emit(DeviceEventName.CASH_TAKEN, count=notes.items_count)
        return notes

    # -- the interface ----------------------------------------------------------------
    def cash_in_start(self, request: CashInStartRequest) -> Result:
        with self._lock:
            if reason := self._not_ready_reason():
                return not_ready(Result, reason)
            if self._active:
                return Result(CompletionCode.SEQUENCE_ERROR, CashAcceptorError.CASH_IN_ACTIVE)
            self._active = True
            self._max_items = min(request.max_items, self.max_escrow_items)
            self._moved()
            return Result(CompletionCode.SUCCESS)

    def cash_in(self, request: CashInRequest) -> CashInResult:
        with self._lock:
            if refusal := self._refuse_outside_cash_in(CashInResult):
                return refusal
            if not self._wait(lambda: bool(self._input), request.timeout_s):
                return CashInResult(CompletionCode.TIMEOUT, CashAcceptorError.NO_ITEMS,
                                    escrow=self._escrow)
            injection = self._draw("cash_in", (Fault.JAM, Fault.UNKNOWN_POSITION),
                                   ("validate", "escrow"))
            self._moving("cash_in")
            bundle, self._input = self._input, EMPTY
            self._transport += bundle
            self._maybe_power_loss(injection, "cash_in", "validate")
            recognised, refused = self._validate(bundle)
            self._transport -= refused
            self._output += refused
            fault = injection.fault if injection else None
            if fault is Fault.JAM:
                self._fail_hardware("notes jammed in the transport")
                self._moved()
                return CashInResult(CompletionCode.HARDWARE_ERROR,
                                    CashAcceptorError.ITEMS_JAMMED, escrow=self._escrow,
                                    rejected_items=refused.items_count)
            self._transport -= recognised
            if fault is Fault.UNKNOWN_POSITION:
                if self.faults.uniform() < 0.5:
                    self._escrow += recognised
                else:
                    self._transport += recognised
                self._fail_hardware("note position unknown")
                self._moved()
                return CashInResult(CompletionCode.HARDWARE_ERROR,
                                    CashAcceptorError.POSITION_UNKNOWN,
                                    rejected_items=refused.items_count)
            self._escrow += recognised
            self._maybe_power_loss(injection, "cash_in", "escrow")
            self._moved()
            escrow = self._escrow
        if refused and self.auto_take:
            self.take_returned()
        return CashInResult(CompletionCode.SUCCESS, accepted=recognised, escrow=escrow,
                            rejected_items=refused.items_count)

    def cash_in_end(self) -> CashInEndResult:
        with self._lock:
            if refusal := self._refuse_outside_cash_in(CashInEndResult):
                return refusal
            full = [d for d, n in self._escrow.items() if self._room_for(d) < n]
            if full:
                return CashInEndResult(CompletionCode.COMMAND_ERROR,
                                       CashAcceptorError.CASH_UNIT_FULL,
                                       detail=f"no room for {full} notes")
            injection = self._draw("cash_in_end", (Fault.JAM,), ("store",))
            self._moving("cash_in_end")
            escrow, self._escrow = self._escrow, EMPTY
            if injection and injection.fault in (Fault.JAM, Fault.POWER_LOSS):
                stored, stuck = escrow.split(0.5)
                self._store(stored)
                self._transport += stuck
                self._maybe_power_loss(injection, "cash_in_end", "store")
                self._active = False
                self._fail_hardware("notes jammed while storing")
                self._moved()
                return CashInEndResult(CompletionCode.HARDWARE_ERROR,
                                       CashAcceptorError.ITEMS_JAMMED, stored=stored)
            self._store(escrow)
            self._active = False
            self._moved()
            return CashInEndResult(CompletionCode.SUCCESS, stored=escrow)

    def cash_in_rollback(self) -> RollbackResult:
        with self._lock:
            if refusal := self._refuse_outside_cash_in(RollbackResult):
                return refusal
            injection = self._draw("cash_in_rollback", (Fault.SHUTTER,), ("return",))
            if injection and injection.fault is Fault.SHUTTER:
                return RollbackResult(CompletionCode.HARDWARE_ERROR,
                                      CashAcceptorError.SHUTTER_NOT_OPEN)
            self._moving("cash_in_rollback")
            escrow, self._escrow = self._escrow, EMPTY
            if injection and injection.fault is Fault.POWER_LOSS:
                self._transport += escrow
            self._maybe_power_loss(injection, "cash_in_rollback", "return")
            self._output += escrow
            self._active = False
            self._moved()
            self._changed.notify_all()
        self._events.emit(DeviceEventName.CASH_RETURNED, count=escrow.items_count)
        if self.auto_take:
            self.take_returned()
        return RollbackResult(CompletionCode.SUCCESS, returned=escrow)

    def retract(self) -> AcceptorRetractResult:
        with self._lock:
            if reason := self._not_ready_reason():
                return not_ready(AcceptorRetractResult, reason)
            notes, self._output = self._output, EMPTY
            self._retract_bin += notes
            self._moved()
        if notes:
            self._events.emit(DeviceEventName.CASH_RETRACTED, count=notes.items_count)
        return AcceptorRetractResult(CompletionCode.SUCCESS, items=notes.items_count)

    def _recover(self) -> str:
        """Escrow, transport and output notes go to the retract bin."""
        moved = self._escrow + self._transport + self._output
        self._retract_bin += moved
        self._escrow = self._transport = self._output = EMPTY
        self._active = False
        return f"{moved.items_count} notes to the retract bin" if moved else ""

    def cash_units(self) -> tuple[AcceptorCashUnit, ...]:
        with self._lock:
            units = [AcceptorCashUnit(s.config.unit_id, s.config.denomination_minor, s.count,
                                      s.config.capacity) for s in self._stores]
            units.append(AcceptorCashUnit("RETRACT", 0, self._retract_bin.items_count, 500))
            return tuple(units)

    def status(self) -> CashAcceptorStatus:
        with self._lock:
            return CashAcceptorStatus(self._state, self._state_detail,
                                      cash_in_active=self._active,
                                      escrow_items=self._escrow.items_count,
                                      output_items=self._output.items_count)

    def capabilities(self) -> CashAcceptorCapabilities:
        denominations = tuple(sorted({s.config.denomination_minor for s in self._stores},
                                     reverse=True))
        return CashAcceptorCapabilities(self.device_class, "SmartBranch CIM simulator",
                                        currency=self.currency, denominations=denominations,
                                        max_escrow_items=self.max_escrow_items)

    # -- physical truth ---------------------------------------------------------------
    def inventory(self) -> dict[str, Notes]:
        """Where every item physically is, by location."""
        with self._lock:
            places = {s.config.unit_id: Notes({s.config.denomination_minor: s.count})
                      for s in self._stores}
            places.update(input=self._input, transport=self._transport, escrow=self._escrow,
                          output=self._output, retract_bin=self._retract_bin,
                          customer=self._returned)
            return places

    @property
    def supplied(self) -> Notes:
        """Starting cassette notes plus everything inserted: what inventory() sums to."""
        with self._lock:
            return self._supplied

    # -- the physical state on disk (with a state file) ---------------------------------
    def _physical(self) -> dict:
        places = {name: notes_to_json(getattr(self, f"_{name}")) for name in _PLACES}
        return {**places, "stores": {s.config.unit_id: s.count for s in self._stores},
                "active": self._active, "max_items": self._max_items}

    def _restore(self, physical: dict) -> None:
        for name in _PLACES:
            setattr(self, f"_{name}", notes_from_json(physical[name]))
        for store in self._stores:
            store.count = physical["stores"][store.config.unit_id]
        self._active, self._max_items = physical["active"], physical["max_items"]

    def _cut_power(self, in_flight: dict) -> None:
        """The power-loss model of the move that was cut: cash-in at 'validate' (the tray's
        notes in the transport), store at 'store' (half stored, the rest in the transport),
        rollback at 'return' (the escrow in the transport)."""
        operation = in_flight["operation"]
        if operation == "cash_in":
            self._transport += self._input
            self._input = EMPTY
        elif operation == "cash_in_end":
            stored, stuck = self._escrow.split(0.5)
            self._store(stored)
            self._transport += stuck
            self._escrow, self._active = EMPTY, False
        elif operation == "cash_in_rollback":
            self._transport += self._escrow
            self._escrow = EMPTY

    def _refuse_outside_cash_in(self, result_class):
        """Return the refusal of a cash-in step when not ready or no cash-in is open, or None."""
        if reason := self._not_ready_reason():
            return not_ready(result_class, reason)
        if not self._active:
            return result_class(CompletionCode.SEQUENCE_ERROR, CashAcceptorError.NO_CASH_IN_ACTIVE)
        return None

    def _validate(self, bundle: Notes) -> tuple[Notes, Notes]:
        accepted = {s.config.denomination_minor for s in self._stores}
        room = self._max_items - self._escrow.items_count
        recognised: dict[int, int] = {}
        for denomination, count in bundle.items():
            if denomination == UNRECOGNISED or denomination not in accepted:
                continue
            take = min(count, max(room, 0))
            recognised[denomination] = take
            room -= take
        good = Notes(recognised)
        return good, bundle - good

    def _room_for(self, denomination: int) -> int:
        return sum(s.config.capacity - s.count for s in self._stores
                   if s.config.denomination_minor == denomination)

    def _store(self, notes: Notes) -> None:
        for denomination, count in notes.items():
            for store in self._stores:
                if store.config.denomination_minor != denomination:
                    continue
                take = min(count, store.config.capacity - store.count)
                store.count += take
                count -= take
            assert count == 0, "stored more notes than the cassettes hold"
