"""Every fault in the catalogue, injected on command and drawn by seeded schedules:
whatever happens, every note, card and line of paper is somewhere, exactly once."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from xfs_devices import CARD, DEPOSIT_CASSETTES, STANDARD_CASSETTES

from hardware.card_reader import CardReaderSimulator, EjectRequest, ReadCardRequest, RetainRequest
from hardware.cash import UNRECOGNISED, Notes
from hardware.cash_acceptor import CashAcceptorSimulator, CashInRequest, CashInStartRequest
from hardware.cash_dispenser import (
    CashDispenserSimulator,
    DispenseRequest,
    PresentRequest,
    RetractRequest,
    TakeRequest,
    UnitKind,
)
from hardware.faults import Fault, FaultPlan
from hardware.receipt_printer import PrintRequest, ReceiptPrinterSimulator
from hardware.xfs import CompletionCode, DeviceState, PowerLoss

SEEDS = range(30)


def _sum(places: dict[str, Notes]) -> Notes:
    total = Notes()
    for notes in places.values():
        total += notes
    return total


def _check_dispenser(cdm: CashDispenserSimulator) -> None:
    places = cdm.inventory()
    assert _sum(places) == cdm.supplied, places
    # What the device reports (XFS cash unit counts) is what is physically there.
    for unit in cdm.cash_units():
        if unit.kind is UnitKind.DISPENSE:
            assert places[unit.unit_id].items_count == unit.count
        else:
            assert places[f"{unit.kind}_bin"].items_count == unit.count


def _run(operation, *args):
    """Run one device call; a power loss is an outcome like any other here."""
    try:
        return operation(*args)
    except PowerLoss:
        return None


def _withdrawal(cdm: CashDispenserSimulator, rng: random.Random, early_take: float = 0.7):
    amount = rng.choice((1000, 2500, 4000, 6000, 12000, 23000))
    for step in (
        lambda: cdm.dispense(DispenseRequest(amount)),
        lambda: cdm.present(PresentRequest()),
        lambda: (rng.random() < early_take and cdm.take_cash()) or cdm.status(),
        lambda: cdm.wait_for_take(TakeRequest(timeout_s=0.0)),
        lambda: cdm.retract(RetractRequest()),
    ):
        result = _run(step)
        _check_dispenser(cdm)
        if result is None or cdm.status().device is not DeviceState.ONLINE:
            cdm.reset()
            _check_dispenser(cdm)
            return


def _seeded_withdrawals(seed: int, count: int, auto_take: bool = False):
    """Run `count` withdrawals under the seed's fault schedule; return the plan and device."""
    plan = FaultPlan(seed=seed, rate=0.35)
    cdm = CashDispenserSimulator(STANDARD_CASSETTES, plan, auto_take=auto_take)
    rng = random.Random(seed)
    for _ in range(count):
        _withdrawal(cdm, rng)
    return plan, cdm


@pytest.mark.parametrize("seed", SEEDS)
def test_dispenser_conserves_notes_under_a_seeded_fault_schedule(seed):
    _, cdm = _seeded_withdrawals(seed, 25)
    _check_dispenser(cdm)


def test_seeded_schedules_cover_every_dispenser_fault():
    seen = Counter()
    for seed in SEEDS:
        plan, _ = _seeded_withdrawals(seed, 25, auto_take=seed % 2 == 0)
        seen.update(injection.fault for _, injection in plan.history)
    expected = {Fault.JAM, Fault.PARTIAL_PRESENT, Fault.NOT_TAKEN, Fault.UNKNOWN_POSITION,
                Fault.CASSETTE_EMPTY, Fault.SHUTTER, Fault.POWER_LOSS}
    assert expected <= set(seen), seen


def test_the_same_seed_replays_the_same_faults():
    def history(seed):
        plan, cdm = _seeded_withdrawals(seed, 10)
        return plan.history, cdm.inventory()

    assert history(7) == history(7)
    assert history(7) != history(8)


DISPENSER_CASES = [
    ("dispense", Fault.JAM, ""),
    ("dispense", Fault.CASSETTE_EMPTY, ""),
    ("dispense", Fault.POWER_LOSS, "pick"),
    ("dispense", Fault.POWER_LOSS, "stack"),
    ("present", Fault.SHUTTER, ""),
    ("present", Fault.PARTIAL_PRESENT, ""),
    ("present", Fault.UNKNOWN_POSITION, ""),
    ("present", Fault.POWER_LOSS, "shutter"),
    ("present", Fault.POWER_LOSS, "present"),
    ("wait_for_take", Fault.NOT_TAKEN, ""),
    ("wait_for_take", Fault.POWER_LOSS, "wait"),
    ("retract", Fault.JAM, ""),
    ("retract", Fault.POWER_LOSS, "close"),
    ("retract", Fault.POWER_LOSS, "retract"),
]


