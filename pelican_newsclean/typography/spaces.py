"""Spaces before high punctuation: colon, ; ! ? and their clusters."""

from __future__ import annotations

import re

from ..html import SUP_OPEN
from .base import (
    SPACE_CHARS,
    WORDISH_RE,
    WS_CHARS,
    Edits,
    Style,
    positions_of,
    space_run_before,
    wanted_space,
)
from .ellipses import DotLeaderLines, cuts_an_address
from .quotes import pair_quotes

_COLON_RE = re.compile(rf":(?=[{WS_CHARS}]|$)")
_MARKS = "!?;‽⁇⁈⁉"
_MARK_RUN_RE = re.compile("[!?;‽⁇⁈⁉]+")
_CLUSTER = frozenset("!?‽⁇⁈⁉")
_MARK_FOLLOWERS = SPACE_CHARS | frozenset(")]}»”’\"'.,:;!?…" + SUP_OPEN)
_SPACED_AFTER = frozenset("….")


# Feet and inches after a number (``27"``, ``6'``): the quote rules, which
# run first, left them as measures, words for the mark after them.
_MEASURE_MARKS = frozenset("\"'″′")


def _follows_a_word(text: str, start: int) -> bool:
    """Whether the character before ``start`` ends a word (or a measure)."""
    previous = text[start - 1]
    if WORDISH_RE.match(previous):
        return True
    return previous in _MEASURE_MARKS and start > 1 and text[start - 2].isdigit()


def _mark_space(text: str, position: int, right: str | None, style: Style) -> Edits:
    """The edit giving the mark at ``position`` its space (``right`` None: no space)."""
    start = space_run_before(text, position)
    if start == 0:
        return []  # nothing before the mark but spaces: no word to tie it to
    if start == position:
        if right is None or not _follows_a_word(text, start):
            return []
        return [(start, start, right)]
    if text[start - 1] not in _SPACED_AFTER and not _follows_a_word(text, start):
        return []  # "( !", ": ;" — the mark follows no word
    if right is None:
        # Canadian French: no space, but a breakable one must go.
        spaces = text[start:position]
        if len(spaces) == 1 and spaces in style.keep:
            return []
        return [(start, position, "")]
    new = wanted_space(text[start:position], right, style)
    return [] if new is None else [(start, position, new)]


def find_colon_space(text: str, style: Style) -> Edits:
    """A no-break space (U+00A0) before a colon that is prose punctuation.

    ``Il a dit: oui`` → ``Il a dit\u00a0: oui``; ``12:30``, ``https://``,
    ``std::vector`` and ``:)`` are no prose colons.
    """
    edits: Edits = []
    for match in _COLON_RE.finditer(text):
        edits.extend(_mark_space(text, match.start(), style.nbsp, style))
    return edits


def find_punctuation_space(text: str, style: Style) -> Edits:
    """A narrow no-break space (U+202F) before ``; ! ?``, one per cluster (``?!``).

    ``Vraiment?!`` → ``Vraiment\u202f?!``; ``(?)`` and ``index.php?id=3`` stay;
    ``locale: fr-CA`` writes no space (and removes a breakable one).
    """
    edits: Edits = []
    length = len(text)
    right = None if style.canadian else style.narrow
    for start in positions_of(text, _MARKS, _MARK_RUN_RE):
        if start and text[start - 1] in _MARKS:
            continue  # inside a cluster: "?!" gets one space, before "?"
        end = start + 1
        if text[start] != ";":
            while end < length and text[end] in _CLUSTER:
                end += 1
        if end < length and text[end] not in _MARK_FOLLOWERS:
            continue
        edits.extend(_mark_space(text, start, right, style))
    return edits


# ---------------------------------------------------------------------------
# Spaces that have no place: before , . … ) ], after ( [

