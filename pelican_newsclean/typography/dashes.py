"""Dashes: dialogue and incise."""

from __future__ import annotations

import re

from ..html import ATOM
from .base import BLOCK_END, EM_DASH, HS, LETTER, WORDISH, Edits, Style, space_edit

_DIALOGUE_RE = re.compile(rf"[ \t]*(-{{1,2}}|—|–)({HS}*)(?={LETTER}|[«\"“{ATOM}])")
# Where a line opens with a dash: a literal-first search for the line breaks
# worth a look, instead of trying the pattern after every one.
_DASH_LINE_RE = re.compile("\n(?=[ \t]*[-—–])")


# What ends the line before a reply: the end of a sentence, maybe quoted.
_REPLY_AFTER = frozenset('.!?…»”"' + BLOCK_END)
_LINE_SPACES = " \t\u00a0\u202f"


def _line_end(text: str, newline: int) -> str:
    """The last character before the line break at ``newline`` and its spaces."""
    index = newline
    while index > 0 and text[index - 1] in _LINE_SPACES:
        index -= 1
    return text[index - 1] if index else BLOCK_END


def _ends_a_sentence(text: str, start: int) -> bool:
    """Whether the line at ``start`` ends with the end of a sentence."""
    newline = text.find("\n", start)
    return _line_end(text, len(text) if newline < 0 else newline) in _REPLY_AFTER - {BLOCK_END}


def _opens_a_list(text: str, start: int) -> bool:
    """Whether the line at ``start`` (a block's first) is an unrendered Markdown
    list's first item: it ends no sentence and the next line opens with a dash."""
    newline = text.find("\n", start)
    if newline < 0 or _line_end(text, newline) in _REPLY_AFTER:
        return False
    return _DASH_LINE_RE.match(text, newline) is not None and text[newline + 1] != BLOCK_END


# A reply opening a quotation: "« - Viens !" (the dash, then a word).
_QUOTED_REPLY_RE = re.compile(rf"«({HS}*)(-{{1,2}}|–)({HS}+)(?={LETTER})")


def find_dialogue_dash(text: str, style: Style) -> Edits:
    """A dash opening a paragraph, or a line after one that ends a sentence,
    is a dialogue dash: ``—`` and U+00A0.

    ``- Bonjour, dit-il.`` → ``—\u00a0Bonjour, dit-il.``, and after an opening
    guillemet (``« - Viens !`` → ``« —\u00a0Viens !``); after a colon, a line
    that ends a sentence is a reply (``Il dit :\n- Viens !``). ``-5 °C``
    stays, and so do the lines of a list Markdown left in a paragraph
    (``Contraintes :\n- Durée\n- Lieu``).
    """
    edits: Edits = []
    for position in (0, *(line.end() for line in _DASH_LINE_RE.finditer(text))):
        match = _DIALOGUE_RE.match(text, position)
        if match is None:
            continue
        previous = _line_end(text, position - 1) if position else BLOCK_END
        if previous == ":" and _ends_a_sentence(text, position):
            pass  # "Il dit :\n- Viens !": a reply announced
        elif previous != BLOCK_END and previous not in _REPLY_AFTER:
            continue  # a line that goes on a sentence: a list item
        if previous == BLOCK_END and _opens_a_list(text, position):
            continue
        dash, space = match.group(1), match.group(2)
        if dash.startswith("-") and not space:
            continue  # "-Bonjour" is no dialogue
        start, end = match.span(1)
        if dash.startswith("-"):
            edits.append((start, end, EM_DASH))
        space_edit(text, end, match.end(2), style.nbsp, style, edits)
    if "«" in text:
        for match in _QUOTED_REPLY_RE.finditer(text):
            edits.append((match.start(2), match.end(2), EM_DASH))
            space_edit(text, match.start(3), match.end(3), style.nbsp, style, edits)
        edits.sort()
    return edits


_INCISE_RE = re.compile(
    rf"-(?<=[{WORDISH}…][ \u00a0]-)"
    # "--" and "---" are dashes even before a number; a lone "-" only before a word.
    rf"(?:--?(?!-)(?=[ \u00a0](?:{LETTER}|[0-9«\"“({ATOM}]))"
    rf"|(?!-)(?=[ \u00a0](?:{LETTER}|[«\"“({ATOM}])))"
)


def find_incise_dash(text: str, style: Style) -> Edits:
    """A hyphen between spaces in a sentence is an incise dash: `` – `` (or `` — ``).

    ``Le maire - élu en 2020 - a dit`` → ``Le maire – élu en 2020 – a dit``;
    ``--`` and ``---`` too, before a number as well (``Le trajet -- 20 km environ
    -- prendra``); ranges (``1914-1918``), compounds (``peut-être``) and
    ``2 - 1`` keep theirs.
    """
    return [(m.start(), m.end(), style.incise) for m in _INCISE_RE.finditer(text)]
