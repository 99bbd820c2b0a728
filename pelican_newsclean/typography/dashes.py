"""Dashes: dialogue and incise."""

from __future__ import annotations

import re

from ..html import ATOM
from .base import EM_DASH, HS, LETTER, WORDISH, Edits, Style, space_edit

_DIALOGUE_RE = re.compile(rf"[ \t]*(-{{1,2}}|—|–)({HS}*)(?={LETTER}|[«\"“{ATOM}])")
# Where a line opens with a dash: a literal-first search for the line breaks
# worth a look, instead of trying the pattern after every one.
_DASH_LINE_RE = re.compile("\n(?=[ \t]*[-—–])")


def find_dialogue_dash(text: str, style: Style) -> Edits:
    """A dash opening a paragraph (or a line) is a dialogue dash: ``—`` and U+00A0.

    ``- Bonjour, dit-il.`` → ``—\u00a0Bonjour, dit-il.``; ``-5 °C`` stays.
    """
    edits: Edits = []
    for position in (0, *(line.end() for line in _DASH_LINE_RE.finditer(text))):
        match = _DIALOGUE_RE.match(text, position)
        if match is None:
            continue
        dash, space = match.group(1), match.group(2)
        if dash.startswith("-") and not space:
            continue  # "-Bonjour" is no dialogue
        start, end = match.span(1)
        if dash.startswith("-"):
            edits.append((start, end, EM_DASH))
        space_edit(text, end, match.end(2), style.nbsp, style, edits)
    return edits


_INCISE_RE = re.compile(
    rf"-(?<=[{WORDISH}…][ \u00a0]-)-?(?!-)(?=[ \u00a0](?:{LETTER}|[«\"“({ATOM}]))"
)


def find_incise_dash(text: str, style: Style) -> Edits:
    """A hyphen between spaces in a sentence is an incise dash: `` – `` (or `` — ``).

    ``Le maire - élu en 2020 - a dit`` → ``Le maire – élu en 2020 – a dit``;
    ranges (``1914-1918``), compounds (``peut-être``) and ``2 - 1`` keep theirs.
    """
    return [(m.start(), m.end(), style.incise) for m in _INCISE_RE.finditer(text)]
