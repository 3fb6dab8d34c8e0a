"""Kiosk agents on a real (module) database with simulated devices and a funded customer."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from hardware.card_reader import CardData
from kiosk.agent_pool import KioskAgentPool
from kiosk.runner import KioskAgent
from shared.demo.cards import luhn_check_digit
from shared.events import InProcessBus
from shared.models import Account, QueueTicket
from shared.models.enums import AccountKind
from shared.money import cards, ledger
from shared.money.card_keys import CardKeys
from shared.money.chart import kiosk_cash_account_number
from tests.factories import make_branch, make_customer, make_kiosk
from tests.money_factories import clearing_account

_numbers = itertools.count(1)
FLOAT_MINOR = 2_000_000  # the simulators' default cassettes hold GBP 20,000


@dataclass
class KioskWorld:
    agents: KioskAgentPool
    agent: KioskAgent
    kiosk_id: int
    kiosk_code: str
    branch_id: int
    customer_id: int
    account_id: int
    savings_id: int
    other_number: str
    cash_account_id: int
    pan: str
    pin: str
    visits: int = 0

    def card(self) -> CardData:
        return CardData(self.pan, "3012")

    def balance(self, account_id: int | None = None) -> int:
        """An account's balance in minor units (the customer's current account by default)."""
        with self.agent.database.session() as s:
            return s.get(Account, account_id or self.account_id).balance_minor

    def tickets(self) -> list[QueueTicket]:
        """The counter tickets this kiosk gave, oldest first."""
        with self.agent.database.session() as s:
            return list(s.scalars(select(QueueTicket).where(
                QueueTicket.device_id == self.kiosk_id).order_by(QueueTicket.id)))

    def sign_in(self) -> dict:
        """Insert the card and type the PIN; return the menu screen."""
        assert self.agent.devices.card_reader.insert_card(self.card())
        self.agent.wait_for(lambda s: s["screen"] == "pin")
        self.agent.devices.pin_pad.type_pin(self.pin)
        return self.agent.wait_for(lambda s: s["screen"] == "menu")

    def sign_in_with_no_held_request(self) -> dict:
        """Card and PIN when no spoken request is held: no prompt, the plain menu."""
        assert self.agent.devices.card_reader.insert_card(self.card())
        pin = self.agent.wait_for(lambda s: s["screen"] == "pin")
        assert "You asked" not in pin["message"]
        self.agent.devices.pin_pad.type_pin(self.pin)
        menu = self.agent.wait_for(lambda s: s["screen"] in ("menu", "confirm_request"))
        assert menu["screen"] == "menu" and "request" not in menu
        return menu

    def act(self, action: str, timeout: float = 10.0, **fields):
        record = self.agent.submit({"action": action, "idempotency_key": uuid.uuid4().hex,
                                    **fields})
        assert record.done.wait(timeout), f"{action} did not finish: {self.agent.snapshot()}"
        return record


def new_pan(n: int) -> str:
    body = f"4929{n:06d}73519"[:15]
    return body + luhn_check_digit(body)


def build_world(database, settings, *, auto_take: bool = False, funded_minor: int = 300_000,
                pin: str = "4321", kiosk_code: str | None = None) -> KioskWorld:
    """A kiosk, its cash account, a customer with a card; accounts in the kiosk's currency.

    The kiosk's code is random unless named; a seeded fault schedule depends on it.
    """
    n = next(_numbers) + 500
    currency = settings.kiosk.currency
    float_minor = sum(c.denomination_minor * c.count for c in settings.kiosk.cassettes)
    keys = CardKeys.from_settings(settings)
    pan = new_pan(n + int(uuid.uuid4().int % 900000))
    with database.session() as s:
        branch = make_branch(s, code=f"KB-{uuid.uuid4().hex[:6]}")
        device = make_kiosk(s, branch, code=kiosk_code or f"{branch.code}-K1")
        cash = Account(number=kiosk_cash_account_number(device.code), kind=AccountKind.INTERNAL,
                       name="kiosk cash", allow_negative=True, branch_id=branch.id,
                       currency=currency)
        # Opening balances come from here (the clearing account is GBP, for bill payments).
        opening = Account(number=f"KO{uuid.uuid4().hex[:10].upper()}", name="opening",
                          kind=AccountKind.INTERNAL, allow_negative=True, currency=currency)
        s.add_all([cash, opening])
        clearing_account(s)
        customer = make_customer(s, branch)
        other = make_customer(s, branch)
        accounts = [Account(number=f"KT{uuid.uuid4().hex[:10].upper()}", customer_id=c.id,
                            kind=AccountKind.CURRENT, name=name, currency=currency)
                    for c, name in ((customer, "Current"), (customer, "Savings"),
                                    (other, "Other"))]
        s.add_all(accounts)
        s.flush()
        cards.issue_card(s, keys, account=accounts[0], pan=pan, pin=pin, expiry="3012")
        ids = (branch.id, device.id, device.code, customer.id, accounts[0].id, accounts[1].id,
               accounts[2].number, cash.id, opening.id)
    (branch_id, kiosk_id, code, customer_id, account_id, savings_id, other_number, cash_id,
     opening_id) = ids
    for target, amount in ((cash_id, -float_minor), (account_id, funded_minor)):
        with database.session() as s:
            ledger.post(s, [ledger.Leg(target, amount), ledger.Leg(opening_id, -amount)],
                        idempotency_key=uuid.uuid4().hex, request={"setup": target},
                        kind="opening_balance", currency=currency,
                        limits=ledger.Limits.from_settings(settings))
    agents = KioskAgentPool(settings, database, InProcessBus(), auto_take=auto_take)
    agent = agents.get(code)
    agent.wait_for(lambda st: st["screen"] == "idle")
    return KioskWorld(agents, agent, kiosk_id, code, branch_id, customer_id, account_id,
                      savings_id, other_number, cash_id, pan, pin)


def paired_api_client(database, settings, world):
    """The app's test client over `world`'s agents, paired with its kiosk (a bearer token)."""
    from kiosk.agent_pool import EXTENSION
    from shared.devices import tokens as kiosk_tokens
    from shared.models import Device
    from smartbranch.app import create_app

    app = create_app(settings, database=database, bus=world.agents.bus)
    app.config.update(TESTING=True)
    app.extensions[EXTENSION] = world.agents
    with database.session() as s:
        token = kiosk_tokens.issue_token(s, s.get(Device, world.kiosk_id)).token
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.fixture(scope="module")
def kiosk_settings(base_settings, fresh_database):
    return fresh_database.settings.model_copy(update={
        "kiosk_agent": base_settings.kiosk_agent.model_copy(update={
            "inactivity_timeout_s": 3.0, "pin_timeout_s": 3.0, "card_take_timeout_s": 1.0,
            "cash_take_timeout_s": 1.0, "notes_insert_timeout_s": 3.0, "action_wait_s": 3.0,
        })})


@pytest.fixture
def world(fresh_database, kiosk_settings):
    built = build_world(fresh_database, kiosk_settings)
    yield built
    built.agents.stop_all()
