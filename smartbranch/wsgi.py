"""The WSGI entry point for a production server: `gunicorn smartbranch.wsgi:app`.

Settings come from the environment and config files as for every command. The server
refuses to start on a database that is not migrated, as `smartbranch serve` does. Door
cameras run as their own processes (`smartbranch camera SOURCE`) and reach the server's
sockets through the Redis bus (`events.backend = "redis"`).
"""

from __future__ import annotations

from shared.db import Database
from shared.events import create_bus
from shared.process_logging import configure_logging
from shared.settings import load_settings
from smartbranch.app import create_app
from smartbranch.commands.checks import require_migrated


def build_app():
    """Load settings, check the database is migrated, and build the branch server."""
    configure_logging()  # before the app, so Flask's errors go through it too (cluster/web.py)
    settings = load_settings()
    database = Database(settings)
    require_migrated(database)
    return create_app(settings, database=database, bus=create_bus(settings))


app = build_app()
