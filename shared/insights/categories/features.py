"""What the classifier sees of a transaction: letters, words and the amount's shape.

Three blocks side by side: TF-IDF of character 2-5-grams of the cleaned narrative (within
words, so a truncated or misspelt merchant still shares most of its n-grams); TF-IDF of its
words and word pairs, plus each word again marked as money in (a refund from AMAZON is not
shopping); and the amount as one-hot columns: its sign, its size on a log scale, and
whether it is round (cash, transfers) or ends in .99 (subscriptions).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Final

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

# |amount| in major units: the upper edges of the size bins (a last bin holds the rest).
SIZE_EDGES: Final = (1, 2, 3, 5, 8, 12, 20, 35, 60, 100, 200, 400, 800, 1500, 3000)
_BINS: Final = len(SIZE_EDGES) + 1
_FLAGS: Final = 4  # whole units, multiple of 10, multiple of 50, ends in .99
AMOUNT_COLUMNS: Final = 2 + 2 * _BINS + 2 * _FLAGS


def amount_key(amount_minor: int) -> int:
    """A small integer that says everything the features take from an amount."""
    size = abs(amount_minor)
    inward = 1 if amount_minor > 0 else 0
    size_bin = bisect.bisect_left(SIZE_EDGES, size / 100)
    flags = ((size % 100 == 0) | (size % 1000 == 0) << 1 | (size % 5000 == 0) << 2
             | (size % 100 == 99) << 3)
    return (inward * _BINS + size_bin) * 16 + flags


def _amount_columns(key: int) -> list[int]:
    flags, rest = key % 16, key // 16
    inward, size_bin = divmod(rest, _BINS)
    columns = [inward, 2 + inward * _BINS + size_bin]
    base = 2 + 2 * _BINS + inward * _FLAGS
    columns += [base + bit for bit in range(_FLAGS) if flags >> bit & 1]
    return columns


def _word_inputs(cleaned: Sequence[str], amount_keys: Sequence[int]) -> list[str]:
    """The word block's input: the direction first, so money-in words can be marked."""
    return [("+ " if key // 16 >= _BINS else "- ") + text
            for text, key in zip(cleaned, amount_keys, strict=True)]


def word_terms(text: str) -> list[str]:
    """Words, word pairs, and for money in each word again prefixed with `+`."""
    direction, _, rest = text.partition(" ")
    words = rest.split()
    terms = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    if direction == "+":
        terms += ["+" + w for w in words]
    return terms


class Featuriser:
    """Turns cleaned narratives and amounts into one sparse row each."""

    def __init__(self, chars: TfidfVectorizer, words: TfidfVectorizer, amount_scale: float):
        self.chars, self.words, self.amount_scale = chars, words, amount_scale
        self.n_char = len(chars.vocabulary_)
        self.n_word = len(words.vocabulary_)
        self.n_features = self.n_char + self.n_word + AMOUNT_COLUMNS

    @classmethod
    def fit_transform(cls, cleaned: Sequence[str], amounts_minor: Sequence[int], *,
                      char_min_df: int, word_min_df: int, max_char_features: int,
                      amount_scale: float) -> tuple[Featuriser, sparse.csr_matrix]:
        """Learn the vocabularies from these rows; return the featuriser and their rows."""
        chars = _char_vectoriser(min_df=char_min_df, max_features=max_char_features)
        words = _word_vectoriser(min_df=word_min_df)
        keys = [amount_key(a) for a in amounts_minor]
        char_rows = chars.fit_transform(cleaned)
        word_rows = words.fit_transform(_word_inputs(cleaned, keys))
        featuriser = cls(chars, words, amount_scale)
        return featuriser, featuriser._stack(char_rows, word_rows, keys)

    def transform(self, cleaned: Sequence[str], amount_keys: Sequence[int]) -> sparse.csr_matrix:
        return self._stack(self.chars.transform(cleaned),
                           self.words.transform(_word_inputs(cleaned, amount_keys)), amount_keys)

    def _stack(self, char_rows, word_rows, amount_keys: Sequence[int]) -> sparse.csr_matrix:
        columns = [_amount_columns(k) for k in amount_keys]
        indptr = np.cumsum([0] + [len(c) for c in columns])
        indices = np.fromiter((c for row in columns for c in row), dtype=np.int32,
                              count=int(indptr[-1]))
        data = np.full(len(indices), self.amount_scale, dtype=np.float32)
        amounts = sparse.csr_matrix((data, indices, indptr),
                                    shape=(len(amount_keys), AMOUNT_COLUMNS))
        return sparse.hstack([char_rows, word_rows, amounts], format="csr", dtype=np.float32)

    def state(self) -> tuple[dict[str, np.ndarray], dict]:
        """Arrays and JSON-able data that rebuild this featuriser without running code."""
        arrays = {"char_idf": self.chars.idf_.astype(np.float64),
                  "word_idf": self.words.idf_.astype(np.float64)}
        meta = {"char_vocabulary": _ordered(self.chars.vocabulary_),
                "word_vocabulary": _ordered(self.words.vocabulary_),
                "amount_scale": self.amount_scale}
        return arrays, meta

    @classmethod
    def from_state(cls, arrays: dict[str, np.ndarray], meta: dict) -> Featuriser:
        chars = _char_vectoriser(
            vocabulary={t: i for i, t in enumerate(meta["char_vocabulary"])})
        chars.idf_ = arrays["char_idf"]
        words = _word_vectoriser(
            vocabulary={t: i for i, t in enumerate(meta["word_vocabulary"])})
        words.idf_ = arrays["word_idf"]
        return cls(chars, words, float(meta["amount_scale"]))


def _char_vectoriser(**options) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=False,
                           sublinear_tf=True, dtype=np.float32, **options)


def _word_vectoriser(**options) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=word_terms, lowercase=False, sublinear_tf=True,
                           dtype=np.float32, **options)


def _ordered(vocabulary: dict[str, int]) -> list[str]:
    terms = [""] * len(vocabulary)
    for term, index in vocabulary.items():
        terms[index] = term
    return terms
