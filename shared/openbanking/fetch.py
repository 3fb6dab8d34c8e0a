"""Refresh a consent: fetch everything it allows into memory, then store it all at once.

A fetch that fails part-way stores nothing of itself and keeps everything fetched before;
the consent's `last_error` says what went wrong. The network part (`download`) touches no
database, so a worker can run it outside any transaction and `save` the result after
(on SQLite a write lock held through a slow bank would stall every other writer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from shared.models import DataSharingConsent
from shared.openbanking.client import AccountInformationClient
from shared.openbanking.consents import STATEMENT
from shared.openbanking.errors import ConsentError, OpenBankingError
from shared.openbanking.parsing import preferred_balance
from shared.openbanking.records import AccountData
from shared.openbanking.store import save_accounts

# Fetch again from a week before the last fetch: banks book card payments days late.
OVERLAP = timedelta(days=7)


@dataclass(frozen=True)
class FetchResult:
    """What one refresh did; `error` (ok False) says why it stored nothing."""

    consent_id: int
    ok: bool
    accounts: int = 0
    new_accounts: int = 0
    new_transactions: int = 0
    error: OpenBankingError | None = None


def check_fetchable(consent: DataSharingConsent, client: AccountInformationClient,
                    now: datetime) -> None:
    """Refuse a consent that is not another bank's, not this client's, expired or revoked."""
    if consent.provider == STATEMENT:
        raise ConsentError.of("not_a_bank_consent")
    if consent.provider != client.provider_key:
        raise ConsentError.of("provider_mismatch", bank=client.provider.name,
                              provider=consent.provider)
    if not consent.active_at(now):
        raise ConsentError.of("consent_inactive")


def download(client: AccountInformationClient, consent: DataSharingConsent,
             now: datetime) -> list[AccountData]:
    """Fetch every account the consent reaches, with the balance and transactions its
    scopes allow (from a week before the last fetch, or all the bank keeps)."""
    check_fetchable(consent, client, now)
    scopes = set(consent.scopes or ())
    since = consent.last_fetched_at - OVERLAP if consent.last_fetched_at else None
    out = []
    for account in client.accounts(consent.remote_consent_id):
        balance = None
        if "balances" in scopes:
            balance = preferred_balance(
                client.balances(consent.remote_consent_id, account.account_id))
        transactions = ()
        if "transactions" in scopes:
            transactions = tuple(client.transactions(consent.remote_consent_id,
                                                     account.account_id, since=since))
        out.append(AccountData(account, balance, transactions))
    return out


def save(session: Session, consent: DataSharingConsent, data: list[AccountData],
         now: datetime) -> FetchResult:
    """Store a whole download and mark the consent fetched."""
    saved = save_accounts(session, consent, data)
    consent.last_fetched_at = now
    consent.last_error = ""
    session.flush()
    return FetchResult(consent.id, True, saved.accounts, saved.new_accounts,
                       saved.new_transactions)


def record_failure(session: Session, consent: DataSharingConsent,
                   error: OpenBankingError) -> FetchResult:
    """Keep the failure's words on the consent; what was fetched before stays."""
    consent.last_error = error.message[:400]
    session.flush()
    return FetchResult(consent.id, False, error=error)


def refresh(session: Session, client: AccountInformationClient, consent: DataSharingConsent,
            now: datetime) -> FetchResult:
    """Download then save; a failed download is recorded (and returned), not raised.

    Raises ConsentError for a consent that cannot be fetched (expired, revoked, a statement,
    another provider's).
    """
    try:
        data = download(client, consent, now)
    except OpenBankingError as error:
        return record_failure(session, consent, error)
    return save(session, consent, data, now)
