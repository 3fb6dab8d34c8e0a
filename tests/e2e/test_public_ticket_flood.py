"""The public ticket API under a flood, on a real threaded server and database: honest 429s,
no 5xx, unique numbers, bounded growth."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import requests
from sqlalchemy import func, select

from shared.models import QueueTicket

KIOSK = "LDN-01-K1"


def _dispenser(base: str) -> requests.Session:
    """A browser-like client: the welcome page's session cookie and its CSRF token."""
    client = requests.Session()
    page = client.get(f"{base}/kiosk/{KIOSK}").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.headers["X-CSRFToken"] = token
    return client


def _tickets(live_server) -> int:
    with live_server.database.session() as s:
        return s.scalar(select(func.count(QueueTicket.id)))


def test_a_flood_gets_honest_429s_and_never_a_5xx(live_server):
    limit = live_server.app.extensions["smartbranch.settings"].queue.public_ticket_limit
    per_minute = int(limit.split()[0])
    before = _tickets(live_server)
    clients = [_dispenser(live_server.url) for _ in range(8)]

    def take(i: int) -> requests.Response:
        return clients[i % len(clients)].post(f"{live_server.url}/api/kiosk/tickets", json={
            "kiosk": KIOSK, "service": "cash", "context": {"step": "idle", "n": i}}, timeout=30)

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(take, range(3 * per_minute)))
    statuses = sorted(a.status_code for a in answers)
    assert set(statuses) == {201, 429}, statuses  # no 5xx, nothing else
    taken = [a.json()["number"] for a in answers if a.status_code == 201]
    assert len(taken) == per_minute and len(set(taken)) == per_minute  # unique numbers
    refused = [a for a in answers if a.status_code == 429]
    assert all(int(a.headers["Retry-After"]) >= 1 for a in refused)
    assert "too many requests" in refused[0].json()["message"]
    assert _tickets(live_server) == before + per_minute  # growth bounded by the limit



def test_the_welcome_page_counts_against_the_same_limit(live_server):
    """Pressed past the limit, the welcome page says why in a sentence and takes no ticket."""
    per_minute = int(live_server.app.extensions["smartbranch.settings"].queue
                     .public_ticket_limit.split()[0])
    client = requests.Session()
    page = client.get(f"{live_server.url}/kiosk/{KIOSK}").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    for _ in range(per_minute + 1):  # the flood above may have spent the allowance already
        before = _tickets(live_server)
        answer = client.post(f"{live_server.url}/kiosk/{KIOSK}",
                             data={"csrf_token": token, "service": "cash"})
        if answer.status_code == 429:
            break
        assert answer.status_code == 200 and _tickets(live_server) == before + 1
    assert answer.status_code == 429 and "Please wait a minute" in answer.text
    assert _tickets(live_server) == before
