"""The soak's faults, each done to a running ClusterLab and returned as a record.

Each fault waits for the part it harmed to come back (or for its bound to pass) and says
so in `recovered`; whether the end checks held through it is the run's to judge.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from smartbranch.benchmarks.cluster.lab import ClusterLab

# How long a part may take to come back before the fault counts as not recovered.
RECOVERY_S = 90.0
# Cash sessions in flight, most wanted first: a kill while the notes move is the hard case.
IN_FLIGHT = ("dispensing", "accepting", "presented", "authorised", "escrowed")


@dataclass
class FaultRecord:
    """One fault: what, when (epoch seconds), whether the harmed part came back, details."""

    name: str
    started: float
    ended: float = 0.0
    recovered: bool = False
    detail: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _wait(check, timeout_s: float = RECOVERY_S, every_s: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except Exception:  # noqa: BLE001 - still down (connection refused, table locked)
            pass
        time.sleep(every_s)
    return False


def kill_web(lab: ClusterLab, name: str = "web1") -> FaultRecord:
    """SIGKILL one web process (gunicorn and its worker); the supervisor restarts it."""
    from smartbranch.benchmarks.cluster.lab import _healthy

    record = FaultRecord(f"kill_web:{name}", time.time())
    victim = lab.child_pid(name)
    if victim is not None:
        os.killpg(victim, signal.SIGKILL)
    record.detail["pid"] = victim
    url = lab.web_urls[name]
    record.recovered = victim is not None and _wait(
        lambda: lab.child_pid(name) not in (None, victim) and _healthy(url))
    record.ended = time.time()
    return record


def restart_redis(lab: ClusterLab) -> FaultRecord:
    """Stop and start the central Redis (the bus between web processes)."""
    import redis

    record = FaultRecord("restart_redis", time.time())
    lab.redis.restart()  # waits until it answers PING
    client = redis.Redis.from_url(lab.redis_url)
    try:
        # Recovered once every web process has subscribed again (their bus reconnects).
        record.recovered = _wait(
            lambda: client.pubsub_numpat() + sum(n for _, n in client.pubsub_numsub(
                *client.pubsub_channels())) >= lab.web_count)
    finally:
        client.close()
    record.ended = time.time()
    return record


def restart_postgres(lab: ClusterLab) -> FaultRecord:
    """Restart PostgreSQL as an operator would (`pg_ctl restart -m fast`)."""
    record = FaultRecord("restart_postgres", time.time())
    lab.postgres.restart()  # pg_ctl -w: returns once it accepts connections
    back = lab.database_now()
    # Recovered once the kiosks are driven again: every agent renewed its lease since.
    record.recovered = _wait(lambda: lab.leases_renewed_since(back) == lab.kiosk_count)
    record.ended = time.time()
    return record


def in_flight(engine, kiosks: Sequence[str]) -> dict[str, str]:
    """Return the driven kiosks with a cash session in flight now, and its state."""
    import sqlalchemy as sa

    query = sa.text(
        "SELECT d.code, c.state FROM cash_session c JOIN device d ON d.id = c.device_id "
        "WHERE d.code IN :codes AND c.state IN :states").bindparams(
            sa.bindparam("codes", expanding=True), sa.bindparam("states", expanding=True))
    with engine.connect() as conn:
        rows = conn.execute(query, {"codes": list(kiosks), "states": list(IN_FLIGHT)}).all()
    found: dict[str, str] = {}
    for code, state in rows:
        if code not in found or IN_FLIGHT.index(state) < IN_FLIGHT.index(found[code]):
            found[code] = state
    return found


def kill_kiosk_agent(lab: ClusterLab, kiosks: Sequence[str], catch_s: float = 30.0
                     ) -> FaultRecord:
    """SIGKILL the agent holding a kiosk's lease, mid-withdrawal when one comes in time.

    Of `kiosks`, the first caught with a session in flight (one dispensing if any within
    half of `catch_s`), else the first. The standby must take the lease (a higher fencing
    token) and recover the session.
    """
    kiosk, state = _catch_in_flight(lab, kiosks, catch_s)
    record = FaultRecord(f"kill_kiosk_agent:{kiosk}", time.time())
    holder, token = lab.lease_holders().get(kiosk, ("", 0))
    pid = int(holder.split(":")[1]) if holder.count(":") >= 1 else None
    record.detail.update(state_at_kill=state, holder=holder, token=token)
    if pid is None:
        record.detail["error"] = "no live lease to kill"
        record.ended = time.time()
        return record
    killed_at = time.time()
    os.kill(pid, signal.SIGKILL)
    record.started = killed_at

    def taken_over() -> bool:
        after = lab.lease_holders().get(kiosk)
        return after is not None and after[0] != holder and after[1] > token

    record.recovered = _wait(taken_over)
    after = lab.lease_holders().get(kiosk, ("", 0))
    record.detail.update(new_holder=after[0], new_token=after[1],
                         takeover_s=round(time.time() - killed_at, 2))
    record.ended = time.time()
    return record


def _catch_in_flight(lab: ClusterLab, kiosks: Sequence[str],
                     catch_s: float) -> tuple[str, str | None]:
    """Wait for a kiosk with a session in flight, preferring one dispensing."""
    import sqlalchemy as sa

    engine = sa.create_engine(lab.database_url, pool_pre_ping=True)
    deadline = time.monotonic() + catch_s
    settle = time.monotonic() + catch_s / 2
    try:
        while time.monotonic() < deadline:
            try:
                found = in_flight(engine, kiosks)
            except Exception:  # noqa: BLE001 - the database is briefly away: keep looking
                found = {}
            best = min(found.items(), key=lambda item: IN_FLIGHT.index(item[1]), default=None)
            if best and (best[1] == IN_FLIGHT[0] or time.monotonic() > settle):
                return best
            time.sleep(0.005)
    finally:
        engine.dispose()
    return kiosks[0], None


def cut_edge(lab: ClusterLab, branch: str, seconds: float) -> FaultRecord:
    """Cut the branch leaf's link to the hub for `seconds` while both keep running."""
    record = FaultRecord(f"cut_edge:{branch}", time.time())
    linked = len(lab.leaves)
    lab.relays[branch].cut()
    record.detail["link_down"] = _wait(lambda: lab.hub.leaf_connections() < linked, 10)
    time.sleep(seconds)
    lab.relays[branch].start()
    record.recovered = _wait(lambda: lab.hub.leaf_connections() >= linked)
    record.detail["cut_s"] = seconds
    record.ended = time.time()
    return record
