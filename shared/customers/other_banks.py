"""A customer's accounts at other banks: link one with their consent, fetch, import a
statement, revoke. Each marks the customer's insights for recomputing.

Talking to the other bank happens before the unit of work writes (`refresh_other_bank`
downloads first), so a slow bank never holds the database; giving consent is the exception
(the bank must agree before we record it) and is one short call to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db import Database
from shared.insights.store import mark_stale
from shared.models import DataSharingConsent, ExternalAccount
from shared.models.enums import ConsentChannel
from shared.openbanking.client import AccountInformationClient
from shared.openbanking.consents import STATEMENT, active_consents, grant, revoke
from shared.openbanking.errors import ConsentError, OpenBankingError
from shared.openbanking.fetch import FetchResult, download, record_failure, save
from shared.openbanking.statements import StatementImport, import_statement
from shared.settings import Settings

ClientFor = Callable[[Settings, str], AccountInformationClient]


def _client(settings: Settings, provider_key: str) -> AccountInformationClient:
    return AccountInformationClient.from_settings(settings, provider_key)


def link_other_bank(session: Session, settings: Settings, customer_id: int, provider_key: str,
                    scopes: Iterable[str], days: int | None, channel: ConsentChannel,
                    staff_id: int | None, branch_id: int | None, now: datetime,
                    client_for: ClientFor = _client) -> tuple[DataSharingConsent, FetchResult]:
    """Record the customer's consent at the other bank and fetch what it allows at once."""
    if provider_key not in settings.openbanking.providers:
        raise ConsentError.of("unknown_provider", provider=provider_key)
    client = client_for(settings, provider_key)
    try:
        consent = grant(session, client, customer_id, provider_key, scopes, days, channel,
                        staff_id, branch_id, now)
        try:
            result = save(session, consent, download(client, consent, now), now)
        except OpenBankingError as error:  # the consent stands; the fetch is tried again later
            result = record_failure(session, consent, error)
    finally:
        client.close()
    mark_stale(session, customer_id, now)
    return consent, result


def refresh_other_bank(database: Database, settings: Settings, consent_id: int, now: datetime,
                       client_for: ClientFor = _client) -> FetchResult:
    """Fetch again under one consent: download outside any transaction, then save in one."""
    with database.session() as session:
        consent = session.get(DataSharingConsent, consent_id)
        if consent is None:
            raise ConsentError.of("no_consent")
        session.expunge(consent)
    client = client_for(settings, consent.provider)
    try:
        data, failure = download(client, consent, now), None
    except OpenBankingError as error:
        data, failure = None, error
    finally:
        client.close()
    with database.session(write=True) as session:
        consent = session.get(DataSharingConsent, consent_id)
        if consent is None or not consent.active_at(now):  # revoked while we fetched
            raise ConsentError.of("consent_inactive")
        result = (record_failure(session, consent, failure) if failure is not None
                  else save(session, consent, data, now))
        mark_stale(session, consent.customer_id, now)
    return result


def refresh_all(database: Database, settings: Settings, now: datetime,
                client_for: ClientFor = _client) -> list[FetchResult]:
    """Fetch again under every active bank consent (the nightly job)."""
    with database.session() as session:
        ids = session.scalars(select(DataSharingConsent.id).where(
            DataSharingConsent.provider != STATEMENT, DataSharingConsent.revoked_at.is_(None),
            DataSharingConsent.expires_at > now).order_by(DataSharingConsent.id)).all()
    results = []
    for consent_id in ids:
        try:
            results.append(refresh_other_bank(database, settings, consent_id, now, client_for))
        except ConsentError:
            continue  # revoked or expired meanwhile
    return results


def unlink_other_bank(session: Session, settings: Settings, consent_id: int,
                      staff_id: int | None, now: datetime, client_for: ClientFor = _client):
    """Revoke the consent: everything it fetched is deleted here, and the bank is told."""
    consent = session.get(DataSharingConsent, consent_id)
    if consent is None:
        raise ConsentError.of("no_consent")
    client = (client_for(settings, consent.provider)
              if consent.provider in settings.openbanking.providers else None)
    try:
        revocation = revoke(session, consent_id, staff_id, now, client)
    finally:
        if client is not None:
            client.close()
    mark_stale(session, consent.customer_id, now)
    return revocation


def import_statement_file(session: Session, customer_id: int, data: bytes, filename: str,
                          channel: ConsentChannel, staff_id: int | None, branch_id: int | None,
                          now: datetime, days: int | None = None) -> StatementImport:
    """Keep a statement the customer brought (OFX or CSV) under a consent of its own."""
    consent = grant(session, None, customer_id, STATEMENT, ("accounts", "balances",
                                                            "transactions"),
                    days, channel, staff_id, branch_id, now)
    imported = import_statement(session, consent, data, filename, now, staff_id=staff_id)
    mark_stale(session, customer_id, now)
    return imported


def other_banks(session: Session, settings: Settings, customer_id: int,
                now: datetime) -> list[dict]:
    """The customer's active data-sharing consents with the accounts each brought in."""
    consents = active_consents(session, customer_id, now)
    accounts = session.scalars(select(ExternalAccount).where(
        ExternalAccount.consent_id.in_([c.id for c in consents])).order_by(ExternalAccount.id)
    ).all() if consents else []
    providers = settings.openbanking.providers
    return [{
        "id": c.id, "provider": c.provider,
        "name": providers[c.provider].name if c.provider in providers else c.provider,
        "statement": c.provider == STATEMENT, "scopes": list(c.scopes or ()),
        "given_at": c.given_at, "expires_at": c.expires_at,
        "last_fetched_at": c.last_fetched_at, "last_error": c.last_error,
        "accounts": [{"name": a.name, "last4": a.masked_identification[-4:],
                      "balance_minor": a.balance_minor, "currency": a.currency}
                     for a in accounts if a.consent_id == c.id],
    } for c in consents]
