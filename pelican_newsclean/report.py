"""What a stage changed, and why: the records every stage returns.

A :class:`Change` names the stage and the rule that made it, shows a short
excerpt before and after, says where, and carries rule-specific details
(the measure and value of a near repeat, the paragraph it repeats...). The
post's report (``article.newsclean``) is a :class:`PostReport`.
"""

from __future__ import annotations

import logging
from collections import Counter, namedtuple
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger("pelican_newsclean")

EXCERPT_CHARS = 80


def shorten(text: str, limit: int = EXCERPT_CHARS) -> str:
    """One line of at most ``limit`` characters, cut in the middle of nothing.

    >>> shorten("Une délégation du ministère russe est arrivée en Libye", 30)
    'Une délégation du ministère…'
    """
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """``count`` and ``noun``, in the plural unless the count is 1.

    >>> plural(1, "file"), plural(2, "typography fix", "typography fixes")
    ('1 file', '2 typography fixes')
    """
    return f"{count} {noun if count == 1 else plural_noun or noun + 's'}"


_ChangeTuple = namedtuple("_ChangeTuple", "stage rule before after where stored_detail")


class Change(_ChangeTuple):
    """One change a stage made: ``stage``, ``rule``, ``before``, ``after``,
    ``where`` and ``detail`` (rule-specific: the measure of a near repeat...).

    A named tuple: a site's build keeps tens of thousands of them. An empty
    detail is stored as None, not as a dict per change.

    >>> Change("typography", "quotes", '"a"', "« a »").detail
    {}
    """

    __slots__ = ()

    def __new__(
        cls,
        stage: str,
        rule: str,
        before: str,
        after: str,
        where: str = "",
        detail: dict[str, Any] | None = None,
    ) -> Change:
        return super().__new__(cls, stage, rule, before, after, where, detail or None)

    @property
    def detail(self) -> dict[str, Any]:
        return self.stored_detail or {}

    def replace(self, **fields: Any) -> Change:
        """This change with some fields replaced: ``change.replace(where="title")``."""
        return Change(**{**self.to_dict(), **fields})

    def to_dict(self) -> dict[str, Any]:
        return dict(zip(_FIELDS, (*self[:5], dict(self.detail)), strict=True))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self.to_dict().items())
        return f"Change({fields})"


_FIELDS = ("stage", "rule", "before", "after", "where", "detail")


def count_rules(changes: list[Change]) -> list[tuple[str, str, int]]:
    """``(stage, rule, count)`` of ``changes``, in the order rules first occur."""
    counts = Counter((change.stage, change.rule) for change in changes)
    return [(stage, rule, count) for (stage, rule), count in counts.items()]


@dataclass(frozen=True)
class StageResult:
    """A stage's output HTML and the changes it made to get there."""

    html: str
    changes: tuple[Change, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.changes)


@dataclass
class PostReport:
    """Everything newsclean did to one post, as ``article.newsclean``."""

    source: str = ""
    changes: list[Change] = field(default_factory=list)
    skipped_stages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)

    def by_stage(self, stage: str) -> list[Change]:
        return [c for c in self.changes if c.stage == stage]

    @property
    def removed(self) -> list[Change]:
        """Paragraphs removed as repeats."""
        return self.by_stage("dedup")

    @property
    def typography(self) -> list[Change]:
        return self.by_stage("typography")

    def rule_counts(self, stage: str | None = None) -> Counter[str]:
        counts: Counter[str] = Counter()
        for change_stage, rule, count in count_rules(self.changes):
            if stage is None or change_stage == stage:
                counts[rule] += count
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "removed": [c.to_dict() for c in self.removed],
            "typography": [c.to_dict() for c in self.typography],
            "typography_by_rule": dict(self.rule_counts("typography")),
            "language": [c.to_dict() for c in self.by_stage("language")],
            "entities": self.entities,
            "skipped_stages": self.skipped_stages,
            "errors": self.errors,
        }


def tally(reports: Iterable[PostReport]) -> tuple[int, Counter[str]]:
    """Paragraphs removed, and typography fixes per rule, over ``reports``."""
    removed = 0
    fixes: Counter[str] = Counter()
    for report in reports:
        for stage, rule, count in count_rules(report.changes):
            if stage == "dedup":
                removed += count
            elif stage == "typography":
                fixes[rule] += count
    return removed, fixes
