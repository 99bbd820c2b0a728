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


def _parts(counts: BuildCounts, short: bool) -> list[str]:
    """The line's parts, in words (``short``: fewer of them, numbers without separators)."""

    def count(n: int, noun: str, nouns: str) -> str:
        return (
            plural(n, noun, nouns) if short else plural(n, noun, nouns).replace(str(n), f"{n:,}", 1)
        )

    if short:
        parts = [
            count(counts.posts, "post", "posts"),
            f"{counts.removed} removed",
            count(counts.fixes, "fix", "fixes"),
            count(counts.entities, "entity", "entities"),
        ]
    else:
        parts = [
            count(counts.posts, "post", "posts") + " processed",
            count(counts.removed, "repeat", "repeats") + " removed",
            count(counts.fixes, "typography fix", "typography fixes"),
            count(counts.entities, "entity", "entities")
            + (f" ({counts.distinct:,} distinct)" if counts.distinct != counts.entities else ""),
        ]
    if counts.errors:
        parts.append(count(counts.errors, "error", "errors"))
    return parts


def summary_line(counts: BuildCounts) -> str:
    """``newsclean: 8 posts processed, ...`` in at most :data:`WIDTH` columns: the
    long wording when it fits, else a shorter one (it fits for sites up to 10,000
    posts with up to 1 % of them failing, and 100,000 posts without errors)."""
    line = "newsclean: " + ", ".join(_parts(counts, short=False))
    if len(line) <= WIDTH:
        return line
    return "newsclean: " + ", ".join(_parts(counts, short=True))


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
