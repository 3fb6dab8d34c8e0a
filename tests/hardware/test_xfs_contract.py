"""The contract every device implementation keeps, run over each one in several setups."""

from __future__ import annotations

import pytest
from xfs_devices import CARD

from hardware.card_reader import ReadCardRequest
from hardware.cash_acceptor import CashInRequest, CashInStartRequest
from hardware.cash_dispenser import DispenseRequest
from hardware.faults import Fault
from hardware.pin_pad import PinEntryRequest
from hardware.receipt_printer import PrintRequest
from hardware.xfs import (
    Capabilities,
    CompletionCode,
    DeviceClass,
    DeviceState,
    PowerLoss,
    ResetResult,
    Result,
    Status,
)

CLASSES = {
    "card_reader": DeviceClass.CARD_READER,
    "pin_pad": DeviceClass.PIN_PAD,
    "cash_dispenser": DeviceClass.CASH_DISPENSER,
    "cash_acceptor": DeviceClass.CASH_ACCEPTOR,
    "receipt_printer": DeviceClass.PRINTER,
}


def _prepare_and_run(kind: str, device):
    """Set the device up for its main operation; return a callable running it once."""
    if kind == "card_reader":
        device.insert_card(CARD)
        return "read_card", "read", lambda: device.read_card(ReadCardRequest())
    if kind == "pin_pad":
        device.type_pin("1234")
        return "pin_entry", "entry", lambda: device.pin_entry(PinEntryRequest())
    if kind == "cash_dispenser":
        return "dispense", "stack", lambda: device.dispense(DispenseRequest(4000))
    if kind == "cash_acceptor":
        device.cash_in_start(CashInStartRequest())
        device.insert_notes([2000])
        return "cash_in", "escrow", lambda: device.cash_in(CashInRequest())
    return "print_receipt", "print", lambda: device.print_receipt(PrintRequest(("a", "b")))


def test_status_and_capabilities_are_separate_typed_answers(any_device):
    kind, device = any_device
    status, capabilities = device.status(), device.capabilities()
    assert isinstance(status, Status) and status.device is DeviceState.ONLINE
    assert isinstance(capabilities, Capabilities)
    assert capabilities.device_class is CLASSES[kind]
    assert not hasattr(status, "device_class") and not hasattr(capabilities, "device")


def test_the_main_operation_answers_with_a_completion_code(any_device):
    kind, device = any_device
    _, _, run = _prepare_and_run(kind, device)
    result = run()
    assert isinstance(result, Result)
    assert result.completion is CompletionCode.SUCCESS, result


def test_power_loss_interrupts_then_not_ready_until_reset(any_device):
    kind, device = any_device
    operation, step, run = _prepare_and_run(kind, device)
    device.faults.inject(operation, Fault.POWER_LOSS, step)
    with pytest.raises(PowerLoss) as raised:
        run()
    assert raised.value.operation == operation and raised.value.step == step
    assert device.status().device is DeviceState.OFFLINE
    assert run().completion is CompletionCode.DEVICE_NOT_READY
    reset = device.reset()
    assert isinstance(reset, ResetResult) and reset.ok
    assert device.status().device is DeviceState.ONLINE


def test_a_failing_listener_does_not_stop_the_others(any_device):
    kind, device = any_device
    seen = []

    def broken(event):
        raise RuntimeError("listener bug")

    device.add_listener(broken)
    device.add_listener(seen.append)
    device.reset()
    assert [e.name for e in seen] == ["device.reset"]
    assert all(e.device is CLASSES[kind] for e in seen)
    device.remove_listener(seen.append)
    device.reset()
    assert len(seen) == 1
