"""The double-entry ledger: balanced postings in integer minor units, idempotency keys, holds.

One module per role (errors, amounts, accounts, claims, postings, holds, reports); this
package names them all, so callers write `ledger.post(...)` and `ledger.LedgerError`.
"""

from shared.money.ledger.accounts import (
    account_by_number,
    available_minor,
    check_open,
    lock_accounts,
)
from shared.money.ledger.amounts import (
    DEFAULT_LIMITS,
    Leg,
    Limits,
    validate_amount,
    validate_legs,
)
from shared.money.ledger.claims import Claim, claim, request_hash
from shared.money.ledger.errors import (
    AccountUnavailable,
    IdempotencyConflict,
    InsufficientFunds,
    InvalidRequest,
    LedgerError,
)
from shared.money.ledger.holds import capture_hold, place_hold, release_hold
from shared.money.ledger.postings import PostResult, apply_postings, post
from shared.money.ledger.reports import find_inconsistencies, mini_statement

__all__ = [
    "DEFAULT_LIMITS", "AccountUnavailable", "Claim", "IdempotencyConflict", "InsufficientFunds",
    "InvalidRequest", "LedgerError", "Leg", "Limits", "PostResult", "account_by_number",
    "apply_postings", "available_minor", "capture_hold", "check_open", "claim",
    "find_inconsistencies", "lock_accounts", "mini_statement", "place_hold", "post",
    "release_hold", "request_hash", "validate_amount", "validate_legs",
]
