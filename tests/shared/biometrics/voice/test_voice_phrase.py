"""The challenge phrase: drawn from the list and the digits, held to its pattern, read back."""

import random
from collections import Counter

from shared.biometrics.voice.phrase import (
    EN_CHALLENGE_WORDS,
    Phrase,
    challenge_words,
    heard_phrase,
    phrase_grammar,
    random_phrase,
)
from shared.speech.commands import EN_DIGITS


def test_a_phrase_has_distinct_list_words_and_digits_in_a_drawn_order():
    rand = random.Random(1).randrange
    phrases = [random_phrase(EN_CHALLENGE_WORDS, 2, 4, rand) for _ in range(400)]
    for phrase in phrases:
        words = [t for t in phrase.tokens if not t.isdigit()]
        assert len(words) == len(set(words)) == 2 and set(words) <= set(EN_CHALLENGE_WORDS)
        assert len(phrase.digits) == 4
    # The words' places vary: each of the six slots holds a word in some phrase.
    slots = Counter(i for p in phrases for i, t in enumerate(p.tokens) if not t.isdigit())
    assert set(slots) == set(range(6))


def test_the_list_words_are_apart_from_the_digits_and_only_english_has_them():
    assert not set(EN_CHALLENGE_WORDS) & set(EN_DIGITS)
    assert challenge_words("en") == challenge_words("en-US") == EN_CHALLENGE_WORDS
    assert challenge_words("ko") == ()


def test_the_grammar_follows_the_pattern_and_vosk_gets_a_word_list():
    phrase = Phrase.parse("pencil 7 left 2 9 4")
    grammar = phrase_grammar("en", phrase)
    assert "public <phrase> = <w> <d> <w> <d> <d> <d>;" in grammar.jsgf
    assert "<w> = apple | yellow" in grammar.jsgf and "seven" in grammar.jsgf
    korean = phrase_grammar("ko", Phrase(tuple("1234")))
    assert korean.jsgf == "" and "일" in korean.phrases


def test_a_transcript_reads_back_as_the_phrase():
    phrase = Phrase.parse("pencil 7 left 2 9 0")
    assert phrase.spoken() == "pencil seven left two nine zero"
    assert heard_phrase("pencil seven left two nine oh", "en") == phrase
    assert heard_phrase("pencil seven right two nine oh", "en") != phrase
    assert heard_phrase("일 이 삼 사", "ko") == Phrase(tuple("1234"))
