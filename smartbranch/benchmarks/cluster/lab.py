"""The whole shape on this machine for a soak, on a PostgreSQL and a Redis of its own.

Own instances (initdb on a free port, a redis-server on another) so that restarting them
as faults harms nothing else on the machine. With `isolate_edge` (and root) the last
branch runs in a network namespace of its own (netns.py) whose link the lab can take down;
every other branch's leaf node reaches the hub through a `LinkRelay` the lab can cut, and
the hub advertises a dead leafnode address, because a leaf learns the hub's advertised
address and would otherwise reconnect around the relay.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from smartbranch.benchmarks.cluster.local_services import LocalPostgres, LocalRedis
from smartbranch.benchmarks.cluster.netns import EdgeNamespace
from smartbranch.benchmarks.cluster.relay import LinkRelay
from smartbranch.cluster.processes import descendants, process_table

log = logging.getLogger(__name__)

# An address nothing listens on: what the hub tells leaves to reconnect to (see above).
DEAD_ADVERTISE = "127.0.0.1:1"
# Customers enrolled from photos at each branch with a door camera (as many strangers).
FACES_PER_BRANCH = 4
CUSTOMERS_PER_BRANCH = 100
# Kiosks per branch: the demo data's (shared/demo/organisation.py load_devices).
KIOSKS_PER_BRANCH = 2


class LabError(RuntimeError):
    """The lab could not be brought up."""


class ClusterLab:
    """Bring up PostgreSQL, Redis, NATS, ingest, web processes, HAProxy and branch edges."""

    def __init__(self, branches: int = 2, web: int = 2, *, workdir: Path | None = None,
                 profile: str | None = None, base_env: Mapping[str, str] | None = None,
                 customers: int | None = None, ready_timeout_s: float = 300.0,
                 door_cameras: int = 0, camera_fps: float = 3.0, isolate_edge: bool = False):
        from shared.demo.catalog import BRANCH_CATALOG

        if not 1 <= branches <= len(BRANCH_CATALOG):
            raise LabError(f"the demo has 1 to {len(BRANCH_CATALOG)} branches, not {branches}")
        self.branches = [b.code for b in BRANCH_CATALOG[:branches]]
        self.web_count = web
        self.profile = profile
        # Enough card holders that the kiosk drivers, taking them in turn, keep each under
        # the fraud rules' velocity limit (4 withdrawals in 30 minutes): with 10 a branch,
        # most withdrawals of a 10-branch soak became step-ups to the counter.
        self.customers = customers or CUSTOMERS_PER_BRANCH * branches
        self.ready_timeout_s = ready_timeout_s
        # The first `door_cameras` branches get a door camera replaying real photos.
        self.door_cameras = min(door_cameras, branches)
        self.camera_fps = camera_fps
        self.door_replays: dict[str, Path] = {}
        # The last branch's edge on a host of its own (a network namespace) when asked and
        # the machine allows; else every edge is cut by its relay. isolation says which.
        self.namespace: EdgeNamespace | None = None
        self.isolated: str | None = None
        self.isolation = "relay"
        if isolate_edge:
            why_not = EdgeNamespace.available()
            if why_not is None:
                tag = str(os.getpid() % 100000)
                self.namespace = EdgeNamespace(tag, 10 + os.getpid() % 240)
                self.isolated = self.branches[-1]
                self.isolation = "netns"
            else:
                self.isolation = f"relay ({why_not})"
        self._own_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="sb-cluster-lab-")).resolve()
        self.base_env = dict(os.environ if base_env is None else base_env)
        self.kiosks: dict[str, list[str]] = {
            code: [f"{code}-K{n}" for n in range(1, KIOSKS_PER_BRANCH + 1)]
            for code in self.branches}
        self.data_dir = self.workdir / "data"
        self.log_dir = self.data_dir / "logs"
        self.device_state_dir = self.data_dir / "kiosk_devices"
        self.postgres: LocalPostgres | None = None
        self.redis: LocalRedis | None = None
        self.relays: dict[str, LinkRelay] = {}
        self.supervisor = None
        self.servers = []
        self.env: dict[str, str] = {}
        self.hub = None
        self.leaves: dict = {}
        self._thread: threading.Thread | None = None
        self.port = 0
        self.stats_port = 0

    # -- the addresses the load and the checks use ---------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database_url(self) -> str:
        return self.postgres.url

    @property
    def redis_url(self) -> str:
        return self.redis.url

    @property
    def hub_url(self) -> str:
        return self.hub.url

    @property
    def leaf_urls(self) -> dict[str, str]:
        return {code: leaf.url for code, leaf in self.leaves.items()}

    @property
    def web_urls(self) -> dict[str, str]:
        return {s.name: f"http://{s.host}:{s.port}" for s in self.servers}

    # -- up and down ----------------------------------------------------------------------

    def __enter__(self) -> ClusterLab:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> None:
        """Bring every part up and wait until the proxy answers and every kiosk is driven."""
        from smartbranch.cluster.prerequisites import require_postgres, require_programs
        from smartbranch.cluster.shape import central_env, free_port

        programs = require_programs()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        ns = self.namespace.create() if self.namespace else None
        self.postgres = LocalPostgres(self.workdir / "postgres", free_port(),
                                      also_on=(ns.host_ip, ns.subnet) if ns else None)
        self.postgres.init()
        self.postgres.start()
        require_postgres(self.postgres.url)
        self.redis = LocalRedis(self.workdir / "redis", free_port(),
                                also_on=ns.host_ip if ns else None)
        self.redis.start()
        self._render_nats()
        self.env = central_env(self.base_env, database_url=self.postgres.url,
                               redis_url=self.redis.url, data_dir=self.data_dir,
                               nats_url=self.hub.url, profile=self.profile)
        self._load_data()
        self._start_children(programs)
        self.wait_ready(self.ready_timeout_s)

    def stop(self) -> None:
        """Stop every part (children first, then Redis and PostgreSQL); keep no process."""
        if self.supervisor is not None:
            self.supervisor.stop_event.set()
        if self._thread is not None:
            self._thread.join(60)
        for relay in self.relays.values():
            relay.close()
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None:
            self.postgres.stop()
        if self.namespace is not None:
            self.namespace.delete()
        if self._own_workdir and not os.environ.get("SB_KEEP_CLUSTER_LAB"):
            shutil.rmtree(self.workdir, ignore_errors=True)

    def _render_nats(self) -> None:
        from smartbranch.cluster.nats_servers import start_hub, start_leaf
        from smartbranch.cluster.shape import free_port

        nats_dir = self.data_dir / "nats"
        # With a namespaced edge the hub's leafnode port listens where that edge reaches
        # it (the host end of its link); the relays of the others forward there too.
        leaf_host = self.namespace.host_ip if self.namespace else "127.0.0.1"
        self.hub = start_hub(nats_dir / "hub", leaf_host=leaf_host, start=False)
        listen = f'  listen: "{leaf_host}:{self.hub.leaf_port}"\n'
        config = self.hub.config_path.read_text()
        if listen not in config:
            raise LabError("the hub's rendered config has no leafnode listener to edit")
        self.hub.config_path.write_text(
            config.replace(listen, f'{listen}  advertise: "{DEAD_ADVERTISE}"\n'))
        for code in self.branches:
            if code == self.isolated:
                self.leaves[code] = start_leaf(nats_dir / f"edge-{code}", code,
                                               hub_leaf_url=self.hub.leaf_url,
                                               host=self.namespace.branch_ip, start=False)
                continue
            relay = LinkRelay((leaf_host, self.hub.leaf_port), free_port()).start()
            self.relays[code] = relay
            self.leaves[code] = start_leaf(nats_dir / f"edge-{code}", code,
                                           hub_leaf_url=relay.url, start=False)

    def _load_data(self) -> None:
        self.run_command("db", "upgrade")
        # A small, quick demo: the soak needs branches, kiosks, staff and customers, not
        # months of history.
        self.run_command("demo", "load", env={
            "SMARTBRANCH_DEMO_BRANCHES": str(len(self.branches)),
            "SMARTBRANCH_DEMO_CUSTOMERS": str(self.customers),
            "SMARTBRANCH_DEMO_MONTHS": "1",
            "SMARTBRANCH_DEMO_HISTORY_DAYS": "0",
        })
        for code in self.branches[:self.door_cameras]:
            self._enrol_door_faces(code)

    def _enrol_door_faces(self, code: str) -> None:
        """Enrol a few of the branch's customers from the photo set; write its door replay.

        Without the photo set (`paths.shared_data_dir`) the branch has no door camera.
        """
        replay = self.data_dir / "door-replay" / code
        self.run_command("demo", "faces", "--customers", str(FACES_PER_BRANCH),
                         "--strangers", str(FACES_PER_BRANCH), "--replay", str(replay),
                         env={"SMARTBRANCH_APP_DEFAULT_BRANCH": code})
        if (replay / "playlist.txt").exists():
            self.door_replays[code] = replay

    def run_command(self, *args: str, env: Mapping[str, str] | None = None) -> str:
        """Run a `smartbranch` command to completion with the lab's environment."""
        from smartbranch.cluster.shape import bin_path

        done = subprocess.run([bin_path("smartbranch"), *args], env={**self.env, **(env or {})},
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise LabError(f"`smartbranch {' '.join(args)}` failed: "
                           f"{(done.stderr or done.stdout).strip()[-800:]}")
        return done.stdout

    def _start_children(self, programs: dict[str, str]) -> None:
        from smartbranch.cluster.proxy import check_config, render_config
        from smartbranch.cluster.shape import (
            ReplayPace,
            edge_spec,
            free_port,
            ingest_spec,
            nats_spec,
            proxy_spec,
            web_servers,
            web_spec,
        )
        from smartbranch.cluster.supervisor import Backoff, Supervisor

        self.port = free_port()
        self.servers = web_servers(self.web_count)
        config = self.data_dir / "haproxy.cfg"
        self.stats_port = free_port()
        config.write_text(render_config(self.servers, port=self.port,
                                        stats_port=self.stats_port))
        check_config(programs["haproxy"], config)
        specs = [nats_spec(self.hub, programs["nats-server"])]
        specs += [self._at_branch(code, nats_spec(leaf, programs["nats-server"]))
                  for code, leaf in self.leaves.items()]
        specs += [web_spec(server, self.env, self.log_dir) for server in self.servers]
        specs.append(proxy_spec(programs["haproxy"], config, self.log_dir))
        specs.append(ingest_spec(self.env, self.log_dir))
        pace = ReplayPace(fps=self.camera_fps, loop=True)
        specs += [self._at_branch(code, edge_spec(
                      code, leaf.url, self._branch_env(code), self.log_dir, standby=True,
                      door_cameras=[str(self.door_replays[code])]
                      if code in self.door_replays else (), door_replay=pace))
                  for code, leaf in self.leaves.items()]
        # A fault is a single crash: restart at once rather than after a growing backoff.
        self.supervisor = Supervisor(specs, backoff=Backoff(first_s=0.5, cap_s=5.0))
        # The kernel kills the children when the thread that started them ends
        # (PR_SET_PDEATHSIG): this thread lives as long as the lab.
        self._thread = threading.Thread(target=self.supervisor.run, name="cluster-lab",
                                        daemon=True)
        self._thread.start()

    def _at_branch(self, code: str, spec):
        """The spec as it runs at the branch: inside its namespace when it has one."""
        if code != self.isolated:
            return spec
        return dataclasses.replace(spec, argv=[*self.namespace.prefix(), *spec.argv])

    def _branch_env(self, code: str) -> dict[str, str]:
        """The edge's environment: a namespaced edge reaches PostgreSQL and Redis over its
        link (the host end's address), not this host's loopback."""
        if code != self.isolated:
            return self.env
        env = dict(self.env)
        for name in ("SMARTBRANCH_DATABASE_URL", "SMARTBRANCH_EVENTS_REDIS_URL"):
            env[name] = env[name].replace("127.0.0.1", self.namespace.host_ip)
        return env

    # -- readiness and state --------------------------------------------------------------

    def wait_ready(self, timeout_s: float) -> None:
        """Wait until every web process and the proxy answer, every leaf is linked and
        every kiosk's lease is held."""
        deadline = time.monotonic() + timeout_s
        waits = [
            ("the web processes", lambda: all(_healthy(u) for u in self.web_urls.values())),
            ("the proxy", lambda: _healthy(self.base_url)),
            ("the leaf links", lambda: self.hub.leaf_connections() >= len(self.leaves)),
            ("every kiosk's lease", lambda: len(self.lease_holders()) == self.kiosk_count),
        ]
        for what, ready in waits:
            while not _safe(ready):
                if time.monotonic() > deadline:
                    raise LabError(f"{what} not ready within {timeout_s:.0f} s "
                                   f"(logs in {self.log_dir})")
                time.sleep(0.5)

    def settings(self):
        """Return the settings every process of the lab runs with."""
        from shared.settings import load_settings

        return load_settings(self.profile, environ=self.env)

    @property
    def kiosk_count(self) -> int:
        return sum(len(codes) for codes in self.kiosks.values())

    def lease_holders(self) -> dict[str, tuple[str, int]]:
        """Return each kiosk with a live lease: its holder ("host:pid:...") and token."""
        import sqlalchemy as sa

        engine = sa.create_engine(self.database_url, pool_pre_ping=True)
        try:
            with engine.connect() as conn:
                rows = conn.execute(sa.text(
                    "SELECT d.code, l.holder, l.token FROM kiosk_leases l "
                    "JOIN device d ON d.id = l.device_id WHERE l.expires_at > now()")).all()
        finally:
            engine.dispose()
        return {code: (holder, token) for code, holder, token in rows}

    def database_now(self):
        """Return the database's clock now (leases are stamped by it)."""
        return self._scalar("SELECT now()")

    def leases_renewed_since(self, moment) -> int:
        """Return how many kiosk leases were renewed (or taken) after `moment`."""
        return self._scalar("SELECT count(*) FROM kiosk_leases WHERE renewed_at > :moment "
                            "AND expires_at > now()", moment=moment)

    def _scalar(self, sql: str, **params):
        import sqlalchemy as sa

        engine = sa.create_engine(self.database_url)
        try:
            with engine.connect() as conn:
                return conn.execute(sa.text(sql), params).scalar_one()
        finally:
            engine.dispose()

    def pids(self) -> dict[str, int]:
        """Return every process of the shape by a stable name (children of edges and webs too)."""
        found: dict[str, int] = {}
        table = process_table()
        for status in self.supervisor.status() if self.supervisor else ():
            if status.pid is None:
                continue
            found[status.name] = status.pid
            seen: dict[str, int] = {}
            for pid, cmdline in sorted(descendants(table, status.pid).items()):
                label = f"{status.name}/{_short(cmdline)}"
                seen[label] = seen.get(label, 0) + 1
                found[label if seen[label] == 1 else f"{label}#{seen[label]}"] = pid
        for name, service in (("redis", self.redis), ("postgres", self.postgres)):
            pid = service.pid() if service is not None else None
            if pid is not None:
                found[name] = pid
        return found

    def web_sessions(self) -> dict[str, int]:
        """Connections the proxy holds open to each web process now (HAProxy's `scur`),
        so memory can be read against the sockets a process carries."""
        from smartbranch.cluster.proxy import current_sessions

        return current_sessions(f"http://127.0.0.1:{self.stats_port}/;csv")

    def child_pid(self, name: str) -> int | None:
        return self.supervisor.pid(name) if self.supervisor else None

    @contextmanager
    def ingest_held(self) -> Iterator[None]:
        """Hold the centre's ingest (SIGSTOP, so its supervisor sees nothing to restart)
        while a backlog builds at the hub, as behind a link that was down; let it go after."""
        pid = self.child_pid("ingest")
        if pid is None:
            raise LabError("the ingest is not running")
        os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(pid, signal.SIGCONT)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=3) as answer:
            return answer.status == 200
    except OSError:
        return False


def _safe(check) -> bool:
    try:
        return bool(check())
    except Exception:  # noqa: BLE001 - not ready yet (a table not there, a server down)
        return False


def _short(cmdline: str) -> str:
    """Name a child process by what it runs: 'agent:LDN-01-K1', 'worker'."""
    words = cmdline.split()
    if "--kiosk" in words:
        return f"agent:{words[words.index('--kiosk') + 1]}"
    if "camera" in words and "--device" in words:
        return f"camera:{words[words.index('--device') + 1]}"
    if any("gunicorn" in w for w in words[:2]):
        return "worker"
    return Path(words[0]).name if words else "process"
