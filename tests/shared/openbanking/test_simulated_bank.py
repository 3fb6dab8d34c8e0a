"""The simulated bank: deterministic PSUs with a believable six months, a consent lifecycle
that follows the spec, and faults on command or by seed."""

from __future__ import annotations

import re
import socket
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest
import requests

from shared.openbanking.amounts import currency_exponent, signed_minor, to_amount, to_minor
from shared.openbanking.client import AccountInformationClient
from shared.openbanking.faults import BankFault, FaultPlan
from shared.openbanking.simulated_bank import SIMULATED_FINANCIAL_ID, serve_configured_bank
from shared.openbanking.simulated_data import PsuHistory
from shared.openbanking.simulated_psu import make_psu
from shared.settings import Settings
from tests.shared.openbanking.conftest import NOW


def _history(psu_id: str = "C00000042", seed: int = 7) -> PsuHistory:
    return PsuHistory(make_psu(seed, psu_id))


def test_the_same_psu_has_the_same_life_whenever_the_bank_is_asked():
    now = _history().transactions("current", NOW)
    week_later = _history().transactions("current", NOW + timedelta(days=7))
    later = {t.transaction_id: t for t in week_later}
    shared = [t for t in now if t.booked_at <= NOW]
    assert shared and all(later[t.transaction_id] == t for t in shared if t.transaction_id
                          in later)
    assert sum(t.transaction_id in later for t in shared) > len(shared) * 0.9
    other = _history("C00000043").psu
    assert other.current.account_id != _history().psu.current.account_id
    assert _history(seed=8).psu.current.account_id != _history().psu.current.account_id


def test_six_months_read_like_another_uk_bank_wrote_them():
    history = _history()
    current = history.transactions("current", NOW)
    card = history.transactions("card", NOW)
    assert min(t.booked_at for t in current) <= NOW - timedelta(days=183)
    words = [t.information for t in current]
    salaries = [t for t in current if t.information.endswith(" SALARY")]
    assert len({t.booked_at.strftime("%Y-%m") for t in salaries}) >= 6
    assert all(re.fullmatch(r"FASTER PAYMENT FROM [A-Z ]+ SALARY", t.information)
               for t in salaries)
    assert any(re.fullmatch(r"CARD PAYMENT TO [A-Z0-9&/ ]+ ON \d\d [A-Z]{3}", w) for w in words)
    assert any(w.startswith("SO RENT") for w in words) and any(w.startswith("DD ") for w in words)
    assert any(w.startswith("CARD PAYMENT TO TFL TRAVEL CH") for w in words)
    assert any(w.startswith("AMZNMKTPLACE*") for w in (t.information for t in card))
    foreign = [t for t in card if t.foreign_currency]
    assert foreign and all(t.rate and t.amount_minor < 0 for t in foreign)
    assert any(t.information == "NON-STERLING TRANSACTION FEE" for t in card)
    # A subscription went up in price within the months shown.
    prices = defaultdict(set)
    for t in card:
        if t.information.startswith(("NETFLIX", "SPOTIFY")):
            prices[t.information].add(t.amount_minor)
    assert any(len(amounts) == 2 for amounts in prices.values())
    # The card's statement is repaid in full by direct debit: the same sum on both sides.
    repaid = {t.booked_at.date(): t.amount_minor for t in card
              if t.information == "DIRECT DEBIT PAYMENT - THANK YOU"}
    paid = {t.booked_at.date(): -t.amount_minor for t in current
            if t.information == "DD NWB CARD SERVICES"}
    assert repaid and repaid == paid


