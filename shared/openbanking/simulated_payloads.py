"""The simulated bank's resources written as the v3.1 Account and Transaction API's JSON."""

from __future__ import annotations

from datetime import UTC, datetime

from shared.openbanking.amounts import to_amount
from shared.openbanking.simulated_data import SimTransaction
from shared.openbanking.simulated_psu import CREDIT_CARD, SimAccount
from shared.openbanking.simulated_state import SimConsent

BANK_CODE = "NWB"  # the issuer of the bank's own transaction codes
SORT_CODE_BIC = "NWBKGB2L"
# The ISO 20022 family and sub-family the bank reports beside its own code.
ISO_CODES = {
    "POS": ("CardTransaction", "PointOfSale"),
    "CRF": ("CardTransaction", "Refund"),
    "ATM": ("CardTransaction", "CashWithdrawal"),
    "DD": ("IssuedDirectDebit", "DirectDebit"),
    "SO": ("IssuedCreditTransfer", "StandingOrder"),
    "FPO": ("IssuedCreditTransfer", "DomesticCreditTransfer"),
    "FPI": ("ReceivedCreditTransfer", "DomesticCreditTransfer"),
    "DDR": ("ReceivedDirectDebit", "DirectDebit"),
    "FEE": ("Charges", "ChargesFee"),
}


def iso(moment: datetime) -> str:
    """An ISO 8601 date-time with its offset, as the API writes them."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def money(minor: int, currency: str) -> dict:
    return {"Amount": to_amount(minor, currency), "Currency": currency}


def consent(c: SimConsent) -> dict:
    """The Data of OBReadConsentResponse1."""
    data = {"ConsentId": c.consent_id, "CreationDateTime": iso(c.created_at),
            "Status": c.status, "StatusUpdateDateTime": iso(c.status_updated_at),
            "Permissions": list(c.permissions)}
    for key, value in (("ExpirationDateTime", c.expires_at),
                       ("TransactionFromDateTime", c.transactions_from),
                       ("TransactionToDateTime", c.transactions_to)):
        if value is not None:
            data[key] = iso(value)
    return data


def account(a: SimAccount, detail: bool, pan: bool) -> dict:
    """One OBAccount6; the identification only with ReadAccountsDetail."""
    body = {"AccountId": a.account_id, "Status": "Enabled", "Currency": a.currency,
            "AccountType": "Personal", "AccountSubType": a.subtype, "Nickname": a.nickname}
    if detail:
        identification = a.identification
        if a.subtype == CREDIT_CARD and not pan:
            identification = "*" * 12 + identification[-4:]
        body["Account"] = [{"SchemeName": a.scheme, "Identification": identification}]
        if a.subtype != CREDIT_CARD:
            body["Servicer"] = {"SchemeName": "UK.OBIE.BICFI", "Identification": SORT_CODE_BIC}
    return body


def balances(a: SimAccount, booked_minor: int, at: datetime) -> list[dict]:
    """The account's balances: booked and available (a card's available counts its limit)."""
    available = booked_minor + a.credit_limit_minor

    def one(kind: str, minor: int) -> dict:
        item = {"AccountId": a.account_id, "Type": kind, "DateTime": iso(at),
                "CreditDebitIndicator": "Credit" if minor >= 0 else "Debit",
                "Amount": money(minor, a.currency)}
        if a.credit_limit_minor:
            item["CreditLine"] = [{"Included": kind == "InterimAvailable", "Type": "Credit",
                                   "Amount": money(a.credit_limit_minor, a.currency)}]
        return item

    return [one("InterimBooked", booked_minor), one("InterimAvailable", available)]


def transaction(t: SimTransaction, now: datetime, currency: str, detail: bool) -> dict:
    """One OBTransaction6; narrative, merchant and counterparty only with the Detail read."""
    pending = t.booked_at > now
    body = {
        "AccountId": t.account_id, "TransactionId": t.transaction_id,
        "CreditDebitIndicator": "Credit" if t.amount_minor >= 0 else "Debit",
        "Status": "Pending" if pending else "Booked",
        "TransactionMutability": "Mutable" if pending else "Immutable",
        "BookingDateTime": iso(t.at if pending else t.booked_at),
        "ValueDateTime": iso(t.booked_at),
        "Amount": money(t.amount_minor, currency),
        "ProprietaryBankTransactionCode": {"Code": t.code, "Issuer": BANK_CODE},
    }
    if t.code in ISO_CODES:
        code, sub = ISO_CODES[t.code]
        body["BankTransactionCode"] = {"Code": code, "SubCode": sub}
    if not detail:
        return body
    body["TransactionInformation"] = t.information
    if t.merchant:
        body["MerchantDetails"] = {"MerchantName": t.merchant[:350],
                                   **({"MerchantCategoryCode": t.mcc} if t.mcc else {})}
    if t.counterparty:
        side = "DebtorAccount" if t.amount_minor >= 0 else "CreditorAccount"
        body[side] = {"Name": t.counterparty[:350]}
    if t.foreign_currency:
        body["CurrencyExchange"] = {
            "SourceCurrency": t.foreign_currency, "TargetCurrency": currency,
            "UnitCurrency": currency, "ExchangeRate": float(t.rate),
            "InstructedAmount": money(t.foreign_minor, t.foreign_currency)}
    return body
