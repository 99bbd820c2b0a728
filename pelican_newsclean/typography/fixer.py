"""Running the rule table over the joined text of a fragment's blocks."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from unicodedata import combining

from ..html import ATOM, SENTINELS, SUP_CLOSE, SUP_OPEN, Piece, TextRun, splice_sorted
from ..report import EXCERPT_CHARS, Change, shorten
from .base import BLOCK_END, NBSP, NNBSP, Edits, Rule, Style
from .protect import protected_spans

STAGE = "typography"

# ---------------------------------------------------------------------------
# Fixing the text of all blocks at once
#
# The runs of a fragment are joined into one text, separated by a frozen
# SEPARATOR: every rule then reads the whole fragment in one regex pass and
# one splice, instead of once per paragraph. The separator is a
# line break on each side of a private-use BLOCK_END character, so for every
# rule it reads like the end of one block and the start of the next (a space
# that cannot be edited); quote pairing restarts at BLOCK_END.

SEPARATOR = "\n" + BLOCK_END + "\n"
OWN_MARKERS = (*SENTINELS, BLOCK_END)
_CONTEXT = 16


def _excerpt(text: str, start: int, end: int) -> str:
    """A short window around ``[start, end)``, markers shown as markup."""
    window = text[start - _CONTEXT if start > _CONTEXT else 0 : end + _CONTEXT]
    # Six substring tests cost a third of a regex search on such a short
    # window, and most windows hold none of these characters.
    if len(window) <= EXCERPT_CHARS and not (
        "\n" in window
        or BLOCK_END in window
        or ATOM in window
        or SUP_OPEN in window
        or SUP_CLOSE in window
        or "\t" in window
    ):
        return window
    if BLOCK_END in window:
        # Keep to the block the change is in.
        left = window.rfind(BLOCK_END, 0, min(start, _CONTEXT))
        right = window.find(BLOCK_END, min(start, _CONTEXT) + (end - start))
        window = window[left + 2 if left >= 0 else 0 : right - 1 if right >= 0 else None]
    if "\n" in window or "\t" in window:
        window = window.replace("\n", " ").replace("\t", " ").strip(" ")
    if ATOM in window:
        window = window.replace(ATOM, "[…]")
    if SUP_OPEN in window or SUP_CLOSE in window:
        window = window.replace(SUP_OPEN, "<sup>").replace(SUP_CLOSE, "</sup>")
    if len(window) > EXCERPT_CHARS:
        window = shorten(window.replace(NBSP, "\ue010").replace(NNBSP, "\ue011"))
        window = window.replace("\ue010", NBSP).replace("\ue011", NNBSP)
    return window


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the (sorted) protected spans replaced by ATOMs, one per character.

    Rules read this view, so nothing inside a URL, a time or an emoticon can
    match, while the span still reads as a word for the punctuation around it.
    """
    parts: list[str] = []
    position = 0
    for start, end in spans:
        start = max(start, position)
        if end <= start:
            continue
        parts.append(text[position:start])
        parts.append(ATOM * (end - start))
        position = end
    parts.append(text[position:])
    return "".join(parts)


