"""Cutting removed blocks out of the source, with the layout around them."""

from __future__ import annotations

import bisect
from operator import attrgetter
from typing import Any

from ..html import BLOCK_TAGS, Element, Other, Text
from .units import HTML_SPACE, LIFTABLE_TAGS

# Elements whose end tag may be left out: the next block ends them.
_END_TAG_OPTIONAL = frozenset("p li dd dt".split())


def outermost(removed: set[Element]) -> set[Element]:
    return {e for e in removed if e.parent not in removed}


def lift(removed: set[Element], queue: list[Element] | None = None) -> set[Element]:
    """Add to ``removed`` the wrappers left holding only removed blocks."""
    # Each wrapper is looked at once per child that goes, not once per removed
    # sibling: a long list losing every item is read once, not once per item.
    parents = dict.fromkeys(e.parent for e in (removed if queue is None else queue))
    while parents:
        parent = next(iter(parents))
        del parents[parent]
        if parent is None or parent.tag not in LIFTABLE_TAGS or parent in removed:
            continue
        if all(
            (isinstance(c, Text) and not c.raw.strip(HTML_SPACE)) or c in removed
            for c in parent.children
        ):
            removed.add(parent)
            parents[parent.parent] = None
    return removed


def between_texts(element: Element) -> bool:
    """Whether ``element`` stands between two texts of its parent (``A<p>B</p>C``):
    cut, it would glue them into one run of text that was never written, so it
    stays.
    """
    parent = element.parent
    if parent is None:
        return False
    children = parent.children
    at = bisect.bisect_left(children, element.start, key=START)
    return _is_text(_shown_neighbour(children, at, -1)) and _is_text(
        _shown_neighbour(children, at, 1)
    )


def _shown_neighbour(children: list[Any], at: int, step: int) -> Any:
    """The sibling next to ``children[at]`` on one side, comments and stray end
    tags (which show nothing: the texts around them meet) skipped."""
    at += step
    while 0 <= at < len(children) and isinstance(children[at], Other):
        at += step
    return children[at] if 0 <= at < len(children) else None


#: A node's start, as bisect's key (a C call, where a function would run Python).
START = attrgetter("start")


def _is_text(node: Any) -> bool:
    return isinstance(node, Text) and bool(node.raw.strip(HTML_SPACE))


def _is_blank(node: Any) -> bool:
    return isinstance(node, Text) and not node.raw.strip(HTML_SPACE)


def _removed_runs(parent: Element, removed: set[Element]) -> list[tuple[int, int]]:
    """``(first, last)`` child indexes of each run of removed siblings (blank text between)."""
    runs: list[tuple[int, int]] = []
    first = last = -1
    for position, child in enumerate(parent.children):
        if child in removed:
            if first < 0:
                first = position
            last = position
        elif not _is_blank(child) and first >= 0:
            runs.append((first, last))
            first = -1
    if first >= 0:
        runs.append((first, last))
    return runs


def _run_span(parent: Element, first: int, last: int, source: str) -> tuple[int, int, str]:
    """The span to cut for a run of removed siblings, with the layout around it.

    The line break after the run goes with it, and its indentation; a run that
    ends its parent takes the blank before it instead; text glued on both sides
    keeps a space between its words.
    """
    children = parent.children
    start, end = children[first].start, children[last].end
    before = children[first - 1] if first > 0 else None
    after = children[last + 1] if last + 1 < len(children) else None
    if isinstance(after, Text) and after.start == end:
        raw = after.raw
        lead = len(raw) - len(raw.lstrip(HTML_SPACE))
        newline = raw.find("\n", 0, lead)
        if newline >= 0:
            end += newline + 1
            if isinstance(before, Text) and before.end == start:
                trimmed = before.raw.rstrip(" \t")
                if trimmed.endswith("\n"):
                    start -= len(before.raw) - len(trimmed)
            return start, end, ""
        glued_before = start > 0 and source[start - 1] not in HTML_SPACE + ">"
        if lead and not glued_before:
            return start, end + lead, ""
        if not lead and glued_before and raw:
            return start, end, " "  # text on both sides: keep the words apart
        return start, end, ""
    if (after is None or _is_blank(after)) and isinstance(before, Text) and before.end == start:
        trimmed = before.raw.rstrip(HTML_SPACE)
        start -= len(before.raw) - len(trimmed)
    return start, end, ""


def removal_spans(outermost: set[Element], source: str) -> list[tuple[int, int, str]]:
    parents = dict.fromkeys(
        e.parent for e in sorted(outermost, key=lambda e: e.start) if e.parent is not None
    )
    spans = []
    for parent in parents:
        for first, last in _removed_runs(parent, outermost):
            start, end, new = _run_span(parent, first, last, source)
            spans.append((start, end, _end_tag_kept(parent, first, last) or new))
    return spans


def _end_tag_kept(parent: Element, first: int, last: int) -> str:
    """The end tag of an unclosed element before a run, when the run closed it.

    In ``<p>A<p>B</p>C`` the second ``<p>`` ends the first, and ``C`` stands
    after both: cut alone, ``C`` would join the first paragraph (and be
    compared with it on the next run). The first one's end tag, written where
    the run was, keeps ``C`` where it stood.
    """
    children = parent.children
    before = next(
        (children[i] for i in range(first - 1, -1, -1) if not _is_blank(children[i])), None
    )
    after = next(
        (
            children[i]
            for i in range(last + 1, len(children))
            if not (_is_blank(children[i]) or isinstance(children[i], Other))
        ),
        None,
    )
    if not isinstance(before, Element) or before.tag not in _END_TAG_OPTIONAL:
        return ""
    if before.content_end != before.end or after is None:
        return ""  # closed, or nothing after the run to join it
    if isinstance(after, Element) and after.tag in BLOCK_TAGS:
        return ""  # a block after the run ends it again
    return f"</{before.tag}>"


def merge_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sorted spans, overlapping ones merged (a safety net: runs never overlap by design)."""
    merged: list[tuple[int, int, str]] = []
    for start, end, new in sorted(spans):
        if merged and start < merged[-1][1]:
            last_start, last_end, last_new = merged[-1]
            merged[-1] = (last_start, max(end, last_end), last_new + new)
        else:
            merged.append((start, end, new))
    return merged


def inside(element: Element, removed: set[Element]) -> bool:
    node: Element | None = element
    while node is not None:
        if node in removed:
            return True
        node = node.parent
    return False
