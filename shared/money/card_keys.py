"""The card and PIN keys: from settings or generated once into the data dir, never the DB."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from shared.money.pin_block import parse_key

MIN_HMAC_KEY_CHARS = 32
KEY_FILE = "card_keys.json"


class CardKeyError(ValueError):
    """A card key is missing or malformed (the message names the setting, never the value)."""


@dataclass(frozen=True, repr=False)
class CardKeys:
    """AES PIN key shared with the PIN pads, and the HMAC keys for PVV and PAN hashes."""

    pin_key: bytes
    pin_verification_key: bytes
    pan_key: bytes

    def __repr__(self) -> str:
        return "CardKeys(<hidden>)"

    __str__ = __repr__

    @classmethod
    def from_values(cls, pin_key: str, pin_verification_key: str, pan_key: str) -> CardKeys:
        """Validate and build the keys from their configured text forms."""
        for name, value in (("pin_verification_key", pin_verification_key),
                            ("pan_key", pan_key)):
            if len(value) < MIN_HMAC_KEY_CHARS:
                raise CardKeyError(f"kiosk.{name} must be at least {MIN_HMAC_KEY_CHARS} chars")
        try:
            aes = parse_key(pin_key, "kiosk.pin_key")
        except ValueError as exc:
            raise CardKeyError(str(exc)) from None
        return cls(aes, pin_verification_key.encode(), pan_key.encode())

    @classmethod
    def from_settings(cls, settings) -> CardKeys:
        """Use settings.kiosk's keys; any left empty come from data_dir/card_keys.json."""
        kiosk = settings.kiosk
        configured = {"pin_key": kiosk.pin_key, "pin_verification_key":
                      kiosk.pin_verification_key, "pan_key": kiosk.pan_key}
        if all(configured.values()):
            return cls.from_values(**configured)
        stored = _ensure_key_file(Path(settings.app.data_dir) / KEY_FILE)
        merged = {name: value or stored[name] for name, value in configured.items()}
        return cls.from_values(**merged)


def _ensure_key_file(path: Path) -> dict[str, str]:
    """Read the generated keys, creating the file (mode 600) the first time."""
    if path.exists():
        return json.loads(path.read_text())
    keys = {
        "pin_key": secrets.token_hex(16),
        "pin_verification_key": secrets.token_urlsafe(48),
        "pan_key": secrets.token_urlsafe(48),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its keys
        return json.loads(path.read_text())
    with os.fdopen(fd, "w") as fh:
        json.dump(keys, fh)
    return keys
