"""Categorisation: accuracy on merchants and statement styles never seen, and throughput.

Method. A model is trained (the shipped model's parameters) on the generator's `train`
part, then scored on the `heldout` part: no merchant, payer or bank phrase and no
narrative template in common, so the figure is what it does with a new merchant printed
by a bank in a new way (what another bank's statement mostly is), not what it remembers.
It is also scored on fresh rows of its own part (`seen`: known merchants and styles, new
dates, references, amounts, truncations), the usual random held-out figure. The
keyword-rules baseline (shared.insights.categories.baseline) is scored on the same rows.

Throughput, on one core: `uncached` is the model alone on distinct narratives;
`repeats` is a stream of narratives drawn with repetition from a few thousand (a
branch's customers meet the same merchants again and again) through the categoriser and
its cache; `repeats_new_dates` is the same stream with a new date and reference on every
line (only the cleaned-text cache helps); `fresh_stream` is generated narratives in order,
nearly all new even once cleaned (the model's own speed, batched).

Run: `bench_insights_categories()` returns one dict (the `smartbranch bench insights`
command prints it as JSON).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

TARGETS = {"seen_accuracy": 0.92, "seen_macro_f1": 0.85}


def _figures(model, examples) -> dict:
    from shared.insights.categories.baseline import baseline_categories
    from shared.insights.categories.evaluate import scores

    descriptions = [e.description for e in examples]
    amounts = [e.amount_minor for e in examples]
    truth = [e.category for e in examples]
    predicted = model.predict(descriptions, amounts)
    result = scores(truth, [p.category for p in predicted])
    result["baseline"] = scores(truth, baseline_categories(descriptions, amounts))
    return result


def _rate(count: int, seconds: float) -> int:
    return int(count / seconds) if seconds > 0 else 0


def _throughput(model, seed: int, stream_rows: int, distinct: int) -> dict:
    from shared.insights.categories.categoriser import Categoriser
    from shared.insights.categories.generator import generate

    pool = generate(distinct, seed=seed + 10, part="all")
    texts = [e.description for e in pool]
    amounts = [e.amount_minor for e in pool]
    started = time.perf_counter()
    model.predict(texts, amounts)
    uncached = _rate(len(pool), time.perf_counter() - started)

    rng = random.Random(seed)
    picks = [rng.randrange(distinct) for _ in range(stream_rows)]
    stream_texts = [texts[i] for i in picks]
    stream_amounts = [amounts[i] for i in picks]
    categoriser = Categoriser(Path("."), model=model)
    started = time.perf_counter()
    for start in range(0, stream_rows, 1000):  # in batches, as the engine calls it
        categoriser.categorise(stream_texts[start:start + 1000],
                               stream_amounts[start:start + 1000])
    repeats = _rate(stream_rows, time.perf_counter() - started)

    # The same merchants again, each line with its own date and reference: the cleaned text
    # repeats, the narrative does not.
    dated = [f"{t} ON {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d} REF {rng.randrange(10**8)}"
             for t in stream_texts]
    categoriser = Categoriser(Path("."), model=model)
    started = time.perf_counter()
    for start in range(0, stream_rows, 1000):
        categoriser.categorise(dated[start:start + 1000], stream_amounts[start:start + 1000])
    dated_rate = _rate(stream_rows, time.perf_counter() - started)

    fresh = generate(stream_rows // 2, seed=seed + 11, part="all")
    categoriser = Categoriser(Path("."), model=model)
    started = time.perf_counter()
    for start in range(0, len(fresh), 1000):
        batch = fresh[start:start + 1000]
        categoriser.categorise([e.description for e in batch], [e.amount_minor for e in batch])
    fresh_rate = _rate(len(fresh), time.perf_counter() - started)
    return {"uncached_per_s": uncached, "repeats_per_s": repeats,
            "repeats_distinct": distinct, "repeats_rows": stream_rows,
            "repeats_new_dates_per_s": dated_rate,
            "fresh_stream_per_s": fresh_rate, "fresh_stream_rows": len(fresh)}


def bench_insights_categories(*, seed: int = 0, test_rows: int = 20_000,
                              stream_rows: int = 200_000, distinct: int = 5_000,
                              params=None) -> dict:
    """Train on the generator's train part; score unseen and seen rows; measure throughput."""
    from shared.insights.categories.generator import generate
    from shared.insights.categories.model import TrainingParams, train

    params = params or TrainingParams(seed=seed)
    started = time.perf_counter()
    model = train((), params, part="train")
    training_seconds = time.perf_counter() - started
    unseen = _figures(model, generate(test_rows, seed=seed + 100, part="heldout"))
    seen = _figures(model, generate(test_rows, seed=seed + 101, part="train"))
    figures = {
        "unseen": unseen,
        "seen": seen,
        "training_seconds": round(training_seconds, 1),
        "training_rows": params.rows,
        "throughput": _throughput(model, seed, stream_rows, distinct),
        "targets": TARGETS,
    }
    figures["meets_targets"] = (seen["accuracy"] >= TARGETS["seen_accuracy"]
                                and seen["macro_f1"] >= TARGETS["seen_macro_f1"])
    return figures
