"""The kiosk's transaction flows: straight-line steps that drive the devices and the ledger.

Each flow gets its kiosk's Station (kiosk/station.py), never the agent that runs it, and
imports only flows below it: idle -> visit -> pin, menu -> cash_out, cash_in, payments,
held -> voice, ticket -> receipt. A flow that cannot finish raises `Fallback`, which the
visit turns into a counter ticket carrying the flow's context.
"""

from __future__ import annotations

import hashlib

from shared.i18n.text import N_


class Fallback(Exception):
    """Send the customer to the counter: why, which counter service, what they were doing."""

    def __init__(self, reason: str, service: str, context: dict, message: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.service = service
        self.context = context
        self.message = message or N_("Please see a member of staff at the counter.")


def ledger_key(kiosk_code: str, action_key: str, step: str = "") -> str:
    """Return the ledger idempotency key of one customer action (and optional step)."""
    key = f"kiosk:{kiosk_code}:{action_key}" + (f":{step}" if step else "")
    if len(key) > 80:  # the ledger takes 8 to 80 characters; a digest keeps it unique
        key = "kiosk:" + hashlib.sha256(key.encode()).hexdigest()
    return key
