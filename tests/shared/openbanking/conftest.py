"""Fixtures: a simulated bank on a real port, a client of it, a customer who consents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.openbanking.client import AccountInformationClient
from shared.openbanking.faults import FaultPlan
from shared.openbanking.simulated_bank import SIMULATED_FINANCIAL_ID, serve_simulated_bank
from shared.settings import OpenBankingProvider, OpenBankingSettings
from tests.factories import make_branch, make_customer, make_staff

# A fixed moment: the simulated bank's data depends on the day, so tests stay exact.
NOW = datetime(2025, 6, 20, 12, 0, tzinfo=UTC)
PROVIDER = "northwind"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class Sleeps(list):
    """Records the waits the client asks for instead of sleeping through them."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def faults() -> FaultPlan:
    return FaultPlan(slow_s=3.0, retry_after_s=1)


@pytest.fixture
def bank(clock, faults):
    handle = serve_simulated_bank(seed=7, faults=faults, clock=clock)
    yield handle
    handle.stop()


@pytest.fixture
def provider(bank) -> OpenBankingProvider:
    return OpenBankingProvider(name="Northwind Bank", base_url=bank.url,
                               financial_id=SIMULATED_FINANCIAL_ID, simulated=True)


@pytest.fixture
def ob_settings(provider) -> OpenBankingSettings:
    return OpenBankingSettings(providers={PROVIDER: provider}, timeout_s=2.0, attempts=3,
                               max_retry_after_s=5.0)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def ob_client(provider, ob_settings, sleeps, clock):
    client = AccountInformationClient(PROVIDER, provider, ob_settings, sleep=sleeps,
                                      clock=clock)
    yield client
    client.close()


@pytest.fixture
def scene(db_session):
    branch = make_branch(db_session)
    return {"branch": branch, "staff": make_staff(db_session, branch),
            "customer": make_customer(db_session, branch)}
