"""Voice enrolment at the tablet: the digits read out must be heard (one may be misheard)."""

import pytest
from sqlalchemy import func, select

from shared.biometrics.consent import give_consent
from shared.biometrics.templates import EnrolmentError
from shared.biometrics.voice.enrolment import AudioLimits
from shared.biometrics.voice.speaker import FakeSpeakerEngine
from shared.biometrics.voice.tablet_enrolment import enrol_voice_at_tablet
from shared.models import BiometricTemplate
from shared.models.enums import ConsentChannel, Modality
from tests.factories import make_branch, make_customer
from tests.voice_fakes import ScriptedSpeechToText, synth_voice

LIMITS = AudioLimits(min_speech_seconds=0.5)


def _enrol(session, cipher, heard: str, digits: str = "472916"):
    customer = make_customer(session, make_branch(session))
    give_consent(session, customer.id, Modality.VOICE, "v1", ConsentChannel.TABLET)
    sentences = [synth_voice(140, seed=i) for i in range(3)]
    return customer.id, enrol_voice_at_tablet(
        session, FakeSpeakerEngine(), ScriptedSpeechToText(heard), cipher, customer.id,
        sentences, digits, synth_voice(140, seed=9), limits=LIMITS)


def _stored(session, customer_id: int) -> int:
    return session.scalar(select(func.count(BiometricTemplate.id)).where(
        BiometricTemplate.customer_id == customer_id))


@pytest.mark.parametrize("heard", ["four seven two nine one six", "four two two nine one six"])
def test_the_digits_heard_or_one_misheard_enrol_all_four(db_session, cipher, heard):
    customer_id, result = _enrol(db_session, cipher, heard)
    assert result.stored == 4 and [v.source for v in result.verdicts][-1] == "digits"
    assert _stored(db_session, customer_id) == 4


@pytest.mark.parametrize("heard", ["hello there", "", "four two two nine one one",
                                   "four seven two nine one"])
def test_digits_not_heard_store_nothing(db_session, cipher, heard):
    with pytest.raises(EnrolmentError) as err:
        _enrol(db_session, cipher, heard)
    assert err.value.code == "digits_not_heard"
    assert db_session.scalar(select(func.count(BiometricTemplate.id))) == 0
