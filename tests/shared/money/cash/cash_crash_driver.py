"""Drive one kiosk withdrawal or deposit against a real database, dying at a chosen step.

Run as a script by test_cash_crash.py: ``python cash_crash_driver.py URL FLOW CRASH_AT
JOURNAL KEY ACCOUNT_ID DEVICE_ID AMOUNT``. The journal file stands in for the device: a
line per physical action (notes dispensed, taken, stashed), written before the next
database step, so the test knows what really happened. ``os._exit`` kills the process
without cleanup, as a power cut would; "in_*" points die inside an uncommitted unit of work.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from shared.db import Database
from shared.money.cash import deposit, withdrawal
from shared.money.cash.sessions import CashSessionError
from shared.settings import load_settings

CRASH_EXIT = 17
WITHDRAWAL_POINTS = (
    "in_authorise", "after_authorise", "in_begin_dispense", "after_begin_dispense",
    "after_device_dispense", "in_presented", "after_presented", "after_device_taken",
    "in_taken",
)
DEPOSIT_POINTS = (
    "in_escrow", "after_escrow", "in_begin_accept", "after_begin_accept",
    "after_device_stash", "in_accepted",
)


class Driver:
    def __init__(self, database: Database, crash_at: str | None, journal: Path):
        self.database = database
        self.crash_at = crash_at
        self.journal = journal

    def point(self, name: str) -> None:
        if name == self.crash_at:
            os._exit(CRASH_EXIT)

    def device(self, action: str) -> None:
        with self.journal.open("a") as fh:
            fh.write(action + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def commit(self, step, cash_id: int, crash_point: str, **fields) -> None:
        """Take one step of the machine in its own unit of work (dying inside it if told)."""
        with self.database.session() as s:
            step(s, cash_id, **fields)
            self.point(crash_point)

    def before_device(self, step, cash_id: int, device_action: str, journal_line: str) -> bool:
        """Commit `step` first, then let the device act; False if the step was taken before.

        Crash points: in_<step>, after_<step>, after_device_<device_action>.
        """
        try:
            self.commit(step, cash_id, f"in_{step.__name__}")
        except CashSessionError:
            return False  # already past it: the device never acts twice
        self.point(f"after_{step.__name__}")
        self.device(journal_line)
        self.point(f"after_device_{device_action}")
        return True

    def withdraw(self, key: str, account_id: int, device_id: int, amount: int) -> str:
        with self.database.session() as s:
            cash_id = withdrawal.authorise(s, account_id=account_id, device_id=device_id,
                                           amount_minor=amount, idempotency_key=key,
                                           notes={"2000": amount // 2000}).cash_session_id
            self.point("in_authorise")
        self.point("after_authorise")
        if not self.before_device(withdrawal.begin_dispense, cash_id, "dispense",
                                  f"dispensed {amount}"):
            return "refused"
        self.commit(withdrawal.presented, cash_id, "in_presented",
                    notes={"2000": amount // 2000})
        self.point("after_presented")
        self.device("taken")
        self.point("after_device_taken")
        self.commit(withdrawal.taken, cash_id, "in_taken")
        return "taken"

    def deposit(self, key: str, account_id: int, device_id: int, amount: int) -> str:
        with self.database.session() as s:
            cash_id = deposit.escrow(s, account_id=account_id, device_id=device_id,
                                     notes={"1000": amount // 1000},
                                     idempotency_key=key).cash_session_id
            self.point("in_escrow")
        self.point("after_escrow")
        if not self.before_device(deposit.begin_accept, cash_id, "stash", f"stashed {amount}"):
            return "refused"
        self.commit(deposit.accepted, cash_id, "in_accepted")
        return "accepted"


def main(argv: list[str]) -> int:
    url, flow, crash_at, journal, key, account_id, device_id, amount = argv
    settings = load_settings("testing", environ={}, overrides={"database": {"url": url}})
    driver = Driver(Database(settings), crash_at, Path(journal))
    run = driver.withdraw if flow == "withdrawal" else driver.deposit
    print(run(key, int(account_id), int(device_id), int(amount)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