_H_SPACES = " \t\u00a0\u202f\u2009\u200a"
# A line break before a comma too: in HTML it shows as a space ("Bonjour\n, toi").
_BEFORE_MARK_RE = re.compile(f"[{_H_SPACES}]+(?=[,.…)\\]])|[{_H_SPACES}]*\r?\n[{_H_SPACES}]*(?=,)")
# Not before a mark that takes a space of its own (« ( » », "( !"): the space rules
# would put it back, and every run would change the text twice.
_AFTER_OPENING_RE = re.compile(f"[(\\[]([{_H_SPACES}]+)(?=[^{WS_CHARS})\\]»›;:!?])")
# After a colon: a no-break space ties the colon to the next word for nothing.
_NO_BREAK_AFTER_COLON_RE = re.compile(":[\u00a0\u202f](?=[^\\W\\d_])")
_MARK_ENDS = SPACE_CHARS | frozenset(".…)]}»”’\"'")
#: What a text must hold for find_stray_space to find anything: each space its
#: patterns read, before a mark or after a bracket (every kind: a rule gated on
#: ordinary spaces alone left "( " with U+00A0 to a second run).
STRAY_SPACE_NEEDS = (
    *(space + mark for space in _H_SPACES for mark in ",.…)]"),
    "\n,",  # spaces after the line break: a space and a comma, above
    *(bracket + space for bracket in "([" for space in _H_SPACES),
    ":\u00a0",
    ":\u202f",
)


def _dots_end(text: str, start: int) -> int:
    """Where the run of dots and ellipses at ``start`` ends."""
    end = start
    while end < len(text) and text[end] in ".…":
        end += 1
    return end


def find_stray_space(text: str, style: Style) -> Edits:
    """Spaces before ``,`` ``.`` ``…`` and inside brackets go; a no-break space
    after a colon becomes an ordinary one.

    ``Bonjour , le monde .`` → ``Bonjour, le monde.``; ``Bonjour ,toi`` →
    ``Bonjour, toi``; ``( enfin )`` → ``(enfin)``; ``pas ...`` → ``pas...``
    (then ``…``); ``.docx``, ``,5`` and ``( )`` stay, and so does the space
    before a dot leader or after a quote the quotes rule leaves straight.
    """
    edits: Edits = []
    length = len(text)
    leaders: DotLeaderLines | None = None
    closers: set[int] | None = None
    for match in _BEFORE_MARK_RE.finditer(text):
        start, end = match.span()
        previous = text[start - 1] if start else ""
        if previous in '"“”':
            # A quote attaches it if the quotes rule closes a pair there.
            if closers is None:
                closers = {o.partner for o in pair_quotes(text) if o.partner >= 0}
            if start - 1 not in closers:
                continue
        elif not previous or not WORDISH_RE.match(previous):
            continue  # nothing to attach the mark to: ". . .", "( )"
        mark = text[end]
        if mark in ".…":
            leaders = leaders or DotLeaderLines(text)
            if end in leaders or cuts_an_address(text, end, _dots_end(text, end)):
                continue  # "Bendahmane .......... ACR", " ...&Prov=": not prose dots
        if mark in ",." and end + 1 < length and text[end + 1] not in _MARK_ENDS:
            if mark == "," and text[end + 1].isalpha() and text[start - 1].isalpha():
                edits.append((start, end + 1, ", "))  # "Bonjour ,toi": the space moves
            continue  # ".docx", ",5": a word or a number, not punctuation
        if mark == "." and text[end + 1 : end + 3] == " .":
            continue  # ". . .": spaced dots, read as the author wrote them
        edits.append((start, end, ""))
    for match in _AFTER_OPENING_RE.finditer(text):
        edits.append((match.start(1), match.end(1), ""))
    for match in _NO_BREAK_AFTER_COLON_RE.finditer(text):
        before = space_run_before(text, match.start())
        if before and (text[before - 1].isalnum() or text[before - 1] in ")]»”"):
            edits.append((match.start() + 1, match.end(), " "))  # a prose colon
    edits.sort()
    return edits
