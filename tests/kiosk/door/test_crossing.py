"""Which way a track crossed the counting line: entries, exits, turning back, jitter, fragments."""

from __future__ import annotations

import pytest

from kiosk.door.crossing import (
    END_SIGHTINGS,
    MAX_PATH,
    CountLine,
    EntryWay,
    Side,
    Sighting,
    crossing_of,
    crossing_point,
    keep_sighting,
)
from shared.biometrics.face.engine import FaceBox
from shared.floor.traffic import Direction

LINE = CountLine()  # at mid-height, people coming in move down; the band is 0.45..0.55


def walk(*depths: float, sizes: list[float] | None = None, step: float = 0.2) -> list[Sighting]:
    """A track's sightings at these depths, one detection round apart, 100 px faces unless told."""
    sizes = sizes or [100.0] * len(depths)
    return [Sighting(i * step, d, 0.5, s) for i, (d, s) in enumerate(zip(depths, sizes,
                                                                         strict=True))]


def growing(*depths: float) -> list[Sighting]:
    """A walk whose face grows with depth, as it does towards a camera facing the door."""
    return walk(*depths, sizes=[100 + 150 * d for d in depths])


def test_sides_of_the_line_and_its_band():
    assert [LINE.side(d) for d in (0.3, 0.46, 0.5, 0.54, 0.7)] == [
        Side.OUTSIDE, Side.ON_LINE, Side.ON_LINE, Side.ON_LINE, Side.INSIDE]


def test_walking_in_is_an_entry_and_walking_out_an_exit():
    assert crossing_of(growing(0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8), LINE) is Direction.IN
    assert crossing_of(walk(0.8, 0.7, 0.6, 0.5, 0.4, 0.3), LINE) is Direction.OUT
    # Position decides; a face that did not grow still came in.
    assert crossing_of(walk(0.3, 0.4, 0.6, 0.7), LINE) is Direction.IN


def test_turning_back_counts_nothing_even_after_a_step_past_the_line():
    assert crossing_of(walk(0.2, 0.3, 0.4, 0.44, 0.4, 0.3, 0.2), LINE) is None
    assert crossing_of(walk(0.2, 0.35, 0.5, 0.6, 0.5, 0.35, 0.25), LINE) is None


def test_lingering_on_the_line_with_jitter_counts_nothing():
    jitter = [0.5 + 0.04 * ((i * 7) % 5 - 2) / 2 for i in range(30)]  # 0.46..0.54
    assert crossing_of(walk(*jitter), LINE) is None


def test_lingering_before_the_line_with_boxes_that_jump_past_it_counts_nothing():
    spiky = [0.58 if i % 3 == 1 else 0.4 for i in range(20)]
    assert crossing_of(walk(*spiky), LINE) is None


def test_jitter_while_crossing_counts_one_entry_for_the_track():
    path = walk(0.3, 0.38, 0.52, 0.47, 0.56, 0.49, 0.58, 0.66, 0.72)
    assert crossing_of(path, LINE) is Direction.IN


def test_one_wild_box_at_either_end_cannot_flip_a_side():
    assert crossing_of(walk(0.3, 0.9, 0.35, 0.4, 0.6, 0.7, 0.05, 0.72), LINE) is Direction.IN
    assert crossing_of(walk(0.3, 0.35, 0.4, 0.42, 0.38, 0.95, 0.36), LINE) is None


def test_a_track_that_starts_past_the_line_is_no_entry():
    # Someone already inside (or the rest of a track already counted) walking further in.
    assert crossing_of(growing(0.6, 0.7, 0.8, 0.9), LINE) is None
    # ...but one who then walks out through the door has left.
    assert crossing_of(walk(0.65, 0.6, 0.5, 0.4, 0.3, 0.2), LINE) is Direction.OUT


