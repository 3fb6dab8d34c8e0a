"""A customer's consent to share their accounts at another bank: give it, list it, revoke it.

Revoking deletes everything the consent brought in (accounts, transactions and the staff's
category corrections of those transactions), audited, whether or not the other bank can be
told. The caller owns the transaction: nothing here commits.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import String, cast, delete, literal, select, update
from sqlalchemy.orm import Session

from shared.audit import Actor, record
from shared.i18n.text import N_
from shared.models import (
    CategoryCorrection,
    Customer,
    DataSharingConsent,
    ExternalAccount,
    ExternalTransaction,
)
from shared.models.enums import ActorType, ConsentChannel
from shared.openbanking.client import SCOPES, AccountInformationClient
from shared.openbanking.errors import ConsentError, OpenBankingError

log = logging.getLogger(__name__)

STATEMENT = "statement"  # the provider of a consent that keeps imported statement files
CONSENT_TEXT_VERSION = "openbanking-1"  # the consent wording the customer agreed to
# What the customer reads before agreeing (at the tablet or the kiosk), by version; the
# English wording of a version never changes (a new wording is a new version).
CONSENT_TEXTS = {
    CONSENT_TEXT_VERSION: N_(
        "I agree that SmartBranch may read the accounts I choose at the other bank named "
        "here (the account names, their balances and transactions, as ticked) for the "
        "period shown, to show me and my relationship manager what is coming up, warn me "
        "before a balance runs short and suggest products that fit. I can revoke this at "
        "any time, here or at the other bank; everything read under it is then deleted. The "
        "same applies to a statement file I hand over."
    ),
}
DEFAULT_DAYS = 90
MAX_DAYS = 366


@dataclass(frozen=True)
class Revocation:
    """What revoking a consent deleted, and whether the other bank was told."""

    consent_id: int
    accounts_deleted: int
    transactions_deleted: int
    corrections_deleted: int
    remote_deleted: bool


def check_scopes(scopes: Iterable[str]) -> list[str]:
    """The scopes in a fixed order, or ConsentError when empty, unknown or incoherent."""
    given = set(scopes)
    if not given or not given <= set(SCOPES):
        raise ConsentError.of("bad_scopes")
    if "accounts" not in given:
        raise ConsentError.of("accounts_needed")
    return [s for s in SCOPES if s in given]


def active_consents(session: Session, customer_id: int, now: datetime,
                    provider: str | None = None) -> list[DataSharingConsent]:
    """The customer's consents neither revoked nor expired at `now`, oldest first."""
    query = (select(DataSharingConsent)
             .where(DataSharingConsent.customer_id == customer_id,
                    DataSharingConsent.revoked_at.is_(None),
                    DataSharingConsent.expires_at > now)
             .order_by(DataSharingConsent.given_at, DataSharingConsent.id))
    if provider is not None:
        query = query.where(DataSharingConsent.provider == provider)
    return list(session.scalars(query))


def _actor(staff_id: int | None, customer_id: int) -> Actor:
    # Without a member of staff it is the customer acting (a kiosk, online).
    if staff_id is not None:
        return Actor(ActorType.STAFF, staff_id)
    return Actor(ActorType.CUSTOMER, customer_id)


def grant(session: Session, client: AccountInformationClient | None, customer_id: int,
          provider_key: str, scopes: Iterable[str], days: int | None,
          channel: ConsentChannel, witness_id: int | None, branch_id: int | None,
          now: datetime, *, text_version: str = CONSENT_TEXT_VERSION) -> DataSharingConsent:
    """Record the customer's consent for `scopes` over `days` (the settings' consent_days
    when None) and, for another bank, create it there first (and, at a simulated bank,
    approve it as the customer would); audited.

    `provider_key` "statement" (client None) is a consent to keep imported statements. A
    consent given again to the same provider replaces the active one: what that one
    fetched stays when the new one allows as much, else it is deleted as on revoke.
    Raises ConsentError for bad input and OpenBankingError when the bank refuses (then
    nothing is written).
    """
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise ConsentError.of("unknown_customer")
    chosen = check_scopes(scopes)
    if provider_key != STATEMENT:
        if client is None or provider_key not in client.settings.providers:
            raise ConsentError.of("unknown_provider", provider=provider_key)
        if client.provider_key != provider_key:
            raise ConsentError.of("provider_mismatch", bank=client.provider.name,
                                  provider=provider_key)
    if days is None:
        days = client.settings.consent_days if client is not None else DEFAULT_DAYS
    if not 1 <= days <= MAX_DAYS:
        raise ConsentError.of("bad_days", max_days=MAX_DAYS)
    # Whole seconds: the bank is told the expiry to the second, and both must agree.
    expires_at = (now + timedelta(days=days)).replace(microsecond=0)

    remote_id = ""
    if provider_key != STATEMENT:
        remote_id = client.create_consent(chosen, expires_at).consent_id
        if client.provider.simulated:
            try:
                client.authorise(remote_id, customer.customer_number)
            except OpenBankingError:
                _delete_remote(client, remote_id)
                raise

    consent = DataSharingConsent(
        customer_id=customer_id, provider=provider_key, scopes=chosen,
        text_version=text_version, channel=channel, witness_id=witness_id,
        branch_id=branch_id, given_at=now, expires_at=expires_at,
        remote_consent_id=remote_id, last_error="")
    session.add(consent)
    session.flush()
    replaced = [c for c in active_consents(session, customer_id, now, provider_key)
                if c.id != consent.id]
    if provider_key == STATEMENT:
        replaced = []  # statements of different accounts live side by side
    for old in replaced:
        _replace(session, old, consent, witness_id, now, client)
    record(session, _actor(witness_id, customer_id), "openbanking.consent_given",
           subject_type="customer", subject_id=customer_id,
           detail={"consent_id": consent.id, "provider": provider_key, "scopes": chosen,
                   "expires_at": expires_at.isoformat(), "channel": str(channel),
                   "branch_id": branch_id, "text_version": text_version,
                   "replaces": [old.id for old in replaced]})
    return consent


