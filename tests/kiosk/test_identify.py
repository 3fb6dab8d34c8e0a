"""'Recognise me' at the kiosk: greet on a match, nothing kept of an unknown face, no money."""

from __future__ import annotations

import io
import logging

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import MetaData, func, select

from kiosk.agent_pool import EXTENSION as AGENTS
from shared.audit import Actor
from shared.biometrics.consent import give_consent, withdraw_consent
from shared.biometrics.face.enrolment import enrol_face
from shared.biometrics.face.fake_engine import FakeFaceEngine, draw_faces
from shared.devices import tokens as kiosk_tokens
from shared.models import (
    Account,
    AuditEntry,
    BiometricTemplate,
    Branch,
    Customer,
    Device,
    QueueTicket,
)
from shared.models.enums import ActorType, ConsentChannel, Modality, PrivacyMode
from shared.web.face_engine import EXTENSION as FACE_ENGINE
from tests.kiosk.conftest import build_world

ENROLLED, STRANGER = 4101, 4102  # synthetic identities drawn by draw_faces


def _png(rgb: np.ndarray) -> bytes:
    """Encode a frame losslessly (JPEG blocks would blur the fake engine's black borders)."""
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def kiosk(fresh_database, kiosk_settings):
    """A kiosk app with the fake face engine and one customer enrolled with consent."""
    from smartbranch.app import create_app

    world = build_world(fresh_database, kiosk_settings)
    app = create_app(kiosk_settings, database=fresh_database, bus=world.agents.bus)
    app.config.update(TESTING=True)
    app.extensions[AGENTS] = world.agents
    engine = FakeFaceEngine()
    app.extensions[FACE_ENGINE] = engine
    with fresh_database.session() as s:
        token = kiosk_tokens.issue_token(s, s.get(Device, world.kiosk_id)).token
        give_consent(s, world.customer_id, Modality.FACE, "face-v1", ConsentChannel.TABLET,
                     branch_id=world.branch_id)
        enrol_face(s, engine, app.extensions["smartbranch.template_cipher"], world.customer_id,
                   [draw_faces([ENROLLED]), draw_faces([ENROLLED], variant=1)], jitters=1)
    yield app, app.test_client(), world, {"Authorization": f"Bearer {token}"}
    world.agents.stop_all()


def _identify(client, world, headers, data: bytes):
    return client.post(f"/api/kiosks/{world.kiosk_code}/identify", headers=headers,
                       data={"photo": (io.BytesIO(data), "frame.jpg")})


def _set_privacy(database, branch_id: int, mode: PrivacyMode) -> None:
    with database.session() as s:
        s.get(Branch, branch_id).privacy_mode = mode


@pytest.mark.parametrize("mode", [PrivacyMode.OPT_IN, PrivacyMode.AMBIENT])
def test_a_match_greets_but_moves_no_money(kiosk, fresh_database, mode):
    _app, client, world, headers = kiosk
    _set_privacy(fresh_database, world.branch_id, mode)
    answer = _identify(client, world, headers, _png(draw_faces([ENROLLED], variant=2)))
    with fresh_database.session() as s:
        name = s.get(Customer, world.customer_id).given_name
        before = s.get(Account, world.account_id).balance_minor
    assert answer.status_code == 200, answer.json
    assert answer.json["recognised"] is True and answer.json["greeting"] == name
    assert world.agent.snapshot()["greeting"] == name
    assert world.agent.station.visitor.greeted_customer() == world.customer_id
    refused = world.act("withdraw", amount_minor=2000)
    assert refused.status.value == "refused"
    assert "card" in refused.outcome["error"] and "PIN" in refused.outcome["error"]
    with fresh_database.session() as s:
        assert s.get(Account, world.account_id).balance_minor == before
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "biometrics.identified",
                                                   AuditEntry.subject_id == world.customer_id)
                          ).all()
        assert audit and audit[-1].actor_type == ActorType.DEVICE


def test_an_unknown_face_is_only_not_recognised_and_leaves_no_trace(kiosk, fresh_database,
                                                                    caplog):
    app, client, world, headers = kiosk
    caplog.set_level(logging.DEBUG)
    frame = draw_faces([STRANGER])
    data = _png(frame)
    # The probe exactly as the server computes it (the same image, the same engine).
    decoded = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    engine = app.extensions[FACE_ENGINE]
    probe = engine.encode(decoded, engine.detect(decoded))[0]
    with fresh_database.session() as s:
        templates_before = s.scalar(select(func.count(BiometricTemplate.id)))
    answer = _identify(client, world, headers, data)
    assert answer.status_code == 200
    assert answer.json == {"recognised": False, "reason": "not_recognised", "greeting": None,
                           "message": answer.json["message"]}
    assert "greeting" not in world.agent.snapshot()
    with fresh_database.session() as s:
        assert s.scalar(select(func.count(BiometricTemplate.id))) == templates_before
    texts, blobs = [caplog.text, answer.get_data(as_text=True)], []
    with fresh_database.engine.connect() as conn:
        metadata = MetaData()
        metadata.reflect(conn)
        for table in metadata.sorted_tables:
            for row in conn.execute(select(table)):
                texts.append(repr(tuple(row)))
                blobs.extend(bytes(v) for v in row if isinstance(v, bytes | memoryview))
    haystack = "\n".join(texts)
    raw = probe.astype(np.float32).tobytes()
    assert not any(raw[:16] in blob for blob in blobs)
    assert raw[:16] not in haystack.encode("latin-1", "replace")
    for value in probe[:8]:
        for shown in (repr(float(value)), f"{value:.6f}", f"{value:.4f}"):
            assert shown not in haystack, f"probe value {shown} leaked"


