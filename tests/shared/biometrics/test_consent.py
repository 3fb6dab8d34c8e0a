"""Consent gates biometrics; withdrawal erases templates and is published only after commit."""

import numpy as np
from sqlalchemy import func, select

from shared.audit import Actor
from shared.biometrics.cipher import TemplateCipher
from shared.biometrics.consent import active_consent, give_consent, withdraw_consent
from shared.events.bus import InProcessBus
from shared.events.payloads import ConsentWithdrawn
from shared.models import AuditEntry, BiometricTemplate
from shared.models.enums import ActorType, ConsentChannel, Modality
from tests.factories import make_branch, make_customer, make_staff


def seed_templates(session, cipher, customer, consent, modality=Modality.FACE, n=2):
    for i in range(n):
        sealed = cipher.seal(np.full(128, i, np.float32), customer.id, modality, "m1")
        session.add(BiometricTemplate(
            customer_id=customer.id, consent_id=consent.id, modality=modality,
            model_version="m1", nonce=sealed.nonce, ciphertext=sealed.ciphertext,
            mac=sealed.mac,
        ))
    session.flush()


def count_templates(session, customer_id, modality=Modality.FACE):
    return session.scalar(select(func.count()).select_from(BiometricTemplate).where(
        BiometricTemplate.customer_id == customer_id, BiometricTemplate.modality == modality))


def test_give_consent_is_recorded_audited_and_idempotent(db_session):
    branch = make_branch(db_session)
    staff = make_staff(db_session, branch)
    customer = make_customer(db_session, branch)
    assert active_consent(db_session, customer.id, Modality.FACE) is None
    consent = give_consent(db_session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET,
                           witness_id=staff.id, branch_id=branch.id)
    assert consent.active and consent.witness_id == staff.id
    assert active_consent(db_session, customer.id, Modality.FACE).id == consent.id
    assert active_consent(db_session, customer.id, Modality.VOICE) is None
    again = give_consent(db_session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
    assert again.id == consent.id
    actions = db_session.scalars(select(AuditEntry.action)).all()
    assert actions.count("consent.given") == 1


def test_new_text_version_supersedes_and_keeps_templates(db_session, settings):
    cipher = TemplateCipher.from_settings(settings)
    branch = make_branch(db_session)
    customer = make_customer(db_session, branch)
    old = give_consent(db_session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
    seed_templates(db_session, cipher, customer, old)
    new = give_consent(db_session, customer.id, Modality.FACE, "v2", ConsentChannel.TABLET)
    assert not old.active and new.active
    assert count_templates(db_session, customer.id) == 2


def test_withdrawal_erases_only_that_modality_and_is_audited(db_session, settings):
    cipher = TemplateCipher.from_settings(settings)
    branch = make_branch(db_session)
    staff = make_staff(db_session, branch)
    customer = make_customer(db_session, branch)
    other = make_customer(db_session, branch)
    face = give_consent(db_session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
    voice = give_consent(db_session, customer.id, Modality.VOICE, "v1", ConsentChannel.TABLET)
    other_face = give_consent(db_session, other.id, Modality.FACE, "v1", ConsentChannel.TABLET)
    seed_templates(db_session, cipher, customer, face)
    seed_templates(db_session, cipher, customer, voice, Modality.VOICE)
    seed_templates(db_session, cipher, other, other_face)

    result = withdraw_consent(db_session, customer.id, Modality.FACE,
                              Actor(ActorType.STAFF, staff.id), branch_id=branch.id,
                              reason="customer asked")
    assert (result.consents_ended, result.templates_deleted) == (1, 2)
    assert count_templates(db_session, customer.id) == 0
    assert count_templates(db_session, customer.id, Modality.VOICE) == 2
    assert count_templates(db_session, other.id) == 2
    assert active_consent(db_session, customer.id, Modality.FACE) is None
    assert face.withdrawn_by_id == staff.id
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "consent.withdrawn")).one()
    assert entry.subject_id == customer.id and entry.detail["templates_deleted"] == 2
    assert result.event.payload == ConsentWithdrawn(customer.id, "face")


def test_withdrawal_event_is_published_after_commit_only(database):
    bus = InProcessBus()
    seen = []
    bus.subscribe(seen.append)
    with database.session() as session:
        branch = make_branch(session)
        customer = make_customer(session, branch)
        give_consent(session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
        customer_id = customer.id

    session = database.session_factory()
    withdraw_consent(session, customer_id, Modality.FACE, Actor(ActorType.SYSTEM), bus=bus)
    assert seen == []  # not before commit
    session.rollback()
    session.close()
    assert seen == []  # never after a rollback

    with database.session() as session:
        withdraw_consent(session, customer_id, Modality.FACE, Actor(ActorType.SYSTEM), bus=bus)
        assert seen == []
    assert [e.payload for e in seen] == [ConsentWithdrawn(customer_id, "face")]
