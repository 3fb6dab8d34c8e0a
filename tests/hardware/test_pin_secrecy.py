"""A sentinel PIN typed on the simulated pad never shows outside the PIN block cipher."""

from __future__ import annotations

import logging
import pickle

import pytest
from xfs_devices import CARD, PIN_KEY

from hardware.faults import Fault
from hardware.pin_pad import PinBlockRequest, PinEntryRequest, PinPadSimulator
from hardware.xfs import PowerLoss
from shared.money.pin_block import verify_pin_block

SENTINEL = "4739"


def _texts(*objects) -> str:
    return "\n".join(f"{o!r}\n{o}" for o in objects)


def test_the_sentinel_pin_appears_nowhere(caplog):
    caplog.set_level(logging.DEBUG)
    events = []
    pad = PinPadSimulator(PIN_KEY)
    pad.add_listener(events.append)

    pad.type_pin(SENTINEL)
    entry = pad.pin_entry(PinEntryRequest())
    status_during = pad.status()
    inner = [getattr(pad, name) for name in ("_buffer", "_keys")]
    with pytest.raises(TypeError):
        pickle.dumps(pad._buffer)
    request = PinBlockRequest(pan=CARD.pan)
    result = pad.get_pin_block(request)
    block = result.pin_block

    # A power loss mid-entry: the exception and the state it leaves say nothing either.
    pad.type_pin(SENTINEL, enter=False)
    pad.faults.inject("pin_entry", Fault.POWER_LOSS)
    with pytest.raises(PowerLoss) as lost:
        pad.pin_entry(PinEntryRequest())

    seen = _texts(pad, entry, status_during, request, result, *events, *inner,
                  lost.value, pad.status(), vars(pad))
    assert SENTINEL not in seen
    assert SENTINEL not in caplog.text
    assert CARD.pan not in seen and CARD.pan not in caplog.text
    assert caplog.records, "DEBUG logging was captured"
    # The block is ciphertext: neither the ASCII digits nor the clear format-4 field.
    assert SENTINEL.encode() not in block
    assert ("44" + SENTINEL) not in block.hex().upper()
    # ...and yet it carries the PIN for whoever holds the key.
    from shared.money.pin_block import pin_verification_value

    pvv_key = b"k" * 32
    expected = pin_verification_value(CARD.pan, SENTINEL, pvv_key)
    assert verify_pin_block(block, CARD.pan, PIN_KEY, pvv_key, expected)
