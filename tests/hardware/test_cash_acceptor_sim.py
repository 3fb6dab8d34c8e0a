"""Cash acceptor: escrow with counted and rejected items, accept, roll back, faults."""

from __future__ import annotations

import pytest
from xfs_devices import factories_for

from hardware.cash import UNRECOGNISED, Notes
from hardware.cash_acceptor import CashAcceptorError, CashInRequest, CashInStartRequest
from hardware.faults import Fault
from hardware.xfs import CompletionCode, PowerLoss


@pytest.fixture(params=factories_for("cash_acceptor"))
def cim(request):
    return request.param()


def _conserved(cim) -> bool:
    total = Notes()
    for notes in cim.inventory().values():
        total += notes
    return total == cim.supplied


def test_escrow_counts_notes_and_hands_back_what_it_cannot_take(cim):
    assert cim.cash_in_start(CashInStartRequest()).ok
    assert cim.insert_notes([2000, 2000, 1000, UNRECOGNISED, 5000])
    result = cim.cash_in(CashInRequest())
    assert result.ok
    # 5000 has no cassette here, the unrecognised item is refused.
    assert result.accepted == Notes({2000: 2, 1000: 1})
    assert result.rejected_items == 2
    assert result.escrow == Notes({2000: 2, 1000: 1})
    stored = cim.cash_in_end()
    assert stored.ok and stored.stored.total_minor == 5000
    units = {u.unit_id: u.count for u in cim.cash_units()}
    assert units["DEP20"] == 2 and units["DEP10"] == 1
    assert _conserved(cim)


def test_escrow_capacity_is_respected(cim):
    cim.cash_in_start(CashInStartRequest(max_items=3))
    cim.insert_notes([1000] * 6)
    result = cim.cash_in(CashInRequest())
    assert result.escrow.items_count == 3 and result.rejected_items == 3
    assert _conserved(cim)


def test_rollback_returns_the_escrow(cim):
    cim.cash_in_start(CashInStartRequest())
    cim.insert_notes([2000, 1000])
    cim.cash_in(CashInRequest())
    back = cim.cash_in_rollback()
    assert back.ok and back.returned == Notes({2000: 1, 1000: 1})
    if not cim.auto_take:
        assert cim.status().output_items == 2
        assert cim.take_returned() == back.returned
    assert cim.inventory()["customer"] == back.returned
    assert all(u.count == 0 for u in cim.cash_units())
    assert _conserved(cim)


def test_sequence_errors(cim):
    assert cim.cash_in(CashInRequest()).error_code == CashAcceptorError.NO_CASH_IN_ACTIVE
    assert cim.cash_in_end().completion is CompletionCode.SEQUENCE_ERROR
    assert not cim.insert_notes([1000]), "the tray is shut outside a cash-in"
    cim.cash_in_start(CashInStartRequest())
    assert cim.cash_in_start(CashInStartRequest()).error_code == CashAcceptorError.CASH_IN_ACTIVE
    assert cim.cash_in(CashInRequest(timeout_s=0.01)).completion is CompletionCode.TIMEOUT


def test_a_full_cassette_refuses_the_end_and_keeps_the_escrow():
    from hardware.cash import CassetteConfig
    from hardware.cash_acceptor import CashAcceptorSimulator

    cim = CashAcceptorSimulator((CassetteConfig("DEP20", 2000, 9, capacity=10),))
    cim.cash_in_start(CashInStartRequest())
    cim.insert_notes([2000, 2000])
    cim.cash_in(CashInRequest())
    result = cim.cash_in_end()
    assert result.error_code == CashAcceptorError.CASH_UNIT_FULL
    assert cim.status().escrow_items == 2
    assert cim.cash_in_rollback().returned.items_count == 2


def test_shutter_fault_on_rollback_keeps_notes_in_escrow(cim):
    cim.cash_in_start(CashInStartRequest())
    cim.insert_notes([2000])
    cim.cash_in(CashInRequest())
    cim.faults.inject("cash_in_rollback", Fault.SHUTTER)
    assert cim.cash_in_rollback().error_code == CashAcceptorError.SHUTTER_NOT_OPEN
    assert cim.status().escrow_items == 1
    assert cim.cash_in_rollback().ok


def test_jam_while_storing_reports_what_was_stored(cim):
    cim.cash_in_start(CashInStartRequest())
    cim.insert_notes([2000, 2000, 1000, 1000])
    cim.cash_in(CashInRequest())
    cim.faults.inject("cash_in_end", Fault.JAM)
    result = cim.cash_in_end()
    assert result.error_code == CashAcceptorError.ITEMS_JAMMED
    stored_in_units = sum(u.count * u.denomination_minor for u in cim.cash_units())
    assert stored_in_units == result.stored.total_minor < 6000
    cim.reset()
    assert cim.inventory()["retract_bin"].total_minor == 6000 - result.stored.total_minor
    assert _conserved(cim)


def test_power_loss_in_validation_leaves_notes_in_the_transport(cim):
    cim.cash_in_start(CashInStartRequest())
    cim.insert_notes([2000, 1000])
    cim.faults.inject("cash_in", Fault.POWER_LOSS, "validate")
    with pytest.raises(PowerLoss):
        cim.cash_in(CashInRequest())
    assert cim.inventory()["transport"].items_count == 2
    assert "2 notes" in cim.reset().recovered
    assert _conserved(cim)
