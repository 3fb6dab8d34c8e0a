"""A kiosk whose agent does not answer, in Chromium: out of service, and a ticket all the same.

The web tier runs with remote kiosk agents (as `cluster up` does) on the machine's NATS, and
no agent process is started, as when a branch's link to the centre is down.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.models import Device, QueueTicket
from tests.e2e.conftest import serve_live
from tests.e2e.kiosk_pages import paired_touch

KIOSK = "LDN-01-K1"


@pytest.fixture(scope="module")
def cut_off_server(settings, live_database_url, nats_url):
    remote = settings.model_copy(update={"cluster": settings.cluster.model_copy(
        update={"remote_kiosk_agents": True, "nats_url": nats_url})})
    yield from serve_live(remote, live_database_url)


def test_out_of_service_screen_gives_a_ticket_to_keep(cut_off_server, browser, screenshots):
    with paired_touch(cut_off_server, browser, KIOSK) as (_context, touch):
        touch.locator("#screen[data-screen=out_of_service]").wait_for()
        assert "out of service" in touch.inner_text("#message")
        touch.get_by_role("button", name="Talk to someone").click()
        touch.locator("#ticket-number").wait_for()
        number = touch.inner_text("#ticket-number")
        assert touch.locator("#ticket-qr svg").count() == 1
        assert touch.locator("#ticket-not-printed").is_visible()  # nothing there can print
        touch.screenshot(path=str(screenshots / "kiosk_out_of_service_ticket.png"))
        # The ticket stays while the page polls the silent agent; Done clears it.
        touch.wait_for_timeout(1200)
        assert touch.inner_text("#ticket-number") == number
        touch.get_by_role("button", name="Done").click()
        touch.get_by_role("button", name="Talk to someone").wait_for()
    with cut_off_server.database.session() as session:
        ticket = session.scalar(select(QueueTicket).join(
            Device, Device.id == QueueTicket.device_id).where(Device.code == KIOSK))
        assert ticket.number == number
        assert ticket.reason == "kiosk_out_of_service"
