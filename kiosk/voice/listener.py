"""Listen for one utterance from a microphone, bounded in time: the kiosk never hangs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hardware.microphone.base import Microphone, MicrophoneError
from shared.biometrics.voice.audio import Audio, assess, dbfs
from shared.biometrics.voice.commands import Intent, IntentKind, parse_command
from shared.biometrics.voice.stt import Grammar, SpeechError, SpeechToText

CHUNK_SECONDS = 0.25


@dataclass(frozen=True)
class Heard:
    """One utterance: its text and intent, or `problem` (the kiosk then offers touch)."""

    text: str
    intent: Intent
    audio: Audio
    problem: str = ""  # "", "no_speech", "too_quiet", "clipped", "microphone", "recogniser"


def _unknown(problem: str, audio: Audio) -> Heard:
    return Heard("", Intent(IntentKind.UNKNOWN), audio, problem)


class VoiceListener:
    """Reads chunks until speech ends (a pause after speech) or `max_seconds` pass."""

    def __init__(self, microphone: Microphone, stt: SpeechToText,
                 pause_seconds: float = 0.75, speech_dbfs: float = -40.0,
                 max_seconds: float = 8.0):
        self.microphone = microphone
        self.max_seconds = max_seconds
        self.stt = stt
        self.pause_seconds = pause_seconds
        self.speech_dbfs = speech_dbfs

    def listen(self, grammar: Grammar | None = None, max_seconds: float | None = None) -> Heard:
        """Return what was said, or a Heard with `problem` set; never waits past max_seconds."""
        max_seconds = max_seconds or self.max_seconds
        chunks: list[np.ndarray] = []
        heard_speech, quiet = False, 0.0
        try:
            stream = self.stt.stream(grammar)
            elapsed = 0.0
            while elapsed < max_seconds:
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
        except MicrophoneError:
            return _unknown("microphone", Audio(np.zeros(0, np.float32)))
        except SpeechError:
            return _unknown("recogniser", Audio(np.zeros(0, np.float32)))
        audio = Audio(np.concatenate(chunks) if chunks else np.zeros(0, np.float32))
        verdict = assess(audio, min_speech_seconds=0.2)
        if not verdict.ok:
            return _unknown(verdict.code, audio)
        return Heard(text, parse_command(text, self.stt.language), audio)
