"""The demo's other bank: the simulated bank served beside the branch server, remembering
the consents our database holds for it, and a client that talks to a given handle."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select

from shared.db import Database
from shared.models import Customer, DataSharingConsent
from shared.openbanking.client import AccountInformationClient, permissions_for
from shared.openbanking.simulated_bank import (
    SimulatedBankHandle,
    serve_configured_bank,
    serve_simulated_bank,
)
from shared.settings import Settings

log = logging.getLogger(__name__)


def simulated_providers(settings: Settings) -> list[str]:
    return [key for key, p in settings.openbanking.providers.items() if p.simulated]


def start_simulated_bank(settings: Settings, database: Database,
                         now: datetime) -> SimulatedBankHandle | None:
    """Serve the simulated bank on its configured port (None when 0), remembering the
    active consents we hold with it: a real bank keeps them across our restarts."""
    handle = serve_configured_bank(settings.openbanking, seed=settings.demo.seed)
    if handle is None:
        return None
    providers = simulated_providers(settings)
    with database.session() as session:
        rows = session.execute(
            select(DataSharingConsent, Customer.customer_number)
            .join(Customer, Customer.id == DataSharingConsent.customer_id)
            .where(DataSharingConsent.provider.in_(providers),
                   DataSharingConsent.revoked_at.is_(None),
                   DataSharingConsent.expires_at > now,
                   DataSharingConsent.remote_consent_id != "")).all()
    for consent, psu_id in rows:
        handle.state.restore(consent.remote_consent_id, tuple(permissions_for(consent.scopes)),
                             consent.expires_at, psu_id)
    if rows:
        log.info("the simulated bank remembers %d consent(s)", len(rows))
    return handle


def client_for_handle(settings: Settings, provider_key: str,
                      handle: SimulatedBankHandle) -> AccountInformationClient:
    """A client of the simulated provider that talks to `handle` (a bank on any port)."""
    provider = settings.openbanking.providers[provider_key].model_copy(
        update={"base_url": handle.url})
    return AccountInformationClient(provider_key, provider, settings.openbanking)


def temporary_simulated_bank(settings: Settings) -> SimulatedBankHandle:
    """The simulated bank on a free port, for a command that links demo customers."""
    return serve_simulated_bank(0, seed=settings.demo.seed)


def link_demo_customer(settings: Settings, database: Database, now: datetime) -> str | None:
    """Link the default branch's first demo customer (the first the demo's door camera
    knows) to the simulated bank, as a relationship manager would at the tablet; returns
    what was done, in words, or None when no simulated bank is configured."""
    from shared.customers.other_banks import link_other_bank
    from shared.models import Branch, Staff
    from shared.models.enums import ConsentChannel, Role

    providers = simulated_providers(settings)
    if not providers:
        return None
    with database.session() as session:
        branch = session.scalar(select(Branch).where(Branch.code == settings.app.default_branch))
        if branch is None:
            return None
        customer = session.scalars(select(Customer).where(Customer.home_branch_id == branch.id)
                                   .order_by(Customer.id)).first()
        witness = session.scalars(select(Staff.id).where(
            Staff.branch_id == branch.id, Staff.role == Role.RELATIONSHIP_MANAGER)
            .order_by(Staff.id)).first()
        if customer is None:
            return None
        customer_id, name = customer.id, customer.display_name
        if any(c.provider == providers[0] for c in session.scalars(select(DataSharingConsent)
               .where(DataSharingConsent.customer_id == customer_id,
                      DataSharingConsent.revoked_at.is_(None)))):
            return f"{name} is already linked to {providers[0]}"
    handle = temporary_simulated_bank(settings)
    try:
        with database.session(write=True) as session:
            _, result = link_other_bank(
                session, settings, customer_id, providers[0],
                ("accounts", "balances", "transactions"), None, ConsentChannel.TABLET, witness,
                branch.id, now, client_for=lambda s, key: client_for_handle(s, key, handle))
    finally:
        handle.stop()
    bank = settings.openbanking.providers[providers[0]].name
    if not result.ok:
        return f"{name}: consent at {bank} recorded, first fetch failed: {result.error.message}"
    return (f"{name} shares {result.accounts} account(s) at {bank}: "
            f"{result.new_transactions} transactions fetched")
