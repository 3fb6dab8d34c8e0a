"""The continuity check on real speech: one take passes, seams of a splice do not."""

import numpy as np
import pytest

from shared.evaluation.splicing import (
    HELD_OUT_SPEAKERS,
    command_clip,
    one_take_cuts,
    room_tone,
    splice,
)
from shared.speech.audio import Audio, read_wav
from shared.speech.continuity import (
    MAX_DEAD_AIR_SECONDS,
    SEAM_DB,
    judge_continuity,
    speech_frames,
)
from shared.speech.continuity import frame_levels as levels_of
from tests.speech import espeak_writer

pytestmark = pytest.mark.data
# The held-out readers' one-take cuts, as read and through the microphone's room tone, may
# be refused this often at most (docs/VOICE.md, Liveness, has the measured rate).
MAX_FALSE_REJECTS = 0.03


@pytest.fixture(scope="module")
def held_out(shared_data_dir) -> list[Audio]:
    rng = np.random.default_rng(1)
    cuts = [a for _, a in one_take_cuts(shared_data_dir / "speech", HELD_OUT_SPEAKERS)]
    return cuts + [room_tone(a, rng) for a in cuts]


def test_one_take_speech_of_held_out_readers_passes(held_out):
    verdicts = [judge_continuity(a) for a in held_out]
    refused = [v for v in verdicts if not v.continuous]
    assert len(refused) <= MAX_FALSE_REJECTS * len(verdicts), refused
    assert all(v.dead_air_seconds < MAX_DEAD_AIR_SECONDS for v in verdicts)  # a live take


def test_a_synthetic_phrase_through_the_microphone_passes(tmp_path):
    say = espeak_writer(tmp_path)
    rng = np.random.default_rng(2)
    for voice in ("en-us", "en-gb", "en-us+f3"):
        audio = room_tone(read_wav(say("pencil seven left two nine four", voice, 140)), rng)
        verdict = judge_continuity(audio)
        assert verdict.continuous, (voice, verdict)


def test_digital_silence_between_words_is_dead_air(held_out):
    for audio in [a for a in held_out if judge_continuity(a).continuous][:10]:
        speech = np.flatnonzero(speech_frames(levels_of(audio.samples)))
        middle = (speech[0] + speech[-1]) // 2 * 160
        cut = audio.samples.copy()
        cut[middle - 400 : middle + 400] = 0.0  # 50 ms, where an editor joined two takes
        verdict = judge_continuity(Audio(cut))
        assert verdict.reason == "dead_air", verdict
        assert verdict.dead_air_seconds >= MAX_DEAD_AIR_SECONDS


def test_a_take_cut_off_on_a_louder_background_leaves_a_seam(shared_data_dir):
    """One speaker's own takes, as recorded, played through the microphone's room tone.

    front_03's recording stops while its breath still sounds (about -40 dBFS); right_02
    starts on its room at -56: the background steps some 17 dB from one frame to the next
    where they were joined. Each take alone, through the same microphone, is one take.
    """
    speech = shared_data_dir / "speech"
    takes = [("right", 1), ("front", 3), ("right", 2), ("one", 3), ("five", 2)]
    clips = [command_clip(speech, word, take).samples for word, take in takes]
    for seed in range(3):
        rng = np.random.default_rng(seed)
        verdict = judge_continuity(room_tone(splice(clips, "as_recorded", rng), rng))
        assert verdict.reason == "seam" and verdict.seam_db > SEAM_DB, verdict
        assert all(judge_continuity(room_tone(Audio(c), rng)).continuous for c in clips)
