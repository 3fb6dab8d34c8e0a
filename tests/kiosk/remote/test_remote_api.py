"""The kiosk API on a web tier whose kiosk agent answers over real NATS from another client."""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass

import pytest

from kiosk.agent_pool import EXTENSION
from kiosk.remote.client import RemoteAgentPool
from kiosk.remote.server import serve_agent
from shared.desk.context import desk_context
from shared.devices import tokens as kiosk_tokens
from shared.models import Account, Device, QueueTicket
from shared.models.enums import TicketStatus
from tests.kiosk.conftest import build_world

pytestmark = pytest.mark.nats


@dataclass
class Remote:
    app: object
    client: object
    world: object
    agent_side: object  # the agent's own NATS connection
    stop_serving: object
    token: str

    @property
    def base(self) -> str:
        return f"/api/kiosks/{self.world.kiosk_code}"

    def post(self, path: str, body: dict):
        return self.client.post(self.base + path, data=json.dumps(body),
                                content_type="application/json")

    def session(self) -> dict:
        response = self.client.get(self.base + "/session")
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def wait_screen(self, *screens: str, timeout: float = 10.0) -> dict:
        """Poll the session API (as the touch page does) until it shows one of `screens`."""
        deadline = time.monotonic() + timeout
        while True:
            state = self.session()
            if state["screen"] in screens:
                return state
            assert time.monotonic() < deadline, f"stuck at {state}"
            time.sleep(0.05)

    def type_pin(self, pin: str) -> None:
        for key in [*pin, "enter"]:
            pressed = self.post("/devices/pin-pad", {"key": key})
            assert pressed.status_code == 200, pressed.get_json()


def remote_settings(settings, nats_url):
    return settings.model_copy(update={"cluster": settings.cluster.model_copy(
        update={"remote_kiosk_agents": True, "nats_url": nats_url})})


@pytest.fixture
def remote(fresh_database, kiosk_settings, nats_url, nats_client):
    from smartbranch.app import create_app

    # Time to take the cash while the actions endpoint waits for the withdrawal.
    kiosk_settings = kiosk_settings.model_copy(update={"kiosk_agent": (
        kiosk_settings.kiosk_agent.model_copy(update={
            "cash_take_timeout_s": 20.0, "inactivity_timeout_s": 20.0, "action_wait_s": 1.0}))})
    world = build_world(fresh_database, kiosk_settings, pin="864213")
    # The agent answers from its own NATS connection, as its process would.
    agent_side = nats_client("agent")
    stop_serving = serve_agent(agent_side, world.agent)
    app = create_app(remote_settings(kiosk_settings, nats_url), database=fresh_database,
                     bus=world.agents.bus)
    app.config.update(TESTING=True)
    with fresh_database.session() as s:
        token = kiosk_tokens.issue_token(s, s.get(Device, world.kiosk_id)).token
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    remote = Remote(app, client, world, agent_side, stop_serving, token)
    yield remote
    remote.stop_serving()
    app.extensions[EXTENSION].stop_all()
    world.agents.stop_all()


def _balance(database, account_id: int) -> int:
    with database.session() as s:
        return s.get(Account, account_id).balance_minor


def test_the_web_tier_runs_no_agent_of_its_own(remote):
    pool = remote.app.extensions[EXTENSION]
    assert isinstance(pool, RemoteAgentPool)
    assert remote.session()["kiosk"] == remote.world.kiosk_code
    assert pool.get("NO-SUCH-KIOSK") is None
    assert remote.client.get("/api/kiosks/NO-SUCH-KIOSK/session").status_code == 404
    # The state the API shows is the agent's (in "its" process), not a copy in the web tier.
    assert remote.session()["screen"] == remote.world.agent.snapshot()["screen"] == "idle"


