"""Paint the door scene: a branch entrance at 720p with people made from real face photos.

A camera over the inside of the entrance: the doorway with daylight outside, walls, a tiled
floor in perspective, a poster and a plant; light that drifts slowly and sensor noise.
Each person is a face photo (one identity each, cut to an oval head) on a shirt-coloured
body, scaled by how near the camera they are. It is a `Camera` (hardware/camera/base.py):
the real DoorCameraWatcher reads it unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from hardware.camera.base import (
    CameraCapabilities,
    CameraState,
    CameraStatus,
    CameraUnavailable,
    Frame,
)
from smartbranch.benchmarks.door_scene import DOOR, FPS, HEIGHT, WIDTH, Group, Walker, place

# The head cut from a 250 px LFW photo (faces are centred near (129, 140) with ~104 px boxes).
HEAD = (22, 36, 246, 222)  # top, left, bottom, right in the photo
HEAD_H, HEAD_W = HEAD[2] - HEAD[0], HEAD[3] - HEAD[1]
SHOULDER = int(HEAD_W * 0.35)  # the body is wider than the head by this either side
# Where the face's centre is in a sprite at scale 1 (y, x).
FACE_CENTRE = (140 - HEAD[0], SHOULDER + 129 - HEAD[1])
LIGHT_LEVELS = 9  # the slow light drift, in steps of about 1.5 %
NOISE_VARIANTS = 3
SCALE_STEP = 0.02  # sprites are cached per person at this resolution of scale


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, int], cell: int) -> np.ndarray:
    """Low-frequency texture: a coarse random grid upsampled bilinearly (values about 0..1)."""
    from PIL import Image

    rows, cols = shape[0] // cell + 2, shape[1] // cell + 2
    coarse = (rng.random((rows, cols)) * 255).astype(np.uint8)
    image = Image.fromarray(coarse).resize((cols * cell, rows * cell), Image.BILINEAR)
    return np.asarray(image, dtype=np.float32)[: shape[0], : shape[1]] / 255.0


def paint_background(seed: int) -> np.ndarray:
    """Return the empty entrance as float32 BGR (0..255)."""
    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    left, top, right, bottom = DOOR
    # Walls: warm grey, lighter near the door, with a plaster texture.
    wall = np.stack([150 - 0.03 * ys, 160 - 0.03 * ys, 172 - 0.03 * ys], axis=2)
    wall += (_smooth_noise(rng, (HEIGHT, WIDTH), 40)[..., None] - 0.5) * 18
    image = wall
    # Floor: from the door's foot to the bottom, tiles converging on a vanishing point.
    floor = ys >= bottom
    vx, vy = WIDTH / 2, float(top)
    u = (xs - vx) / np.maximum(ys - vy, 1.0)  # constant along lines through the vanishing point
    depth = 1.0 / np.maximum(ys - vy, 1.0)
    grout = (np.abs((u * 6) - np.round(u * 6)) < 0.03) | (
        np.abs(depth * 4000 - np.round(depth * 4000)) < 0.06)
    tile = np.stack([118 + 0 * ys, 140 + 0 * ys, 168 + 0 * ys], axis=2)
    tile += (_smooth_noise(rng, (HEIGHT, WIDTH), 24)[..., None] - 0.5) * 20
    tile[grout] *= 0.7
    image[floor] = tile[floor]
    # The doorway: daylight outside (sky over a street), in a dark frame.
    inside = (xs >= left) & (xs < right) & (ys >= top) & (ys < bottom)
    sky = np.stack([235 - 0.15 * ys, 215 - 0.1 * ys, 190 - 0.05 * ys], axis=2)
    street = ys > top + 0.6 * (bottom - top)
    sky[street] = np.array([110.0, 118.0, 122.0])
    sky += (_smooth_noise(rng, (HEIGHT, WIDTH), 16)[..., None] - 0.5) * 24
    image[inside] = sky[inside]
    frame = ((xs >= left - 18) & (xs < right + 18) & (ys >= top - 14) & (ys < bottom)) & ~inside
    image[frame] = np.array([48.0, 52.0, 58.0])
    # A poster on the left wall and a plant on the right.
    image[120:330, 60:230] = np.array([150.0, 90.0, 40.0])
    image[150:200, 80:210] = np.array([230.0, 230.0, 235.0])
    image[230:300, 80:140] = np.array([40.0, 170.0, 230.0])
    leaves = ((xs - 1140) / 90) ** 2 + ((ys - 330) / 130) ** 2 < 1
    image[leaves] = np.array([50.0, 120.0, 60.0]) + (
        _smooth_noise(rng, (HEIGHT, WIDTH), 10)[leaves][:, None] - 0.5) * 60
    image[440:560, 1100:1180] = np.array([60.0, 80.0, 130.0])
    # Light: brighter round the door, darker in the corners.
    glow = np.exp(-(((xs - WIDTH / 2) / 700) ** 2 + ((ys - 240) / 500) ** 2))
    image *= (0.72 + 0.35 * glow)[..., None]
    return np.clip(image, 0, 255)


def light_level(t: float) -> float:
    """The scene's brightness factor at time t: slow drift, as clouds pass the door."""
    return 1.0 + 0.05 * math.sin(2 * math.pi * t / 23.0) + 0.02 * math.sin(2 * math.pi * t / 7.3)


