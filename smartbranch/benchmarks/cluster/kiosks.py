"""The soak's kiosk customers: paired screens driving card, PIN, withdrawals and deposits.

Each kiosk is paired as a touch screen is (a fresh token issued against the database, then
its pairing link opened: the signed cookie it sets authenticates the rest) and driven only
through the central web tier's HTTP API, which reaches the kiosk's agent at its edge over
NATS: the simulator page's operations are the customer's hands (card in, PIN keys, taking
cash or the card, notes in the tray), the session and actions endpoints the screen.
A 503 "agent unavailable" or a refusal (a kiosk out of service, a cut-off branch) is
counted as refused, never as an error; any other 5xx is an error, timed, so the soak can
tell those inside its fault windows from the rest.
"""

from __future__ import annotations

import collections
import logging
import random
import threading
import time
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select

from shared.demo.cards import demo_card_for
from shared.devices.tokens import issue_token
from shared.devices.tokens import kiosks as kiosk_devices
from shared.models import Card, CardStatus, Customer, QueueTicket
from shared.settings import Settings
from smartbranch.benchmarks.cluster.database import open_database

log = logging.getLogger(__name__)

WITHDRAW_MINOR = 2000
DEPOSIT_NOTES = {"1000": 2}
DEPOSIT_MINOR = 2000
SCREEN_TIMEOUT_S = 30.0
POLL_S = 0.15
STUCK_MESSAGE_CHARS = 60  # of the message a stuck driver reports (amounts vary after it)
REFUSED_PAUSE_S = 2.0  # out of service or no agent: look again after this
AGENT_UNAVAILABLE = "agent_unavailable"
# A ticket stays on screen until the next customer: the kiosk is ready for a card.
IDLE = ("idle", "ticket")
# Screens that end a visit, and what the customer takes there, when the driver waited for
# another: the visit is over (a card refused, a step-up to the counter).
ENDS_A_VISIT = {"take_card": "/card/take", "ticket": ""}


class Refused(Exception):
    """The kiosk cannot serve now (out of service, no agent, the action refused)."""


class TurnCut(Exception):
    """A turn that did not go as the driver planned; `reason` names where (the same for
    every kiosk, so the report can count them)."""

    def __init__(self, code: str, reason: str):
        super().__init__(f"{code}: {reason}")
        self.reason = reason


class Stuck(TurnCut):
    """The kiosk did not reach the screen the customer waits for."""


class EndedEarly(TurnCut):
    """The kiosk ended the visit first (a card refused, a step-up to the counter); the
    customer took what it gave back, as a customer would."""


