"""The categorisation model: a linear classifier over `features.py`, with a confidence.

Trained on generated examples (generator.py) and on staff corrections, weighted up, so a
relationship manager's category for a narrative wins at the next training. A linear SVM
gives one score per category; a softmax of the scores divided by a temperature gives the
confidence. The temperature is fitted on merchants and statement styles the calibrating
model never saw, so the confidence is honest about new merchants, which is what a
narrative from another bank mostly is.

Saved as two files, `categories-v<N>.npz` (arrays, loaded with allow_pickle=False) and
`categories-v<N>.json` (vocabularies and parameters): loading never runs code. Training
is deterministic: the same examples and parameters give the same model.

The file name only changes with the file format, so a saved model also carries the
fingerprint of what it was trained from: a hash of the source of the modules that make
its training data and features (`TRAINED_FROM`) and, separately, of its TrainingParams.
Loading refuses a model whose code fingerprint is not the running code's (and, when the
caller names the parameters it wants, one trained with others), as it refuses a missing
file, so a model left by older code is retrained once instead of used silently.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Final, Protocol

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.svm import LinearSVC

from shared.insights import taxonomy
from shared.insights.categories import clean as clean_module
from shared.insights.categories import features as features_module
from shared.insights.categories import gazetteer, generator, narratives
from shared.insights.categories.clean import clean
from shared.insights.categories.features import Featuriser, amount_key
from shared.insights.categories.generator import generate
from shared.insights.taxonomy import KEYS

FORMAT: Final = "smartbranch.insights.categories"
VERSION: Final = 1
STEM: Final = f"categories-v{VERSION}"
# The modules whose source decides what a trained model is: its data, its features, its
# training (this module, which holds TrainingParams' defaults) and the categories.
TRAINED_FROM: Final = (generator, gazetteer, narratives, clean_module, features_module,
                       taxonomy)


class Labelled(Protocol):
    """A transaction with its category: a generated example or a CategoryCorrection row."""

    description: str
    amount_minor: int
    category: str


@dataclass(frozen=True, slots=True)
class Prediction:
    category: str
    confidence: float
    review: bool = False  # less sure than the review threshold: staff should look


@dataclass(frozen=True)
class TrainingParams:
    rows: int = 60_000
    seed: int = 0
    c: float = 0.25  # the SVM's inverse regularisation
    correction_weight: float = 30.0  # one correction counts as this many generated rows
    char_min_df: int = 2
    word_min_df: int = 2
    max_char_features: int = 200_000
    amount_scale: float = 1.0
    calibration_rows: int = 10_000  # 0: no calibration (temperature 1)


@dataclass
class TrainingReport:
    rows: int
    corrections: int
    features: int
    temperature: float
    seconds: float
    params: dict = field(default_factory=dict)
    code: str = ""  # code_fingerprint() of the code that trained it


class CategoryModel:
    """Scores transactions into the taxonomy; one instance is read-only after training."""

    def __init__(self, featuriser: Featuriser, coef: np.ndarray, intercept: np.ndarray,
                 categories: Sequence[str], temperature: float, report: TrainingReport):
        self.featuriser = featuriser
        self.coef = np.ascontiguousarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self.categories = tuple(categories)
        self.temperature = float(temperature)
        self.report = report

    def scores(self, cleaned: Sequence[str], amount_keys: Sequence[int]) -> np.ndarray:
        features = self.featuriser.transform(cleaned, amount_keys)
        return np.asarray(features @ self.coef.T) + self.intercept

    def predict_cleaned(self, cleaned: Sequence[str],
                        amount_keys: Sequence[int]) -> list[Prediction]:
        """Predictions for narratives already cleaned, with their amounts' keys."""
        if not cleaned:
            return []
        probabilities = softmax(self.scores(cleaned, amount_keys) / self.temperature)
        best = probabilities.argmax(axis=1)
        return [Prediction(self.categories[i], float(probabilities[row, i]))
                for row, i in enumerate(best)]

    def predict(self, descriptions: Sequence[str],
                amounts_minor: Sequence[int]) -> list[Prediction]:
        """Category and confidence of each (description, signed minor units)."""
        return self.predict_cleaned([clean(d) for d in descriptions],
                                    [amount_key(a) for a in amounts_minor])

    def save(self, directory: Path) -> Path:
        """Write the model's two files into `directory` (atomically); return the .npz path."""
        directory.mkdir(parents=True, exist_ok=True)
        arrays, meta = self.featuriser.state()
        arrays = {**arrays, "coef": self.coef, "intercept": self.intercept}
        meta = {"format": FORMAT, "version": VERSION, "categories": list(self.categories),
                "temperature": self.temperature, "report": asdict(self.report),
                "trained_from": self.trained_from, **meta}
        npz, info = directory / f"{STEM}.npz", directory / f"{STEM}.json"
        tmp_npz, tmp_info = npz.with_suffix(".npz.tmp"), info.with_suffix(".json.tmp")
        with open(tmp_npz, "wb") as out:
            np.savez_compressed(out, **arrays)
        tmp_info.write_text(json.dumps(meta))
        os.replace(tmp_info, info)  # the json first: a reader waits for the .npz
        os.replace(tmp_npz, npz)
        return npz

    @property
    def trained_from(self) -> dict[str, str]:
        """The fingerprints of the code and the parameters this model was trained with."""
        return {"code": self.report.code,
                "params": params_fingerprint(TrainingParams(**self.report.params))}

    @classmethod
    def load(cls, directory: Path, params: TrainingParams | None = None) -> CategoryModel:
        """Read a saved model; a missing, foreign or older file raises ModelFileError, and
        so does one trained by other code or, when `params` are given, with other ones."""
        npz, info = directory / f"{STEM}.npz", directory / f"{STEM}.json"
        if not npz.exists() or not info.exists():
            raise ModelFileError(f"no categorisation model in {directory}")
        meta = json.loads(info.read_text())
        if meta.get("format") != FORMAT or meta.get("version") != VERSION:
            raise ModelFileError(f"{info} is not a version {VERSION} categorisation model")
        trained_from = meta.get("trained_from") or {}
        if trained_from.get("code") != code_fingerprint():
            raise ModelFileError(
                f"{info} was trained by other code (fingerprint "
                f"{trained_from.get('code', 'none')}, this code's is {code_fingerprint()})")
        if params is not None and trained_from.get("params") != params_fingerprint(params):
            raise ModelFileError(f"{info} was trained with other parameters than {params}")
        with np.load(npz, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        featuriser = Featuriser.from_state(arrays, meta)
        return cls(featuriser, arrays["coef"], arrays["intercept"], meta["categories"],
                   meta["temperature"], TrainingReport(**meta["report"]))


class ModelFileError(Exception):
    """The model file is missing, not one this code can read, or trained by other code."""


@functools.cache
def code_fingerprint() -> str:
    """A hash of the source of the modules a model is trained from (and of this one)."""
    digest = hashlib.sha256()
    for path in sorted({Path(m.__file__) for m in TRAINED_FROM} | {Path(__file__)},
                       key=lambda p: p.name):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return digest.hexdigest()[:16]


def params_fingerprint(params: TrainingParams) -> str:
    """A hash of the training parameters (their names and values)."""
    text = json.dumps(asdict(params), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def _fit(examples: Sequence[Labelled], weights: np.ndarray, params: TrainingParams
         ) -> tuple[Featuriser, np.ndarray, np.ndarray, list[str]]:
    cleaned = [clean(e.description) for e in examples]
    amounts = [e.amount_minor for e in examples]
    featuriser, features = Featuriser.fit_transform(
        cleaned, amounts, char_min_df=params.char_min_df, word_min_df=params.word_min_df,
        max_char_features=params.max_char_features, amount_scale=params.amount_scale)
    labels = np.array([KEYS.index(e.category) for e in examples])
    svm = LinearSVC(C=params.c, dual=True, random_state=params.seed, max_iter=2000)
    svm.fit(features, labels, sample_weight=weights)
    # Every category is in the generated data, so the classes are all 19, in KEYS order.
    categories = [KEYS[i] for i in svm.classes_]
    return featuriser, svm.coef_, svm.intercept_, categories


def fit_temperature(scores: np.ndarray, labels: np.ndarray) -> float:
    """The temperature minimising the negative log-likelihood of the true labels."""
    def loss(log_t: float) -> float:
        probabilities = softmax(scores / np.exp(log_t))
        return -float(np.mean(np.log(probabilities[np.arange(len(labels)), labels] + 1e-12)))
    return float(np.exp(minimize_scalar(loss, bounds=(-5, 3), method="bounded").x))


def _calibrated_temperature(params: TrainingParams) -> float:
    """Fit on the training part, score the held-out part: the temperature for new merchants."""
    rows = params.calibration_rows
    seen = generate(rows * 2, seed=params.seed + 1, part="train")
    featuriser, coef, intercept, categories = _fit(seen, np.ones(len(seen)), params)
    probe = CategoryModel(featuriser, coef, intercept, categories, 1.0,
                          TrainingReport(0, 0, 0, 1.0, 0.0))
    unseen = generate(rows, seed=params.seed + 2, part="heldout")
    scores = probe.scores([clean(e.description) for e in unseen],
                          [amount_key(e.amount_minor) for e in unseen])
    labels = np.array([categories.index(e.category) for e in unseen])
    return fit_temperature(scores, labels)


def train(corrections: Iterable[Labelled] = (), params: TrainingParams | None = None,
          *, part: str = "all") -> CategoryModel:
    """Train on generated examples of `part` plus `corrections` (each weighted up)."""
    params = params or TrainingParams()
    started = time.perf_counter()
    extra = [c for c in corrections if c.category in KEYS]
    generated = generate(params.rows, seed=params.seed, part=part, cover=True)
    examples: list[Labelled] = [*generated, *extra]
    weights = np.ones(len(examples))
    weights[len(generated):] = params.correction_weight
    featuriser, coef, intercept, categories = _fit(examples, weights, params)
    temperature = _calibrated_temperature(params) if params.calibration_rows else 1.0
    report = TrainingReport(rows=params.rows, corrections=len(extra),
                            features=featuriser.n_features, temperature=temperature,
                            seconds=round(time.perf_counter() - started, 2),
                            params=asdict(params), code=code_fingerprint())
    return CategoryModel(featuriser, coef, intercept, categories, temperature, report)
