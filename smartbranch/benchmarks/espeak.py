"""Speech synthesised with espeak-ng for the voice benchmarks (phrases no recording holds)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def espeak_clips(phrases, voice: str, speed: int = 160) -> list:
    """Synthesise each phrase with espeak-ng and read it back as 16 kHz audio."""
    from shared.speech.audio import read_wav

    clips = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(phrases):
            path = Path(tmp) / f"{i}.wav"
            subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(path), text],
                           check=True, capture_output=True)
            clips.append(read_wav(path))
    return clips