class Fixer:
    """Runs the rule table over the joined text of a fragment's blocks.

    The text is one string; the pieces it is made of (parts of text nodes,
    and frozen placeholders) are tracked as start offsets, moved by each
    batch of edits with the ownership rules of
    :meth:`pelican_newsclean.html.EditableText.apply`: an insertion at the
    border of two pieces goes into the later one (the earlier one if the
    later is frozen), a replacement into its first piece, and an edit that
    would touch a frozen piece is refused. One string splice per rule, and
    no per-piece work, keeps the stage fast.
    """

    def __init__(self, pieces: list[Piece], labels: list[str], style: Style):
        self.pieces = [p for p in pieces if p.text]
        texts = [p.text for p in self.pieces]
        self.starts = [0, *itertools.accumulate(map(len, texts))]
        self.starts.pop()
        self.frozen = [p.frozen for p in self.pieces]
        # The pieces holding a SEPARATOR, where one joined run ends.
        self.separators = [
            i for i, p in enumerate(self.pieces) if p.node is None and p.text == SEPARATOR
        ]
        self.text = "".join(texts)
        self.labels = labels  # "block 3" for each joined run, in order
        self.style = style
        self.changes: list[Change] = []

    def run(self, rules: Sequence[Rule]) -> bool:
        spans = protected_spans(self.text)
        view = _mask(self.text, spans) if spans else self.text
        changed = False
        for rule in rules:
            if not rule.may_apply(view):
                continue
            found = rule.find(view, self.style)
            if not found:
                continue
            old, old_starts = self.text, self.starts
            applied = self._apply(found)
            if not applied:
                continue
            changed = True
            self._record(rule.name, old, old_starts, applied)
            # Rules only ever edit characters they matched, never a masked
            # one, so the view follows the edits as they are.
            view = splice_sorted(view, applied) if spans else self.text
        return changed

    def _owner(self, position: int) -> int:
        """The piece an insertion at ``position`` goes to, or -1 if refused."""
        starts, frozen = self.starts, self.frozen
        index = bisect.bisect_right(starts, position) - 1
        if index < 0:
            return -1
        if position > starts[index]:  # inside the piece (or at the very end)
            return -1 if frozen[index] else index
        if not frozen[index]:
            return index
        return index - 1 if index > 0 and not frozen[index - 1] else -1

    def _apply(self, found: Edits) -> Edits:
        """Apply sorted ``(start, end, new)`` edits; return those applied."""
        text, starts, frozen = self.text, self.starts, self.frozen
        total = len(text)
        last_piece = len(starts) - 1
        applied: Edits = []
        owners: list[int] = []
        last_end = -1
        for edit in found:
            start, end, new = edit
            if start < last_end or end > total or text[start:end] == new:
                continue
            if end < total and combining(text[end]):
                continue  # it would part an accent from its letter (NFD text)
            if start == end:
                owner = last_piece if start == total else self._owner(start)
                if owner < 0 or frozen[owner]:
                    continue
            else:
                owner = bisect.bisect_right(starts, start) - 1
                if frozen[owner]:
                    continue
                # Most edits lie inside one piece; only a longer one needs the range check.
                if end > start + 1 and any(frozen[owner + 1 : bisect.bisect_left(starts, end)]):
                    continue
            applied.append(edit)
            owners.append(owner)
            last_end = end
        if applied:
            self.starts = _moved_starts(starts, applied, owners)
            self.text = splice_sorted(text, applied)
        return applied

    def node_texts(self) -> dict:
        """New text of every text node (pieces of one node joined)."""
        texts: dict = {}
        ends = [*self.starts[1:], len(self.text)]
        for piece, start, end in zip(self.pieces, self.starts, ends, strict=True):
            if piece.node is not None:
                texts.setdefault(piece.node, []).append(self.text[start:end])
        return {node: "".join(parts) for node, parts in texts.items()}

    def _record(self, rule: str, old: str, old_starts: list[int], applied: Edits) -> None:
        """One :class:`Change` per group of edits a few characters apart.

        ``old`` is the text before the edits, ``old_starts`` its piece starts.
        """
        labels, new = self.labels, self.text
        # Where each BLOCK_END stood: the middle of each separator piece.
        ends = [old_starts[i] + 1 for i in self.separators]
        self.changes += [
            Change(
                STAGE,
                rule,
                _excerpt(old, old_start, old_end),
                _excerpt(new, new_start, new_end),
                labels[bisect.bisect_left(ends, old_start)],
            )
            for old_start, old_end, new_start, new_end in _groups(applied)
        ]


def _groups(applied: Edits) -> list[list[int]]:
    """The edits, those a character or less apart merged, as
    ``[old start, old end, new start, new end]``."""
    groups: list[list[int]] = []
    delta = 0
    last_end = -2
    for start, end, text in applied:
        new_start = start + delta
        delta += len(text) - (end - start)
        if start - last_end <= 1:
            group = groups[-1]
            group[1] = end
            group[3] = new_start + len(text)
        else:
            groups.append([start, end, new_start, new_start + len(text)])
        last_end = end
    return groups


def _moved_starts(starts: list[int], applied: Edits, owners: list[int]) -> list[int]:
    """Where the pieces start once ``applied`` (sorted edits) is spliced in.

    Each edit's text lands in its owner piece, so a start moves by the edits
    before it: those ending at or before it, except an insertion right at it
    that its own piece (or a later one) owns. A start inside a replacement
    moves to the end of the replacement's text (its piece is emptied).
    """
    moved = starts[: bisect.bisect_left(starts, applied[0][0])]
    index = len(moved)
    length = len(starts)
    count = len(applied)
    delta = k = 0
    while index < length:
        position = starts[index]
        while k < count:
            start, end, new = applied[k]
            if end > position or (start == position and owners[k] >= index):
                break
            delta += len(new) - (end - start)
            k += 1
        if k == count:  # every edit is behind: the rest moves alike
            moved.extend([p + delta for p in starts[index:]] if delta else starts[index:])
            break
        start, end, new = applied[k]
        if start > position:
            # No edit before the next one: every start up to it moves alike.
            stop = bisect.bisect_left(starts, start, index)
            moved.extend([p + delta for p in starts[index:stop]] if delta else starts[index:stop])
            index = stop
            continue
        moved.append(start + delta + len(new) if start < position < end else position + delta)
        index += 1
    return moved


def has_own_marker(run: TextRun) -> bool:
    return any(p.node is not None and any(s in p.text for s in OWN_MARKERS) for p in run.pieces)
