"""The watcher's pure decisions and region helpers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from kiosk.door.config import WatcherConfig
from kiosk.door.counts import PendingCounts
from kiosk.door.decisions import (
    bucket_of,
    plan_regions,
    quality_score,
    should_count_crossing,
    should_decide,
)
from kiosk.door.regions import cell_regions, merge_regions, motion_cells, resize_nearest

CFG = WatcherConfig()
WIDTH, HEIGHT = 1280, 720


def _small(moving: tuple[slice, slice] | None = None) -> np.ndarray:
    small = np.zeros((HEIGHT // CFG.motion_stride, WIDTH // CFG.motion_stride), np.uint8)
    if moving is not None:
        small[moving] = 200
    return small


def test_motion_cells_and_regions():
    prev = np.zeros((90, 160), np.uint8)
    cur = prev.copy()
    cur[10:30, 20:40] = 200
    cur[60:80, 120:150] = 200
    cells = motion_cells(prev, cur, 20, 4, 0.1)
    regions = cell_regions(cells, 32)
    assert len(regions) == 2
    top, right, bottom, left = sorted(regions)[0]
    assert top <= 80 and bottom >= 240 and left <= 160 and right >= 320


def test_merge_regions_merges_overlaps_only():
    merged = merge_regions([(0, 100, 100, 0), (50, 150, 150, 50), (300, 400, 400, 300)])
    assert sorted(merged) == [(0, 150, 150, 0), (300, 400, 400, 300)]


def test_plan_regions_skips_a_still_empty_door():
    assert plan_regions(_small(), _small(), [], False, WIDTH, HEIGHT, CFG) == ([], False)
    assert plan_regions(None, _small(), [], False, WIDTH, HEIGHT, CFG) == ([], False)


def test_plan_regions_looks_where_something_moved_or_a_track_is():
    moved = _small((slice(10, 20), slice(10, 20)))
    regions, whole = plan_regions(_small(), moved, [], False, WIDTH, HEIGHT, CFG)
    assert not whole and len(regions) == 1
    top, right, bottom, left = regions[0]
    assert top <= 80 and left <= 80 and bottom >= 160 and right >= 160
    track = (400, 700, 600, 500)
    regions, whole = plan_regions(_small(), _small(), [track], False, WIDTH, HEIGHT, CFG)
    assert regions == [(352, 748, 648, 452)] and not whole  # padded by roi_pad


def test_plan_regions_scans_the_whole_frame_when_due_or_mostly_moving():
    assert plan_regions(None, _small(), [], True, WIDTH, HEIGHT, CFG) == (
        [(0, WIDTH, HEIGHT, 0)], True)
    everywhere = _small((slice(None), slice(None)))
    assert plan_regions(_small(), everywhere, [], False, WIDTH, HEIGHT, CFG) == (
        [(0, WIDTH, HEIGHT, 0)], True)


def test_quality_prefers_sharp_large_faces():
    rng = np.random.default_rng(0)
    sharp = rng.uniform(40, 200, (120, 120))
    blurred = np.full((120, 120), 120.0)
    assert quality_score(sharp, 180, 90) > quality_score(blurred, 180, 90)
    assert quality_score(sharp, 180, 90) > quality_score(sharp, 90, 90)


def test_should_decide_rules():
    assert not should_decide(0, 5, 10, True, 2, 0.6)
    assert not should_decide(2, 1, 10, True, 2, 0.6)
    assert not should_decide(2, 2, 0.2, False, 2, 0.6)
    assert should_decide(2, 2, 0.7, False, 2, 0.6)
    assert should_decide(1, 2, 0.1, True, 2, 0.6)


def test_should_count_crossing_rules():
    assert not should_count_crossing(False, 1, 10.0, True, 2, 4.0)  # never confirmed
    assert not should_count_crossing(True, 9, 10.0, True, 2, 4.0)  # counted already
    assert not should_count_crossing(False, 5, 1.0, False, 2, 4.0)  # walking: wait for the end
    assert should_count_crossing(False, 5, 1.0, True, 2, 4.0)  # the track ended
    assert should_count_crossing(False, 20, 4.0, False, 2, 4.0)  # long in view: now


def test_resize_nearest_is_contiguous():
    img = np.arange(100 * 80 * 3, dtype=np.uint8).reshape(100, 80, 3)[:, :, ::-1]
    out = resize_nearest(img, 0.5)
    assert out.shape == (50, 40, 3) and out.flags.c_contiguous


def test_bucket_is_timezone_aware():
    start = bucket_of(datetime(2026, 1, 1, 10, 7, tzinfo=UTC), timedelta(minutes=15))
    assert start == datetime(2026, 1, 1, 10, 0, tzinfo=UTC)


def test_pending_counts_add_per_bucket_and_keep_what_failed_to_write():
    counts = PendingCounts(timedelta(minutes=15))
    ten = datetime(2026, 1, 1, 10, 7, tzinfo=UTC)
    counts.add(ten, people=2)
    counts.add(ten, identified=1)
    counts.add(ten + timedelta(minutes=15), people=1)

    class Writer:
        def __init__(self, fail_after: int):
            self.written, self.fail_after = [], fail_after

        def count(self, bucket_start, people, identified):
            if len(self.written) >= self.fail_after:
                raise RuntimeError("database down")
            self.written.append((bucket_start.minute, people, identified))

    first = Writer(fail_after=1)
    counts.flush(first)
    assert first.written == [(0, 2, 1)]
    again = Writer(fail_after=9)
    counts.flush(again)
    assert again.written == [(15, 1, 0)]  # only the bucket that was kept
    counts.flush(again)
    assert len(again.written) == 1
