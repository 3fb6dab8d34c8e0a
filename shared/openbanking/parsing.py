"""Read the v3.1 Account and Transaction API's JSON into records, strictly.

Each function raises ValueError (naming the field) on anything the spec requires and the
answer lacks, or on an amount that is not exact in the currency's minor units; the client
turns that into one `malformed` error.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from shared.openbanking.amounts import signed_minor
from shared.openbanking.records import (
    RemoteAccount,
    RemoteBalance,
    RemoteConsent,
    RemoteTransaction,
)

ACCOUNT_KINDS = {
    "CurrentAccount": "current", "Savings": "savings", "CreditCard": "credit_card",
    "Mortgage": "mortgage", "Loan": "loan", "ChargeCard": "charge_card",
    "EMoney": "e_money", "PrePaidCard": "prepaid_card",
}
# The bank's own transaction codes that UK banks commonly use, then ISO 20022 families.
PROPRIETARY_KINDS = {
    "POS": "card_payment", "CARD": "card_payment", "DEB": "card_payment",
    "CRF": "card_refund", "DD": "direct_debit", "DDR": "repayment", "SO": "standing_order",
    "STO": "standing_order", "FPI": "bank_transfer_in", "BGC": "bank_transfer_in",
    "FPO": "bank_transfer_out", "TFR": "bank_transfer_out", "ATM": "cash_withdrawal",
    "CPT": "cash_withdrawal", "FEE": "fee", "CHG": "fee", "INT": "interest",
}
ISO_KINDS = {
    ("CardTransaction", "CashWithdrawal"): "cash_withdrawal",
    ("CardTransaction", "Refund"): "card_refund",
    ("IssuedCreditTransfer", "StandingOrder"): "standing_order",
}
ISO_FAMILY_KINDS = {
    "CardTransaction": "card_payment", "IssuedDirectDebit": "direct_debit",
    "IssuedCreditTransfer": "bank_transfer_out", "ReceivedCreditTransfer": "bank_transfer_in",
    "ReceivedDirectDebit": "repayment", "Charges": "fee",
}
BALANCE_PREFERENCE = ("InterimBooked", "ClosingBooked", "InterimAvailable",
                      "ClosingAvailable", "Expected", "InterimCleared", "ClosingCleared")


def value_at(node: Any, path: str, kind: type = str, required: bool = True) -> Any:
    """The value at dotted `path` in `node`, checked to be a `kind` (and not empty)."""
    value = node
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if value is None or (kind is str and value == ""):
        if required:
            raise ValueError(f"{path} is missing")
        return None
    if not isinstance(value, kind):
        raise ValueError(f"{path} is not a {kind.__name__}")
    return value


def date_time(text: str, path: str = "date-time") -> datetime:
    """Read an ISO 8601 date-time; one without an offset is taken as UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValueError(f"{path} is not a date-time: {text!r}") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _money(node: dict, path: str, indicator: str) -> tuple[int, str]:
    amount = value_at(node, f"{path}.Amount")
    currency = value_at(node, f"{path}.Currency")
    try:
        return signed_minor(amount, currency, indicator), currency
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None


def _records(body: Any, key: str, required: bool) -> list[dict]:
    if not isinstance(body, dict) or not isinstance(body.get("Data"), dict):
        raise ValueError("Data is missing")
    items = body["Data"].get(key)
    if items is None and not required:
        return []
    if not isinstance(items, list) or (required and not items):
        raise ValueError(f"Data.{key} is missing")
    if not all(isinstance(item, dict) for item in items):
        raise ValueError(f"Data.{key} holds something other than records")
    return items


def consent(body: Any) -> RemoteConsent:
    """The consent of an OBReadConsentResponse1."""
    data = value_at(body, "Data", dict)
    permissions = value_at(data, "Permissions", list)
    expires = value_at(data, "ExpirationDateTime", required=False)
    return RemoteConsent(
        consent_id=value_at(data, "ConsentId"), status=value_at(data, "Status"),
        permissions=tuple(str(p) for p in permissions),
        expires_at=date_time(expires, "ExpirationDateTime") if expires else None)


