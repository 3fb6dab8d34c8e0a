"""What the ledger refuses: one error per reason, each with a code the APIs return."""

from __future__ import annotations


class LedgerError(Exception):
    """A money request the ledger refuses; nothing was written."""

    code = "ledger_error"


class InvalidRequest(LedgerError):
    code = "invalid_request"


class IdempotencyConflict(LedgerError):
    code = "idempotency_conflict"


class InsufficientFunds(LedgerError):
    code = "insufficient_funds"


class AccountUnavailable(LedgerError):
    code = "account_unavailable"
