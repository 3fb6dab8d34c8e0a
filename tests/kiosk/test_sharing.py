"""At the kiosk after card and PIN: the customer sees their bills this week and any warning,
and may share another bank's accounts with their consent (fetched at once)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.db.base import utcnow
from shared.models import DataSharingConsent, ExternalTransaction
from shared.openbanking.simulated_bank import serve_simulated_bank
from shared.settings import OpenBankingProvider
from tests.kiosk.conftest import build_world


@pytest.fixture(scope="module")
def bank():
    handle = serve_simulated_bank(0, seed=9)
    yield handle
    handle.stop()


@pytest.fixture
def world(fresh_database, kiosk_settings, bank):
    provider = OpenBankingProvider(name="Northwind Bank (simulated)", base_url=bank.url,
                                   financial_id="0015800001SIMBANK", simulated=True)
    settings = kiosk_settings.model_copy(update={"openbanking": kiosk_settings.openbanking
                                                 .model_copy(update={"providers": {
                                                     "northwind": provider}})})
    built = build_world(fresh_database, settings)
    yield built
    built.agents.stop_all()


def test_the_card_holder_shares_another_banks_accounts(world):
    menu = world.sign_in()
    assert menu["banks"] == [{"key": "northwind", "name": "Northwind Bank (simulated)",
                              "days": 90}]
    refused = world.act("share_bank", bank="northwind", scopes=["accounts"], consent=False)
    assert refused.status == "refused" and "tick the box" in refused.outcome["error"]
    unknown = world.act("share_bank", bank="elsewhere", scopes=["accounts"], consent=True)
    assert unknown.status == "refused" and "not a bank we can connect to" in (
        unknown.outcome["error"])

    shared = world.act("share_bank", bank="northwind",
                       scopes=["accounts", "balances", "transactions"], consent=True)
    assert shared.status == "done" and shared.outcome["accounts"] == 2, shared.outcome
    with world.agent.database.session() as s:
        consent = s.scalar(select(DataSharingConsent).where(
            DataSharingConsent.customer_id == world.customer_id))
        assert (str(consent.channel), consent.witness_id) == ("kiosk", None)
        assert s.scalar(select(ExternalTransaction.id).where(
            ExternalTransaction.customer_id == world.customer_id).limit(1)) is not None


def test_bills_this_week_and_a_warning_after_card_and_pin(world):
    from shared.insights.store import save_insights

    today = utcnow().date().isoformat()
    with world.agent.database.session(write=True) as s:
        save_insights(s, world.customer_id, {
            "computed_at": utcnow().isoformat(), "currency": "GBP",
            "bills_due": [{"payee": "Thames Water", "date": today, "amount_minor": 3_850,
                           "category": "bills_utilities", "currency": "GBP"}],
            "low_balance": {"account": "Current account", "last4": "1234", "currency": "GBP",
                            "date": today, "projected_minor": -2_500, "cause": "Rent"},
        }, utcnow(), utcnow())
    menu = world.sign_in()
    assert menu["upcoming"]["bills"][0].startswith("Thames Water £38.50")
    assert "may fall to -£25.00" in menu["upcoming"]["warning"]
