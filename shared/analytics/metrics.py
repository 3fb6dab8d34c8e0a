"""The manager's figures, each computed one way from the cells (definitions: docs/METRICS.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shared.analytics.cells import EDGES
from shared.analytics.kinds import FactKind as K
from shared.analytics.kinds import KioskOutcome
from shared.analytics.periods import Granularity, Period, buckets
from shared.analytics.reading import Cells

FUNNEL_STEPS = ("footfall", "identified", "greeted", "served", "offer_discussed",
                "offer_accepted")


@dataclass(frozen=True)
class Targets:
    """What the shares are measured against (settings.analytics)."""

    queue_s: int = 600
    greet_s: int = 120
    counter_hours_per_day: float = 8.0

    @classmethod
    def from_settings(cls, settings) -> Targets:
        a = settings.analytics
        return cls(a.queue_target_seconds, a.greet_target_seconds, a.counter_hours_per_day)


def edge_at_most(seconds: int) -> int:
    """The histogram edge a target is measured at: the largest edge not above it."""
    return max(e for e in EDGES if e <= seconds)


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def mean_s(cells: Cells, metric: str, dim: str | None = None) -> float | None:
    n = cells.count(metric, dim)
    return round(cells.total_ms(metric, dim) / n / 1000, 1) if n else None


def footfall(cells: Cells, period: Period, granularity: Granularity) -> dict:
    """Door entries (every person, identified or not) and exits, per bucket and in total."""
    labels = buckets(period, granularity)
    entries, exits = cells.series[K.DOOR_ENTRY], cells.series[K.DOOR_EXIT]
    return {
        "granularity": str(granularity),
        "series": [{"period": label, "entries": entries.get(label, 0),
                    "exits": exits.get(label, 0)} for label in labels],
        "entries": cells.count(K.DOOR_ENTRY),
        "exits": cells.count(K.DOOR_EXIT),
    }


def dwell(cells: Cells) -> dict:
    """How long each person crossing the door was in the camera's view."""
    return {"tracks": cells.count(K.DOOR_ENTRY) + cells.count(K.DOOR_EXIT),
            "mean_s": _mean_over(cells, (K.DOOR_ENTRY, K.DOOR_EXIT)),
            "p50_s": _quantile_over(cells, (K.DOOR_ENTRY, K.DOOR_EXIT), 0.5)}


def _mean_over(cells: Cells, metrics) -> float | None:
    n = sum(cells.count(m) for m in metrics)
    return round(sum(cells.total_ms(m) for m in metrics) / n / 1000, 1) if n else None


def _quantile_over(cells: Cells, metrics, q: float) -> int | None:
    merged = Cells()
    for metric in metrics:
        for dim, bins in cells.bins[metric].items():
            merged.bins["_"][dim].update(bins)
    return merged.quantile_s("_", q)


def identified(cells: Cells) -> dict:
    """Identified share of footfall; consent rate among customers known to have visited."""
    door = cells.count(K.ARRIVAL, "door_camera")
    seen = cells.count(K.CUSTOMER_SEEN)
    return {"footfall": cells.count(K.DOOR_ENTRY), "identified": door,
            "share": share(door, cells.count(K.DOOR_ENTRY)),
            "customers_seen": seen,
            "consent_rate": share(cells.count(K.CUSTOMER_SEEN, "consented"), seen)}


def door_wait(cells: Cells) -> dict:
    """Identified customers' wait from the door to the first of greeted or called."""
    return {"count": cells.count(K.DOOR_WAIT), "mean_s": mean_s(cells, K.DOOR_WAIT),
            "p50_s": cells.quantile_s(K.DOOR_WAIT, 0.5),
            "p90_s": cells.quantile_s(K.DOOR_WAIT, 0.9)}


def greet(cells: Cells, targets: Targets) -> dict:
    """Relationship managers' greet latency, and the share of arrivals greeted in time."""
    target = edge_at_most(targets.greet_s)
    arrivals = cells.count(K.ARRIVAL)
    return {"arrivals": arrivals, "claimed": cells.count(K.CLAIMED),
            "greeted": cells.count(K.GREETED), "handed_over": cells.count(K.HANDED_OVER),
            "p50_s": cells.quantile_s(K.GREETED, 0.5),
            "p90_s": cells.quantile_s(K.GREETED, 0.9), "target_s": target,
            "within_target_share": share(cells.within(K.GREETED, target), arrivals)}


