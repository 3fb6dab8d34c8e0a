"""The kiosk HTTP API: device authentication, idempotent replays, no 5xx, no secrets leaked."""

from __future__ import annotations

import json
import logging
import re
import uuid

import pytest
from sqlalchemy import MetaData, select

from kiosk.agent_pool import EXTENSION
from shared.devices import tokens as kiosk_tokens
from shared.models import Account, Device
from tests.kiosk.conftest import build_world


@pytest.fixture
def api(fresh_database, kiosk_settings):
    from smartbranch.app import create_app

    world = build_world(fresh_database, kiosk_settings, pin="864213")
    app = create_app(kiosk_settings, database=fresh_database, bus=world.agents.bus)
    app.config.update(TESTING=True)
    app.extensions[EXTENSION] = world.agents  # the world's agent serves this app
    with fresh_database.session() as s:
        issued = kiosk_tokens.issue_token(s, s.get(Device, world.kiosk_id))
    client = app.test_client()
    yield app, client, world, issued.token
    world.agents.stop_all()


def _post(client, path, body, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(path, data=json.dumps(body), content_type="application/json",
                       headers=headers)


def test_money_endpoints_need_the_device_token(api):
    _app, client, world, token = api
    base = f"/api/kiosks/{world.kiosk_code}"
    assert client.get(base + "/session").status_code == 401
    assert client.get(base + "/session", headers={"Authorization": "Bearer nope"}
                      ).status_code == 401
    action = {"action": "balance", "idempotency_key": "k" * 12}
    assert _post(client, base + "/actions", action).status_code == 401
    assert client.get(base + "/session", headers={"Authorization": f"Bearer {token}"}
                      ).status_code == 200


def test_pairing_sets_a_cookie_that_rotation_revokes(api, fresh_database):
    _app, client, world, token = api
    assert client.get(f"/kiosk/{world.kiosk_code}/pair?token=wrong").status_code == 401
    paired = client.get(f"/kiosk/{world.kiosk_code}/pair?token={token}")
    assert paired.status_code == 302
    assert client.get(f"/api/kiosks/{world.kiosk_code}/session").status_code == 200
    assert client.get(f"/kiosk/{world.kiosk_code}/touch").status_code == 200
    with fresh_database.session() as s:
        kiosk_tokens.issue_token(s, s.get(Device, world.kiosk_id))
    assert client.get(f"/api/kiosks/{world.kiosk_code}/session").status_code == 401


def test_a_retried_request_with_the_same_key_moves_money_once(api, fresh_database):
    _app, client, world, token = api
    world.sign_in()
    base = f"/api/kiosks/{world.kiosk_code}"
    body = {"action": "transfer", "idempotency_key": "retry-" + uuid.uuid4().hex[:20],
            "from_account_id": world.account_id, "to_account_id": world.savings_id,
            "amount_minor": 1234}
    first = _post(client, base + "/actions", body, token)
    again = _post(client, base + "/actions", body, token)
    assert first.status_code == again.status_code == 200
    assert first.get_json() == again.get_json()
    assert first.get_json()["status"] == "done"
    other = _post(client, base + "/actions", {**body, "amount_minor": 999}, token)
    assert other.status_code == 409
    with fresh_database.session() as s:
        assert s.get(Account, world.savings_id).balance_minor == 1234
    # A new agent (a restart) would not remember the key; the ledger key still refuses.
    world.agent.station.inbox.forget_keys()
    replay = _post(client, base + "/actions", body, token)
    assert replay.get_json()["outcome"].get("replayed") is True
    with fresh_database.session() as s:
        assert s.get(Account, world.savings_id).balance_minor == 1234


def test_bad_input_is_a_clear_4xx(api):
    _app, client, world, token = api
    base = f"/api/kiosks/{world.kiosk_code}"
    for body in ({}, {"action": "withdraw"}, {"action": "fly", "idempotency_key": "x" * 10},
                 {"action": "withdraw", "idempotency_key": "x" * 10, "amount_minor": "ten"},
                 {"action": "withdraw", "idempotency_key": "bad key!!", "amount_minor": 5}):
        assert _post(client, base + "/actions", body, token).status_code == 422
    assert client.get("/api/kiosks/NOPE/session",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 404
    devices = base + "/devices"
    assert _post(client, devices + "/card", {"customer_number": "X1"}, token).status_code == 422
    assert _post(client, devices + "/faults", {"device": "pin_pad", "operation": "nope",
                                               "fault": "jam"}, token).status_code == 422


def test_sentinel_pin_and_card_number_leak_nowhere(api, fresh_database, caplog):
    app, client, world, token = api
    emitted: list[str] = []
    socketio = app.extensions["socketio"]
    original = socketio.emit

    def capture(event, *args, **kwargs):
        emitted.append(json.dumps([event, args, kwargs], default=str))
        return original(event, *args, **kwargs)

    socketio.emit = capture
    world.agents.bus.subscribe(lambda event: emitted.append(repr(event)))
    caplog.set_level(logging.DEBUG)
    base = f"/api/kiosks/{world.kiosk_code}"
    devices = base + "/devices"
    assert world.agent.devices.card_reader.insert_card(world.card())
    world.agent.wait_for(lambda s: s["screen"] == "pin")
    for key in "0000":  # a wrong PIN first, then the sentinel PIN, through the pad API
        _post(client, devices + "/pin-pad", {"key": key}, token)
    _post(client, devices + "/pin-pad", {"key": "enter"}, token)
    world.agent.wait_for(lambda s: "tries left" in s["message"])
    for key in world.pin:
        _post(client, devices + "/pin-pad", {"key": key}, token)
    _post(client, devices + "/pin-pad", {"key": "enter"}, token)
    world.agent.wait_for(lambda s: s["screen"] == "menu")
    _post(client, base + "/actions", {"action": "talk", "idempotency_key": "talk-" + "1" * 8},
          token)
    snapshots = json.dumps(client.get(base + "/session",
                                      headers={"Authorization": f"Bearer {token}"}).get_json())
    world.agent.wait_for(lambda s: s["screen"] in ("take_card", "ticket", "idle"))
    dump = []
    with fresh_database.engine.connect() as conn:
        metadata = MetaData()
        metadata.reflect(conn)
        for table in metadata.sorted_tables:
            dump.extend(repr(tuple(row)) for row in conn.execute(select(table)))
    haystacks = {"logs": caplog.text, "database": "\n".join(dump),
                 "socket and bus traffic": "\n".join(emitted), "kiosk API": snapshots}
    assert any(e.startswith('["ticket.created"') for e in emitted)  # /staff traffic seen
    assert "PIN pad key pressed" in caplog.text  # the pad's own debug logs were captured
    # Digits glued to other hex digits are part of a hash or a number, not the PIN.
    pin = re.compile(rf"(?<![0-9a-fA-F]){world.pin}(?![0-9a-fA-F])")
    for where, text_ in haystacks.items():
        assert world.pan not in text_, f"the card number leaked into {where}"
        assert not pin.search(text_), f"the PIN leaked into {where}"


def test_schemathesis_finds_no_5xx(api):
    """Property-based requests against every kiosk operation in /api/openapi.json."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    app, _client, world, token = api
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()
                  if result.ok().path.startswith("/api/kiosks")]
    calls = []
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            # Half the cases use the real kiosk, so generated bodies reach the handlers.
            if case.path_parameters and "code" in case.path_parameters and len(calls) % 2:
                case.path_parameters["code"] = world.kiosk_code
            response = case.call(headers={"Authorization": f"Bearer {token}"})
            calls.append(response.status_code)
            assert response.status_code < 500, (case.method, case.formatted_path,
                                                 response.text[:300])

        check()
    assert len(operations) >= 10 and len(calls) >= len(operations)
    assert any(code == 200 for code in calls)  # some requests reached the real handlers
