"""Templates that learn, on a simulated timeline of visits: what it buys, what it risks.

Half the identities are customers (enrolled with their first photos), the other half are
people who visit but never enrolled; `_strangers` visit once each. Their photos arrive in
a seeded random order as door visits. Two galleries decide each visit with the product's
rule (mean template per customer, `decide` with the threshold and margin; the threshold
the product would choose for the gallery's make-up, recomputed as frames are learned and
customers' templates gain vectors): a static one,
and one that learns as shared.biometrics.learning does: a visit that matched the right
customer at `share` x threshold or closer is confirmed by the colleague who greets them,
and its frame joins the customer's templates (at most `max_learned`, the oldest going).
A wrong match is never confirmed (the colleague sees someone else).

The risk is measured apart: a colleague wrongly confirms a non-customer's frame as a
customer's; how often that person's later photos are then taken for the customer, and
again after the wrong confirmation is undone.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from shared.biometrics.face.enrolment import combine_templates
from shared.biometrics.gallery import GalleryIndex
from shared.biometrics.matching import Match, decide
from shared.evaluation.face_encoding import EncodedDataset


@dataclass
class Templates:
    """One customer's enrolment vectors and learned frames (newest last)."""

    enrolled: list[np.ndarray]
    learned: list[np.ndarray] = field(default_factory=list)

    @property
    def vectors(self) -> int:
        return len(self.enrolled) + len(self.learned)

    def row(self) -> np.ndarray:
        """The gallery row, combined as the product loads it (the mean of unit vectors)."""
        return combine_templates(np.stack(self.enrolled + self.learned), "mean")


def _ok(photos) -> list[np.ndarray]:
    return [p.vector for p in photos if p.code == "ok" and p.vector is not None]


def _gallery(templates: dict[int, Templates]) -> GalleryIndex:
    gallery = GalleryIndex()
    for customer_id, t in templates.items():
        gallery.add(customer_id, t.row(), t.vectors)
    return gallery


@dataclass
class Arm:
    """One gallery's running counts over the timeline."""

    templates: dict[int, Templates]
    learns: bool
    mated: int = 0
    missed: int = 0
    misidentified: int = 0
    strangers: int = 0
    false_matches: int = 0
    learned: int = 0
    thresholds: list[float] = field(default_factory=list)

    def summary(self) -> dict:
        return {"mated_visits": self.mated,
                "fnir": round(self.missed / max(1, self.mated), 4),
                "misidentified": self.misidentified,
                "stranger_visits": self.strangers,
                "fpir": round(self.false_matches / max(1, self.strangers), 5),
                "false_matches": self.false_matches, "frames_learned": self.learned,
                "threshold_first_last": [round(self.thresholds[0], 4),
                                         round(self.thresholds[-1], 4)]}


def _step(arm: Arm, gallery: GalleryIndex, who: int | None, probe: np.ndarray,
          threshold_for: Callable[[dict[int, int]], float], margin: float, share: float,
          max_learned: int) -> None:
    threshold = arm.thresholds[-1]
    decision = decide(gallery.search(probe), threshold, margin)
    matched = isinstance(decision, Match)
    if who is None:
        arm.strangers += 1
        arm.false_matches += matched
        return
    arm.mated += 1
    if not matched or decision.customer_id != who:
        arm.missed += 1
        arm.misidentified += matched
        return
    if arm.learns and decision.distance <= share * threshold:
        t = arm.templates[who]
        t.learned = (t.learned + [probe])[-max_learned:]
        arm.learned += 1
        gallery.replace_customer(who, t.row(), t.vectors)
        arm.thresholds.append(threshold_for(gallery.composition()))


def simulate(enc: EncodedDataset, threshold: float | Callable[[dict[int, int]], float],
             margin: float, share: float, max_learned: int, seed: int) -> dict:
    """Run the static and the learning gallery over one seeded timeline; measure both.

    `threshold` is a number, or the product's choice for a gallery's make-up (customers'
    templates by the number of vectors behind them).
    """
    rng = random.Random(seed)
    names = sorted(n for n in enc.enrol if _ok(enc.enrol[n]) and _ok(enc.mated.get(n, [])))
    rng.shuffle(names)
    customers, visitors = names[: len(names) // 2], names[len(names) // 2:]
    threshold_for = threshold if callable(threshold) else (lambda _make_up: threshold)
    ids = {name: i for i, name in enumerate(customers, 1)}

    def fresh() -> dict[int, Templates]:
        return {ids[n]: Templates(_ok(enc.enrol[n])) for n in customers}

    timeline = [(ids[n], v) for n in customers for v in _ok(enc.mated[n])]
    timeline += [(None, v) for n in visitors for v in _ok(enc.enrol[n]) + _ok(enc.mated[n])]
    timeline += [(None, v) for v in _ok(enc.strangers)]
    rng.shuffle(timeline)
    results = {}
    for name, learns in (("static", False), ("learning", True)):
        arm = Arm(fresh(), learns)
        gallery = _gallery(arm.templates)
        arm.thresholds.append(threshold_for(gallery.composition()))
        for who, probe in timeline:
            _step(arm, gallery, who, probe, threshold_for, margin, share, max_learned)
        results[name] = arm.summary()
    learned = arm.templates  # the learning arm's, as the timeline left them
    static, learning = results["static"], results["learning"]
    return {
        "customers": len(customers), "visitors_never_enrolled": len(visitors),
        "strangers": len(_ok(enc.strangers)), "visits": len(timeline),
        "margin": margin, "learn_share": share,
        "max_learned": max_learned, "seed": seed, **results,
        "fnir_static_over_learning": (round(static["fnir"] / learning["fnir"], 2)
                                      if learning["fnir"] else None),
        # Judged at the learning gallery's threshold as the timeline left it.
        "wrong_confirmation": _poisoning(enc, visitors, learned, arm.thresholds[-1], margin,
                                         rng),
    }


def _poisoning(enc: EncodedDataset, visitors: list[str], templates: dict[int, Templates],
               threshold: float, margin: float, rng: random.Random) -> dict:
    """A non-customer's frame confirmed as a random customer's; their other photos, then."""
    taken = {"before": 0, "after_wrong_confirmation": 0, "after_undo": 0}
    photos = 0
    for name in visitors:
        frames = _ok(enc.enrol[name]) + _ok(enc.mated.get(name, []))
        if len(frames) < 2:
            continue
        victim = rng.choice(sorted(templates))
        wrong, later = frames[0], frames[1:]
        honest = templates[victim]
        states = {"before": honest,
                  "after_wrong_confirmation": Templates(honest.enrolled, honest.learned + [wrong]),
                  "after_undo": honest}
        for state, t in states.items():
            gallery = _gallery({**templates, victim: t})
            taken[state] += sum(
                isinstance(d := decide(gallery.search(p), threshold, margin), Match)
                and d.customer_id == victim for p in later)
        photos += len(later)
    return {"people": sum(1 for n in visitors
                          if len(_ok(enc.enrol[n]) + _ok(enc.mated.get(n, []))) >= 2),
            "later_photos": photos,
            **{f"taken_for_the_customer_{k}": v for k, v in taken.items()}}
