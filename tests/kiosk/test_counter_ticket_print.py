"""Counter tickets: printed on the kiosk's printer, shown with a QR code, never lost to a fault."""

from __future__ import annotations

import numpy as np
import pytest
import segno

from hardware.faults import Fault
from kiosk.flows.ticket import qr_svg, queue_url
from shared.models import Branch, QueueTicket


def _decode(text_qr: segno.QRCode) -> str:
    """Decode a QR code with OpenCV's detector from a raster of the same code."""
    import cv2

    rows = np.array([[0 if dark else 255 for dark in row] for row in text_qr.matrix_iter(
        scale=8, border=4)], dtype=np.uint8)
    decoded, _points, _ = cv2.QRCodeDetector().detectAndDecode(rows)
    return decoded


def _ticket_row(database, ticket_id: int) -> tuple[str, dict]:
    with database.session() as s:
        ticket = s.get(QueueTicket, ticket_id)
        return ticket.number, dict(ticket.context)


def test_a_counter_ticket_is_printed_and_shown_as_a_qr_code(world, fresh_database):
    record = world.act("talk")
    ticket = record.outcome["ticket"]
    with fresh_database.session() as s:
        branch = s.get(Branch, world.branch_id)
        code, name = branch.code, branch.name
    printed = world.agent.devices.receipt_printer.receipts[-1]
    assert printed[0] == name and f"Branch {code}" in printed
    assert " ".join(ticket["number"]) in printed  # the number, spaced out to stand out
    assert "Service: Something else" in printed  # the service as the customer chose it
    assert f"Queue screen: /queue/{code}" in printed
    assert any(line.startswith("Issued: ") for line in printed)
    assert ticket["printed"] == "printed"
    expected = f"/queue/{code}?ticket={ticket['number']}"
    assert ticket["queue_url"] == expected
    shown = world.agent.snapshot()["ticket"]
    assert shown["number"] == ticket["number"]
    assert shown["qr_svg"].startswith("<svg") and shown["qr_svg"] == qr_svg(expected)
    assert _decode(segno.make_qr(expected, error="m")) == expected
    number, context = _ticket_row(fresh_database, ticket["id"])
    assert number == ticket["number"] and context["ticket_print"] == "printed"


@pytest.mark.parametrize("fault", [Fault.PAPER_OUT, Fault.JAM, Fault.POWER_LOSS])
def test_a_printer_fault_loses_only_the_paper(world, fresh_database, fault):
    world.agent.devices.faults["receipt_printer"].inject("print_receipt", fault, "print")
    record = world.act("no_card")
    ticket = record.outcome["ticket"]
    assert ticket["printed"].startswith("not printed")
    state = world.agent.wait_for(lambda s: s["screen"] == "ticket")
    assert state["ticket"]["number"] == ticket["number"]
    assert state["ticket"]["printed"] == ticket["printed"]
    assert state["ticket"]["qr_svg"].startswith("<svg")
    number, context = _ticket_row(fresh_database, ticket["id"])
    assert number == ticket["number"]
    assert context["ticket_print"].startswith("not printed")
    assert context["problem"] == "customer has no card"  # what the teller needs is kept


def test_paper_out_before_the_ticket_still_issues_it(world, fresh_database):
    printer = world.agent.devices.receipt_printer
    printer.faults.inject("print_receipt", Fault.PAPER_OUT)
    world.act("talk")  # this ticket uses up the short roll
    ticket = world.act("talk").outcome["ticket"]  # no paper at all now
    assert ticket["printed"] == "not printed (paperOut)"
    assert _ticket_row(fresh_database, ticket["id"])[1]["ticket_print"] == ticket["printed"]


def test_the_qr_url_uses_the_configured_public_address():
    assert queue_url("", "LDN-01", "C004") == "/queue/LDN-01?ticket=C004"
    assert queue_url("https://branch.example.com/", "LDN 01", "C004") == (
        "https://branch.example.com/queue/LDN%2001?ticket=C004")
