"""Strip repeated paragraphs (exact and near-exact repeats) from a post.

News posts built from agency feeds, copy/paste and scrapers often carry the
same paragraphs twice. :func:`strip_repeated_paragraphs` removes every block
that repeats one kept earlier in the same post, and nothing else:

- **Units** are the blocks a reader sees as paragraphs: ``p``, ``li``,
  ``blockquote``, ``h2``-``h6``, ``figcaption``, ``dd`` and ``div`` holding
  text directly. A block holding other blocks is not a unit itself (its
  children are); one holding both text and blocks is a *composite* unit,
  removed only when it repeats kept text and every block inside it goes too.
  Units are numbered from 1 in document order ("block N"); ``h1`` is numbered
  too but only removable as a title heading. Nothing inside ``pre``,
  ``code``, ``table``, ``script``, ``style`` (and the other code-like or
  invisible elements of :data:`PROTECTED_TAGS`) is a unit, compared or removed.
- **Comparison** uses the visible text through :func:`comparison_key`, an
  ordered table of small named steps (:data:`KEY_STEPS`).
- **Rules**, tried in this order on each unit that is long enough
  (``min_chars`` and ``min_words``, measured on the key):

  ``boilerplate``
      its key is one of the site-wide boilerplate keys passed in;
  ``exact-repeat``
      its key equals the key of a unit kept earlier (any distance);
  ``near-repeat-containment``
      at least ``containment`` of its distinct word ``ngram``-grams occur in
      the text kept so far (units of at least ``ngram`` + 3 words);
  ``near-repeat-similarity``
      rapidfuzz ``fuzz.ratio`` with one kept unit is at least ``similarity``
      (candidates: the kept units sharing the most n-grams and, for short
      paragraphs, the most word bigrams; never all pairs).

  A near repeat must also *add no information* to what it repeats
  (:func:`adds_information`). A word-level alignment may show typos fixed
  (each changed word one edit away, or two in a long word), quote or space
  changes, dropped words, an agency credit at the end ("(AFP)", "avec
  Reuters") or a dateline at the start ("Lyon, 3 mars (AFP) -"). Any other new
  word, a changed number, a word replaced by another, a negation added or
  dropped, or text stitched from several places keeps the paragraph. So two
  paragraphs that differ by a figure ("12 morts" / "15 morts") both stay
  however high their similarity: they say different things, and an editor
  must choose. Only an exact (key) repeat goes whatever it says. A copy that
  adds a word ("financés notamment par") stays too; one that drops a word goes.
- A unit holding inline code (``<code>`` in a ``<p>``) goes only as an exact
  repeat: code that differs by one character differs. A unit whose text is
  all code is never removed.
- ``repeated-sentence``: a run of sentences glued twice in a row inside one
  block ("S. S.") loses its later copies, when the run is long enough and the
  text to cut lies inside one text node outside code (otherwise the block is
  left as it is).
- ``remove_title_headings`` (off by default) removes headings whose key is the
  title's, reported as ``exact-repeat`` of position 0 (the title).

A removed block is spliced out of the source with the line break that follows
it (and its indentation; a run of removed blocks that ends its parent takes the
blank before it instead); the bytes of every kept block are unchanged. A
wrapper left holding only removed blocks (``li``, ``blockquote``, ``dd``,
``ul``, ``ol``, ``dl``) goes with them: removing every item of a list removes
the list, rather than leave an empty ``<ul>``. Decisions compare
with kept units only, so the stage is idempotent. Work is linear in the size
of the post: exact repeats by hashing, near repeats through inverted indexes.

    >>> from pelican_newsclean.settings import load_settings
    >>> para = "<p>Le ministre a annoncé mardi un plan de relance pour les régions.</p>"
    >>> result = strip_repeated_paragraphs(para + "\\n" + para + "\\n", load_settings({}).dedup)
    >>> result.html == para + "\\n", [c.rule for c in result.changes]
    (True, ['exact-repeat'])
"""

from __future__ import annotations

import bisect
import html as _html
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from itertools import chain
from operator import itemgetter
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Indel

from .gcpause import collection_paused
from .html import (
    BLOCK_TAGS,
    DEFAULT_SKIP_TAGS,
    INVISIBLE_TAGS,
    Element,
    Text,
    parse_fragment,
    splice,
    visible_text,
)
from .report import Change, StageResult, shorten
from .settings import Option, fraction, percentage, positive

STAGE = "dedup"


def _ngram_size(value: Any) -> bool:
    return 2 <= value <= 12


def _boilerplate_posts(value: Any) -> bool:
    return value == 0 or value >= 3


