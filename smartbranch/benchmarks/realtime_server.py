"""The server under `bench realtime`: a throwaway database, the real app on a loopback
port, staff signed in through its form, and arrivals published on its bus."""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from smartbranch.benchmarks.live_app import LiveApp, migrated, serve

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = "bench-realtime-password"
# Flask-Login's session protection binds a session to the browser's User-Agent: every
# request of one tablet (sign-in, socket, polls) sends the same one, as a browser would.
USER_AGENT = "SmartBranchBenchTablet/1.0"


@dataclass
class BenchServer:
    live: LiveApp
    branch_id: int
    customer_ids: list[int]
    usernames: list[str]

    @property
    def url(self) -> str:
        return self.live.url

    @property
    def bus(self):
        return self.live.bus

    @property
    def database(self):
        return self.live.database

    def close(self) -> None:
        self.live.close()


def start_server(workdir: Path, staff: int, customers: int,
                 compression: bool = False) -> BenchServer:
    """Migrate a fresh SQLite file, add a branch, staff and customers, and serve the app."""
    from shared.models import Branch, Customer, Staff
    from shared.models.enums import PrivacyMode, Role
    from shared.staff.passwords import hash_password

    settings, database = migrated(workdir, server={"websocket_compression": compression})
    password_hash = hash_password(PASSWORD)
    with database.session() as session:
        branch = Branch(code="BENCH-01", name="Benchmark branch",
                        privacy_mode=PrivacyMode.AMBIENT)
        session.add(branch)
        session.flush()
        usernames = [f"bench.rm{i}" for i in range(1, staff + 1)]
        session.add_all(Staff(branch_id=branch.id, username=name, full_name=f"Bench RM {i}",
                              role=Role.RELATIONSHIP_MANAGER, password_hash=password_hash)
                        for i, name in enumerate(usernames, start=1))
        people = [Customer(customer_number=f"B{i:08d}", given_name=f"Guest{i}",
                           family_name="Bench", home_branch_id=branch.id)
                  for i in range(1, customers + 1)]
        session.add_all(people)
        session.flush()
        branch_id, customer_ids = branch.id, [c.id for c in people]
    return BenchServer(serve(settings, database), branch_id, customer_ids, usernames)


def sign_in(url: str, username: str) -> str:
    """Sign in through the real form (CSRF token from the page); return the Cookie header."""
    import requests

    with requests.Session() as http:
        http.headers["User-Agent"] = USER_AGENT
        page = http.get(f"{url}/staff/sign-in", timeout=30)
        token = _CSRF.search(page.text)
        if token is None:
            raise click.ClickException("no CSRF token on the sign-in page")
        answer = http.post(f"{url}/staff/sign-in", allow_redirects=False, timeout=30,
                           data={"username": username, "password": PASSWORD,
                                 "csrf_token": token.group(1)})
        if answer.status_code != 302 or "sign-in" in answer.headers.get("Location", ""):
            raise click.ClickException(f"sign-in of {username} failed ({answer.status_code})")
        return "; ".join(f"{c.name}={c.value}" for c in http.cookies)


def publish_arrivals(server: BenchServer, count: int, interval: float) -> dict[str, float]:
    """Publish `count` customer.arrived events on the app's bus; return id -> publish time."""
    from shared.events import CustomerArrived, Event

    published: dict[str, float] = {}
    for i in range(count):
        event = Event(branch_id=server.branch_id, payload=CustomerArrived(
            visit_id=1_000_000 + i, customer_id=server.customer_ids[0],
            display_name="Guest Bench", source="door_camera", score=0.31))
        published[event.id] = time.time()
        server.bus.publish(event)
        if interval:
            time.sleep(interval)
    return published


def publish_real_arrivals(server: BenchServer, count: int) -> tuple[dict, dict]:
    """Open real visits and publish them as the door camera does; return both time maps."""
    from shared.events import CustomerArrived, Event
    from shared.floor.visits import open_visit
    from shared.models.enums import VisitSource

    by_visit: dict[str, float] = {}
    by_event: dict[str, float] = {}
    rng = random.Random(4)
    for customer_id in server.customer_ids[:count]:
        time.sleep(rng.uniform(0.25, 0.75))  # arrivals fall anywhere in the poll cycle
        with server.database.session() as session:
            # Take the write lock first: the pollers write access-log rows at the same time.
            session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            visit = open_visit(session, server.branch_id, customer_id, VisitSource.DOOR_CAMERA,
                               0.3, datetime.now(UTC), timedelta(minutes=60))
            visit_id = visit.id
        event = Event(branch_id=server.branch_id, payload=CustomerArrived(
            visit_id=visit_id, customer_id=customer_id, display_name=f"Guest{customer_id}",
            source="door_camera", score=0.3))
        now = time.time()
        by_visit[str(visit_id)], by_event[event.id] = now, now
        server.bus.publish(event)
    return by_visit, by_event
