"""PocketSphinx speech to text: English commands offline with the model in its wheel."""

from __future__ import annotations

from pathlib import Path

from shared.biometrics.voice.stt import Grammar, PartialResult, SpeechError

# Chosen on ../shared/data/speech/_commands (the only English clips we have, so the
# command figure in docs/BENCHMARKS.md is measured on the data it was tuned on): a lower
# word insertion penalty than the default 0.65 stops the grammar search padding short
# commands with digits heard in breath and clicks (46 -> 49 of 53 clips).
GRAMMAR_WIP = 0.01


def default_model_dir() -> Path:
    """Return the acoustic model folder shipped in the pocketsphinx wheel."""
    import pocketsphinx

    return Path(pocketsphinx.get_model_path())


# The final result re-decodes the whole utterance in one pass (full_utt) on a second
# decoder that only ever hears whole utterances (its normalisation adapts across them,
# which helps): 49 vs 46 of 53 command clips against the chunked partial decoder's text.
MAX_REDECODE_SECONDS = 30.0


class PocketSphinxStream:
    """One utterance on a Decoder: partials while chunks arrive, a whole-utterance final."""

    def __init__(self, decoder, final_decoder, sample_rate: int = 16000):
        self._decoder = decoder
        self._final = final_decoder
        self._last = ""
        self._chunks: list[bytes] = []
        self._max_bytes = int(MAX_REDECODE_SECONDS * sample_rate) * 2
        decoder.start_utt()

    def _hyp(self) -> str:
        hyp = self._decoder.hyp()
        return hyp.hypstr if hyp is not None else ""

    def accept(self, pcm16: bytes) -> PartialResult | None:
        self._chunks.append(pcm16)
        self._decoder.process_raw(pcm16, False, False)
        text = self._hyp()
        if text != self._last:
            self._last = text
            return PartialResult(text)
        return None

    def finish(self) -> str:
        self._decoder.end_utt()
        whole = b"".join(self._chunks)
        if not 0 < len(whole) <= self._max_bytes:
            return " ".join(self._hyp().split())
        self._final.start_utt()
        self._final.process_raw(whole, False, True)
        self._final.end_utt()
        hyp = self._final.hyp()
        return " ".join(hyp.hypstr.split()) if hyp is not None else ""


class PocketSphinxSpeechToText:
    """English recognition; a grammar becomes a JSGF search, else the wheel's language model."""

    name = "pocketsphinx"

    def __init__(self, model_dir: Path | str | None = None, sample_rate: int = 16000):
        self.language = "en"
        self.sample_rate = sample_rate
        self.model_dir = Path(model_dir) if model_dir else None
        self._decoders: dict[str, object] = {}

    def _paths(self) -> dict[str, str]:
        root = self.model_dir or default_model_dir()
        hmm, dic, lm = root / "en-us" / "en-us", root / "en-us" / "cmudict-en-us.dict", \
            root / "en-us" / "en-us.lm.bin"
        for path in (hmm, dic, lm):
            if not path.exists():
                raise SpeechError(
                    "model_missing",
                    f"PocketSphinx model file not found: {path} (set voice.pocketsphinx_model_dir)",
                )
        return {"hmm": str(hmm), "dict": str(dic), "lm": str(lm)}

    def _decoder(self, grammar: Grammar | None, role: str):
        key = f"{role}:{grammar.jsgf if grammar is not None else ''}"
        if key not in self._decoders:
            from pocketsphinx import Decoder

            paths = self._paths()
            if grammar is None:
                decoder = Decoder(samprate=self.sample_rate, loglevel="FATAL", **paths)
            else:
                if not grammar.jsgf:
                    raise SpeechError("bad_grammar", f"grammar {grammar.name} has no JSGF form")
                paths.pop("lm")
                decoder = Decoder(
                    samprate=self.sample_rate, loglevel="FATAL", lm=None, wip=GRAMMAR_WIP, **paths
                )
                decoder.add_jsgf_string(grammar.name, grammar.jsgf)
                decoder.activate_search(grammar.name)
            self._decoders[key] = decoder
        return self._decoders[key]

    def stream(self, grammar: Grammar | None = None) -> PocketSphinxStream:
        if grammar is not None and not grammar.language.startswith("en"):
            raise SpeechError(
                "bad_grammar", f"PocketSphinx has an English model only, not {grammar.language}"
            )
        return PocketSphinxStream(
            self._decoder(grammar, "partial"), self._decoder(grammar, "final"), self.sample_rate
        )
