"""The fairness report's arithmetic on a table made by hand."""

from __future__ import annotations

import pytest

from shared.insights.offers.fairness import (
    ACCEPTANCE,
    CREDIT_ELIGIBILITY,
    ELIGIBILITY,
    FairnessRow,
    age_band,
    fairness_report,
)


def _rows(age: int, language: str, n: int, eligible: int, accepted: int = 0,
          offered: int = 0) -> list[FairnessRow]:
    """n customers, the first `eligible` eligible; of the first `offered`, `accepted` took it."""
    return [FairnessRow(age, language, i < eligible,
                        (i < accepted) if i < offered else None) for i in range(n)]


@pytest.mark.parametrize(("age", "band"), [(17, "under 18"), (18, "18-24"), (24, "18-24"),
                                           (25, "25-34"), (64, "55-64"), (65, "65+"),
                                           (99, "65+")])
def test_age_bands(age, band):
    assert age_band(age) == band


def test_a_group_under_four_fifths_of_the_best_is_flagged():
    rows = (_rows(30, "en", 200, 100) + _rows(40, "en", 200, 76)  # 0.50 and 0.38: 0.76
            + _rows(50, "en", 200, 82)  # 0.41: 0.82, not flagged
            + _rows(70, "en", 10, 10))  # 1.0 but small: neither best nor flagged
    report = fairness_report(rows)
    by_age = report.comparison("age_band", ELIGIBILITY)
    groups = {g.group: g for g in by_age.groups}
    assert by_age.best == "25-34"
    assert [g.group for g in by_age.groups] == ["25-34", "35-44", "45-54", "65+"]
    assert groups["35-44"].ratio == pytest.approx(0.76) and groups["35-44"].flagged
    assert groups["45-54"].ratio == pytest.approx(0.82) and not groups["45-54"].flagged
    assert groups["65+"].small and not groups["65+"].flagged
    assert groups["65+"].ratio == pytest.approx(2.0)
    assert (groups["25-34"].size, groups["25-34"].count) == (200, 100)
    assert report.flagged == (("age_band", ELIGIBILITY, "35-44"),)
    assert report.comparison("language", ELIGIBILITY).flagged == ()


def test_exactly_four_fifths_is_not_flagged():
    report = fairness_report(_rows(30, "en", 100, 50) + _rows(30, "pl", 100, 40))
    pl = report.comparison("language", ELIGIBILITY).groups[1]
    assert (pl.group, pl.ratio, pl.flagged) == ("pl", pytest.approx(0.8), False)


def test_acceptance_counts_only_offers_made():
    rows = _rows(30, "en", 300, 300, accepted=60, offered=120) + _rows(
        30, "ko", 300, 300, accepted=20, offered=100)
    acceptance = fairness_report(rows).comparison("language", ACCEPTANCE)
    en, ko = acceptance.groups
    assert (en.size, en.count, en.rate) == (120, 60, 0.5)
    assert (ko.size, ko.rate, ko.ratio, ko.flagged) == (100, 0.2, pytest.approx(0.4), True)


def test_credit_eligibility_only_when_measured_and_no_ratio_without_a_best():
    report = fairness_report(_rows(30, "en", 150, 0))
    assert [c.metric for c in report.comparisons] == [ELIGIBILITY, ELIGIBILITY]
    nobody = report.comparison("age_band", ELIGIBILITY)
    assert nobody.groups[0].ratio is None and not nobody.flagged
    credit = [FairnessRow(40, "en", True, None, i % 2 == 0) for i in range(120)]
    assert fairness_report(credit).comparison("age_band", CREDIT_ELIGIBILITY).groups[0].rate \
        == 0.5


def test_the_report_prints_and_serialises():
    report = fairness_report(_rows(30, "en", 200, 100) + _rows(40, "en", 200, 70))
    text = "\n".join(report.lines())
    assert "35-44" in text and "FLAGGED" in text
    assert report.as_dict()["flagged"] == [["age_band", ELIGIBILITY, "35-44"]]
