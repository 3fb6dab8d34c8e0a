"""A small IoU/centroid tracker: follow faces across frames, end tracks after missed rounds."""

from __future__ import annotations

from dataclasses import dataclass, replace

from shared.biometrics.face.engine import FaceBox

EDGE_PX = 4  # a box this close to the frame's border touches it (detectors clip boxes)


@dataclass(frozen=True)
class Track:
    """One person's face across detection rounds."""

    id: int
    box: FaceBox
    first_seen: float
    last_seen: float
    hits: int = 1
    misses: int = 0


@dataclass(frozen=True)
class TrackUpdate:
    """What one detection round did: tracks alive after it, ones started, ones ended."""

    tracks: tuple[Track, ...]
    started: tuple[Track, ...]
    ended: tuple[Track, ...]
    assigned: tuple[tuple[int, int], ...]  # (track id, detection index)
    next_id: int


def iou(a: FaceBox, b: FaceBox) -> float:
    """Return the intersection over union of two boxes (0 when they do not touch)."""
    w = min(a.right, b.right) - max(a.left, b.left)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    union = a.width * a.height + b.width * b.height - inter
    return inter / union if union > 0 else 0.0


def centroid_distance(a: FaceBox, b: FaceBox) -> float:
    """Return the distance between box centres relative to the larger box's side."""
    ax, ay = (a.left + a.right) / 2, (a.top + a.bottom) / 2
    bx, by = (b.left + b.right) / 2, (b.top + b.bottom) / 2
    side = max(a.width, a.height, b.width, b.height, 1)
    return (((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5) / side


def associate(
    tracks: tuple[Track, ...] | list[Track],
    detections: list[FaceBox],
    min_iou: float = 0.2,
    max_centroid: float = 0.8,
) -> list[tuple[int, int]]:
    """Pair tracks with detections greedily, best overlap first; return (track idx, det idx)."""
    candidates = []
    for ti, track in enumerate(tracks):
        for di, box in enumerate(detections):
            overlap = iou(track.box, box)
            distance = centroid_distance(track.box, box)
            if overlap >= min_iou or distance <= max_centroid:
                # Rank by overlap, then by closeness, so fast movers still pair up.
                candidates.append((-overlap, distance, ti, di))
    candidates.sort()
    used_t: set[int] = set()
    used_d: set[int] = set()
    pairs = []
    for _, _, ti, di in candidates:
        if ti in used_t or di in used_d:
            continue
        used_t.add(ti)
        used_d.add(di)
        pairs.append((ti, di))
    return pairs


def at_edge(box: FaceBox, bounds: tuple[int, int], edge_px: int = EDGE_PX) -> bool:
    """Whether a box touches the frame's border (width, height): its face is leaving view."""
    width, height = bounds
    return (box.top <= edge_px or box.left <= edge_px or box.bottom >= height - edge_px
            or box.right >= width - edge_px)


def update_tracks(
    tracks: tuple[Track, ...],
    detections: list[FaceBox],
    now: float,
    next_id: int,
    max_misses: int = 3,
    min_iou: float = 0.2,
    max_centroid: float = 0.8,
    bounds: tuple[int, int] | None = None,
) -> TrackUpdate:
    """Apply one detection round: extend matched tracks, start new ones, end stale ones.

    With the frame's `bounds` (width, height), a track lost at the border ends at once:
    that person walked out of view, and a face appearing there next is somebody else (at a
    door, often someone coming the other way).
    """
    pairs = associate(tracks, detections, min_iou, max_centroid)
    matched = {ti: di for ti, di in pairs}
    alive: list[Track] = []
    ended: list[Track] = []
    assigned: list[tuple[int, int]] = []
    for ti, track in enumerate(tracks):
        if ti in matched:
            di = matched[ti]
            alive.append(
                replace(track, box=detections[di], last_seen=now, hits=track.hits + 1, misses=0)
            )
            assigned.append((track.id, di))
        elif track.misses + 1 > max_misses or (bounds and at_edge(track.box, bounds)):
            ended.append(replace(track, misses=track.misses + 1))
        else:
            alive.append(replace(track, misses=track.misses + 1))
    used = set(matched.values())
    started: list[Track] = []
    for di, box in enumerate(detections):
        if di in used:
            continue
        track = Track(id=next_id, box=box, first_seen=now, last_seen=now)
        next_id += 1
        started.append(track)
        alive.append(track)
        assigned.append((track.id, di))
    return TrackUpdate(tuple(alive), tuple(started), tuple(ended), tuple(assigned), next_id)


def end_all(tracks: tuple[Track, ...]) -> TrackUpdate:
    """End every track (the stream ended)."""
    return TrackUpdate((), (), tuple(tracks), (), 0)


class FaceTracker:
    """Holds the tracks between rounds; the logic is `update_tracks`."""

    def __init__(self, max_misses: int = 3, min_iou: float = 0.2, max_centroid: float = 0.8):
        self.max_misses = max_misses
        self.min_iou = min_iou
        self.max_centroid = max_centroid
        self.tracks: tuple[Track, ...] = ()
        self._next_id = 1

    def update(self, detections: list[FaceBox], now: float,
               bounds: tuple[int, int] | None = None) -> TrackUpdate:
        result = update_tracks(
            self.tracks,
            detections,
            now,
            self._next_id,
            self.max_misses,
            self.min_iou,
            self.max_centroid,
            bounds,
        )
        self.tracks = result.tracks
        self._next_id = result.next_id
        return result

    def end_all(self) -> TrackUpdate:
        result = end_all(self.tracks)
        self.tracks = ()
        return result