OPTIONS: tuple[Option, ...] = (
    Option("enabled", True, "Run the dedup stage.", bool),
    Option(
        "min_chars",
        50,
        "Paragraphs shorter than this many characters are never removed.",
        int,
        check=positive,
        accepted="an integer >= 1",
    ),
    Option(
        "min_words",
        8,
        "Paragraphs with fewer words than this are never removed.",
        int,
        check=positive,
        accepted="an integer >= 1",
    ),
    Option(
        "containment",
        0.8,
        "Word n-gram containment in the kept text above which a paragraph is a near repeat.",
        (int, float),
        check=fraction,
        accepted="a number between 0 and 1",
    ),
    Option(
        "similarity",
        90.0,
        "rapidfuzz ratio with one earlier paragraph above which it is a near repeat.",
        (int, float),
        check=percentage,
        accepted="a number between 0 and 100",
    ),
    Option(
        "ngram",
        5,
        "Word n-gram size of the containment measure (paragraphs of fewer than "
        "ngram + 3 words are compared by similarity only).",
        int,
        check=_ngram_size,
        accepted="an integer from 2 to 12",
    ),
    Option(
        "remove_title_headings",
        False,
        "Also remove headings (h1-h6) whose text is the post title.",
        bool,
    ),
    Option(
        "boilerplate_min_posts",
        0,
        "Remove a paragraph from every post when its text appears in at least this "
        "many posts of the site; 0 switches the site-wide pass off.",
        int,
        check=_boilerplate_posts,
        accepted="0 (off) or an integer >= 3: a paragraph shared by two posts is "
        "never enough to call it boilerplate",
    ),
    Option(
        "sentence_repeats",
        True,
        "Reduce a long sentence (or run of sentences) written twice in a row inside "
        "one paragraph to one copy.",
        bool,
    ),
)

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
    narrow, wide = [], []
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


# ---------------------------------------------------------------------------
# "Adds no information": the guard every near repeat must pass

#: Words whose appearance or disappearance turns a statement around.
NEGATIONS = frozenset("ne n pas plus jamais aucun aucune rien non sans guère nullement".split())
#: Agency names a copy may carry as a credit or dateline: "(AFP)", "Lyon (Reuters) -".
AGENCY_WORDS = frozenset(
    """afp reuters ap ats belga dpa efe ansa apa xinhua upi kyodo lusa tass ria novosti
    sputnik anadolu aps map bloomberg""".split()
)
#: Words around an agency name in a credit: "(avec AFP et Reuters)", "selon l'AFP".
CREDIT_WORDS = frozenset("avec et selon de d l la source sources agence agences".split())
_DIGIT_RE = re.compile(r"\d")
_DATELINE_WORDS = 7  # "Paris, 3 mars 2024 (AFP)"


def _typo_close(word: str, other: str) -> bool:
    """Whether two different words are spellings of one word (a typo fixed).

    One edit (a letter added, dropped, changed, or two swapped), or two in a
    word of seven letters or more; never between words holding digits.
    """
    shorter = min(len(word), len(other))
    # The distance is at least the difference in length: most pairs stop here.
    if abs(len(word) - len(other)) > (2 if shorter >= 7 else 1):
        return False
    if _DIGIT_RE.search(word) or _DIGIT_RE.search(other):
        return False
    distance = OSA.distance(word, other, score_cutoff=2)
    return distance <= 1 or (distance == 2 and shorter >= 7)


def _changed_blocks(reference: list[str], words: list[str]) -> Iterable[tuple[int, int, int, int]]:
    """Maximal runs of non-equal opcodes, merged: a replacement is one block, not two."""
    block: list[int] | None = None
    for tag, i1, i2, j1, j2 in Indel.opcodes(reference, words):
        if tag == "equal":
            if block is not None:
                yield tuple(block)  # type: ignore[misc]
                block = None
        elif block is None:
            block = [i1, i2, j1, j2]
        else:
            block[1], block[3] = i2, j2
    if block is not None:
        yield tuple(block)  # type: ignore[misc]


def adds_information(words: list[str], reference: list[str], jumps: int = 0) -> str | None:
    """Why ``words`` says something ``reference`` does not, or None.

    ``reference`` is the text the paragraph would be a repeat of. Allowed:
    dropped words, typos fixed, an agency tag at the end ("(AFP)", "avec
    Reuters"), a dateline at the start ("Lyon, 3 mars (AFP) -"), and
    ``jumps`` skips of three reference words or more between two copied
    stretches (a paragraph merging two kept ones skips what lies between them;
    one stitched from many places is new text). Any other new word, a changed
    number, an added or dropped negation is new information.

    >>> ref = "le bilan est de 12 morts selon les secours".split()
    >>> adds_information("le bilan est de 12 morts selon les secours afp".split(), ref)
    >>> adds_information("le bilan est de 15 morts selon les secours".split(), ref)
    'new number 15'
    >>> adds_information("le bilan est de 12 morts selon les premiers secours".split(), ref)
    "new words 'premiers'"
    """
    skips = 0
    last = len(words)
    for i1, i2, j1, j2 in _changed_blocks(reference, words):
        old, new = reference[i1:i2], words[j1:j2]
        if j1 > 0 and j2 < last and i2 - i1 >= 3 + (j2 - j1):
            skips += 1
            if skips > jumps:
                return "stitched from several places"
        negations = (set(old) & NEGATIONS) ^ (set(new) & NEGATIONS)
        if negations:
            return f"negation {sorted(negations)[0]!r} added or dropped"
        pool = list(old)
        unmatched = []
        for word in new:
            match = next((o for o in pool if o == word or _typo_close(word, o)), None)
            if match is None:
                unmatched.append(word)
            else:
                pool.remove(match)
        if not unmatched:
            continue
        if (
            j2 == last
            and any(w in AGENCY_WORDS for w in unmatched)
            and all(w in AGENCY_WORDS or w in CREDIT_WORDS for w in unmatched)
        ):
            continue  # "(AFP)", "(avec AFP et Reuters)"
        if j1 == 0 and unmatched[-1] in AGENCY_WORDS and len(unmatched) <= _DATELINE_WORDS:
            continue  # "Lyon, 3 mars (AFP) -"
        numbers = [w for w in unmatched if _DIGIT_RE.search(w)]
        if numbers:
            return f"new number {numbers[0]}"
        if pool:
            return f"word {pool[0]!r} replaced by {unmatched[0]!r}"
        return f"new words {' '.join(unmatched)!r}"
    return None


