"""The cluster soak's load generators and end checks, each shown able to fail.

The checks run against real databases (commits are real: `fresh_database`), the door feed
and the burst through real nats-server processes (a hub and one branch leaf) into the real
ingest, the tablets against the real app served on a loopback port.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select

from shared.biometrics.consent import give_consent
from shared.cluster.ingest import create_ingest
from shared.cluster.records import DoorArrival, DoorCount, EdgeRecord
from shared.events import InProcessBus
from shared.models import Device, EdgeEventIngested, LedgerTransaction, Posting
from shared.models.enums import ConsentChannel, DeviceKind, Modality, PrivacyMode
from smartbranch.benchmarks.cluster import feed_ids
from smartbranch.benchmarks.cluster.checks import RssSampler, cash_checks, event_checks
from tests.factories import make_branch, make_customer
from tests.shared.cluster.conftest import nats_pair  # noqa: F401 - the hub and leaf fixture


def _url(database) -> str:
    return database.settings.database.url


class Floor:
    """A branch with a door camera and a consenting customer, committed for real."""

    def __init__(self, database, code: str):
        with database.session() as session:
            branch = make_branch(session, code=code, privacy_mode=PrivacyMode.AMBIENT)
            door = Device(branch_id=branch.id, code=f"{code}-DOOR", kind=DeviceKind.DOOR_CAMERA,
                          name="Door")
            session.add(door)
            customer = make_customer(session, branch)
            give_consent(session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
            session.flush()
            self.code, self.branch_id, self.door_id = code, branch.id, door.id
            self.customer_id = customer.id


# -- ids ------------------------------------------------------------------------------------
def test_feed_ids_say_what_they_add_and_ignore_other_ids():
    at = datetime(2026, 12, 6, 15, 0, 1, 234000, tzinfo=UTC)
    assert feed_ids.parse(feed_ids.arrival_id("r1", 7, 3, 42, at)) == feed_ids.FeedArrival(
        3, 42, at)
    bucket = feed_ids.feed_bucket(at)
    assert bucket.microsecond == 7000 and bucket.second == 1
    assert feed_ids.parse(feed_ids.count_id("r1", 8, 5, bucket)) == feed_ids.FeedCount(5, bucket)
    for other in ("door-a-1-2-3", "feed-r1-x1-2-3", "feed-r1-a1-2", "3f2a9c", "feed-r-cx-1-2"):
        assert feed_ids.parse(other) is None


# -- event checks ---------------------------------------------------------------------------
def _apply(database, records) -> None:
    from shared.cluster.ingest import apply_records

    with database.session(write=True) as session:
        apply_records(session, InProcessBus(), records)


def test_event_checks_see_a_lost_id_and_effects_applied_twice(fresh_database):
    floor = Floor(fresh_database, "EVC-01")
    now = datetime.now(UTC).replace(microsecond=0)
    arrival_id = feed_ids.arrival_id("evc", 0, floor.branch_id, floor.customer_id, now)
    bucket = feed_ids.feed_bucket(now)
    count_ids = [feed_ids.count_id("evc", n, floor.door_id, bucket) for n in (1, 2)]
    arrival = EdgeRecord(arrival_id, floor.code, DoorArrival(
        branch_id=floor.branch_id, customer_id=floor.customer_id, score=0.3,
        at=feed_ids.parse(arrival_id).at, window_s=0.0))
    counts = [EdgeRecord(i, floor.code, DoorCount(branch_id=floor.branch_id,
                                                  device_id=floor.door_id, bucket_start=bucket,
                                                  people=1, identified=0)) for i in count_ids]
    _apply(fresh_database, [arrival, *counts])
    sent = {arrival_id, *count_ids}
    url = _url(fresh_database)
    clean = event_checks(url, sent, settings=fresh_database.settings)
    assert (clean["lost"], clean["duplicated"], clean["sent"]) == (0, 0, 3)

    never = feed_ids.count_id("evc", 3, floor.door_id, bucket)
    assert event_checks(url, sent | {never}, settings=fresh_database.settings)["lost"] == 1

    # A redelivery whose claim was lost (the row gone) applies its effect a second time.
    with fresh_database.session() as session:
        session.execute(delete(EdgeEventIngested).where(
            EdgeEventIngested.event_id.in_([arrival_id, count_ids[0]])))
    lost = event_checks(url, sent, settings=fresh_database.settings)
    assert lost["lost"] == 2
    _apply(fresh_database, [arrival, counts[0]])
    doubled = event_checks(url, sent, settings=fresh_database.settings)
    assert (doubled["lost"], doubled["doubled_visits"], doubled["doubled_people"]) == (0, 1, 1)
    assert doubled["duplicated"] == 2


# -- cash checks ----------------------------------------------------------------------------
@pytest.fixture
def served_kiosk(fresh_database, tmp_path):
    """A crash-lab kiosk whose real agent keeps its cash devices' state in tmp_path."""
    import uuid

    from hardware.card_reader import CardData
    from hardware.registry import create_kiosk_devices
    from kiosk.runner import KioskAgent
    from kiosk.station import KioskIdentity
    from shared.money.card_keys import CardKeys
    from smartbranch.benchmarks.crash.life import life_settings
    from smartbranch.benchmarks.crash.world import seed_worlds

    settings = life_settings(fresh_database.settings, None)
    [world] = seed_worlds(fresh_database, settings, 1, uuid.uuid4().hex[:6])
    keys = CardKeys.from_settings(settings)
    state_dir = tmp_path / "kiosk_devices"
    state_dir.mkdir()
    devices = create_kiosk_devices(settings, world.kiosk_code, auto_take=True, keys=keys,
                                   state_dir=state_dir)
    agent = KioskAgent(settings=settings, database=fresh_database, bus=InProcessBus(),
                       kiosk=KioskIdentity(world.kiosk_id, world.kiosk_code, world.branch_id),
                       devices=devices, keys=keys)
    agent.start()
    try:
        assert devices.card_reader.insert_card(CardData(world.pan, world_expiry()))
        agent.wait_for(lambda s: s["screen"] == "pin")
        devices.pin_pad.type_pin(world.pin)
        agent.wait_for(lambda s: s["screen"] == "menu")
        withdrawal = agent.submit({"action": "withdraw", "amount_minor": 7000,
                                   "idempotency_key": "soak-w-" + uuid.uuid4().hex[:12]})
        assert withdrawal.done.wait(20) and withdrawal.status == "done", withdrawal.outcome
        agent.submit({"action": "deposit", "idempotency_key": "soak-d-" + uuid.uuid4().hex[:9]})
        agent.wait_for(lambda s: s["screen"] == "insert_notes")
        assert devices.cash_acceptor.insert_notes([2000, 2000])
        agent.wait_for(lambda s: s["screen"] == "confirm_deposit")
        confirm = agent.submit({"action": "deposit_confirm",
                                "idempotency_key": "soak-c-" + uuid.uuid4().hex[:9]})
        assert confirm.done.wait(20) and confirm.status == "done", confirm.outcome
        agent.wait_for(lambda s: s["screen"] == "menu")
    finally:
        agent.stop()
    return settings, world, state_dir


