"""From a door or kiosk event to the manager's page: push latency measured in Chromium.

Method. A throwaway SQLite database is migrated and given one branch and its branch
manager. The real app (`create_app`, in-process bus) is served by Werkzeug's threaded
server on a loopback port, as `smartbranch serve` does. Debian's Chromium (headless,
driven by Playwright, never a downloaded browser) signs in through the real form and opens
`/staff/manager`, which joins the branch's managers' room over the `/staff` socket.
Then `events` events alternate between a door entry and a completed kiosk session, each
recorded as its fact and published after commit the way the services do; they are spaced
a little over `analytics.live_refresh_seconds` apart (at random), so each one meets an
idle page, as a branch's events mostly do. Latency runs from just before the unit of work
opens to the moment the page has rendered the new figure (`#today[data-updated-at]`,
stamped by the page's own `Date.now()`; browser and server share this machine's clock).
The page's figure is what it shows the manager: footfall for a door entry, kiosk
sessions for a kiosk session. `smartbranch bench analytics` prints the figures.
"""

from __future__ import annotations

import math
import random
import statistics
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

from smartbranch.benchmarks.live_app import LiveApp, migrated, serve

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
USERNAME, PASSWORD = "bench.manager", "bench-manager-password"
TARGET_P95_MS = 5000.0


def door_entry(database, bus, branch_id: int, device_code: str, seconds_in_view: float = 3.0):
    """A person crosses the door inwards, through the floor's door-crossing service."""
    from sqlalchemy import select

    from shared.db.base import utcnow
    from shared.floor.traffic import Direction, record_crossing
    from shared.models import Device

    now = utcnow()
    with database.session(write=True) as session:
        device_id = session.scalar(select(Device.id).where(Device.code == device_code))
        record_crossing(session, bus, device_id, branch_id, Direction.IN, now, seconds_in_view,
                        track_id=uuid.uuid4().int % 2**31, track_started=now)


def kiosk_session(database, bus, branch_id: int, kiosk_code: str, outcome: str = "completed",
                  reason: str = "", seconds: float = 95.0):
    """A kiosk session ends, through the floor's kiosk-session service."""
    from shared.analytics.kinds import KioskOutcome
    from shared.db.base import utcnow
    from shared.floor.kiosk_sessions import record_kiosk_session

    ended = utcnow()
    with database.session(write=True) as session:
        record_kiosk_session(session, bus, branch_id=branch_id, device_code=kiosk_code,
                             outcome=KioskOutcome(outcome), detail=reason,
                             started_at=ended - timedelta(seconds=seconds), ended_at=ended)


def _start(workdir: Path) -> tuple[LiveApp, int]:
    """Serve a fresh branch with a door camera and a branch manager; the app and branch id."""
    from shared.models import Branch, Device, Staff
    from shared.models.enums import DeviceKind, PrivacyMode, Role
    from shared.staff.passwords import hash_password

    settings, database = migrated(workdir)
    with database.session() as session:
        branch = Branch(code="BENCH-01", name="Benchmark branch", timezone="Europe/London",
                        privacy_mode=PrivacyMode.AMBIENT)
        session.add(branch)
        session.flush()
        session.add(Device(branch_id=branch.id, code="BENCH-DOOR", kind=DeviceKind.DOOR_CAMERA,
                           name="Bench door camera"))
        session.add(Staff(branch_id=branch.id, username=USERNAME, full_name="Bench Manager",
                          role=Role.BRANCH_MANAGER, password_hash=hash_password(PASSWORD)))
        branch_id = branch.id
    return serve(settings, database), branch_id


def _percentile(values: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]


def _open_dashboard(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{url}/staff/sign-in")
    page.fill("#username", USERNAME)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{url}/staff/manager")
    page.locator("#live-status.ok").wait_for(timeout=15_000)
    page.wait_for_function("() => Number(document.getElementById('today').dataset.version) > 0")
    return page


def _rendered_after(page, field: str, expected: int, timeout_s: float) -> float:
    """Wait until the page shows the figure; return when it rendered it (epoch ms)."""
    page.wait_for_function(
        "([field, n]) => Number(document.getElementById('today').dataset[field]) >= n",
        arg=[field, expected], timeout=timeout_s * 1000, polling=20)
    return float(page.get_attribute("#today", "data-updated-at"))


def _on_own_thread(work):
    """Run work on a fresh thread and return its result.

    Playwright's sync API refuses a thread that already runs an event loop, and a caller
    (the test suite's session-wide browser, a CLI inside an async host) may hold one.
    """
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = work()
        except BaseException as error:  # noqa: BLE001 - re-raised on the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=run, name="bench-manager-live")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _drive_page(server: LiveApp, branch_id: int, events: int, rng: random.Random,
                timeout_s: float, refresh_s: float, door: list[float],
                kiosk: list[float]) -> str:
    """Open the dashboard, fire the events, time each to the page; the browser's version."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        page = _open_dashboard(browser, server.url)
        version = browser.version
        footfall = sessions = 0
        for i in range(events):
            time.sleep(refresh_s + rng.uniform(0.1, 0.6))
            started = time.time() * 1000
            if i % 2 == 0:
                door_entry(server.database, server.bus, branch_id, "BENCH-DOOR")
                footfall += 1
                door.append(_rendered_after(page, "footfall", footfall, timeout_s) - started)
            else:
                kiosk_session(server.database, server.bus, branch_id, "BENCH-K1")
                sessions += 1
                kiosk.append(_rendered_after(page, "kioskSessions", sessions, timeout_s)
                             - started)
        browser.close()
    return version


def measure_push_latency(events: int = 50, seed: int = 11, timeout_s: float = 15.0,
                         workdir: Path | None = None) -> dict:
    """Fire door and kiosk events through a live server and time them to the page (ms)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} not installed (apt-get install chromium)")
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="bench-manager-") as tmp:
        server, branch_id = _start(Path(workdir or tmp))
        refresh_s = server.settings.analytics.live_refresh_seconds
        door, kiosk = [], []
        try:
            version = _on_own_thread(lambda: _drive_page(
                server, branch_id, events, rng, timeout_s, refresh_s, door, kiosk))
        finally:
            server.close()
    both = door + kiosk
    return {
        "events": len(both), "door_events": len(door), "kiosk_events": len(kiosk),
        "p50_ms": round(_percentile(both, 0.50), 1), "p95_ms": round(_percentile(both, 0.95), 1),
        "max_ms": round(max(both), 1), "mean_ms": round(statistics.fmean(both), 1),
        "door_p95_ms": round(_percentile(door, 0.95), 1) if door else None,
        "kiosk_p95_ms": round(_percentile(kiosk, 0.95), 1) if kiosk else None,
        "target_p95_ms": TARGET_P95_MS, "met": _percentile(both, 0.95) < TARGET_P95_MS,
        "live_refresh_seconds": refresh_s, "browser": f"Chromium {version} (headless)",
        "method": "event fired through facts.record + publish after commit -> bus -> "
                  "EventBridge -> managers' room -> page refetch -> figure rendered",
    }
