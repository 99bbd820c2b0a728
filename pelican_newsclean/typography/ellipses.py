"""Ellipses: three dots, etc."""

from __future__ import annotations

import re

from .base import ELLIPSIS, Edits, Style, anchored_matches, positions_of

# Not the end of a longer word, an accented one in NFD too (éetc: e + U+0301 + etc).
_ETC_RE = re.compile(r"([Ee]tc)(?<![\w\u0300-\u036f][Ee]tc)(?:[.…]{2,}|…)")


def find_etc_ellipsis(text: str, style: Style) -> Edits:
    """``etc..``, ``etc...``, ``etc…`` (any run of dots and ellipses) become
    ``etc.``: *et cetera* already says "and so on".

    ``pommes, poires, etc...`` → ``pommes, poires, etc.``; ``etc...…`` → ``etc.``
    """
    return [(m.start(), m.end(), m.group(1) + ".") for m in _ETC_RE.finditer(text)]


# A run of dots and ellipses: three dots or more, or an ellipsis with more.
_ELLIPSIS_RE = re.compile(r"[.…](?<![.…][.…])(?:(?<=\.)(?=[.…]{2}|…)|(?<=…)(?=[.…]))[.…]+")
_DOTS_RE = re.compile("[.…]+")

# Dot leaders, the dots that align the columns of a results table typed as
# text: "Clt... Temps....... Nom........ Club", "1..... 37'37........ Sédik
# Bendahmane ....... ACR Dijon", "1- Benjamin PETITJEAN....31'55''".
_LEADER_RUN_RE = re.compile(r"\.\.+")
_LEADER_MIN_DOTS = 4
_CELL_MAX_WORDS = 3
_HEADER_MIN_DOTS = 6
_DIGITS_RE = re.compile("[0-9]")


def _is_digit(char: str) -> bool:
    return "0" <= char <= "9"


def _is_leader_line(line: str) -> bool:
    """Whether the dot runs of ``line`` are leaders, not ellipses.

    One run of four dots or more glued to a number (``PETITJEAN....31'55''``,
    ``HEURET ....36'29''``, ``1.....Dupont``); or several runs of which two
    have four dots or more, each run after a short cell of three words at
    most, in a line holding a number or a run of six dots or more (``Clt...
    Temps....... Nom....``, ``1..... 37'37........ Sédik``). Prose ellipses
    stand after longer text, or are three dots before a number
    (``fatigué...69 bornes``), or come without numbers (``Bon.... je file....``).
    """
    runs = [match.span() for match in _LEADER_RUN_RE.finditer(line)]
    long_runs = [(start, end) for start, end in runs if end - start >= _LEADER_MIN_DOTS]
    if not long_runs:
        return False
    for start, end in long_runs:
        after = line[end : end + 1]
        if _is_digit(after) or (start and _is_digit(line[start - 1]) and after.isalnum()):
            return True
    if len(long_runs) < 2:
        return False
    cells = [
        line[cell_start:start]
        for cell_start, (start, _) in zip([0, *(end for _, end in runs[:-1])], runs, strict=True)
    ]
    if not all(0 < len(cell.split()) <= _CELL_MAX_WORDS for cell in cells):
        return False
    # A table's rows hold numbers (ranks, times), its header long leaders;
    # "Bon.... je file.... à demain" neither.
    return any(end - start >= _HEADER_MIN_DOTS for start, end in runs) or any(
        map(_DIGITS_RE.search, cells)
    )


class DotLeaderLines:
    """Which lines of a text (parted by line breaks) hold dot leaders.

    Asked about positions in increasing order, it reads each line once.
    """

    def __init__(self, text: str):
        self.text = text
        self._start = self._end = -1  # the line last read
        self._leader = False

    def __contains__(self, position: int) -> bool:
        """Whether the line holding ``position`` is a line of dot leaders."""
        if not self._start <= position < self._end:
            text = self.text
            self._start = text.rfind("\n", 0, position) + 1
            end = text.find("\n", position)
            self._end = len(text) if end < 0 else end
            self._leader = _is_leader_line(text[self._start : self._end])
        return self._leader


def find_ellipsis(text: str, style: Style) -> Edits:
    """Three dots or more, or an ellipsis with dots or ellipses stuck to it,
    become one ``…`` (U+2026); ``..`` is left alone, and so is a line of dot
    leaders (see :func:`_is_leader_line`), every dot run of it.

    ``Mais... non`` → ``Mais… non``; ``Attendez.....`` and ``Bon……`` → one ``…``;
    ``Clt... Temps....... Nom....... Club`` stays.
    """
    # Tried where a run of dots starts, found by literal scans: a search for
    # the class tests every character.
    starts = positions_of(text, ".…", _DOTS_RE)
    leaders = DotLeaderLines(text)
    return [
        (m.start(), m.end(), ELLIPSIS)
        for m in anchored_matches(_ELLIPSIS_RE, text, starts)
        if m.start() not in leaders and not cuts_an_address(text, m.start(), m.end())
    ]


# What glues an address's parameters: "...&Prov=QUE&StationID=5415&hlyRange=...".
_ADDRESS_GLUE = frozenset("&=/")


def cuts_an_address(text: str, start: int, end: int) -> bool:
    """Whether the dots at ``[start, end)`` stand for the cut part of an address
    quoted in the text: glued to ``&``, ``=`` or ``/``."""
    return (start > 0 and text[start - 1] in _ADDRESS_GLUE) or (
        end < len(text) and text[end] in _ADDRESS_GLUE
    )
