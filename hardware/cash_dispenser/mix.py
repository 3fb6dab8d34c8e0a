"""Note mix: the fewest notes that make an amount from what the cassettes hold."""

from __future__ import annotations

from collections.abc import Mapping
from functools import reduce
from math import gcd

from hardware.cash import Notes


def _pieces(count: int) -> list[int]:
    """Split a bound count into powers of two (1, 2, 4, ..., remainder): 0/1 items."""
    pieces, size = [], 1
    while count > 0:
        take = min(size, count)
        pieces.append(take)
        count -= take
        size *= 2
    return pieces


def calculate_mix(
    amount_minor: int, available: Mapping[int, int], max_notes: int | None = None
) -> Notes | None:
    """Return the mix with the fewest notes, within the counts available; None if none exists.

    A bounded change-making dynamic programme (exact, unlike greedy, which fails for
    e.g. 60 from {50: 1, 20: 3}); `max_notes` caps one dispense.
    """
    if amount_minor < 0:
        raise ValueError("amount cannot be negative")
    if amount_minor == 0:
        return Notes()
    stock = {d: c for d, c in available.items() if d > 0 and c > 0}
    if not stock or sum(d * c for d, c in stock.items()) < amount_minor:
        return None
    unit = reduce(gcd, stock)
    if amount_minor % unit:
        return None
    target = amount_minor // unit
    items = [(d, k) for d, c in sorted(stock.items()) for k in _pieces(c)]
    infinity = float("inf")
    best = [0] + [infinity] * target
    taken: list[bytearray] = []
    for denomination, k in items:
        weight = denomination // unit * k
        row = bytearray(target + 1)
        for u in range(target, weight - 1, -1):
            candidate = best[u - weight] + k
            if candidate < best[u]:
                best[u] = candidate
                row[u] = 1
        taken.append(row)
    if best[target] == infinity or (max_notes is not None and best[target] > max_notes):
        return None
    counts: dict[int, int] = {}
    u = target
    for (denomination, k), row in zip(reversed(items), reversed(taken), strict=True):
        if row[u]:
            counts[denomination] = counts.get(denomination, 0) + k
            u -= denomination // unit * k
    assert u == 0, "note mix reconstruction failed"
    return Notes(counts)
