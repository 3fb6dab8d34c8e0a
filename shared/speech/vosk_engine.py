"""Vosk speech to text from a model folder named in settings (never a download)."""

from __future__ import annotations

import json
from pathlib import Path

from shared.speech.stt import Grammar, PartialResult, SpeechError

# A Vosk model folder holds at least these (small models: am/final.mdl, conf/model.conf).
REQUIRED = ("am", "conf")


def check_model_dir(path: Path, setting: str = "voice.vosk_model_dir") -> Path:
    """Return the folder if it looks like a Vosk model, else raise SpeechError naming it."""
    path = Path(path)
    if not path.is_dir():
        raise SpeechError(
            "model_missing", f"Vosk model folder not found: {path} (set {setting})"
        )
    missing = [name for name in REQUIRED if not (path / name).exists()]
    if missing:
        raise SpeechError(
            "model_missing",
            f"{path} is not a Vosk model folder (no {', '.join(missing)}); set {setting}",
        )
    return path


class VoskStream:
    """One utterance on a KaldiRecognizer."""

    def __init__(self, recognizer):
        self._recognizer = recognizer
        self._finals: list[str] = []
        self._last = ""

    @staticmethod
    def _text(raw: str, key: str) -> str:
        words = json.loads(raw).get(key, "").split()
        return " ".join(w for w in words if w != "[unk]")

    def accept(self, pcm16: bytes) -> PartialResult | None:
        if self._recognizer.AcceptWaveform(pcm16):
            text = self._text(self._recognizer.Result(), "text")
            if text:
                self._finals.append(text)
                return PartialResult(" ".join(self._finals), final=True)
            return None
        partial = self._text(self._recognizer.PartialResult(), "partial")
        text = " ".join([*self._finals, partial]).strip()
        if text != self._last:
            self._last = text
            return PartialResult(text)
        return None

    def finish(self) -> str:
        text = self._text(self._recognizer.FinalResult(), "text")
        if text:
            self._finals.append(text)
        return " ".join(self._finals)


class VoskSpeechToText:
    """A Vosk model loaded once from its folder; each `stream` is a new recogniser."""

    name = "vosk"

    def __init__(self, model_dir: Path | str, language: str, sample_rate: int = 16000):
        self.model_dir = check_model_dir(Path(model_dir))
        self.language = language
        self.sample_rate = sample_rate
        self._model = None

    def _load(self):
        if self._model is None:
            import vosk

            vosk.SetLogLevel(-1)
            try:
                # model_path only: Model(lang=...) would download a model.
                self._model = vosk.Model(model_path=str(self.model_dir))
            except Exception as exc:  # vosk raises a bare Exception on a bad folder
                raise SpeechError(
                    "model_missing", f"Vosk could not load {self.model_dir}: {exc}"
                ) from None
        return self._model

    def stream(self, grammar: Grammar | None = None) -> VoskStream:
        import vosk

        model = self._load()
        if grammar is None:
            recognizer = vosk.KaldiRecognizer(model, self.sample_rate)
        else:
            phrases = [*grammar.phrases, "[unk]"]
            recognizer = vosk.KaldiRecognizer(
                model, self.sample_rate, json.dumps(phrases, ensure_ascii=False)
            )
        return VoskStream(recognizer)
