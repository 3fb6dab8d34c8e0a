"""Access to the app's event bus from request handlers."""

from flask import Flask, current_app

from shared.events import EventBus

EXTENSION = "smartbranch.bus"


def init_app(app: Flask, bus: EventBus) -> None:
    app.extensions[EXTENSION] = bus


def get_bus() -> EventBus:
    return current_app.extensions[EXTENSION]
