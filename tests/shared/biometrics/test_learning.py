"""Templates that learn: held only with consent, learned on a greeting, bounded, undoable."""

from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import select

from shared.audit import SYSTEM
from shared.biometrics.consent import give_consent, withdraw_consent
from shared.biometrics.face.enrolment import load_gallery
from shared.biometrics.learning import (
    hold_candidate,
    learn_from_visit,
    learned_templates,
    purge_candidates,
    unlearn_visit,
)
from shared.biometrics.templates import store_templates
from shared.db.base import utcnow
from shared.events import EventKind, InProcessBus
from shared.floor.arrivals import mark_greeted
from shared.models import AuditEntry, BiometricTemplate, TemplateCandidate, Visit
from shared.models.enums import ConsentChannel, Modality, Role, VisitSource
from shared.settings import TemplateLearningSettings
from tests.factories import make_branch, make_customer, make_staff

MODEL = "dlib_face_recognition_resnet_model_v1"
CFG = TemplateLearningSettings(enabled=True, max_learned=2)


def _unit(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=128).astype(np.float32)
    return v / np.linalg.norm(v)


@pytest.fixture
def scene(db_session, cipher):
    branch = make_branch(db_session)
    rm = make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER)
    customer = make_customer(db_session, branch)
    consent = give_consent(db_session, customer.id, Modality.FACE, "face-v1",
                           ConsentChannel.TABLET)
    store_templates(db_session, cipher, consent, MODEL, [(0.9, _unit(1)), (0.8, _unit(2))],
                    replace=False, actor=SYSTEM, inputs=("photos", 2))
    return branch, rm, customer


def _visit(session, branch, customer, minutes=0):
    visit = Visit(branch_id=branch.id, customer_id=customer.id, source=VisitSource.DOOR_CAMERA,
                  arrived_at=utcnow() + timedelta(minutes=minutes))
    session.add(visit)
    session.flush()
    return visit


def _hold(session, cipher, visit, customer, seed):
    return hold_candidate(session, cipher, visit.id, customer.id, _unit(seed), quality=0.7,
                          distance=0.2, model_version=MODEL, cfg=CFG)


def test_a_greeting_turns_the_held_frame_into_a_template_the_gallery_loads(db_session, cipher,
                                                                         scene):
    branch, rm, customer = scene
    visit = _visit(db_session, branch, customer)
    assert _hold(db_session, cipher, visit, customer, 3) is not None
    assert _hold(db_session, cipher, visit, customer, 4) is None  # one frame per visit
    bus = InProcessBus()
    heard = []
    bus.subscribe(heard.append)
    mark_greeted(db_session, bus, visit.id, rm.id, learning=CFG)
    db_session.commit()
    (learned,) = learned_templates(db_session, customer.id)
    assert learned.visit_id == visit.id
    assert db_session.scalars(select(TemplateCandidate)).all() == []
    assert EventKind.TEMPLATES_ENROLLED in [e.kind for e in heard]
    loaded = load_gallery(db_session, cipher, MODEL, branch.id, scoring="min")
    rows = loaded.gallery.rows_of(customer.id)
    assert loaded.templates == 3 and np.isclose(rows, _unit(3), atol=1e-5).all(axis=1).any()
    # Scored as the product scores, the learned frame joins the mean: three vectors behind it.
    mean = load_gallery(db_session, cipher, MODEL, branch.id).gallery
    assert mean.vectors_per_row_of(customer.id).tolist() == [3]
    actions = db_session.scalars(select(AuditEntry.action)).all()
    assert "biometrics.template_learned" in actions


def test_learned_templates_are_bounded_and_enrolment_photos_never_dropped(db_session, cipher,
                                                                          scene):
    branch, rm, customer = scene
    for n in range(4):
        visit = _visit(db_session, branch, customer, minutes=n)
        _hold(db_session, cipher, visit, customer, 10 + n)
        learn_from_visit(db_session, visit.id, SYSTEM, CFG, now=utcnow() + timedelta(minutes=n))
    learned = learned_templates(db_session, customer.id)
    assert len(learned) == CFG.max_learned
    total = db_session.scalars(select(BiometricTemplate).where(
        BiometricTemplate.customer_id == customer.id)).all()
    assert len(total) == 2 + CFG.max_learned  # both enrolment photos kept


def test_no_consent_no_frame_and_withdrawal_erases_held_and_learned(db_session, cipher, scene):
    branch, rm, customer = scene
    stranger = make_customer(db_session, branch)
    visit = _visit(db_session, branch, stranger)
    assert _hold(db_session, cipher, visit, stranger, 5) is None
    first, second = _visit(db_session, branch, customer), _visit(db_session, branch, customer, 1)
    _hold(db_session, cipher, first, customer, 6)
    learn_from_visit(db_session, first.id, SYSTEM, CFG)
    _hold(db_session, cipher, second, customer, 7)
    withdrawal = withdraw_consent(db_session, customer.id, Modality.FACE, SYSTEM)
    assert withdrawal.templates_deleted == 2 + 1 + 1  # enrolment, learned, held
    assert db_session.scalars(select(TemplateCandidate)).all() == []
    assert learned_templates(db_session, customer.id) == []


def test_a_wrong_confirmation_is_undone_and_audited(db_session, cipher, scene):
    branch, rm, customer = scene
    visit = _visit(db_session, branch, customer)
    _hold(db_session, cipher, visit, customer, 8)
    learn_from_visit(db_session, visit.id, SYSTEM, CFG)
    assert unlearn_visit(db_session, customer.id, visit.id, SYSTEM, "not this customer") == 1
    assert learned_templates(db_session, customer.id) == []
    entry = db_session.scalars(select(AuditEntry).where(
        AuditEntry.action == "biometrics.template_unlearned")).one()
    assert entry.detail["visit_id"] == visit.id


def test_expired_frames_are_not_learned_and_are_purged(db_session, cipher, scene):
    branch, rm, customer = scene
    late, kept = _visit(db_session, branch, customer), _visit(db_session, branch, customer, 1)
    _hold(db_session, cipher, late, customer, 9)
    _hold(db_session, cipher, kept, customer, 10)
    later = utcnow() + timedelta(hours=CFG.candidate_hours + 1)
    assert learn_from_visit(db_session, late.id, SYSTEM, CFG, now=later) is None
    assert purge_candidates(db_session, now=later) == 1
    assert db_session.scalars(select(TemplateCandidate)).all() == []


def test_learning_switched_off_holds_nothing(db_session, cipher, scene):
    branch, rm, customer = scene
    visit = _visit(db_session, branch, customer)
    off = TemplateLearningSettings(enabled=False)
    assert hold_candidate(db_session, cipher, visit.id, customer.id, _unit(11), quality=0.5,
                          distance=0.1, model_version=MODEL, cfg=off) is None
