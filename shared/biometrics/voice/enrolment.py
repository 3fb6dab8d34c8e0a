"""Voice enrolment behind consent and the audio gate; loading and matching voiceprints.

Voice templates are protected exactly like face templates: sealed with the same
TemplateCipher (AES-GCM, MAC over customer, modality, model version and vector), stored
as BiometricTemplate rows under an active voice consent, and erased by
`shared.biometrics.consent.withdraw_consent(..., Modality.VOICE, ...)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from shared.audit import SYSTEM, Actor
from shared.biometrics.cipher import TemplateCipher
from shared.biometrics.gallery import GalleryIndex
from shared.biometrics.templates import (
    EnrolmentResult,
    Verdict,
    consenting_templates,
    named_inputs,
    open_templates,
    require_consent,
    require_enough,
    store_templates,
)
from shared.biometrics.voice.speaker import (
    SpeakerEngine,
    SpeakerEngineError,
    mean_voiceprint,
    voice_distance,
)
from shared.models import BiometricTemplate
from shared.models.enums import Modality
from shared.speech.audio import Audio, AudioError, assess, read_wav

Recording = Path | str | bytes | Audio


@dataclass(frozen=True)
class AudioLimits:
    """The enrolment gate's thresholds (from settings.voice)."""

    min_speech_seconds: float = 1.0
    min_dbfs: float = -45.0

    @classmethod
    def from_settings(cls, settings) -> AudioLimits:
        return cls(settings.voice.min_speech_seconds, settings.voice.min_level_dbfs)


@dataclass(frozen=True)
class UtteranceVerdict(Verdict):
    """The audio gate's answer for one recording."""

    speech_seconds: float = 0.0


def load_recording(recording: Recording) -> Audio:
    """Return 16 kHz mono audio from a WAV path, WAV bytes or Audio."""
    return recording if isinstance(recording, Audio) else read_wav(recording)


def embed_recording(
    engine: SpeakerEngine, recording: Recording, limits: AudioLimits = AudioLimits()
) -> tuple[str, str, float, np.ndarray | None]:
    """Load, gate and embed one recording: (code, reason, speech seconds, vector or None)."""
    try:
        audio = load_recording(recording)
    except AudioError as exc:
        return exc.code, str(exc), 0.0, None
    verdict = assess(audio, limits.min_speech_seconds, limits.min_dbfs)
    if not verdict.ok:
        return verdict.code, verdict.reason, verdict.speech_seconds, None
    try:
        vector = engine.embed(audio)
    except SpeakerEngineError as exc:
        return "no_speech", str(exc), verdict.speech_seconds, None
    return "ok", verdict.reason, verdict.speech_seconds, vector


def enrol_voice(
    session: Session,
    engine: SpeakerEngine,
    cipher: TemplateCipher,
    customer_id: int,
    recordings: Sequence[Recording | tuple[str, Recording]],
    *,
    min_utterances: int = 3,
    limits: AudioLimits = AudioLimits(),
    replace: bool = False,
    actor: Actor = SYSTEM,
) -> EnrolmentResult:
    """Store one encrypted voiceprint per accepted utterance, all or nothing, behind consent."""
    # Checked before any audio is decoded: no consent, no biometric processing.
    consent = require_consent(session, customer_id, Modality.VOICE)
    named = named_inputs(recordings, "utterance")
    results = [(name, *embed_recording(engine, rec, limits)) for name, rec in named]
    verdicts = [UtteranceVerdict(n, code, reason, secs) for n, code, reason, secs, _ in results]
    accepted = [(secs, v) for _, code, _, secs, v in results if code == "ok" and v is not None]
    require_enough(accepted, min_utterances, "utterance", verdicts)
    ids = store_templates(
        session, cipher, consent, engine.model_version, accepted,
        replace=replace, actor=actor, inputs=("utterances", len(verdicts)),
    )
    return EnrolmentResult(customer_id, ids, verdicts)


def _opened_voiceprints(session: Session, cipher: TemplateCipher, query, refused: list[int]):
    """Yield (customer id, seconds of speech, vector) for rows whose MAC holds."""
    # `quality` (seconds of speech) is outside the MAC; a forged value could only
    # reweight the customer's own sealed voiceprints within their template.
    for row, vector in open_templates(session, cipher, session.scalars(query), refused):
        yield row.customer_id, row.quality, vector


def _voice_rows(model_version: str):
    return consenting_templates(Modality.VOICE).where(
        BiometricTemplate.model_version == model_version
    )


def load_voiceprint(
    session: Session, cipher: TemplateCipher, customer_id: int, model_version: str
) -> np.ndarray | None:
    """Return the consenting customer's template (see mean_voiceprint), or None if none."""
    refused: list[int] = []
    query = _voice_rows(model_version).where(BiometricTemplate.customer_id == customer_id)
    opened = [(s, v) for _, s, v in _opened_voiceprints(session, cipher, query, refused)]
    if not opened:
        return None
    return mean_voiceprint(np.stack([v for _, v in opened]), [s for s, _ in opened])


@dataclass
class VoiceGalleryLoad:
    """Consenting customers' templates (see mean_voiceprint), and rows refused by MAC."""

    gallery: GalleryIndex
    customers: int = 0
    templates: int = 0
    refused: list[int] = field(default_factory=list)


def load_voice_gallery(
    session: Session, cipher: TemplateCipher, model_version: str, dimension: int
) -> VoiceGalleryLoad:
    """Load every consenting customer's voiceprint for open-set identification."""
    load = VoiceGalleryLoad(GalleryIndex(dimension))
    by_customer: dict[int, list[tuple[float, np.ndarray]]] = {}
    for customer_id, seconds, vector in _opened_voiceprints(
        session, cipher, _voice_rows(model_version), load.refused
    ):
        by_customer.setdefault(customer_id, []).append((seconds, vector))
    for customer_id, opened in by_customer.items():
        template = mean_voiceprint(np.stack([v for _, v in opened]), [s for s, _ in opened])
        load.gallery.add(customer_id, template)
        load.templates += len(opened)
    load.customers = len(by_customer)
    return load


@dataclass(frozen=True)
class SpeakerCheck:
    """Whether a recording's voice is the claimed customer's; `reason` when it is not."""

    matched: bool
    reason: str
    distance: float | None = None


def verify_speaker(
    session: Session,
    engine: SpeakerEngine,
    cipher: TemplateCipher,
    customer_id: int,
    audio: Audio,
    threshold: float,
) -> SpeakerCheck:
    """Compare a recording with the claimed customer's voiceprint at `threshold`."""
    template = load_voiceprint(session, cipher, customer_id, engine.model_version)
    if template is None:
        return SpeakerCheck(False, "not_enrolled")
    try:
        probe = engine.embed(audio)
    except SpeakerEngineError as exc:
        return SpeakerCheck(False, f"no_speech: {exc}")
    distance = voice_distance(probe, template)
    if distance > threshold:
        return SpeakerCheck(False, "voice_mismatch", distance)
    return SpeakerCheck(True, "ok", distance)
