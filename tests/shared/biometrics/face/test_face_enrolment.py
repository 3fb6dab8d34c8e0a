"""Enrolment behind consent and quality, galleries from verified rows, erasure everywhere."""

import numpy as np
import pytest
from sqlalchemy import func, select

from shared.audit import Actor
from shared.biometrics.cipher import TemplateCipher
from shared.biometrics.consent import give_consent, withdraw_consent
from shared.biometrics.face.enrolment import (
    enrol_face,
    gallery_listener,
    load_gallery,
)
from shared.biometrics.face.fake_engine import FakeFaceEngine, draw_faces
from shared.biometrics.templates import EnrolmentError
from shared.events.bus import InProcessBus
from shared.models import AuditEntry, BiometricTemplate
from shared.models.enums import ActorType, ConsentChannel, Modality
from tests.factories import make_branch, make_customer


@pytest.fixture
def engine():
    return FakeFaceEngine()


def photos(identity: int, n: int = 2):
    return [draw_faces([identity], variant=v + 1) for v in range(n)]


def templates(session, customer_id=None) -> int:
    query = select(func.count()).select_from(BiometricTemplate)
    if customer_id is not None:
        query = query.where(BiometricTemplate.customer_id == customer_id)
    return session.scalar(query)


def consenting_customer(session, branch=None):
    branch = branch or make_branch(session)
    customer = make_customer(session, branch)
    give_consent(session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
    return customer


def test_no_consent_no_template(db_session, engine, cipher):
    """Privacy: fails if a non-consenting customer's template were ever stored."""
    customer = make_customer(db_session, make_branch(db_session))
    with pytest.raises(EnrolmentError, match="no active face consent") as err:
        enrol_face(db_session, engine, cipher, customer.id, photos(1))
    assert err.value.code == "no_consent"
    assert templates(db_session) == 0


def test_voice_consent_does_not_allow_face(db_session, engine, cipher):
    customer = make_customer(db_session, make_branch(db_session))
    give_consent(db_session, customer.id, Modality.VOICE, "v1", ConsentChannel.TABLET)
    with pytest.raises(EnrolmentError):
        enrol_face(db_session, engine, cipher, customer.id, photos(1))
    assert templates(db_session) == 0


def test_enrolment_stores_sealed_templates_with_quality_and_model(db_session, engine, cipher):
    customer = consenting_customer(db_session)
    result = enrol_face(db_session, engine, cipher, customer.id,
                        [*photos(1), ("dark.png", draw_faces([1], brightness=0.1))])
    assert result.stored == 2
    assert [v.code for v in result.verdicts] == ["ok", "ok", "too_dark"]
    rows = db_session.scalars(select(BiometricTemplate)).all()
    assert {r.model_version for r in rows} == {"fake-v1"}
    assert all(r.quality > 0 and len(r.mac) == 32 for r in rows)
    plain = engine.encode(photos(1)[0], engine.detect(photos(1)[0]))[0]
    assert all(plain.tobytes() not in r.ciphertext for r in rows)
    last = db_session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq.desc())).first()
    assert last == "biometrics.enrolled"


def test_too_few_good_photos_stores_nothing(db_session, engine, cipher):
    customer = consenting_customer(db_session)
    with pytest.raises(EnrolmentError) as err:
        enrol_face(db_session, engine, cipher, customer.id,
                   [photos(1)[0], draw_faces([1, 2]), b"not an image"], min_photos=2)
    assert [v.code for v in err.value.verdicts] == ["ok", "several_faces", "not_an_image"]
    assert templates(db_session) == 0


