"""The customer side of the branch floor: kiosk screens, the kiosk API, the kiosk agents.

Layers, top down: the app (this file, api/, views/) -> agent_pool -> runner (one kiosk's
thread) -> flows/ (transactions) -> station (what a flow may use: screen, actions,
devices, database) -> screen, actions, visitor, voice/. Nothing imports upwards.

In a bank's cluster (cluster.remote_kiosk_agents) the web tier drives no kiosk: agent_pool
hands out remote/'s RemoteKioskAgent, which asks each kiosk's own agent process over NATS;
that process (`smartbranch kiosk agent`) drives its kiosk under a fenced lease
(leased_agent.py) and answers through remote/server.py.
"""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_smorest import Api


def init_app(app: Flask, api: Api) -> None:
    from kiosk import agent_pool, face_galleries
    from kiosk.api import customer, devices, identify, tickets
    from kiosk.views import touch, welcome
    from shared.web.bus import EXTENSION as BUS
    from shared.web.request_db import EXTENSION as DATABASE

    app.register_blueprint(
        Blueprint(
            "kiosk_assets",
            __name__,
            static_folder="static",
            static_url_path="/static/kiosk",
            template_folder="templates",
        )
    )
    app.register_blueprint(welcome.bp)
    app.register_blueprint(touch.bp)
    api.register_blueprint(tickets.bp)
    api.register_blueprint(customer.bp)
    api.register_blueprint(devices.bp)
    api.register_blueprint(identify.bp)
    # The kiosk JSON API authenticates the device (token or SameSite=Strict pairing cookie)
    # and takes JSON only, so CSRF tokens add nothing there (see kiosk/auth.py).
    csrf = app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(customer.bp)
        csrf.exempt(devices.bp)
        csrf.exempt(identify.bp)
    # One agent per kiosk, created on first use (each recovers its cash sessions first).
    agent_pool.init_app(app, app.extensions[DATABASE], app.extensions[BUS])
    # One face gallery per branch for 'Recognise me', loaded on first use.
    face_galleries.init_app(app, app.extensions[DATABASE], app.extensions[BUS])
