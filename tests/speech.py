"""Speech made at test time with espeak-ng (Debian), for the real recognisers."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import IN_CI


def espeak_writer(directory: Path) -> Callable[..., Path]:
    """Return say(text, voice, speed) that writes a new 22.05 kHz WAV and returns its path.

    Without espeak-ng the test is skipped, and fails under CI=true (the suite installs it).
    """
    if shutil.which("espeak-ng") is None:
        if IN_CI:
            pytest.fail("CI=true and espeak-ng is not installed", pytrace=False)
        pytest.skip("espeak-ng is not installed")

    def say(text: str, voice: str = "en-gb", speed: int = 140) -> Path:
        path = directory / f"{uuid.uuid4().hex[:8]}.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(path), text],
                       check=True, capture_output=True)
        return path

    return say
