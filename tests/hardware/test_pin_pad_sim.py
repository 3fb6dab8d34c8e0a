"""PIN pad: entry, PIN block, cancel, timeout, length checks, power loss."""

from __future__ import annotations

import pytest
from xfs_devices import CARD, factories_for

from hardware.faults import Fault
from hardware.pin_pad import (
    EntryEnd,
    PinBlockRequest,
    PinEntryRequest,
    PinPadError,
)
from hardware.xfs import CompletionCode, InvalidRequest, PowerLoss
from shared.money.pin_block import _decipher_pin


@pytest.fixture(params=factories_for("pin_pad"))
def pad(request):
    return request.param()


def _key(pad) -> bytes:
    return pad._keys.get("terminal_pin_key")


def test_entry_gives_a_block_only_the_key_and_pan_open(pad):
    pad.type_pin("2468")
    entry = pad.pin_entry(PinEntryRequest())
    assert entry.ok and entry.digits == 4 and entry.ended_by is EntryEnd.ENTER
    block = pad.get_pin_block(PinBlockRequest(pan=CARD.pan))
    assert block.ok and len(block.pin_block) == 16
    assert _decipher_pin(block.pin_block, CARD.pan, _key(pad)) == "2468"
    # The buffer is wiped: a second block needs a new entry.
    again = pad.get_pin_block(PinBlockRequest(pan=CARD.pan))
    assert again.completion is CompletionCode.SEQUENCE_ERROR
    assert again.error_code == PinPadError.NO_PIN


def test_backspace_and_clear_edit_the_entry(pad):
    for key in ("9", "9", "clear", "1", "2", "3", "5", "backspace", "4", "enter"):
        pad.press(key)
    assert pad.pin_entry(PinEntryRequest()).digits == 4
    block = pad.get_pin_block(PinBlockRequest(pan=CARD.pan)).pin_block
    assert _decipher_pin(block, CARD.pan, _key(pad)) == "1234"


def test_cancel_timeout_and_wrong_length(pad):
    pad.type_pin("12", enter=False)
    pad.press("cancel")
    assert pad.pin_entry(PinEntryRequest()).completion is CompletionCode.CANCELED
    assert pad.status().digits == 0
    assert pad.pin_entry(PinEntryRequest(timeout_s=0.01)).completion is CompletionCode.TIMEOUT
    pad.type_pin("123")
    short = pad.pin_entry(PinEntryRequest(min_digits=4))
    assert short.completion is CompletionCode.USER_ERROR
    assert pad.get_pin_block(PinBlockRequest(pan=CARD.pan)).completion is (
        CompletionCode.SEQUENCE_ERROR)


def test_keys_are_checked_and_events_count_without_digits(pad):
    events = []
    pad.add_listener(events.append)
    with pytest.raises(InvalidRequest):
        pad.press("#")
    pad.type_pin("5555")
    assert [e.count for e in events] == [1, 2, 3, 4, 4]
    assert all("5" not in e.detail for e in events)


def test_a_bad_pan_is_refused_and_the_pin_wiped(pad):
    pad.type_pin("1234")
    pad.pin_entry(PinEntryRequest())
    result = pad.get_pin_block(PinBlockRequest(pan="123"))
    assert result.completion is CompletionCode.INVALID_DATA and result.pin_block is None
    assert pad.status().digits == 0


def test_power_loss_during_entry_loses_the_digits(pad):
    pad.type_pin("1234")
    pad.faults.inject("pin_entry", Fault.POWER_LOSS)
    with pytest.raises(PowerLoss):
        pad.pin_entry(PinEntryRequest())
    assert pad.status().digits == 0
    pad.reset()
    assert pad.get_pin_block(PinBlockRequest(pan=CARD.pan)).error_code == PinPadError.NO_PIN
