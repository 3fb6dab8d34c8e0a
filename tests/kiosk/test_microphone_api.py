"""The simulator page's microphone: play clips from the configured folder, upload, faults."""

from __future__ import annotations

import io
import json
import wave

import numpy as np
import pytest

from tests.kiosk.conftest import build_world, paired_api_client


def _wav(rate: int = 16000, channels: int = 1, seconds: float = 1.0) -> bytes:
    t = np.arange(int(rate * seconds)) / rate
    tone = (0.3 * np.sin(2 * np.pi * 220 * t) * 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.repeat(tone, channels).tobytes())
    return buf.getvalue()


@pytest.fixture
def api(fresh_database, kiosk_settings, tmp_path):
    clips = tmp_path / "clips"
    (clips / "people").mkdir(parents=True)
    (clips / "people" / "hello.wav").write_bytes(_wav())
    settings = kiosk_settings.model_copy(update={"kiosk_agent": kiosk_settings.kiosk_agent
                                                 .model_copy(update={"voice_clips_dir": clips})})
    world = build_world(fresh_database, settings)
    client = paired_api_client(fresh_database, settings, world)
    yield client, world, f"/api/kiosks/{world.kiosk_code}/devices"
    world.agents.stop_all()


def _post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_the_page_lists_and_plays_clips_from_the_configured_folder(api):
    client, world, base = api
    info = client.get(base).get_json()
    assert info["microphone"]["kind"] == "simulator" and "people/hello.wav" in info["voice_clips"]
    played = _post(client, base + "/microphone", {"clip": "people/hello.wav"})
    assert played.status_code == 200 and played.get_json()["seconds"] == pytest.approx(1.0)
    assert client.get(base).get_json()["microphone"]["queued_seconds"] >= 1.0
    state = client.get(f"/api/kiosks/{world.kiosk_code}/session").get_json()
    assert state["voice_available"] is True


@pytest.mark.parametrize("name", ["../../etc/passwd", "people/../../x.wav", "nope.wav"])
def test_clip_names_stay_inside_their_folder(api, name):
    client, _world, base = api
    answer = _post(client, base + "/microphone", {"clip": name})
    assert answer.status_code == 422 and "no clip" in answer.get_json()["message"]


def test_uploads_are_checked_and_stereo_44k_is_accepted(api):
    client, world, base = api
    data = _wav(44100, 2)
    broken = client.post(base + "/microphone/upload", content_type="multipart/form-data",
                         data={"wav": (io.BytesIO(data[: len(data) // 3]), "cut.wav")})
    assert broken.status_code == 422 and "truncated" in broken.get_json()["message"]
    good = client.post(base + "/microphone/upload", content_type="multipart/form-data",
                       data={"wav": (io.BytesIO(data), "my clip!.wav")})
    assert good.status_code == 200 and good.get_json()["clip"] == "uploads/my_clip_.wav"
    assert "uploads/my_clip_.wav" in client.get(base).get_json()["voice_clips"]
    played = _post(client, base + "/microphone", {"clip": "uploads/my_clip_.wav"})
    assert played.get_json()["seconds"] == pytest.approx(1.0, abs=0.01)  # 16 kHz mono now


def test_microphone_faults_from_the_page(api):
    client, world, base = api
    assert _post(client, base + "/microphone/fault", {"fault": "silence"}).status_code == 200
    assert client.get(base).get_json()["microphone"]["fault"] == "silence"
    assert _post(client, base + "/microphone/fault", {"fault": "none"}).status_code == 200
    assert world.agent.devices.microphone.fault is None
    assert _post(client, base + "/microphone/fault", {"fault": "melt"}).status_code == 422


def test_the_microphone_needs_the_device(api):
    client, _world, base = api
    client.environ_base.pop("HTTP_AUTHORIZATION")
    assert _post(client, base + "/microphone", {"clip": "people/hello.wav"}).status_code == 401
