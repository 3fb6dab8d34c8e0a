"""Speech to text behind one small interface: streaming partial and final results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from shared.speech.audio import Audio
from shared.speech.commands import EN_DIGITS, KO_DIGITS, command_vocabulary, english_jsgf

CHUNK_SECONDS = 0.25


class SpeechError(RuntimeError):
    """Recognition cannot run or gave nothing; `code` says why (model_missing, no_speech)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Grammar:
    """What a recogniser may hear: a word list (Vosk) and an equivalent JSGF (PocketSphinx)."""

    name: str
    language: str
    phrases: tuple[str, ...]
    jsgf: str = ""


def commands_grammar(language: str, extra_phrases: tuple[str, ...] = ()) -> Grammar:
    """Return the kiosk command grammar for a language ("en" or "ko")."""
    if language.lower().startswith("ko"):
        return Grammar("commands", "ko", tuple(command_vocabulary("ko")) + extra_phrases)
    return Grammar(
        "commands", "en", tuple(command_vocabulary("en")) + extra_phrases,
        english_jsgf(extra_phrases),
    )


def digits_grammar(language: str) -> Grammar:
    """Return a grammar of digit strings only (the spoken challenge)."""
    if language.lower().startswith("ko"):
        return Grammar("digits", "ko", tuple(KO_DIGITS))
    words = " | ".join(EN_DIGITS)
    jsgf = f"#JSGF V1.0;\ngrammar digits;\npublic <digits> = ({words})+;\n"
    return Grammar("digits", "en", tuple(EN_DIGITS), jsgf)


def grammar_named(name: str | None, language: str) -> Grammar | None:
    """Return the grammar for a CLI/config name: None/"none", "commands" or "digits"."""
    if name in (None, "", "none"):
        return None
    if name == "commands":
        return commands_grammar(language)
    if name == "digits":
        return digits_grammar(language)
    raise ValueError(f"unknown grammar {name!r} (use commands, digits or none)")


@dataclass(frozen=True)
class PartialResult:
    """Text recognised so far; `final` once an utterance has ended."""

    text: str
    final: bool = False


class RecognitionStream(Protocol):
    """One utterance being recognised from 16 kHz mono 16-bit PCM chunks."""

    def accept(self, pcm16: bytes) -> PartialResult | None:
        """Feed a chunk; return the partial (or final, after a pause) text when it changes."""
        ...

    def finish(self) -> str:
        """End the utterance and return the final text."""
        ...


class SpeechToText(Protocol):
    """A recogniser for one language; `grammar` constrains what it may hear."""

    name: str
    language: str

    def stream(self, grammar: Grammar | None = None) -> RecognitionStream: ...


def transcribe(engine: SpeechToText, audio: Audio, grammar: Grammar | None = None) -> str:
    """Feed a whole recording through a stream in chunks and return the final text."""
    stream = engine.stream(grammar)
    pcm = audio.pcm16()
    step = int(CHUNK_SECONDS * audio.sample_rate) * 2
    for start in range(0, len(pcm), step):
        stream.accept(pcm[start : start + step])
    return stream.finish()
