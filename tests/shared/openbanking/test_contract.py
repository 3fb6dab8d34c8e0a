"""The simulated bank keeps the official contract: every answer (and every error body the
spec defines) validates against UK Open Banking's own OpenAPI file, over real HTTP; and
our client's requests are valid v3.1 and v4.0 requests."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
import requests

from shared.openbanking.faults import BankFault
from shared.openbanking.simulated_bank import SIMULATED_FINANCIAL_ID
from tests.shared.openbanking.conftest import NOW

openapi_core = pytest.importorskip("openapi_core")
from openapi_core import OpenAPI  # noqa: E402
from openapi_core.contrib.requests import (  # noqa: E402
    RequestsOpenAPIRequest,
    RequestsOpenAPIResponse,
)

REPO_ROOT = Path(__file__).resolve().parents[3]
V3 = "ukob-v3.1.11-account-info-openapi.yaml"
V4 = "ukob-v4.0-account-info-openapi.yaml"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PERMISSIONS = ["ReadAccountsDetail", "ReadBalances", "ReadTransactionsDetail",
               "ReadTransactionsCredits", "ReadTransactionsDebits"]
# openapi-core cannot check OAuth2 itself and says so on every request it validates.
pytestmark = pytest.mark.filterwarnings("ignore:Unsupported scheme type:UserWarning")


def _spec_file(base_settings, name: str) -> Path:
    data_dir = base_settings.paths.shared_data_dir
    if not data_dir.is_absolute():
        data_dir = (REPO_ROOT / data_dir).resolve()
    path = data_dir.parent / "specs" / "open-banking" / name
    if not path.is_file():
        message = (f"the Open Banking spec {name} is not at {path} "
                   "(set SMARTBRANCH_PATHS_SHARED_DATA_DIR to the shared data beside the repo)")
        if IN_CI:
            pytest.fail("CI=true and " + message, pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def v3_spec(base_settings) -> OpenAPI:
    return OpenAPI.from_file_path(str(_spec_file(base_settings, V3)))


@pytest.fixture(scope="module")
def v4_spec(base_settings) -> OpenAPI:
    return OpenAPI.from_file_path(str(_spec_file(base_settings, V4)))


class Tpp:
    """A third party talking raw HTTP to the bank, keeping every exchange for checking."""

    def __init__(self, url: str):
        self.url = url
        self.http = requests.Session()
        self.exchanges: list[requests.Response] = []
        self.headers = {"x-fapi-financial-id": SIMULATED_FINANCIAL_ID,
                        "x-fapi-interaction-id": "93bac548-d2de-4546-b106-880a5018460d",
                        "Authorization": "Bearer client-credentials"}

    def call(self, method: str, path: str, token: str | None = None, **kw):
        headers = dict(self.headers)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}" if token else ""
        url = path if path.startswith("http") else self.url + path
        response = self.http.request(method, url, headers=headers, timeout=5, **kw)
        self.exchanges.append(response)
        return response

    def consent(self, **data) -> str:
        body = {"Data": {"Permissions": PERMISSIONS,
                         "ExpirationDateTime": (NOW + timedelta(days=90)).isoformat(), **data},
                "Risk": {}}
        return self.call("POST", "/account-access-consents", json=body).json()["Data"]["ConsentId"]

    def authorise(self, consent_id: str) -> str:
        response = self.http.post(f"{self.url}/simulated/authorise/{consent_id}",
                                  json={"psu_id": "C00000042"}, timeout=5)
        return response.json()["access_token"]


def _invalid(spec: OpenAPI, response: requests.Response) -> str:
    """Why the exchange breaks the spec ("" when it keeps it)."""
    try:
        spec.validate_response(RequestsOpenAPIRequest(response.request),
                               RequestsOpenAPIResponse(response))
    except Exception as exc:  # noqa: BLE001 - any validation failure is the finding
        return f"{response.request.method} {response.url} {response.status_code}: " \
               f"{exc!r} {exc.__cause__!r}"[:1500]
    return ""


def test_every_endpoint_answers_as_the_v3_1_spec_says(bank, v3_spec):
    tpp = Tpp(bank.url)
    consent_id = tpp.consent()
    tpp.call("GET", f"/account-access-consents/{consent_id}")
    token = tpp.authorise(consent_id)
    tpp.call("GET", f"/account-access-consents/{consent_id}")
    accounts = tpp.call("GET", "/accounts", token).json()["Data"]["Account"]
    assert {a["AccountSubType"] for a in accounts} == {"CurrentAccount", "CreditCard"}
    for account in accounts:
        account_id = account["AccountId"]
        tpp.call("GET", f"/accounts/{account_id}", token)
        tpp.call("GET", f"/accounts/{account_id}/balances", token)
        first = tpp.call("GET", f"/accounts/{account_id}/transactions", token).json()
        assert first["Meta"]["TotalPages"] >= 2 and "Next" in first["Links"]
        tpp.call("GET", first["Links"]["Next"], token)
        tpp.call("GET", first["Links"]["Last"], token)
        tpp.call("GET", f"/accounts/{account_id}/transactions", token, params={
            "fromBookingDateTime": "2025-05-01T00:00:00", "toBookingDateTime": "2025-06-01"})
    tpp.call("DELETE", f"/account-access-consents/{consent_id}")
    assert [r.status_code for r in tpp.exchanges[:2]] == [201, 200]
    assert tpp.exchanges[-1].status_code == 204
    problems = [p for p in (_invalid(v3_spec, r) for r in tpp.exchanges) if p]
    assert problems == []


def test_error_answers_carry_the_bodies_and_headers_the_spec_defines(bank, v3_spec, clock):
    tpp = Tpp(bank.url)
    consent_id = tpp.consent()
    token = tpp.authorise(consent_id)
    account_id = tpp.call("GET", "/accounts", token).json()["Data"]["Account"][0]["AccountId"]
    expected = []

    def expect(status: int, response):
        expected.append(status)
        return response

    expect(400, tpp.call("POST", "/account-access-consents", json={"Data": {}}))
    expect(400, tpp.call("GET", f"/accounts/{account_id}/transactions", token,
                         params={"fromBookingDateTime": "last tuesday"}))
    expect(400, tpp.call("GET", "/account-access-consents/aac-unknown"))
    expect(401, tpp.call("GET", "/accounts", ""))
    expect(401, tpp.call("GET", "/accounts", "not-a-token"))
    bank.faults.inject("accounts", BankFault.RATE_LIMITED)
    limited = expect(429, tpp.call("GET", "/accounts", token))
    assert limited.headers["Retry-After"] == "1"
    bank.faults.inject("balances", BankFault.SERVER_ERROR)
    expect(500, tpp.call("GET", f"/accounts/{account_id}/balances", token))
    brief = tpp.authorise(tpp.consent(
        ExpirationDateTime=(NOW + timedelta(minutes=30)).isoformat()))
    expected.append(201)
    clock.advance(minutes=31)  # past that consent's expiry, within its token's hour
    expired = expect(403, tpp.call("GET", "/accounts", brief))
    assert expired.json()["Errors"][0]["ErrorCode"] == "UK.OBIE.Resource.InvalidConsentStatus"
    tpp.call("DELETE", f"/account-access-consents/{consent_id}")
    expected.append(204)
    expect(403, tpp.call("GET", "/accounts", token))

    assert [r.status_code for r in tpp.exchanges[-len(expected):]] == expected
    assert all(r.headers["x-fapi-interaction-id"] == tpp.headers["x-fapi-interaction-id"]
               for r in tpp.exchanges)
    problems = [p for p in (_invalid(v3_spec, r) for r in tpp.exchanges) if p]
    assert problems == []


def test_the_validator_does_catch_an_answer_missing_required_fields(bank, v3_spec):
    tpp = Tpp(bank.url)
    token = tpp.authorise(tpp.consent())
    bank.faults.inject("accounts", BankFault.MISSING_FIELDS)
    broken = tpp.call("GET", "/accounts", token)
    assert broken.status_code == 200
    assert "AccountId" in _invalid(v3_spec, broken)


def test_our_clients_requests_are_valid_v3_1_and_v4_0_requests(ob_client, v3_spec, v4_spec):
    sent: list[requests.PreparedRequest] = []
    ob_client._session.hooks["response"].append(lambda r, *a, **k: sent.append(r.request))
    consent = ob_client.create_consent(["accounts", "balances", "transactions"],
                                       NOW + timedelta(days=90))
    ob_client.authorise(consent.consent_id, "C00000042")
    account = ob_client.accounts(consent.consent_id)[0]
    ob_client.balances(consent.consent_id, account.account_id)
    ob_client.transactions(consent.consent_id, account.account_id, since=NOW - timedelta(days=40))
    ob_client.delete_consent(consent.consent_id)
    checked = [r for r in sent if "/simulated/" not in r.url]
    assert len(checked) >= 6
    problems = []
    for request in checked:
        # v4.0 serves the same resources under /open-banking/v4.0/aisp.
        as_v4 = requests.Request(request.method, request.url.replace("/v3.1/", "/v4.0/"),
                                 headers=dict(request.headers), data=request.body).prepare()
        for spec, prepared in ((v3_spec, request), (v4_spec, as_v4)):
            try:
                spec.validate_request(RequestsOpenAPIRequest(prepared))
            except Exception as exc:  # noqa: BLE001 - any validation failure is the finding
                problems.append(f"{prepared.method} {prepared.url}: {exc!r} {exc.__cause__!r}")
    assert problems == []
