"""What the cash devices' counters say of an interrupted session: settle only what adds up."""

from __future__ import annotations

import pytest

from shared.money.cash.device_counts import (
    ACCEPTOR_BEFORE,
    DISPENSER_BEFORE,
    DeviceReading,
    UnitCounts,
    deposit_outcome,
    withdrawal_outcome,
)

BEFORE = UnitCounts({2000: 100, 1000: 50}, bin_items=4)
PLANNED = {"2000": 2, "1000": 1}  # 50.00 in three notes


def _withdrawal(after: UnitCounts, *, clear: bool = True, before: UnitCounts = BEFORE,
                planned=PLANNED):
    return withdrawal_outcome({DISPENSER_BEFORE: before.as_json()}, planned,
                              DeviceReading(after, clear))


def test_no_note_picked_releases():
    assert _withdrawal(BEFORE).step == "none_picked"


def test_every_picked_note_in_a_bin_releases_even_half_a_pick():
    assert _withdrawal(UnitCounts({2000: 98, 1000: 49}, 7)).step == "all_in_bins"
    assert _withdrawal(UnitCounts({2000: 99, 1000: 50}, 5)).step == "all_in_bins"


def test_every_planned_note_gone_and_none_back_is_taken():
    settled = _withdrawal(UnitCounts({2000: 98, 1000: 49}, 4))
    assert settled.step == "taken_by_customer"
    assert settled.evidence == {"before": BEFORE.as_json(),
                                "after": {"cassettes": {"1000": 49, "2000": 98},
                                          "bin_items": 4}}


@pytest.mark.parametrize("after", [
    UnitCounts({2000: 98, 1000: 49}, 5),  # some back, some out: how much was taken?
    UnitCounts({2000: 99, 1000: 50}, 4),  # half picked, none back: where is it?
    UnitCounts({2000: 97, 1000: 49}, 4),  # more notes than the withdrawal asked for
    UnitCounts({2000: 101, 1000: 50}, 4),  # a cassette refilled meanwhile
    UnitCounts({2000: 100, 1000: 50}, 0),  # the bins emptied meanwhile
], ids=["part-back", "half-missing", "too-many", "refilled", "bins-emptied"])
def test_anything_that_does_not_add_up_is_left_to_the_teller(after):
    assert _withdrawal(after) is None


def test_no_evidence_without_both_readings_or_with_notes_left_between_places():
    assert _withdrawal(BEFORE, clear=False) is None
    assert withdrawal_outcome({}, PLANNED, DeviceReading(BEFORE, True)) is None
    assert withdrawal_outcome({DISPENSER_BEFORE: {"cassettes": "garbled"}}, PLANNED,
                              DeviceReading(BEFORE, True)) is None
    assert withdrawal_outcome({DISPENSER_BEFORE: BEFORE.as_json()}, PLANNED, None) is None


def test_a_deposit_settles_only_when_every_escrowed_note_is_in_the_cassettes():
    before = UnitCounts({2000: 10, 1000: 0}, bin_items=0)
    context = {ACCEPTOR_BEFORE: before.as_json()}
    escrowed = {"2000": 3, "1000": 1}
    stored = DeviceReading(UnitCounts({2000: 13, 1000: 1}, 0), clear=True)
    assert deposit_outcome(context, escrowed, stored).step == "all_stored"
    half = DeviceReading(UnitCounts({2000: 11, 1000: 1}, 2), clear=True)
    assert deposit_outcome(context, escrowed, half) is None  # two in the bin: the teller counts
    assert deposit_outcome(context, escrowed, DeviceReading(before, clear=True)) is None
    assert deposit_outcome(context, escrowed, DeviceReading(stored.counts, clear=False)) is None
