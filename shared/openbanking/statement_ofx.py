"""Read an OFX (or QFX) statement file with ofxparse into account records."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime
from decimal import Decimal

from ofxparse import AccountType, OfxParser

from shared.openbanking.amounts import currency_exponent, to_minor
from shared.openbanking.errors import StatementError
from shared.openbanking.records import (
    AccountData,
    RemoteAccount,
    RemoteBalance,
    RemoteTransaction,
)

# OFX TRNTYPE -> how the money moved (a transfer's direction comes from its sign).
KINDS = {
    "pos": "card_payment", "atm": "cash_withdrawal", "cash": "cash_withdrawal",
    "directdebit": "direct_debit", "repeatpmt": "standing_order", "fee": "fee",
    "srvchg": "fee", "int": "interest", "div": "interest", "dep": "bank_transfer_in",
    "directdep": "bank_transfer_in",
}


def _utc(moment: datetime | None) -> datetime | None:
    # ofxparse gives naive times already moved to UTC.
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _minor(amount: Decimal, currency: str) -> int:
    minor = to_minor(abs(amount), currency)
    return -minor if amount < 0 else minor


def read_ofx(data: bytes, fallback_name: str = "") -> list[AccountData]:
    """Every account of the file with its ledger balance and transactions; StatementError
    when the file is damaged, holds an amount or currency we cannot keep, or is empty."""
    if b"</OFX>" not in data.upper():
        # SGML OFX may leave most tags open, but never the last: a file without it was cut
        # short, and ofxparse would read what is left without a word.
        raise StatementError.of("corrupt_ofx")
    try:
        # fail_fast: one bad transaction fails the file (we import all of it or none).
        ofx = OfxParser.parse(io.BytesIO(data), fail_fast=True)
    except Exception as exc:  # noqa: BLE001 - ofxparse raises many kinds on a bad file
        raise StatementError.of("corrupt_ofx") from exc
    out = []
    for account in getattr(ofx, "accounts", None) or []:
        statement = getattr(account, "statement", None)
        if statement is None or not hasattr(statement, "transactions"):
            continue  # an investment or account-info block: nothing we keep
        currency = (getattr(statement, "currency", "") or getattr(account, "curdef", "")
                    or "GBP").upper()
        try:
            currency_exponent(currency)
        except ValueError:
            raise StatementError.of("bad_currency", value=currency) from None
        number = str(getattr(account, "account_id", "") or "")
        routing = str(getattr(account, "routing_number", "") or "")
        # Keep no full account number: a hash tells two files of one account apart.
        remote_id = "ofx:" + hashlib.sha256(f"{routing}|{number}".encode()).hexdigest()[:24]
        card = account.type == AccountType.CreditCard
        savings = str(getattr(account, "account_type", "")).upper() == "SAVINGS"
        institution = getattr(account, "institution", None)
        name = getattr(institution, "organization", "") or fallback_name
        remote = RemoteAccount(remote_id, currency,
                               "credit_card" if card else "savings" if savings else "current",
                               str(name)[:120], "".join(c for c in number if c.isalnum())[-4:])
        try:
            transactions = tuple(_transaction(remote_id, t, currency)
                                 for t in statement.transactions)
            balance = None
            at = _utc(getattr(statement, "balance_date", None)) or max(
                (t.booked_at for t in transactions), default=None)
            if getattr(statement, "balance", None) is not None and at is not None:
                balance = RemoteBalance(remote_id, _minor(statement.balance, currency),
                                        currency, "ClosingBooked", at)
        except (ValueError, TypeError, AttributeError) as exc:
            raise StatementError.of("corrupt_ofx") from exc
        out.append(AccountData(remote, balance, transactions))
    if not any(item.transactions for item in out):
        raise StatementError.of("empty_statement")
    return out


def _transaction(account_id: str, t, currency: str) -> RemoteTransaction:
    amount = _minor(Decimal(t.amount), currency)
    payee, memo = (t.payee or "").strip(), (t.memo or "").strip()
    description = payee if not memo or memo == payee else f"{payee} {memo}".strip()
    kind = KINDS.get((t.type or "").lower(), "")
    if (t.type or "").lower() == "xfer":
        kind = "bank_transfer_in" if amount >= 0 else "bank_transfer_out"
    if not t.id or t.date is None:
        raise ValueError("a transaction without FITID or date")
    return RemoteTransaction(account_id, str(t.id), _utc(t.date), amount, currency,
                             description, payee, kind)