@pytest.mark.parametrize("operation,fault,step", DISPENSER_CASES)
@pytest.mark.parametrize("customer_takes", [True, False])
def test_each_dispenser_fault_on_command_keeps_the_books(operation, fault, step,
                                                         customer_takes):
    cdm = CashDispenserSimulator(STANDARD_CASSETTES, auto_take=customer_takes)
    if operation == "retract":  # only notes left behind are retracted
        cdm.faults.inject("wait_for_take", Fault.NOT_TAKEN)
    cdm.faults.inject(operation, fault, step)
    _withdrawal(cdm, random.Random(1), early_take=0.0)
    assert (operation, fault) in [(op, i.fault) for op, i in cdm.faults.history], "not reached"
    # After recovery every note is in a cassette, a bin, or with the customer.
    cdm.reset()
    places = cdm.inventory()
    assert not places["stacker"] and not places["exit"]
    _check_dispenser(cdm)


def _deposit(cim: CashAcceptorSimulator, rng: random.Random) -> None:
    bundle = [rng.choice((1000, 2000, 5000, UNRECOGNISED)) for _ in range(rng.randint(1, 8))]
    steps = (
        lambda: cim.cash_in_start(CashInStartRequest()),
        lambda: cim.insert_notes(bundle) and cim.status(),
        lambda: cim.cash_in(CashInRequest()),
        lambda: cim.cash_in_end() if rng.random() < 0.6 else cim.cash_in_rollback(),
        lambda: (rng.random() < 0.5 and cim.take_returned()) or cim.retract(),
    )
    for step in steps:
        result = _run(step)
        assert _sum(cim.inventory()) == cim.supplied
        if result is None or cim.status().device is not DeviceState.ONLINE:
            cim.reset()
            break
    if cim.status().cash_in_active:
        _run(cim.cash_in_rollback)
    assert _sum(cim.inventory()) == cim.supplied


@pytest.mark.parametrize("seed", SEEDS)
def test_acceptor_conserves_items_under_a_seeded_fault_schedule(seed):
    plan = FaultPlan(seed=seed, rate=0.35)
    cim = CashAcceptorSimulator(DEPOSIT_CASSETTES, plan, auto_take=seed % 3 == 0)
    rng = random.Random(seed)
    for _ in range(20):
        _deposit(cim, rng)
    assert _sum(cim.inventory()) == cim.supplied
    stored = sum(u.count * u.denomination_minor for u in cim.cash_units() if u.denomination_minor)
    places = cim.inventory()
    assert stored == sum(places[c.unit_id].total_minor for c in DEPOSIT_CASSETTES)


@pytest.mark.parametrize("seed", SEEDS)
def test_card_reader_never_loses_or_duplicates_a_card(seed):
    plan = FaultPlan(seed=seed, rate=0.35)
    reader = CardReaderSimulator(plan, retain_capacity=100)
    rng = random.Random(seed)
    inserted = taken = 0

    def take():
        nonlocal taken
        taken += reader.take_card() is not None

    for _ in range(20):
        inserted += reader.insert_card(CARD)
        for step in (lambda: reader.read_card(ReadCardRequest()),
                     lambda: reader.eject(EjectRequest()) if rng.random() < 0.8
                     else reader.retain(RetainRequest()),
                     take):
            result = _run(step)
            if result is None or reader.status().device is not DeviceState.ONLINE:
                reader.reset()
                break
        if rng.random() < 0.8:
            take()
        in_device = 0 if reader.card_location() == "none" else 1
        assert inserted == taken + len(reader.retained_cards) + in_device
    assert {i.fault for _, i in plan.history} >= {Fault.JAM, Fault.POWER_LOSS}


@pytest.mark.parametrize("seed", SEEDS)
def test_printer_paper_is_accounted_for(seed):
    plan = FaultPlan(seed=seed, rate=0.3)
    printer = ReceiptPrinterSimulator(plan, paper_lines=120, low_lines=20)
    rng = random.Random(seed)
    for _ in range(40):
        lines = tuple(f"line {i}" for i in range(rng.randint(1, 12)))
        result = _run(printer.print_receipt, PrintRequest(lines))
        if result is None or result.completion is not CompletionCode.SUCCESS:
            printer.reset()
            if rng.random() < 0.5:
                printer.refill()
        paper = printer.paper_accounting()
        assert paper["loaded"] == paper["printed"] + paper["fed"] + paper["remaining"]