# ---------------------------------------------------------------------------
# Units: the blocks of a post, their text, and how to cut into it

UNIT_TAGS = frozenset("p li blockquote h1 h2 h3 h4 h5 h6 figcaption dd div".split())
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
#: Subtrees never compared nor removed (code, tables, embedded and invisible content).
PROTECTED_TAGS = (
    DEFAULT_SKIP_TAGS
    | INVISIBLE_TAGS
    | frozenset("table xmp iframe object embed noembed noframes canvas video audio".split())
)
# Elements whose text does not show.
_HIDDEN_TAGS = INVISIBLE_TAGS | frozenset("iframe noembed noframes".split())
# Wrappers removed with their content when all of it is removed.
_LIFTABLE_TAGS = frozenset("li dd blockquote ul ol dl".split())
_HTML_SPACE = " \t\n\r\f"


@dataclass
class _Piece:
    """Where a stretch of a unit's text comes from: a text node, or nothing (a break)."""

    offset: int
    node: Text | None
    editable: bool


@dataclass(eq=False)
class _Unit:
    element: Element
    position: int
    text: str
    pieces: list[_Piece]
    composite: bool = False
    code_only: bool = False
    has_code: bool = False
    key: str = ""
    words: list[str] = field(default_factory=list)
    grams: list[_Posting] = field(default_factory=list)  # of its distinct word n-grams
    chars: int = 0  # of the key, as key_size counts them
    word_count: int = 0
    blocks: list[Element] = field(default_factory=list)  # a composite's block children
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def _block_holders(root: Element) -> set[Element]:
    """Elements with a block element somewhere below them (computed bottom-up, no recursion)."""
    holders: set[Element] = set()
    for element in reversed(list(root.iter())):
        for child in element.children:
            if isinstance(child, Element) and (child.tag in BLOCK_TAGS or child in holders):
                holders.add(element)
                break
    return holders


def _read_text(element: Element, holders: set[Element]) -> tuple[str, list[_Piece], int, int]:
    """Text of ``element`` outside nested blocks; also its pieces and code/all char counts."""
    parts: list[str] = []
    pieces: list[_Piece] = []
    length = code_chars = 0
    stack: list[tuple[Element | Text | Any, bool]] = [
        (c, False) for c in reversed(element.children)
    ]
    while stack:
        node, in_code = stack.pop()
        if isinstance(node, Text):
            text = node.text
            if not text:
                continue
            pieces.append(_Piece(length, node, not in_code))
            parts.append(text)
            length += len(text)
            if in_code:
                code_chars += _visible_chars(text)
            continue
        if not isinstance(node, Element) or node.tag in _HIDDEN_TAGS:
            continue
        if node.tag == "br" or node.tag in BLOCK_TAGS:
            # A line break, or a nested block read as its own unit: keep words apart.
            # An inline element holding a block (``<em>`` around a ``<p>``) is no
            # break: its text runs on from the text before it, as it shows.
            pieces.append(_Piece(length, None, False))
            parts.append("\n")
            length += 1
            continue
        code = in_code or node.tag in PROTECTED_TAGS
        stack.extend((c, code) for c in reversed(node.children))
    text = "".join(parts)
    # Visible characters add up over the parts (a break shows none): count them
    # once, and only when some are code.
    return text, pieces, code_chars, _visible_chars(text) if code_chars else 0


