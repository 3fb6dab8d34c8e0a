"""Who is at the kiosk comes from the server's own recognition or the card, never the screen."""

from __future__ import annotations

import json

from tests.kiosk.conftest import build_world, paired_api_client


def test_the_screen_cannot_name_the_customer(fresh_database, kiosk_settings):
    world = build_world(fresh_database, kiosk_settings)
    client = paired_api_client(fresh_database, kiosk_settings, world)
    try:
        answer = client.post(f"/api/kiosks/{world.kiosk_code}/greet",
                             data=json.dumps({"customer_id": world.customer_id}),
                             content_type="application/json")
        assert answer.status_code == 404
        assert world.agent.snapshot().get("greeting") is None
        assert world.agent.station.visitor.greeted_customer() is None
        # No kiosk route takes a customer id from the client.
        rules = [r.rule for r in client.application.url_map.iter_rules()
                 if r.rule.startswith("/api/kiosks/")]
        assert rules and not any("customer" in rule for rule in rules)
    finally:
        world.agents.stop_all()
