"""The application factory: one Flask app, one Socket.IO server, kiosk and staff console."""

from __future__ import annotations

from flask import Flask, jsonify, redirect, request, url_for
from flask_smorest import Api
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy import text
from werkzeug.exceptions import Forbidden, NotFound
from werkzeug.routing import IntegerConverter

import kiosk
import staff_console
from shared.db import Database
from shared.db.base import MAX_ID
from shared.events import EventBus, create_bus
from shared.settings import Settings, load_settings
from shared.web import assets as web_assets
from shared.web import bus as web_bus
from shared.web import i18n as web_i18n
from shared.web import limits as web_limits
from shared.web import request_db
from smartbranch.origins import origin_check
from smartbranch.secrets import ensure_secret, template_cipher
from smartbranch.websocket_compression import WithoutWebSocketCompression

API_VERSION = "0.1.0"


class IdConverter(IntegerConverter):
    """`<int:...>` in routes, capped at the largest primary key the database can hold."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def create_app(
    settings: Settings | None = None,
    *,
    database: Database | None = None,
    bus: EventBus | None = None,
) -> Flask:
    """Build the branch server; tests pass their own settings, database and bus."""
    settings = settings or load_settings()
    app = Flask("smartbranch", static_folder=None)
    app.config.update(
        SECRET_KEY=ensure_secret(settings.app.data_dir, "secret_key", settings.app.secret_key),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.server.session_cookie_secure,
        REMEMBER_COOKIE_SECURE=settings.server.session_cookie_secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=None,
        API_TITLE="SmartBranch",
        API_VERSION=API_VERSION,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
        MAX_CONTENT_LENGTH=32 * 1024 * 1024,
    )
    app.extensions["smartbranch.settings"] = settings
    # Templates are sealed with a key kept outside the database (generated once when unset).
    app.extensions["smartbranch.template_cipher"] = template_cipher(settings)
    database = database or Database(settings)
    bus = bus or create_bus(settings)
    request_db.init_app(app, database)
    web_bus.init_app(app, bus)
    web_limits.init_app(app, settings)
    CSRFProtect(app)
    # Route ids beyond the database's integer range are simply not found (not a 500).
    app.url_map.converters["int"] = IdConverter
    api = Api(app)
    socketio = SocketIO(
        app,
        async_mode="threading",
        # The server's own origin and the listed ones (engineio's own list would replace the
        # own origin; settings refuse "*"): see smartbranch/origins.py.
        cors_allowed_origins=origin_check(settings.server.allowed_origins),
    )
    if not settings.server.websocket_compression:
        # Outside Flask-SocketIO's middleware, so the handshake never sees the offer.
        app.wsgi_app = WithoutWebSocketCompression(app.wsgi_app)
    # money.js and http.js, served once for the kiosk's and the staff console's pages.
    web_assets.init_app(app)
    # Pages a customer reads choose their language (Flask-Babel; shared/i18n's catalogues).
    web_i18n.init_app(app)
    kiosk.init_app(app, api)
    staff_console.init_app(app, api, socketio, bus)
    _register_core_routes(app, database)
    return app


def get_socketio(app: Flask) -> SocketIO:
    return app.extensions["socketio"]


def _register_core_routes(app: Flask, database: Database) -> None:
    @app.errorhandler(CSRFError)
    def csrf_refused(exc: CSRFError):
        # Say why: flask-smorest's JSON 400 would drop the reason ("The CSRF token is missing.").
        if not request.path.startswith("/api/"):
            return exc
        return jsonify(code=400, status="Bad Request", message=f"CSRF: {exc.description}"), 400

    @app.errorhandler(Forbidden)
    def forbidden(exc: Forbidden):
        # Say why (e.g. "cannot be used from this network"): a page as HTML, the API as JSON.
        data = getattr(exc, "data", None) or {}
        if not request.path.startswith("/api/"):
            return exc
        return jsonify(code=403, status="Forbidden",
                       message=data.get("message") or exc.description), 403

    @app.errorhandler(NotFound)
    def not_found(exc: NotFound):
        # API clients get JSON with a message, also for a path no route matches.
        if not request.path.startswith("/api/"):
            return exc
        data = getattr(exc, "data", None) or {}
        message = data.get("message") or f"nothing at {request.path}"
        return jsonify(code=404, status="Not Found", message=message), 404

    @app.get("/healthz")
    def healthz():
        try:
            with database.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:  # noqa: BLE001 - report any database failure as unhealthy
            return jsonify(status="unhealthy", database=f"unreachable: {type(exc).__name__}"), 503
        return jsonify(status="ok", database="ok", version=API_VERSION)

    @app.get("/")
    def index():
        return redirect(url_for("staff_floor.floor"))
