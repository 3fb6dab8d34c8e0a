"""Recording a kiosk session's end: once by its start, the card holder seen once a day."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from shared.analytics.kinds import FactKind as K
from shared.analytics.kinds import KioskOutcome
from shared.biometrics.consent import give_consent
from shared.floor.kiosk_sessions import record_kiosk_session
from shared.models.analytics import AnalyticsFact
from shared.models.enums import ConsentChannel, Modality
from tests.factories import make_branch, make_customer

T0 = datetime(2026, 6, 1, 22, 30, tzinfo=UTC)  # 23:30 in London: the local day matters


def _end(session, bus, branch, start, customer_id=None, outcome=KioskOutcome.COMPLETED,
         detail=""):
    return record_kiosk_session(session, bus, branch_id=branch.id, device_code="LDN-01-K1",
                                outcome=outcome, detail=detail, started_at=start,
                                ended_at=start + timedelta(seconds=95), customer_id=customer_id)


def _facts(session, kind):
    return session.execute(select(AnalyticsFact.key, AnalyticsFact.dim, AnalyticsFact.detail,
                                  AnalyticsFact.duration_ms)
                           .where(AnalyticsFact.kind == kind.value)
                           .order_by(AnalyticsFact.id)).all()


def test_one_fact_per_session_and_its_event_after_commit(db_session, bus):
    branch = make_branch(db_session, timezone="Europe/London")
    seen = []
    bus.subscribe(seen.append)
    assert _end(db_session, bus, branch, T0, outcome=KioskOutcome.FALLBACK, detail="over_limit")
    assert not _end(db_session, bus, branch, T0, outcome=KioskOutcome.FALLBACK,
                    detail="over_limit")  # the same session again: nothing new
    start_ms = int(T0.timestamp() * 1000)
    assert _facts(db_session, K.KIOSK_SESSION) == [
        (f"kiosk:LDN-01-K1:{start_ms}", "fallback", "over_limit", 95_000)]
    assert seen == []
    db_session.commit()
    assert [(e.payload.outcome, e.payload.reason, e.payload.seconds) for e in seen] == [
        ("fallback", "over_limit", 95.0)]


def test_a_card_holder_is_seen_once_a_local_day_with_their_face_consent(db_session, bus):
    branch = make_branch(db_session, timezone="Europe/London")
    consenting, other = make_customer(db_session, branch), make_customer(db_session, branch)
    give_consent(db_session, consenting.id, Modality.FACE, "face-2026-11", ConsentChannel.TABLET)
    _end(db_session, bus, branch, T0, consenting.id)
    _end(db_session, bus, branch, T0 + timedelta(minutes=5), consenting.id)  # same local day
    _end(db_session, bus, branch, T0 + timedelta(minutes=40), consenting.id)  # the next one
    _end(db_session, bus, branch, T0 + timedelta(minutes=2), other.id)
    _end(db_session, bus, branch, T0 + timedelta(minutes=1))  # no card holder: not seen
    assert [(key, dim) for key, dim, *_ in _facts(db_session, K.CUSTOMER_SEEN)] == [
        (f"seen:{branch.id}:{consenting.id}:2026-06-01", "consented"),
        (f"seen:{branch.id}:{consenting.id}:2026-06-02", "consented"),
        (f"seen:{branch.id}:{other.id}:2026-06-01", "not_consented"),
    ]
