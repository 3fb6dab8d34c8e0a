"""A throwaway SmartBranch on a fresh SQLite file, served on a free port (live benchmarks)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from smartbranch.cluster.ports import free_port


@dataclass
class LiveApp:
    """The app, its database and bus, and the server thread that serves them."""

    url: str
    app: object
    bus: object
    database: object
    settings: object
    _server: object
    _thread: threading.Thread

    def close(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)
        self.database.dispose()


def migrated(workdir: Path, **overrides):
    """Settings for a fresh database in `workdir` (plus `overrides`) and that database, migrated."""
    from shared.db import Database
    from shared.db.migrate import upgrade
    from shared.settings import load_settings

    sections = {
        "app": {"data_dir": str(workdir)},
        "database": {"url": f"sqlite:///{workdir / 'bench.db'}"},
        # The escalation worker has no stop; it would outlive the throwaway database.
        "console": {"escalation_poll_seconds": 0},
        **overrides,
    }
    settings = load_settings("default", environ={}, overrides=sections)
    database = Database(settings)
    upgrade(database.engine)
    return settings, database


def serve(settings, database) -> LiveApp:
    """Serve the app on a free port of 127.0.0.1 from a thread of its own."""
    from werkzeug.serving import make_server

    from shared.events import InProcessBus
    from smartbranch.app import create_app

    bus = InProcessBus()
    app = create_app(settings, database=database, bus=bus)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="bench-server", daemon=True)
    thread.start()
    return LiveApp(f"http://127.0.0.1:{port}", app, bus, database, settings, server, thread)
