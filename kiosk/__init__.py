"""The customer side of the branch floor: kiosk screens and the kiosk API."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_smorest import Api


def init_app(app: Flask, api: Api) -> None:
    from kiosk.api import tickets
    from kiosk.views import welcome

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
    api.register_blueprint(tickets.bp)
