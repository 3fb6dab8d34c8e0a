"""A simulated other bank: the UK Open Banking Account and Transaction API v3.1, over HTTP.

It serves, under BASE_PATH, the account-access consents, accounts, balances and
transactions of deterministic PSUs (`simulated_data`), with the spec's headers, error
bodies and pagination, and injects faults from a `FaultPlan`. A real PSU approves a
consent at their bank after a redirect; here `POST {BASE_PATH}/simulated/authorise/<id>`
with `{"psu_id": ...}` stands for that and answers with the access token (and
`.../simulated/revoke/<id>` stands for the PSU revoking it at the bank). `serve_simulated_bank`
runs it on a real port in a thread, so clients talk real HTTP to it.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import wraps
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Flask, Response, current_app, g, request
from werkzeug.serving import make_server

from shared.openbanking import simulated_payloads as payloads
from shared.openbanking.faults import BankFault, FaultPlan
from shared.openbanking.simulated_data import first_available
from shared.openbanking.simulated_state import (
    AUTHORISED,
    REVOKED,
    BankState,
    ConsentProblem,
    SimConsent,
    check_permissions,
)
from shared.settings import OpenBankingSettings

log = logging.getLogger(__name__)

BASE_PATH = "/open-banking/v3.1/aisp"
# The bank's x-fapi-financial-id; a provider entry for it names this one.
SIMULATED_FINANCIAL_ID = "0015800001SIMBANK"
PAGE_SIZE = 25
PERMISSIONS = {
    "ReadAccountsBasic", "ReadAccountsDetail", "ReadBalances", "ReadBeneficiariesBasic",
    "ReadBeneficiariesDetail", "ReadDirectDebits", "ReadOffers", "ReadPAN", "ReadParty",
    "ReadPartyPSU", "ReadProducts", "ReadScheduledPaymentsBasic",
    "ReadScheduledPaymentsDetail", "ReadStandingOrdersBasic", "ReadStandingOrdersDetail",
    "ReadStatementsBasic", "ReadStatementsDetail", "ReadTransactionsBasic",
    "ReadTransactionsCredits", "ReadTransactionsDebits", "ReadTransactionsDetail",
}
JSON = "application/json; charset=utf-8"
# The required fields a MISSING_FIELDS fault takes out of every record of an answer.
_REQUIRED = ("AccountId", "Amount", "ConsentId", "CreditDebitIndicator")

bp = Blueprint("simulated_bank", __name__, url_prefix=BASE_PATH)


@dataclass
class SimulatedBank:
    """The state and knobs of one simulated bank app (app.extensions["simulated_bank"])."""

    state: BankState
    faults: FaultPlan
    financial_id: str
    page_size: int
    stopping: threading.Event


def create_simulated_bank(seed: int = 0, faults: FaultPlan | None = None, *,
                          clock: Callable[[], datetime] | None = None,
                          financial_id: str = SIMULATED_FINANCIAL_ID,
                          page_size: int = PAGE_SIZE, token_ttl_s: int = 3600) -> Flask:
    """Build the simulated bank: PSUs drawn from `seed`, faults from `faults` (none when
    None), time from `clock` (now, UTC, when None)."""
    app = Flask(__name__)
    app.extensions["simulated_bank"] = SimulatedBank(
        state=BankState(seed, clock or (lambda: datetime.now(UTC)), token_ttl_s),
        faults=faults or FaultPlan(), financial_id=financial_id, page_size=page_size,
        stopping=threading.Event())
    app.register_blueprint(bp)
    app.after_request(_interaction_id)
    for status in (404, 405):
        app.register_error_handler(status, lambda e: Response(status=e.code))
    return app


def _bank() -> SimulatedBank:
    return current_app.extensions["simulated_bank"]


def _interaction_id(response: Response) -> Response:
    # Every answer carries the caller's correlation id back, or a new one (the spec's rule).
    given = request.headers.get("x-fapi-interaction-id", "").strip()
    response.headers["x-fapi-interaction-id"] = given or str(uuid.uuid4())
    return response


# -- answers ------------------------------------------------------------------------------

def _json(body: dict, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type=JSON)


def _error(status: int, error_code: str, message: str, path: str = "") -> Response:
    """An OBErrorResponse1 answer."""
    error = {"ErrorCode": error_code, "Message": message[:500]}
    if path:
        error["Path"] = path
    titles = {400: "400 BadRequest", 403: "403 Forbidden", 500: "500 InternalServerError"}
    return _json({"Code": titles.get(status, str(status)), "Id": str(uuid.uuid4()),
                  "Message": message[:500], "Errors": [error]}, status)


def _document(data: dict, self_url: str | None = None, meta: dict | None = None) -> Response:
    return _json({"Data": data, "Links": {"Self": self_url or request.url},
                  "Meta": meta or {"TotalPages": 1}})


def _corrupt(response: Response, fault: BankFault) -> Response:
    """Spoil a good answer the way a broken bank or proxy would."""
    text = response.get_data(as_text=True)
    if fault is BankFault.MALFORMED_JSON:
        response.set_data(text[: max(1, len(text) // 2)])
        return response
    body = json.loads(text)

    def strip(node):
        if isinstance(node, dict):
            for key in _REQUIRED:
                node.pop(key, None)
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for value in node:
                strip(value)

    strip(body.get("Data"))
    response.set_data(json.dumps(body))
    return response


# -- what every endpoint does first -------------------------------------------------------

def endpoint(name: str, *, psu_token: bool):
    """Check the FAPI headers and the token, apply the endpoint's fault, then answer."""

    def decorate(view):
        @wraps(view)
        def wrapper(**kwargs):
            bank = _bank()
            financial_id = request.headers.get("x-fapi-financial-id")
            if bank.financial_id and financial_id is None:
                return _error(400, "UK.OBIE.Header.Missing", "x-fapi-financial-id is missing",
                              "x-fapi-financial-id")
            if bank.financial_id and financial_id != bank.financial_id:
                return _error(403, "UK.OBIE.Header.Invalid",
                              "x-fapi-financial-id names another bank", "x-fapi-financial-id")
            kind, _, token = request.headers.get("Authorization", "").partition(" ")
            if kind.lower() != "bearer" or not token.strip():
                return Response(status=401)
            fault = bank.faults.draw(name)
            if fault is BankFault.SLOW:
                # Answer late (and not at all once the bank stops): past the client's timeout.
                if bank.stopping.wait(bank.faults.slow_s):
                    return _error(500, "UK.OBIE.UnexpectedError", "The bank is stopping")
            elif fault is BankFault.RATE_LIMITED:
                return Response(status=429,
                                headers={"Retry-After": str(bank.faults.retry_after_s)})
            elif fault is BankFault.CONSENT_EXPIRED:
                return _error(403, "UK.OBIE.Resource.InvalidConsentStatus",
                              "The consent has expired")
            elif fault is BankFault.SERVER_ERROR:
                return _error(500, "UK.OBIE.UnexpectedError", "Something went wrong")
            if psu_token:
                consent = bank.state.consent_for_token(token.strip())
                if consent is None:
                    return Response(status=401)
                refused = _refusal(consent, bank.state.clock())
                if refused is not None:
                    return refused
                g.consent = consent
            response = view(**kwargs)
            if fault in (BankFault.MALFORMED_JSON, BankFault.MISSING_FIELDS) \
                    and response.status_code == 200:
                response = _corrupt(response, fault)
            return response

        return wrapper

    return decorate


