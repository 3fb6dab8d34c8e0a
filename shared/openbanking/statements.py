"""Import a statement file (OFX or CSV) from another bank under a "statement" consent.

The whole file is read and checked before anything is written, and written in one
savepoint: a damaged or unknown file gives a StatementError and leaves nothing behind.
Transactions are kept once: by their FITID, or by a hash of date, amount, description and
how many identical rows came before in the file, so importing a file twice adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from sqlalchemy.orm import Session

from shared.audit import Actor, record
from shared.models import DataSharingConsent
from shared.models.enums import ActorType
from shared.openbanking.consents import STATEMENT
from shared.openbanking.errors import ConsentError, StatementError
from shared.openbanking.records import AccountData
from shared.openbanking.statement_csv import read_csv
from shared.openbanking.statement_ofx import read_ofx
from shared.openbanking.store import save_accounts

MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class StatementImport:
    """What one import added: new transactions, and those already there (skipped)."""

    consent_id: int
    format: str  # "ofx" or "csv"
    accounts: int
    new_transactions: int
    duplicates: int


def detect_format(data: bytes, filename: str = "") -> str:
    """ "ofx" for an OFX/QFX file (SGML or XML), else "csv"."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    if head.startswith((b"OFXHEADER", b"<OFX", b"<?OFX")) or b"<OFX>" in head \
            or (head.startswith(b"<?XML") and b"OFX" in head):
        return "ofx"
    if PurePath(filename).suffix.lower() in (".ofx", ".qfx"):
        return "ofx"
    return "csv"


def read_statement(data: bytes, filename: str = "", account_name: str = "",
                   currency: str = "GBP",
                   account_kind: str = "current") -> tuple[str, list[AccountData]]:
    """Parse a statement file fully (no database): its format and its accounts."""
    if len(data) > MAX_BYTES:
        raise StatementError.of("too_large", limit_mb=MAX_BYTES // (1024 * 1024))
    if not data.strip():
        raise StatementError.of("empty_statement")
    kind = detect_format(data, filename)
    name = account_name or PurePath(filename).stem
    if kind == "ofx":
        return kind, read_ofx(data, name)
    return kind, read_csv(data, name, currency, account_kind)


def import_statement(session: Session, consent: DataSharingConsent, data: bytes,
                     filename: str, now: datetime, *, staff_id: int | None = None,
                     account_name: str = "", currency: str = "GBP",
                     account_kind: str = "current") -> StatementImport:
    """Read the file, then store all of it under `consent` (a "statement" consent that is
    active at `now`), audited. For a CSV, which says none of it: `account_name` names the
    account (else the file name), `currency` is its currency when no column gives one, and
    `account_kind` its kind (an AccountKind value: current, credit_card...)."""
    if consent.provider != STATEMENT:
        raise ConsentError.of("not_a_statement_consent")
    if not consent.active_at(now):
        raise ConsentError.of("consent_inactive")
    kind, accounts = read_statement(data, filename, account_name, currency, account_kind)
    # Keep only what the customer agreed to share, as a fetch from a bank would.
    scopes = set(consent.scopes or ())
    accounts = [AccountData(a.account, a.balance if "balances" in scopes else None,
                            a.transactions if "transactions" in scopes else ())
                for a in accounts]
    saved = save_accounts(session, consent, accounts)
    consent.last_fetched_at = now
    consent.last_error = ""
    session.flush()
    actor = (Actor(ActorType.STAFF, staff_id) if staff_id is not None
             else Actor(ActorType.CUSTOMER, consent.customer_id))
    record(session, actor, "openbanking.statement_imported", subject_type="customer",
           subject_id=consent.customer_id,
           detail={"consent_id": consent.id, "format": kind, "file": PurePath(filename).name,
                   "accounts": saved.accounts, "new_transactions": saved.new_transactions,
                   "duplicates": saved.duplicates})
    return StatementImport(consent.id, kind, saved.accounts, saved.new_transactions,
                           saved.duplicates)
