"""Real `nats-server` processes for a bank on one machine: the hub and one leaf node per branch.

The hub carries the centre's JetStream (domain "hub"); each branch edge has a leaf node with
a JetStream domain of its own, so the edge stores its events while the leaf link is down and
the hub's stream sources them across the link when it returns.
"""

from __future__ import annotations

import http.client
import json
import logging
import shutil
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from shared.cluster.names import branch_token, edge_domain
from smartbranch.cluster.ports import free_port

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
READY_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 5.0


class NatsServerError(RuntimeError):
    """A nats-server could not be started or did not become ready."""


def nats_server_binary() -> str:
    """The nats-server executable on PATH."""
    found = shutil.which("nats-server")
    if not found:
        raise NatsServerError("nats-server is not installed (it must be on PATH)")
    return found


def _quote(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid quoted string in NATS config


# A link that dies without a word (a cable pulled, a route gone: no RST) is noticed after
# ping_max unanswered pings: 15 s here, not the default 2 x 2 minutes.
PINGS = """ping_interval: "5s"
ping_max: 3
"""


def hub_config(
    *, name: str, client_port: int, leaf_port: int, http_port: int, store_dir: Path, domain: str,
    leaf_host: str = HOST,
) -> str:
    """The hub's config: clients, a leafnode listener for the edges, JetStream in `domain`."""
    return f"""# Rendered by smartbranch.cluster.nats_servers: the centre's NATS hub.
server_name: {_quote(name)}
listen: "{HOST}:{client_port}"
http: "{HOST}:{http_port}"
{PINGS}jetstream {{
  store_dir: {_quote(str(store_dir))}
  domain: {_quote(domain)}
}}
leafnodes {{
  listen: "{leaf_host}:{leaf_port}"
}}
"""


def leaf_config(
    *, name: str, client_port: int, http_port: int, store_dir: Path, domain: str, hub_leaf_url: str,
    host: str = HOST,
) -> str:
    """A branch leaf's config: its own clients and JetStream domain, one remote to the hub."""
    return f"""# Rendered by smartbranch.cluster.nats_servers: a branch edge's leaf node.
server_name: {_quote(name)}
listen: "{host}:{client_port}"
http: "{host}:{http_port}"
{PINGS}jetstream {{
  store_dir: {_quote(str(store_dir))}
  domain: {_quote(domain)}
}}
leafnodes {{
  # Retry the hub every second: an edge reconnects soon after the link returns.
  reconnect: 1
  remotes: [ {{ url: {_quote(hub_leaf_url)} }} ]
}}
"""


@dataclass
class NatsProcess:
    """One nats-server process from a rendered config; start, stop, kill or restart it."""

    name: str
    config_path: Path
    client_port: int
    http_port: int
    log_path: Path
    leaf_port: int | None = None
    # Where its clients and monitor listen (a leaf in a branch's own network namespace
    # listens on that namespace's address); the hub's leafnode listener: leaf_host.
    host: str = HOST
    leaf_host: str = HOST
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"nats://{self.host}:{self.client_port}"

    @property
    def leaf_url(self) -> str:
        """Where leaf nodes connect (the hub only)."""
        if self.leaf_port is None:
            raise NatsServerError(f"{self.name} has no leafnode listener")
        return f"nats-leaf://{self.leaf_host}:{self.leaf_port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout_s: float = READY_TIMEOUT_S) -> NatsProcess:
        """Start the server and wait until it answers with JetStream ready."""
        if self.running:
            return self
        with open(self.log_path, "ab") as out:
            self.process = subprocess.Popen(
                [nats_server_binary(), "-c", str(self.config_path)],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a terminal's Ctrl-C goes to our supervisor, not here
            )
        self.wait_ready(timeout_s)
        return self

    def wait_ready(self, timeout_s: float = READY_TIMEOUT_S) -> None:
        """Wait until /healthz says the server and its JetStream are up."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise NatsServerError(f"{self.name} exited ({self._log_tail()})")
            if self._monitor("healthz").get("status") == "ok":
                return
            time.sleep(0.05)
        raise NatsServerError(f"{self.name} not ready in {timeout_s}s ({self._log_tail()})")

    def leaf_connections(self) -> int:
        """How many leafnode links this server has now (0 if it is down)."""
        return int(self._monitor("leafz").get("leafnodes", 0))

    def wait_leaf_connected(self, count: int = 1, timeout_s: float = READY_TIMEOUT_S) -> bool:
        """Wait until at least `count` leafnode links are up; False if the time ran out."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.leaf_connections() >= count:
                return True
            time.sleep(0.05)
        return False

    def stop(self, timeout_s: float = STOP_TIMEOUT_S) -> None:
        """Stop gracefully (SIGTERM), killing it if it lingers."""
        if not self.running:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            log.warning("%s did not stop in %ss; killing it", self.name, timeout_s)
            self.kill()

    def kill(self) -> None:
        """Kill at once (SIGKILL), as a crash would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def restart(self, timeout_s: float = READY_TIMEOUT_S) -> NatsProcess:
        """Stop (if running) and start again on the same ports and store."""
        self.stop()
        return self.start(timeout_s)

    def _monitor(self, endpoint: str) -> dict:
        try:
            url = f"http://{self.host}:{self.http_port}/{endpoint}"
            with urllib.request.urlopen(url, timeout=0.5) as response:
                return json.loads(response.read())
        except (OSError, ValueError, http.client.HTTPException):
            # HTTPException: something else answers on the port (a NATS client port
            # greets with INFO): not this server's monitor, so not ready.
            return {}

    def _log_tail(self) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return "no log"
        return " | ".join(lines[-5:]) or "empty log"


def _prepare(directory: Path, name: str) -> tuple[Path, Path, Path]:
    directory = Path(directory)
    store = directory / "jetstream"
    store.mkdir(parents=True, exist_ok=True)
    return directory / f"{name}.conf", store, directory / f"{name}.log"


def start_hub(
    directory: Path,
    client_port: int = 0,
    leaf_port: int = 0,
    *,
    domain: str = "hub",
    http_port: int = 0,
    leaf_host: str = HOST,
    start: bool = True,
) -> NatsProcess:
    """Render the hub's config in `directory` and start it (a port of 0 = a free one).

    `leaf_host`: the address the edges' leaf nodes connect to (this host's, by default).
    """
    name = "sb-hub"
    config_path, store, log_path = _prepare(directory, name)
    hub = NatsProcess(
        name=name,
        config_path=config_path,
        client_port=client_port or free_port(),
        http_port=http_port or free_port(),
        leaf_port=leaf_port or free_port(),
        log_path=log_path,
        leaf_host=leaf_host,
    )
    config_path.write_text(
        hub_config(
            name=name,
            client_port=hub.client_port,
            leaf_port=hub.leaf_port,
            http_port=hub.http_port,
            store_dir=store,
            domain=domain,
            leaf_host=leaf_host,
        )
    )
    return hub.start() if start else hub


def start_leaf(
    directory: Path,
    branch: str,
    client_port: int = 0,
    hub_leaf_url: str = "",
    *,
    http_port: int = 0,
    host: str = HOST,
    start: bool = True,
) -> NatsProcess:
    """Render a branch leaf's config in `directory` and start it (domain edge-<branch>).

    `host`: where its clients and monitor listen (a branch's own address in a test that
    runs the edge in a network namespace of its own).
    """
    if not hub_leaf_url:
        raise NatsServerError("a leaf node needs the hub's leafnode URL")
    name = f"sb-edge-{branch_token(branch)}"
    config_path, store, log_path = _prepare(directory, name)
    leaf = NatsProcess(
        name=name,
        config_path=config_path,
        client_port=client_port or free_port(),
        http_port=http_port or free_port(),
        log_path=log_path,
        host=host,
    )
    config_path.write_text(
        leaf_config(
            name=name,
            client_port=leaf.client_port,
            http_port=leaf.http_port,
            store_dir=store,
            domain=edge_domain(branch),
            hub_leaf_url=hub_leaf_url,
            host=host,
        )
    )
    return leaf.start() if start else leaf
