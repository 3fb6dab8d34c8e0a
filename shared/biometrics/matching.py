"""Open-set decisions: a match needs a close best candidate and a clear lead over the next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """One enrolled customer and the probe's distance to them (lower is closer)."""

    customer_id: int
    distance: float


@dataclass(frozen=True)
class Match:
    """The probe is this customer."""

    customer_id: int
    distance: float
    margin: float  # distance of the next different customer minus this one (inf if none)


@dataclass(frozen=True)
class Unknown:
    """The probe is nobody we may name; `reason` says why, for counts and tuning only."""

    reason: str  # "empty_gallery", "too_far" or "ambiguous"
    distance: float | None = None


Decision = Match | Unknown


def decide(candidates: Sequence[Candidate], threshold: float, margin: float = 0.0) -> Decision:
    """Return a Match if the best candidate is within `threshold` and leads by `margin`."""
    if not candidates:
        return Unknown("empty_gallery")
    ordered = sorted(candidates, key=lambda c: c.distance)
    best = ordered[0]
    others = [c for c in ordered[1:] if c.customer_id != best.customer_id]
    lead = others[0].distance - best.distance if others else float("inf")
    if best.distance > threshold:
        return Unknown("too_far", best.distance)
    if lead < margin:
        return Unknown("ambiguous", best.distance)
    return Match(best.customer_id, best.distance, lead)
