"""Voice enrolment at the tablet: a few spoken sentences and one read-out digit string.

The kiosk's voice check asks for random digits (with two list words on English kiosks); a
template made of sentences alone matches a short answer of digits less well, so enrolment
takes one recording of the customer reading digits the tablet showed, checked by the
recogniser before anything is stored. Consent comes first, as for every biometric: without
it no recording is even decoded.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from shared.audit import SYSTEM, Actor
from shared.biometrics.cipher import TemplateCipher
from shared.biometrics.templates import EnrolmentError, EnrolmentResult, require_consent
from shared.biometrics.voice.challenge import challenge_grammar, random_digits
from shared.biometrics.voice.enrolment import (
    AudioLimits,
    Recording,
    UtteranceVerdict,
    enrol_voice,
    load_recording,
)
from shared.biometrics.voice.speaker import SpeakerEngine
from shared.i18n.text import Text
from shared.models.enums import Modality
from shared.speech.audio import AudioError
from shared.speech.commands import spoken_digits
from shared.speech.stt import SpeechError, SpeechToText, transcribe

DIGITS = 6  # longer than the kiosk's challenge, so every digit is likely heard


def _close_enough(heard: str | None, digits: str) -> bool:
    """The digits read out, one of them possibly misheard: this is no security check (the
    kiosk's challenge is), only that the template holds the customer reading digits."""
    if heard is None or len(heard) != len(digits):  # None: no digits heard at all
        return False
    return sum(a != b for a, b in zip(heard, digits, strict=True)) <= 1


def enrolment_digits() -> str:
    """Fresh digits for the customer to read out at enrolment."""
    return random_digits(DIGITS)


def enrol_voice_at_tablet(
    session: Session,
    engine: SpeakerEngine,
    stt: SpeechToText,
    cipher: TemplateCipher,
    customer_id: int,
    sentences: Sequence[Recording | tuple[str, Recording]],
    digits: str,
    digits_recording: Recording,
    *,
    min_utterances: int = 3,
    limits: AudioLimits | None = None,
    actor: Actor = SYSTEM,
) -> EnrolmentResult:
    """Store the voiceprints of the sentences and the digit string, all or nothing."""
    require_consent(session, customer_id, Modality.VOICE)  # before any audio is decoded
    if not digits.isdigit() or not 4 <= len(digits) <= 10:
        raise EnrolmentError("bad_digits", Text("the digits to read are 4 to 10 digits, not "
                                                "%(digits)s", digits=repr(digits)))
    try:
        audio = load_recording(digits_recording)
        heard = transcribe(stt, audio, challenge_grammar(stt.language, len(digits)))
    except (AudioError, SpeechError) as exc:
        raise EnrolmentError(exc.code, Text("the digit recording could not be heard: "
                                            "%(why)s", why=str(exc)),
                             [UtteranceVerdict("digits", exc.code, str(exc))]) from None
    if not _close_enough(spoken_digits(heard, stt.language), digits):
        why = Text("the recording says %(heard)s, not the digits %(digits)s: ask the customer "
                   "to read them again", heard=repr(heard), digits=digits)
        raise EnrolmentError("digits_not_heard", why,
                             [UtteranceVerdict("digits", "digits_not_heard", str(why))])
    return enrol_voice(session, engine, cipher, customer_id,
                       [*sentences, ("digits", audio)], min_utterances=min_utterances + 1,
                       limits=limits or AudioLimits(), replace=True, actor=actor)