def _replace(session: Session, old: DataSharingConsent, new: DataSharingConsent,
             staff_id: int | None, now: datetime,
             client: AccountInformationClient | None) -> None:
    if set(new.scopes) >= set(old.scopes or ()):
        # Renewed: the accounts (and their transactions, and the corrections of those)
        # move to the new consent rather than being deleted and fetched again.
        session.execute(update(ExternalAccount).where(ExternalAccount.consent_id == old.id)
                        .values(consent_id=new.id))
        new.last_fetched_at = old.last_fetched_at
    revoke(session, old.id, staff_id, now, client)


def revoke(session: Session, consent_id: int, staff_id: int | None, now: datetime,
           client: AccountInformationClient | None = None) -> Revocation:
    """Mark the consent revoked and delete everything it brought in, audited; tell the
    other bank too when `client` is given (best effort: a failure there is logged and the
    local deletion happens all the same)."""
    consent = session.get(DataSharingConsent, consent_id)
    if consent is None:
        raise ConsentError.of("no_consent")
    if consent.revoked_at is not None:
        return Revocation(consent.id, 0, 0, 0, False)
    consent.revoked_at = now
    consent.revoked_by_id = staff_id
    accounts, transactions, corrections = _purge(session, consent.id)
    remote_deleted = False
    if client is not None and consent.provider != STATEMENT and consent.remote_consent_id:
        if client.provider_key == consent.provider:
            remote_deleted = _delete_remote(client, consent.remote_consent_id)
        else:
            log.warning("consent %s is with %s, not %s: not deleted there", consent.id,
                        consent.provider, client.provider_key)
    session.flush()
    record(session, _actor(staff_id, consent.customer_id), "openbanking.consent_revoked",
           subject_type="customer", subject_id=consent.customer_id,
           detail={"consent_id": consent.id, "provider": consent.provider,
                   "accounts_deleted": accounts, "transactions_deleted": transactions,
                   "corrections_deleted": corrections, "remote_deleted": remote_deleted})
    return Revocation(consent.id, accounts, transactions, corrections, remote_deleted)


def _purge(session: Session, consent_id: int) -> tuple[int, int, int]:
    """Delete the consent's accounts, their transactions and the corrections of those.

    Each with its own DELETE: SQLite enforces ON DELETE CASCADE only when foreign keys are
    switched on for the connection, and the corrections are tied to them by `ref` alone.
    """
    account_ids = select(ExternalAccount.id).where(ExternalAccount.consent_id == consent_id)
    refs = (select(literal("external:", String) + cast(ExternalTransaction.id, String))
            .where(ExternalTransaction.account_id.in_(account_ids)))
    corrections = session.execute(
        delete(CategoryCorrection).where(CategoryCorrection.ref.in_(refs))
        .execution_options(synchronize_session="fetch")).rowcount or 0
    transactions = session.execute(
        delete(ExternalTransaction).where(ExternalTransaction.account_id.in_(account_ids))
        .execution_options(synchronize_session="fetch")).rowcount or 0
    accounts = session.execute(
        delete(ExternalAccount).where(ExternalAccount.consent_id == consent_id)
        .execution_options(synchronize_session="fetch")).rowcount or 0
    return accounts, transactions, corrections


def _delete_remote(client: AccountInformationClient, remote_consent_id: str) -> bool:
    try:
        client.delete_consent(remote_consent_id)
    except OpenBankingError as error:
        log.warning("could not delete consent %s at %s: %s", remote_consent_id,
                    client.provider_key, error.params.get("detail", error.code))
        return False
    return True
