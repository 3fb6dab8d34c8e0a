"""Which way a track crossed the door's counting line, if it did: pure decisions on positions.

A camera facing the entrance sees people coming in walk down the frame towards it, their
faces growing; people leaving do the opposite (when it sees their faces at all). Each track
gives one decision from where it began and where it ended, never one per frame, so a face
jittering on the line, a person who turns back, or one who lingers counts once or not at all.
Only box positions are used here: nothing biometric.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from statistics import median

from shared.biometrics.face.engine import FaceBox
from shared.floor.traffic import Direction

# Sightings averaged (by median) at each end of a track: one bad box cannot flip a side.
END_SIGHTINGS = 3
# A long track keeps its first few sightings and this many of its latest.
MAX_PATH = 256


class EntryWay(StrEnum):
    """Which way people coming in move across the frame."""

    DOWN = "down"  # the default: a camera above and behind the counter, facing the door
    UP = "up"
    RIGHT = "right"
    LEFT = "left"


class Side(StrEnum):
    OUTSIDE = "outside"
    ON_LINE = "on_line"
    INSIDE = "inside"


@dataclass(frozen=True)
class Sighting:
    """Where a track's face was at one detection round, in the line's terms."""

    t: float  # the frame's timestamp (s)
    depth: float  # 0 at the frame's outside edge, 1 at its inside edge
    across: float  # 0..1 along the line (which doorway lane)
    size: float  # the face box's side in pixels


@dataclass(frozen=True)
class CountLine:
    """The counting line: `position` is a fraction of the frame from the top (or the left)."""

    position: float = 0.5
    entry: EntryWay = EntryWay.DOWN
    band: float = 0.05  # a band this wide either side of the line belongs to neither side
    min_growth: float = 0.1  # face growth (or shrinking) that confirms a way in (or out)

    @property
    def depth(self) -> float:
        """The line's position as a depth (0 outside, 1 inside)."""
        flipped = self.entry in (EntryWay.UP, EntryWay.LEFT)
        return 1.0 - self.position if flipped else self.position

    def sighting(self, box: FaceBox, width: int, height: int, t: float) -> Sighting:
        """Place a face box (its centre) on the line's axes."""
        x = (box.left + box.right) / 2 / max(width, 1)
        y = (box.top + box.bottom) / 2 / max(height, 1)
        size = float(max(box.width, box.height))
        if self.entry is EntryWay.DOWN:
            return Sighting(t, y, x, size)
        if self.entry is EntryWay.UP:
            return Sighting(t, 1.0 - y, x, size)
        if self.entry is EntryWay.RIGHT:
            return Sighting(t, x, y, size)
        return Sighting(t, 1.0 - x, y, size)

    def side(self, depth: float) -> Side:
        if depth < self.depth - self.band:
            return Side.OUTSIDE
        if depth > self.depth + self.band:
            return Side.INSIDE
        return Side.ON_LINE


@dataclass(frozen=True)
class Crossing:
    """One person crossing the line, as the watcher hands it to its recorder: no biometrics."""

    track_id: int
    direction: Direction
    at: datetime  # when the track crossed the line
    track_started: datetime  # when the track began (with its id, it names the crossing)
    seconds_in_view: float
    across: float  # where along the line (0..1), for lanes and for the door benchmark


def _ends(path: Sequence[Sighting]) -> tuple[Sequence[Sighting], Sequence[Sighting]]:
    n = max(1, min(END_SIGHTINGS, len(path) // 2))
    return path[:n], path[-n:]


def crossing_of(path: Sequence[Sighting], line: CountLine) -> Direction | None:
    """Decide whether a track crossed inwards, outwards or not at all.

    By where it began and where it ended (each the median of a few sightings): outside to
    inside is an entry, inside to outside an exit, the same side (turned back, lingered, or
    started past the line) nothing. A track first seen on the line and ending on one side
    counts when its face grew (in) or shrank (out) as it would walking that way; one that
    ends on the line counts nothing, so a track broken at the line counts once, not twice.
    """
    if len(path) < 2:
        return None
    head, tail = _ends(path)
    first = line.side(median(s.depth for s in head))
    last = line.side(median(s.depth for s in tail))
    if first is Side.OUTSIDE and last is Side.INSIDE:
        return Direction.IN
    if first is Side.INSIDE and last is Side.OUTSIDE:
        return Direction.OUT
    if first is not Side.ON_LINE or last is Side.ON_LINE:
        return None
    growth = median(s.size for s in tail) / max(median(s.size for s in head), 1.0)
    if last is Side.INSIDE and growth >= 1.0 + line.min_growth:
        return Direction.IN
    if last is Side.OUTSIDE and growth <= 1.0 / (1.0 + line.min_growth):
        return Direction.OUT
    return None


def crossing_point(path: Sequence[Sighting], line: CountLine,
                   direction: Direction) -> tuple[float, float]:
    """Return when (timestamp) and where (0..1 along the line) the track crossed it.

    The last passage over the line that way, interpolated between two sightings; a track
    first seen on the line crossed where it was first seen.
    """
    at = line.depth
    for before, after in zip(reversed(path[:-1]), reversed(path[1:]), strict=True):
        passed = (before.depth < at <= after.depth if direction is Direction.IN
                  else before.depth > at >= after.depth)
        if passed:
            share = (at - before.depth) / (after.depth - before.depth)
            return (before.t + share * (after.t - before.t),
                    before.across + share * (after.across - before.across))
    return path[0].t, path[0].across


def keep_sighting(path: list[Sighting], sighting: Sighting) -> None:
    """Append a sighting; a long track drops its oldest middle ones (its ends decide)."""
    path.append(sighting)
    if len(path) > MAX_PATH:
        del path[END_SIGHTINGS]
