"""Listen for one utterance from a microphone, bounded in time: the kiosk never hangs."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

import numpy as np

from hardware.microphone.base import Microphone, MicrophoneError
from shared.speech.audio import Audio, assess, dbfs
from shared.speech.commands import Intent, IntentKind, parse_command
from shared.speech.stt import Grammar, SpeechError, SpeechToText

CHUNK_SECONDS = 0.25
# A live read may block up to its driver's own timeout (2 s): wall time gets this slack.
WALL_SLACK_SECONDS = 3.0


@dataclass(frozen=True)
class Heard:
    """One utterance: its text and intent, or `problem` (the kiosk then offers touch)."""

    text: str
    intent: Intent
    audio: Audio
    # "", "no_speech", "too_short", "too_quiet", "clipped", "microphone", "recogniser",
    # "stopped" (the customer pressed stop)
    problem: str = ""
    detail: str = ""  # the driver's or recogniser's own words, for the screen and the log


def _unknown(problem: str, audio: Audio, detail: str = "") -> Heard:
    return Heard("", Intent(IntentKind.UNKNOWN), audio, problem, detail)


class VoiceListener:
    """Reads chunks until speech ends (a pause after speech) or `max_seconds` pass."""

    def __init__(self, microphone: Microphone, stt: SpeechToText,
                 pause_seconds: float = 0.75, speech_dbfs: float = -40.0,
                 max_seconds: float = 8.0, minor_per_unit: int | None = 100):
        self.microphone = microphone
        self.max_seconds = max_seconds
        self.stt = stt
        self.pause_seconds = pause_seconds
        self.speech_dbfs = speech_dbfs
        self.minor_per_unit = minor_per_unit

    def listen(self, grammar: Grammar | None = None, max_seconds: float | None = None,
               stop: threading.Event | None = None) -> Heard:
        """Return what was said, or a Heard with `problem` set; never waits past max_seconds."""
        max_seconds = max_seconds or self.max_seconds
        deadline = time.monotonic() + max_seconds + WALL_SLACK_SECONDS
        chunks: list[np.ndarray] = []
        heard_speech, quiet = False, 0.0
        empty = Audio(np.zeros(0, np.float32))
        try:
            stream = self.stt.stream(grammar)
            elapsed = 0.0
            while elapsed < max_seconds and time.monotonic() < deadline:
                if stop is not None and stop.is_set():
                    return _unknown("stopped", empty)
                chunk = self.microphone.read(CHUNK_SECONDS)
                if chunk is None:
                    break
                chunks.append(chunk.samples)
                elapsed += chunk.seconds
                stream.accept(Audio(chunk.samples).pcm16())
                if dbfs(chunk.samples) > self.speech_dbfs:
                    heard_speech, quiet = True, 0.0
                elif heard_speech:
                    quiet += chunk.seconds
                    if quiet >= self.pause_seconds:
                        break
            text = stream.finish()
        except MicrophoneError as exc:
            return _unknown("microphone", empty, str(exc))
        except SpeechError as exc:
            return _unknown("recogniser", empty, str(exc))
        audio = Audio(np.concatenate(chunks) if chunks else np.zeros(0, np.float32))
        verdict = assess(audio, min_speech_seconds=0.2)
        if not verdict.ok:
            return _unknown(verdict.code, audio, verdict.reason)
        intent = parse_command(text, self.stt.language, self.minor_per_unit or 1)
        if self.minor_per_unit is None and intent.amount_minor is not None:
            # The amount was said in a currency this kiosk does not pay out: the customer
            # chooses it on the screen instead, never a figure read in the wrong unit.
            intent = replace(intent, amount_minor=None)
        return Heard(text, intent, audio)
