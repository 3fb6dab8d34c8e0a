"""What another bank (or a statement file) tells us, parsed: small frozen records, amounts in
signed integer minor units (money out negative), times in UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RemoteConsent:
    """An account-access consent as the other bank reports it."""

    consent_id: str
    status: str  # AwaitingAuthorisation, Authorised, Rejected, Revoked
    permissions: tuple[str, ...]
    expires_at: datetime | None


@dataclass(frozen=True)
class RemoteAccount:
    """An account at the other bank; `kind` is an AccountKind value where one fits
    (current, savings, credit_card, mortgage, loan), else the sub-type in snake case."""

    account_id: str
    currency: str
    kind: str
    name: str
    masked_identification: str  # the last four characters of the number, or ""


@dataclass(frozen=True)
class RemoteBalance:
    """One balance of an account; `type` is the API's (InterimBooked, ClosingAvailable...)."""

    account_id: str
    amount_minor: int
    currency: str
    type: str
    at: datetime


@dataclass(frozen=True)
class RemoteTransaction:
    """One transaction; `kind` says how it moved where the source says (direct_debit,
    standing_order, card_payment, card_refund, bank_transfer_in, bank_transfer_out,
    cash_withdrawal, fee, interest, repayment), else ""."""

    account_id: str
    transaction_id: str
    booked_at: datetime
    amount_minor: int
    currency: str
    description: str
    counterparty: str = ""
    kind: str = ""
    booked: bool = True  # False: still pending, not kept


@dataclass(frozen=True)
class AccountData:
    """Everything fetched or read for one account: its balance (None: not allowed or not
    given) and its booked transactions."""

    account: RemoteAccount
    balance: RemoteBalance | None
    transactions: tuple[RemoteTransaction, ...]
