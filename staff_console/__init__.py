"""The staff side: sign-in, the branch floor, the realtime bridge and the staff API."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_smorest import Api
from flask_socketio import SocketIO

from shared.events import EventBus
from shared.money.format import format_money
from shared.web.assets import page_locale
from staff_console.labels import label
from staff_console.policy import Can, current_can


def init_app(app: Flask, api: Api, socketio: SocketIO, bus: EventBus) -> None:
    from staff_console import auth, language, networks, realtime
    from staff_console.api import (
        arrivals,
        biometrics,
        customers,
        desk,
        fraud,
        manager,
        me,
        queue_board,
    )
    from staff_console.views import admin as admin_pages
    from staff_console.views import cases as case_pages
    from staff_console.views import customers as customer_pages
    from staff_console.views import desk as desk_pages
    from staff_console.views import floor, queue_display, signin
    from staff_console.views import manager as manager_pages
    from staff_console.views import other_banks as other_bank_pages

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
    language.init_app(app)  # first: a refusal below is said in the staff's language
    networks.init_app(app)
    realtime.init_app(app, socketio, bus)
    app.register_blueprint(signin.bp)
    app.register_blueprint(floor.bp)
    app.register_blueprint(customer_pages.bp)
    app.register_blueprint(other_bank_pages.bp)
    app.register_blueprint(desk_pages.bp)
    app.register_blueprint(case_pages.bp)
    app.register_blueprint(queue_display.bp)
    app.register_blueprint(manager_pages.bp)
    app.register_blueprint(admin_pages.bp)
    api.register_blueprint(me.bp)
    api.register_blueprint(arrivals.bp)
    api.register_blueprint(customers.bp)
    api.register_blueprint(biometrics.bp)
    api.register_blueprint(desk.bp)
    api.register_blueprint(fraud.bp)
    api.register_blueprint(queue_board.bp)
    api.register_blueprint(manager.bp)
    app.add_template_filter(_money, "money")
    # Pages show what the signed-in staff member may do by the policy's own table.
    app.add_template_global(lambda capability: current_can(Can(capability)), "staff_can")
    # The top bar's count of open risk cases (None for those who do not handle them).
    app.add_template_global(case_pages.open_case_count, "open_case_count")
    # Stored values (a role, a ticket's status) in words, in the page's language.
    app.add_template_global(label, "staff_label")


def _money(minor: int | None, currency: str) -> str:
    """Format minor units in their currency for the page's locale: -123456 GBP -> -£1,234.56.

    The currency is always the template's to give (the account's, the ticket's): an amount
    has no currency of its own, and a default would silently print won as pounds.
    """
    return "" if minor is None else format_money(minor, currency, page_locale())