def world_expiry() -> str:
    from smartbranch.benchmarks.crash.world import EXPIRY

    return EXPIRY


def _edit_state(path, change) -> None:
    state = json.loads(path.read_text())
    change(state["physical"])
    path.write_text(json.dumps(state))


def test_cash_checks_hold_after_real_turns_and_see_each_break(fresh_database, served_kiosk):
    settings, world, state_dir = served_kiosk
    url = _url(fresh_database)

    def check() -> dict:
        result = cash_checks(url, state_dir, settings=settings)
        return {k: result[k] for k in ("cash_mismatch", "double_dispense", "double_posting",
                                       "open_suspects")} | {"problems": result["problems"]}

    clean = check()
    assert clean == {"cash_mismatch": 0, "double_dispense": 0, "double_posting": 0,
                     "open_suspects": 0, "problems": []}

    # A note out of a cassette into the customer's hand with nothing posted: double dispense.
    dispenser = state_dir / f"{world.kiosk_code}.cash_dispenser.json"
    saved = dispenser.read_text()

    def extra_note(physical) -> None:
        physical["cassettes"]["CST1"][0] -= 1
        physical["taken"]["5000"] = physical["taken"].get("5000", 0) + 1

    _edit_state(dispenser, extra_note)
    dispensed = check()
    assert dispensed["double_dispense"] == 1 and dispensed["double_posting"] == 0
    assert any("picked" in p for p in dispensed["problems"])
    dispenser.write_text(saved)

    # A stored note gone from the acceptor: the machine holds less than the ledger says.
    acceptor = state_dir / f"{world.kiosk_code}.cash_acceptor.json"
    saved = acceptor.read_text()
    _edit_state(acceptor, lambda physical: physical["stores"].update(DEP20=1))
    assert check()["cash_mismatch"] == 1
    acceptor.write_text(saved)
    assert check()["cash_mismatch"] == 0

    # The withdrawal posted twice (a second pair of legs in its transaction).
    with fresh_database.session() as session:
        transaction = session.scalar(select(LedgerTransaction).where(
            LedgerTransaction.kind == "cash_withdrawal",
            LedgerTransaction.device_id == world.kiosk_id))
        session.add_all([Posting(transaction_id=transaction.id, account_id=world.account_id,
                                 amount_minor=-7000),
                         Posting(transaction_id=transaction.id,
                                 account_id=world.cash_account_id, amount_minor=7000)])
    posted = check()
    assert posted["double_posting"] == 1
    assert posted["cash_mismatch"] == 1  # and the ledger now says 70.00 less is inside


