"""Kiosk device authentication: a paired cookie (touch UI) or a bearer token (agents, tests).

Kiosks authenticate as devices, not staff. Pairing (`/kiosk/<code>/pair?token=...`) checks
the token once and sets a signed cookie holding the token's stored hash, so rotating the
token (`smartbranch kiosk tokens`) ends every old pairing at once. The kiosk JSON API is
exempt from CSRF tokens because it does not rely on ambient staff cookies: the device
cookie is SameSite=Strict (never sent by another site's request) and the API takes JSON
only, which a cross-site form cannot send. The one multipart endpoint ('Recognise me')
only greets and relies on the SameSite=Strict cookie alone.
"""

from __future__ import annotations

import ipaddress
from functools import wraps

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from shared.devices import tokens as kiosk_tokens
from shared.models import Device
from shared.models.enums import DeviceKind
from shared.web.request_db import get_session

COOKIE_PREFIX = "sb_kiosk_"


def cookie_name(code: str) -> str:
    return COOKIE_PREFIX + "".join(ch if ch.isalnum() else "_" for ch in code)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="kiosk-pairing")


def pairing_cookie(device: Device) -> str:
    return _serializer().dumps({"code": device.code, "token_hash": device.token_hash})


def find_kiosk(code: str) -> Device | None:
    return get_session().scalar(
        select(Device).where(Device.code == code, Device.kind == DeviceKind.KIOSK))


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def is_authenticated(device: Device) -> bool:
    """True when the request carries the kiosk's token or its current pairing cookie."""
    token = _bearer()
    if token is not None:
        return kiosk_tokens.token_matches(device, token)
    raw = request.cookies.get(cookie_name(device.code))
    if not raw:
        return False
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return False
    return (isinstance(data, dict) and data.get("code") == device.code
            and kiosk_tokens.hash_matches(device, data.get("token_hash")))


def local_demo_allowed() -> bool:
    """The simulator page may open without pairing from this machine when settings allow."""
    settings = current_app.extensions["smartbranch.settings"]
    if not settings.kiosk_agent.devices_page_local_demo:
        return False
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


def device_required(*, allow_local_demo: bool = False):
    """Refuse (401) requests not authenticated as kiosk `code` (404 for an unknown kiosk)."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, code: str, **kwargs):
            from flask_smorest import abort

            device = find_kiosk(code)
            if device is None:
                abort(404, message=f"no kiosk called {code}")
            if not is_authenticated(device) and not (allow_local_demo and local_demo_allowed()):
                abort(401, message="this kiosk is not paired: open its pairing link "
                      "(smartbranch kiosk tokens)")
            return view(*args, code=code, **kwargs)

        return wrapper

    return decorate
