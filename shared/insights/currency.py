"""Which currency a customer's figures are in: sums across currencies mean nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def main_currency(account_currencies: Sequence[str]) -> str | None:
    """Return the currency most of the accounts are in (the first account's on a tie).

    Talking points and the profile's spending add up movements; they add only those of
    accounts in this currency, and format the totals in it. None: no accounts.
    """
    if not account_currencies:
        return None
    counts = Counter(account_currencies)
    most = max(counts.values())
    return next(c for c in account_currencies if counts[c] == most)
