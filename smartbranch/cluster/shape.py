"""The whole shape on one machine as child commands: web processes, proxy, ingest, edges."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from smartbranch.cluster.ports import free_port
from smartbranch.cluster.proxy import WebServer, haproxy_argv
from smartbranch.cluster.supervisor import ChildSpec

# Threads per web process: every open websocket (tablet, kiosk screen) holds one.
WEB_THREADS = 200
# gunicorn's own wait for requests in flight when told to stop, inside the supervisor's grace.
WEB_GRACEFUL_S = 5
# A killed web process restarts only after HAProxy has marked it down (two failed checks a
# second apart: config/cluster/haproxy.cfg.template), so its successor enters rotation through
# the health check. Restarted at once, the new gunicorn bound the port before its worker had
# loaded the app, and requests pinned to it waited out that load (over 3 s on a busy machine).
WEB_RESTART_AFTER_S = 3.0


def bin_path(name: str) -> str:
    """Return a console script of this environment (the venv's smartbranch, gunicorn)."""
    return str(Path(sys.executable).with_name(name))


def central_env(base: Mapping[str, str], *, database_url: str, redis_url: str, data_dir: Path,
                nats_url: str, profile: str | None = None) -> dict[str, str]:
    """Return the environment every process of the shape shares.

    One database, events over Redis, kiosks driven by their edge agents, and one data dir:
    the keys kept outside the database (session, template, PIN and audit keys) must be the
    same in every process (docs/DEPLOYMENT.md).
    """
    env = dict(base)
    env.update({
        "SMARTBRANCH_DATABASE_URL": database_url,
        "SMARTBRANCH_EVENTS_BACKEND": "redis",
        "SMARTBRANCH_EVENTS_REDIS_URL": redis_url,
        "SMARTBRANCH_APP_DATA_DIR": str(data_dir),
        "SMARTBRANCH_CLUSTER_NATS_URL": nats_url,
        "SMARTBRANCH_CLUSTER_REMOTE_KIOSK_AGENTS": "true",
    })
    if profile:
        env["SMARTBRANCH_PROFILE"] = profile
    return env


def web_servers(count: int, host: str = "127.0.0.1") -> list[WebServer]:
    """Name `count` web processes web1.. and give each a free port."""
    return [WebServer(f"web{i}", host, free_port(host)) for i in range(1, count + 1)]


def web_spec(server: WebServer, env: Mapping[str, str], log_dir: Path,
             threads: int = WEB_THREADS) -> ChildSpec:
    """Return one gunicorn: one threaded worker, since a socket's session lives in one process."""
    argv = [bin_path("gunicorn"), "-w", "1", "-k", "gthread", "--threads", str(threads),
            "-b", f"{server.host}:{server.port}", "--graceful-timeout", str(WEB_GRACEFUL_S)]
    if _gunicorn_major() >= 25:
        # gunicorn 25 added a control socket; each would claim ~/.gunicorn/gunicorn.ctl.
        argv.append("--no-control-socket")
    argv.append("smartbranch.cluster.web:app")
    return ChildSpec(server.name, argv, env, log_dir / f"{server.name}.log",
                     min_restart_s=WEB_RESTART_AFTER_S)


def _gunicorn_major() -> int:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return int(version("gunicorn").split(".")[0])
    except (PackageNotFoundError, ValueError):
        return 0


def proxy_spec(haproxy: str, config: Path, log_dir: Path) -> ChildSpec:
    return ChildSpec("haproxy", haproxy_argv(haproxy, config), None, log_dir / "haproxy.log")


def nats_spec(server, nats_binary: str) -> ChildSpec:
    """Run a rendered nats-server (a NatsProcess) under a supervisor, ready on /healthz."""
    from smartbranch.cluster.nats_servers import NatsServerError

    def ready() -> bool:
        try:
            server.wait_ready(timeout_s=0.2)
        except NatsServerError:
            return False
        return True

    return ChildSpec(server.name, [nats_binary, "-c", str(server.config_path)], None,
                     server.log_path, ready=ready)


def ingest_spec(env: Mapping[str, str], log_dir: Path) -> ChildSpec:
    """Return the central consumer of the edges' events (`smartbranch ingest`)."""
    return ChildSpec("ingest", [bin_path("smartbranch"), "ingest"], env, log_dir / "ingest.log")


def edge_spec(branch: str, edge_nats_url: str, env: Mapping[str, str], log_dir: Path, *,
              standby: bool = False, door_cameras: Sequence[str] = (),
              door_replay: ReplayPace | None = None) -> ChildSpec:
    """Return one branch edge's supervisor (`smartbranch edge`), talking to its leaf node."""
    argv = [bin_path("smartbranch"), "edge", "--branch", branch]
    argv += [arg for source in door_cameras for arg in ("--door-camera", source)]
    if door_replay is not None:
        argv += door_replay.edge_args()
    if standby:
        argv.append("--standby")
    edge_env = {**env, "SMARTBRANCH_CLUSTER_EDGE_NATS_URL": edge_nats_url}
    return ChildSpec(f"edge:{branch}", argv, edge_env, log_dir / f"edge-{branch}.log")


def edge_env(base: Mapping[str, str], *, database_url: str, events_backend: str,
             redis_url: str, edge_nats_url: str) -> dict[str, str]:
    """Return the environment of an edge's device processes: its leaf node, database, bus."""
    env = dict(base)
    env.update({
        "SMARTBRANCH_DATABASE_URL": database_url,
        "SMARTBRANCH_EVENTS_BACKEND": events_backend,
        "SMARTBRANCH_EVENTS_REDIS_URL": redis_url,
        "SMARTBRANCH_CLUSTER_EDGE_NATS_URL": edge_nats_url,
    })
    return env


def kiosk_agent_spec(kiosk: str, env: Mapping[str, str], log_dir: Path | None, *,
                     standby: bool = False) -> ChildSpec:
    """Return one kiosk's agent (`smartbranch kiosk agent`); a standby waits on the lease."""
    name = f"agent:{kiosk}" + (":standby" if standby else "")
    log_file = log_dir / f"{name.replace(':', '-')}.log" if log_dir else None
    return ChildSpec(name, [bin_path("smartbranch"), "kiosk", "agent", "--kiosk", kiosk], env,
                     log_file)


@dataclass(frozen=True)
class ReplayPace:
    """How a door camera replaying a folder runs: its frame rate, and whether it loops."""

    fps: float | None = None
    loop: bool = False

    def camera_args(self) -> list[str]:
        return ([] if self.fps is None else ["--fps", f"{self.fps:g}"]) + (
            ["--loop"] if self.loop else [])

    def edge_args(self) -> list[str]:
        return ([] if self.fps is None else ["--door-camera-fps", f"{self.fps:g}"]) + (
            ["--door-camera-loop"] if self.loop else [])


def door_camera_spec(branch: str, device: str, source: str, env: Mapping[str, str],
                     log_dir: Path | None, pace: ReplayPace | None = None) -> ChildSpec:
    """Return one door camera's watcher (`smartbranch camera --edge`)."""
    # --edge: the watcher follows the centre's gallery over the leaf and stops identifying
    # when cut off longer than cluster.cutoff_bound_s.
    argv = [bin_path("smartbranch"), "camera", "--source", source, "--branch", branch,
            "--device", device, "--edge", *(pace.camera_args() if pace else [])]
    return ChildSpec(f"camera:{device}", argv, env,
                     log_dir / f"camera-{device}.log" if log_dir else None)


def door_device_codes(branch: str, known: Sequence[str], count: int) -> list[str]:
    """Pair `count` door cameras with the branch's door camera devices, then new codes."""
    codes = list(known[:count])
    number = 1
    while len(codes) < count:
        code = f"{branch}-DOOR-{number}"
        if code not in codes and code not in known:
            codes.append(code)
        number += 1
    return codes