def _refusal(consent: SimConsent, now: datetime) -> Response | None:
    if consent.deleted or consent.status == REVOKED:
        return _error(403, "UK.OBIE.Resource.InvalidConsentStatus", "The consent was revoked")
    if consent.status != AUTHORISED:
        return _error(403, "UK.OBIE.Resource.InvalidConsentStatus",
                      "The consent is not authorised")
    if consent.expires_at is not None and consent.expires_at <= now:
        return _error(403, "UK.OBIE.Resource.InvalidConsentStatus", "The consent has expired")
    return None


def _date_time(value: str | None, path: str) -> datetime | None:
    """Read an ISO date-time; the spec says a filter's time zone is ignored (read as UTC)."""
    if value is None or value == "":
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ConsentProblem("UK.OBIE.Field.InvalidDate", f"{path} is not a date-time",
                             path) from None
    return parsed.replace(tzinfo=UTC)


# -- account-access consents --------------------------------------------------------------

@bp.post("/account-access-consents")
@endpoint("create_consent", psu_token=False)
def create_consent():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _error(400, "UK.OBIE.Resource.InvalidFormat", "The body is not a JSON object")
    data = body.get("Data")
    if not isinstance(data, dict):
        return _error(400, "UK.OBIE.Field.Missing", "Data is missing", "Data")
    if not isinstance(body.get("Risk"), dict):
        return _error(400, "UK.OBIE.Field.Missing", "Risk is missing", "Risk")
    permissions = data.get("Permissions")
    try:
        if not isinstance(permissions, list):
            raise ConsentProblem("UK.OBIE.Field.Missing", "Permissions are missing",
                                 "Data.Permissions")
        check_permissions(permissions, PERMISSIONS)
        # The consent's own dates keep their offsets (only filters ignore time zones).
        expires = _consent_date(data, "ExpirationDateTime")
        consent = _bank().state.create(
            tuple(dict.fromkeys(permissions)), expires,
            _consent_date(data, "TransactionFromDateTime"),
            _consent_date(data, "TransactionToDateTime"))
    except ConsentProblem as problem:
        return _error(400, problem.error_code, problem.message, problem.path)
    url = f"{request.host_url.rstrip('/')}{BASE_PATH}/account-access-consents/{consent.consent_id}"
    return _json({"Data": payloads.consent(consent), "Risk": {}, "Links": {"Self": url},
                  "Meta": {"TotalPages": 1}}, 201)


