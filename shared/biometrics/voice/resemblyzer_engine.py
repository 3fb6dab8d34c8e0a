"""Resemblyzer speaker encoder (a GE2E d-vector model whose weights ship in its wheel)."""

from __future__ import annotations

import threading

import numpy as np

from shared.biometrics.voice.speaker import SpeakerEngineError
from shared.speech.audio import Audio

MODEL_VERSION = "resemblyzer-ge2e-0.1.4"


class ResemblyzerSpeakerEngine:
    """CPU d-vectors of 256 floats; the model loads on first use, once per engine."""

    model_version = MODEL_VERSION
    dimension = 256

    def __init__(self, threads: int | None = None):
        self._threads = threads
        self._encoder = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._encoder is None:
                import torch
                from resemblyzer import VoiceEncoder

                if self._threads:
                    torch.set_num_threads(self._threads)
                try:
                    self._encoder = VoiceEncoder(device="cpu", verbose=False)
                except (OSError, RuntimeError) as exc:
                    raise SpeakerEngineError(f"Resemblyzer model could not load: {exc}") from None
        return self._encoder

    def embed(self, audio: Audio) -> np.ndarray:
        from resemblyzer import preprocess_wav

        encoder = self._load()
        # preprocess_wav normalises loudness and drops silences (webrtcvad) as in training.
        wav = preprocess_wav(np.asarray(audio.samples, dtype=np.float32), audio.sample_rate)
        if len(wav) < audio.sample_rate // 4:
            raise SpeakerEngineError("less than 0.25 s of speech left after removing silence")
        return np.asarray(encoder.embed_utterance(wav), dtype=np.float32)
