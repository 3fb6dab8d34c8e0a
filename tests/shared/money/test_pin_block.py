"""ISO 9564 format 4 PIN blocks and PIN verification values."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.money.pin_block import (
    PinBlockError,
    _decipher_pin,
    encipher_pin_block,
    pan_hash,
    parse_key,
    pin_verification_value,
    verify_pin_block,
)

KEY = bytes(range(16))
OTHER_KEY = bytes(range(1, 17))
PVV_KEY = b"p" * 32
PAN = "4929000001000009"

pins = st.text("0123456789", min_size=4, max_size=12)
pans = st.text("0123456789", min_size=12, max_size=19)


@settings(max_examples=100, deadline=None)
@given(pin=pins, pan=pans)
def test_round_trip_and_random_fill(pin, pan):
    first, second = encipher_pin_block(pin, pan, KEY), encipher_pin_block(pin, pan, KEY)
    assert len(first) == 16 and first != second  # random fill: no dictionary of blocks
    assert _decipher_pin(first, pan, KEY) == pin


def test_the_block_binds_the_pan_and_the_key():
    block = encipher_pin_block("4739", PAN, KEY)
    pvv = pin_verification_value(PAN, "4739", PVV_KEY)
    assert verify_pin_block(block, PAN, KEY, PVV_KEY, pvv)
    assert not verify_pin_block(block, PAN, OTHER_KEY, PVV_KEY, pvv)
    assert not verify_pin_block(block, PAN, KEY, b"q" * 32, pvv)
    other_pan = "4929000002000007"
    assert not verify_pin_block(block, other_pan, KEY, PVV_KEY,
                                pin_verification_value(other_pan, "4739", PVV_KEY))
    assert not verify_pin_block(encipher_pin_block("4740", PAN, KEY), PAN, KEY, PVV_KEY, pvv)


def test_replays_for_other_pans_almost_never_decode():
    block = encipher_pin_block("4739", PAN, KEY)
    decoded = [_decipher_pin(block, f"49290000{n:08d}", KEY) for n in range(200)]
    assert sum(p is not None for p in decoded) <= 1  # a 1 in 2^20-ish accident at most


def test_bad_input_is_refused_without_echoing_it():
    with pytest.raises(PinBlockError) as raised:
        encipher_pin_block("47x9", PAN, KEY)
    assert "47x9" not in str(raised.value)
    with pytest.raises(PinBlockError):
        encipher_pin_block("123", PAN, KEY)
    with pytest.raises(PinBlockError):
        encipher_pin_block("1234", "12345", KEY)
    with pytest.raises(PinBlockError):
        _decipher_pin(b"short", PAN, KEY)
    with pytest.raises(PinBlockError):
        parse_key("abcd")
    with pytest.raises(PinBlockError):
        parse_key("zz" * 16)
    assert len(parse_key("00" * 32)) == 32


def test_pan_hash_is_keyed():
    assert pan_hash(PAN, b"a" * 32) != pan_hash(PAN, b"b" * 32)
    assert PAN not in pan_hash(PAN, b"a" * 32)