def _consent_date(data: dict, key: str) -> datetime | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise ConsentProblem("UK.OBIE.Field.InvalidDate", f"{key} is not a date-time",
                             f"Data.{key}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@bp.get("/account-access-consents/<consent_id>")
@endpoint("get_consent", psu_token=False)
def get_consent(consent_id: str):
    consent = _bank().state.get(consent_id)
    if consent is None:
        return _error(400, "UK.OBIE.Resource.NotFound", "No such consent", "ConsentId")
    return _json({"Data": payloads.consent(consent), "Risk": {},
                  "Links": {"Self": request.url}, "Meta": {"TotalPages": 1}})


@bp.delete("/account-access-consents/<consent_id>")
@endpoint("delete_consent", psu_token=False)
def delete_consent(consent_id: str):
    if not _bank().state.delete(consent_id):
        return _error(400, "UK.OBIE.Resource.NotFound", "No such consent", "ConsentId")
    return Response(status=204)


@bp.post("/simulated/authorise/<consent_id>")
def simulated_authorise(consent_id: str):
    """Stand for the PSU approving the consent at their bank; answer the access token."""
    body = request.get_json(silent=True) or {}
    state = _bank().state
    try:
        token, consent = state.authorise(consent_id, str(body.get("psu_id") or ""))
    except ConsentProblem as problem:
        status = 403 if "Consent" in problem.error_code else 400
        return _error(status, problem.error_code, problem.message, problem.path)
    return _json({"access_token": token, "token_type": "Bearer",
                  "expires_in": int(state.token_ttl.total_seconds()),
                  "consent_id": consent.consent_id, "psu_id": consent.psu_id})


@bp.post("/simulated/revoke/<consent_id>")
def simulated_revoke(consent_id: str):
    """Stand for the PSU revoking the consent in their bank's own app."""
    if not _bank().state.revoke(consent_id):
        return _error(400, "UK.OBIE.Resource.NotFound", "No such consent", "ConsentId")
    return Response(status=204)


# -- accounts, balances, transactions -----------------------------------------------------

def _accounts_of(consent: SimConsent):
    psu, history = _bank().state.psu(consent.psu_id)
    return {"current": psu.current, "card": psu.card}, history


def _find(consent: SimConsent, account_id: str):
    accounts, history = _accounts_of(consent)
    for key, account in accounts.items():
        if account.account_id == account_id:
            return key, account, history
    return None


def _needs(consent: SimConsent, *any_of: str) -> Response | None:
    if not any(consent.allows(p) for p in any_of):
        return _error(403, "UK.OBIE.Resource.ConsentMismatch",
                      f"The consent does not allow {any_of[0]}")
    return None


def _account_list(consent: SimConsent, only: str | None = None) -> Response:
    refused = _needs(consent, "ReadAccountsBasic", "ReadAccountsDetail")
    if refused:
        return refused
    accounts, _ = _accounts_of(consent)
    detail, pan = consent.allows("ReadAccountsDetail"), consent.allows("ReadPAN")
    chosen = [a for a in accounts.values() if only in (None, a.account_id)]
    if not chosen:
        return _error(400, "UK.OBIE.Resource.NotFound", "No such account", "AccountId")
    return _document({"Account": [payloads.account(a, detail, pan) for a in chosen]})


@bp.get("/accounts")
@endpoint("accounts", psu_token=True)
def accounts():
    return _account_list(g.consent)


@bp.get("/accounts/<account_id>")
@endpoint("account", psu_token=True)
def account(account_id: str):
    return _account_list(g.consent, account_id)


@bp.get("/accounts/<account_id>/balances")
@endpoint("balances", psu_token=True)
def balances(account_id: str):
    refused = _needs(g.consent, "ReadBalances")
    if refused:
        return refused
    found = _find(g.consent, account_id)
    if found is None:
        return _error(400, "UK.OBIE.Resource.NotFound", "No such account", "AccountId")
    key, sim_account, history = found
    now = _bank().state.clock()
    return _document({"Balance": payloads.balances(sim_account, history.balance(key, now), now)})


@bp.get("/accounts/<account_id>/transactions")
@endpoint("transactions", psu_token=True)
def transactions(account_id: str):
    consent = g.consent
    refused = _needs(consent, "ReadTransactionsBasic", "ReadTransactionsDetail")
    if refused:
        return refused
    found = _find(consent, account_id)
    if found is None:
        return _error(400, "UK.OBIE.Resource.NotFound", "No such account", "AccountId")
    key, sim_account, history = found
    try:
        since = _date_time(request.args.get("fromBookingDateTime"), "fromBookingDateTime")
        until = _date_time(request.args.get("toBookingDateTime"), "toBookingDateTime")
        page = int(request.args.get("page", "1"))
    except ConsentProblem as problem:
        return _error(400, problem.error_code, problem.message, problem.path)
    except ValueError:
        return _error(400, "UK.OBIE.Field.Invalid", "page is not a number", "page")
    now = _bank().state.clock()
    # The consent's own window narrows the filters; so do its credit and debit permissions.
    since = max(filter(None, (since, consent.transactions_from)), default=None)
    until = min(filter(None, (until, consent.transactions_to)), default=None)
    credits, debits = (consent.allows("ReadTransactionsCredits"),
                       consent.allows("ReadTransactionsDebits"))
    shown = [t for t in reversed(history.transactions(key, now))  # newest first
             if (since is None or t.booked_at >= since) and (until is None or t.booked_at <= until)
             and (credits if t.amount_minor >= 0 else debits)]
    size = _bank().page_size
    pages = max(1, -(-len(shown) // size))
    if not 1 <= page <= pages:
        return _error(400, "UK.OBIE.Field.Invalid", f"page must be from 1 to {pages}", "page")
    detail = consent.allows("ReadTransactionsDetail")
    items = [payloads.transaction(t, now, sim_account.currency, detail)
             for t in shown[(page - 1) * size: page * size]]

    def link(n: int) -> str:
        query = {k: v for k, v in request.args.items() if k != "page"}
        return f"{request.base_url}?{urlencode({**query, 'page': n})}"

    links = {"Self": link(page), "First": link(1), "Last": link(pages)}
    if page > 1:
        links["Prev"] = link(page - 1)
    if page < pages:
        links["Next"] = link(page + 1)
    meta = {"TotalPages": pages, "FirstAvailableDateTime": payloads.iso(first_available(now)),
            "LastAvailableDateTime": payloads.iso(now)}
    return _json({"Data": {"Transaction": items}, "Links": links, "Meta": meta})


# -- on a real port -----------------------------------------------------------------------

@dataclass
class SimulatedBankHandle:
    """A simulated bank serving on a port; `url` is its API base (a provider's base_url)."""

    url: str
    root_url: str
    app: Flask
    _server: object
    _thread: threading.Thread

    @property
    def faults(self) -> FaultPlan:
        return self.app.extensions["simulated_bank"].faults

    @property
    def state(self) -> BankState:
        return self.app.extensions["simulated_bank"].state

    def stop(self) -> None:
        """Stop serving, release answers held by a SLOW fault, free the port."""
        self.app.extensions["simulated_bank"].stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def serve_simulated_bank(port: int = 0, host: str = "127.0.0.1", *, seed: int = 0,
                         faults: FaultPlan | None = None,
                         clock: Callable[[], datetime] | None = None,
                         financial_id: str = SIMULATED_FINANCIAL_ID,
                         page_size: int = PAGE_SIZE) -> SimulatedBankHandle:
    """Serve a simulated bank (see create_simulated_bank) on `host:port` (0: any free port)
    in a thread of its own; each request is answered in a thread too."""
    app = create_simulated_bank(seed, faults, clock=clock, financial_id=financial_id,
                                page_size=page_size)
    server = make_server(host, port, app, threaded=True)
    # A short poll keeps stop() quick (serve_forever notices a shutdown between polls).
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="simulated-bank", daemon=True)
    thread.start()
    root = f"http://{host}:{server.server_port}"
    return SimulatedBankHandle(root + BASE_PATH, root, app, server, thread)


def serve_configured_bank(settings: OpenBankingSettings, *, seed: int = 0,
                          host: str = "127.0.0.1",
                          faults: FaultPlan | None = None) -> SimulatedBankHandle | None:
    """Serve the simulated bank on `settings.simulated_bank_port` (None when it is 0), with
    the x-fapi-financial-id of the simulated provider that names it (none asked if blank)."""
    port = settings.simulated_bank_port
    if not port:
        return None
    served = [p for p in settings.providers.values()
              if p.simulated and urlsplit(p.base_url).port == port]
    if not served:
        log.warning("no simulated provider in openbanking.providers has a base_url on port %s",
                    port)
    financial_id = served[0].financial_id if served else SIMULATED_FINANCIAL_ID
    handle = serve_simulated_bank(port, host, seed=seed, faults=faults,
                                  financial_id=financial_id)
    log.info("simulated bank serving at %s", handle.url)
    return handle
