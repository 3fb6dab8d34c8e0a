"""The IoU/centroid tracker as pure functions."""

from kiosk.door.tracker import FaceTracker, associate, centroid_distance, iou, update_tracks
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


def test_end_all():
    tracker = FaceTracker()
    tracker.update([box(0, 0), box(400, 0)], 0.0)
    assert len(tracker.end_all().ended) == 2
    assert tracker.tracks == ()
