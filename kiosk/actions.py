"""Customer actions at a kiosk: what can be asked, the record of each press, their queue.

Each action carries an idempotency key, so a retried request is answered from the first
one and never queued twice (and the ledger key derived from it refuses a second posting
even after a restart).
"""

from __future__ import annotations

import queue
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import StrEnum

# What the customer can ask for (the touch UI's buttons).
ACTIONS = (
    "balance", "statement", "withdraw", "deposit", "deposit_confirm", "deposit_cancel",
    "transfer", "bill", "wallet", "talk", "no_card", "finish", "cancel", "done",
    "voice", "voice_check", "voice_stop", "confirm_request", "cancel_request", "share_bank",
)
MONEY_ACTIONS = frozenset({"withdraw", "deposit", "deposit_confirm", "transfer", "bill",
                           "wallet"})


class ActionStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    REFUSED = "refused"


class ActionConflict(ValueError):
    """The idempotency key was already used for a different action."""


@dataclass
class ActionRecord:
    """One press of a button: the action, how far it got, and what came of it."""

    key: str
    action: dict
    status: ActionStatus = ActionStatus.QUEUED
    outcome: dict = field(default_factory=dict)
    done: threading.Event = field(default_factory=threading.Event)

    def finish(self, status: ActionStatus, **outcome) -> None:
        self.status = status
        self.outcome = outcome
        self.done.set()

    def as_dict(self) -> dict:
        return {"idempotency_key": self.key, "action": self.action["action"],
                "status": str(self.status), "outcome": self.outcome}


class ActionInbox:
    """The customer's actions in arrival order; each idempotency key is kept once."""

    def __init__(self, remembered: int = 500):
        self.remembered = remembered
        self._lock = threading.Lock()
        self._queue: queue.Queue[ActionRecord] = queue.Queue()
        self._records: OrderedDict[str, ActionRecord] = OrderedDict()

    def submit(self, action: dict) -> tuple[ActionRecord, bool]:
        """Queue `action` once per key; return its record and whether it was queued now."""
        key = action["idempotency_key"]
        with self._lock:
            found = self._records.get(key)
            if found is not None:
                if found.action != action:
                    raise ActionConflict("this idempotency key was used for another action")
                return found, False
            record = ActionRecord(key, dict(action))
            self._records[key] = record
            while len(self._records) > self.remembered:
                self._records.popitem(last=False)
        self._queue.put(record)
        return record, True

    def take(self, timeout: float) -> ActionRecord | None:
        """Return the next action (now running), waiting up to `timeout`; None if none came."""
        try:
            record = self._queue.get(timeout=timeout) if timeout > 0 else (
                self._queue.get_nowait())
        except queue.Empty:
            return None
        record.status = ActionStatus.RUNNING
        return record

    def refuse_all(self, why: str) -> None:
        """Refuse whatever is queued or unanswered."""
        while (record := self.take(0)) is not None:
            record.finish(ActionStatus.REFUSED, error=why)
        with self._lock:
            unanswered = [r for r in self._records.values() if not r.done.is_set()]
        for record in unanswered:
            record.finish(ActionStatus.REFUSED, error=why)

    def forget_keys(self) -> None:
        """Forget every key seen (as a restart does); the ledger still refuses a replay."""
        with self._lock:
            self._records.clear()
