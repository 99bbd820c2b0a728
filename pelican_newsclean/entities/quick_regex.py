"""spaCy's French token-match regex, compiled in a fraction of its time.

spaCy's French language data keeps words such as « porte-monnaie » or
« entr'ouvert » whole with one case-insensitive regex (``TOKEN_MATCH``) of
266 alternatives: 1.45 MB of source that holds 482 copies of the same
3,000-character Unicode letter classes. Python's ``re`` builds a case-folded
table for each copy: about 4.5 s of the 6 s a model load takes (measured on
the benchmark machine), paid at the import of ``spacy.lang.fr`` and again when
the model's tokenizer is loaded, in every build that runs NER and in each of
its model processes.

Those alternatives differ in one place only (``^anti-<letters>*$``,
``^avant-<letters>*$``…). Written ``^(?:anti|avant|…)-<letters>*$``, the regex
matches exactly the same strings (concatenation distributes over alternation)
with a few copies of the classes instead of hundreds, and compiles in a
fraction of a second. :func:`quick_compiles` makes ``re.compile`` take that
form while a model loads; a pattern it cannot factor safely (capturing
groups, backreferences, other ``(?…)`` constructs, a class inside a group) is
compiled as it is.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from typing import Any

#: Patterns shorter than this are compiled as they are: only a huge generated
#: alternation is worth the rewrite.
LARGE_PATTERN = 100_000

#: A character class at least this long is costly to compile case-insensitively.
LONG_CLASS = 256

_TOKEN = re.compile(
    r"""
      (?P<escape>\\.)
    | (?P<klass>\[\^?\]?(?:\\.|[^\]\\])*\])
    | (?P<open>\((?:\?:)?)
    | (?P<other_group>\(\?)
    | (?P<close>\))
    | (?P<bar>\|)
    | (?P<quantifier>(?:[*+?]|\{\d*,?\d*\})[?+]?)
    | (?P<literal>[^\\\[()|*+?{]+|\{)
    """,
    re.VERBOSE | re.DOTALL,
)
_LEADING_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_BACKREFERENCE = re.compile(r"\\[1-9]")


@functools.lru_cache(maxsize=4)
def factored_pattern(pattern: str) -> str | None:
    """``pattern`` with its top-level alternatives factored, or None when it
    cannot be factored safely or factoring would save no long class."""
    flags = _LEADING_FLAGS.match(pattern)
    head = flags.group() if flags else ""
    alternatives = _top_level_alternatives(pattern[len(head) :])
    if alternatives is None:
        return None
    factored = _factor(alternatives)
    # Fewer alternatives: some joined, each group keeping one copy of its classes.
    if len(factored) == len(alternatives):
        return None
    return head + "|".join(factored)


@contextlib.contextmanager
def quick_compiles() -> Iterator[None]:
    """While in effect, ``re.compile`` compiles a huge alternation in factored form.

    Every other pattern (a call from another thread meanwhile too) is compiled
    by the standard library's ``re.compile`` as it is."""
    standard_compile = re.compile

    def compile_factored(pattern: Any, flags: Any = 0) -> re.Pattern[Any]:
        if isinstance(pattern, str) and len(pattern) >= LARGE_PATTERN:
            factored = factored_pattern(pattern)
            if factored is not None:
                return standard_compile(factored, flags)
        return standard_compile(pattern, flags)

    re.compile = compile_factored
    try:
        yield
    finally:
        re.compile = standard_compile


def _top_level_alternatives(body: str) -> list[list[tuple[str, str]]] | None:
    """The alternatives of ``body`` as lists of (kind, text) tokens, each
    unwrapped from one enclosing ``(?:…)``; None when a construct could change
    meaning once regrouped (capturing groups, backreferences, lookarounds…)."""
    if _BACKREFERENCE.search(body):
        return None
    alternatives: list[list[tuple[str, str]]] = [[]]
    depth = 0
    for match in _TOKEN.finditer(body):
        kind, text = match.lastgroup or "", match.group()
        if kind == "other_group" or (kind == "open" and text == "("):
            return None
        depth += kind == "open"
        depth -= kind == "close"
        if depth < 0:
            return None
        if kind == "bar" and depth == 0:
            alternatives.append([])
        else:
            alternatives[-1].append((kind, text))
    if depth:
        return None
    return [_unwrapped(tokens) for tokens in alternatives]


def _unwrapped(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``tokens`` without one ``(?:…)`` around the whole of them."""
    if len(tokens) < 2 or tokens[0] != ("open", "(?:") or tokens[-1][0] != "close":
        return tokens
    depth = 0
    for index, (kind, _) in enumerate(tokens):
        depth += kind == "open"
        depth -= kind == "close"
        if depth == 0 and index < len(tokens) - 1:
            return tokens  # "(?:a)(?:b)": the first group closes early
    return tokens[1:-1]


def _shape(tokens: list[tuple[str, str]]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(long classes with their quantifiers, the text between them), or None
    when a long class sits inside a group."""
    anchors: list[str] = []
    gaps: list[str] = [""]
    depth = 0
    index = 0
    while index < len(tokens):
        kind, text = tokens[index]
        depth += kind == "open"
        depth -= kind == "close"
        if kind == "klass" and len(text) >= LONG_CLASS:
            if depth:
                return None
            if index + 1 < len(tokens) and tokens[index + 1][0] == "quantifier":
                index += 1
                text += tokens[index][1]
            anchors.append(text)
            gaps.append("")
        else:
            gaps[-1] += text
        index += 1
    return tuple(anchors), tuple(gaps)


def _factor(alternatives: list[list[tuple[str, str]]]) -> list[str]:
    """The alternatives, those that differ in one gap only joined as one."""
    shaped: list[tuple[tuple[str, ...], tuple[str, ...]] | None] = [
        _shape(tokens) for tokens in alternatives
    ]
    joined: dict[int, str] = {}  # first alternative of a group -> the group
    taken: set[int] = set()
    for position in range(max((len(s[1]) for s in shaped if s), default=0)):
        groups: dict[tuple[Any, ...], list[int]] = {}
        for index, shape in enumerate(shaped):
            if shape is None or index in taken or len(shape[1]) <= position or not shape[0]:
                continue
            anchors, gaps = shape
            key = (anchors, gaps[:position], gaps[position + 1 :])
            groups.setdefault(key, []).append(index)
        for (anchors, before, after), members in groups.items():
            if len(members) < 2:
                continue
            choices = dict.fromkeys(shaped[i][1][position] for i in members)  # type: ignore[index]
            gaps = (*before, "(?:" + "|".join(choices) + ")", *after)
            joined[members[0]] = _interleave(anchors, gaps)
            taken.update(members)
    out = []
    for index, tokens in enumerate(alternatives):
        if index in joined:
            out.append(joined[index])
        elif index not in taken:
            out.append("".join(text for _, text in tokens))
    return out


def _interleave(anchors: tuple[str, ...], gaps: tuple[str, ...]) -> str:
    parts = [gaps[0]]
    for anchor, gap in zip(anchors, gaps[1:], strict=True):
        parts += (anchor, gap)
    return "".join(parts)
