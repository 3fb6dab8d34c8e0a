"""The kiosk's spoken prompts: espeak-ng's voice for the screen's language, as WAV audio.

Synthesised on the server so every kiosk speaks with the same voices, whatever browser runs
its screen; the touch page plays what the agent asks now (never text a client sends).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

# espeak-ng's voice for each shipped language (Mandarin for Simplified Chinese).
VOICES = {"en": "en-gb", "zh": "cmn", "ko": "ko", "fa": "fa", "it": "it"}
MAX_CHARACTERS = 400  # a prompt, not a statement
WORDS_PER_MINUTE = 150


class SpeechUnavailable(RuntimeError):
    """This server cannot speak (espeak-ng is not installed, or it failed)."""


def voice_for(code: str) -> str:
    """The espeak-ng voice for a shipped language code (English for any other)."""
    return VOICES.get(code, VOICES["en"])


@lru_cache(maxsize=256)  # prompts repeat; a synthesis takes ~50 ms
def synthesise(text: str, code: str) -> bytes:
    """`text` spoken by espeak-ng in language `code`, as a WAV file's bytes."""
    binary = shutil.which("espeak-ng")
    if binary is None:
        raise SpeechUnavailable("espeak-ng is not installed (apt-get install espeak-ng)")
    # A file, not --stdout: a streamed WAV's header cannot say its length.
    with tempfile.TemporaryDirectory(prefix="smartbranch-say-") as folder:
        path = Path(folder) / "prompt.wav"
        try:
            subprocess.run(
                [binary, "-v", voice_for(code), "-s", str(WORDS_PER_MINUTE), "-w", str(path),
                 text[:MAX_CHARACTERS]],
                capture_output=True, timeout=10, check=True)
            audio = path.read_bytes()
        except (subprocess.SubprocessError, OSError) as exc:
            raise SpeechUnavailable(f"espeak-ng failed: {exc}") from None
    if not audio.startswith(b"RIFF"):
        raise SpeechUnavailable("espeak-ng gave no audio")
    return audio
