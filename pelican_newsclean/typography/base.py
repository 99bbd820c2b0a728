"""What every typography rule shares: characters, spaces, the Style, the Rule."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..html import ATOM, SUP_CLOSE

NBSP = "\u00a0"  # NO-BREAK SPACE
NNBSP = "\u202f"  # NARROW NO-BREAK SPACE
EN_DASH = "\u2013"
EM_DASH = "\u2014"
ELLIPSIS = "\u2026"
#: Marks of minutes (and feet) after a number: 17' 02", 6' 2".
MINUTE_MARKS = "'’′"
# Ends one block and starts the next when the blocks of a fragment are read
# as one text (see typography._Fixer); quote pairing restarts after it.
BLOCK_END = "\ue003"

# Every space-like character a rule may find next to a mark. Only U+00A0 and
# U+202F are no-break; U+2009 (thin) and the other sized spaces are breakable.
WS_CHARS = " \t\n\r\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
WS = f"[{WS_CHARS}]"
_SPACE_RUN_RE = re.compile(f"{WS}*")
# Horizontal space only (a line break inside a paragraph separates lines).
HS = "[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
SPACE_CHARS = frozenset(" \t\n\r\f\u00a0\u1680\u202f\u205f\u3000") | frozenset(
    chr(c) for c in range(0x2000, 0x200B)
)

# What may stand right before a mark that gets a space: a word, a number, a
# closing mark, a skipped element (ATOM) or a superscript; an accent of
# decomposed (NFD) text ends its word.
WORDISH = r"\w\u0300-\u036f" + ATOM + SUP_CLOSE + r")\]}»”’%‰€$£¥°"
WORDISH_RE = re.compile(f"[{WORDISH}]")
LETTER = r"[^\W\d_]"


@dataclass(frozen=True)
class Style:
    """The characters and switches the rules write with, from the settings."""

    nbsp: str = NBSP  # before ":", numbers and units, titles, dialogue dash
    narrow: str = NNBSP  # before "; ! ?", thousands groups
    guillemet: str = NBSP  # inside « »
    keep: frozenset[str] = frozenset({NBSP, NNBSP})  # no-break spaces left as written
    incise: str = EN_DASH
    ordinals_sup: bool = True
    canadian: bool = False


Edits = list[tuple[int, int, str]]
Spans = list[tuple[int, int]]


@dataclass(frozen=True)
class Rule:
    """One typography rule: a name, what it matches, what it writes, why.

    ``needs`` lists characters (or short strings) of which at least one must
    occur in the text for the rule to run: a cheap filter that keeps most
    rules from scanning most fragments.
    """

    name: str
    matches: str
    writes: str
    why: str
    find: Callable[[str, Style], Edits]
    needs: tuple[str, ...] = ()
    # The needs of one character, the longer ones, and the characters of
    # those (see may_apply).
    _chars: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _strings: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _string_chars: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        strings = tuple(n for n in self.needs if len(n) > 1)
        object.__setattr__(self, "_chars", tuple(n for n in self.needs if len(n) == 1))
        object.__setattr__(self, "_strings", strings)
        object.__setattr__(self, "_string_chars", tuple(sorted(set("".join(strings)))))

    def may_apply(self, text: str) -> bool:
        """Whether the rule can match ``text`` at all (a few fast substring scans)."""
        if not self.needs:
            return True
        contains = text.__contains__
        # map() rather than generator expressions: this runs for every rule
        # on every fragment.
        if any(map(contains, self._chars)):
            return True
        if not self._strings:
            return False
        # CPython finds one character far faster than two or three (looking
        # for "\t," costs ten times as much as for "\t"): the longer needs are
        # looked for only when each of their characters occurs, each of those
        # characters looked for once.
        missing = set(itertools.filterfalse(contains, self._string_chars))
        return any(map(contains, [need for need in self._strings if missing.isdisjoint(need)]))


def wanted_space(existing: str, right: str, style: Style) -> str | None:
    """What to write instead of the space run ``existing``; None keeps it.

    Only the right space is correct where it stands: no space, a breakable or
    thin space, several, or a no-break space of the other width (``Quoi\u00a0?``
    when U+202F is wanted) is replaced (typography.md: "a wrong kind is
    replaced by the right one").
    """
    return None if existing == right else right


def space_edit(text: str, start: int, end: int, right: str, style: Style, edits: Edits) -> None:
    """Make ``text[start:end]`` (a space run, maybe empty) the right space."""
    new = wanted_space(text[start:end], right, style)
    if new is not None:
        edits.append((start, end, new))


_SPACES_STRING = "".join(sorted(SPACE_CHARS))


def space_run_before(text: str, position: int) -> int:
    """Start of the run of spaces that ends at ``position``."""
    start = position
    while start > 0 and text[start - 1] in SPACE_CHARS:
        start -= 1
        if position - start > 16:  # a long run: let C find its start
            return len(text[:position].rstrip(_SPACES_STRING))
    return start


def space_run_after(text: str, position: int) -> int:
    """End of the run of spaces that starts at ``position``."""
    end = position
    length = len(text)
    while end < length and text[end] in SPACE_CHARS:
        end += 1
        if end - position > 16:  # a long run: let the regex engine find its end
            spaces = _SPACE_RUN_RE.match(text, position)
            assert spaces is not None  # a pattern of WS* matches anywhere
            return spaces.end()
    return end


def anchored_matches(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match]:
    """The matches ``pattern.finditer(text)`` gives, for a pattern whose every
    match begins at one of ``starts``: it is tried there only.

    For patterns opening with a character class, which the regex engine
    scans for one character at a time (slow), while ``starts`` come from
    literal-first searches (fast).

    >>> [m.group() for m in anchored_matches(re.compile("[ab]+"), "xaabxb", [1, 2, 5])]
    ['aab', 'b']
    """
    matches: list[re.Match] = []
    end = 0
    for start in sorted(set(starts)):
        if start >= end:
            match = pattern.match(text, start)
            if match:
                matches.append(match)
                end = match.end()
    return matches


def positions_of(text: str, chars: str, run: re.Pattern[str] | None = None) -> list[int]:
    """Sorted positions of any of ``chars`` (each found by a fast literal scan).

    With ``run``, a pattern matching a run of such characters, only the first
    position of each run is kept (so a megabyte of "!" is one position).
    """
    found: list[int] = []
    for char in chars:
        index = text.find(char)
        while index >= 0:
            found.append(index)
            # Only a run goes past this character: skip the match otherwise.
            if run is not None and text[index + 1 : index + 2] in chars:
                whole = run.match(text, index)
                assert whole is not None  # text[index] starts a run of chars
                index = whole.end() - 1
            index = text.find(char, index + 1)
    found.sort()
    return found