def test_first_seen_on_the_line_counts_only_when_the_face_agrees():
    assert crossing_of(growing(0.48, 0.55, 0.65, 0.75, 0.85), LINE) is Direction.IN
    assert crossing_of(walk(0.48, 0.55, 0.65, 0.75, 0.85), LINE) is None  # no growth: unsure
    shrinking = walk(0.52, 0.45, 0.35, 0.25, sizes=[180, 160, 140, 120])
    assert crossing_of(shrinking, LINE) is Direction.OUT
    growing_out = walk(0.52, 0.45, 0.35, 0.25, sizes=[120, 140, 160, 180])
    assert crossing_of(growing_out, LINE) is None  # position and size disagree


def test_a_track_broken_at_the_line_counts_once():
    before, after = growing(0.2, 0.3, 0.4, 0.48), growing(0.5, 0.6, 0.7, 0.8)
    assert crossing_of(before, LINE) is None  # ends on the line: nobody vanishes there
    assert crossing_of(after, LINE) is Direction.IN


def test_too_short_a_track_counts_nothing():
    assert crossing_of(walk(0.2), LINE) is None
    assert crossing_of([], LINE) is None


@pytest.mark.parametrize("entry, box, depth, across", [
    (EntryWay.DOWN, FaceBox(100, 300, 200, 200), 150 / 720, 250 / 1280),
    (EntryWay.UP, FaceBox(100, 300, 200, 200), 1 - 150 / 720, 250 / 1280),
    (EntryWay.RIGHT, FaceBox(100, 300, 200, 200), 250 / 1280, 150 / 720),
    (EntryWay.LEFT, FaceBox(100, 300, 200, 200), 1 - 250 / 1280, 150 / 720),
])
def test_a_box_is_placed_on_the_lines_axes_for_each_mounting(entry, box, depth, across):
    sighting = CountLine(0.3, entry).sighting(box, 1280, 720, t=2.0)
    assert (sighting.t, sighting.size) == (2.0, 100.0)
    assert sighting.depth == pytest.approx(depth)
    assert sighting.across == pytest.approx(across)


def test_the_line_is_measured_from_the_top_or_left_whichever_way_is_in():
    assert CountLine(0.3, EntryWay.DOWN).depth == pytest.approx(0.3)
    assert CountLine(0.3, EntryWay.UP).depth == pytest.approx(0.7)
    assert CountLine(0.3, EntryWay.RIGHT).depth == pytest.approx(0.3)
    assert CountLine(0.3, EntryWay.LEFT).depth == pytest.approx(0.7)
    # A person walking up the frame towards the top of it comes in, on an "up" camera.
    up = CountLine(0.5, EntryWay.UP)
    boxes = [FaceBox(top, 300, top + 100, 200) for top in (600, 500, 400, 300, 200)]
    path = [up.sighting(b, 1280, 720, i * 0.2) for i, b in enumerate(boxes)]
    assert crossing_of(path, up) is Direction.IN


def test_the_crossing_is_when_and_where_the_track_last_passed_the_line():
    path = [Sighting(0.0, 0.4, 0.2, 100), Sighting(1.0, 0.6, 0.4, 120),
            Sighting(2.0, 0.45, 0.4, 120), Sighting(3.0, 0.55, 0.6, 130),
            Sighting(4.0, 0.7, 0.6, 140)]
    when, across = crossing_point(path, LINE, Direction.IN)
    assert when == pytest.approx(2.5) and across == pytest.approx(0.5)
    out = [Sighting(0.0, 0.8, 0.9, 100), Sighting(0.5, 0.4, 0.7, 100)]
    assert crossing_point(out, LINE, Direction.OUT) == pytest.approx((0.375, 0.75))
    # First seen on the line: it crossed where it was first seen.
    assert crossing_point(growing(0.5, 0.7), LINE, Direction.IN) == (0.0, 0.5)


def test_a_long_track_keeps_its_first_and_latest_sightings():
    path: list[Sighting] = []
    for i in range(MAX_PATH + 50):
        keep_sighting(path, Sighting(float(i), 0.1, 0.5, 100))
    assert len(path) == MAX_PATH
    assert [s.t for s in path[:END_SIGHTINGS]] == [0.0, 1.0, 2.0]
    assert path[-1].t == MAX_PATH + 49 and path[END_SIGHTINGS].t == 53.0
