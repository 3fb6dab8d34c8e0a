"""Planned demo customers: every one says yes or no to marketing, seeded like the rest."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from shared.demo import names
from shared.demo.catalog import BRANCH_CATALOG
from shared.demo.people import plan_customer_identity
from shared.demo.spending import CashPoint
from shared.insights.offers.features import MARKETING_PREFERENCE, has_marketing_consent

NOW = datetime(2026, 3, 18, 11, 45, tzinfo=UTC)
KIOSKS = (CashPoint("LDN-01-K1", "00-00-00 00000001"),)


def _plan(seed: int, customers: int):
    return [plan_customer_identity(random.Random(f"{seed}:customer:{i}"), i, BRANCH_CATALOG[0],
                                   KIOSKS, NOW, NOW - timedelta(days=60))
            for i in range(customers)]


def test_every_customer_says_yes_or_no_to_marketing_about_seven_times_in_ten():
    planned = _plan(seed=11, customers=600)
    answers = [dict(c.preferences)[MARKETING_PREFERENCE] for c in planned]
    assert set(answers) == {"yes", "no"} == {value for value, _ in names.MARKETING_CONSENT}
    consenting = sum(has_marketing_consent(dict(c.preferences)) for c in planned)
    assert 0.64 < consenting / len(planned) < 0.76
    assert all(list(c.preferences) == sorted(c.preferences) for c in planned)


def test_the_same_seed_plans_the_same_preferences():
    assert [c.preferences for c in _plan(3, 40)] == [c.preferences for c in _plan(3, 40)]
    assert [c.preferences for c in _plan(3, 40)] != [c.preferences for c in _plan(4, 40)]