def queue(cells: Cells, targets: Targets) -> dict:
    """Tickets per service: taken, served, no-shows, waits and the share called in time."""
    target = edge_at_most(targets.queue_s)
    services = sorted(set(cells.dims(K.TICKET_TAKEN)) | set(cells.dims(K.TICKET_CALLED)))

    def row(service: str | None) -> dict:
        called = cells.count(K.TICKET_CALLED, service)
        return {"service": service or "all", "taken": cells.count(K.TICKET_TAKEN, service),
                "called": called, "served": cells.count(K.TICKET_SERVED, service),
                "no_show": cells.count(K.TICKET_NO_SHOW, service),
                "transferred": cells.count(K.TICKET_TRANSFERRED, service),
                "wait_p50_s": cells.quantile_s(K.TICKET_CALLED, 0.5, service),
                "wait_p90_s": cells.quantile_s(K.TICKET_CALLED, 0.9, service),
                "within_target_share": share(cells.within(K.TICKET_CALLED, target, service),
                                             called)}

    return {"target_s": target, "services": [row(s) for s in services], "all": row(None),
            "counter_utilisation": counter_utilisation(cells, targets)}


def counter_utilisation(cells: Cells, targets: Targets) -> float | None:
    """Serving time over staffed time: each counter serving on a day is staffed that day."""
    counter_days = len(cells.per_day["counter.busy"])
    staffed_ms = counter_days * targets.counter_hours_per_day * 3_600_000
    return share(cells.total_ms("counter.busy"), round(staffed_ms))


def kiosk(cells: Cells) -> dict:
    """Kiosk sessions by outcome, the completion rate and why customers fell back."""
    sessions = cells.count(K.KIOSK_SESSION)
    return {"sessions": sessions,
            "outcomes": {o.value: cells.count(K.KIOSK_SESSION, o.value) for o in KioskOutcome},
            "completion_rate": share(cells.count(K.KIOSK_SESSION, KioskOutcome.COMPLETED),
                                     sessions),
            "fallback_reasons": cells.dims("kiosk.fallback_reason"),
            "duration_p50_s": cells.quantile_s(K.KIOSK_SESSION, 0.5)}


def funnel(cells: Cells) -> list[dict]:
    """Door to offer: each step's count and its conversion from the step before.

    Everyone who comes in counts in footfall; from "identified" on the steps follow the
    identified visits: greeted, served at a kiosk or a counter, offered, accepted.
    """
    counts = {
        "footfall": cells.count(K.DOOR_ENTRY),
        "identified": cells.count(K.ARRIVAL),
        "greeted": cells.count(K.GREETED),
        "served": cells.count(K.VISIT_SERVED),
        "offer_discussed": cells.count(K.OFFER_DISCUSSED),
        "offer_accepted": cells.count(K.OFFER_ACCEPTED),
    }
    steps, before = [], None
    for name in FUNNEL_STEPS:
        steps.append({"step": name, "count": counts[name],
                      "conversion": None if before is None else share(counts[name], before)})
        before = counts[name]
    return steps


def summary(cells: Cells, targets: Targets) -> dict:
    """The figures a period is compared on."""
    g, q, k = greet(cells, targets), queue(cells, targets), kiosk(cells)
    return {"footfall": cells.count(K.DOOR_ENTRY),
            "identified_share": identified(cells)["share"],
            "greet_p50_s": g["p50_s"], "greeted_within_target_share": g["within_target_share"],
            "door_wait_p50_s": door_wait(cells)["p50_s"],
            "queue_wait_p50_s": q["all"]["wait_p50_s"],
            "queue_within_target_share": q["all"]["within_target_share"],
            "kiosk_completion_rate": k["completion_rate"],
            "served": k["outcomes"][KioskOutcome.COMPLETED] + q["all"]["served"]}


def dashboard(cells: Cells, previous: Cells, heatmap: list[list[int]], period: Period,
              granularity: Granularity, targets: Targets,
              history_from: date | None = None) -> dict:
    """Every figure of the manager's page for one period (and the one before it).

    The previous period is `complete` when the branches' figures began on or before its
    first day (`history_from`); otherwise no change is worked out against it.
    """
    return {
        "from": period.start.isoformat(), "to": period.end.isoformat(),
        "footfall": footfall(cells, period, granularity),
        "dwell": dwell(cells),
        "identified": identified(cells),
        "door_wait": door_wait(cells),
        "greet": greet(cells, targets),
        "queue": queue(cells, targets),
        "kiosk": kiosk(cells),
        "funnel": funnel(cells),
        "heatmap": {"weekdays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
                    "hours": list(range(24)), "entries": heatmap},
        "summary": summary(cells, targets),
        "previous": {"from": period.previous().start.isoformat(),
                     "to": period.previous().end.isoformat(),
                     "complete": history_from is not None
                     and history_from <= period.previous().start,
                     "history_from": history_from.isoformat() if history_from else None,
                     **summary(previous, targets)},
    }
