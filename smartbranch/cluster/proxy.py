"""HAProxy in front of the web processes: its configuration from the template, its command."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template

from shared.settings.loading import default_config_dir

# Debian puts it in /usr/sbin, which is not on every user's PATH.
HAPROXY_PLACES = ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy")
INSTALL_HINT = "install it: sudo apt-get install -y haproxy (Debian/Ubuntu)"


class ProxyError(RuntimeError):
    """HAProxy is missing or refuses the configuration."""


@dataclass(frozen=True)
class WebServer:
    """One web process behind the proxy: its name (the sticky cookie's value) and address."""

    name: str
    host: str
    port: int


def template_path() -> Path:
    return default_config_dir() / "cluster" / "haproxy.cfg.template"


def render_config(servers: Sequence[WebServer], *, port: int, stats_port: int,
                  bind: str = "127.0.0.1", stats_bind: str = "127.0.0.1",
                  template: Path | None = None) -> str:
    """Return HAProxy's configuration for these web processes, sticky by cookie."""
    if not servers:
        raise ValueError("the proxy needs at least one web process")
    lines = [f"    server {s.name} {s.host}:{s.port} check cookie {s.name}" for s in servers]
    text = (template or template_path()).read_text()
    return Template(text).substitute(bind=bind, port=port, stats_bind=stats_bind,
                                     stats_port=stats_port, servers="\n".join(lines))


def find_haproxy() -> str:
    """Return HAProxy's path, or raise ProxyError saying how to install it."""
    found = shutil.which("haproxy") or next(
        (p for p in HAPROXY_PLACES if Path(p).is_file()), None)
    if found is None:
        raise ProxyError(f"HAProxy is not installed: {INSTALL_HINT}")
    return found


def check_config(haproxy: str, config: Path) -> None:
    """Ask HAProxy to validate the configuration file; raise ProxyError with its reasons."""
    done = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True,
                          text=True, timeout=30)
    if done.returncode != 0:
        lines = (done.stdout + done.stderr).strip().splitlines()
        alerts = [line for line in lines if "[ALERT]" in line] or lines
        raise ProxyError(f"HAProxy refuses {config}: " + " | ".join(alerts))


def haproxy_argv(haproxy: str, config: Path) -> list[str]:
    """Return the command that runs HAProxy in the foreground (under a supervisor)."""
    return [haproxy, "-db", "-f", str(config)]


def server_rows(stats_csv_url: str, backend: str = "web") -> list[dict[str, str]]:
    """The rows of `backend`'s servers on HAProxy's stats page (as CSV: `svname`, `scur`,
    `status`, ...); [] when the page does not answer (the proxy starting or restarting)."""
    import csv
    import io
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(stats_csv_url, timeout=2) as reply:
            text = reply.read().decode()
    except (urllib.error.URLError, OSError):
        return []
    rows = csv.DictReader(io.StringIO(text.lstrip("# ")))
    return [row for row in rows
            if row["pxname"] == backend and row["svname"] not in ("FRONTEND", "BACKEND")]


def current_sessions(stats_csv_url: str, backend: str = "web") -> dict[str, int]:
    """Open connections per server of `backend` (`scur`); {} when the page does not answer."""
    return {row["svname"]: int(row["scur"] or 0) for row in server_rows(stats_csv_url, backend)}