def _visible_chars(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t")


def _collect_units(root: Element) -> list[_Unit]:
    """The units of a fragment, in document order (see the module docstring)."""
    holders = _block_holders(root)
    units: list[_Unit] = []
    stack: list[Element] = [c for c in reversed(root.children) if isinstance(c, Element)]
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag in PROTECTED_TAGS:
            continue
        holds_blocks = element in holders
        if tag in UNIT_TAGS:
            text, pieces, code_chars, all_chars = _read_text(element, holders)
            if not holds_blocks or text.strip():
                units.append(
                    _Unit(
                        element,
                        len(units) + 1,
                        text,
                        pieces,
                        composite=holds_blocks,
                        code_only=all_chars > 0 and code_chars == all_chars,
                        has_code=code_chars > 0,
                        blocks=[
                            c
                            for c in element.children
                            if isinstance(c, Element) and (c.tag in BLOCK_TAGS or c in holders)
                        ]
                        if holds_blocks  # otherwise no child is a block
                        else [],
                    )
                )
        if holds_blocks:
            stack.extend(c for c in reversed(element.children) if isinstance(c, Element))
    return units


# ---------------------------------------------------------------------------
# Sentences written twice in a row inside one block

_SENTENCE_END_RE = re.compile(r"[.!?…]+(?:[\s\u00a0\u202f]*[»”\"’')\]])*")
_SENTENCE_START_CHARS = "«\"“'(["
_CHARREF_RE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_RUN_WINDOW = 8  # later occurrences of a sentence tried as the start of a copy
_RUN_MAX = 64  # longest run of sentences compared


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, the spaces between them left out."""
    spans: list[tuple[int, int]] = []
    length = len(text.rstrip())
    start = len(text) - len(text.lstrip())
    for match in _SENTENCE_END_RE.finditer(text, start, length):
        end = match.end()
        following = end
        while following < length and text[following].isspace():
            following += 1
        if following >= length:
            break
        if following == end and not (
            text[following].isupper() or text[following] in _SENTENCE_START_CHARS
        ):
            continue
        spans.append((start, end))
        start = following
    if start < length:
        spans.append((start, length))
    return spans


def _raw_span(node: Text, start: int, end: int) -> tuple[int, int] | None:
    """Source span of decoded ``node.text[start:end]``; None if it cuts a character reference."""
    raw = node.raw
    if "&" not in raw:
        return node.start + start, node.start + end
    decoded = raw_position = 0
    found: dict[int, int] = {}
    wanted = (start, end)

    def literal(upto: int) -> None:
        nonlocal decoded, raw_position
        count = upto - raw_position
        for target in wanted:
            if decoded <= target <= decoded + count:
                found.setdefault(target, raw_position + target - decoded)
        decoded += count
        raw_position = upto

    for match in _CHARREF_RE.finditer(raw):
        literal(match.start())
        width = len(_html.unescape(match.group()))
        for target in wanted:
            if decoded < target < decoded + width:
                return None  # inside one reference
        decoded += width
        raw_position = match.end()
    literal(len(raw))
    if start not in found or end not in found:
        return None
    return node.start + found[start], node.start + found[end]


def _source_span(unit: _Unit, start: int, end: int) -> tuple[int, int] | None:
    """Source span of ``unit.text[start:end]`` if it lies in one editable text node."""
    offsets = [p.offset for p in unit.pieces]
    index = bisect.bisect_right(offsets, start) - 1
    if index < 0:
        return None
    piece = unit.pieces[index]
    if piece.node is None or not piece.editable:
        return None
    if end > piece.offset + len(piece.node.text):
        return None
    return _raw_span(piece.node, start - piece.offset, end - piece.offset)


def _long_enough(key: str, settings: Any) -> bool:
    chars, words = key_size(key)
    return chars >= settings.min_chars and words >= settings.min_words


def _reduce_repeated_sentences(unit: _Unit, settings: Any) -> None:
    """Cut later copies of a sentence run written twice in a row (edits the unit in place)."""
    text = unit.text
    spans = _sentence_spans(text)
    keys = comparison_keys(text[a:b] for a, b in spans)
    cuts: list[tuple[int, int, str, str]] = []  # text start, end, removed, kept
    if len(spans) >= 2:
        where: dict[str, list[int]] = {}
        for index, key in enumerate(keys):
            where.setdefault(key, []).append(index)
        i, count = 0, len(spans)
        while i < count:
            cut = _repeat_at(i, keys, where, spans, text, settings)
            if cut is None:
                i += 1
                continue
            copy_start, copies_end = cut
            size = copy_start - i
            first = (spans[copy_start - 1][1], spans[copies_end - 1][1])
            second = (spans[i][0], spans[copies_end - size][0])
            for start, end in (first, second):
                source = _source_span(unit, start, end)
                if source is not None:
                    kept = text[spans[i][0] : spans[copy_start - 1][1]]
                    cuts.append((start, end, text[start:end], kept))
                    unit.edits.append((*source, ""))
                    break
            i = copies_end
    if not cuts and spans:
        cut = _doubled_whole(text, (spans[0][0], spans[-1][1]), settings)
        if cut is not None:
            source = _source_span(unit, *cut)
            if source is not None:
                kept = text[spans[0][0] : cut[0]]
                cuts.append((*cut, text[cut[0] : cut[1]], kept))
                unit.edits.append((*source, ""))
    if not cuts:
        return
    parts, position = [], 0
    for start, end, removed, kept in cuts:
        parts.append(text[position:start])
        position = end
        unit.changes.append(
            Change(
                stage=STAGE,
                rule="repeated-sentence",
                before=shorten(removed),
                after="",
                where=f"block {unit.position}",
                detail={
                    "position": unit.position,
                    "repeats": shorten(kept),
                    "repeats_position": unit.position,
                    "measure": "key",
                    "value": 1.0,
                },
            )
        )
    parts.append(text[position:])
    unit.text = "".join(parts)
    # Pieces after a cut move back; a later cut in the same node is already mapped.
    unit.pieces = _shift_pieces(unit.pieces, [(s, e) for s, e, _, _ in cuts])


def _shift_pieces(pieces: list[_Piece], cuts: list[tuple[int, int]]) -> list[_Piece]:
    shifted = []
    for piece in pieces:
        removed_before = sum(e - s for s, e in cuts if e <= piece.offset)
        shifted.append(_Piece(piece.offset - removed_before, piece.node, piece.editable))
    return shifted


def _repeat_at(
    i: int,
    keys: list[str],
    where: dict[str, list[int]],
    spans: list[tuple[int, int]],
    text: str,
    settings: Any,
) -> tuple[int, int] | None:
    """If sentences ``i..j-1`` are written again from ``j``: ``(j, end of the last copy)``."""
    if not keys[i]:
        return None
    occurrences = where[keys[i]]
    after = bisect.bisect_right(occurrences, i)
    for j in occurrences[after : after + _RUN_WINDOW]:
        size = j - i
        if size > _RUN_MAX:
            break
        if j + size > len(keys) or keys[i:j] != keys[j : j + size]:
            continue
        run_key = comparison_key(text[spans[i][0] : spans[j - 1][1]])
        if not _long_enough(run_key, settings):
            continue
        end = j + size
        while end + size <= len(keys) and keys[end : end + size] == keys[i:j]:
            end += size
        return j, end
    return None


def _doubled_whole(text: str, span: tuple[int, int], settings: Any) -> tuple[int, int] | None:
    """A block whose whole text is one stretch written twice, with no sentence end between."""
    start, end = span
    body = text[start:end]
    for gap in range(0, 4):
        half = (len(body) - gap) // 2
        if half <= 0 or 2 * half + gap != len(body):
            continue
        if (
            body[:half] == body[half + gap :]
            and not body[half : half + gap].strip()
            and _long_enough(comparison_key(body[:half]), settings)
        ):
            return start + half, end
    return None


# ---------------------------------------------------------------------------
# The index of kept text


_POSTING_CAP = 32  # a bigram in more kept units than this says nothing
_CANDIDATES = 6  # units compared by ratio, at most, per paragraph
_REFERENCES = 3  # kept units a contained paragraph is aligned with, at most
_RARE_GRAM = 8  # an n-gram kept in more units than this names none of them
# A paragraph of fewer than _SHORT_NGRAMS * ngram words also finds ratio candidates
# through shared word bigrams: a typo every few words leaves it no n-gram in common
# with its source. A longer near repeat shares n-grams with it, and the containment
# lookup names them.
_SHORT_NGRAMS = 3


def _ngrams(words: list[str], size: int) -> Iterator[tuple[str, ...]]:
    return zip(*(words[i:] for i in range(size)), strict=False)


#: A word n-gram's posting: the kept units holding it (their index in _KeptIndex.units).
_Posting = list[int]


class _GramTable:
    """The words and word n-grams of a post, each stored once.

    Units keep their n-grams as postings, one per n-gram, shared by every unit
    holding it and filled as units are kept: the index reads and extends them
    without hashing a tuple of words again. Words are kept once too, so that
    n-grams compare by identity (a long post's table outgrows the CPU caches).
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.words: dict[str, str] = {}
        self.postings: defaultdict[tuple[str, ...], _Posting] = defaultdict(list)

    def read(self, unit: _Unit) -> None:
        """Fill the unit's words and the postings of its distinct n-grams, from its key."""
        # map() keeps both loops in C. Postings are listed in the order the n-grams
        # first occur in the paragraph, never in a set's hash order: containment
        # sums the holders' weights, and so breaks their ties, in that order.
        words = key_words(unit.key)
        unit.words = list(map(self.words.setdefault, words, words))
        grams = dict.fromkeys(_ngrams(unit.words, self.size))
        unit.grams = list(map(self.postings.__getitem__, grams))


def _most_common(counts: dict[int, float], n: int) -> list[tuple[int, float]]:
    """``Counter.most_common(n)`` of a plain dict: highest first, ties in insertion order."""
    return sorted(counts.items(), key=itemgetter(1), reverse=True)[:n]


class _KeptIndex:
    """What has been kept so far: keys, n-gram postings (containment), bigrams (candidates).

    The n-gram postings live in the units (see :class:`_GramTable`).
    """

    def __init__(self, ngram: int, similarity: float):
        self.ngram = ngram
        self.similarity = similarity
        # ratio >= s needs min/max length >= s / (200 - s): index what a short one can match.
        self.length_bound = similarity / (200.0 - similarity) if similarity < 100 else 1.0
        self.short_words = _SHORT_NGRAMS * ngram
        self.bigram_words = int(self.short_words / max(self.length_bound, 0.1)) + 2
        self.units: list[_Unit] = []
        self.by_key: dict[str, int] = {}
        self.bigrams: dict[tuple[str, str], list[int]] = {}

    def add(self, unit: _Unit) -> None:
        index = len(self.units)
        self.units.append(unit)
        if not unit.key:
            return
        self.by_key.setdefault(unit.key, index)
        # No cap on n-gram postings: only the short ones (_RARE_GRAM) are ever read.
        for posting in unit.grams:
            posting.append(index)
        if len(unit.words) < self.bigram_words:
            for bigram in set(zip(unit.words, unit.words[1:], strict=False)):
                posting = self.bigrams.setdefault(bigram, [])
                if len(posting) <= _POSTING_CAP:
                    posting.append(index)

    def containment(self, unit: _Unit) -> tuple[float, dict[int, float]]:
        """Share of the distinct n-grams of ``unit`` already kept, and who holds them.

        Holders are weighted by how rare each shared n-gram is, so the paragraph a
        copy comes from outranks those sharing only stock phrases with it.
        """
        holders: dict[int, float] = {}
        if not unit.grams:
            return 0.0, holders
        matched = list(filter(None, unit.grams))  # the n-grams some kept unit holds
        weight_of = holders.get
        for posting in matched:
            size = len(posting)
            if size <= _RARE_GRAM:
                weight = 1.0 / size
                for holder in posting:
                    holders[holder] = weight_of(holder, 0) + weight
        return len(matched) / len(unit.grams), holders

    def similar(self, unit: _Unit, sharing: dict[int, float]) -> list[tuple[float, int]]:
        """Kept units whose ratio with ``unit`` reaches the similarity setting, best first.

        Candidates are the units sharing the most n-grams (``sharing``) and, for a
        short paragraph, the most word bigrams.
        """
        cutoff = self.similarity
        shared = sharing
        if len(unit.words) < self.short_words:
            shared = dict(sharing)
            count_of = shared.get
            # First occurrence order: a new holder's rank among equals is where it
            # enters ``shared``.
            for bigram in dict.fromkeys(zip(unit.words, unit.words[1:], strict=False)):
                posting = self.bigrams.get(bigram)
                if posting and len(posting) <= _POSTING_CAP:
                    for holder in posting:
                        shared[holder] = count_of(holder, 0) + 1
        if not shared:
            return []
        length = len(unit.key)
        bound = self.length_bound
        candidates = []
        for index, _ in _most_common(shared, _CANDIDATES):
            other = self.units[index].key
            if min(length, len(other)) >= bound * max(length, len(other)):
                candidates.append(index)
        if not candidates:
            return []
        # One extract reads the paragraph once for all its candidates, where each
        # fuzz.ratio would read it again; the scores are fuzz.ratio's.
        scores = process.extract(
            unit.key,
            [self.units[index].key for index in candidates],
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            limit=None,
        )
        found = [(score, candidates[at]) for _, score, at in scores if score and score >= cutoff]
        return sorted(found, key=lambda f: (-f[0], f[1]))


# ---------------------------------------------------------------------------
# The stage


@dataclass(frozen=True, slots=True)
class _Options:
    """The options read for every paragraph, read once per post.

    A settings section answers each read through ``__getattr__`` (an exception
    raised and caught first): too slow for a per-paragraph loop.
    """

    ngram: int
    min_chars: int
    min_words: int
    containment: float
    sentence_repeats: bool
    remove_title_headings: bool

    @classmethod
    def of(cls, settings: Any) -> _Options:
        return cls(*(getattr(settings, f.name) for f in fields(cls)))


@dataclass
class _Decision:
    rule: str
    repeats: str
    repeats_position: int | None
    measure: str
    value: float


def _prepare(source: str, settings: Any) -> list[_Unit]:
    """The units of ``source`` with their keys, repeated sentences already cut."""
    units = _collect_units(parse_fragment(source))
    table = _GramTable(settings.ngram)
    # Exact repeats are the common case: read each distinct text once.
    texts = [unit.text for unit in units]
    keys = dict(zip(texts, comparison_keys(texts), strict=True))  # text -> its key
    first_with: dict[tuple[str, bool], _Unit] = {}
    for unit in units:
        key = keys[unit.text]
        sentences = (
            settings.sentence_repeats
            and not unit.code_only
            and unit.element.tag not in HEADING_TAGS
        )
        first = first_with.get((key, sentences))
        if first is not None and not first.edits:
            unit.key, unit.words, unit.grams = first.key, first.words, first.grams
            unit.chars, unit.word_count = first.chars, first.word_count
            continue
        first_with.setdefault((key, sentences), unit)
        _read_key(unit, table, key)
        if sentences and _repeats_words(unit, table.size, settings.min_words):
            _reduce_repeated_sentences(unit, settings)
            if unit.edits:
                _read_key(unit, table)
    return units


def _read_key(unit: _Unit, table: _GramTable, key: str | None = None) -> None:
    """Fill the unit's key, words and the postings of its distinct n-grams."""
    unit.key = comparison_key(unit.text) if key is None else key
    unit.chars, unit.word_count = key_size(unit.key)
    table.read(unit)


# Spaces the typography stage may add: 20km -> 20 km, 14h30 -> 14 h 30, mot—mot -> mot — mot.
# The patterns start with a literal character and look back for the digit: the
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


def _repeats_words(unit: _Unit, size: int, min_words: int) -> bool:
    """Whether a run of ``min_words`` words occurs twice: a cheap test before sentences."""
    # A run of min_words words written twice repeats each of its n-grams: test the
    # n-grams at hand first (all distinct: no repeat), then the min_words-grams.
    count = len(unit.words) - size + 1
    if count > 0 and size <= min_words and len(unit.grams) == count:
        return False
    grams = list(_ngrams(unit.words, max(1, min_words)))
    return len(set(grams)) < len(grams)


def _removable(unit: _Unit, settings: Any) -> bool:
    return (
        not unit.code_only
        and unit.element.tag != "h1"
        and unit.chars >= settings.min_chars
        and unit.word_count >= settings.min_words
    )


def paragraph_keys(source: str, settings: Any) -> set[str]:
    """Comparison keys of the paragraphs of a post that are long enough to be removed.

    The Pelican hook counts them across posts for the site-wide boilerplate
    pass (see :func:`site_boilerplate`).

    >>> from pelican_newsclean.settings import load_settings
    >>> paragraph_keys("<p>Abonnez-vous à notre lettre d'information pour recevoir"
    ...                " l'essentiel de l'actualité !</p><p>AFP</p>", load_settings({}).dedup)
    {"abonnez-vous à notre lettre d'information pour recevoir l'essentiel de l'actualité"}
    """
    options = _Options.of(settings)
    units = _prepare(source, options)
    return {u.key for u in units if _removable(u, options)}


def site_boilerplate(key_sets: Iterable[Iterable[str]], settings: Any) -> frozenset[str]:
    """Keys found in at least ``boilerplate_min_posts`` posts (none when that is 0).

    >>> from pelican_newsclean.settings import load_settings
    >>> s = load_settings({"dedup": {"boilerplate_min_posts": 3}}).dedup
    >>> sorted(site_boilerplate([{"a", "b"}, {"a"}, {"a", "b"}], s))
    ['a']
    """
    minimum = settings.boilerplate_min_posts
    if not minimum:
        return frozenset()
    counts: Counter[str] = Counter()
    for keys in key_sets:
        counts.update(set(keys))
    return frozenset(k for k, n in counts.items() if n >= minimum)


def _decide(
    unit: _Unit,
    index: _KeptIndex,
    settings: Any,
    title: tuple[str, str],
    boilerplate: frozenset[str],
) -> _Decision | None:
    """Why ``unit`` goes (a decision), or None when it stays."""
    title_text, title_key = title
    is_title_heading = (
        unit.element.tag in HEADING_TAGS and bool(title_key) and unit.key == title_key
    )
    if is_title_heading:
        if settings.remove_title_headings:
            return _Decision("exact-repeat", shorten(title_text), 0, "key", 1.0)
        return None
    if not _removable(unit, settings):
        return None
    if unit.key in boilerplate:
        return _Decision("boilerplate", "", None, "key", 1.0)
    earlier = index.by_key.get(unit.key)
    if earlier is not None:
        kept = index.units[earlier]
        return _Decision("exact-repeat", shorten(kept.text), kept.position, "key", 1.0)
    if unit.has_code:
        return None  # code differs by a character: only exact repeats go
    words = unit.words
    sharing: dict[int, float] = {}
    if len(words) >= index.ngram + 3:
        value, sharing = index.containment(unit)
        if value >= settings.containment:
            ranked = _most_common(sharing, _REFERENCES)
            owners = [i for i, n in ranked if n >= 2] or [i for i, _ in ranked[:1]]
            reference = list(chain.from_iterable(index.units[i].words for i in sorted(owners)))
            if owners and adds_information(words, reference, jumps=len(owners) - 1) is None:
                kept = index.units[owners[0]]
                return _Decision(
                    "near-repeat-containment",
                    shorten(kept.text),
                    kept.position,
                    "containment",
                    round(value, 4),
                )
    for score, other in index.similar(unit, sharing):
        kept = index.units[other]
        if adds_information(words, kept.words) is None:
            return _Decision(
                "near-repeat-similarity",
                shorten(kept.text),
                kept.position,
                "ratio",
                round(float(score), 2),
            )
    return None


def _outermost(removed: set[Element]) -> set[Element]:
    return {e for e in removed if e.parent not in removed}


def _lift(removed: set[Element], queue: list[Element] | None = None) -> set[Element]:
    """Add to ``removed`` the wrappers left holding only removed blocks."""
    queue = list(removed) if queue is None else queue
    while queue:
        parent = queue.pop().parent
        if parent is None or parent.tag not in _LIFTABLE_TAGS or parent in removed:
            continue
        if all(
            (isinstance(c, Text) and not c.raw.strip(_HTML_SPACE)) or c in removed
            for c in parent.children
        ):
            removed.add(parent)
            queue.append(parent)
    return removed


def _is_blank(node: Any) -> bool:
    return isinstance(node, Text) and not node.raw.strip(_HTML_SPACE)


def _removed_runs(parent: Element, removed: set[Element]) -> list[tuple[int, int]]:
    """``(first, last)`` child indexes of each run of removed siblings (blank text between)."""
    runs: list[tuple[int, int]] = []
    first = last = -1
    for position, child in enumerate(parent.children):
        if child in removed:
            if first < 0:
                first = position
            last = position
        elif not _is_blank(child) and first >= 0:
            runs.append((first, last))
            first = -1
    if first >= 0:
        runs.append((first, last))
    return runs


def _run_span(parent: Element, first: int, last: int, source: str) -> tuple[int, int, str]:
    """The span to cut for a run of removed siblings, with the layout around it.

    The line break after the run goes with it, and its indentation; a run that
    ends its parent takes the blank before it instead; text glued on both sides
    keeps a space between its words.
    """
    children = parent.children
    start, end = children[first].start, children[last].end
    before = children[first - 1] if first > 0 else None
    after = children[last + 1] if last + 1 < len(children) else None
    if isinstance(after, Text) and after.start == end:
        raw = after.raw
        lead = len(raw) - len(raw.lstrip(_HTML_SPACE))
        newline = raw.find("\n", 0, lead)
        if newline >= 0:
            end += newline + 1
            if isinstance(before, Text) and before.end == start:
                trimmed = before.raw.rstrip(" \t")
                if trimmed.endswith("\n"):
                    start -= len(before.raw) - len(trimmed)
            return start, end, ""
        glued_before = start > 0 and source[start - 1] not in _HTML_SPACE + ">"
        if lead and not glued_before:
            return start, end + lead, ""
        if not lead and glued_before and raw:
            return start, end, " "  # text on both sides: keep the words apart
        return start, end, ""
    if (after is None or _is_blank(after)) and isinstance(before, Text) and before.end == start:
        trimmed = before.raw.rstrip(_HTML_SPACE)
        start -= len(before.raw) - len(trimmed)
    return start, end, ""


def _removal_spans(outermost: set[Element], source: str) -> list[tuple[int, int, str]]:
    parents = dict.fromkeys(
        e.parent for e in sorted(outermost, key=lambda e: e.start) if e.parent is not None
    )
    return [
        _run_span(parent, first, last, source)
        for parent in parents
        for first, last in _removed_runs(parent, outermost)
    ]


def _merge_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sorted spans, overlapping ones merged (a safety net: runs never overlap by design)."""
    merged: list[tuple[int, int, str]] = []
    for start, end, new in sorted(spans):
        if merged and start < merged[-1][1]:
            last_start, last_end, last_new = merged[-1]
            merged[-1] = (last_start, max(end, last_end), last_new + new)
        else:
            merged.append((start, end, new))
    return merged


@collection_paused()  # a long post's units and n-grams: see gcpause
def strip_repeated_paragraphs(
    source: str,
    settings: Any,
    *,
    title: str = "",
    boilerplate: frozenset[str] = frozenset(),
) -> StageResult:
    """Remove every paragraph of ``source`` that repeats one kept earlier in it.

    ``settings`` is the ``NEWSCLEAN["dedup"]`` section; ``title`` the post
    title (headings repeating it are left alone, or removed with
    ``remove_title_headings``); ``boilerplate`` the comparison keys of
    site-wide boilerplate paragraphs, removed wherever they appear.

    >>> from pelican_newsclean.settings import load_settings
    >>> p = "<p>Le pays est désormais divisé entre l'est et l'ouest du territoire.</p>"
    >>> strip_repeated_paragraphs(p + p, load_settings({}).dedup).html == p
    True
    """
    if not settings.enabled or not source or not source.strip():
        return StageResult(source)
    options = _Options.of(settings)
    units = _prepare(source, options)
    if not units:
        return StageResult(source)
    title_text = visible_text(title) if title else ""
    title_key = comparison_key(title_text) if title_text else ""
    index = _KeptIndex(options.ngram, float(settings.similarity))
    removed: set[Element] = set()
    changes: list[tuple[int, Change]] = []
    # A composite (text and blocks) that repeats kept text goes only once every
    # block inside it has gone too: otherwise, the next run, left with its text
    # alone, it would be a plain repeat and go then.
    pending: list[tuple[_Unit, _Decision]] = []
    for unit in units:
        decision = _decide(unit, index, options, (title_text, title_key), boilerplate)
        if decision is None or unit.composite:
            index.add(unit)
            changes.extend((unit.position, c) for c in unit.changes)
            if decision is not None:
                pending.append((unit, decision))
            continue
        removed.add(unit.element)
        changes.append((unit.position, _removal_change(unit, decision)))
    _lift(removed)
    sources: dict[int, _Decision] = {}  # removed composites: what each repeats
    for unit, decision in reversed(pending):  # inner composites first
        if all(block in removed for block in unit.blocks):
            removed.add(unit.element)
            _lift(removed, [unit.element])
            changes = [(p, c) for p, c in changes if p != unit.position]
            changes.append((unit.position, _removal_change(unit, decision)))
            sources[unit.position] = decision
    if sources:
        changes = [(p, _pointing_past(c, sources)) for p, c in changes]
    edits = [
        edit
        for unit in units
        if unit.edits and not _inside(unit.element, removed)
        for edit in unit.edits
    ]
    if not removed and not edits:
        return StageResult(source)
    spans = _removal_spans(_outermost(removed), source)
    ordered = tuple(c for _, c in sorted(changes, key=lambda pc: pc[0]))
    return StageResult(splice(source, _merge_overlaps(spans + edits)), ordered)


def _inside(element: Element, removed: set[Element]) -> bool:
    node: Element | None = element
    while node is not None:
        if node in removed:
            return True
        node = node.parent
    return False


def _pointing_past(change: Change, sources: dict[int, _Decision]) -> Change:
    """``change``, naming as the paragraph it repeats the one that stays when it
    named a composite removed after it (which repeats that one in turn)."""
    position = change.detail.get("repeats_position")
    if position not in sources:
        return change
    while position in sources:
        decision = sources[position]
        position = decision.repeats_position
    detail = {**change.detail, "repeats": decision.repeats, "repeats_position": position}
    return change.replace(detail=detail)


def _removal_change(unit: _Unit, decision: _Decision) -> Change:
    return Change(
        stage=STAGE,
        rule=decision.rule,
        before=shorten(unit.text),
        after="",
        where=f"block {unit.position}",
        detail={
            "position": unit.position,
            "repeats": decision.repeats,
            "repeats_position": decision.repeats_position,
            "measure": decision.measure,
            "value": decision.value,
        },
    )