def test_card_pin_balance_and_withdrawal_over_nats(remote, fresh_database):
    world = remote.world
    # The card goes into the agent's reader (the customer's hand); the rest goes through
    # the web tier's API: session polls, PIN pad keys, actions, taking the cash.
    assert world.agent.devices.card_reader.insert_card(world.card())
    remote.wait_screen("pin")
    remote.type_pin(world.pin)
    menu = remote.wait_screen("menu")
    assert menu["customer"]["card_last4"] == world.pan[-4:]
    assert "accounts" in menu

    balance = remote.post("/actions", {"action": "balance",
                                       "idempotency_key": "bal-" + uuid.uuid4().hex[:12]})
    assert balance.status_code == 200, balance.get_json()
    assert balance.get_json()["status"] == "done"
    assert balance.get_json()["outcome"]["balance_minor"] == 300_000

    withdraw = {"action": "withdraw", "amount_minor": 7000,
                "idempotency_key": "wd-" + uuid.uuid4().hex[:12]}
    first = remote.post("/actions", withdraw)
    # The agent waited action_wait_s for it; the cash is still waiting to be taken.
    assert first.status_code == 202, first.get_json()
    assert first.get_json()["status"] in ("queued", "running")
    remote.wait_screen("take_cash")
    taken = remote.post("/devices/cash/take", {})
    assert taken.status_code == 200 and taken.get_json() == {"ok": True, "amount_minor": 7000}
    # The same key again: the first record, now finished, and no second dispense.
    deadline = time.monotonic() + 10
    while (again := remote.post("/actions", withdraw)).get_json()["status"] != "done":
        assert time.monotonic() < deadline, again.get_json()
        time.sleep(0.1)
    assert again.status_code == 200
    assert again.get_json()["idempotency_key"] == withdraw["idempotency_key"]
    assert _balance(fresh_database, world.account_id) == 300_000 - 7000
    assert _balance(fresh_database, world.cash_account_id) == -2_000_000 + 7000
    devices = remote.client.get(remote.base + "/devices")
    assert devices.status_code == 200
    assert devices.get_json()["kiosk"] == world.kiosk_code
    assert sum(u["count"] * u["denomination_minor"] for u in devices.get_json()["cash_units"]
               if "denomination_minor" in u) == 2_000_000 - 7000


def test_a_replayed_action_is_answered_once(remote, fresh_database):
    world = remote.world
    assert world.agent.devices.card_reader.insert_card(world.card())
    remote.wait_screen("pin")
    remote.type_pin(world.pin)
    remote.wait_screen("menu")
    body = {"action": "transfer", "idempotency_key": "retry-" + uuid.uuid4().hex[:20],
            "from_account_id": world.account_id, "to_account_id": world.savings_id,
            "amount_minor": 1234}
    first = remote.post("/actions", body)
    again = remote.post("/actions", body)
    assert first.status_code == again.status_code == 200
    assert first.get_json() == again.get_json()
    assert first.get_json()["status"] == "done"
    # The agent's inbox refuses the key for another action; the web tier says 409.
    other = remote.post("/actions", {**body, "amount_minor": 999})
    assert other.status_code == 409
    assert "another action" in other.get_json()["message"]
    assert _balance(fresh_database, world.savings_id) == 1234


def test_no_agent_answers_503_with_a_clear_message(remote):
    remote.stop_serving()
    for response in (remote.client.get(remote.base + "/session"),
                     remote.post("/actions", {"action": "balance",
                                              "idempotency_key": "k-" + uuid.uuid4().hex[:10]}),
                     remote.post("/language", {"language": "ko"}),
                     remote.post("/devices/pin-pad", {"key": "1"}),
                     remote.client.get(remote.base + "/devices")):
        assert response.status_code == 503, response.get_data(as_text=True)
        problem = response.get_json()
        assert "out of service" in problem["message"]
        assert problem["errors"] == {"code": "agent_unavailable"}
    # The touch page still opens, in the kiosk's own language, and shows it out of service
    # (its script turns the session's 503 into the out-of-service screen).
    page = remote.client.get(f"/kiosk/{remote.world.kiosk_code}/touch")
    assert page.status_code == 200
    assert 'agent_unavailable' in remote.client.get("/static/kiosk/touch.js").get_data(
        as_text=True)
    # An agent that comes back is answered again at once.
    remote.stop_serving = serve_agent(remote.agent_side, remote.world.agent)
    assert remote.session()["screen"] == "idle"


