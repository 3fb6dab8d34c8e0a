"""The generated history: drawn like the demo's customers, eligible offers only, seeded."""

from __future__ import annotations

from collections import Counter

import pytest

from shared.demo import names, people, spending
from shared.insights.offers import history
from shared.insights.offers.eligibility import eligible


def test_the_copied_figures_are_the_demos():
    assert dict(history.TIER_WEIGHTS) == dict(people.TIER_WEIGHTS)
    assert history.SALARY_RANGE == spending.SALARY_RANGE
    assert history.PENSION_RANGE == spending.PENSION_RANGE
    assert history.OVERDRAFTS == people.OVERDRAFTS
    assert history.CREDIT_LIMITS == people.CREDIT_LIMITS
    assert history.MORTGAGES == people.MORTGAGES
    assert history.PRODUCT_ODDS == people.PRODUCT_ODDS
    assert "travel" in names.INTERESTS
    assert history.TRAVEL_INTEREST == pytest.approx(1.5 / len(names.INTERESTS))


def test_the_languages_are_the_demos_name_groups():
    total = sum(g.weight for g in names.NAME_GROUPS)
    share: Counter[str] = Counter()
    for group in names.NAME_GROUPS:
        weights = sum(w for _, w in group.languages)
        for code, w in group.languages:
            share[code] += 10_000 * group.weight * w / weights / total
    assert set(share) == set(history.LANGUAGES)
    for code, per_10k in history.LANGUAGES.items():
        assert per_10k == pytest.approx(share[code], abs=1), code


def test_the_history_is_seeded_eligible_and_accepted_about_a_third_of_the_time():
    past = history.generate_history(seed=3, offers=3000)
    assert past == history.generate_history(seed=3, offers=3000)
    assert all(eligible(o.financials, o.product).allowed for o in past)
    assert set(Counter(o.product for o in past)) == set(history.OFFER_WEIGHTS)
    assert 0.30 < sum(o.accepted for o in past) / len(past) < 0.42
