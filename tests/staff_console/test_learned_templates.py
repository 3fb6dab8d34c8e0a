"""The 360 lists what confirmed visits taught the gallery, and removes a wrong one."""

import numpy as np
from sqlalchemy import select

from shared.audit import SYSTEM
from shared.biometrics.cipher import TemplateCipher
from shared.biometrics.consent import give_consent
from shared.biometrics.learning import hold_candidate, learn_from_visit
from shared.models import AuditEntry, BiometricTemplate, Visit
from shared.models.enums import ConsentChannel, Modality, Role, VisitSource
from tests.factories import make_branch, make_customer, make_staff
from tests.web_helpers import csrf_token, sign_in


def test_a_learned_frame_is_listed_and_removed_from_the_360(app, db_session, settings):
    branch = make_branch(db_session)
    make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER, username="learn.rm")
    customer = make_customer(db_session, branch)
    give_consent(db_session, customer.id, Modality.FACE, "face-v1", ConsentChannel.TABLET)
    visit = Visit(branch_id=branch.id, customer_id=customer.id, source=VisitSource.DOOR_CAMERA)
    db_session.add(visit)
    db_session.flush()
    frame = np.ones(128, np.float32) / np.sqrt(128)
    learning = settings.biometrics.learning.model_copy(update={"enabled": True})
    hold_candidate(db_session, TemplateCipher.from_settings(settings), visit.id, customer.id,
                   frame, quality=0.7, distance=0.2, model_version="m", cfg=learning)
    learn_from_visit(db_session, visit.id, SYSTEM, learning)
    db_session.commit()
    client = app.test_client()
    sign_in(client, "learn.rm")
    page = client.get(f"/staff/customers/{customer.id}?reason=profile").text
    assert 'id="learned-templates"' in page
    removed = client.post(f"/staff/customers/{customer.id}/learned/{visit.id}/remove",
                          data={"csrf_token": csrf_token(page)})
    assert removed.status_code == 302
    db_session.expire_all()
    assert db_session.scalars(select(BiometricTemplate).where(
        BiometricTemplate.customer_id == customer.id)).all() == []
    assert db_session.scalars(select(AuditEntry).where(
        AuditEntry.action == "biometrics.template_unlearned")).one().actor_id is not None
    again = client.post(f"/staff/customers/{customer.id}/learned/{visit.id}/remove",
                        data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    assert "Nothing was learned from that visit." in again.text
