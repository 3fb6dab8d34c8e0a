"""The spoken challenge: neither a recording of an earlier answer nor a splice can pass.

The kiosk shows a fresh phrase for a claimed customer: random words from a fixed list and
random digits where its recogniser has a word grammar (English), random digits elsewhere
(shared/biometrics/voice/phrase.py). The answer passes only if it sounds like one take (no
seams of a splice: shared/speech/continuity.py), the transcript reads exactly the phrase,
the voice matches the customer's voiceprint, and it arrives before the challenge expires.
Each challenge is answered once: a second answer (or a replay) finds it used.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from shared.audit import SYSTEM, Actor, record
from shared.biometrics.cipher import TemplateCipher
from shared.biometrics.voice.enrolment import AudioLimits, verify_speaker
from shared.biometrics.voice.phrase import (
    Phrase,
    challenge_words,
    heard_phrase,
    phrase_grammar,
    randbelow,
    random_phrase,
)
from shared.biometrics.voice.speaker import SpeakerEngine
from shared.db.base import utcnow
from shared.models import Customer, VoiceChallenge
from shared.speech.audio import Audio, assess
from shared.speech.commands import EN_DIGITS
from shared.speech.continuity import ContinuityVerdict, judge_continuity
from shared.speech.stt import Grammar, SpeechError, SpeechToText, digits_grammar, transcribe


class ChallengeError(ValueError):
    """A challenge cannot be issued (unknown customer, bad length)."""


@dataclass(frozen=True)
class Challenge:
    """What the kiosk shows: the phrase (its digits apart) and until when it may be answered."""

    id: int
    customer_id: int
    digits: str
    expires_at: datetime
    phrase: str = ""


@dataclass(frozen=True)
class ChallengeResult:
    """The verdict; `reason` is "ok" or why it failed, for the kiosk's message and audit."""

    passed: bool
    reason: str
    transcript: str = ""
    distance: float | None = None
    continuity: ContinuityVerdict | None = None


@dataclass(frozen=True)
class VoiceCheckers:
    """The engines and settings a verification needs (built once per kiosk)."""

    stt: SpeechToText
    speaker: SpeakerEngine
    cipher: TemplateCipher
    threshold: float
    limits: AudioLimits = AudioLimits(min_speech_seconds=0.5)


def challenge_grammar(language: str, length: int) -> Grammar:
    """Return a grammar of exactly `length` digits (English JSGF; Vosk gets the digit words).

    The kiosk knows how many digits it showed: a fixed length stops the recogniser
    padding the answer with digits heard in breath. Measured with PocketSphinx on 40
    random 4-digit strings from espeak-ng through the simulated microphone: en-us 38/40
    right against 19/40 with "one or more digits", en-gb 33/40 against 27/40 (synthetic
    speech, not a benchmark). A replay still fails: it reads out the earlier digits.
    """
    base = digits_grammar(language)
    if not base.jsgf:
        return base
    words = " | ".join(EN_DIGITS)
    jsgf = (f"#JSGF V1.0;\ngrammar digits;\n<d> = {words};\n"
            f"public <digits> = {' '.join(['<d>'] * length)};\n")
    return Grammar(base.name, base.language, base.phrases, jsgf)


def random_digits(length: int) -> str:
    """Return `length` digits from the system's secure random source."""
    return "".join(str(secrets.randbelow(10)) for _ in range(length))