def test_a_consent_lives_awaiting_then_authorised_then_deleted(bank):
    http = requests.Session()
    headers = {"x-fapi-financial-id": SIMULATED_FINANCIAL_ID, "Authorization": "Bearer tpp"}
    body = {"Data": {"Permissions": ["ReadAccountsBasic"],
                     "ExpirationDateTime": (NOW + timedelta(days=1)).isoformat()}, "Risk": {}}
    created = http.post(f"{bank.url}/account-access-consents", json=body, headers=headers)
    consent_id = created.json()["Data"]["ConsentId"]
    assert created.json()["Data"]["Status"] == "AwaitingAuthorisation"
    assert created.headers["x-fapi-interaction-id"]  # made up when the caller sent none
    token = http.post(f"{bank.url}/simulated/authorise/{consent_id}",
                      json={"psu_id": "C1"}).json()["access_token"]
    read = http.get(f"{bank.url}/account-access-consents/{consent_id}", headers=headers)
    assert read.json()["Data"]["Status"] == "Authorised"
    accounts = http.get(f"{bank.url}/accounts", headers={**headers,
                                                          "Authorization": f"Bearer {token}"})
    assert "Account" not in accounts.json()["Data"]["Account"][0]  # Basic: no numbers
    other = http.post(f"{bank.url}/simulated/authorise/{consent_id}", json={"psu_id": "C2"})
    assert other.status_code == 403  # a consent is one PSU's
    assert http.delete(f"{bank.url}/account-access-consents/{consent_id}",
                       headers=headers).status_code == 204
    assert http.get(f"{bank.url}/account-access-consents/{consent_id}",
                    headers=headers).status_code == 400
    assert http.get(f"{bank.url}/accounts", headers={"Authorization": "Bearer tpp"}
                    ).json()["Errors"][0]["ErrorCode"] == "UK.OBIE.Header.Missing"


@pytest.mark.parametrize("permissions", [[], ["ReadTransactionsDetail"], ["ReadEverything"]])
def test_incoherent_permissions_are_refused(bank, permissions):
    response = requests.post(
        f"{bank.url}/account-access-consents", json={"Data": {"Permissions": permissions},
                                                     "Risk": {}},
        headers={"x-fapi-financial-id": SIMULATED_FINANCIAL_ID, "Authorization": "Bearer t"})
    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"].startswith("UK.OBIE.Field.")


def test_a_seeded_fault_plan_replays_the_same_faults():
    def run(seed):
        plan = FaultPlan(seed=seed, rate=0.3, faults=(BankFault.SERVER_ERROR,
                                                      BankFault.RATE_LIMITED))
        return [plan.draw("transactions") for _ in range(50)]

    assert run(1) == run(1) != run(2)
    assert {f for f in run(1) if f} == {BankFault.SERVER_ERROR, BankFault.RATE_LIMITED}
    plan = FaultPlan()
    plan.inject("*", BankFault.SLOW)
    plan.inject("accounts", BankFault.SERVER_ERROR, after=1)
    assert [plan.draw("accounts") for _ in range(4)] == [
        None, BankFault.SERVER_ERROR, BankFault.SLOW, None]
    with pytest.raises(ValueError):
        plan.inject("payments", BankFault.SLOW)


def test_amounts_convert_exactly():
    assert to_minor("12.50", "GBP") == 1250 and to_minor("500", "JPY") == 500
    assert to_minor("1.234", "KWD") == 1234 and currency_exponent("JPY") == 0
    assert signed_minor("0.10", "GBP", "Debit") == -10
    assert to_minor("1234567890123.45", "GBP") == 123456789012345
    assert to_amount(-1250, "GBP") == "12.50" and to_amount(7, "JPY") == "7"
    for bad, currency in (("12.345", "GBP"), ("1.5", "JPY"), ("-1.00", "GBP"), ("1e3", "GBP"),
                          ("12.50", "XYZ"), ("", "GBP")):
        with pytest.raises(ValueError):
            to_minor(bad, currency)
    with pytest.raises(ValueError):
        signed_minor("1.00", "GBP", "Credit ")


def test_the_configured_bank_serves_on_the_settings_port(provider, ob_settings):
    assert serve_configured_bank(ob_settings) is None  # simulated_bank_port 0: not served
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/open-banking/v3.1/aisp"
    configured = ob_settings.model_copy(update={
        "simulated_bank_port": port,
        "providers": {"demo": provider.model_copy(update={"base_url": url})}})
    handle = serve_configured_bank(configured, seed=3)
    try:
        assert handle.url == url
        client = AccountInformationClient.from_settings(
            Settings().model_copy(update={"openbanking": configured}), "demo")
        # This bank keeps real time.
        consent = client.create_consent(["accounts"], datetime.now(UTC) + timedelta(days=1))
        client.authorise(consent.consent_id, "C1")
        assert len(client.accounts(consent.consent_id)) == 2
        client.close()
    finally:
        handle.stop()
