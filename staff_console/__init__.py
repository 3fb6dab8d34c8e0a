"""The staff side: sign-in, the branch floor, the realtime bridge and the staff API."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_smorest import Api
from flask_socketio import SocketIO

from shared.events import EventBus


def init_app(app: Flask, api: Api, socketio: SocketIO, bus: EventBus) -> None:
    from staff_console import auth, realtime
    from staff_console.api import me
    from staff_console.views import floor, signin

    app.register_blueprint(
        Blueprint(
            "staff_assets",
            __name__,
            static_folder="static",
            static_url_path="/static/staff",
            template_folder="templates",
        )
    )
    auth.init_app(app)
    realtime.init_app(app, socketio, bus)
    app.register_blueprint(signin.bp)
    app.register_blueprint(floor.bp)
    api.register_blueprint(me.bp)
