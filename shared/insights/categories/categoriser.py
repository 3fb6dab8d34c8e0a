"""The categoriser the app uses: the saved model, loaded on first use, with a cache.

The model lives in `InsightsSettings.model_dir` (empty: `app.data_dir/models`). When it is
missing, or was trained by other code (model.py's fingerprint) or with other parameters
than the ones this categoriser was given, the first call trains it once from generated
data (and the corrections callable's rows, if one is given, e.g.
`lambda: read_corrections(session)`), saves it and logs why and a line;
`smartbranch insights train` does the same on purpose, with every staff correction.

Statements repeat themselves (the same coffee shop every morning), so predictions are kept
per process, keyed by the exact narrative and by its cleaned text, each with the amount's
feature key: a repeat costs a dictionary look-up, a new date or reference on a known
merchant costs a cleaning, and only a new cleaned text reaches the model.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.insights.categories.clean import clean
from shared.insights.categories.evaluate import LabelledRow
from shared.insights.categories.features import amount_key
from shared.insights.categories.model import (
    CategoryModel,
    Labelled,
    ModelFileError,
    Prediction,
    TrainingParams,
    train,
)
from shared.insights.movements import Movement
from shared.models.insights import CategoryCorrection

log = logging.getLogger(__name__)
CACHE_SIZE: Final = 200_000  # entries per cache; both are emptied when one fills up


def model_dir_for(settings) -> Path:
    """Where the settings say the model lives: insights.model_dir, else data_dir/models."""
    configured = settings.insights.model_dir
    return Path(configured) if configured else Path(settings.app.data_dir) / "models"


def read_corrections(session: Session) -> list[LabelledRow]:
    """Every staff correction, as training rows (read now, usable after the session ends)."""
    rows = session.execute(select(CategoryCorrection.description,
                                  CategoryCorrection.amount_minor,
                                  CategoryCorrection.category)
                           .order_by(CategoryCorrection.id)).all()
    return [LabelledRow(r.description, r.amount_minor, r.category) for r in rows]


class Categoriser:
    """Batch categorisation with the saved model and a per-process cache."""

    def __init__(self, model_dir: Path, *, review_below: float = 0.6,
                 corrections: Callable[[], Iterable[Labelled]] | None = None,
                 params: TrainingParams | None = None, model: CategoryModel | None = None):
        self.model_dir = Path(model_dir)
        self.review_below = review_below
        self._corrections = corrections
        self._params = params
        self._model = model
        self._lock = threading.Lock()
        self._by_text: dict[tuple[str, int], Prediction] = {}
        self._by_clean: dict[tuple[str, int], Prediction] = {}
        self.trained_now = False  # this process had to train the model (no file was there)

    @property
    def model(self) -> CategoryModel:
        """The saved model, loaded once; trained and saved first if there is none."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load_or_train()
        return self._model

    def _load_or_train(self) -> CategoryModel:
        try:
            return CategoryModel.load(self.model_dir, self._params)
        except ModelFileError as exc:
            log.warning("%s: training the categorisation model once", exc)
        extra = list(self._corrections()) if self._corrections else []
        model = train(extra, self._params)
        path = model.save(self.model_dir)
        self.trained_now = True
        log.warning("trained the categorisation model in %.1f s (%d generated rows, "
                    "%d corrections): %s", model.report.seconds, model.report.rows,
                    model.report.corrections, path)
        return model

    def reload(self) -> None:
        """Drop the model and the caches; the next call reads the file again (after a retrain)."""
        with self._lock:
            self._model = None
            self._by_text.clear()
            self._by_clean.clear()

    def categorise(self, descriptions: Sequence[str],
                   amounts_minor: Sequence[int]) -> list[Prediction]:
        """(category, confidence, review) of each narrative and its signed minor units."""
        if len(descriptions) != len(amounts_minor):
            raise ValueError("one amount per description")
        if len(self._by_text) > CACHE_SIZE or len(self._by_clean) > CACHE_SIZE:
            self._by_text.clear()
            self._by_clean.clear()
        by_text, by_clean = self._by_text, self._by_clean
        results: list[Prediction | None] = [None] * len(descriptions)
        waiting: dict[tuple[str, int], list[int]] = {}
        for i, (description, amount) in enumerate(zip(descriptions, amounts_minor, strict=True)):
            key = amount_key(amount)
            found = by_text.get((description, key))
            if found is None:
                cleaned = (clean(description), key)
                found = by_clean.get(cleaned)
                if found is None:
                    waiting.setdefault(cleaned, []).append(i)
                    continue
                by_text[(description, key)] = found
            results[i] = found
        if waiting:
            asked = list(waiting)
            predicted = self.model.predict_cleaned([c for c, _ in asked], [k for _, k in asked])
            for cleaned, prediction in zip(asked, predicted, strict=True):
                prediction = replace(prediction,
                                     review=prediction.confidence < self.review_below)
                by_clean[cleaned] = prediction
                for i in waiting[cleaned]:
                    results[i] = prediction
                    by_text[(descriptions[i], cleaned[1])] = prediction
        return results  # type: ignore[return-value] - every slot is filled above

    def categorise_movements(self, movements: Sequence[Movement]) -> list[Prediction]:
        """Categorise movements by their description (the counterparty where it is empty)."""
        return self.categorise([m.description or m.counterparty for m in movements],
                               [m.amount_minor for m in movements])


@functools.lru_cache(maxsize=4)
def _shared_categoriser(model_dir: Path, review_below: float) -> Categoriser:
    return Categoriser(model_dir, review_below=review_below)


def categoriser_for(settings) -> Categoriser:
    """This process's categoriser for these settings (one per model directory and threshold)."""
    return _shared_categoriser(model_dir_for(settings).resolve(), settings.insights.review_below)
