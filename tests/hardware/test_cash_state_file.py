"""Cash devices with a state file: notes survive the process; a cut move ends as a power loss."""

from __future__ import annotations

import pytest
from xfs_devices import DEPOSIT_CASSETTES, STANDARD_CASSETTES

from hardware.cash import Notes
from hardware.cash_acceptor import CashAcceptorSimulator, CashInRequest, CashInStartRequest
from hardware.cash_dispenser import (
    Bin,
    CashDispenserSimulator,
    DispenseRequest,
    PresentRequest,
    RetractRequest,
)
from hardware.faults import Fault, FaultPlan
from hardware.state_file import DeviceStateFile
from hardware.xfs import DeviceState, PowerLoss


class ProcessDied(BaseException):
    """The process died right after a save (what a kill there leaves is the file)."""


class DyingStateFile(DeviceStateFile):
    """A state file whose process dies just after it saves a move as started."""

    def __init__(self, path, die_in: str):
        super().__init__(path)
        self.die_in = die_in

    def save(self, state: dict) -> None:
        super().save(state)
        if (state["in_flight"] or {}).get("operation") == self.die_in:
            raise ProcessDied(self.die_in)


def _dispenser(state_file=None, faults=None):
    return CashDispenserSimulator(STANDARD_CASSETTES, faults, state_file=state_file)


def _acceptor(state_file=None, faults=None):
    return CashAcceptorSimulator(DEPOSIT_CASSETTES, faults, state_file=state_file)


def _conserved(device) -> bool:
    total = Notes()
    for notes in device.inventory().values():
        total += notes
    return total == device.supplied


def test_every_place_of_the_dispenser_survives_a_restart(tmp_path):
    path = DeviceStateFile(tmp_path / "cdm.json")
    cdm = _dispenser(path)
    cdm.dispense(DispenseRequest(9000))
    cdm.present(PresentRequest())
    cdm.take_cash()
    cdm.dispense(DispenseRequest(4000))
    cdm.present(PresentRequest())
    cdm.retract(RetractRequest(Bin.RETRACT))
    cdm.dispense(DispenseRequest(2500))
    again = _dispenser(path)
    assert again.inventory() == cdm.inventory() and again.supplied == cdm.supplied
    assert again.status() == cdm.status() and _conserved(again)
    assert again.inventory()["customer"].total_minor == 9000


def test_every_place_of_the_acceptor_survives_a_restart(tmp_path):
    path = DeviceStateFile(tmp_path / "cim.json")
    cim = _acceptor(path)
    cim.cash_in_start(CashInStartRequest(50))
    cim.insert_notes([2000, 2000, 1000, 0])
    cim.cash_in(CashInRequest(timeout_s=0))
    cim.cash_in_end()
    cim.cash_in_start(CashInStartRequest(50))
    cim.insert_notes([1000])
    cim.cash_in(CashInRequest(timeout_s=0))
    again = _acceptor(path)
    assert again.inventory() == cim.inventory() and again.supplied == cim.supplied
    assert again.status() == cim.status() and _conserved(again)


def _dispense(cdm):
    cdm.dispense(DispenseRequest(9000))


def _present(cdm):
    cdm.dispense(DispenseRequest(9000))
    cdm.present(PresentRequest())


def _retract(cdm):
    _present(cdm)
    cdm.retract(RetractRequest(Bin.RETRACT))


def _cash_in(cim):
    cim.cash_in_start(CashInStartRequest(50))
    cim.insert_notes([2000, 2000, 1000])
    cim.cash_in(CashInRequest(timeout_s=0))


def _cash_in_end(cim):
    _cash_in(cim)
    cim.cash_in_end()


def _rollback(cim):
    _cash_in(cim)
    cim.cash_in_rollback()


# (device, the operation cut, the steps that reach it, where the power-loss model cuts it)
CUTS = [
    (_dispenser, "dispense", _dispense, "pick"),
    (_dispenser, "present", _present, "shutter"),
    (_dispenser, "retract", _retract, "retract"),
    (_acceptor, "cash_in", _cash_in, "validate"),
    (_acceptor, "cash_in_end", _cash_in_end, "store"),
    (_acceptor, "cash_in_rollback", _rollback, "return"),
]


@pytest.mark.parametrize(("build", "operation", "steps", "step"), CUTS,
                         ids=[c[1] for c in CUTS])
def test_a_move_cut_by_the_process_dying_ends_where_a_power_loss_puts_it(
        tmp_path, build, operation, steps, step):
    path = tmp_path / "device.json"
    dying = build(DyingStateFile(path, operation))
    with pytest.raises(ProcessDied):
        steps(dying)
    rebuilt = build(DeviceStateFile(path))

    plan = FaultPlan()
    plan.inject(operation, Fault.POWER_LOSS, step)
    modelled = build(faults=plan)
    with pytest.raises(PowerLoss):
        steps(modelled)
    assert rebuilt.inventory() == modelled.inventory()
    assert rebuilt.status().device is DeviceState.OFFLINE and _conserved(rebuilt)
    rebuilt.reset()
    assert rebuilt.status().device is DeviceState.ONLINE
    # The reset's own moves are saved too.
    assert build(DeviceStateFile(path)).inventory() == rebuilt.inventory()


def test_without_a_state_file_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _present(_dispenser())
    _cash_in_end(_acceptor())
    assert list(tmp_path.iterdir()) == []
