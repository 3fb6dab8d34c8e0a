"""ISO 9564-1 format 4 PIN blocks (AES) and the PIN verification value.

Format 4 binds the PIN to the PAN: the enciphered PIN field is XORed with a PAN field
before a second encipherment, so a block replayed with another card's PAN decodes to
garbage. The clear PIN only exists inside `encipher_pin_block` (the pad) and
`verify_pin_block` (the core's stand-in for an HSM); neither logs nor returns it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PIN_BLOCK_BYTES = 16
MIN_PIN, MAX_PIN = 4, 12


class PinBlockError(ValueError):
    """A PIN block, PAN or key is malformed (the message never holds PIN digits)."""


def parse_key(hex_key: str, name: str = "PIN key") -> bytes:
    """Return an AES key from 32, 48 or 64 hex characters."""
    try:
        key = bytes.fromhex(hex_key)
    except ValueError:
        raise PinBlockError(f"{name} must be hex") from None
    if len(key) not in (16, 24, 32):
        raise PinBlockError(f"{name} must be 128, 192 or 256 bits (32, 48 or 64 hex chars)")
    return key


def load_cipher_backend() -> None:
    """Load the AES backend now (OpenSSL through `cryptography`) instead of at the first PIN."""
    from cryptography.hazmat.primitives.ciphers import Cipher  # noqa: F401


def _aes(key: bytes, block: bytes, decrypt: bool = False) -> bytes:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    # One 16-byte block through the raw AES permutation, as ISO 9564 format 4 specifies.
    cipher = Cipher(algorithms.AES(key), modes.ECB())  # noqa: S305 - single block by design
    op = cipher.decryptor() if decrypt else cipher.encryptor()
    return op.update(block) + op.finalize()


def _pan_field(pan: str) -> bytes:
    if not (pan.isdigit() and 12 <= len(pan) <= 19):
        raise PinBlockError("PAN must have 12 to 19 digits")
    nibbles = str(len(pan) - 12) + pan
    return bytes.fromhex(nibbles.ljust(32, "0"))


def _pin_field(pin: str) -> bytes:
    if not (pin.isdigit() and MIN_PIN <= len(pin) <= MAX_PIN):
        raise PinBlockError(f"PIN must have {MIN_PIN} to {MAX_PIN} digits")
    head = ("4" + format(len(pin), "X") + pin).ljust(16, "A")
    tail = secrets.token_hex(8).upper()  # random fill: the same PIN never gives the same block
    return bytes.fromhex(head + tail)


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def encipher_pin_block(pin: str, pan: str, key: bytes) -> bytes:
    """Return the ISO 9564 format 4 block for `pin` bound to `pan` under AES `key`."""
    intermediate = _aes(key, _pin_field(pin))
    return _aes(key, _xor(intermediate, _pan_field(pan)))


def _decipher_pin(block: bytes, pan: str, key: bytes) -> str | None:
    """Return the clear PIN, or None when the block does not decode for this PAN and key."""
    if len(block) != PIN_BLOCK_BYTES:
        raise PinBlockError(f"a format 4 PIN block has {PIN_BLOCK_BYTES} bytes")
    intermediate = _xor(_aes(key, block, decrypt=True), _pan_field(pan))
    field = _aes(key, intermediate, decrypt=True).hex().upper()
    if field[0] != "4":
        return None
    length = int(field[1], 16)
    if not MIN_PIN <= length <= MAX_PIN:
        return None
    pin, fill = field[2 : 2 + length], field[2 + length : 16]
    if not pin.isdigit() or fill != "A" * len(fill):
        return None
    return pin


def pin_verification_value(pan: str, pin: str, pvv_key: bytes) -> str:
    """Return the keyed hash of PAN and PIN stored on the card row (hex HMAC-SHA256)."""
    message = f"{pan}:{pin}".encode()
    return hmac.new(pvv_key, message, hashlib.sha256).hexdigest()


def verify_pin_block(
    block: bytes, pan: str, pin_key: bytes, pvv_key: bytes, expected_pvv: str
) -> bool:
    """Decipher `block` for `pan` and compare its PIN's PVV with `expected_pvv`."""
    pin = _decipher_pin(block, pan, pin_key)
    if pin is None:
        return False
    actual = pin_verification_value(pan, pin, pvv_key)
    return hmac.compare_digest(actual, expected_pvv)


def pan_hash(pan: str, pan_key: bytes) -> str:
    """Return the keyed hash the database stores instead of the PAN (hex HMAC-SHA256)."""
    if not (pan.isdigit() and 12 <= len(pan) <= 19):
        raise PinBlockError("PAN must have 12 to 19 digits")
    return hmac.new(pan_key, pan.encode(), hashlib.sha256).hexdigest()
