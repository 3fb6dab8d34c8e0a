"""`smartbranch demo faces`: consent and enrolment of demo customers, and the door replay."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image
from sqlalchemy import func, select

from shared.biometrics.face.fake_engine import FakeFaceEngine, draw_faces
from shared.models import BiometricTemplate, Consent
from shared.models.enums import ConsentChannel, Modality, PrivacyMode, Role
from smartbranch.cli import main
from smartbranch.demo_faces import prepare_demo_faces
from smartbranch.door import read_playlist, template_cipher
from tests.factories import make_branch, make_customer, make_staff

TEXT = "face-test-1"


def _save(path: Path, rgb: np.ndarray) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(rgb).save(path)  # PNG: lossless, so the fake engine sees clean faces
    return path


def photo_set(root: Path) -> Path:
    """Identities 1 and 3 have three photos, 2 has only black ones, 4 too few; 2 strangers."""
    for identity in (1, 3):
        for v in range(3):
            _save(root / f"id{identity}" / f"{v}.png", draw_faces([identity], variant=v + 1))
    for v in range(3):
        _save(root / "id2" / f"{v}.png", np.zeros((160, 160, 3), np.uint8))
    for v in range(2):
        _save(root / "id4" / f"{v}.png", draw_faces([4], variant=v + 1))
    for n in (7, 8):
        _save(root / "_strangers" / f"s{n}.png", draw_faces([n]))
    return root


@pytest.fixture
def demo_branch(db_session):
    branch = make_branch(db_session, privacy_mode=PrivacyMode.AMBIENT)
    make_branch(db_session, privacy_mode=PrivacyMode.OPT_IN)
    manager = make_staff(db_session, branch, role=Role.BRANCH_MANAGER)
    customers = [make_customer(db_session, branch) for _ in range(3)]
    db_session.flush()
    return branch, manager, customers


def _prepare(database, settings, photos, replay, branch, customers=2):
    engine = FakeFaceEngine(settings.biometrics.face.model_version)
    return prepare_demo_faces(database, engine, template_cipher(settings), photos, replay,
                              customers=customers, default_branch=branch.code,
                              text_version=TEXT)


def test_demo_customers_are_consented_enrolled_and_replayed(
    database, db_session, settings, demo_branch, tmp_path
):
    branch, manager, customers = demo_branch
    photos, replay = photo_set(tmp_path / "faces"), tmp_path / "var" / "door-replay"
    result = _prepare(database, settings, photos, replay, branch)

    first, second = customers[0].id, customers[1].id
    # id2's photos have no face: refused, nothing kept, and id3 takes its place.
    assert result.enrolled == {first: "id1", second: "id3"}
    assert result.refused == ["id2"] and result.newly_enrolled == 2
    consents = db_session.scalars(select(Consent).order_by(Consent.customer_id)).all()
    assert [(c.customer_id, c.channel, c.witness_id, c.text_version, c.modality)
            for c in consents] == [
        (cid, ConsentChannel.COUNTER, manager.id, TEXT, Modality.FACE) for cid in (first, second)
    ]
    templates = db_session.scalars(select(BiometricTemplate.customer_id)).all()
    assert sorted(templates) == [first, first, second, second]
    # The replay names the photos in place (third photos of both, then strangers): no copies.
    listed = read_playlist(result.playlist)
    assert sorted(p.relative_to(photos).as_posix() for p in listed) == [
        "_strangers/s7.png", "_strangers/s8.png", "id1/2.png", "id3/2.png"]
    assert not list(replay.glob("*.png"))

    again = _prepare(database, settings, photos, replay, branch)
    assert again.enrolled == result.enrolled and again.newly_enrolled == 0
    assert db_session.scalar(select(func.count()).select_from(BiometricTemplate)) == 4
    assert read_playlist(again.playlist) == listed


def test_no_usable_photos_means_no_replay(database, settings, demo_branch, tmp_path):
    branch, _, _ = demo_branch
    photos = tmp_path / "faces"
    for v in range(3):
        _save(photos / "id2" / f"{v}.png", np.zeros((160, 160, 3), np.uint8))
    replay = tmp_path / "replay"
    result = _prepare(database, settings, photos, replay, branch)
    assert result.enrolled == {} and not (replay / "playlist.txt").exists()


def test_missing_photo_set_is_a_message_not_a_failure(tmp_path):
    result = CliRunner().invoke(main, ["demo", "faces", "--photos", str(tmp_path / "none")])
    assert result.exit_code == 0, result.output
    assert "runs without the door camera" in result.output


@pytest.mark.models
@pytest.mark.data
def test_real_photos_enrol_and_the_door_replay_recognises_the_customer(
    app, bus, database, db_session, settings, demo_branch, shared_data_dir, tmp_path
):
    from hardware.camera import DOOR_CANVAS, DOOR_WALK_PX, ReplayCamera
    from shared.biometrics.face.dlib_engine import DlibFaceEngine
    from shared.events import EventKind
    from smartbranch.door import PLAYLIST_IMAGE_SCALE, prepare_door_camera

    branch, _, customers = demo_branch
    engine = DlibFaceEngine(settings.biometrics.face.model_version)
    result = prepare_demo_faces(
        database, engine, template_cipher(settings), shared_data_dir / "faces",
        tmp_path / "replay", customers=1, strangers=1, default_branch=branch.code,
        text_version=TEXT,
    )
    assert list(result.enrolled) == [customers[0].id]
    playlist = read_playlist(result.playlist)
    assert len(playlist) == 3  # two more photos of the customer and one stranger

    arrived = []
    bus.subscribe(lambda e: arrived.append(e.payload.customer_id)
                  if e.kind == EventKind.CUSTOMER_ARRIVED else None)
    crossed = []
    bus.subscribe(lambda e: crossed.append(e.payload.direction)
                  if e.kind == EventKind.DOOR_CROSSED else None)
    camera = ReplayCamera(playlist, fps=15.0, canvas=DOOR_CANVAS, frames_per_image=30,
                          gap_frames=15, drift_px=4, walk_px=DOOR_WALK_PX,
                          image_scale=PLAYLIST_IMAGE_SCALE)
    door = prepare_door_camera(settings, database, bus, str(result.playlist),
                               branch_code=branch.code, engine=engine, camera=camera)
    door.run()
    door.stop()
    assert arrived == [customers[0].id]  # once per visit, and the stranger is not matched
    assert crossed == ["in", "in", "in"]  # everyone walking in is footfall
