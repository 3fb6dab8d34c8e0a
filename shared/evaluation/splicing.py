"""Real one-take speech and real splices, for calibrating and testing the continuity check.

One take: LibriSpeech readings cut to a challenge's length. Splices: the felixchenfy
single-word clips (one speaker, five takes of each word, recorded separately) joined into
a challenge phrase in the ways an editor would, and LibriSpeech phrases cut at pauses from
different readings of one speaker and re-joined. The speakers are split in two: thresholds
come from the calibration speakers only, figures are reported on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from shared.speech.audio import Audio, read_wav
from shared.speech.continuity import frame_levels, runs

CALIBRATION_SPEAKERS = ("librispeech-1688", "librispeech-1998", "librispeech-2033",
                        "librispeech-2609")
HELD_OUT_SPEAKERS = ("librispeech-3005", "librispeech-3331", "librispeech-367")
COMMAND_SPEAKER = "felixchenfy"
COMMAND_TAKES = (1, 2, 3, 4, 5)
SPLICE_KINDS = ("as_recorded", "trimmed", "silence_gaps", "dithered_gaps", "noise_gaps",
                "crossfade")
DITHER = 5.6e-5  # -85 dBFS: an editor's "silence" with dither, so not exact zeros
ROOM_TONE = 1e-3  # the simulated microphone's room tone (-60 dBFS white noise)


def room_tone(audio: Audio, rng: np.random.Generator) -> Audio:
    """Return the audio as the simulated kiosk microphone hears it (its room tone added)."""
    noise = rng.normal(0, ROOM_TONE, len(audio.samples))
    return Audio((audio.samples + noise).astype(np.float32), audio.sample_rate)


def one_take_cuts(speech: Path, speakers: tuple[str, ...],
                  seconds: float = 2.5) -> Iterator[tuple[str, Audio]]:
    """Yield (speaker, cut) for consecutive `seconds` windows of every reading."""
    width = int(seconds * 16000)
    for speaker in speakers:
        for path in sorted((Path(speech) / speaker).glob("*.wav")):
            samples = read_wav(path).samples
            for start in range(0, len(samples) - width + 1, width):
                yield speaker, Audio(samples[start : start + width])


def command_clip(speech: Path, word: str, take: int) -> Audio:
    """Return one felixchenfy take of a word ("left", "two"), as recorded."""
    return read_wav(Path(speech) / "_commands" / COMMAND_SPEAKER / f"{word}_{take:02d}.wav")


def command_words(speech: Path) -> set[str]:
    """Return the words the felixchenfy clips hold."""
    folder = Path(speech) / "_commands" / COMMAND_SPEAKER
    return {p.stem.rsplit("_", 1)[0] for p in folder.glob("*.wav")}


def trimmed(samples: np.ndarray) -> np.ndarray:
    """Cut a clip to its word: from 20 ms before the first loud frame to 30 ms after the last."""
    levels = frame_levels(samples)
    loud = np.flatnonzero(levels > max(np.percentile(levels, 10) + 10, levels.max() - 35))
    return samples[max(0, loud[0] - 2) * 160 : (loud[-1] + 3) * 160]


def splice(clips: list[np.ndarray], kind: str, rng: np.random.Generator) -> Audio:
    """Join clips the way `kind` says (one of SPLICE_KINDS)."""
    if kind == "as_recorded":
        return Audio(np.concatenate(clips).astype(np.float32))
    words = [trimmed(c) for c in clips]
    if kind == "trimmed":
        return Audio(np.concatenate(words).astype(np.float32))
    if kind == "crossfade":
        fade = np.linspace(0.0, 1.0, 320)  # 20 ms
        out = words[0]
        for word in words[1:]:
            out = np.concatenate([out[:-320], out[-320:] * (1 - fade) + word[:320] * fade,
                                  word[320:]])
        return Audio(out.astype(np.float32))
    if kind not in ("silence_gaps", "dithered_gaps", "noise_gaps"):
        raise ValueError(f"unknown splice {kind!r}")
    # Gaps of 80 to 300 ms, as a reader leaves between words; noise at the clips' own level.
    level = float(np.median([np.sqrt(np.mean(c[:320] ** 2)) for c in clips])) + 1e-5
    level = DITHER if kind == "dithered_gaps" else level
    parts: list[np.ndarray] = []
    for word in words:
        gap = int(rng.uniform(0.08, 0.3) * 16000)
        fill = np.zeros(gap) if kind == "silence_gaps" else rng.normal(0, level, gap)
        parts += [word, fill]
    return Audio(np.concatenate(parts[:-1]).astype(np.float32))


def phrase_splice(speech: Path, spoken: list[str], kind: str,
                  rng: np.random.Generator, takes: tuple[int, ...] = COMMAND_TAKES) -> Audio:
    """Splice felixchenfy takes of each spoken word (a random take each) into one answer."""
    clips = [command_clip(speech, word, int(rng.choice(takes))).samples for word in spoken]
    return splice(clips, kind, rng)


def _phrases_between_pauses(samples: np.ndarray) -> list[np.ndarray]:
    """Cut a reading at its pauses into pieces of 0.25 to 0.9 s of speech (with 40 ms around)."""
    levels = frame_levels(samples)
    speech = levels > np.percentile(levels, 10) + 12
    for start, end in runs(~speech):
        if end - start <= 8:
            speech[start:end] = True
    return [samples[max(0, a - 4) * 160 : (b + 4) * 160]
            for a, b in runs(speech) if 25 <= b - a <= 90]


def reading_splices(speech: Path, speakers: tuple[str, ...], per_speaker: int,
                    rng: np.random.Generator, parts: int = 3) -> Iterator[tuple[str, Audio]]:
    """Yield splices of `parts` pieces cut at pauses from one speaker's different readings."""
    for speaker in speakers:
        pieces = [(i, piece) for i, path in enumerate(sorted((Path(speech) / speaker).glob(
            "*.wav"))) for piece in _phrases_between_pauses(read_wav(path).samples)]
        for _ in range(per_speaker):
            chosen = rng.choice(len(pieces), parts, replace=False)
            yield speaker, Audio(np.concatenate([pieces[i][1] for i in chosen]))
