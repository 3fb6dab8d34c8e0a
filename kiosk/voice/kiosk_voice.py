"""One kiosk's voice: its microphone and the engines, built on first use and kept.

The speech model loads on the first Speak press and the speaker model on the first
spoken challenge, never at start-up; a missing model is reported on that press (the
kiosk stays on touch) and tried again on the next one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import numpy as np

from hardware.microphone.base import Microphone, MicrophoneError
from kiosk.money_text import withdrawal_example
from kiosk.voice.dialogue import Request, Say, ask_for_command, hear_yes_or_no
from kiosk.voice.listener import Heard, VoiceListener, _unknown
from shared.biometrics.cipher import TemplateCipher
from shared.biometrics.voice.challenge import VoiceCheckers, challenge_grammar
from shared.biometrics.voice.engines import create_speaker_engine
from shared.biometrics.voice.enrolment import AudioLimits
from shared.biometrics.voice.phrase import Phrase, phrase_grammar
from shared.speech.audio import Audio
from shared.speech.commands import EN_DIGITS, KO_DIGITS, Intent, IntentKind
from shared.speech.engines import create_speech_to_text
from shared.speech.stt import SpeechError, SpeechToText

log = logging.getLogger(__name__)

# The currency a spoken amount is in, by language, and its minor units per unit.
SPOKEN_CURRENCY = {"en": ("GBP", 100), "ko": ("KRW", 1)}


class KioskVoice:
    """Listen on the kiosk's microphone with the configured recogniser, one turn at a time."""

    def __init__(self, settings, microphone: Microphone,
                 cipher: Callable[[], TemplateCipher] | None = None):
        self.settings = settings
        self.microphone = microphone
        self._cipher = cipher or (lambda: TemplateCipher.from_settings(settings))
        self._stt: SpeechToText | None = None
        self._checkers: VoiceCheckers | None = None
        self._lock = threading.Lock()

    @property
    def max_seconds(self) -> float:
        return self.settings.kiosk_agent.voice_listen_s

    def language(self) -> str:
        return "ko" if self.settings.voice.stt_engine == "vosk" and (
            self.settings.voice.vosk_language.startswith("ko")) else "en"

    def speech_to_text(self) -> SpeechToText:
        """Return the recogniser (raises SpeechError naming the setting when a model is missing)."""
        with self._lock:
            if self._stt is None:
                self._stt = create_speech_to_text(self.settings)
            return self._stt

    def checkers(self) -> VoiceCheckers:
        """Return the engines the spoken challenge needs (the speaker model loads here)."""
        stt = self.speech_to_text()
        with self._lock:
            if self._checkers is None:
                voice = self.settings.voice
                self._checkers = VoiceCheckers(
                    stt, create_speaker_engine(self.settings), self._cipher(),
                    voice.speaker_threshold, AudioLimits(min_speech_seconds=0.5,
                                                         min_dbfs=voice.min_level_dbfs))
            return self._checkers

    def amount_unit(self, language: str) -> int | None:
        """Minor units per spoken unit, or None where the spoken currency is not the kiosk's.

        English amounts are heard in pounds, Korean ones in won: "오만 원" at a kiosk paying
        out pounds must not become 50,000 pence.
        """
        currency, minor = SPOKEN_CURRENCY["ko" if language.startswith("ko") else "en"]
        return minor if currency == self.settings.kiosk.currency.upper() else None

    def _listener(self, stt: SpeechToText) -> VoiceListener:
        return VoiceListener(self.microphone, stt, max_seconds=self.max_seconds,
                             minor_per_unit=self.amount_unit(stt.language))

    def _turn(self, run: Callable[[VoiceListener], Request]) -> Request:
        """Run one dialogue turn; the microphone is open only while it runs."""
        try:
            stt = self.speech_to_text()
            self.microphone.open()
        except SpeechError as exc:
            log.warning("voice unavailable: %s", exc)
            return Request(Intent(IntentKind.UNKNOWN), False, "touch", "recogniser", str(exc))
        except MicrophoneError as exc:
            return Request(Intent(IntentKind.UNKNOWN), False, "touch", "microphone", str(exc))
        try:
            return run(self._listener(stt))
        finally:
            self.microphone.close()

    def command_turn(self, say: Say, stop: threading.Event | None = None) -> Request:
        """Run one spoken-command turn."""
        kiosk = self.settings.kiosk
        return self._turn(lambda listener: ask_for_command(
            listener, say, stop=stop, currency=kiosk.currency,
            example=withdrawal_example(kiosk)))

    def answer_turn(self, say: Say, question: str,
                    stop: threading.Event | None = None) -> Request:
        """Hear yes or no to `question`: confirmed on yes; intent NO or CANCEL on no or cancel."""
        def run(listener: VoiceListener) -> Request:
            said: list[str] = []
            answer, heard = hear_yes_or_no(listener, say, question, said, stop)
            if answer in ("yes", "no", "cancel"):
                return Request(Intent(IntentKind(answer)), answer == "yes", heard=tuple(said))
            return Request(Intent(IntentKind.UNKNOWN), False, "touch", answer,
                           heard.detail if heard else "", tuple(said))
        return self._turn(run)

    def hear_phrase(self, phrase: Phrase, stop: threading.Event | None = None,
                    max_seconds: float | None = None) -> Heard:
        """Record one spoken answer to a challenge phrase (words and digits, or digits)."""
        empty = Audio(np.zeros(0, np.float32))
        try:
            stt = self.speech_to_text()
            self.microphone.open()
        except SpeechError as exc:
            return _unknown("recogniser", empty, str(exc))
        except MicrophoneError as exc:
            return _unknown("microphone", empty, str(exc))
        try:
            grammar = (phrase_grammar(stt.language, phrase) if phrase.has_words
                       else challenge_grammar(stt.language, len(phrase.tokens)))
            return self._listener(stt).listen(grammar, max_seconds=max_seconds, stop=stop)
        finally:
            self.microphone.close()


def digit_words(digits: str, language: str = "en") -> str:
    """Spell digits as the words the recogniser hears (for prompts and tests)."""
    table = EN_DIGITS if language == "en" else KO_DIGITS
    names = {}
    for word, value in table.items():
        names.setdefault(value, word)
    return " ".join(names[int(d)] for d in digits)
