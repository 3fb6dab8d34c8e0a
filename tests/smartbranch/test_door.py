"""The door camera embedded in the server: an arrival reaches a signed-in tablet's socket."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from hardware.camera import DOOR_WALK_PX, ReplayCamera
from shared.biometrics.consent import give_consent
from shared.biometrics.face.enrolment import enrol_face
from shared.biometrics.face.fake_engine import FakeFaceEngine, draw_faces
from shared.models.enums import ConsentChannel, Modality, PrivacyMode
from smartbranch.app import get_socketio
from smartbranch.door import (
    PLAYLIST,
    DoorCameraError,
    open_source,
    playlist_of,
    prepare_door_camera,
    read_playlist,
    template_cipher,
)
from tests.factories import make_branch, make_customer, make_staff
from tests.web_helpers import sign_in


def _png(path: Path, rgb: np.ndarray) -> Path:
    Image.fromarray(rgb).save(path)
    return path


def test_embedded_watcher_publishes_an_arrival_to_the_branch_tablets(
    app, bus, database, db_session, settings, tmp_path
):
    branch = make_branch(db_session, privacy_mode=PrivacyMode.AMBIENT)
    make_staff(db_session, branch, username="door.rm")
    customer = make_customer(db_session, branch, given_name="Grace", family_name="Hopper")
    engine = FakeFaceEngine(settings.biometrics.face.model_version)
    give_consent(db_session, customer.id, Modality.FACE, "v1", ConsentChannel.COUNTER)
    enrol_face(db_session, engine, template_cipher(settings), customer.id,
               [draw_faces([5], variant=1), draw_faces([5], variant=2)])
    db_session.commit()

    client = app.test_client()
    sign_in(client, "door.rm")
    tablet = get_socketio(app).test_client(app, namespace="/staff", flask_test_client=client)
    assert tablet.is_connected("/staff")

    # A replay of synthetic frames: the customer in view for 15 frames, then an empty door.
    face = _png(tmp_path / "face.png", draw_faces([5], variant=3))
    empty = _png(tmp_path / "empty.png", np.zeros((168, 168, 3), np.uint8))
    camera = ReplayCamera([face] * 15 + [empty] * 9, fps=15.0)
    door = prepare_door_camera(settings, database, bus, str(tmp_path), branch_code=branch.code,
                               engine=engine, camera=camera)
    assert door.gallery_customers == 1
    door.start()
    assert door.wait(timeout=30)  # the replay ends by itself
    door.stop()

    arrivals = [m for m in tablet.get_received("/staff") if m["name"] == "customer.arrived"]
    assert len(arrivals) == 1
    payload = arrivals[0]["args"][0]["payload"]
    assert payload["customer_id"] == customer.id and payload["source"] == "door_camera"
    assert door.watcher.stats.arrivals == 1


def test_a_playlist_folder_replays_its_photos_looping_in_real_time(tmp_path):
    photo = _png(tmp_path / "a.png", draw_faces([1]))
    (tmp_path / PLAYLIST).write_text(f"# comment\n{photo}\nb.png\n")
    assert playlist_of(str(tmp_path)) == tmp_path / PLAYLIST
    assert read_playlist(tmp_path / PLAYLIST) == [photo, tmp_path / "b.png"]
    camera = open_source(str(tmp_path), fps=10.0, loop=True, on_unavailable=None,
                         on_available=None)
    assert isinstance(camera, ReplayCamera)
    assert (camera.loop, camera.realtime, camera.canvas) == (True, True, (1280, 720))
    assert camera.frames_per_image == 20 and camera.gap_frames == 30  # 2 s in view, 3 s gap
    assert camera.walk_px == DOOR_WALK_PX  # people walk in across the counting line


def test_an_empty_playlist_or_unknown_branch_is_a_clear_error(
    app, bus, database, settings, tmp_path
):
    (tmp_path / PLAYLIST).write_text("# nothing\n")
    with pytest.raises(DoorCameraError, match="lists no images"):
        read_playlist(tmp_path / PLAYLIST)
    with pytest.raises(DoorCameraError, match="no branch"):
        prepare_door_camera(settings, database, bus, str(tmp_path), branch_code="NOPE-99")
