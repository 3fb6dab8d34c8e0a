"""The door-count benchmark's scene plan: who walks where and when, and the true crossings.

A camera above the inside of a branch's entrance looks at the door: people coming in appear
in the doorway (high in the frame, small) and walk towards the camera (down the frame, their
faces growing) until they leave the bottom of the view. The plan is numbers only (seeded):
groups of one to three walking side by side, coming in, leaving, turning back, pausing at the
line, or crossing the view inside the branch; `door_render.py` paints it with real photos.

Leaving: a camera facing the entrance sees the backs of people who leave, and a face
detector finds nothing there (a branch that needs exits mounts a second camera over the
door looking in, which sees their faces). The scene renders faces walking out so that one
camera's run measures the watcher's direction logic both ways.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

WIDTH, HEIGHT = 1280, 720
FPS = 15.0
LINE_Y = 0.5  # the watcher's default counting line, as a fraction of the height
LINE_BAND = 0.05  # "on the line": this close to it (a fraction of the height)
# The door's opening, and where a face is at depth 0 (in the doorway) and 1 (near the camera).
DOOR = (340, 20, 940, 470)  # left, top, right, bottom
FACE_Y = (200.0, 640.0)  # the face's centre, px from the top
FACE_SCALE = (1.0, 1.9)  # the photo's scale: LFW faces (~104 px boxes) from ~104 to ~198 px
HALF_WIDTH = (260.0, 600.0)  # half the walkable width at that depth, px
FADE_S = 0.2  # stepping into (or out of) view through the doorway


class Walk(StrEnum):
    IN = "in"  # comes in through the door and walks past the camera
    PAUSE_IN = "pause_in"  # comes in, stops near the line for a while (swaying), goes on
    OUT = "out"  # walks from the camera to the door and leaves
    BACK = "back"  # comes in a few steps (sometimes just past the line), turns back, leaves
    PASS = "pass"  # crosses the view sideways inside the branch, never near the door


CROSSING_IN = (Walk.IN, Walk.PAUSE_IN)


@dataclass(frozen=True)
class Walker:
    """One person: a photo, a lane and a path of (time s, depth, lane offset) key points."""

    person: int
    walk: Walk
    lane: float  # -1 (left) .. 1 (right) across the walkable width
    keys: tuple[tuple[float, float, float], ...]  # (t, depth, lane shift), t rising
    bob: float  # phase of the head's bob while walking
    shirt: tuple[int, int, int]  # BGR

    @property
    def start(self) -> float:
        return self.keys[0][0]

    @property
    def end(self) -> float:
        return self.keys[-1][0]

    def at(self, t: float) -> tuple[float, float] | None:
        """Return (depth, lane) at time t, None when out of view."""
        if not self.start <= t <= self.end:
            return None
        for (t0, d0, l0), (t1, d1, l1) in zip(self.keys, self.keys[1:], strict=False):
            if t <= t1:
                share = 0.0 if t1 == t0 else (t - t0) / (t1 - t0)
                return d0 + share * (d1 - d0), self.lane + l0 + share * (l1 - l0)
        return self.keys[-1][1], self.lane + self.keys[-1][2]

    def visibility(self, t: float) -> float:
        """0..1: fading in or out where the walk starts or ends in the doorway."""
        fade_in = self.walk is not Walk.OUT and self.walk is not Walk.PASS
        fade_out = self.walk in (Walk.OUT, Walk.BACK)
        alpha = 1.0
        if fade_in:
            alpha = min(alpha, (t - self.start) / FADE_S)
        if fade_out:
            alpha = min(alpha, (self.end - t) / FADE_S)
        return max(0.0, min(1.0, alpha))


@dataclass(frozen=True)
class Place:
    """Where a walker's face is in the frame at one moment."""

    x: float  # the face's centre, px
    y: float
    scale: float  # the photo's scale
    alpha: float


def place(walker: Walker, t: float) -> Place | None:
    """Return where the walker's face is at time t (perspective, head bob), None if not there."""
    found = walker.at(t)
    if found is None:
        return None
    depth, lane = found
    scale = _at_depth(FACE_SCALE, depth)
    walking = walker.walk is not Walk.PASS
    bob = 3.0 * scale * math.sin(2 * math.pi * 1.8 * t + walker.bob) if walking else 0.0
    return Place(WIDTH / 2 + lane * _at_depth(HALF_WIDTH, depth),
                 _at_depth(FACE_Y, depth) + bob, scale, walker.visibility(t))


