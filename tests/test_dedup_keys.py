"""The batched comparison keys equal :func:`comparison_key` text by text.

``comparison_keys`` joins texts with a separator and runs each step once over
them all; a text's key must not depend on its neighbours. The tricky inputs
sit at the joins: combining marks and jamo that NFKC composes with what comes
before, spaces and punctuation at the edges, digit groups, folded characters.
"""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican_newsclean.dedup.keys import _SEPARATOR, comparison_key, comparison_keys

# Each one is tried at the end of a text and at the start of the next.
EDGES = (
    "",
    "a",
    "É",
    " ",
    "  ",
    "\u00a0",
    "\u202f",
    "\t",
    "\n",
    "\u2028",
    "\u3000",
    "\u0301",  # combining acute: composes with a letter before it
    "\u0327\u0301",  # two marks NFKC orders by class
    "\u0345",  # iota subscript: class 240, reordered
    "\u0f73",  # decomposes to marks
    "\u1100",  # Hangul leading jamo
    "\u1161",  # Hangul vowel jamo: composes with a leading one
    "\u11a8",  # Hangul trailing jamo
    "\u3099",  # kana voiced mark
    "\u0338",  # long solidus: composes with = < >
    "=",
    "ﬁ",
    "½",
    "١٢٣",  # Arabic-Indic digits (\d)
    "１２３",  # full-width digits: NFKC makes them ASCII
    "12",
    "000",
    " 000",
    "12 000",
    "\u200b",
    "\u00ad",
    "\ufeff",
    "«",
    "»",
    "“",
    "’",
    "'",
    "(",
    ")",
    "—",
    "-",
    "…",
    ".",
    "!",
    "€",
    "ß",
    "İ",
    "Σ",
    "\x00",
    "\x1f",
    _SEPARATOR,  # a text holding the separator: keys made one by one
    _SEPARATOR + "\u0301",
    "🙂",
)


def assert_same_keys(texts):
    assert comparison_keys(texts) == [comparison_key(t) for t in texts]


@pytest.mark.parametrize("end", EDGES)
def test_a_text_end_does_not_reach_the_next_text(end):
    for start in EDGES:
        assert_same_keys([f"Oui{end}", f"{start}non", "  Fin "])
        assert_same_keys([end, start])


@pytest.mark.parametrize(
    "texts",
    [
        [],
        ["un seul"],
        ["", ""],
        ["même", "même", "autre", "même"],
        ["  « Oui » ! ", "", "12 000 €", "— Non.", "14 h 30, 20 km"],
        ["latin-1 é", "plus large ’", "encore é", "‘guillemets’ — tirets"],
        ["1 234", "567 et 12", "345 678"],  # groups on both sides of a join
        ["( a", " ) b", "a ( ", " )"],
        ["co\u200bop\u00ad", "\u200f\u202eabc\u202c", "\ufeff"],
    ],
)
def test_keys_of_lists(texts):
    assert_same_keys(texts)


def test_random_lists_of_edge_pieces():
    rng = random.Random(20240611)
    pieces = [*EDGES, "mot", " mot ", "Mot.", "a b"]
    for _ in range(3000):
        texts = [
            "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
            for _ in range(rng.randint(0, 6))
        ]
        assert_same_keys(texts)


@given(st.lists(st.text(max_size=12), max_size=6))
def test_any_texts(texts):
    assert_same_keys(texts)


def test_pairs_of_letters_and_marks():
    # Every starter of EDGES next to every mark: what NFKC could compose.
    marks = [e for e in EDGES if e and all(not c.isalnum() and not c.isspace() for c in e)]
    for before, after in itertools.product(EDGES, marks):
        assert_same_keys([before, after, before + after])