# -- memory ---------------------------------------------------------------------------------
class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_rss_sampler_reports_the_worst_process_after_the_warm_up():
    grower = subprocess.Popen(
        [sys.executable, "-c", "import sys\nheap = []\nfor line in sys.stdin:\n"
         "    heap.append(bytearray(64 * 1024 * 1024))\n    print('ok', flush=True)\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        clock = Clock()
        sampler = RssSampler(lambda: {"steady": os.getpid(), "grower": grower.pid},
                             warmup_s=120, clock=clock)
        sampler.sample()  # minute 0: ignored, whatever it holds
        clock.now = 121
        sampler.sample()
        assert sampler.growth_pct() < 10
        grower.stdin.write("grow\n")
        grower.stdin.flush()
        assert grower.stdout.readline().strip() == "ok"
        clock.now = 200
        sampler.sample()
        worst = sampler.worst()
        assert worst.name == "grower" and sampler.growth_pct() > 10
        steady = [g for g in sampler.growths() if g.name == "steady"]
        assert abs(steady[0].pct) < 10
    finally:
        grower.kill()
        grower.wait()



def test_rss_timeline_has_a_median_per_minute_and_the_sockets_beside_it():
    clock = Clock()
    sessions = {"web1": 50, "web2": 50}
    sampler = RssSampler(lambda: {"me": os.getpid()}, warmup_s=120, clock=clock,
                         sessions_fn=lambda: dict(sessions))
    sampler.sample()  # the warm-up: not in the timeline
    for at in range(120, 300, 10):
        clock.now = at
        if at == 180:
            sessions.update(web1=0, web2=100)  # web1 killed: its tablets move to web2
        sampler.sample()
    timeline = sampler.timeline({"me"})
    assert timeline["sessions:web1"] == [50, 0, 0]
    assert timeline["sessions:web2"] == [50, 100, 100]
    assert len(timeline["me"]) == 3 and all(mb > 1 for mb in timeline["me"])
    assert set(timeline) == {"me", "sessions:web1", "sessions:web2"}


def test_kiosk_reports_add_up_where_their_drivers_got_stuck_or_were_cut_short():
    from smartbranch.benchmarks.cluster.kiosks import EndedEarly, KioskReport, Stuck

    one = KioskReport()
    one.count(Stuck("LDN-01-K1", "at pin, waiting for menu"))
    one.count(Stuck("LDN-01-K2", "at pin, waiting for menu"))
    other = KioskReport()
    other.count(EndedEarly("LDN-01-K1", "at take_card after reading, waiting for pin"))
    other.count(Stuck("LDN-01-K1", "the card slot is busy"))
    other.add(one)
    assert (other.stuck, other.ended_early) == (3, 1)
    assert other.stuck_reasons == {"the card slot is busy": 1, "at pin, waiting for menu": 2}
    assert other.ended_early_reasons == {"at take_card after reading, waiting for pin": 1}
    why = Stuck("LDN-01-K1", "the acceptor took no notes")
    assert why.reason == "the acceptor took no notes" and "LDN-01-K1" in str(why)


def test_counter_tickets_tally_the_kiosks_tickets_since_the_load_began(tmp_path):
    import uuid
    from datetime import timedelta

    from shared.db.base import utcnow
    from shared.models import QueueTicket
    from smartbranch.benchmarks.cluster.kiosks import counter_tickets
    from smartbranch.benchmarks.crash.world import seed_worlds
    from smartbranch.benchmarks.live_app import migrated

    settings, database = migrated(tmp_path)
    [world] = seed_worlds(database, settings, 1, uuid.uuid4().hex[:6])
    since = utcnow()

    def ticket(n, reason, context, device=world.kiosk_id, at=since + timedelta(seconds=1)):
        return QueueTicket(branch_id=world.branch_id, service_day="2026-12-07", number=f"K{n}",
                           service="cards", reason=reason, context=context,
                           device_id=device, created_at=at)

    with database.session() as session:
        session.add_all([
            ticket(1, "identity_unconfirmed", {"problem": "card retained"}),
            ticket(2, "identity_unconfirmed", {"problem": "card retained"}),
            ticket(3, "step_up", {"fraud_rules": ["velocity"], "fraud_case_ids": [7]}),
            ticket(4, "customer_request", {}),
            ticket(5, "customer_request", {}, device=None),  # at the counter: not a kiosk's
            ticket(6, "step_up", {"fraud_rules": ["velocity"]}, at=since - timedelta(minutes=1)),
        ])
    database.dispose()
    assert counter_tickets(settings.database.url, since, settings) == {
        "identity_unconfirmed: card retained": 2, "step_up: velocity": 1,
        "customer_request": 1}

# -- the door feed and the burst through real NATS into the real ingest ---------------------
@pytest.fixture
def running_ingest(fresh_database, nats_pair):  # noqa: F811 - the imported fixture
    from shared.cluster.nats_client import NatsClient

    hub = NatsClient(nats_pair.hub.url, name="centre")
    assert hub.wait_connected(5)
    ingest = _IngestThread(create_ingest(
        fresh_database.settings, fresh_database, InProcessBus(), hub, [nats_pair.branch],
        ack_wait_s=5, batch=200, fetch_timeout_s=0.2))
    ingest.start()
    yield ingest
    ingest.halt()
    hub.close()


class _IngestThread:
    """The centre's ingest on a thread of the test; `held()` stops it for a while, as the
    lab's `ingest_held` does the ingest process."""

    def __init__(self, ingest):
        self.ingest = ingest
        self.holds = 0

    def start(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self.ingest.run, args=(self._stop,), daemon=True)
        self._thread.start()

    def halt(self) -> None:
        self._stop.set()
        self._thread.join(10)

    @contextmanager
    def held(self):
        self.halt()
        self.holds += 1
        try:
            yield
        finally:
            self.start()


def _wait_ingested(database, ids, timeout_s: float = 30.0) -> None:
    from smartbranch.benchmarks.cluster.event_checks import ingested_ids

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with database.session() as session:
            if len(ingested_ids(session, sorted(ids))) == len(ids):
                return
        time.sleep(0.2)
    raise AssertionError("the ingest did not apply every id in time")


@pytest.mark.nats
def test_door_feed_and_burst_reach_the_centre_once(fresh_database, nats_pair,  # noqa: F811
                                                   running_ingest):
    from smartbranch.benchmarks.cluster.event_checks import stored_edge_ids
    from smartbranch.benchmarks.cluster.load import DoorFeed, burst_ingest

    floor = Floor(fresh_database, nats_pair.branch)
    url = _url(fresh_database)
    # From now on (an arrival's time is in whole milliseconds): the module's earlier test
    # left a visit applied twice on purpose, a second or so ago.
    since = datetime.now(UTC) - timedelta(milliseconds=5)
    feed = DoorFeed({nats_pair.branch: nats_pair.leaf.url}, url, 40,
                    settings=fresh_database.settings)
    feed.start()
    time.sleep(1.5)
    report = feed.stop()
    assert report.arrivals >= 10 and report.counts >= 20 and report.unflushed == 0
    assert len(report.sent_ids) == report.arrivals + report.counts
    _wait_ingested(fresh_database, report.sent_ids)
    # Every id the edge's own stream holds is the audit's list; here, exactly the feed's.
    edge_ids = stored_edge_ids({nats_pair.branch: nats_pair.leaf.url})
    assert set(edge_ids) == report.sent_ids and len(edge_ids) == len(report.sent_ids)
    checked = event_checks(url, report.sent_ids, edge_ids=edge_ids, since=since,
                           settings=fresh_database.settings)
    assert (checked["lost"], checked["duplicated"], checked["sent"]) == (
        0, 0, len(report.sent_ids))
    unknown = event_checks(url, report.sent_ids, edge_ids=[*edge_ids, "not-ingested-1"],
                           since=since, settings=fresh_database.settings)
    assert (unknown["lost"], unknown["lost_feed"]) == (1, 0)
    with fresh_database.session() as session:
        from shared.models import Visit

        visits = session.scalars(select(Visit.id).where(
            Visit.branch_id == floor.branch_id)).all()
    assert len(visits) == report.arrivals  # a visit window of 0: one visit per arrival

    burst_ids: set[str] = set()
    rate = burst_ingest(nats_pair.hub.url, {nats_pair.branch: nats_pair.leaf.url}, url, 400,
                        settings=fresh_database.settings, sent_ids=burst_ids)
    assert len(burst_ids) == 400 and rate > 0
    checked = event_checks(url, burst_ids, since=since, settings=fresh_database.settings)
    assert (checked["lost"], checked["duplicated"]) == (0, 0)

    # Held at the hub first (as behind a link that was down), then drained: the whole
    # backlog lands once, and the rate is the drain's.
    held_ids: set[str] = set()
    applied_before = running_ingest.ingest.counts.applied
    rate = burst_ingest(nats_pair.hub.url, {nats_pair.branch: nats_pair.leaf.url}, url, 300,
                        settings=fresh_database.settings, sent_ids=held_ids,
                        hold=running_ingest.held)
    assert running_ingest.holds == 1 and len(held_ids) == 300 and rate > 0
    # Each applied once (the ingest's own count, which it adds up just after its commit;
    # the people in the buckets are shared with the burst before, in the same minute).
    deadline = time.monotonic() + 10
    while (running_ingest.ingest.counts.applied - applied_before < 300
           and time.monotonic() < deadline):
        time.sleep(0.05)
    assert running_ingest.ingest.counts.applied - applied_before == 300
    assert event_checks(url, held_ids, settings=fresh_database.settings)["lost"] == 0

    event_ids: set[str] = set()
    rate = burst_ingest(nats_pair.hub.url, {nats_pair.branch: nats_pair.leaf.url}, url, 200,
                        settings=fresh_database.settings, sent_ids=event_ids, kind="event")
    assert len(event_ids) == 200 and rate > 0
    assert event_checks(url, event_ids, settings=fresh_database.settings)["lost"] == 0
    with pytest.raises(ValueError, match="kind"):
        burst_ingest(nats_pair.hub.url, {nats_pair.branch: nats_pair.leaf.url}, url, 1,
                     settings=fresh_database.settings, kind="crossing")


# -- tablets --------------------------------------------------------------------------------
def test_tablets_get_each_arrival_once_across_a_dropped_socket(tmp_path):
    from shared.models import Staff
    from smartbranch.benchmarks.cluster.load import Tablets
    from smartbranch.benchmarks.realtime_server import PASSWORD, publish_arrivals, start_server
    from staff_console.realtime import EXTENSION, disconnect_staff

    server = start_server(tmp_path, staff=2, customers=2)
    try:
        tablets = Tablets(server.url, [(name, PASSWORD) for name in server.usernames], 4)
        tablets.start()
        assert (tablets.ready, tablets.failed) == (4, 0)
        publish_arrivals(server, 5, 0.02)
        time.sleep(1.0)
        with server.database.session() as session:
            dropped = session.scalar(select(Staff.id).where(
                Staff.username == server.usernames[0]))
        # The server cuts two tablets' sockets, as a dying web process does; what is
        # published meanwhile reaches them through catch_up when they are back.
        assert disconnect_staff(server.live.app.extensions[EXTENSION], dropped) == 2
        publish_arrivals(server, 3, 0.0)
        time.sleep(3.0)  # a reconnect waits 0.5 s, then catches up
        # One event delivered twice: every tablet must count it as a duplicate.
        from shared.events import CustomerArrived, Event

        twice = Event(branch_id=server.branch_id, payload=CustomerArrived(
            visit_id=7, customer_id=server.customer_ids[0], display_name="Guest",
            source="door_camera", score=0.3))
        server.bus.publish(twice)
        server.bus.publish(twice)
        time.sleep(1.0)
        report = tablets.stop()
    finally:
        server.close()
    assert report.tablets == 4 and report.reconnects == 2
    assert report.pushes == 4 * 9, report
    assert report.duplicates_seen == 4 and report.errors_5xx == 0
    assert report.p95_push_ms is not None and report.p95_push_ms < 5000
    assert report.p95_push_ms_outside([(0, time.time())]) is None


# -- kiosk customers ------------------------------------------------------------------------
def test_kiosk_drivers_withdraw_and_deposit_through_the_http_api(tmp_path):
    import uuid

    from shared.demo.cards import demo_card_for
    from shared.models import Account, Customer
    from shared.money import cards
    from shared.money.card_keys import CardKeys
    from smartbranch.benchmarks.cluster.load import KioskDrivers
    from smartbranch.benchmarks.crash.world import seed_worlds
    from smartbranch.benchmarks.live_app import migrated, serve

    settings, database = migrated(tmp_path, kiosk={"microphone": "none"})
    [world] = seed_worlds(database, settings, 1, uuid.uuid4().hex[:6])
    # The trial's customer becomes a demo customer with the demo card the simulator makes.
    demo = demo_card_for("SB000777")
    with database.session() as session:
        account = session.get(Account, world.account_id)
        session.get(Customer, account.customer_id).customer_number = demo.customer_number
        cards.issue_card(session, CardKeys.from_settings(settings), account=account,
                         pan=demo.pan, pin=demo.pin, expiry=demo.expiry)
    live = serve(settings, database)
    try:
        drivers = KioskDrivers(live.url, settings.database.url, [world.kiosk_code],
                               settings=settings)
        drivers.start()
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            time.sleep(0.5)
            [driver] = drivers._drivers
            if driver.report.withdrawals and driver.report.deposits:
                break
        report = drivers.stop()
        with database.session() as session:
            balance = session.get(Account, world.account_id).balance_minor
    finally:
        live.close()
    assert report.withdrawals >= 1 and report.deposits >= 1, report
    assert report.errors_5xx == 0 and report.stuck == 0, report
    from smartbranch.benchmarks.cluster.kiosks import DEPOSIT_MINOR, WITHDRAW_MINOR

    assert balance == (200_000 - report.withdrawals * WITHDRAW_MINOR
                       + report.deposits * DEPOSIT_MINOR)


def test_the_soak_customers_take_turns_so_no_one_meets_the_velocity_limit():
    from smartbranch.benchmarks.cluster.kiosks import CustomerLine

    line = CustomerLine([f"SB{n:05d}" for n in range(7)], seed=3)
    first, second = [line.next() for _ in range(7)], [line.next() for _ in range(7)]
    assert sorted(first) == [f"SB{n:05d}" for n in range(7)]  # everyone once ...
    assert second == first  # ... before anyone twice