def _at_depth(near_far: tuple[float, float], depth: float) -> float:
    return near_far[0] + depth * (near_far[1] - near_far[0])


def line_depth() -> float:
    """The depth at which a face's centre is on the counting line."""
    return (LINE_Y * HEIGHT - FACE_Y[0]) / (FACE_Y[1] - FACE_Y[0])


@dataclass(frozen=True)
class TrueCrossing:
    person: int
    direction: str  # "in" or "out"
    t: float  # when the face's centre last passed the line that way (s)
    across: float  # where, 0..1 across the frame
    on_line: tuple[float, float]  # from when to when the face was on the line (its band)


def true_crossing(walker: Walker, fps: float = FPS) -> TrueCrossing | None:
    """The walker's one crossing of the line (None for those who turn back or pass)."""
    if walker.walk not in (*CROSSING_IN, Walk.OUT):
        return None
    inward = walker.walk is not Walk.OUT
    line = LINE_Y * HEIGHT
    found = None
    previous = None
    on_line: list[float] = []
    for index in range(math.ceil(walker.start * fps), math.floor(walker.end * fps) + 1):
        spot = place(walker, index / fps)
        if spot is None:
            continue
        if abs(spot.y - line) <= LINE_BAND * HEIGHT:
            on_line.append(index / fps)
        if previous is not None:
            (t0, y0, x0), (t1, y1, x1) = previous, (index / fps, spot.y, spot.x)
            if (y0 < line <= y1) if inward else (y0 > line >= y1):
                share = (line - y0) / (y1 - y0)
                found = (t0 + share * (t1 - t0), (x0 + share * (x1 - x0)) / WIDTH)
        previous = (index / fps, spot.y, spot.x)
    if found is None:
        return None
    span = (min(on_line, default=found[0]), max(on_line, default=found[0]))
    return TrueCrossing(walker.person, "in" if inward else "out", *found, span)


# -- planning


@dataclass(frozen=True)
class Mix:
    """How often each group size and each kind of walk occurs (weights)."""

    sizes: tuple[float, float, float] = (0.5, 0.3, 0.2)  # singles, pairs, threes
    walks: tuple[tuple[Walk, float], ...] = (
        (Walk.IN, 0.45), (Walk.PAUSE_IN, 0.08), (Walk.OUT, 0.3), (Walk.BACK, 0.12),
        (Walk.PASS, 0.05),
    )


WALK_S = 2.4  # doorway to the bottom of the view, at an ordinary pace
SIDE_BY_SIDE = 0.6  # lane distance between people walking together (1.5 faces at the door)
FOLLOW_S = 1.6  # a group walking the same way may enter this soon after the one ahead
CLEAR_S = 0.5  # otherwise, a lane is free this long after its last walker left


def _group_walkers(rng: np.random.Generator, walk: Walk, size: int, first_person: int,
                   start: float) -> list[Walker]:
    """Build a group walking together, starting at `start`, people numbered from first_person."""
    pace = WALK_S * rng.uniform(0.88, 1.12)
    span = SIDE_BY_SIDE * (size - 1)
    if walk is Walk.PASS:
        centre = 0.0
    elif walk is Walk.OUT:  # people keep to one side of the doorway each way
        centre = rng.uniform(0.35, 0.85 - span / 2) if size < 3 else 0.25
    else:
        centre = rng.uniform(-0.85 + span / 2, -0.1) if size < 3 else -0.25
    walkers = []
    for member in range(size):
        lane = centre + (member - (size - 1) / 2) * SIDE_BY_SIDE
        own = pace * rng.uniform(0.97, 1.03)
        t0 = start + rng.uniform(0.0, 0.15)
        keys = _path(rng, walk, t0, own)
        shirt = tuple(int(c) for c in rng.integers(30, 220, 3))
        walkers.append(Walker(first_person + member, walk, float(lane), keys,
                              float(rng.uniform(0, 2 * math.pi)), shirt))
    return walkers


