"""Templates of customers unseen for the retention period are purged, audited."""

from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import func, select

from shared.biometrics.cipher import TemplateCipher
from shared.biometrics.consent import give_consent
from shared.biometrics.retention import purge_stale_templates
from shared.models import AuditEntry, BiometricTemplate
from shared.models.enums import ConsentChannel, Modality
from tests.factories import make_branch, make_customer

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def enrolled(session, cipher, branch, last_seen=None, consented=NOW):
    customer = make_customer(session, branch, last_seen_at=last_seen)
    consent = give_consent(session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
    consent.given_at = consented
    sealed = cipher.seal(np.zeros(128, np.float32), customer.id, Modality.FACE, "m")
    session.add(BiometricTemplate(customer_id=customer.id, consent_id=consent.id,
                                  modality=Modality.FACE, model_version="m", nonce=sealed.nonce,
                                  ciphertext=sealed.ciphertext, mac=sealed.mac))
    session.flush()
    return customer


def remaining(session, customer):
    return session.scalar(select(func.count()).select_from(BiometricTemplate).where(
        BiometricTemplate.customer_id == customer.id))


def test_purges_only_customers_unseen_for_the_period(db_session, settings):
    cipher = TemplateCipher.from_settings(settings)
    branch = make_branch(db_session)
    year = timedelta(days=365)
    stale = enrolled(db_session, cipher, branch, last_seen=NOW - year - timedelta(days=1))
    recent = enrolled(db_session, cipher, branch, last_seen=NOW - timedelta(days=10),
                      consented=NOW - 3 * year)
    never_seen_old = enrolled(db_session, cipher, branch, consented=NOW - 2 * year)
    never_seen_new = enrolled(db_session, cipher, branch, consented=NOW - timedelta(days=5))

    dry = purge_stale_templates(db_session, 365, now=NOW, dry_run=True)
    assert (dry.customers, dry.templates) == (2, 2)
    assert remaining(db_session, stale) == 1

    result = purge_stale_templates(db_session, 365, now=NOW)
    assert set(result.customer_ids) == {stale.id, never_seen_old.id}
    assert remaining(db_session, stale) == remaining(db_session, never_seen_old) == 0
    assert remaining(db_session, recent) == remaining(db_session, never_seen_new) == 1
    audited = db_session.scalars(select(AuditEntry.subject_id).where(
        AuditEntry.action == "biometrics.purged")).all()
    assert set(audited) == {stale.id, never_seen_old.id}
    assert purge_stale_templates(db_session, 365, now=NOW).templates == 0
