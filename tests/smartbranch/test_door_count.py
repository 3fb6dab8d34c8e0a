"""The door-count benchmark: its seeded scene plan, its truth, and how counts are matched."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from smartbranch.benchmarks.door_count import Counted, match_crossings, run_door_count
from smartbranch.benchmarks.door_scene import (
    FPS,
    HEIGHT,
    LINE_Y,
    TrueCrossing,
    Walk,
    place,
    plan_scene,
    true_crossing,
    truth_of,
)
from smartbranch.cli import main


def test_the_plan_is_seeded_and_has_the_crossings_asked_for():
    groups = plan_scene(60, seed=3)
    assert groups == plan_scene(60, seed=3) and groups != plan_scene(60, seed=4)
    truth = truth_of(groups)
    assert len(truth) == 60
    walkers = [w for g in groups for w in g.walkers]
    assert len({w.person for w in walkers}) == len(walkers)  # one identity each
    assert {len(g.walkers) for g in groups} == {1, 2, 3}
    assert {w.walk for w in walkers} >= {Walk.IN, Walk.OUT, Walk.BACK}
    assert [c.t for c in truth] == sorted(c.t for c in truth)


def test_each_walk_crosses_the_line_its_way_or_not_at_all():
    walkers = [w for g in plan_scene(80, seed=5) for w in g.walkers]
    line = LINE_Y * HEIGHT
    for walker in walkers:
        crossing = true_crossing(walker)
        ys = [place(walker, i / FPS).y for i in range(int(walker.start * FPS) + 1,
                                                        int(walker.end * FPS))]
        if walker.walk in (Walk.IN, Walk.PAUSE_IN):
            assert crossing.direction == "in" and ys[0] < line < ys[-1]
        elif walker.walk is Walk.OUT:
            assert crossing.direction == "out" and ys[0] > line > ys[-1]
        else:  # turned back (ends where it began, in the doorway) or passed inside
            assert crossing is None
            assert (ys[0] < line and ys[-1] < line) or min(ys) > line


def test_walkers_together_keep_apart_and_groups_never_walk_into_each_other():
    groups = plan_scene(120, seed=7)
    for group in groups:
        lanes = sorted(w.lane for w in group.walkers)
        assert all(b - a >= 0.59 for a, b in zip(lanes, lanes[1:], strict=False))
    for i, group in enumerate(groups):
        for other in groups[:i]:
            overlap = not (other.lanes[1] <= group.lanes[0] or group.lanes[1] <= other.lanes[0])
            if overlap and other.end > group.start:
                assert group.walk is other.walk and group.start >= other.start + 1.5


def _truth(direction: str, t: float, across: float, person: int = 0,
           on_line: float = 0.2) -> TrueCrossing:
    return TrueCrossing(person, direction, t, across, (t - on_line / 2, t + on_line / 2))


def test_matching_finds_misses_doubles_ghosts_and_wrong_ways():
    truth = [_truth("in", 10.0, 0.3, 1), _truth("in", 10.1, 0.5, 2),
             _truth("out", 20.0, 0.7, 3), _truth("in", 30.0, 0.3, 4)]
    counted = [
        Counted("in", 10.2, 0.31),  # person 1
        Counted("in", 10.0, 0.49),  # person 2 (side by side with 1: told apart by place)
        Counted("in", 10.6, 0.52),  # person 2 again: counted twice
        Counted("in", 20.1, 0.69),  # person 3 left, counted as coming in
        Counted("in", 40.0, 0.3),  # nobody there
    ]  # person 4 is missed
    result = match_crossings(counted, truth)
    assert (result.matched, result.double_counted, result.wrong_direction,
            result.spurious) == (2, 1, 1, 1)
    assert result.missed == {"in": 1, "out": 0}


def test_someone_who_stopped_on_the_line_matches_when_they_stepped_off_it():
    truth = [_truth("in", 10.0, 0.3, on_line=6.0)]  # on the line from 7 s to 13 s
    assert match_crossings([Counted("in", 13.5, 0.3)], truth).matched == 1
    assert match_crossings([Counted("in", 14.5, 0.3)], truth).spurious == 1


def test_a_perfect_count_matches_everyone():
    truth = [_truth("in", t, 0.3) for t in (1.0, 5.0, 9.0)] + [_truth("out", 3.0, 0.7)]
    counted = [Counted(c.direction, c.t + 0.2, c.across + 0.01) for c in truth]
    result = match_crossings(counted, truth)
    assert result.matched == 4 and result.double_counted == result.spurious == 0
    assert result.missed == {"in": 0, "out": 0}


@pytest.mark.models
@pytest.mark.data
def test_the_real_watcher_counts_a_short_door_scene_exactly(shared_data_dir):
    result = run_door_count(crossings=20, seed=11, faces=shared_data_dir / "faces")
    assert result["truth_entries"] + result["truth_exits"] == 20
    assert abs(result["counted_entries"] - result["truth_entries"]) <= 1
    assert result["double_counted"] == 0
    assert result["naive_count"] > 3 * result["truth_entries"]  # the baseline is far off


@pytest.mark.models
@pytest.mark.data
def test_the_command_prints_one_json_object_last(shared_data_dir):
    result = CliRunner().invoke(main, ["bench", "door-count", "--crossings", "2", "--json",
                                       "--faces", str(shared_data_dir / "faces")])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["truth_entries"] + report["truth_exits"] == 2
    assert {"count_error_pct", "double_counted", "naive_count", "fps"} <= set(report)
