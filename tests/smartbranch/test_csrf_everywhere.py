"""Every state-changing form and API call refuses a request without its CSRF token.

Built from the app itself: a new POST, PUT, PATCH or DELETE route is covered the day it is
added. The only exemptions are the kiosk device APIs (a SameSite=Strict device cookie or a
bearer token, JSON only; kiosk/auth.py), and a browser signed in as staff cannot use those.
"""

from __future__ import annotations

import re

import pytest

from shared.models.enums import Role
from tests.factories import make_branch, make_kiosk, make_staff
from tests.web_helpers import csrf_token, sign_in

CHANGES = {"POST", "PUT", "PATCH", "DELETE"}
# The blueprints CSRF tokens are not asked of, and why (kiosk/__init__.py, kiosk/auth.py).
DEVICE_APIS = {"kiosk_session_api", "kiosk_devices_api", "kiosk_identify_api"}
KIOSK = "CSRF-K1"


def _url(rule) -> str:
    """The rule with every parameter filled (routing only: the CSRF check comes first)."""
    return re.sub(r"<(?:([^:>]+):)?(\w+)>", lambda m: "1" if m.group(1) == "int" else
                  "face" if m.group(2) == "modality" else KIOSK, rule.rule)


def _changing_routes(app):
    return sorted({(method, rule.rule, rule.endpoint, _url(rule))
                   for rule in app.url_map.iter_rules()
                   for method in rule.methods & CHANGES})


def test_only_the_kiosk_device_apis_are_exempt(app):
    csrf = app.extensions["csrf"]
    exempt = {name for name, blueprint in app.blueprints.items()
              if blueprint in csrf._exempt_blueprints}
    assert exempt == DEVICE_APIS and not csrf._exempt_views


@pytest.fixture
def manager_client(app, db_session):
    branch = make_branch(db_session)
    make_kiosk(db_session, branch, code=KIOSK)  # a real kiosk the device APIs could act on
    staff = make_staff(db_session, branch, Role.BRANCH_MANAGER)
    db_session.commit()
    client = app.test_client()
    sign_in(client, staff.username)
    assert csrf_token(client.get("/staff/").text)  # signed in: a page with a token
    return client


def test_every_state_change_without_its_token_is_refused(app, manager_client):
    routes = _changing_routes(app)
    assert len(routes) > 40  # the table really is the app's
    checked = 0
    for method, rule, endpoint, url in routes:
        answer = manager_client.open(url, method=method, json={})
        if endpoint.split(".")[0] in DEVICE_APIS:
            # A staff browser is no kiosk: the device API wants its pairing or token (or
            # refuses the empty body before asking); nothing is done either way.
            assert answer.status_code in (401, 422), (method, rule, answer.status_code)
            continue
        assert answer.status_code == 400 and "CSRF" in answer.get_data(as_text=True), (
            method, rule, answer.status_code)
        checked += 1
    assert checked >= 25
