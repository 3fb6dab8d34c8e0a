"""The generator covers the taxonomy, repeats itself from a seed, and splits cleanly."""

from __future__ import annotations

from collections import Counter

from shared.insights.categories.generator import generate
from shared.insights.taxonomy import KEYS


def test_every_category_is_generated_with_plausible_signs():
    examples = generate(6_000, seed=3)
    counts = Counter(e.category for e in examples)
    assert set(counts) == set(KEYS)
    assert min(counts.values()) > 100
    signs = {c: {e.amount_minor > 0 for e in examples if e.category == c} for c in KEYS}
    assert signs["salary"] == {True}
    for spending in ("groceries", "coffee", "eating_out", "shopping", "fees", "housing"):
        assert signs[spending] == {False}, spending
    assert signs["own_transfer"] == signs["savings_investments"] == signs["cash"] == {True, False}
    assert all(e.amount_minor != 0 and e.description.strip() for e in examples)


def test_the_same_seed_gives_the_same_rows_and_another_seed_others():
    assert generate(300, seed=1) == generate(300, seed=1)
    assert generate(300, seed=1) != generate(300, seed=2)


def test_train_and_heldout_share_no_merchant_and_no_template():
    train = generate(5_000, seed=4, part="train")
    heldout = generate(5_000, seed=4, part="heldout")
    people = {"person"}  # private people are not merchants: random names on both sides
    assert {e.merchant for e in train} & {e.merchant for e in heldout} <= people
    assert not {e.template for e in train} & {e.template for e in heldout}
    assert {e.category for e in heldout} == set(KEYS)


def test_narratives_are_varied_and_noisy():
    texts = [e.description for e in generate(3_000, seed=5)]
    assert len(set(texts)) > 0.95 * len(texts)
    assert sum(t.isupper() for t in texts) > 0.3 * len(texts)
    assert sum(not t.isupper() for t in texts) > 0.2 * len(texts)
    assert any(t.startswith("DD ") for t in texts) and any("PAYPAL *" in t for t in texts)


def test_cover_starts_with_every_spelling_of_every_listed_merchant():
    from shared.insights.categories.gazetteer import COFFEE

    covered = generate(9_000, seed=6, cover=True)
    spellings = {spelling for merchant in COFFEE for spelling in merchant}
    printed = " ".join(e.description.lower().replace("'", "") for e in covered[:9_000])
    assert sum(s.lower().replace("'", "")[:6] in printed for s in spellings) > 0.95 * len(spellings)
    assert generate(50, seed=6, cover=True) == covered[:50]