class SpriteBook:
    """Each person's head-and-body sprite, made once, scaled and cached on demand.

    Sprites are premultiplied BGRA (PIL's "RGBa" mode holding B, G, R): resizing then needs
    no conversion and blends the edges right.
    """

    def __init__(self, photos: Sequence[Path]):
        self.photos = list(photos)
        self._base: dict[int, object] = {}
        self._scaled: dict[int, tuple[int, np.ndarray]] = {}

    def base(self, walker: Walker):
        from PIL import Image

        sprite = self._base.get(walker.person)
        if sprite is None:
            bgra = person_sprite(self.photos[walker.person], walker.shirt)
            sprite = Image.fromarray(bgra, "RGBA").convert("RGBa")
            self._base[walker.person] = sprite
        return sprite

    def scaled(self, walker: Walker, scale: float) -> tuple[np.ndarray, float]:
        """The sprite at `scale` (to SCALE_STEP), and that scale; one size per person is kept."""
        from PIL import Image

        step = max(1, round(scale / SCALE_STEP))
        kept = self._scaled.get(walker.person)
        if kept is None or kept[0] != step:
            base = self.base(walker)
            size = (round(base.width * step * SCALE_STEP), round(base.height * step * SCALE_STEP))
            kept = (step, np.asarray(base.resize(size, Image.BILINEAR)))
            self._scaled[walker.person] = kept
        return kept[1], kept[0] * SCALE_STEP

    def forget(self, person: int) -> None:
        self._base.pop(person, None)
        self._scaled.pop(person, None)


def person_sprite(photo: Path, shirt: tuple[int, int, int]) -> np.ndarray:
    """Cut an oval head from the photo and put it on a body; BGRA uint8 at scale 1.

    The face's centre sits at (FACE_CENTRE) of the head, which sits at the sprite's top
    middle; the body's oval runs below the chin.
    """
    from hardware.camera.replay import decode_bgr

    top, left, bottom, right = HEAD
    head = decode_bgr(photo)[top:bottom, left:right].astype(np.float32)
    hh, hw = head.shape[:2]
    width, height = hw + 2 * SHOULDER, int(hh * 2.3)
    sprite = np.zeros((height, width, 4), np.float32)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    # Body: an oval from the neck down, darker at its edges.
    cy, cx = hh * 1.55, width / 2
    body = ((xs - cx) / (width * 0.48)) ** 2 + ((ys - cy) / (hh * 0.85)) ** 2
    shade = np.clip(1.15 - 0.5 * body, 0.5, 1.0)
    sprite[..., :3] = np.array(shirt, np.float32) * shade[..., None]
    sprite[..., 3] = np.clip((1.0 - body) * 12.0, 0, 1) * (ys > hh * 0.8)
    # Head: the photo inside a feathered oval around the face.
    hy, hx = np.mgrid[0:hh, 0:hw].astype(np.float32)
    cy, cx = FACE_CENTRE[0], FACE_CENTRE[1] - SHOULDER
    oval = ((hx - cx) / (hw * 0.44)) ** 2 + ((hy - cy) / (hh * 0.5)) ** 2
    alpha = np.clip((1.0 - oval) * 8.0, 0, 1)
    region = sprite[:hh, SHOULDER:SHOULDER + hw]
    region[..., :3] = head * alpha[..., None] + region[..., :3] * (1 - alpha[..., None])
    region[..., 3] = np.maximum(region[..., 3], alpha)
    sprite[..., 3] *= 255
    return np.clip(sprite, 0, 255).astype(np.uint8)