def issue_challenge(
    session: Session,
    customer_id: int,
    *,
    digits: int = 4,
    words: int = 0,
    language: str = "en",
    seconds: int = 30,
    device_id: int | None = None,
    now: datetime | None = None,
    rand: Callable[[int], int] = randbelow,
) -> Challenge:
    """Create a single-use challenge of a fresh random phrase for the claimed customer.

    `words` list words join the digits where `language` has a word list (else none);
    `rand(n)` draws below n (the secure source unless a test passes a seeded one).
    """
    if session.get(Customer, customer_id) is None:
        raise ChallengeError(f"no customer with id {customer_id}")
    if not 3 <= digits <= 16:
        raise ChallengeError("a challenge has 3 to 16 digits")
    listed = challenge_words(language)
    if not 0 <= words <= min(4, len(listed) or 4):
        raise ChallengeError("a challenge has 0 to 4 words")
    phrase = random_phrase(listed, words if listed else 0, digits, rand)
    issued = now or utcnow()
    row = VoiceChallenge(
        customer_id=customer_id, device_id=device_id, digits=phrase.digits,
        phrase=phrase.text, issued_at=issued, expires_at=issued + timedelta(seconds=seconds),
    )
    session.add(row)
    session.flush()
    return Challenge(row.id, customer_id, row.digits, row.expires_at, row.phrase)


def _claim(session: Session, challenge_id: int, now: datetime) -> VoiceChallenge | None:
    """Mark the challenge answered; None if it is unknown or was already answered."""
    claimed = session.execute(
        update(VoiceChallenge)
        .where(VoiceChallenge.id == challenge_id, VoiceChallenge.answered_at.is_(None))
        .values(answered_at=now, outcome="pending")
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        return None
    row = session.get(VoiceChallenge, challenge_id)
    session.refresh(row)
    return row


def verify_challenge(
    session: Session,
    challenge_id: int,
    audio: Audio,
    checkers: VoiceCheckers,
    *,
    now: datetime | None = None,
    actor: Actor = SYSTEM,
) -> ChallengeResult:
    """Check one spoken answer; the challenge is used up whatever the verdict."""
    now = now or utcnow()
    row = _claim(session, challenge_id, now)
    if row is None:
        return ChallengeResult(False, "unknown_or_used")
    result = _judge(session, row, audio, checkers, now)
    row.outcome = result.reason[:32]
    session.flush()
    detail = {"challenge_id": row.id, "passed": result.passed, "reason": result.reason,
              "distance": None if result.distance is None else round(result.distance, 4)}
    if result.continuity is not None:  # the seam found, and the measures behind it
        c = result.continuity
        detail["continuity"] = {"sign": c.reason, "dead_air_s": c.dead_air_seconds,
                                "seam_db": c.seam_db}
    record(
        session, actor, "voice.challenge", subject_type="customer", subject_id=row.customer_id,
        detail=detail,
    )
    return result


def _phrase(row: VoiceChallenge) -> Phrase:
    """The phrase a challenge asked for (rows from before phrases held digits only)."""
    return Phrase.parse(row.phrase) if row.phrase else Phrase(tuple(row.digits))


def _judge(
    session: Session, row: VoiceChallenge, audio: Audio, checkers: VoiceCheckers, now: datetime
) -> ChallengeResult:
    if now > row.expires_at:
        return ChallengeResult(False, "expired")
    verdict = assess(audio, checkers.limits.min_speech_seconds, checkers.limits.min_dbfs)
    if not verdict.ok:
        return ChallengeResult(False, verdict.code)
    # Before the words: a splice of the right words is refused as a splice.
    continuity = judge_continuity(audio)
    if not continuity.continuous:
        return ChallengeResult(False, "spliced", continuity=continuity)
    phrase, language = _phrase(row), checkers.stt.language
    try:
        grammar = (phrase_grammar(language, phrase) if phrase.has_words
                   else challenge_grammar(language, len(phrase.tokens)))
        text = transcribe(checkers.stt, audio, grammar)
    except SpeechError as exc:
        return ChallengeResult(False, exc.code)
    if heard_phrase(text, language) != phrase:
        return ChallengeResult(False, "wrong_phrase" if phrase.has_words else "wrong_digits", text)
    check = verify_speaker(
        session, checkers.speaker, checkers.cipher, row.customer_id, audio, checkers.threshold
    )
    return ChallengeResult(check.matched, check.reason, text, check.distance)
