"""The real engine on a few shared photos: enrol, load, identify, refuse strangers."""

import pytest

from shared.biometrics.cipher import TemplateCipher
from shared.biometrics.consent import give_consent
from shared.biometrics.face.enrolment import enrol_face, load_gallery
from shared.biometrics.matching import Match, decide
from shared.biometrics.templates import EnrolmentError
from shared.models.enums import ConsentChannel, Modality
from tests.factories import make_branch, make_customer

pytestmark = [pytest.mark.models, pytest.mark.data]
PEOPLE = ["lfw_Abdullah_Gul", "lfw_Ai_Sugiyama", "lfw_Al_Sharpton", "lfw_Albert_Costa",
          "lfw_Alejandro_Toledo", "lfw_Alvaro_Uribe"]
# Conservative for six customers; the configured threshold comes from `faces calibrate`.
THRESHOLD = 0.4


@pytest.fixture(scope="module")
def engine():
    from shared.biometrics.face.dlib_engine import DlibFaceEngine

    return DlibFaceEngine()


def test_enrol_and_identify_real_faces(db_session, settings, engine, shared_data_dir):
    from shared.biometrics.face.images import load_image
    from shared.biometrics.face.quality import detect_faces

    faces = shared_data_dir / "faces"
    people = [p for p in PEOPLE if (faces / p).is_dir()]
    assert len(people) == len(PEOPLE)
    cipher = TemplateCipher.from_settings(settings)
    branch = make_branch(db_session)
    ids = {}
    for name in people:
        customer = make_customer(db_session, branch)
        give_consent(db_session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
        photos = sorted((faces / name).glob("*.jpg"))[:2]
        result = enrol_face(db_session, engine, cipher, customer.id, photos, jitters=3)
        assert result.stored == 2, result.verdicts
        ids[name] = customer.id
    gallery = load_gallery(db_session, cipher, engine.model_version).gallery

    def identify(path):
        rgb = load_image(path)
        boxes = detect_faces(engine, rgb)
        vector = engine.encode(rgb, boxes[:1])[0]
        return decide(gallery.search(vector), THRESHOLD)

    for name in people:
        probe = sorted((faces / name).glob("*.jpg"))[2]
        decision = identify(probe)
        assert isinstance(decision, Match) and decision.customer_id == ids[name], probe
    strangers = sorted((faces / "_strangers").glob("*.jpg"))[:8]
    assert not any(isinstance(identify(p), Match) for p in strangers)


def test_real_refusals_say_why(db_session, settings, engine, shared_data_dir):
    faces = shared_data_dir / "faces"
    customer = make_customer(db_session, make_branch(db_session))
    give_consent(db_session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
    photos = [faces / "_group" / "two_people.jpg", faces / "_undetected" / "Andy_Roddick_0005.jpg"]
    with pytest.raises(EnrolmentError) as err:
        enrol_face(db_session, engine, TemplateCipher.from_settings(settings), customer.id,
                   photos)
    assert [v.code for v in err.value.verdicts] == ["several_faces", "no_face"]
