"""The build's summary: one line that fits an 80-column terminal, and the details.

>>> summary_line(BuildCounts(posts=1, removed=1, fixes=3, entities=2, distinct=2))
'newsclean: 1 post processed, 1 repeat removed, 3 typography fixes, 2 entities'
>>> summary_line(BuildCounts(10**4, 5000, 90000, 40000, 9000, 100))
'newsclean: 10000 posts, 5000 removed, 90000 fixes, 40000 entities, 100 errors'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .report import plural

WIDTH = 80


@dataclass(frozen=True)
class BuildCounts:
    """What a build did, counted."""

    posts: int
    removed: int
    fixes: int
    entities: int
    distinct: int
    errors: int = 0


def _wordings(counts: BuildCounts) -> list[list[str]]:
    """The line's parts in each wording, longest first: the last drops words and
    thousands separators."""

    def count(n: int, noun: str, nouns: str, separators: bool = True) -> str:
        text = plural(n, noun, nouns)
        return text.replace(str(n), f"{n:,}", 1) if separators else text

    errors = [count(counts.errors, "error", "errors")] if counts.errors else []
    distinct = f" ({counts.distinct:,} distinct)" if counts.distinct != counts.entities else ""
    posts = count(counts.posts, "post", "posts")
    removed = count(counts.removed, "repeat", "repeats") + " removed"
    fixes = count(counts.fixes, "typography fix", "typography fixes")
    entities = count(counts.entities, "entity", "entities")
    return [
        [posts + " processed", removed, fixes, entities + distinct, *errors],
        [posts, removed, fixes, entities, *errors],
        [
            count(counts.posts, "post", "posts", False),
            f"{counts.removed} removed",
            count(counts.fixes, "fix", "fixes", False),
            count(counts.entities, "entity", "entities", False),
            *(plural(counts.errors, "error") for _ in errors),
        ],
    ]


def summary_line(counts: BuildCounts) -> str:
    """``newsclean: 8 posts processed, ...`` in at most :data:`WIDTH` columns: the
    longest wording that fits (the shortest fits sites up to 10,000 posts with up
    to 1 % of them failing, and 100,000 posts without errors)."""
    lines = ["newsclean: " + ", ".join(parts) for parts in _wordings(counts)]
    return next((line for line in lines if len(line) <= WIDTH), lines[-1])


def detail_lines(fixes: Counter[str], seconds: dict[str, float]) -> list[str]:
    """The typography fixes by rule and the time of each stage, each wrapped to :data:`WIDTH`."""
    lines = []
    if fixes:
        lines += _wrapped(
            "newsclean: fixes by rule: ", [f"{r} {n}" for r, n in fixes.most_common()]
        )
    if seconds:
        lines += _wrapped("newsclean: seconds: ", [f"{s} {t:.2f}" for s, t in seconds.items()])
    return lines


def _wrapped(head: str, items: list[str]) -> list[str]:
    lines, line = [], head
    for index, item in enumerate(items):
        piece = item + ("," if index < len(items) - 1 else "")
        if len(line) + 1 + len(piece) > WIDTH and line.strip() != head.strip():
            lines.append(line)
            line = " " * 4 + piece
        else:
            line = f"{line}{'' if line.endswith(' ') else ' '}{piece}"
    lines.append(line)
    return lines
