"""The real engines: PocketSphinx on real English clips, Vosk Korean, Resemblyzer voices."""


import numpy as np
import pytest

from shared.biometrics.voice.engines import create_speaker_engine
from shared.biometrics.voice.speaker import mean_voiceprint, voice_distance
from shared.speech.audio import read_wav
from shared.speech.commands import IntentKind, parse_command
from shared.speech.engines import create_speech_to_text
from shared.speech.stt import SpeechError, commands_grammar, transcribe
from shared.speech.vosk_engine import VoskSpeechToText
from tests.speech import espeak_writer

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def pocketsphinx(base_settings):
    return create_speech_to_text(base_settings, "pocketsphinx")


@pytest.fixture(scope="module")
def vosk_ko(base_settings):
    return create_speech_to_text(base_settings, "vosk")


@pytest.fixture
def espeak(tmp_path):
    write = espeak_writer(tmp_path)

    def say(text: str, voice: str = "ko"):
        return read_wav(write(text, voice, 160))  # 22.05 kHz: resampled on the way in

    return say


@pytest.mark.data
@pytest.mark.parametrize(("clip", "kind"), [
    ("tflite-micro/no_1000ms.wav", IntentKind.NO),
    ("felixchenfy/stop_02.wav", IntentKind.CANCEL),
    ("vosk-api/test.wav", IntentKind.DIGITS),
])
def test_pocketsphinx_commands_on_real_recordings(pocketsphinx, shared_data_dir, clip, kind):
    audio = read_wav(shared_data_dir / "speech" / "_commands" / clip)
    text = transcribe(pocketsphinx, audio, commands_grammar("en"))
    assert parse_command(text, "en").kind == kind, text


@pytest.mark.data
def test_pocketsphinx_streams_partials(pocketsphinx, shared_data_dir):
    audio = read_wav(shared_data_dir / "speech" / "_commands" / "vosk-api" / "test.wav")
    stream = pocketsphinx.stream(commands_grammar("en"))
    pcm = audio.pcm16()
    partials = [stream.accept(pcm[i : i + 8000]) for i in range(0, len(pcm), 8000)]
    assert any(p is not None and p.text for p in partials)
    assert parse_command(stream.finish(), "en").digits.startswith("1000")


@pytest.mark.data
def test_pocketsphinx_breath_after_a_digit_is_not_an_out_of_grammar_digit(
        pocketsphinx, shared_data_dir):
    # The search's best path here is "three eight" (breath heard as "eight"), which the
    # grammar does not allow (one digit or four or more); the best complete sentence wins.
    audio = read_wav(shared_data_dir / "speech" / "_commands" / "felixchenfy" / "three_02.wav")
    grammar = commands_grammar("en")
    assert transcribe(pocketsphinx, audio, grammar) == "three"


@pytest.mark.parametrize(("said", "kind", "amount"), [
    ("withdraw fifty pounds", IntentKind.WITHDRAW, 5000),
    ("talk to someone", IntentKind.TALK_TO_SOMEONE, None),
    ("transfer", IntentKind.TRANSFER, None),
    ("help", IntentKind.HELP, None),
])
def test_pocketsphinx_commands_from_synthetic_speech(pocketsphinx, espeak, said, kind, amount):
    # espeak-ng pads with exact zeros: before they were filled, the last three came out
    # as nothing, nothing and "two".
    intent = parse_command(transcribe(pocketsphinx, espeak(said, "en-us"),
                                      commands_grammar("en")), "en")
    assert (intent.kind, intent.amount_minor) == (kind, amount), intent.text


@pytest.mark.parametrize(("said", "kind"), [
    ("취소", IntentKind.CANCEL), ("다시", IntentKind.REPEAT), ("아니요", IntentKind.NO),
])
def test_vosk_korean_commands_from_synthetic_speech(vosk_ko, espeak, said, kind):
    text = transcribe(vosk_ko, espeak(said), commands_grammar("ko"))
    assert parse_command(text, "ko").kind == kind, text


def test_missing_vosk_model_folder_names_the_setting(tmp_path):
    with pytest.raises(SpeechError, match="voice.vosk_model_dir") as info:
        VoskSpeechToText(tmp_path / "nope", "en")
    assert info.value.code == "model_missing"
    (tmp_path / "empty").mkdir()
    with pytest.raises(SpeechError, match="not a Vosk model folder"):
        VoskSpeechToText(tmp_path / "empty", "en")


@pytest.mark.data
def test_resemblyzer_tells_two_readers_apart(base_settings, shared_data_dir):
    engine = create_speaker_engine(base_settings, threads=1)
    speech = shared_data_dir / "speech"
    a = sorted((speech / "librispeech-1688").glob("*.wav"))
    b = sorted((speech / "librispeech-1998").glob("*.wav"))
    template = mean_voiceprint(np.stack([engine.embed(read_wav(f).head(4)) for f in a[:2]]))
    same = voice_distance(engine.embed(read_wav(a[5]).head(3)), template)
    other = voice_distance(engine.embed(read_wav(b[5]).head(3)), template)
    threshold = base_settings.voice.speaker_threshold
    assert same < threshold < other, (same, other)
