"""Where staff may use the console from: head office's networks, and their own branch's.

Off when `auth.allowed_networks` is empty (the demo). On, every staff page, staff API call
and staff socket from any other address is refused (403) before anything else is read;
with `auth.branch_networks`, a signed-in staff member may use head office's networks and
their own branch's only. The address is the connection's (`request.remote_addr`): behind a
reverse proxy, configure the proxy to pass it (docs/DEPLOYMENT.md).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from flask import Flask, abort, current_app, request
from flask_babel import gettext
from flask_login import current_user

from shared.settings import AuthSettings

STAFF_PATHS = ("/staff", "/api/staff", "/api/manager")


@lru_cache(maxsize=64)
def _networks(listed: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(n, strict=False) for n in listed)


def _within(address: str | None, listed: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in _networks(listed))


def network_allows(auth: AuthSettings, address: str | None,
                   branch_code: str | None = None) -> bool:
    """Whether staff (of `branch_code`, when known) may use the console from `address`."""
    if not auth.allowed_networks:
        return True
    if _within(address, auth.allowed_networks):
        return True
    if branch_code is None:  # not signed in yet: any configured network may sign in
        return any(_within(address, listed) for listed in auth.branch_networks.values())
    return _within(address, tuple(auth.branch_networks.get(branch_code, ())))


def request_allowed() -> bool:
    """Whether this request's address may reach the console, as whoever is signed in."""
    auth = current_app.extensions["smartbranch.settings"].auth
    branch = current_user.identity.branch_code if current_user.is_authenticated else None
    return network_allows(auth, request.remote_addr, branch)


def _refuse_other_networks() -> None:
    if request.path.startswith(STAFF_PATHS) and not request_allowed():
        abort(403, description=gettext("The staff console cannot be used from this network."))


def init_app(app: Flask) -> None:
    app.before_request(_refuse_other_networks)
