"""Kiosk device tokens: issue or rotate one (shown once), keep only its hash, check it.

A kiosk authenticates as a device, not as staff. The token is 256 random bits, so a
plain SHA-256 is enough to store it (a slow password hash protects guessable secrets;
this one is not guessable); comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.models import Device
from shared.models.enums import DeviceKind

PREFIX = "sha256$"


class KioskTokenError(ValueError):
    """No such kiosk; the message never holds a token."""


@dataclass(frozen=True, repr=False)
class IssuedToken:
    """A freshly issued token: show it once, never store or log it."""

    device_id: int
    code: str
    token: str

    def __repr__(self) -> str:
        return f"IssuedToken(code={self.code}, token=<hidden>)"


def hash_token(token: str) -> str:
    """Return the stored form of a token."""
    return PREFIX + hashlib.sha256(token.encode()).hexdigest()


def kiosks(session: Session, codes: list[str] | None = None) -> list[Device]:
    """Return the kiosks (all, or those named), by code; an unknown code is refused."""
    query = select(Device).where(Device.kind == DeviceKind.KIOSK).order_by(Device.code)
    found = list(session.scalars(query))
    if codes:
        by_code = {d.code: d for d in found}
        missing = [c for c in codes if c not in by_code]
        if missing:
            raise KioskTokenError(f"no kiosk called {missing[0]}")
        return [by_code[c] for c in codes]
    return found


def issue_token(session: Session, device: Device, actor: audit.Actor = audit.SYSTEM) -> IssuedToken:
    """Give the kiosk a new token (the old one stops working at once); audited."""
    if device.kind != DeviceKind.KIOSK:
        raise KioskTokenError(f"device {device.code} is not a kiosk")
    token = secrets.token_urlsafe(32)
    rotated = device.token_hash is not None
    device.token_hash = hash_token(token)
    session.flush()
    audit.record(session, actor, "kiosk.token_rotated" if rotated else "kiosk.token_issued",
                 subject_type="device", subject_id=device.id, detail={"code": device.code})
    return IssuedToken(device.id, device.code, token)


def token_matches(device: Device, token: str | None) -> bool:
    """True when `token` is the kiosk's current token."""
    if not token or not device.token_hash or len(token) > 200:
        return False
    return hmac.compare_digest(hash_token(token), device.token_hash)


def hash_matches(device: Device, token_hash: str | None) -> bool:
    """True when a stored-form hash (from a signed pairing cookie) is still the current one."""
    if not token_hash or not device.token_hash:
        return False
    return hmac.compare_digest(token_hash, device.token_hash)

