"""The bank's chart of internal accounts: the numbers money code posts against."""

from __future__ import annotations

CLEARING_ACCOUNT_NUMBER = "INT-CLEARING"


def vault_account_number(branch_code: str) -> str:
    """Return the number of a branch's vault cash account."""
    return f"INT-VAULT-{branch_code}"


def kiosk_cash_account_number(device_code: str) -> str:
    """Return the number of a kiosk's cash (cassettes) account."""
    return f"INT-CASH-{device_code}"
