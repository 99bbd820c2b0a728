"""Sentences written twice in a row inside one block (rule ``repeated-sentence``)."""

from __future__ import annotations

import bisect
import html as _html
import re
from typing import Any

from ..html import Text
from ..report import Change, shorten
from .keys import comparison_key, comparison_keys, key_size
from .options import STAGE
from .units import Piece, Unit

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


def _source_span(unit: Unit, start: int, end: int) -> tuple[int, int] | None:
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


def reduce_repeated_sentences(unit: Unit, settings: Any) -> None:
    """Cut later copies of a sentence run written twice in a row (edits the unit in place).

    The cuts are made only when the text they leave holds no repeat left to
    cut: a copy that runs across two text nodes (``X<em>X</em>``, a stray end
    tag) cannot be cut there, and cutting the rest only would leave a repeat
    the next run cuts in turn. Such a block stays as it is.
    """
    text = unit.text
    cuts = _planned_cuts(unit, text, settings)
    if not cuts:
        return
    parts, position = [], 0
    for start, end, _, _ in cuts:
        parts.append(text[position:start])
        position = end
    parts.append(text[position:])
    reduced = "".join(parts)
    if _has_repeat(reduced, settings):
        return
    for start, end, removed, kept in cuts:
        unit.edits.append((*_source_span(unit, start, end), ""))  # type: ignore[misc]
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
    unit.text = reduced
    # Pieces after a cut move back; a later cut in the same node is already mapped.
    unit.pieces = _shift_pieces(unit.pieces, [(s, e) for s, e, _, _ in cuts])


def _planned_cuts(unit: Unit, text: str, settings: Any) -> list[tuple[int, int, str, str]]:
    """``(start, end, removed, kept)`` in ``text`` of each later copy that can be cut
    (it lies in one editable text node)."""
    spans = _sentence_spans(text)
    keys = comparison_keys([text[a:b] for a, b in spans])
    cuts: list[tuple[int, int, str, str]] = []
    for i, copy_start, copies_end in _repeated_runs(spans, keys, text, settings):
        size = copy_start - i
        first = (spans[copy_start - 1][1], spans[copies_end - 1][1])
        second = (spans[i][0], spans[copies_end - size][0])
        for start, end in (first, second):
            if _source_span(unit, start, end) is not None:
                kept = text[spans[i][0] : spans[copy_start - 1][1]]
                cuts.append((start, end, text[start:end], kept))
                break
    if not cuts and spans:
        cut = _doubled_whole(text, (spans[0][0], spans[-1][1]), settings)
        if cut is not None and _source_span(unit, *cut) is not None:
            cuts.append((*cut, text[cut[0] : cut[1]], text[spans[0][0] : cut[0]]))
    return cuts


def _repeated_runs(
    spans: list[tuple[int, int]], keys: list[str], text: str, settings: Any
) -> list[tuple[int, int, int]]:
    """``(i, j, end)`` of each run of sentences ``i..j-1`` written again from ``j`` to ``end``."""
    runs = []
    if len(spans) >= 2:
        where: dict[str, list[int]] = {}
        for index, key in enumerate(keys):
            where.setdefault(key, []).append(index)
        i, count = 0, len(spans)
        while i < count:
            found = _repeat_at(i, keys, where, spans, text, settings)
            if found is None:
                i += 1
                continue
            runs.append((i, *found))
            i = found[1]
    return runs


def _has_repeat(text: str, settings: Any) -> bool:
    """Whether ``text`` holds a sentence run written twice, or is one stretch written twice."""
    spans = _sentence_spans(text)
    if not spans:
        return False
    keys = comparison_keys([text[a:b] for a, b in spans])
    return bool(_repeated_runs(spans, keys, text, settings)) or (
        _doubled_whole(text, (spans[0][0], spans[-1][1]), settings) is not None
    )


def _shift_pieces(pieces: list[Piece], cuts: list[tuple[int, int]]) -> list[Piece]:
    shifted = []
    for piece in pieces:
        removed_before = sum(e - s for s, e in cuts if e <= piece.offset)
        shifted.append(Piece(piece.offset - removed_before, piece.node, piece.editable))
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
