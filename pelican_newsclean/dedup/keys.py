"""Comparison keys: the text two paragraphs are compared by, and its words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# ---------------------------------------------------------------------------
# Comparison key: an ordered table of small named steps


@dataclass(frozen=True)
class KeyStep:
    """One normalisation step of :func:`comparison_key`."""

    name: str
    function: Callable[[str], str]
    why: str


def _nfkc(text: str) -> str:
    """Compatibility-normalise: ``ﬁ`` → ``fi``, ``…`` → ``...``, U+00A0 → space, e + ◌́ → é."""
    return unicodedata.normalize("NFKC", text)


# The folds below replace one character at a time: str.replace finds a character
# with memchr, and returns at once when the text is too narrow to hold it (most
# text is Latin-1), where a regex class tests every character in turn. The
# characters are kept as tuples: iterating over a str would build each one anew.
_INVISIBLE = tuple(
    "\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)


def _drop_invisible(text: str) -> str:
    """Drop zero-width spaces and joiners, bidi marks, soft hyphens: ``co\\u200bop`` → ``coop``."""
    return _replace_each(text, _INVISIBLE, "")


def _replace_each(text: str, chars: tuple[str, ...], new: str) -> str:
    for char in chars:
        text = text.replace(char, new)
    return text


def _casefold(text: str) -> str:
    """Case-fold: ``Élysée`` → ``élysée``."""
    return text.casefold()


_QUOTES = tuple('"“”„‟«»‹›‘’‚‛′″`´')


def _fold_quotes(text: str) -> str:
    """Every quote and apostrophe becomes ``'``: ``«a»``, ``“a”``, ``"a"`` → ``'a'``."""
    return _replace_each(text, _QUOTES, "'")


_DASHES = tuple("‐‑‒–—―−⁃")


def _fold_dashes(text: str) -> str:
    """Every dash becomes ``-``: ``Paris — AFP`` → ``Paris - AFP``."""
    return _replace_each(text, _DASHES, "-")


def _fold_spaces(text: str) -> str:
    """Runs of any space (tab, newline, U+202F...) become one space, none at the ends."""
    # Most text is folded already: every space but U+0020 is unprintable, so a
    # printable text without a double or edge space has nothing to fold.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


# (space beside a mark, the mark alone): a space follows an opening mark, precedes a closing one.
_TIGHTENED = tuple((f"{c} ", c) for c in "([{'") + tuple((f" {c}", c) for c in ".,;:!?%…)]}'€$£")


def _tighten_punctuation(text: str) -> str:
    """Drop spaces next to punctuation: ``« a » !`` and ``«a»!`` compare equal."""
    # One replace per pair, as fast as the folds above. Dropping a space never
    # makes a new pair for a later replace to find (that would take two spaces
    # in a row, of which it drops the first only), so the result is the one of
    # dropping every space that follows an opening mark or precedes a closing one.
    for pair, mark in _TIGHTENED:
        if mark in text:  # memchr: much faster than looking for the pair
            text = text.replace(pair, mark)
    return text


_DIGIT_GROUP_RE = re.compile(r" (?<=\d )(?=\d{3}(?!\d))")


def _join_digit_groups(text: str) -> str:
    """Join thousands groups: ``12 000`` (as typography writes it) → ``12000``."""
    return _DIGIT_GROUP_RE.sub("", text)


_COMMON_EDGE_NOISE = " .,;:!?'()-"  # all of them punctuation or space (_is_edge_noise)


