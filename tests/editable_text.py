"""A reference model of editing a run of text pieces, for the tests.

The typography stage's fixer (typography/fixer.py) edits a run's pieces in
one string, with its own bookkeeping; this slower, plainer model of the same
contract is what the tests compare it with, and what they use to edit runs
when they test html.py's walking and rewriting.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pelican_newsclean.html import Piece, Text, splice


@dataclass(frozen=True)
class Edit:
    """Replace ``[start, end)`` of a logical text with ``new``."""

    start: int
    end: int
    new: str


class EditableText:
    """The logical text of a run, edited as one string, mapped back onto nodes.

    Frozen pieces (placeholders for skipped elements, protected spans) cannot
    be edited; an edit touching one is refused. An insertion at the border of
    two pieces goes into the later piece, or the earlier one when the later is
    frozen, so ``<em>Salut</em>!`` gets its space before ``!``, outside ``em``.
    """

    def __init__(self, pieces: Sequence[Piece]):
        self.pieces = [p for p in pieces if p.text]
        self._reindex()

    def _reindex(self) -> None:
        texts = [p.text for p in self.pieces]
        self.starts: list[int] = [0, *itertools.accumulate(map(len, texts))]
        self.starts.pop()
        self.text = "".join(texts)

    def frozen_spans(self) -> list[tuple[int, int]]:
        return [
            (s, s + len(p.text)) for s, p in zip(self.starts, self.pieces, strict=True) if p.frozen
        ]

    def freeze(self, spans: Iterable[tuple[int, int]]) -> None:
        """Make ``[start, end)`` spans unchangeable (protected URLs, times...)."""
        cuts = sorted({x for span in spans if span[0] < span[1] for x in span})
        if not cuts:
            return
        inside = _span_membership(spans)
        pieces: list[Piece] = []
        for start, piece in zip(self.starts, self.pieces, strict=True):
            end = start + len(piece.text)
            # Only the cuts inside this piece: linear in pieces + cuts overall.
            local_cuts = cuts[bisect.bisect_right(cuts, start) : bisect.bisect_left(cuts, end)]
            bounds = [start, *local_cuts, end]
            for a, b in itertools.pairwise(bounds):
                part = piece.text[a - start : b - start]
                pieces.append(Piece(part, piece.node, piece.frozen or inside(a)))
        self.pieces = [p for p in pieces if p.text]
        self._reindex()

    def _piece_at(self, position: int) -> int:
        return bisect.bisect_right(self.starts, position) - 1

    def _owner_of_insertion(self, position: int) -> int | None:
        index = self._piece_at(position) if self.pieces else -1
        if index < 0:
            return None
        start = self.starts[index]
        if position > start:  # strictly inside (or at the end of the last piece)
            return None if self.pieces[index].frozen else index
        later_ok = not self.pieces[index].frozen
        earlier_ok = index > 0 and not self.pieces[index - 1].frozen
        if later_ok:
            return index
        return index - 1 if earlier_ok else None

    def apply(self, edits: Iterable[Edit]) -> list[Edit]:
        """Apply sorted, non-overlapping edits; return those applied."""
        if not self.pieces:
            return []
        per_piece: dict[int, list[tuple[int, int, str]]] = {}
        applied: list[Edit] = []
        last_end = -1
        total = len(self.text)
        for edit in edits:
            if edit.start < last_end or edit.start > edit.end or edit.end > total:
                continue
            if edit.start == edit.end:
                if edit.start == total:
                    index = len(self.pieces) - 1
                    if self.pieces[index].frozen:
                        continue
                else:
                    owner = self._owner_of_insertion(edit.start)
                    if owner is None:
                        continue
                    index = owner
                local = edit.start - self.starts[index]
                per_piece.setdefault(index, []).append((local, local, edit.new))
            else:
                first = self._piece_at(edit.start)
                last = self._piece_at(edit.end - 1)
                if any(self.pieces[i].frozen for i in range(first, last + 1)):
                    continue
                for i in range(first, last + 1):
                    start = self.starts[i]
                    end = start + len(self.pieces[i].text)
                    a, b = max(edit.start, start) - start, min(edit.end, end) - start
                    per_piece.setdefault(i, []).append((a, b, edit.new if i == first else ""))
            applied.append(edit)
            last_end = edit.end
        for index, ops in per_piece.items():
            piece = self.pieces[index]
            piece.text = splice(piece.text, ops)
        self.pieces = [p for p in self.pieces if p.text or p.node is not None]
        self._reindex()
        return applied

    def node_texts(self) -> dict[Text, str]:
        """New text of every node the run holds (unchanged ones included)."""
        texts: dict[Text, list[str]] = {}
        for piece in self.pieces:
            if piece.node is not None:
                texts.setdefault(piece.node, []).append(piece.text)
        return {node: "".join(parts) for node, parts in texts.items()}


def _span_membership(spans: Iterable[tuple[int, int]]) -> Callable[[int], bool]:
    """A test of whether a position lies inside one of the spans (merged first)."""
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = [s for s, _ in merged]

    def inside(position: int) -> bool:
        index = bisect.bisect_right(starts, position) - 1
        return index >= 0 and position < merged[index][1]

    return inside
