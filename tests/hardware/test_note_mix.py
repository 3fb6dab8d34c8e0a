"""Note mix: exact, within the counts, fewest notes, None only when no mix exists."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.cash import Notes
from hardware.cash_dispenser import calculate_mix

DENOMINATIONS = (500, 1000, 2000, 5000)
stock = st.dictionaries(st.sampled_from(DENOMINATIONS), st.integers(0, 6), max_size=4)
small_amounts = st.integers(0, 60).map(lambda n: n * 500)


def _brute_force_min(amount: int, available: dict[int, int]) -> int | None:
    denominations = sorted(available)
    best = None
    for counts in itertools.product(*(range(available[d] + 1) for d in denominations)):
        if sum(c * d for c, d in zip(counts, denominations, strict=True)) == amount:
            notes = sum(counts)
            best = notes if best is None else min(best, notes)
    return best


@settings(max_examples=300, deadline=None)
@given(amount=small_amounts, available=stock)
def test_mix_is_exact_within_counts_and_minimal(amount, available):
    mix = calculate_mix(amount, available)
    expected = _brute_force_min(amount, available)
    if expected is None:
        assert mix is None
        return
    assert mix is not None
    assert mix.total_minor == amount
    assert all(mix[d] <= available.get(d, 0) for d in mix)
    assert mix.items_count == expected


@settings(max_examples=200, deadline=None)
@given(amount=st.integers(1, 200_000), available=st.dictionaries(
    st.sampled_from(DENOMINATIONS), st.integers(0, 3000), max_size=4),
    cap=st.integers(1, 60))
def test_large_amounts_respect_counts_and_the_note_cap(amount, available, cap):
    mix = calculate_mix(amount, available, max_notes=cap)
    if mix is not None:
        assert mix.total_minor == amount
        assert mix.items_count <= cap
        assert all(mix[d] <= available.get(d, 0) for d in mix)
    elif amount % 500 == 0 and available.get(500, 0) * 500 >= amount and amount // 500 <= cap:
        raise AssertionError("a mix of fivers existed but None was returned")


def test_greedy_would_fail_but_the_mix_is_found():
    assert calculate_mix(6000, {5000: 1, 2000: 3}) == Notes({2000: 3})


def test_impossible_amounts_give_none():
    assert calculate_mix(700, {500: 10, 1000: 10}) is None
    assert calculate_mix(10_000, {2000: 4}) is None
    assert calculate_mix(4000, {2000: 2}, max_notes=1) is None
    assert calculate_mix(0, {}) == Notes()
