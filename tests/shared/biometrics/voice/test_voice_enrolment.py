"""Voice enrolment: consent first, the audio gate, sealed templates, erasure on withdrawal."""

import numpy as np
import pytest
from sqlalchemy import func, select

from shared.audit import Actor
from shared.biometrics.consent import give_consent, withdraw_consent
from shared.biometrics.templates import EnrolmentError
from shared.biometrics.voice.enrolment import (
    AudioLimits,
    enrol_voice,
    load_voice_gallery,
    load_voiceprint,
    verify_speaker,
)
from shared.biometrics.voice.speaker import FakeSpeakerEngine
from shared.models import AuditEntry, BiometricTemplate
from shared.models.enums import ActorType, ConsentChannel, Modality
from shared.speech.audio import Audio
from tests.factories import make_branch, make_customer
from tests.voice_fakes import synth_voice

LIMITS = AudioLimits(min_speech_seconds=0.5)


@pytest.fixture
def engine():
    return FakeSpeakerEngine()


def utterances(f0: float, n: int = 3):
    return [synth_voice(f0, seed=i) for i in range(n)]


def voice_templates(session) -> int:
    return session.scalar(select(func.count()).select_from(BiometricTemplate).where(
        BiometricTemplate.modality == Modality.VOICE))


def consenting(session, modality=Modality.VOICE):
    customer = make_customer(session, make_branch(session))
    give_consent(session, customer.id, modality, "v1", ConsentChannel.KIOSK)
    return customer


def test_no_voice_consent_no_template(db_session, engine, cipher):
    customer = consenting(db_session, Modality.FACE)  # face consent does not cover voice
    with pytest.raises(EnrolmentError, match="no active voice consent") as err:
        enrol_voice(db_session, engine, cipher, customer.id, utterances(140), limits=LIMITS)
    assert err.value.code == "no_consent"
    assert voice_templates(db_session) == 0


def test_gate_refuses_and_nothing_is_stored(db_session, engine, cipher):
    customer = consenting(db_session)
    bad = [synth_voice(140), Audio(np.zeros(32000, np.float32)),
           Audio(np.clip(synth_voice(140).samples * 40, -1, 1))]
    with pytest.raises(EnrolmentError, match="need 3") as err:
        enrol_voice(db_session, engine, cipher, customer.id, bad, limits=LIMITS)
    assert [v.code for v in err.value.verdicts] == ["ok", "too_quiet", "clipped"]
    assert voice_templates(db_session) == 0


def test_enrol_seal_match_and_withdraw(db_session, engine, cipher):
    customer = consenting(db_session)
    other = consenting(db_session)
    result = enrol_voice(db_session, engine, cipher, customer.id, utterances(140), limits=LIMITS)
    enrol_voice(db_session, engine, cipher, other.id, utterances(260), limits=LIMITS)
    assert result.stored == 3
    row = db_session.get(BiometricTemplate, result.template_ids[0])
    assert row.modality == Modality.VOICE and len(row.mac) == 32
    assert np.frombuffer(row.ciphertext[:16], np.uint8).any()  # sealed, not raw floats

    same = verify_speaker(db_session, engine, cipher, customer.id, synth_voice(140, seed=9), 0.3)
    wrong = verify_speaker(db_session, engine, cipher, customer.id, synth_voice(260, seed=9), 0.3)
    assert same.matched and not wrong.matched and wrong.reason == "voice_mismatch"
    assert load_voice_gallery(db_session, cipher, engine.model_version, 32).customers == 2

    withdraw_consent(db_session, customer.id, Modality.VOICE, Actor(ActorType.SYSTEM, None))
    assert load_voiceprint(db_session, cipher, customer.id, engine.model_version) is None
    gone = verify_speaker(db_session, engine, cipher, customer.id, synth_voice(140), 0.3)
    assert gone.reason == "not_enrolled"


def test_a_swapped_template_is_refused_and_audited(db_session, engine, cipher):
    a, b = consenting(db_session), consenting(db_session)
    enrol_voice(db_session, engine, cipher, a.id, utterances(140), limits=LIMITS)
    enrol_voice(db_session, engine, cipher, b.id, utterances(260), limits=LIMITS)
    row = db_session.scalars(select(BiometricTemplate).where(
        BiometricTemplate.customer_id == b.id)).first()
    row.customer_id = a.id  # move b's voice under a's name
    db_session.flush()
    load = load_voice_gallery(db_session, cipher, engine.model_version, 32)
    assert load.refused == [row.id]
    assert db_session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "biometrics.template_refused")) == 1


def test_template_weights_each_utterance_by_its_seconds_of_speech(db_session, engine, cipher):
    customer = consenting(db_session)
    # Two short takes at one pitch and one long take at another: the long one dominates.
    takes = [synth_voice(140, seconds=1.0, seed=1), synth_voice(140, seconds=1.0, seed=2),
             synth_voice(260, seconds=6.0, seed=3)]
    enrol_voice(db_session, engine, cipher, customer.id, takes, limits=LIMITS)
    rows = db_session.scalars(select(BiometricTemplate).where(
        BiometricTemplate.customer_id == customer.id).order_by(BiometricTemplate.id)).all()
    assert rows[2].quality > 3 * rows[0].quality  # seconds of speech, kept with each row
    low = verify_speaker(db_session, engine, cipher, customer.id, synth_voice(140, seed=9), 2.0)
    high = verify_speaker(db_session, engine, cipher, customer.id, synth_voice(260, seed=9), 2.0)
    assert high.distance < low.distance
    template = load_voiceprint(db_session, cipher, customer.id, engine.model_version)
    gallery = load_voice_gallery(db_session, cipher, engine.model_version, 32).gallery
    assert np.allclose(gallery.rows_of(customer.id)[0], template)  # identification: same