def test_a_face_that_matches_no_one_ends_the_last_greeting(kiosk, fresh_database):
    _app, client, world, headers = kiosk
    with fresh_database.session() as s:
        s.get(Customer, world.customer_id).language = "it"
    greeted = _identify(client, world, headers, _png(draw_faces([ENROLLED], variant=2)))
    assert greeted.json["recognised"] is True
    assert world.agent.screen_language() == "it"
    # Someone else presses "Recognise me": the screen no longer names the customer before,
    # speaks the kiosk's own language again, and a ticket from here is nobody's.
    stranger = _identify(client, world, headers, _png(draw_faces([STRANGER])))
    assert stranger.json["reason"] == "not_recognised"
    assert "greeting" not in world.agent.snapshot()
    assert world.agent.screen_language() == world.agent.settings.kiosk.language
    assert world.agent.station.visitor.greeted_customer() is None
    ticket = world.act("talk").outcome["ticket"]
    with fresh_database.session() as s:
        assert s.get(QueueTicket, ticket["id"]).customer_id is None


def test_corrupt_or_empty_frames_get_a_clear_error(kiosk):
    _app, client, world, headers = kiosk
    truncated = _png(draw_faces([ENROLLED]))[:200]
    for data in (b"not an image at all", truncated):
        answer = _identify(client, world, headers, data)
        assert answer.status_code == 422, answer.json
        assert "not a usable image" in answer.json["message"]
    blank = io.BytesIO()
    Image.new("RGB", (320, 240)).save(blank, "PNG")
    answer = _identify(client, world, headers, blank.getvalue())
    assert answer.status_code == 200 and answer.json["reason"] == "no_face"
    assert client.post(f"/api/kiosks/{world.kiosk_code}/identify", headers=headers
                       ).status_code == 422  # no photo at all


def test_only_a_paired_kiosk_may_ask_and_it_is_documented(kiosk):
    _app, client, world, _headers = kiosk
    assert _identify(client, world, {}, _png(draw_faces([ENROLLED]))).status_code == 401
    assert "/api/kiosks/{code}/identify" in client.get("/api/openapi.json").json["paths"]


def test_a_withdrawn_consent_is_not_recognised_any_more(kiosk, fresh_database):
    _app, client, world, headers = kiosk
    frame = _png(draw_faces([ENROLLED], variant=3))
    assert _identify(client, world, headers, frame).json["recognised"] is True
    with fresh_database.session() as s:
        withdraw_consent(s, world.customer_id, Modality.FACE, Actor(ActorType.SYSTEM, None),
                         bus=world.agents.bus)
    again = _identify(client, world, headers, frame)
    assert again.json["recognised"] is False and again.json["reason"] == "not_recognised"


def test_the_threshold_follows_the_vectors_behind_each_template(kiosk, fresh_database):
    from kiosk.face_galleries import EXTENSION as GALLERIES
    from shared.settings.sections import FaceImpostorSettings, FaceSettings

    app, _client, world, _headers = kiosk
    engine, galleries = app.extensions[FACE_ENGINE], app.extensions[GALLERIES]

    def imp(mean):
        return FaceImpostorSettings(comparisons=100_000, tail_mean=mean, tail_sd=0.1)

    # Templates of 4 or more vectors lie nearer to everyone: their own, stricter model.
    galleries.face_settings = FaceSettings(impostors=imp(0.9), impostor_vectors=2,
                                           impostors_by_vectors={4: imp(0.8)}, max_threshold=2)
    gallery = galleries.get(world.branch_id, engine.model_version)
    assert gallery.composition() == {2: 1}
    two = galleries.threshold(world.branch_id, engine.model_version)
    with fresh_database.session() as s:
        enrol_face(s, engine, app.extensions["smartbranch.template_cipher"], world.customer_id,
                   [draw_faces([ENROLLED], variant=v) for v in range(1, 5)], jitters=1,
                   replace=True, bus=world.agents.bus)
    assert gallery.composition() == {4: 1}
    assert galleries.threshold(world.branch_id, engine.model_version) < two


def test_a_match_is_greeted_when_another_writer_commits_while_the_face_is_encoded(
        kiosk, fresh_database, monkeypatch):
    """The door camera writes arrivals while a kiosk encodes a face: the kiosk's unit of
    work, which read its device before the slow encoding, must still write its audit entry
    (on SQLite a read transaction cannot become a write once another writer committed)."""
    app, client, world, headers = kiosk
    engine = app.extensions[FACE_ENGINE]
    encode = engine.encode

    def encode_while_another_writes(*args, **kwargs):
        with fresh_database.session() as other:  # like the door watcher's arrival
            other.get(Branch, world.branch_id).name += "."
        return encode(*args, **kwargs)

    monkeypatch.setattr(engine, "encode", encode_while_another_writes)
    answer = _identify(client, world, headers, _png(draw_faces([ENROLLED], variant=2)))
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["recognised"] is True
    with fresh_database.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "biometrics.identified",
            AuditEntry.subject_id == world.customer_id)) >= 1
