"""The bank's own cash in the demo: vaults and kiosks stocked, kiosks refilled each Monday."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, time, timedelta

from shared.demo.catalog import DemoBranch
from shared.demo.spending import KIND_CASH, KIND_CASH_MOVEMENT, CashPoint, PlannedTransaction
from shared.money.chart import CLEARING_ACCOUNT_NUMBER, vault_account_number

VAULT_OPENING_MINOR = 25_000_000  # £250,000 of notes in each branch vault
KIOSK_FLOAT_MINOR = 2_000_000  # £20,000 loaded into each kiosk's cassettes


def plan_cash_management(
    branches: tuple[DemoBranch, ...],
    kiosks_by_branch: dict[str, tuple[CashPoint, ...]],
    customer_transactions: list[PlannedTransaction],
    window_start: datetime,
    now: datetime,
) -> list[PlannedTransaction]:
    """Stock each vault and kiosk at the start, then refill each kiosk every Monday morning."""
    planned: list[PlannedTransaction] = []

    def move(at, description, counterparty, amount, source, target):
        planned.append(PlannedTransaction(at, KIND_CASH_MOVEMENT, "cash_management",
                                          description, counterparty, amount,
                                          ((source, -amount), (target, amount))))

    withdrawals: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
    for t in customer_transactions:
        if t.kind == KIND_CASH and t.device_code:
            withdrawals[t.device_code].append((t.created_at, t.amount_minor))

    first_monday = window_start.date() + timedelta(days=(7 - window_start.weekday()) % 7 or 7)
    mondays = []
    day = first_monday
    while (at := datetime.combine(day, time(7, 0), tzinfo=UTC)) <= now:
        mondays.append(at)
        day += timedelta(days=7)

    for branch in branches:
        vault = vault_account_number(branch.code)
        move(window_start, "Cash delivery from cash centre", "Cash centre", VAULT_OPENING_MINOR,
             vault, CLEARING_ACCOUNT_NUMBER)
        for kiosk in kiosks_by_branch[branch.code]:
            move(window_start, f"Kiosk float loaded: {kiosk.device_code}", kiosk.device_code,
                 KIOSK_FLOAT_MINOR, kiosk.account, vault)
            since = window_start
            for monday in mondays:
                taken = sum(a for at, a in withdrawals[kiosk.device_code] if since < at <= monday)
                since = monday
                if taken:
                    # Notes held are a negative balance: the bank's cash, seen from the ledger.
                    move(monday, "Cash delivery from cash centre", "Cash centre", taken,
                         vault, CLEARING_ACCOUNT_NUMBER)
                    move(monday, f"Kiosk replenished: {kiosk.device_code}", kiosk.device_code,
                         taken, kiosk.account, vault)
    return planned
