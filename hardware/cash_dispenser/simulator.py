"""A simulated note dispenser with cassettes, an intermediate stacker, a shutter and bins.

Physical model: every note is in exactly one place: a cassette, the stacker (which includes
the transport between cassettes and shutter), the exit (presented, shutter open), the
retract bin, the reject bin, or with the customer (taken). `inventory()` reports them;
their sum only changes by replenish() and empty_bins() (a test checks this for every
fault). Faults, by operation:
  dispense: jam (about half the notes picked, stuck in the transport), cassette empty
            (a pick fails, nothing moves, the cassette is inoperative until reset),
            power loss at 'pick' (half picked) or 'stack' (all picked);
  present:  shutter (does not open, notes stay stacked), partial present (about half at
            the exit, the rest stacked), unknown position (notes may be at the exit or
            not; the device cannot tell until reset), power loss at 'shutter' or 'present';
  wait_for_take: not taken (the timeout passes), power loss at 'wait';
  retract:  jam (about half in the bin, the rest in the transport), power loss at
            'close' (nothing moved) or 'retract' (half moved).
reset() moves notes still at the exit to the retract bin and stacked notes to the reject
bin, closes the shutter and puts inoperative cassettes back in use.

With a state file (hardware/state_file.py) all of this survives the process; a move cut
short by the process dying ends as the power-loss model says: a dispense half picked, a
present not started, a retract half done (see _cut_power).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from hardware.cash import EMPTY, UNRECOGNISED, CassetteConfig, Notes
from hardware.cash_dispenser.base import (
    Bin,
    CashDispenserCapabilities,
    CashDispenserError,
    CashDispenserStatus,
    CashUnitInfo,
    DenominateRequest,
    DenominateResult,
    DispenseRequest,
    DispenseResult,
    OutputPosition,
    PresentRequest,
    PresentResult,
    RetractRequest,
    RetractResult,
    ShutterState,
    TakeRequest,
    TakeResult,
    UnitKind,
    UnitStatus,
)
from hardware.cash_dispenser.mix import calculate_mix
from hardware.faults import Fault, FaultPlan
from hardware.simulation import SimulatedDevice
from hardware.state_file import DeviceStateFile, notes_from_json, notes_to_json
from hardware.xfs import (
    CompletionCode,
    DeviceClass,
    DeviceEventName,
    not_ready,
)

logger = logging.getLogger(__name__)


@dataclass
class _Cassette:
    config: CassetteConfig
    count: int
    inoperative: bool = False

    @property
    def status(self) -> UnitStatus:
        if self.inoperative:
            return UnitStatus.INOPERATIVE
        if self.count == 0:
            return UnitStatus.EMPTY
        return UnitStatus.LOW if self.count <= self.config.low_threshold else UnitStatus.OK


class CashDispenserSimulator(SimulatedDevice):
    """A dispenser the UI or a test drives with take_cash(); see the module for the model."""

    device_class = DeviceClass.CASH_DISPENSER

    def __init__(
        self,
        cassettes: tuple[CassetteConfig, ...],
        faults: FaultPlan | None = None,
        max_dispense_items: int = 40,
        bin_capacity: int = 500,
        currency: str = "GBP",
        auto_take: bool = False,
        state_file: DeviceStateFile | None = None,
    ):
        super().__init__(faults, state_file)
        if len({c.unit_id for c in cassettes}) != len(cassettes):
            raise ValueError("cassette ids must be unique")
        self._cassettes = [_Cassette(c, c.count) for c in cassettes]
        self.max_dispense_items = max_dispense_items
        self.bin_capacity = bin_capacity
        self.currency = currency
        self.auto_take = auto_take
        self._stacker = EMPTY
        self._exit = EMPTY
        self._bins = {Bin.RETRACT: EMPTY, Bin.REJECT: EMPTY}
        self._taken = EMPTY
        self._shutter = ShutterState.CLOSED
        self._position_unknown = False
        self._supplied = Notes({c.denomination_minor: 0 for c in cassettes}) + self._in_cassettes()
        self._load_or_save_state()

    # -- the customer's side ----------------------------------------------------------
    def take_cash(self) -> Notes:
        """Take whatever is at the exit; return it (empty if nothing is there)."""
        with self._lock:
            notes = self._exit
            if not notes:
                return EMPTY
            self._taken += notes
            self._exit = EMPTY
            self._shutter = ShutterState.CLOSED
            self._moved()
            self._changed.notify_all()
        logger.debug("customer took %d notes", notes.items_count)
        self._events.emit(DeviceEventName.CASH_TAKEN, count=notes.items_count)
        return notes

    # -- the interface ----------------------------------------------------------------
    def denominate(self, request: DenominateRequest) -> DenominateResult:
        with self._lock:
            if request.currency != self.currency or request.amount_minor <= 0:
                return DenominateResult(CompletionCode.INVALID_DATA,
                                        detail="amount must be positive, in the device currency")
            mix = calculate_mix(request.amount_minor, self._available(), self.max_dispense_items)
            if mix is None:
                return DenominateResult(CompletionCode.COMMAND_ERROR,
                                        CashDispenserError.NOT_DISPENSABLE,
                                        detail="no note mix for this amount")
            return DenominateResult(CompletionCode.SUCCESS, mix=mix)

    def dispense(self, request: DispenseRequest) -> DispenseResult:
        with self._lock:
            if reason := self._not_ready_reason():
                return not_ready(DispenseResult, reason)
            if self._stacker or self._exit:
                return DispenseResult(CompletionCode.SEQUENCE_ERROR,
                                      CashDispenserError.ITEMS_PENDING)
            denominated = self.denominate(DenominateRequest(request.amount_minor,
                                                            request.currency))
            if request.mix is None and not denominated.ok:
                return DispenseResult(denominated.completion, denominated.error_code,
                                      denominated.detail)
            mix = Notes(request.mix) if request.mix is not None else denominated.mix
            problem = self._check_mix(request.amount_minor, mix)
            if problem:
                return DispenseResult(CompletionCode.COMMAND_ERROR, problem, mix_requested=mix)
            injection = self._draw("dispense", (Fault.JAM, Fault.CASSETTE_EMPTY),
                                   ("pick", "stack"))
            if injection and injection.fault is Fault.CASSETTE_EMPTY:
                cassette = self._cassettes_for(max(mix))[0]
                cassette.inoperative = True
                self._moved()
                return DispenseResult(CompletionCode.HARDWARE_ERROR,
                                      CashDispenserError.CASH_UNIT_EMPTY,
                                      detail=f"pick failed on {cassette.config.unit_id}",
                                      mix_requested=mix)
            half, _ = mix.split(0.5)
            self._moving("dispense", mix=notes_to_json(mix))
            if injection and injection.fault is Fault.POWER_LOSS and injection.step == "pick":
                self._pick(half)
            self._maybe_power_loss(injection, "dispense", "pick")
            if injection and injection.fault is Fault.JAM:
                self._pick(half)
                self._fail_hardware("notes jammed in the transport")
                self._moved()
                return DispenseResult(CompletionCode.HARDWARE_ERROR,
                                      CashDispenserError.ITEMS_JAMMED, dispensed=half,
                                      mix_requested=mix)
            self._pick(mix)
            self._maybe_power_loss(injection, "dispense", "stack")
            self._moved()
            return DispenseResult(CompletionCode.SUCCESS, dispensed=mix, mix_requested=mix)

    def present(self, request: PresentRequest) -> PresentResult:
        with self._lock:
            if reason := self._not_ready_reason():
                return not_ready(PresentResult, reason)
            if not self._stacker:
                return PresentResult(CompletionCode.SEQUENCE_ERROR, CashDispenserError.NO_ITEMS)
            injection = self._draw(
                "present", (Fault.SHUTTER, Fault.PARTIAL_PRESENT, Fault.UNKNOWN_POSITION),
                ("shutter", "present"),
            )
            self._moving("present")
            self._maybe_power_loss(injection, "present", "shutter")
            fault = injection.fault if injection else None
            if fault is Fault.SHUTTER:
                self._moved()
                return PresentResult(CompletionCode.HARDWARE_ERROR,
                                     CashDispenserError.SHUTTER_NOT_OPEN,
                                     presented=EMPTY, remaining=self._stacker)
            self._shutter = ShutterState.OPEN
            if fault is Fault.UNKNOWN_POSITION:
                # Physically the notes either reached the exit or stayed stacked.
                if self.faults.uniform() < 0.5:
                    self._exit, self._stacker = self._stacker, EMPTY
                self._position_unknown = True
                self._fail_hardware("note position unknown")
                self._moved()
                self._changed.notify_all()
                return PresentResult(CompletionCode.HARDWARE_ERROR,
                                     CashDispenserError.POSITION_UNKNOWN,
                                     presented=None, remaining=None)
            if fault is Fault.PARTIAL_PRESENT and self._stacker.items_count > 1:
                shown, kept = self._stacker.split(0.5)
                self._exit, self._stacker = shown, kept
                self._moved()
                self._changed.notify_all()
                self._events.emit(DeviceEventName.CASH_PRESENTED, count=shown.items_count)
                return PresentResult(CompletionCode.HARDWARE_ERROR,
                                     CashDispenserError.PARTIAL_PRESENT,
                                     presented=shown, remaining=kept)
            self._exit, self._stacker = self._stacker, EMPTY
            self._changed.notify_all()
            presented = self._exit
            self._maybe_power_loss(injection, "present", "present")
            self._moved()
        self._events.emit(DeviceEventName.CASH_PRESENTED, count=presented.items_count)
        return PresentResult(CompletionCode.SUCCESS, presented=presented, remaining=EMPTY)

    def wait_for_take(self, request: TakeRequest) -> TakeResult:
        with self._lock:
            if reason := self._not_ready_reason():
                return not_ready(TakeResult, reason)
            if not self._exit:
                return TakeResult(CompletionCode.SEQUENCE_ERROR, CashDispenserError.NO_ITEMS)
            injection = self._draw("wait_for_take", (Fault.NOT_TAKEN,), ("wait",))
            self._maybe_power_loss(injection, "wait_for_take", "wait")
            if injection and injection.fault is Fault.NOT_TAKEN:
                return TakeResult(CompletionCode.TIMEOUT, detail="notes not taken in time")
            waiting = self._exit
        if self.auto_take:
            self.take_cash()
        with self._lock:
            if self._wait(lambda: not self._exit, request.timeout_s):
                return TakeResult(CompletionCode.SUCCESS, taken=waiting)
            return TakeResult(CompletionCode.TIMEOUT, detail="notes not taken in time")

    def retract(self, request: RetractRequest) -> RetractResult:
        with self._lock:
            if reason := self._not_ready_reason():
                return not_ready(RetractResult, reason)
            inside = self._exit + self._stacker
            if not inside:
                return RetractResult(CompletionCode.SEQUENCE_ERROR, CashDispenserError.NO_ITEMS)
            injection = self._draw("retract", (Fault.JAM,), ("close", "retract"))
            self._moving("retract", target=str(request.target))
            self._maybe_power_loss(injection, "retract", "close")
            self._shutter = ShutterState.CLOSED
            half, rest = inside.split(0.5)
            if injection and injection.fault in (Fault.JAM, Fault.POWER_LOSS):
                self._exit, self._stacker = EMPTY, rest
                self._bins[request.target] += half
                self._maybe_power_loss(injection, "retract", "retract")
                self._fail_hardware("notes jammed while retracting")
                self._moved()
                return RetractResult(CompletionCode.HARDWARE_ERROR,
                                     CashDispenserError.ITEMS_JAMMED, items=half.items_count)
            self._exit = self._stacker = EMPTY
            self._bins[request.target] += inside
            self._moved()
            self._changed.notify_all()
        self._events.emit(DeviceEventName.CASH_RETRACTED, count=inside.items_count)
        return RetractResult(CompletionCode.SUCCESS, items=inside.items_count)

    def _recover(self) -> str:
        """Exit notes go to the retract bin, stacked notes to the reject bin."""
        moved = []
        if self._exit:
            moved.append(f"{self._exit.items_count} notes from the exit to the retract bin")
            self._bins[Bin.RETRACT] += self._exit
            self._exit = EMPTY
        if self._stacker:
            moved.append(f"{self._stacker.items_count} notes from the transport to the "
                         "reject bin")
            self._bins[Bin.REJECT] += self._stacker
            self._stacker = EMPTY
        for cassette in self._cassettes:
            cassette.inoperative = False
        self._shutter = ShutterState.CLOSED
        self._position_unknown = False
        return "; ".join(moved)

    def cash_units(self) -> tuple[CashUnitInfo, ...]:
        with self._lock:
            units = [
                CashUnitInfo(c.config.unit_id, UnitKind.DISPENSE, c.config.denomination_minor,
                             c.count, c.config.capacity, c.status)
                for c in self._cassettes
            ]
            for kind, bin_ in ((UnitKind.RETRACT, Bin.RETRACT), (UnitKind.REJECT, Bin.REJECT)):
                items = self._bins[bin_].items_count
                status = UnitStatus.FULL if items >= self.bin_capacity else UnitStatus.OK
                units.append(CashUnitInfo(f"{kind.upper()}", kind, 0, items,
                                          self.bin_capacity, status))
            return tuple(units)

    def status(self) -> CashDispenserStatus:
        with self._lock:
            if self._position_unknown:
                output, shutter = OutputPosition.UNKNOWN, ShutterState.UNKNOWN
            else:
                output = OutputPosition.NOT_EMPTY if self._exit else OutputPosition.EMPTY
                shutter = self._shutter
            return CashDispenserStatus(self._state, self._state_detail, shutter=shutter,
                                       output=output, stacker_items=self._stacker.items_count)

    def capabilities(self) -> CashDispenserCapabilities:
        denominations = tuple(sorted({c.config.denomination_minor for c in self._cassettes},
                                     reverse=True))
        return CashDispenserCapabilities(self.device_class, "SmartBranch CDM simulator",
                                         currency=self.currency,
                                         max_dispense_items=self.max_dispense_items,
                                         denominations=denominations)

    # -- servicing and physical truth ---------------------------------------------------
    def replenish(self, unit_id: str, count: int) -> None:
        """Staff set a cassette's count (notes come from or go back to the vault)."""
        with self._lock:
            cassette = next(c for c in self._cassettes if c.config.unit_id == unit_id)
            if not 0 <= count <= cassette.config.capacity:
                raise ValueError(f"count must be within 0..{cassette.config.capacity}")
            delta = count - cassette.count
            change = Notes({cassette.config.denomination_minor: abs(delta)})
            self._supplied = self._supplied + change if delta > 0 else self._supplied - change
            cassette.count, cassette.inoperative = count, False
            self._moved()

    def empty_bins(self) -> dict[Bin, Notes]:
        """Staff empty both bins; return what they found (counted by denomination)."""
        with self._lock:
            found = dict(self._bins)
            for notes in found.values():
                self._supplied -= notes
            self._bins = {Bin.RETRACT: EMPTY, Bin.REJECT: EMPTY}
            self._moved()
            return found

    def inventory(self) -> dict[str, Notes]:
        """Where every note physically is, by location."""
        with self._lock:
            places = {c.config.unit_id: Notes({c.config.denomination_minor: c.count})
                      for c in self._cassettes}
            places.update(stacker=self._stacker, exit=self._exit,
                          retract_bin=self._bins[Bin.RETRACT],
                          reject_bin=self._bins[Bin.REJECT], customer=self._taken)
            return places

    @property
    def supplied(self) -> Notes:
        """Every note ever loaded minus those staff took out: what inventory() must sum to."""
        with self._lock:
            return self._supplied

    # -- the physical state on disk (with a state file) ---------------------------------
    def _physical(self) -> dict:
        return {
            "cassettes": {c.config.unit_id: [c.count, c.inoperative] for c in self._cassettes},
            "stacker": notes_to_json(self._stacker), "exit": notes_to_json(self._exit),
            "retract_bin": notes_to_json(self._bins[Bin.RETRACT]),
            "reject_bin": notes_to_json(self._bins[Bin.REJECT]),
            "taken": notes_to_json(self._taken), "supplied": notes_to_json(self._supplied),
            "shutter": str(self._shutter), "position_unknown": self._position_unknown,
        }

    def _restore(self, physical: dict) -> None:
        for cassette in self._cassettes:
            cassette.count, cassette.inoperative = physical["cassettes"][cassette.config.unit_id]
        self._stacker = notes_from_json(physical["stacker"])
        self._exit = notes_from_json(physical["exit"])
        self._bins = {Bin.RETRACT: notes_from_json(physical["retract_bin"]),
                      Bin.REJECT: notes_from_json(physical["reject_bin"])}
        self._taken = notes_from_json(physical["taken"])
        self._supplied = notes_from_json(physical["supplied"])
        self._shutter = ShutterState(physical["shutter"])
        self._position_unknown = physical["position_unknown"]

    def _cut_power(self, in_flight: dict) -> None:
        """The power-loss model of the move that was cut: dispense at 'pick' (half the mix
        picked), present at 'shutter' (nothing moved), retract at 'retract' (half in the bin)."""
        operation = in_flight["operation"]
        if operation == "dispense":
            half, _ = notes_from_json(in_flight["mix"]).split(0.5)
            self._pick(half)
        elif operation == "retract":
            half, rest = (self._exit + self._stacker).split(0.5)
            self._shutter = ShutterState.CLOSED
            self._exit, self._stacker = EMPTY, rest
            self._bins[Bin(in_flight["target"])] += half

    # -- internals ----------------------------------------------------------------------
    def _in_cassettes(self) -> Notes:
        total = EMPTY
        for c in self._cassettes:
            total += Notes({c.config.denomination_minor: c.count})
        return total

    def _available(self) -> Notes:
        usable = EMPTY
        for c in self._cassettes:
            if not c.inoperative:
                usable += Notes({c.config.denomination_minor: c.count})
        return usable

    def _cassettes_for(self, denomination: int) -> list[_Cassette]:
        found = [c for c in self._cassettes
                 if c.config.denomination_minor == denomination and not c.inoperative]
        return sorted(found, key=lambda c: -c.count)

    def _check_mix(self, amount_minor: int, mix: Notes) -> str:
        if mix.total_minor != amount_minor or UNRECOGNISED in mix:
            return CashDispenserError.NOT_DISPENSABLE
        if mix.items_count > self.max_dispense_items:
            return CashDispenserError.TOO_MANY_ITEMS
        available = self._available()
        if any(available[d] < n for d, n in mix.items()):
            return CashDispenserError.NOT_DISPENSABLE
        return ""

    def _pick(self, notes: Notes) -> None:
        for denomination, count in notes.items():
            for cassette in self._cassettes_for(denomination):
                take = min(count, cassette.count)
                cassette.count -= take
                count -= take
            assert count == 0, "picked more notes than the cassettes hold"
        self._stacker += notes