@dataclass
class KioskReport:
    withdrawals: int = 0
    deposits: int = 0
    refused: int = 0
    errors_5xx: int = 0
    turns: int = 0
    stuck: int = 0
    stuck_reasons: dict[str, int] = field(default_factory=dict)
    ended_early: int = 0
    ended_early_reasons: dict[str, int] = field(default_factory=dict)
    # (when (time.time()), kiosk, status, path) of each 5xx counted in errors_5xx.
    errors: list[tuple[float, str, int, str]] = field(default_factory=list, repr=False)

    def add(self, other: KioskReport) -> None:
        for name in ("withdrawals", "deposits", "refused", "errors_5xx", "turns", "stuck",
                     "ended_early"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for mine, theirs in ((self.stuck_reasons, other.stuck_reasons),
                             (self.ended_early_reasons, other.ended_early_reasons)):
            for reason, count in theirs.items():
                mine[reason] = mine.get(reason, 0) + count
        self.errors += other.errors

    def count(self, cut: TurnCut) -> None:
        if isinstance(cut, Stuck):
            self.stuck += 1
            reasons = self.stuck_reasons
        else:
            self.ended_early += 1
            reasons = self.ended_early_reasons
        reasons[cut.reason] = reasons.get(cut.reason, 0) + 1


def demo_customers(session, limit: int = 500) -> list[str]:
    """Customer numbers with an active demo card (their PIN is the demo PIN)."""
    return list(session.scalars(
        select(Customer.customer_number).join(Card, Card.customer_id == Customer.id)
        .where(Card.status == CardStatus.ACTIVE, Customer.customer_number.like("SB%"))
        .order_by(Customer.customer_number).limit(limit)))


def pairing_tokens(session, codes: list[str]) -> dict[str, str]:
    """Issue each kiosk a new token (the old one stops working) and return them."""
    return {device.code: issue_token(session, device).token
            for device in kiosk_devices(session, codes)}


class CustomerLine:
    """The demo customers in turn, the one whose last turn is oldest first, for every kiosk.

    Drawn at random from 10 customers a branch, customers met the fraud rules' velocity
    limit (4 withdrawals in 30 minutes) within minutes once turns were quick, and from then
    on most withdrawals were step-ups to the counter (1,094 of 2,798 turns at 10 branches):
    the soak measured the fraud rule, not the cash path. In turn, each customer's visits are
    spread evenly, and the lab loads enough of them (lab.CUSTOMERS_PER_BRANCH).
    """

    def __init__(self, customers: list[str], seed: int = 0):
        shuffled = list(customers)
        random.Random(seed).shuffle(shuffled)
        self._line = collections.deque(shuffled)
        self._lock = threading.Lock()

    def next(self) -> str:
        with self._lock:
            number = self._line.popleft()
            self._line.append(number)
        return number


class KioskDriver:
    """One kiosk's customers, one turn after another, until stopped."""

    def __init__(self, base_url: str, code: str, token: str, customers: CustomerLine,
                 stop: threading.Event, seed: int):
        import requests

        self.base_url = base_url
        self.code = code
        self.token = token
        self.customers = customers
        self.stop = stop
        self.report = KioskReport()
        self.http = requests.Session()
        self.http.headers["User-Agent"] = "SmartBranchSoakKiosk/1.0"
        self.api = f"{base_url}/api/kiosks/{code}"
        self._withdraw_next = seed % 2 == 0

    # -- HTTP ---------------------------------------------------------------------------
    def pair(self) -> None:
        answer = self.http.get(f"{self.base_url}/kiosk/{self.code}/pair",
                               params={"token": self.token}, allow_redirects=False, timeout=30)
        if answer.status_code != 302:
            raise RuntimeError(f"pairing {self.code} failed ({answer.status_code})")

    def _call(self, method: str, path: str, body: dict | None = None):
        """Send one request; Refused on an unavailable agent, a counted error on other 5xx."""
        import requests

        try:
            answer = self.http.request(method, self.api + path, json=body, timeout=30)
        except requests.RequestException as exc:
            raise Refused(f"{path}: {exc}") from exc
        if answer.status_code == 503 and _code(answer) == AGENT_UNAVAILABLE:
            raise Refused(f"{path}: no agent")
        if answer.status_code >= 500:
            self.report.errors_5xx += 1
            self.report.errors.append((time.time(), self.code, answer.status_code, path))
            raise Refused(f"{path}: {answer.status_code}")
        return answer

    def session(self) -> dict:
        answer = self._call("GET", "/session")
        if answer.status_code != 200:
            raise Refused(f"session: {answer.status_code}")
        return answer.json()

    def wait_screen(self, *screens: str, timeout_s: float = SCREEN_TIMEOUT_S) -> dict:
        deadline = time.monotonic() + timeout_s
        # The screen before the one the kiosk stayed on, and what it said: why it went there.
        last, before = None, None
        while True:
            state = self.session()
            if state["screen"] in screens:
                return state
            if state["screen"] == "out_of_service":
                raise Refused("out of service")
            came = f" after {before[0]} {before[1]!r}" if before else ""
            where = f"at {state['screen']}{came}, waiting for {'/'.join(screens)}"
            if state["screen"] in ENDS_A_VISIT:
                # Left there, a card is kept by the kiosk and refused to every later turn.
                if take := ENDS_A_VISIT[state["screen"]]:
                    self.device(take)
                raise EndedEarly(self.code, where)
            if time.monotonic() > deadline:
                raise Stuck(self.code, where)
            if last is not None and last[0] != state["screen"]:
                before = last
            last = (state["screen"], (state.get("message") or "")[:STUCK_MESSAGE_CHARS])
            time.sleep(POLL_S)

    def act(self, action: str, **fields) -> dict:
        body = {"action": action, "idempotency_key": f"soak-{uuid.uuid4().hex[:24]}", **fields}
        answer = self._call("POST", "/actions", body)
        if answer.status_code not in (200, 202):
            raise Refused(f"{action}: {answer.status_code} {answer.text[:200]}")
        record = answer.json()
        if record["status"] == "refused":
            raise Refused(f"{action} refused: {record['outcome']}")
        return record

    def device(self, path: str, body: dict | None = None) -> dict:
        answer = self._call("POST", "/devices" + path, body or {})
        if answer.status_code != 200:
            raise Refused(f"devices{path}: {answer.status_code}")
        return answer.json()

    # -- a customer's turn ----------------------------------------------------------------
    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.turn()
            except Refused as why:
                self.report.refused += 1
                log.debug("kiosk %s refused: %s", self.code, why)
                self.stop.wait(REFUSED_PAUSE_S)
            except TurnCut as why:
                self.report.count(why)
                log.info("kiosk %s", why)
            except Exception:  # noqa: BLE001 - a driver keeps going; the checks judge
                log.exception("kiosk %s: a turn failed", self.code)
                self.stop.wait(REFUSED_PAUSE_S)
            self.settle()

    def turn(self) -> None:
        """Card, PIN, a withdrawal or a deposit, and the card back."""
        self.wait_screen(*IDLE)
        number = self.customers.next()
        if not self.device("/card", {"customer_number": number}).get("ok"):
            raise Stuck(self.code, "the card slot is busy")
        self.report.turns += 1
        self.wait_screen("pin")
        for key in [*demo_card_for(number).pin, "enter"]:
            self.device("/pin-pad", {"key": key})
        self.wait_screen("menu")
        withdraw, self._withdraw_next = self._withdraw_next, not self._withdraw_next
        if withdraw:
            self.withdraw()
        else:
            self.deposit()
        self.act("finish")

    def withdraw(self) -> None:
        self.act("withdraw", amount_minor=WITHDRAW_MINOR)
        self.wait_screen("take_cash")
        taken = self.device("/cash/take")
        if taken.get("amount_minor"):
            self.report.withdrawals += 1
        self.wait_screen("menu")

    def deposit(self) -> None:
        self.act("deposit")
        self.wait_screen("insert_notes")
        if not self.device("/notes", {"notes": DEPOSIT_NOTES}).get("ok"):
            raise Stuck(self.code, "the acceptor took no notes")
        state = self.wait_screen("confirm_deposit")
        if state.get("escrow_minor") != DEPOSIT_MINOR:
            raise Stuck(self.code, f"escrow shows {state.get('escrow_minor')}")
        self.act("deposit_confirm")
        self.wait_screen("menu")
        self.report.deposits += 1

    def settle(self, timeout_s: float = SCREEN_TIMEOUT_S * 2) -> None:
        """Bring the kiosk back to idle: take what it offers, finish the customer's turn."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                screen = self.session()["screen"]
                if screen == "ticket":
                    self.device("/card/take")  # a card given back with the ticket, if any
                if screen in (*IDLE, "out_of_service", "starting"):
                    return
                if screen == "take_cash":
                    self.device("/cash/take")
                elif screen == "take_card":
                    self.device("/card/take")
                elif screen in ("menu", "pin", "wallet_code", "voice",
                                "confirm_request"):
                    self.act("cancel" if screen == "pin" else "finish")
                elif screen in ("insert_notes", "confirm_deposit"):
                    self.act("deposit_cancel")
                    self.device("/notes/take")
                else:
                    self.device("/notes/take")  # returned notes, if any, then look again
            except (Refused, Stuck):
                pass  # the agent may be failing over: look again
            time.sleep(POLL_S * 2)
        log.info("kiosk %s did not come back to idle", self.code)


def _code(answer) -> str | None:
    try:
        return (answer.json().get("errors") or {}).get("code")
    except ValueError:
        return None


class KioskDrivers:
    """A driver thread per kiosk; stop() lets each finish its turn and sums the reports."""

    def __init__(self, base_url: str, database_url: str, kiosks: list[str], *,
                 settings: Settings | None = None):
        self.base_url = base_url
        self.database_url = database_url
        self.kiosks = list(kiosks)
        self.settings = settings
        self._stop = threading.Event()
        self._drivers: list[KioskDriver] = []
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        database = open_database(self.database_url, self.settings)
        try:
            with database.session() as session:
                tokens = pairing_tokens(session, self.kiosks)
                customers = demo_customers(session)
        finally:
            database.dispose()
        if not customers:
            raise RuntimeError("no demo customer has an active card")
        line = CustomerLine(customers)
        for n, code in enumerate(self.kiosks):
            driver = KioskDriver(self.base_url, code, tokens[code], line, self._stop, n)
            driver.pair()
            self._drivers.append(driver)
        for driver in self._drivers:
            thread = threading.Thread(target=driver.run, name=f"kiosk-{driver.code}",
                                      daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout_s: float = 120.0) -> KioskReport:
        self._stop.set()
        deadline = time.monotonic() + timeout_s
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        report = KioskReport()
        for driver in self._drivers:
            report.add(driver.report)
            driver.http.close()
        return report


def counter_tickets(database_url: str, since, settings: Settings | None = None
                    ) -> dict[str, int]:
    """Counter tickets the kiosks gave since `since`, by reason and the problem or fraud
    rules their context names: the kiosks' own account of the turns the drivers saw fail."""
    database = open_database(database_url, settings)
    try:
        with database.session() as session:
            rows = session.execute(select(QueueTicket.reason, QueueTicket.context).where(
                QueueTicket.device_id.is_not(None), QueueTicket.created_at >= since)).all()
    finally:
        database.dispose()
    found: dict[str, int] = {}
    for reason, context in rows:
        context = context or {}
        why = context.get("problem") or ",".join(context.get("fraud_rules") or ())
        key = f"{reason}: {why}" if why else reason
        found[key] = found.get(key, 0) + 1
    return dict(sorted(found.items(), key=lambda kv: -kv[1]))
