"""The challenge phrase: random words from a fixed list and random digits, in a random order.

Fresh words make splicing expensive: to forge "pencil 7 left 2 9 4" from earlier recordings
an attacker needs this customer saying each of those words, not only the ten digits that
every earlier challenge (or a phone call) gives away. Words are offered only where the
kiosk's recogniser has a word grammar (English, PocketSphinx); elsewhere the phrase is
digits only and the continuity check (shared/speech/continuity.py) carries the load.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from shared.speech.commands import EN_DIGITS, KO_DIGITS
from shared.speech.stt import Grammar, digits_grammar

# Chosen for distinctness: no two share a stressed vowel and first consonant, none sounds
# like a digit ("eight"/"ate", "four"/"for", "two"/"to") or a command, all are in the
# CMU dictionary PocketSphinx uses, and most have two syllables (one-syllable words are
# the ones a grammar search pads or drops). left, right, back and front are the kiosk's
# navigation words, measured in the command grammar on real clips (docs/BENCHMARKS.md).
# "river" and "back" were dropped: in 150 espeak-ng phrases PocketSphinx heard them as
# "window", "left" and "garden" (docs/VOICE.md, Liveness, has the phrase misread rates).
EN_CHALLENGE_WORDS = (
    "apple", "yellow", "garden", "window", "orange", "purple", "rabbit", "tiger",
    "pencil", "castle", "silver", "left", "right", "front",
)
# Recognisers with a word grammar for the challenge, by language.
CHALLENGE_WORDS = {"en": EN_CHALLENGE_WORDS}
DIGIT_NAMES = {value: word for word, value in reversed(EN_DIGITS.items())}  # 0 -> "zero"


def challenge_words(language: str) -> tuple[str, ...]:
    """Return the word list for a recogniser language (empty: digits only)."""
    return CHALLENGE_WORDS.get(language.lower()[:2], ())


def randbelow(n: int) -> int:
    """The system's secure random source (tests pass a seeded one instead)."""
    return secrets.randbelow(n)


@dataclass(frozen=True)
class Phrase:
    """Tokens to say in order: list words and single digits ("pencil 7 left 2 9 4")."""

    tokens: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Phrase:
        return cls(tuple(text.split()))

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    @property
    def digits(self) -> str:
        return "".join(t for t in self.tokens if t.isdigit())

    @property
    def has_words(self) -> bool:
        return any(not t.isdigit() for t in self.tokens)

    def spoken(self) -> str:
        """Return the phrase as the words a customer says ("pencil seven left two nine four")."""
        return " ".join(DIGIT_NAMES[int(t)] if t.isdigit() else t for t in self.tokens)


def random_phrase(
    words: tuple[str, ...], word_count: int, digit_count: int,
    rand: Callable[[int], int] = randbelow,
) -> Phrase:
    """Draw `word_count` words (distinct) and `digit_count` digits, shuffled together."""
    if word_count > len(words):
        raise ValueError(f"{word_count} words asked for, the list has {len(words)}")
    pool = list(words)
    tokens = [pool.pop(rand(len(pool))) for _ in range(word_count)]
    tokens += [str(rand(10)) for _ in range(digit_count)]
    for i in range(len(tokens) - 1, 0, -1):  # Fisher-Yates with the same source
        j = rand(i + 1)
        tokens[i], tokens[j] = tokens[j], tokens[i]
    return Phrase(tuple(tokens))


def phrase_grammar(language: str, phrase: Phrase) -> Grammar:
    """Return a grammar of exactly the phrase's pattern: a list word or a digit per slot.

    Each slot allows any list word (or any digit), so a misheard answer is heard as what
    it sounds like rather than forced onto the expected text; the pattern's length stops
    the search padding the answer with words heard in breath (as for digits alone).
    """
    base = digits_grammar(language)
    words = challenge_words(language)
    if not base.jsgf:  # Vosk: a word list, no sequence constraint
        return Grammar("phrase", base.language, base.phrases + words)
    slots = " ".join("<d>" if t.isdigit() else "<w>" for t in phrase.tokens)
    rules = [f"<d> = {' | '.join(EN_DIGITS)};"]
    if words:
        rules.append(f"<w> = {' | '.join(words)};")
    jsgf = "\n".join(["#JSGF V1.0;", "grammar phrase;", *rules, f"public <phrase> = {slots};", ""])
    return Grammar("phrase", base.language, tuple(EN_DIGITS) + words, jsgf)


def heard_phrase(text: str, language: str) -> Phrase:
    """Return what a transcript says as phrase tokens (digit words become digits)."""
    table = KO_DIGITS if language.lower().startswith("ko") else EN_DIGITS
    return Phrase(tuple(str(table[w]) if w in table else w for w in text.lower().split()))
