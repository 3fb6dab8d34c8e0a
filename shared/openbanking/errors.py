"""The errors of this package, each a code and a sentence a relationship manager can act on.

Every sentence lives in `MESSAGES`, marked for translation; an error's message is a `Text`
(English as a string, said in the reader's language where shown).
"""

from __future__ import annotations

from typing import Any

from shared.i18n.text import N_, Text

MESSAGES: dict[str, str] = {
    # Talking to the other bank (OpenBankingError).
    "unreachable": N_("%(bank)s could not be reached. What was fetched before is kept; "
                   "try again later."),
    "timeout": N_("%(bank)s did not answer in time. What was fetched before is kept; "
               "try again later."),
    "rate_limited": N_("%(bank)s is busy and asked us to wait. What was fetched before is kept; "
                    "try again in a few minutes."),
    "consent_expired": N_("The customer's consent at %(bank)s has expired or was withdrawn there. "
                       "Ask the customer to give it again."),
    "not_authorised": N_("The customer has not yet approved the consent at %(bank)s."),
    "unauthorised": N_("%(bank)s no longer accepts our access for this consent. "
                    "Ask the customer to approve it again."),
    "malformed": N_("%(bank)s sent data we could not read. Nothing from this fetch was saved; "
                 "what was fetched before is kept."),
    "server_error": N_("%(bank)s had a problem answering. What was fetched before is kept; "
                    "try again later."),
    "rejected": N_("%(bank)s refused our request. Ask an administrator to check the connection "
                "to %(bank)s."),
    "not_simulated": N_("The customer approves access at %(bank)s itself; we cannot do it "
                        "for them."),
    # Giving and revoking consent (ConsentError).
    "unknown_customer": N_("There is no such customer."),
    "unknown_provider": N_("%(provider)s is not a bank we can connect to."),
    "provider_mismatch": N_("This connection is to %(bank)s, not to %(provider)s."),
    "bad_scopes": N_("Choose what to share from accounts, balances and transactions."),
    "accounts_needed": N_("Sharing balances or transactions needs the accounts too."),
    "bad_days": N_("A consent lasts from 1 to %(max_days)s days."),
    "no_consent": N_("There is no such consent."),
    "consent_inactive": N_("This consent has expired or was revoked; ask the customer to give it "
                        "again."),
    "not_a_statement_consent": N_("This consent is not for imported statements."),
    "not_a_bank_consent": N_("This consent is for imported statements, not for another bank."),
    # Importing a statement file (StatementError).
    "unknown_format": N_("This file is not a statement we can read: upload an OFX or CSV file."),
    "too_large": N_("This file is too large for a statement (the limit is %(limit_mb)s MB)."),
    "corrupt_ofx": N_("This OFX file is damaged or incomplete; nothing was imported."),
    "empty_statement": N_("This file holds no transactions; nothing was imported."),
    "no_columns": N_("We could not find the date, description and amount columns in this file."),
    "bad_date": N_("Row %(row)s: %(value)s is not a date; nothing was imported."),
    "bad_amount": N_("Row %(row)s: %(value)s is not an amount; nothing was imported."),
    "bad_currency": N_("The statement's currency %(value)s is not one we know; nothing was "
                    "imported."),
}


class CodedError(Exception):
    """An error with a code for programs and a sentence for people."""

    def __init__(self, code: str, message: str, params: dict[str, Any] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = dict(params or {})

    @classmethod
    def of(cls, code: str, **params: Any):
        """Build the error of `code` with its sentence from MESSAGES."""
        return cls(code, Text(MESSAGES[code], **params), params)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.message!r})"


class OpenBankingError(CodedError):
    """A call to another bank failed (unreachable, timeout, rate_limited, consent_expired,
    not_authorised, unauthorised, malformed, server_error, rejected, not_simulated)."""


class ConsentError(CodedError, ValueError):
    """A consent cannot be given, found or used as asked."""


class StatementError(CodedError, ValueError):
    """A statement file cannot be imported; nothing of it was written."""