def _strip_edges(text: str) -> str:
    """Drop spaces and punctuation around the text: ``— Oui.`` → ``oui``."""
    # The usual noise goes in one C call; letters and digits are no noise, so a
    # text that then starts and ends with one is done.
    text = text.strip(_COMMON_EDGE_NOISE)
    if text[:1].isalnum() and text[-1:].isalnum():
        return text
    start, end = 0, len(text)
    while start < end and _is_edge_noise(text[start]):
        start += 1
    while end > start and _is_edge_noise(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_edge_noise(char: str) -> bool:
    return unicodedata.category(char)[0] in "PZC"


#: The ordered normalisation of :func:`comparison_key`.
KEY_STEPS: tuple[KeyStep, ...] = (
    KeyStep("nfkc", _nfkc, "compatibility forms, composed accents, no-break spaces"),
    KeyStep("drop_invisible", _drop_invisible, "zero-width and bidi marks scrapers leave"),
    KeyStep("casefold", _casefold, "case is not content"),
    KeyStep("fold_quotes", _fold_quotes, "quote style is typography, not content"),
    KeyStep("fold_dashes", _fold_dashes, "dash style is typography, not content"),
    KeyStep("fold_spaces", _fold_spaces, "space kinds and line breaks are layout"),
    KeyStep("tighten_punctuation", _tighten_punctuation, "French spacing rules add spaces"),
    KeyStep("join_digit_groups", _join_digit_groups, "typography groups thousands"),
    KeyStep("strip_edges", _strip_edges, "surrounding punctuation and spaces"),
)


def comparison_key(text: str) -> str:
    """The text two paragraphs are compared by (see :data:`KEY_STEPS`).

    >>> comparison_key("«\\u00a0Coopération\\u00a0» !") == comparison_key('"coopération"!')
    True
    """
    for step in KEY_STEPS:
        text = step.function(text)
    return text


def comparison_keys(texts: Iterable[str]) -> list[str]:
    """:func:`comparison_key` of each text, each step run once over many of them.

    >>> comparison_keys(["« Oui »,  dit-il.", "", "Paris — 12 000 €"])
    ["oui', dit-il", '', 'paris - 12000€']
    """
    texts = list(texts)
    # A step costs more to call than to read a paragraph: join the texts, and
    # step through them all at once. Latin-1 texts apart: a fold skips a text
    # too narrow to hold its character, which a wider one joined to it would undo.
    narrow: list[str] = []
    wide: list[str] = []
    for text in dict.fromkeys(texts):
        (narrow if len(text.encode("latin-1", "ignore")) == len(text) else wide).append(text)
    keys = dict(zip(narrow, _joined_keys(narrow), strict=True))
    keys.update(zip(wide, _joined_keys(wide), strict=True))
    return [keys[text] for text in texts]


# Joins texts for comparison_keys: printable (the fold_spaces shortcut holds),
# Latin-1, no space nor digit nor punctuation any step acts on, and a starter NFKC
# never composes with a neighbour nor reorders a mark across.
_SEPARATOR = "\u00a6"  # ¦


def _joined_keys(texts: list[str]) -> list[str]:
    joined = _SEPARATOR.join(texts)
    if len(texts) < 2 or joined.count(_SEPARATOR) != len(texts) - 1:
        return list(map(comparison_key, texts))  # nothing to share, or a text holds it
    # Each step but the last reads a character with its neighbours at most, and
    # none acts on the separator. The spaces fold_spaces leaves beside it (a text's
    # edge spaces) are for the last step, strip_edges, run text by text, to drop.
    *inner, last = KEY_STEPS
    for step in inner:
        joined = step.function(joined)
    return list(map(last.function, joined.split(_SEPARATOR)))


def explain_key(text: str) -> list[tuple[str, str]]:
    """Each step of :func:`comparison_key` that changed ``text``, with its result.

    >>> [name for name, _ in explain_key("Lire aussi :")]
    ['casefold', 'tighten_punctuation', 'strip_edges']
    """
    steps = []
    for step in KEY_STEPS:
        new = step.function(text)
        if new != text:
            steps.append((step.name, new))
        text = new
    return steps


_WORD_RE = re.compile(r"\w+")
# The punctuation keys hold most often (none of it in \w).
_KEY_PUNCTUATION = tuple("',.-():;!?%/")


def key_words(key: str) -> list[str]:
    """The word tokens of a key, as n-grams and alignments use them."""
    # The runs of \w, found faster than by the regex: with the usual punctuation
    # turned to spaces, the split gives them when what is left is letters and
    # digits only (no space is a word character); otherwise ask the regex.
    words = _replace_each(key, _KEY_PUNCTUATION, " ").split()
    if "".join(words).isalnum():
        return words
    return _WORD_RE.findall(key)


# engine jumps from one space (or "h") to the next, where a pattern starting with
# \d would look up the Unicode category of every character.
_DIGIT_SPACE_RE = re.compile(r" (?<=\d )(?:h (?=\d)|(?=[^\W\d_]))")  # 20 km, 14 h 30
_DIGIT_H_RE = re.compile(r"h(?<=\dh) (?=\d)")  # 14h 30
_BETWEEN_DASHES_RE = re.compile(r"(?<=-) (?=-)")


def _typography_spaces(key: str) -> int:
    """How many spaces of a key the typography stage may have added."""
    count = key.count(" -") + key.count("- ")
    if count and "- -" in key:
        count -= len(_BETWEEN_DASHES_RE.findall(key))  # counted on both sides
    digit_spaces = _DIGIT_SPACE_RE.findall(key)
    if digit_spaces:
        count += "".join(digit_spaces).count(" ")
    return count + len(_DIGIT_H_RE.findall(key))


def key_size(key: str) -> tuple[int, int]:
    """Characters and words of a comparison key, not counting spaces the typography
    stage may add: a paragraph too short to remove must stay so when the pipeline
    runs again.

    >>> key_size("départ à 14h30 pour 20km"), key_size("départ à 14 h 30 pour 20 km")
    ((23, 4), (23, 4))
    """
    if not key:
        return 0, 0
    added = _typography_spaces(key)
    return len(key) - added, key.count(" ") + 1 - added
