"""PocketSphinx adapter pieces that need no model: silence filling and in-grammar finals."""

from dataclasses import dataclass

import numpy as np

from shared.speech.pocketsphinx_engine import (
    MIN_ZERO_RUN,
    SILENCE_FILL_LSB,
    fill_digital_silence,
    grammar_text,
)


def _pcm(samples) -> bytes:
    return np.asarray(samples, dtype="<i2").tobytes()


def _samples(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, dtype="<i2")


def test_long_zero_runs_become_quiet_noise_and_speech_is_untouched():
    speech = (3000 * np.sin(np.arange(800) / 5 + 1)).astype(np.int16)  # never 0 or +-1
    pcm = _pcm(np.concatenate([np.zeros(1600), speech, np.zeros(MIN_ZERO_RUN - 1), speech]))
    out = _samples(fill_digital_silence(pcm))
    head = out[:1600]
    assert np.abs(head).max() <= SILENCE_FILL_LSB and np.count_nonzero(head) > 1000
    assert np.array_equal(out[1600:], _samples(pcm)[1600:])  # a short gap stays as it is
    assert fill_digital_silence(pcm) == fill_digital_silence(pcm)  # reproducible


def test_audio_without_digital_silence_and_odd_chunks_pass_through():
    noisy = _pcm(np.random.default_rng(1).integers(-500, 500, 4000))
    assert fill_digital_silence(noisy) is noisy
    assert fill_digital_silence(b"\0" * 999) == b"\0" * 999


@dataclass
class FakeHyp:
    hypstr: str


class FakeDecoder:
    def __init__(self, best, nbest=()):
        self._best, self._nbest = best, nbest

    def hyp(self):
        return None if self._best is None else FakeHyp(self._best)

    def nbest(self):
        return iter(FakeHyp(h) for h in self._nbest)


class FakeFsg:
    def __init__(self, sentences):
        self.sentences = set(sentences)

    def accept(self, words):
        return words in self.sentences


GRAMMAR = FakeFsg({"three", "balance", "one two three four"})


def test_an_in_grammar_final_is_kept_and_fillers_are_dropped():
    assert grammar_text(FakeDecoder("<sil> three [NOISE]"), GRAMMAR) == "three"
    assert grammar_text(FakeDecoder(None), GRAMMAR) == ""
    assert grammar_text(FakeDecoder("talk to"), None) == "talk to"  # free-form: no check


def test_a_partial_path_falls_back_to_the_best_in_grammar_nbest_entry():
    decoder = FakeDecoder("three eight", ["three eight", "three eight", "three", "balance"])
    assert grammar_text(decoder, GRAMMAR) == "three"


def test_nothing_in_grammar_means_nothing_rather_than_a_wrong_command():
    assert grammar_text(FakeDecoder("one two", ["one two", "two"]), GRAMMAR) == ""
