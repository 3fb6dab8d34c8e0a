"""The IoU/centroid tracker as pure functions."""

from kiosk.door.tracker import (
    FaceTracker,
    associate,
    at_edge,
    centroid_distance,
    iou,
    update_tracks,
)
from shared.biometrics.face.engine import FaceBox


def box(left, top, size=100):
    return FaceBox(top, left + size, top + size, left)


def test_iou():
    assert iou(box(0, 0), box(0, 0)) == 1.0
    assert iou(box(0, 0), box(200, 0)) == 0.0
    assert 0.3 < iou(box(0, 0), box(30, 0)) < 0.6


def test_centroid_distance_is_relative_to_size():
    assert centroid_distance(box(0, 0), box(50, 0)) == 0.5


def test_associate_pairs_best_overlap_first():
    tracks = update_tracks((), [box(0, 0), box(500, 0)], 0.0, 1).tracks
    pairs = associate(tracks, [box(510, 0), box(10, 0)])
    assert sorted(pairs) == [(0, 1), (1, 0)]


def test_tracks_follow_moving_faces_and_end_after_misses():
    tracker = FaceTracker(max_misses=2)
    first = tracker.update([box(0, 0)], 0.0)
    assert len(first.started) == 1
    tid = first.started[0].id
    for step in range(1, 5):  # moves 40 px per round: still the same track
        update = tracker.update([box(40 * step, 0)], step * 0.2)
        assert not update.started and update.tracks[0].id == tid
    assert tracker.tracks[0].hits == 5
    assert not tracker.update([], 1.0).ended
    assert not tracker.update([], 1.2).ended
    ended = tracker.update([], 1.4).ended
    assert [t.id for t in ended] == [tid]
    assert tracker.tracks == ()


def test_a_far_detection_starts_a_new_track():
    tracker = FaceTracker()
    tracker.update([box(0, 0)], 0.0)
    update = tracker.update([box(0, 0), box(800, 300)], 0.2)
    assert len(update.started) == 1 and len(update.tracks) == 2
    ids = {t.id for t in update.tracks}
    assert {tid for tid, _ in update.assigned} == ids


def test_a_box_at_the_border_touches_it():
    bounds = (1280, 720)
    assert at_edge(FaceBox(600, 500, 720, 400), bounds)  # clipped at the bottom
    assert at_edge(box(0, 300), bounds) and at_edge(box(1180, 300), bounds)
    assert not at_edge(box(500, 300), bounds)


def test_a_track_lost_at_the_border_ends_at_once_and_someone_there_next_is_new():
    tracker = FaceTracker(max_misses=2)
    bounds = (1280, 720)
    leaving = tracker.update([FaceBox(600, 500, 720, 400)], 0.0, bounds).started[0]
    staying = tracker.update([FaceBox(600, 500, 720, 400), box(800, 300)], 0.2,
                             bounds).started[0]
    update = tracker.update([], 0.4, bounds)
    assert [t.id for t in update.ended] == [leaving.id]  # gone out of view
    assert [t.id for t in update.tracks] == [staying.id]  # a missed round mid-frame is not
    coming = tracker.update([FaceBox(610, 520, 720, 420), box(800, 300)], 0.6, bounds)
    assert [t.id for t in coming.started] != [leaving.id] and len(coming.started) == 1


def test_end_all():
    tracker = FaceTracker()
    tracker.update([box(0, 0), box(400, 0)], 0.0)
    assert len(tracker.end_all().ended) == 2
    assert tracker.tracks == ()
