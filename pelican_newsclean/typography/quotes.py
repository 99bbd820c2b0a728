"""Apostrophes and quotation marks: pairing, guillemets and their spaces."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..html import ATOM, SUP_OPEN
from .base import (
    BLOCK_END,
    LETTER,
    MINUTE_MARKS,
    NBSP,
    NNBSP,
    SPACE_CHARS,
    WS,
    WS_CHARS,
    Edits,
    Style,
    anchored_matches,
    positions_of,
    space_edit,
    space_run_after,
    space_run_before,
)

_APOSTROPHE_RE = re.compile(rf"'(?<=[^\W\d_]'|[\u0300-\u036f]')(?={LETTER}|{ATOM})")
# An elided word before a quotation: l'« idée », qu'"il vienne", and l' ” idée "
# (a closing quote typed for an opening one, which the quotes rule turns into «).
_BEFORE_QUOTATION_RE = re.compile("'(?=[ \u00a0\u202f]?[«\"“”„])")
_ELIDED_RE = re.compile(
    r"(?:^|[^\w'’])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|presqu|quelqu|aujourd)$",
    re.IGNORECASE,
)
# An elided word typed with a space after its apostrophe: l' éléphant, qu' il.
_SPACED_ELISION_RE = re.compile(rf"'[ \u00a0\u202f](?={LETTER})")
# An elided word before a number: d'1h19, l'1er, jusqu'2010 ('80 elides nothing).
_BEFORE_DIGIT_RE = re.compile("'(?=[0-9])")
_TURNED_RE = re.compile(rf"‘(?<=[^\W\d_]‘|[\u0300-\u036f]‘)(?={LETTER}|{ATOM})")


def find_apostrophe(text: str, style: Style) -> Edits:
    """A straight (or opening curly) quote between letters is an apostrophe: ``’``.

    ``l'Armée`` → ``l’Armée``; ``qu'<em>il</em>`` → ``qu’<em>il</em>``; an
    elided word before a quotation too: ``qu'« il vienne »``, ``l'"idée"``; and
    one typed with a space after it loses the space: ``l' éléphant`` → ``l’éléphant``;
    one before a number too: ``d'1h19'58"`` → ``d’1h19'58"`` (``les années '80`` stays).
    """
    edits = [(m.start(), m.end(), "’") for m in _APOSTROPHE_RE.finditer(text)]
    for pattern in (_BEFORE_QUOTATION_RE, _SPACED_ELISION_RE, _BEFORE_DIGIT_RE):
        for match in pattern.finditer(text):
            if _ELIDED_RE.search(text, max(match.start() - 8, 0), match.start()):
                edits.append((match.start(), match.end(), "’"))
    edits.sort()
    if "‘" in text:
        edits.extend((m.start(), m.end(), "’") for m in _TURNED_RE.finditer(text))
        edits.sort()
    return edits


_QUOTE_CHARS = '"“”«»' + BLOCK_END
# Two straight quotes side by side are no quotation (see _straight_role):
# a run of them is skipped whole.
_STRAIGHT_RUN_RE = re.compile('"+|[“”«»' + BLOCK_END + "]")


_OPEN_CONTEXT = SPACE_CHARS | frozenset("([{«“‘’-–—/")  # ’: l’"idée"
_CLOSE_CONTEXT = SPACE_CHARS | frozenset(".,;:!?…)]}»”’'-–—/" + SUP_OPEN)


@dataclass(slots=True)
class _Open:
    position: int
    char: str
    parent: _Open | None
    partner: int = -1  # position of the matching closer, -1 while unmatched


_WORD_LEADS = ".-"


def _starts_word(text: str, index: int) -> bool:
    """Whether ``text[index:]`` is a word led by dots or dashes: ``.docx``, ``--force``."""
    end = index
    while end < len(text) and text[end] in _WORD_LEADS:
        end += 1
    return index < end < len(text) and text[end].isalnum()


def _straight_role(before: str, after: str, pending: bool, word_after: bool = False) -> str:
    """Whether a straight ``"`` opens, closes, or is left alone (``word_after``:
    a word led by dots or dashes follows it)."""
    if before == '"' or after == '"':
        return "none"  # a run of quotes is no quotation
    opening_side = before in _OPEN_CONTEXT  # start, space, bracket, dash, «
    closing_side = after in _CLOSE_CONTEXT  # end, space, punctuation, closer
    if opening_side and closing_side:
        # Spaces on both sides: " mot " written the French way.
        if pending:
            return "close"
        return "open" if after in SPACE_CHARS or word_after else "none"
    if opening_side:
        return "open"
    if closing_side:
        # After a digit with nothing to close, it is an inch mark: 27".
        return "close" if pending or not before.isdigit() else "none"
    return "none"


_NO_BREAK = frozenset((NBSP, NNBSP))
_CLOSING_MARKS = _CLOSE_CONTEXT - SPACE_CHARS


def _after_quote(text: str, index: int) -> str:
    """The character that decides a quote's role, looking past the no-break
    spaces our own rules put before ``»`` and ``! ? ;``: ``"»`` and ``"\u00a0»``
    must read alike, or a second run would pair quotes the first one left."""
    end = index
    while end < len(text) and text[end] in _NO_BREAK:
        end += 1
    if end > index and end < len(text) and text[end] in _CLOSING_MARKS:
        return text[end]
    return text[index] if index < len(text) else " "


def _ends_seconds(text: str, position: int) -> bool:
    """Whether the ``"`` at ``position`` is the seconds mark of a time written
    with a minute mark: ``17' 02"``, ``40'20"``, ``1h45'52"`` (and feet and
    inches, ``6' 2"``): one or two digits, a space maybe, a mark after a digit."""
    index = position
    while index > 0 and position - index < 2 and "0" <= text[index - 1] <= "9":
        index -= 1
    if index == position:
        return False
    if index > 0 and text[index - 1] in SPACE_CHARS:
        index -= 1
    return index > 1 and text[index - 1] in MINUTE_MARKS and "0" <= text[index - 2] <= "9"


def _is_mark(text: str, position: int, pending: bool) -> bool:
    """Whether the straight ``"`` at ``position`` is an inch or seconds mark, no
    quote: after a digit when no quote is pending (``27"``), and after the
    seconds of a time even when one is (``"en 17' 02". Puis"``)."""
    if position == 0 or not "0" <= text[position - 1] <= "9":
        return False
    return not pending or _ends_seconds(text, position)


def _forget_unsure_block(openers: list[_Open], first: int, unsure: bool) -> None:
    """Unpair every quote of a block whose straight quotes do not all pair.

    One straight quote left over (an odd count, a doubled ``""``, a quote
    glued between two words) means the pairing may have gone wrong anywhere
    in the block (``tour."Go Runner" "Go La France"" Good job"`` would give
    ``"Go Runner" « Go La France"" Good job »``): its quotes stay as written.
    """
    block = openers[first:]
    if not unsure:
        unsure = any(opener.partner < 0 and opener.char == '"' for opener in block)
    if unsure:
        for opener in block:
            opener.partner = -1


def pair_quotes(text: str) -> list[_Open]:
    """Pair the double quotes of one block on one stack (typography.md, "Quotes").

    A straight ``"`` opens after the start, a space, an opening bracket, a
    dash or ``«``, and closes before a space, punctuation or the end; with
    spaces on both sides (``" mot "``) it closes a pending quote, else opens
    one. After a digit it is an inch mark (``27"``) unless a quote is
    pending, and the seconds mark of a time (``17' 02"``) even then.
    ``“`` opens, ``”`` closes (smartypants' spaced ``” mot ”`` too), and
    both pair with ``"``; ``«`` pairs with ``»``, dropping quotes left open
    inside. Unmatched quotes stay unmatched, and a block where a straight
    quote (no mark) is left unmatched keeps all its quotes as written.
    """
    openers: list[_Open] = []
    stack: list[_Open] = []
    first = 0  # the block's first opener
    unsure = False  # a straight quote of the block paired with nothing
    for position in positions_of(text, _QUOTE_CHARS, _STRAIGHT_RUN_RE):
        char = text[position]
        if char == BLOCK_END:
            _forget_unsure_block(openers, first, unsure)
            first, unsure = len(openers), False
            stack.clear()
            continue
        top = stack[-1] if stack else None
        if char == "«":
            opener = _Open(position, char, top)
            stack.append(opener)
            openers.append(opener)
            continue
        if char == "»":
            for index in range(len(stack) - 1, -1, -1):
                if stack[index].char == "«":
                    stack[index].partner = position
                    del stack[index:]
                    break
            continue
        before = text[position - 1] if position else " "
        after = _after_quote(text, position + 1)
        pending = top is not None and top.char != "«"
        if char == "“":
            role = "open"
        elif char == "”":
            spaced = before in _OPEN_CONTEXT and after in SPACE_CHARS
            role = "open" if spaced and not pending else "close"
        elif _is_mark(text, position, pending):
            continue
        else:
            role = _straight_role(before, after, pending, _starts_word(text, position + 1))
            if role == "none" or (role == "close" and not pending):
                unsure = True
        if role == "open":
            opener = _Open(position, char, top)
            stack.append(opener)
            openers.append(opener)
        elif role == "close" and pending:
            stack.pop().partner = position
    _forget_unsure_block(openers, first, unsure)
    return openers


def _depth(opener: _Open) -> int:
    """Quotation level: enclosing matched pairs, and enclosing « even if unclosed here."""
    depth = 1
    node = opener.parent
    while node is not None:
        if node.partner >= 0 or node.char == "«":
            depth += 1
        node = node.parent
    return depth


def find_quotes(text: str, style: Style) -> Edits:
    """Paired double quotes become « » at level one, “ ” inside (no inner spaces).

    ``"Bonjour"`` → ``«\u00a0Bonjour\u00a0»``; ``«Il dit "oui"»`` → ``«Il dit “oui”»``;
    typogrify's top-level ``“…”`` → ``« … »``. Unmatched quotes stay as written.
    """
    edits: Edits = []
    for opener in pair_quotes(text):
        if opener.partner < 0 or opener.char == "«":
            continue
        start, close = opener.position, opener.partner
        inner_start = space_run_after(text, start + 1)
        inner_end = space_run_before(text, close)
        if inner_start >= close:  # nothing but spaces inside
            continue
        if _depth(opener) == 1:
            if inner_start > start + 1:
                edits.append((start, start + 1, "«"))
                space_edit(text, start + 1, inner_start, style.guillemet, style, edits)
            else:
                edits.append((start, start + 1, "«" + style.guillemet))
            if inner_end < close:
                space_edit(text, inner_end, close, style.guillemet, style, edits)
                edits.append((close, close + 1, "»"))
            else:
                edits.append((close, close + 1, style.guillemet + "»"))
        else:
            if text[start] != "“" or inner_start > start + 1:
                edits.append((start, inner_start, "“"))
            if text[close] != "”" or inner_end < close:
                edits.append((inner_end, close + 1, "”"))
    edits.sort()
    return edits


_GUILLEMET_OPEN_RE = re.compile(rf"([«‹])({WS}*)(?=[^{WS_CHARS}»›])")


def find_guillemet_space(text: str, style: Style) -> Edits:
    """A no-break space after ``«`` and before ``»`` (U+00A0, or U+202F if
    ``narrow``), and inside single guillemets ``‹ ›``.

    ``«Bonjour»`` → ``«\u00a0Bonjour\u00a0»``; a space of the other kind is replaced.
    """
    edits: Edits = []
    # Found by literal scans: a search for a class tests every character.
    for match in anchored_matches(_GUILLEMET_OPEN_RE, text, positions_of(text, "«‹")):
        start, end = match.span(2)
        if start == end:
            # Written with the guillemet, so the space stays outside an inline element.
            edits.append((start - 1, start, match.group(1) + style.guillemet))
        else:
            space_edit(text, start, end, style.guillemet, style, edits)
    for end in positions_of(text, "»›"):
        start = space_run_before(text, end)
        if start == 0 or text[start - 1] in "«‹":
            continue
        space_edit(text, start, end, style.guillemet, style, edits)
    edits.sort()
    return edits