def accounts(body: Any) -> list[RemoteAccount]:
    """The accounts of an OBReadAccount6."""
    out = []
    for item in _records(body, "Account", required=False):
        subtype = value_at(item, "AccountSubType", required=False) or ""
        kind = ACCOUNT_KINDS.get(subtype, re.sub(r"(?<!^)(?=[A-Z])", "_", subtype).lower())
        name = (value_at(item, "Nickname", required=False)
                or value_at(item, "Description", required=False) or subtype)
        masked = ""
        numbers = item.get("Account")
        if isinstance(numbers, list) and numbers and isinstance(numbers[0], dict):
            digits = re.sub(r"[^0-9A-Za-z]", "", str(numbers[0].get("Identification", "")))
            masked = digits[-4:]
        currency = value_at(item, "Currency")
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise ValueError(f"Currency is not a currency code: {currency!r}")
        out.append(RemoteAccount(value_at(item, "AccountId"), currency, kind[:32], name[:120],
                                 masked))
    return out


def balances(body: Any) -> list[RemoteBalance]:
    """The balances of an OBReadBalance1."""
    out = []
    for item in _records(body, "Balance", required=True):
        amount, currency = _money(item, "Amount", value_at(item, "CreditDebitIndicator"))
        out.append(RemoteBalance(value_at(item, "AccountId"), amount, currency,
                                 value_at(item, "Type"),
                                 date_time(value_at(item, "DateTime"), "DateTime")))
    return out


def preferred_balance(found: list[RemoteBalance]) -> RemoteBalance | None:
    """The balance to show: booked before available, interim (today's) before closing."""
    rank = {kind: n for n, kind in enumerate(BALANCE_PREFERENCE)}
    return min(found, key=lambda b: rank.get(b.type, len(rank)), default=None)


def _kind(item: dict) -> str:
    own = item.get("ProprietaryBankTransactionCode")
    if isinstance(own, dict) and str(own.get("Code", "")).upper() in PROPRIETARY_KINDS:
        return PROPRIETARY_KINDS[str(own["Code"]).upper()]
    iso = item.get("BankTransactionCode")
    if isinstance(iso, dict):
        code, sub = str(iso.get("Code", "")), str(iso.get("SubCode", ""))
        return ISO_KINDS.get((code, sub)) or ISO_FAMILY_KINDS.get(code, "")
    return ""


def _name(item: dict, path: str) -> str:
    value = value_at(item, path, required=False)
    return value if isinstance(value, str) else ""


def transactions(body: Any) -> list[RemoteTransaction]:
    """The transactions of an OBReadTransaction6 page; a missing TransactionId is left ""
    (see `fill_missing_ids`)."""
    out = []
    for item in _records(body, "Transaction", required=False):
        amount, currency = _money(item, "Amount", value_at(item, "CreditDebitIndicator"))
        status = value_at(item, "Status")
        merchant = _name(item, "MerchantDetails.MerchantName")
        side = "DebtorAccount.Name" if amount >= 0 else "CreditorAccount.Name"
        counterparty = merchant or _name(item, side)
        description = _name(item, "TransactionInformation") or counterparty
        out.append(RemoteTransaction(
            account_id=value_at(item, "AccountId"),
            transaction_id=value_at(item, "TransactionId", required=False) or "",
            booked_at=date_time(value_at(item, "BookingDateTime"), "BookingDateTime"),
            amount_minor=amount, currency=currency, description=description,
            counterparty=counterparty, kind=_kind(item), booked=status == "Booked"))
    return out


def row_id(*parts: object) -> str:
    """A stable id for a transaction its source gave none: a hash of what it says."""
    return "h:" + hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:40]


def fill_missing_ids(found: list[RemoteTransaction]) -> list[RemoteTransaction]:
    """Give each transaction without an id one from its date, amount, words and how many
    identical ones came before it (two equal coffees on one day stay two)."""
    seen: Counter = Counter()
    out = []
    for t in found:
        if not t.transaction_id:
            key = (t.account_id, t.booked_at.isoformat(), t.amount_minor, t.currency,
                   t.description)
            seen[key] += 1
            t = replace(t, transaction_id=row_id(*key, seen[key]))
        out.append(t)
    return out
