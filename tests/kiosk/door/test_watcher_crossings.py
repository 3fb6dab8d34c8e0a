"""The watcher counts door crossings by direction, promptly, once each, and retries writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hardware.camera import SimPerson
from shared.biometrics.face.fake_engine import FakeFaceEngine
from shared.biometrics.gallery import GalleryIndex
from shared.models.enums import PrivacyMode
from tests.door_fakes import FACE, FakeRecorder, camera_for, make_watcher, run, walking


def _directions(recorder) -> list[str]:
    return [c.direction.value for c in recorder.crossings]


def test_people_walking_in_and_out_are_an_entry_and_an_exit():
    people = [
        SimPerson(1, 3, 33, x=300, y=120, size=FACE, dx=0, dy=14),  # down: in
        SimPerson(2, 50, 80, x=700, y=520, size=FACE, dx=0, dy=-14),  # up: out
    ]
    recorder = FakeRecorder()
    camera = camera_for(people)
    watcher, _ = make_watcher(camera, FakeFaceEngine(), GalleryIndex(), recorder)

    stats = run(watcher, camera)

    assert _directions(recorder) == ["in", "out"]
    assert (stats.entries, stats.exits, stats.people) == (1, 1, 2)
    entry, leaving = recorder.crossings
    assert entry.track_id != leaving.track_id
    assert 1.5 <= entry.seconds_in_view <= 2.0  # 30 frames at 15 fps, seen every 3rd
    assert entry.at < leaving.at and entry.track_started < leaving.track_started
    assert 0.2 < entry.across < 0.35 and 0.5 < leaving.across < 0.65


def test_turning_back_or_walking_past_inside_counts_no_crossing_but_still_a_person():
    people = [
        walking(1, 3, (12, 12), (12, -12)),  # comes up to the line and goes back out
        walking(2, 45, (20, 8), start=420),  # already inside, walking further in
    ]
    recorder = FakeRecorder()
    camera = camera_for(people)
    watcher, _ = make_watcher(camera, FakeFaceEngine(), GalleryIndex(), recorder)

    stats = run(watcher, camera)

    assert recorder.crossings == []
    assert stats.people == 2 and sum(p for _, p, _ in recorder.counts) == 2


def test_a_crossing_is_written_as_the_track_ends_not_at_the_next_count_flush():
    recorder = FakeRecorder()
    camera = camera_for([SimPerson(1, 3, 33, x=300, y=120, size=FACE, dx=0, dy=14)])
    watcher, _ = make_watcher(camera, FakeFaceEngine(), GalleryIndex(), recorder,
                              flush_every_s=3600)
    camera.open()
    watcher.refresh_mode(force=True)
    written_at = None
    for frame in iter(camera.read, None):
        watcher.process(frame)
        if recorder.crossings and written_at is None:
            written_at = frame.index
    assert written_at is not None and written_at <= 33 + 12  # gone at 33; ends 3 rounds on
    assert recorder.counts == []  # the bucket counts wait for their flush, as before


def test_someone_who_stops_inside_is_counted_while_still_in_view():
    recorder = FakeRecorder()
    # Walks in across the line in two seconds, then stands for ten.
    camera = camera_for([walking(1, 3, (30, 12), (150, 0))])
    watcher, _ = make_watcher(camera, FakeFaceEngine(), GalleryIndex(), recorder,
                              count_wait_s=4.0)
    camera.open()
    watcher.refresh_mode(force=True)
    for frame in iter(camera.read, None):
        watcher.process(frame)
        if recorder.crossings:
            break
    assert _directions(recorder) == ["in"]
    assert frame.index < 3 + 180  # still there
    assert 4.0 <= recorder.crossings[0].seconds_in_view < 4.5
    watcher.finish()
    assert len(recorder.crossings) == 1  # and not again when the track ends


def test_a_failed_write_is_kept_and_retried_with_the_same_crossing():
    class Flaky(FakeRecorder):
        failures = 2
        attempts: list = []

        def cross(self, crossing):
            self.attempts.append(crossing)
            if self.failures:
                self.failures -= 1
                raise RuntimeError("database down")
            super().cross(crossing)

    recorder = Flaky()
    camera = camera_for([SimPerson(1, 3, 33, x=300, y=120, size=FACE, dx=0, dy=14)])
    watcher, _ = make_watcher(camera, FakeFaceEngine(), GalleryIndex(), recorder,
                              crossing_retry_s=0.0)
    stats = run(watcher, camera)

    assert stats.entries == 1 and len(recorder.crossings) == 1
    assert len(recorder.attempts) == 3 and len(set(recorder.attempts)) == 1
    assert len(watcher.crossings) == 0


def test_a_write_that_keeps_failing_waits_between_tries_and_stays_pending():
    class Down(FakeRecorder):
        attempts = 0

        def cross(self, crossing):
            self.attempts += 1
            raise RuntimeError("database down")

    recorder = Down()
    camera = camera_for([SimPerson(1, 3, 33, x=300, y=120, size=FACE, dx=0, dy=14),
                         SimPerson(2, 40, 70, x=600, y=120, size=FACE, dx=0, dy=14)])
    watcher, _ = make_watcher(camera, FakeFaceEngine(), GalleryIndex(), recorder,
                              crossing_retry_s=3600.0)
    camera.open()
    watcher.refresh_mode(force=True)
    for frame in iter(camera.read, None):
        watcher.process(frame)
        watcher.write_crossings()
    assert recorder.attempts == 1 and len(watcher.crossings) == 2  # one try, then waits
    watcher.finish()  # the end of the stream tries once more
    assert recorder.attempts == 2 and len(watcher.crossings) == 2


def test_an_opt_in_branch_counts_crossings_too():
    recorder = FakeRecorder(PrivacyMode.OPT_IN)
    camera = camera_for([SimPerson(1, 3, 33, x=300, y=120, size=FACE, dx=0, dy=14)])
    watcher, _ = make_watcher(camera, FakeFaceEngine(), GalleryIndex(), recorder)
    run(watcher, camera)
    assert _directions(recorder) == ["in"] and recorder.arrivals == []


def test_the_crossing_time_is_on_the_watchers_clock():
    now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    recorder = FakeRecorder()
    camera = camera_for([SimPerson(1, 3, 33, x=300, y=120, size=FACE, dx=0, dy=14)])
    watcher, _ = make_watcher(camera, FakeFaceEngine(), GalleryIndex(), recorder)
    watcher.clock = lambda: now
    run(watcher, camera)
    crossing = recorder.crossings[0]
    # Decided after the track ended: it crossed about a second before that, by the frames.
    assert now - timedelta(seconds=2) < crossing.at < now
    assert crossing.track_started == now
