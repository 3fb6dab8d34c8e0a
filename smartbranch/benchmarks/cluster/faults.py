"""The soak's faults, each done to a running ClusterLab and returned as a record.

Each fault waits for the part it harmed to come back (or for its bound to pass) and says
so in `recovered`; whether the end checks held through it is the run's to judge.
"""

from __future__ import annotations

import os
import signal
import socket
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


def _answers(host: str, port: int) -> bool:
    """Whether a TCP connection to host:port opens within a second."""
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


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


def _in_flight_rows(engine, kiosks: Sequence[str]) -> list[tuple[int, str, str]]:
    """The cash sessions in flight at `kiosks` now: (id, kiosk code, state), newest first."""
    import sqlalchemy as sa

    query = sa.text(
        "SELECT c.id, d.code, c.state FROM cash_session c JOIN device d ON d.id = c.device_id "
        "WHERE d.code IN :codes AND c.state IN :states ORDER BY c.id DESC").bindparams(
            sa.bindparam("codes", expanding=True), sa.bindparam("states", expanding=True))
    with engine.connect() as conn:
        rows = conn.execute(query, {"codes": list(kiosks), "states": list(IN_FLIGHT)}).all()
    return [(int(id_), str(code), str(state)) for id_, code, state in rows]


def in_flight(engine, kiosks: Sequence[str]) -> dict[str, str]:
    """Return the driven kiosks with a cash session in flight now, and its state."""
    found: dict[str, str] = {}
    for _id, code, state in _in_flight_rows(engine, kiosks):
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


def _session_in_flight(lab: ClusterLab, kiosks: Sequence[str],
                       catch_s: float) -> tuple[int, str, str] | None:
    """The newest cash session in flight at one of `kiosks` within `catch_s`: id, kiosk, state."""
    import sqlalchemy as sa

    engine = sa.create_engine(lab.database_url, pool_pre_ping=True)
    deadline = time.monotonic() + catch_s
    try:
        while time.monotonic() < deadline:
            try:
                rows = _in_flight_rows(engine, kiosks)
            except Exception:  # noqa: BLE001 - the database is briefly away: keep looking
                rows = []
            if rows:
                return rows[0]
            time.sleep(0.01)
    finally:
        engine.dispose()
    return None


def _settled(lab: ClusterLab, session_id: int, timeout_s: float = 90.0) -> str | None:
    """Wait until the session leaves the in-flight states; its state then (None: it did not)."""
    import sqlalchemy as sa

    engine = sa.create_engine(lab.database_url, pool_pre_ping=True)
    state: list[str] = []

    def settled() -> bool:
        with engine.connect() as conn:
            now = conn.execute(sa.text("SELECT state FROM cash_session WHERE id = :id"),
                               {"id": session_id}).scalar_one()
        state[:] = [str(now)]
        return now not in IN_FLIGHT

    try:
        return state[0] if _wait(settled, timeout_s) else None
    finally:
        engine.dispose()


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


def cut_edge(lab: ClusterLab, branch: str, seconds: float, catch_s: float = 15.0
             ) -> FaultRecord:
    """Cut the branch off from the centre for `seconds` while everything keeps running.

    A branch in its own network namespace loses every link at once (its leaf's to the hub,
    its agents' to PostgreSQL and Redis): the host end of its link goes down, and packets
    stop without a connection being closed. Otherwise its leaf's relay drops the link.
    The cut comes with a cash session in flight at one of the branch's kiosks when one
    starts within `catch_s`; the record says where that session ended once the link was
    back (taken, retracted, released, accepted, rolled back; or suspect for the teller).
    """
    kiosks = lab.kiosks[branch]
    caught = _session_in_flight(lab, kiosks, catch_s)
    record = FaultRecord(f"cut_edge:{branch}", time.time())
    started = time.monotonic()
    linked = len(lab.leaves)
    isolated = branch == lab.isolated
    if isolated:
        lab.namespace.cut()
    else:
        lab.relays[branch].cut()
    if isolated:
        # A silent link: nothing is closed, so the proof is that the branch answers nothing.
        leaf = lab.leaves[branch]
        record.detail["link_down"] = _wait(
            lambda: not _answers(leaf.host, leaf.client_port), 10)
    else:
        record.detail["link_down"] = _wait(lambda: lab.hub.leaf_connections() < linked, 10)
    time.sleep(max(0.0, seconds - (time.monotonic() - started)))
    if isolated:
        lab.namespace.heal()
    else:
        lab.relays[branch].start()
    record.recovered = _wait(lambda: lab.hub.leaf_connections() >= linked)
    record.detail["cut_s"] = seconds
    if caught is not None:
        session_id, kiosk, state = caught
        final = _settled(lab, session_id)
        record.detail["in_flight_at_cut"] = {"kiosk": kiosk, "session": session_id,
                                             "state": state, "ended_as": final}
        record.recovered = record.recovered and final is not None
    record.detail["how"] = ("the branch's network namespace: its link down (NATS, PostgreSQL "
                            "and Redis)" if isolated else "the leaf's relay dropped")
    record.ended = time.time()
    return record