def test_out_of_service_screen_gives_a_counter_ticket_from_the_web_tier(remote, fresh_database):
    remote.stop_serving()
    key = "oos-" + uuid.uuid4().hex[:20]
    first = remote.post("/out-of-service-ticket", {"idempotency_key": key})
    assert first.status_code == 201, first.get_data(as_text=True)
    ticket = first.get_json()
    assert ticket["number"].startswith("C") and ticket["reason"] == "kiosk_out_of_service"
    assert ticket["printed"] != "printed"  # nothing at the kiosk can print without its agent
    assert ticket["queue_path"] in ticket["queue_url"] and "<svg" in ticket["qr_svg"]
    # A retried press (a lost answer) gets the same ticket; a new press a new one.
    again = remote.post("/out-of-service-ticket", {"idempotency_key": key})
    assert again.status_code == 200 and again.get_json()["number"] == ticket["number"]
    other = remote.post("/out-of-service-ticket", {"idempotency_key": key + "-2"})
    assert other.status_code == 201 and other.get_json()["number"] != ticket["number"]
    with fresh_database.session() as session:
        stored = session.get(QueueTicket, ticket["id"])
        assert stored.context["kiosk"] == remote.world.kiosk_code
        assert stored.context["screen"] == "out_of_service"
        assert stored.device_id is not None and stored.status == TicketStatus.WAITING
    # The teller reads where it came from, never the request key.
    shown = {str(label): str(value) for label, value in desk_context(stored.context, "GBP")}
    assert "Request key" not in shown and shown["Screen"] == "kiosk out of service"
    # Only a paired screen may take one.
    unpaired = remote.app.test_client().post(remote.base + "/out-of-service-ticket",
                                             json={"idempotency_key": key + "-3"})
    assert unpaired.status_code == 401


def test_languages_and_greeting_travel_to_the_agent(remote):
    world = remote.world
    agent = remote.app.extensions[EXTENSION].get(world.kiosk_code)
    assert agent.screen_language() == world.agent.screen_language() == "en"
    chosen = remote.post("/language", {"language": "ko"})
    assert chosen.status_code == 200 and chosen.get_json() == {"language": "ko"}
    assert world.agent.screen_language() == "ko"
    assert remote.session()["language"]["code"] == "ko"
    agent.greet(world.customer_id, "Grace", face_distance=0.31)
    assert remote.session()["greeting"]
    # A recognised customer's language does not override the one chosen here.
    agent.use_customers_language("it")
    assert agent.screen_language() == "ko"
    # Someone the kiosk did not recognise asked: the name goes, the language chosen stays.
    agent.forget_greeting()
    assert "greeting" not in remote.session() and agent.screen_language() == "ko"


def test_simulator_refusals_keep_their_status(remote):
    bad_fault = remote.post("/devices/faults", {"device": "pin_pad", "operation": "nope",
                                                "fault": "jam"})
    assert bad_fault.status_code == 422
    assert "no operation" in bad_fault.get_json()["message"]
    notes = remote.post("/devices/notes", {"notes": {"123": 1}})
    assert notes.status_code == 422 and "only these notes" in notes.get_json()["message"]
    fault = remote.post("/devices/faults", {"device": "receipt_printer",
                                            "operation": "print_receipt", "fault": "jam"})
    assert fault.status_code == 200


def test_an_awaited_withdrawal_holds_up_no_other_request(remote):
    world = remote.world
    agent = remote.app.extensions[EXTENSION].get(world.kiosk_code)
    assert world.agent.devices.card_reader.insert_card(world.card())
    remote.wait_screen("pin")
    remote.type_pin(world.pin)
    remote.wait_screen("menu")
    withdraw = {"action": "withdraw", "amount_minor": 2000,
                "idempotency_key": "wd-" + uuid.uuid4().hex[:12]}
    records = []
    waiting = threading.Thread(target=lambda: records.append(agent.submit(withdraw,
                                                                          wait_s=8.0)))
    waiting.start()
    remote.wait_screen("take_cash")  # the await is now blocked until the cash is taken
    started = time.monotonic()
    assert agent.snapshot()["screen"] == "take_cash"
    key = "b-" + uuid.uuid4().hex[:12]
    assert agent.submit({"action": "balance", "idempotency_key": key}).key == key
    assert time.monotonic() - started < 1.0  # neither waited behind the withdrawal
    assert waiting.is_alive()
    assert agent.simulate("take_cash", {}) == 2000
    waiting.join(8)
    assert records and records[0].status == "done" and records[0].done.is_set()
