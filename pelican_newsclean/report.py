"""What a stage changed, and why: the records every stage returns.

A :class:`Change` names the stage and the rule that made it, shows a short
excerpt before and after, says where, and carries rule-specific details
(the measure and value of a near repeat, the paragraph it repeats...). The
post's report (``article.newsclean``) is a :class:`PostReport`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

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


@dataclass(frozen=True)
class Change:
    """One change a stage made."""

    stage: str
    rule: str
    before: str
    after: str
    where: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_new_object = object.__new__


def change_values(change: Change) -> tuple[Any, ...]:
    """The field values of ``change``, in order, ``detail`` None when empty: what
    :func:`make_change` takes back. Workers and the cache pass changes on this
    way: the cycle collector stops tracking a tuple of strings (an empty dict
    in it would keep it tracked), so a build's full collections skip them.
    """
    return (
        change.stage,
        change.rule,
        change.before,
        change.after,
        change.where,
        change.detail or None,
    )


def make_change(
    stage: str,
    rule: str,
    before: str,
    after: str,
    where: str = "",
    detail: dict[str, Any] | None = None,
) -> Change:
    """``Change(stage, rule, before, after, where, detail)``, without the frozen
    dataclass's ``__init__``: its ``object.__setattr__`` per field costs more
    than the rest of a change's bookkeeping, and a post makes dozens. The
    instance is the same (tests/test_report.py checks it field by field).

    >>> make_change("typography", "quotes", '"a"', "« a »") == Change(
    ...     "typography", "quotes", '"a"', "« a »")
    True
    """
    change = _new_object(Change)
    change.__dict__.update(
        stage=stage,
        rule=rule,
        before=before,
        after=after,
        where=where,
        detail={} if detail is None else detail,
    )
    return change


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
        return Counter(c.rule for c in self.changes if stage is None or c.stage == stage)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "removed": [c.to_dict() for c in self.removed],
            "typography": [c.to_dict() for c in self.typography],
            "typography_by_rule": dict(self.rule_counts("typography")),
            "entities": self.entities,
            "skipped_stages": self.skipped_stages,
            "errors": self.errors,
        }
