"""Are offers fair across age bands and languages? Rates compared by the four-fifths rule.

For each attribute (age band, language) and each rate (eligible for an offer, eligible for
credit, accepted the offer made), every group's rate is divided by the best group's: a
group under four fifths (0.8) of the best is flagged, the US EEOC's rule of thumb for
adverse impact, used here as a tripwire for a person to look at, not as a verdict. Age
bands differ in eligibility partly by law (18+ for credit) and by money (a pension is
smaller than pay); the report shows the gap, the reasons need a person.

A group with fewer than `MIN_GROUP` rows is shown and marked small but never flagged and
never taken as the best: a rate of 3 out of 4 is noise, not evidence. Why 100: at a rate
near 50 %, a group of 100 has a standard error of 5 points, so a group at parity falls
under four fifths of the best by chance about 2 % of the time; a group of 30, about 14 %.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

FOUR_FIFTHS = 0.8
MIN_GROUP = 100
AGE_BANDS = ((18, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, None))
ELIGIBILITY, CREDIT_ELIGIBILITY, ACCEPTANCE = "eligibility", "credit_eligibility", "acceptance"
ATTRIBUTES = ("age_band", "language")


def age_band(age: int) -> str:
    """The band an age falls in: "18-24" ... "65+" ("under 18" below them)."""
    for low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return f"{low}+" if high is None else f"{low}-{high}"
    return "under 18"


BAND_ORDER = ("under 18", *(age_band(low) for low, _ in AGE_BANDS))


@dataclass(frozen=True)
class FairnessRow:
    """One customer: their group, whether anything (and credit) could be offered, and
    whether they accepted the offer made (None: nothing was offered or no answer yet)."""

    age: int
    language: str
    eligible: bool
    accepted: bool | None = None
    credit_eligible: bool | None = None  # None: not measured


@dataclass(frozen=True)
class GroupRate:
    """One group's rate and its ratio to the best group's."""

    group: str
    size: int  # rows the rate is over
    count: int  # rows that count (eligible, accepted)
    rate: float | None
    ratio: float | None  # rate / best group's rate (None without a best)
    small: bool
    flagged: bool


@dataclass(frozen=True)
class Comparison:
    """One rate compared across the groups of one attribute."""

    attribute: str
    metric: str
    best: str | None
    groups: tuple[GroupRate, ...]

    @property
    def flagged(self) -> tuple[str, ...]:
        return tuple(g.group for g in self.groups if g.flagged)


@dataclass(frozen=True)
class Report:
    """Every comparison; `flagged` lists (attribute, metric, group) under four fifths."""

    comparisons: tuple[Comparison, ...]
    rows: int
    threshold: float = FOUR_FIFTHS
    min_group: int = MIN_GROUP

    @property
    def flagged(self) -> tuple[tuple[str, str, str], ...]:
        return tuple((c.attribute, c.metric, g) for c in self.comparisons for g in c.flagged)

    def comparison(self, attribute: str, metric: str) -> Comparison:
        return next(c for c in self.comparisons
                    if c.attribute == attribute and c.metric == metric)

    def as_dict(self) -> dict:
        return {"rows": self.rows, "threshold": self.threshold, "min_group": self.min_group,
                "flagged": [list(f) for f in self.flagged],
                "comparisons": [{"attribute": c.attribute, "metric": c.metric, "best": c.best,
                                 "groups": [_group_dict(g) for g in c.groups]}
                                for c in self.comparisons]}

    def lines(self) -> list[str]:
        """The report as a plain table, for a terminal (a benchmark prints it)."""
        out = [f"Fairness: {self.rows} customers; flagged under {self.threshold:.0%} of the "
               f"best group; groups under {self.min_group} are small (never flagged)."]
        for c in self.comparisons:
            out.append(f"{c.metric} by {c.attribute} (best: {c.best or '-'})")
            for g in c.groups:
                rate = "-" if g.rate is None else f"{g.rate:6.1%}"
                ratio = "-" if g.ratio is None else f"{g.ratio:4.2f}"
                mark = " FLAGGED" if g.flagged else " (small)" if g.small else ""
                out.append(f"  {g.group:>9} n={g.size:<6} rate={rate:>6} ratio={ratio}{mark}")
        return out


def _group_dict(g: GroupRate) -> dict:
    return {"group": g.group, "size": g.size, "count": g.count,
            "rate": None if g.rate is None else round(g.rate, 4),
            "ratio": None if g.ratio is None else round(g.ratio, 4),
            "small": g.small, "flagged": g.flagged}


def compare(counts: dict[str, tuple[int, int]], attribute: str, metric: str,
            threshold: float = FOUR_FIFTHS, min_group: int = MIN_GROUP,
            order: Iterable[str] = ()) -> Comparison:
    """Compare groups' rates; `counts` maps a group to (rows that count, rows)."""
    rates = {g: (hit / n if n else None) for g, (hit, n) in counts.items()}
    judged = {g: r for g, r in rates.items() if r is not None and counts[g][1] >= min_group}
    best = max(judged, key=lambda g: (judged[g], counts[g][1])) if judged else None
    top = judged.get(best) if best else None
    ranked = [g for g in order if g in counts] + sorted(
        (g for g in counts if g not in set(order)), key=lambda g: (-counts[g][1], g))
    groups = []
    for g in ranked:
        hit, n = counts[g]
        ratio = rates[g] / top if top and rates[g] is not None else None
        small = n < min_group
        groups.append(GroupRate(g, n, hit, rates[g], ratio, small,
                                flagged=not small and ratio is not None and ratio < threshold))
    return Comparison(attribute, metric, best, tuple(groups))


def fairness_report(rows: Iterable[FairnessRow], threshold: float = FOUR_FIFTHS,
                    min_group: int = MIN_GROUP) -> Report:
    """Eligibility, credit eligibility and acceptance by age band and language, compared."""
    rows = list(rows)
    comparisons = []
    for attribute in ATTRIBUTES:
        def group_of(row: FairnessRow, attribute=attribute) -> str:
            return age_band(row.age) if attribute == "age_band" else row.language

        order = BAND_ORDER if attribute == "age_band" else ()
        for metric, judged, counted in (
                (ELIGIBILITY, lambda r: True, lambda r: r.eligible),
                (CREDIT_ELIGIBILITY, lambda r: r.credit_eligible is not None,
                 lambda r: r.credit_eligible),
                (ACCEPTANCE, lambda r: r.accepted is not None, lambda r: r.accepted)):
            counts: dict[str, list[int]] = {}
            for row in rows:
                if judged(row):
                    tally = counts.setdefault(group_of(row), [0, 0])
                    tally[0] += bool(counted(row))
                    tally[1] += 1
            if counts:
                comparisons.append(compare({g: (h, n) for g, (h, n) in counts.items()},
                                           attribute, metric, threshold, min_group, order))
    return Report(tuple(comparisons), len(rows), threshold, min_group)
