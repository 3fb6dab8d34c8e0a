"""The WSGI entry point of a web process behind the cluster's proxy: `smartbranch.cluster.web:app`.

The same server as `smartbranch.wsgi`, trusting the X-Forwarded-* headers of exactly one
proxy (HAProxy, config/cluster/): without that every request would come from the proxy's
address, and one guesser's failed sign-ins would lock everyone out of the console.
"""

from __future__ import annotations

from werkzeug.middleware.proxy_fix import ProxyFix

from shared.db import Database
from shared.events import create_bus
from shared.process_logging import configure_logging
from shared.settings import load_settings
from smartbranch.app import create_app
from smartbranch.commands.checks import require_migrated


def build_proxied_app(proxies: int = 1):
    """Build the branch server (as smartbranch.wsgi does) trusting `proxies` proxies' headers."""
    # Before the app: Flask then leaves its own error handler out and its errors, like
    # every other logger's, reach stderr (the process's log file) through this one.
    configure_logging()
    settings = load_settings()
    database = Database(settings)
    require_migrated(database)
    app = create_app(settings, database=database, bus=create_bus(settings))
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    return app


app = build_proxied_app()