def _path(rng: np.random.Generator, walk: Walk, t0: float,
          pace: float) -> tuple[tuple[float, float, float], ...]:
    """Key points (t, depth, lane shift) of one walk; depth 0 is the doorway, 1 the camera."""
    if walk is Walk.IN:
        return ((t0, 0.0, 0.0), (t0 + pace * 1.08, 1.08, 0.0))
    if walk is Walk.OUT:
        return ((t0, 1.08, 0.0), (t0 + pace * 1.08, 0.0, 0.0))
    if walk is Walk.BACK:
        # Turns back before the line, or a step past it: either way they never came in.
        turn = float(rng.uniform(0.12, line_depth() + 0.08))
        stand = float(rng.uniform(0.2, 0.8))
        t1 = t0 + pace * turn
        return ((t0, 0.0, 0.0), (t1, turn, 0.0), (t1 + stand, turn, 0.03),
                (t1 + stand + pace * turn, 0.0, 0.03))
    if walk is Walk.PAUSE_IN:
        # Stops around the line (reading a sign), swaying a little, then comes in.
        stop = line_depth() + float(rng.uniform(-0.1, 0.06))
        keys = [(t0, 0.0, 0.0), (t0 + pace * stop, stop, 0.0)]
        t = keys[-1][0]
        for _ in range(int(rng.integers(3, 7))):
            t += float(rng.uniform(0.3, 0.6))
            keys.append((t, stop + float(rng.uniform(-0.03, 0.03)),
                         float(rng.uniform(-0.04, 0.04))))
        keys.append((t + pace * (1.08 - stop), 1.08, keys[-1][2]))
        return tuple(keys)
    # PASS: across the view well inside the branch, left to right or back.
    depth = float(rng.uniform(0.7, 0.85))
    way = 1.0 if rng.random() < 0.5 else -1.0
    return ((t0, depth, -1.4 * way), (t0 + pace * 1.3, depth, 1.4 * way))


@dataclass(frozen=True)
class Group:
    walk: Walk
    walkers: tuple[Walker, ...]

    @property
    def start(self) -> float:
        return min(w.start for w in self.walkers)

    @property
    def end(self) -> float:
        return max(w.end for w in self.walkers)

    @property
    def lanes(self) -> tuple[float, float]:
        """The lanes it uses, with half a face's room either side."""
        if self.walk is Walk.PASS:
            return (-2.0, 2.0)
        lanes = [w.lane for w in self.walkers]
        return min(lanes) - SIDE_BY_SIDE / 2, max(lanes) + SIDE_BY_SIDE / 2

    @property
    def plain(self) -> bool:
        """Walking straight through, so a group going the same way can follow closely."""
        return self.walk in (Walk.IN, Walk.OUT)


def _earliest(group_walk: Walk, lanes: tuple[float, float], placed: list[Group],
              not_before: float) -> float:
    """The earliest start at which a group neither walks into nor catches up with another."""
    start = not_before
    for other in placed:
        lo, hi = other.lanes
        if hi <= lanes[0] or lanes[1] <= lo:
            continue  # side by side lanes: both may walk at once
        if group_walk is other.walk and other.plain:
            start = max(start, other.start + FOLLOW_S)
        else:
            start = max(start, other.end + CLEAR_S)
    return start


def plan_scene(crossings: int, seed: int = 11, mix: Mix | None = None) -> list[Group]:
    """Plan groups until the walks that cross the line add up to `crossings` people."""
    mix = mix or Mix()
    rng = np.random.default_rng(seed)
    walks = [w for w, _ in mix.walks]
    weights = np.array([p for _, p in mix.walks])
    sizes = np.array(mix.sizes)
    groups: list[Group] = []
    crossing = person = 0
    not_before = 0.5
    while crossing < crossings:
        walk = walks[rng.choice(len(walks), p=weights / weights.sum())]
        size = int(rng.choice(3, p=sizes / sizes.sum())) + 1
        if walk in (*CROSSING_IN, Walk.OUT):
            size = min(size, crossings - crossing)
            crossing += size
        trial = _group_walkers(rng, walk, size, person, 0.0)
        probe = Group(walk, tuple(trial))
        around = [g for g in groups if g.end + CLEAR_S > not_before]
        start = _earliest(walk, probe.lanes, around, not_before)
        walkers = [Walker(w.person, w.walk, w.lane,
                          tuple((t + start, d, s) for t, d, s in w.keys), w.bob, w.shirt)
                   for w in trial]
        groups.append(Group(walk, tuple(walkers)))
        person += size
        not_before = start + float(rng.uniform(0.2, 0.9))
    return groups


def truth_of(groups: list[Group], fps: float = FPS) -> list[TrueCrossing]:
    """Every true crossing of the plan, in time order."""
    found = [true_crossing(w, fps) for g in groups for w in g.walkers]
    return sorted((c for c in found if c is not None), key=lambda c: c.t)
