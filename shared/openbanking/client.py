"""The account-information client: one other bank's Account and Transaction API (v3.1).

Every failure ends here as one `OpenBankingError` whose code a program can act on and whose
message a relationship manager can read. A page that times out, is rate limited (429) or
meets a server error (5xx) is tried again, up to `attempts` tries in all; a 429's
Retry-After is waited for when it is within `max_retry_after_s`, and a longer one ends the
fetch at once (asking again sooner would only be refused again).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import requests

from shared.openbanking import parsing
from shared.openbanking.errors import OpenBankingError
from shared.openbanking.records import (
    RemoteAccount,
    RemoteBalance,
    RemoteConsent,
    RemoteTransaction,
)
from shared.settings import OpenBankingProvider, OpenBankingSettings, Settings

log = logging.getLogger(__name__)

SCOPES = ("accounts", "balances", "transactions")
PERMISSIONS = {
    "accounts": ("ReadAccountsDetail",),
    "balances": ("ReadBalances",),
    "transactions": ("ReadTransactionsDetail", "ReadTransactionsCredits",
                     "ReadTransactionsDebits"),
}
MAX_PAGES = 1000  # a bank whose Next links never end is broken, not busy
MAX_BACKOFF_S = 8.0


def permissions_for(scopes: Iterable[str]) -> list[str]:
    """The OB permissions a set of our scopes asks for (ValueError for an unknown scope)."""
    out: list[str] = []
    for scope in scopes:
        if scope not in PERMISSIONS:
            raise ValueError(f"unknown scope {scope!r}")
        out += [p for p in PERMISSIONS[scope] if p not in out]
    return out


class AccountInformationClient:
    """Talk to one provider of `openbanking.providers` over HTTP with a requests.Session.

    Access tokens are kept per consent in memory; for a simulated provider a missing or
    refused token is fetched again from its simulated authorisation (a refresh grant would
    do that at a real bank, whose tokens need a store of their own).
    """

    def __init__(self, provider_key: str, provider: OpenBankingProvider,
                 settings: OpenBankingSettings, *, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 client_token: str = ""):
        self.provider_key = provider_key
        self.provider = provider
        self.settings = settings
        self.base_url = provider.base_url.rstrip("/")
        self._session = session or requests.Session()
        self._sleep = sleep
        self._clock = clock
        # The TPP's own (client-credentials) token for the consent endpoints.
        self._client_token = client_token or f"tpp-{provider_key}"
        self._tokens: dict[str, str] = {}

    @classmethod
    def from_settings(cls, settings: Settings, provider_key: str, *,
                      session: requests.Session | None = None,
                      sleep: Callable[[float], None] = time.sleep) -> AccountInformationClient:
        """The client of provider `provider_key` (KeyError if it is not configured)."""
        provider = settings.openbanking.providers[provider_key]
        return cls(provider_key, provider, settings.openbanking, session=session, sleep=sleep)

    def close(self) -> None:
        self._session.close()

    # -- consents -------------------------------------------------------------------------

    def create_consent(self, scopes: Iterable[str], expires_at: datetime,
                       transactions_from: datetime | None = None) -> RemoteConsent:
        """Ask the bank for an account-access consent for `scopes` until `expires_at`."""
        data: dict[str, Any] = {"Permissions": permissions_for(scopes),
                                "ExpirationDateTime": _iso(expires_at)}
        if transactions_from is not None:
            data["TransactionFromDateTime"] = _iso(transactions_from)
        response = self._call("POST", f"{self.base_url}/account-access-consents",
                              self._client_token, body={"Data": data, "Risk": {}},
                              expect=(201,))
        return self._parse(response, parsing.consent)

    def get_consent(self, consent_id: str) -> RemoteConsent:
        """The consent as the bank sees it now (its status, its expiry)."""
        response = self._call("GET", self._consent_url(consent_id), self._client_token)
        return self._parse(response, parsing.consent)

    def delete_consent(self, consent_id: str) -> None:
        """Delete the consent at the bank: its tokens stop working."""
        self._tokens.pop(consent_id, None)
        self._call("DELETE", self._consent_url(consent_id), self._client_token,
                   expect=(204, 200))

    def authorise(self, consent_id: str, psu_id: str = "") -> str:
        """Approve the consent as the PSU `psu_id` would at the bank (simulated providers
        only) and keep the access token it gives."""
        if not self.provider.simulated:
            raise self._logged(self._error("not_simulated", "authorise needs a simulated bank"))
        url = f"{self.base_url}/simulated/authorise/{quote(consent_id, safe='')}"
        response = self._call("POST", url, self._client_token, body={"psu_id": psu_id})
        token = self._parse(response, lambda body: parsing.value_at(body, "access_token"))
        self._tokens[consent_id] = token
        return token

    def _consent_url(self, consent_id: str) -> str:
        return f"{self.base_url}/account-access-consents/{quote(consent_id, safe='')}"

    # -- accounts, balances, transactions -------------------------------------------------

    def accounts(self, consent_id: str) -> list[RemoteAccount]:
        """The accounts the consent reaches."""
        body = self._psu_get(consent_id, f"{self.base_url}/accounts")
        return self._parse_body(body, parsing.accounts)

    def balances(self, consent_id: str, account_id: str) -> list[RemoteBalance]:
        """The balances of one account."""
        url = f"{self.base_url}/accounts/{quote(account_id, safe='')}/balances"
        found = self._parse_body(self._psu_get(consent_id, url), parsing.balances)
        return [b for b in found if b.account_id == account_id]

    def transactions(self, consent_id: str, account_id: str, since: datetime | None = None,
                     until: datetime | None = None) -> list[RemoteTransaction]:
        """Every transaction of one account booked from `since` (all the bank keeps when
        None) to `until`, following the pages' Next links to the last page."""
        url: str | None = f"{self.base_url}/accounts/{quote(account_id, safe='')}/transactions"
        params = {}
        # The spec's filters are UTC (a bank ignores any offset), written as RFC 3339.
        if since is not None:
            params["fromBookingDateTime"] = since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if until is not None:
            params["toBookingDateTime"] = until.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        found: list[RemoteTransaction] = []
        visited: set[str] = set()
        while url is not None:
            if url in visited or len(visited) >= MAX_PAGES:
                raise self._malformed(f"the pages of {account_id} never end ({url})")
            visited.add(url)
            body = self._psu_get(consent_id, url, params or None)
            found += self._parse_body(body, parsing.transactions)
            url, params = self._next_page(body), {}
        found = [t for t in found if t.account_id == account_id]
        return parsing.fill_missing_ids(found)

    def _next_page(self, body: Any) -> str | None:
        links = body.get("Links") if isinstance(body, dict) else None
        link = links.get("Next") if isinstance(links, dict) else None
        if not link:
            return None
        if not isinstance(link, str):
            raise self._malformed("Links.Next is not a link")
        url = urljoin(self.base_url + "/", link)
        # The token goes only to the bank that issued it: never follow a link elsewhere.
        if urlsplit(url)[:2] != urlsplit(self.base_url)[:2]:
            raise self._malformed(f"Links.Next leaves the bank: {link}")
        return url

    # -- HTTP -----------------------------------------------------------------------------

    def _token(self, consent_id: str) -> str:
        if consent_id not in self._tokens:
            if not self.provider.simulated:
                raise self._logged(self._error("unauthorised", "no access token for this consent"))
            self.authorise(consent_id)
        return self._tokens[consent_id]

    def _psu_get(self, consent_id: str, url: str, params: dict | None = None) -> Any:
        """GET a PSU resource with the consent's token; a refused token is renewed once."""
        for renewed in (False, True):
            try:
                response = self._call("GET", url, self._token(consent_id), params=params)
            except OpenBankingError as error:
                if error.code != "unauthorised" or renewed or not self.provider.simulated:
                    raise
                self._tokens.pop(consent_id, None)
                continue
            return self._parse(response, lambda body: body)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _call(self, method: str, url: str, token: str, *, body: dict | None = None,
              params: dict | None = None, expect: tuple[int, ...] = (200,)
              ) -> requests.Response:
        """Send one request, trying again after a timeout, a 429 or a 5xx."""
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json",
                   "x-fapi-interaction-id": str(uuid.uuid4())}
        if self.provider.financial_id:
            headers["x-fapi-financial-id"] = self.provider.financial_id
        attempts = self.settings.attempts
        for attempt in range(1, attempts + 1):
            wait = min(MAX_BACKOFF_S, 0.5 * 2 ** (attempt - 1))
            try:
                response = self._session.request(
                    method, url, headers=headers, json=body, params=params,
                    timeout=self.settings.timeout_s, allow_redirects=False)
            except requests.Timeout:
                error = self._error("timeout", f"{method} {url} timed out")
            except requests.RequestException as exc:
                error = self._error("unreachable", f"{method} {url}: {exc}")
            else:
                status = response.status_code
                if status in expect:
                    return response
                error = self._refusal(method, url, response)
                if status == 429:
                    asked = _retry_after(response.headers.get("Retry-After"), self._clock())
                    if asked is not None:
                        if asked > self.settings.max_retry_after_s:
                            break
                        wait = asked
                elif status < 500:
                    break
            if attempt < attempts:
                log.info("open banking %s (%s), try %d of %d: %s", error.code,
                         self.provider_key, attempt, attempts, error.params["detail"])
                self._sleep(wait)
        raise self._logged(error)

    def _refusal(self, method: str, url: str, response: requests.Response) -> OpenBankingError:
        """The error an unwanted status stands for."""
        status = response.status_code
        detail = f"{method} {url} -> {status} {response.text[:300]!r}"
        if status == 429:
            return self._error("rate_limited", detail)
        if status >= 500:
            return self._error("server_error", detail)
        if status == 401:
            return self._error("unauthorised", detail)
        if status == 403 and _error_codes(response) & {
                "UK.OBIE.Resource.InvalidConsentStatus", "UK.OBIE.Reauthenticate", ""}:
            return self._error("consent_expired", detail)
        return self._error("rejected", detail)

    def _error(self, code: str, detail: str) -> OpenBankingError:
        # The detail is for the log and for support; the message stays readable.
        error = OpenBankingError.of(code, bank=self.provider.name)
        error.params["detail"] = detail
        return error

    def _logged(self, error: OpenBankingError) -> OpenBankingError:
        log.warning("open banking %s (%s): %s", error.code, self.provider_key,
                    error.params.get("detail", ""))
        return error

    def _malformed(self, detail: str) -> OpenBankingError:
        return self._logged(self._error("malformed", detail))

    def _parse(self, response: requests.Response, parse: Callable[[Any], Any]) -> Any:
        try:
            body = response.json()
        except ValueError:
            raise self._malformed(f"{response.url}: not JSON: {response.text[:200]!r}") from None
        return self._parse_body(body, parse)

    def _parse_body(self, body: Any, parse: Callable[[Any], Any]) -> Any:
        try:
            return parse(body)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise self._malformed(str(exc)) from None


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds a Retry-After asks for (a number or an HTTP date); None when unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - now).total_seconds())
    except (TypeError, ValueError):
        return None


def _error_codes(response: requests.Response) -> set[str]:
    """The OB ErrorCodes of an error answer ({""} when it has none we can read)."""
    try:
        errors = response.json().get("Errors")
        codes = {str(e.get("ErrorCode", "")) for e in errors if isinstance(e, dict)}
    except (ValueError, AttributeError, TypeError):
        codes = set()
    return codes or {""}