def test_failure_midway_leaves_no_half_enrolment(db_session, engine, cipher, monkeypatch):
    customer = consenting_customer(db_session)
    calls = []

    def failing_seal(vector, *args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return TemplateCipher.seal(cipher, vector, *args)

    monkeypatch.setattr(cipher, "seal", failing_seal)
    with pytest.raises(RuntimeError):
        enrol_face(db_session, engine, cipher, customer.id, photos(1, 3))
    assert templates(db_session) == 0


def test_gallery_loads_consenting_customers_and_finds_them(db_session, engine, cipher):
    branch = make_branch(db_session)
    alice, bob = consenting_customer(db_session, branch), consenting_customer(db_session, branch)
    enrol_face(db_session, engine, cipher, alice.id, photos(1))
    enrol_face(db_session, engine, cipher, bob.id, photos(2))
    load = load_gallery(db_session, cipher, engine.model_version, branch_id=branch.id)
    assert (load.customers, load.templates, load.refused) == (2, 4, [])
    probe = draw_faces([1], variant=9)
    best = load.gallery.search(engine.encode(probe, engine.detect(probe))[0])[0]
    assert best.customer_id == alice.id and best.distance < 0.3
    other_branch = load_gallery(db_session, cipher, engine.model_version,
                                branch_id=make_branch(db_session).id)
    assert len(other_branch.gallery) == 0
    assert load_gallery(db_session, cipher, "another-model").other_model == 4


def test_tampered_rows_are_refused_skipped_and_audited(db_session, engine, cipher):
    branch = make_branch(db_session)
    alice, bob = consenting_customer(db_session, branch), consenting_customer(db_session, branch)
    enrol_face(db_session, engine, cipher, alice.id, photos(1))
    enrol_face(db_session, engine, cipher, bob.id, photos(2))
    # An attacker moves one of bob's rows to alice to be recognised as her.
    row = db_session.scalars(select(BiometricTemplate).where(
        BiometricTemplate.customer_id == bob.id)).first()
    row.customer_id = alice.id
    db_session.flush()
    load = load_gallery(db_session, cipher, engine.model_version)
    assert load.refused == [row.id]
    assert load.templates == 3
    entry = db_session.scalars(select(AuditEntry).where(
        AuditEntry.action == "biometrics.template_refused")).one()
    assert entry.subject_id == row.id


def test_withdrawn_consent_is_not_loaded(db_session, engine, cipher):
    customer = consenting_customer(db_session)
    enrol_face(db_session, engine, cipher, customer.id, photos(1))
    withdraw_consent(db_session, customer.id, Modality.FACE, Actor(ActorType.SYSTEM))
    assert templates(db_session, customer.id) == 0
    assert len(load_gallery(db_session, cipher, engine.model_version).gallery) == 0


def test_withdrawal_erases_from_database_and_live_gallery(database, engine, cipher):
    """Privacy: fails if a withdrawal left a template in the database or a loaded gallery."""
    bus = InProcessBus()
    with database.session() as session:
        branch = make_branch(session)
        keep = consenting_customer(session, branch)
        leave = consenting_customer(session, branch)
        enrol_face(session, engine, cipher, keep.id, photos(1))
        enrol_face(session, engine, cipher, leave.id, photos(2))
        ids = (keep.id, leave.id)
    with database.session() as session:
        gallery = load_gallery(session, cipher, engine.model_version).gallery
    bus.subscribe(gallery_listener(gallery))
    assert gallery.customers == set(ids)

    with database.session() as session:
        withdraw_consent(session, ids[1], Modality.FACE, Actor(ActorType.SYSTEM), bus=bus)
        assert ids[1] in gallery  # the live gallery changes only once the erasure commits
    assert gallery.customers == {ids[0]}
    probe = draw_faces([2], variant=5)
    found = gallery.search(engine.encode(probe, engine.detect(probe))[0])
    assert all(c.customer_id != ids[1] for c in found)
    with database.session() as session:
        assert templates(session, ids[1]) == 0
        assert templates(session, ids[0]) == 2


def test_listener_ignores_other_modalities(engine):
    from shared.biometrics.gallery import GalleryIndex
    from shared.events.payloads import ConsentWithdrawn, Event

    gallery = GalleryIndex()
    gallery.add(5, np.ones(128))
    listener = gallery_listener(gallery)
    listener(Event(1, ConsentWithdrawn(5, "voice")))
    assert 5 in gallery
    listener(Event(1, ConsentWithdrawn(5, "face")))
    assert 5 not in gallery


def test_a_new_enrolment_reaches_a_running_gallery_after_commit(
    database, db_session, engine, cipher
):
    branch = make_branch(db_session)
    first = consenting_customer(db_session, branch)
    enrol_face(db_session, engine, cipher, first.id, photos(1))
    gallery = load_gallery(db_session, cipher, engine.model_version, branch.id).gallery
    bus = InProcessBus()

    def reload_customer(customer_id):
        # A unit of work of its own, as the door camera's reload does.
        with database.session() as session:
            return load_gallery(session, cipher, engine.model_version, branch.id,
                                customer_id=customer_id)

    bus.subscribe(gallery_listener(gallery, reload_customer))
    newcomer = consenting_customer(db_session, branch)
    enrol_face(db_session, engine, cipher, newcomer.id, photos(2), bus=bus)
    assert newcomer.id not in gallery  # nothing before commit
    db_session.commit()
    assert gallery.customers == {first.id, newcomer.id}
    probe = engine.encode(photos(2)[1], engine.detect(photos(2)[1]))[0]
    assert gallery.search(probe)[0].customer_id == newcomer.id
    # A re-enrolment replaces the customer's rows rather than adding to them.
    rows = len(gallery)
    enrol_face(db_session, engine, cipher, newcomer.id, photos(2), bus=bus, replace=True)
    db_session.commit()
    assert len(gallery) == rows


def test_the_live_gallery_knows_how_many_vectors_are_behind_each_template(
    database, db_session, engine, cipher
):
    branch = make_branch(db_session)
    one, three = consenting_customer(db_session, branch), consenting_customer(db_session, branch)
    enrol_face(db_session, engine, cipher, one.id, photos(1, 1))
    enrol_face(db_session, engine, cipher, three.id, photos(2, 3))
    gallery = load_gallery(db_session, cipher, engine.model_version, branch.id).gallery
    assert gallery.composition() == {1: 1, 3: 1}
    assert load_gallery(db_session, cipher, engine.model_version, branch.id,
                        scoring="min").gallery.composition() == {1: 4}
    bus = InProcessBus()

    def reload_customer(customer_id):
        with database.session() as session:
            return load_gallery(session, cipher, engine.model_version, branch.id,
                                customer_id=customer_id)

    bus.subscribe(gallery_listener(gallery, reload_customer))
    enrol_face(db_session, engine, cipher, one.id, photos(3, 4), bus=bus, replace=True)
    db_session.commit()
    assert gallery.composition() == {3: 1, 4: 1}
    assert gallery.vectors_per_row_of(one.id).tolist() == [4]
    withdraw_consent(db_session, three.id, Modality.FACE, Actor(ActorType.SYSTEM), bus=bus)
    db_session.commit()
    assert gallery.composition() == {4: 1}


def test_the_same_photo_twice_is_refused_as_a_near_duplicate(db_session, engine, cipher):
    customer = consenting_customer(db_session)
    first, second = photos(3)
    result = enrol_face(db_session, engine, cipher, customer.id,
                        [("a.png", first), ("b.png", second), ("a-again.png", first.copy())])
    assert [v.code for v in result.verdicts] == ["ok", "ok", "near_duplicate"]
    assert "a.png" in result.verdicts[2].reason
    assert templates(db_session, customer.id) == 2