def blend(canvas: np.ndarray, sprite: np.ndarray, left: int, top: int, alpha: float,
          light: float = 1.0, noise: np.ndarray | None = None) -> None:
    """Blend a premultiplied BGRA sprite, lit and with sensor noise, onto a BGR canvas."""
    ch, cw = canvas.shape[:2]
    sh, sw = sprite.shape[:2]
    x0, y0, x1, y1 = max(left, 0), max(top, 0), min(left + sw, cw), min(top + sh, ch)
    if x1 <= x0 or y1 <= y0:
        return
    part = sprite[y0 - top:y1 - top, x0 - left:x1 - left].astype(np.float32)
    alpha = max(0.0, alpha)
    weight = part[..., 3:4] * (alpha / 255.0)
    colour = part[..., :3] * (light * alpha)
    if noise is not None:
        colour += noise[y0:y1, x0:x1] * weight
    under = canvas[y0:y1, x0:x1].astype(np.float32)
    canvas[y0:y1, x0:x1] = np.clip(colour + under * (1.0 - weight), 0, 255).astype(np.uint8)


class DoorSceneCamera:
    """The planned scene as a camera: frames at `fps` with timestamps index / fps.

    Frames come as fast as they are read (`realtime` False), so a benchmark runs at the
    watcher's speed; `last_timestamp` is the newest frame's time, for a clock that follows it.
    """

    def __init__(self, groups: list[Group], photos: Sequence[Path], *, seed: int = 11,
                 fps: float = FPS, tail_s: float = 2.0):
        self.walkers = sorted((w for g in groups for w in g.walkers), key=lambda w: w.start)
        self.fps = fps
        self.frames = math.ceil((max(w.end for w in self.walkers) + tail_s) * fps)
        self.sprites = SpriteBook(photos)
        self.seed = seed
        self.last_timestamp = 0.0
        self.render_s = 0.0
        self._state = CameraState.CLOSED
        self._index = 0
        self._backgrounds: list[list[np.ndarray]] = []
        self._noise: list[np.ndarray] = []
        self._next_walker = 0
        self._present: list[Walker] = []

    def open(self) -> None:
        base = paint_background(self.seed)
        rng = np.random.default_rng(self.seed + 1)
        self._backgrounds = []
        for level in range(LIGHT_LEVELS):
            factor = 0.93 + 0.14 * level / (LIGHT_LEVELS - 1)
            lit = base * factor
            self._backgrounds.append([
                np.clip(lit + rng.normal(0, 2.5, lit.shape), 0, 255).astype(np.uint8)
                for _ in range(NOISE_VARIANTS)])
        self._noise = [rng.normal(0, 2.5, (HEIGHT, WIDTH, 1)).astype(np.float32)
                       for _ in range(NOISE_VARIANTS)]
        self._index = 0
        self._next_walker = 0
        self._present = []
        self._state = CameraState.OK

    def read(self) -> Frame | None:
        import time

        if self._state == CameraState.CLOSED:
            raise CameraUnavailable("camera is not open")
        if self._index >= self.frames:
            self._state = CameraState.ENDED
            return None
        started = time.perf_counter()
        index, t = self._index, self._index / self.fps
        self._index += 1
        frame = self.render(t, index)
        self.last_timestamp = t
        self.render_s += time.perf_counter() - started
        return Frame(frame, t, index)

    def render(self, t: float, index: int) -> np.ndarray:
        """Paint frame `index` (time t): the lit background and everyone in view, far first."""
        level = light_level(t)
        step = round((level - 0.93) / 0.14 * (LIGHT_LEVELS - 1))
        backgrounds = self._backgrounds[min(max(step, 0), LIGHT_LEVELS - 1)]
        canvas = backgrounds[index % NOISE_VARIANTS].copy()
        while self._next_walker < len(self.walkers) and self.walkers[self._next_walker].start <= t:
            self._present.append(self.walkers[self._next_walker])
            self._next_walker += 1
        still = []
        for walker in self._present:
            if walker.end < t:
                self.sprites.forget(walker.person)
            else:
                still.append(walker)
        self._present = still
        spots = [(spot, w) for w in still if (spot := place(w, t)) is not None]
        noise = self._noise[index % NOISE_VARIANTS]
        for spot, walker in sorted(spots, key=lambda sw: sw[0].scale):
            sprite, size = self.sprites.scaled(walker, spot.scale)
            left = round(spot.x - FACE_CENTRE[1] * size)
            top = round(spot.y - FACE_CENTRE[0] * size)
            blend(canvas, sprite, left, top, spot.alpha, level, noise)
        return canvas

    def status(self) -> CameraStatus:
        return CameraStatus(self._state, "", self._index, 0)

    def capabilities(self) -> CameraCapabilities:
        return CameraCapabilities("door-scene", False, WIDTH, HEIGHT, self.fps)

    def close(self) -> None:
        self._state = CameraState.CLOSED
