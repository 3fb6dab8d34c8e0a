"""Cash dispenser: denominate, dispense, present, take or retract, and each fault's outcome."""

from __future__ import annotations

import pytest
from xfs_devices import factories_for

from hardware.cash import Notes
from hardware.cash_dispenser import (
    Bin,
    CashDispenserError,
    DenominateRequest,
    DispenseRequest,
    OutputPosition,
    PresentRequest,
    RetractRequest,
    ShutterState,
    TakeRequest,
    UnitStatus,
)
from hardware.faults import Fault
from hardware.xfs import CompletionCode, DeviceState


@pytest.fixture(params=factories_for("cash_dispenser"))
def cdm(request):
    return request.param()


def _conserved(cdm) -> bool:
    total = Notes()
    for notes in cdm.inventory().values():
        total += notes
    return total == cdm.supplied


def test_dispense_present_take_moves_exactly_the_mix(cdm):
    before = {u.unit_id: u.count for u in cdm.cash_units()}
    mix = cdm.denominate(DenominateRequest(9000)).mix
    assert mix.total_minor == 9000
    dispensed = cdm.dispense(DispenseRequest(9000, mix=mix))
    assert dispensed.ok and dispensed.dispensed == mix
    assert cdm.status().stacker_items == mix.items_count
    presented = cdm.present(PresentRequest())
    assert presented.ok and presented.presented == mix
    assert cdm.status().shutter is ShutterState.OPEN
    if not cdm.auto_take:
        assert cdm.take_cash() == mix
    taken = cdm.wait_for_take(TakeRequest(timeout_s=0.0)) if cdm.auto_take else None
    if taken is not None:
        assert taken.ok and taken.taken == mix
    assert cdm.inventory()["customer"] == mix
    after = {u.unit_id: u.count for u in cdm.cash_units()}
    assert sum(before.values()) - sum(after.values()) == mix.items_count
    assert _conserved(cdm)


def test_notes_not_taken_are_retracted_to_the_retract_bin(cdm):
    cdm.dispense(DispenseRequest(4000))
    cdm.present(PresentRequest())
    cdm.faults.inject("wait_for_take", Fault.NOT_TAKEN)
    assert cdm.wait_for_take(TakeRequest(timeout_s=5)).completion is CompletionCode.TIMEOUT
    retracted = cdm.retract(RetractRequest())
    assert retracted.ok and retracted.items == 2
    bins = {u.unit_id: u.count for u in cdm.cash_units()}
    assert bins["RETRACT"] == 2
    assert cdm.status().output is OutputPosition.EMPTY
    assert _conserved(cdm)


def test_sequence_errors_and_bad_input(cdm):
    assert cdm.present(PresentRequest()).completion is CompletionCode.SEQUENCE_ERROR
    assert cdm.wait_for_take(TakeRequest()).completion is CompletionCode.SEQUENCE_ERROR
    assert cdm.retract(RetractRequest()).completion is CompletionCode.SEQUENCE_ERROR
    assert cdm.denominate(DenominateRequest(-5)).completion is CompletionCode.INVALID_DATA
    assert cdm.denominate(DenominateRequest(1000, "EUR")).completion is (
        CompletionCode.INVALID_DATA)
    nothing = cdm.dispense(DispenseRequest(730))
    assert nothing.error_code == CashDispenserError.NOT_DISPENSABLE
    wrong_mix = cdm.dispense(DispenseRequest(4000, mix=Notes({2000: 1})))
    assert wrong_mix.error_code == CashDispenserError.NOT_DISPENSABLE
    cdm.dispense(DispenseRequest(4000))
    busy = cdm.dispense(DispenseRequest(4000))
    assert busy.error_code == CashDispenserError.ITEMS_PENDING
    assert _conserved(cdm)


def test_shutter_fault_keeps_notes_inside_then_retract(cdm):
    cdm.dispense(DispenseRequest(4000))
    cdm.faults.inject("present", Fault.SHUTTER)
    result = cdm.present(PresentRequest())
    assert result.error_code == CashDispenserError.SHUTTER_NOT_OPEN
    assert result.presented == Notes() and result.remaining.total_minor == 4000
    assert cdm.take_cash() == Notes()
    assert cdm.retract(RetractRequest()).items == 2
    assert _conserved(cdm)


def test_partial_present_reports_both_parts(cdm):
    cdm.dispense(DispenseRequest(10000, mix=Notes({2000: 5})))
    cdm.faults.inject("present", Fault.PARTIAL_PRESENT)
    result = cdm.present(PresentRequest())
    assert result.error_code == CashDispenserError.PARTIAL_PRESENT
    assert result.presented.total_minor + result.remaining.total_minor == 10000
    assert 0 < result.presented.items_count < 5
    taken = cdm.take_cash()
    assert taken == result.presented
    assert cdm.retract(RetractRequest()).items == result.remaining.items_count
    assert _conserved(cdm)


def test_cassette_empty_takes_it_out_of_the_mix_until_reset(cdm):
    cdm.faults.inject("dispense", Fault.CASSETTE_EMPTY)
    first = cdm.dispense(DispenseRequest(5000))
    assert first.error_code == CashDispenserError.CASH_UNIT_EMPTY
    failed = [u for u in cdm.cash_units() if u.status is UnitStatus.INOPERATIVE]
    assert len(failed) == 1 and failed[0].denomination_minor == 5000
    retry = cdm.denominate(DenominateRequest(5000)).mix
    assert retry is None or 5000 not in retry
    cdm.reset()
    assert not [u for u in cdm.cash_units() if u.status is UnitStatus.INOPERATIVE]
    assert _conserved(cdm)


def test_jam_stops_the_device_and_reset_purges_to_the_reject_bin(cdm):
    cdm.faults.inject("dispense", Fault.JAM)
    result = cdm.dispense(DispenseRequest(10000, mix=Notes({2000: 5})))
    assert result.completion is CompletionCode.HARDWARE_ERROR
    assert result.error_code == CashDispenserError.ITEMS_JAMMED
    assert cdm.status().device is DeviceState.HARDWARE_ERROR
    assert cdm.present(PresentRequest()).completion is CompletionCode.DEVICE_NOT_READY
    assert "reject bin" in cdm.reset().recovered
    assert cdm.inventory()["reject_bin"] == result.dispensed
    assert _conserved(cdm)


def test_unknown_position_is_reported_as_unknown_until_reset(cdm):
    cdm.dispense(DispenseRequest(4000))
    cdm.faults.inject("present", Fault.UNKNOWN_POSITION)
    result = cdm.present(PresentRequest())
    assert result.error_code == CashDispenserError.POSITION_UNKNOWN
    assert result.presented is None and result.remaining is None
    assert cdm.status().output is OutputPosition.UNKNOWN
    cdm.reset()
    inventory = cdm.inventory()
    assert (inventory["retract_bin"] + inventory["reject_bin"]).total_minor == 4000
    assert _conserved(cdm)


def test_bins_and_replenishment_keep_the_books(cdm):
    cdm.dispense(DispenseRequest(4000))
    cdm.retract(RetractRequest(target=Bin.REJECT))
    found = cdm.empty_bins()
    assert found[Bin.REJECT].total_minor == 4000
    unit = cdm.cash_units()[0]
    cdm.replenish(unit.unit_id, unit.count + 1)
    assert _conserved(cdm)
    with pytest.raises(ValueError):
        cdm.replenish(unit.unit_id, -1)
