"""Run the text stages on one post: dedup, then typography.

The entity stage needs the whole site at once (one batched NER pass), so the
Pelican hooks run it after this per-post pipeline; see ``pelican_hooks``.

    >>> from pelican_newsclean.settings import load_settings
    >>> post = PostText(content="<p>«Bonjour»!</p>", title="Essai", lang="fr")
    >>> clean_post(post, load_settings({}))[0].content
    '<p>«\\xa0Bonjour\\xa0»\\u202f!</p>'
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from . import dedup, typography
from .cache import ResultCache
from .report import Change, PostReport, StageResult
from .settings import FrozenDict, NewscleanSettings, Section

logger = logging.getLogger("pelican_newsclean")


class StageError(RuntimeError):
    """A stage failed on a post and ``NEWSCLEAN["strict"]`` is on."""


@dataclass
class PostText:
    """The parts of a post the text stages edit, and what they need to know."""

    content: str
    title: str = ""
    summary: str | None = None
    lang: str = "fr"
    source: str = "<post>"
    skip: frozenset[str] = frozenset()


@dataclass
class StageTimes:
    """Seconds spent per stage over a build, as the plugin measures it."""

    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, elapsed: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + elapsed


def _title_settings(section: Section) -> Section:
    # Titles land in <title>, feeds and JSON-LD, where <sup> is not markup.
    return Section(section.name, FrozenDict({**section.values, "ordinals": "plain"}))


def _run_stage(
    name: str,
    function: Callable[[], StageResult],
    fallback: str,
    report: PostReport,
    settings: NewscleanSettings,
) -> str:
    """Run one stage on one field; on failure keep the field as it was."""
    try:
        result = function()
    except Exception as error:
        message = f"{name} stage failed on {report.source}: {error.__class__.__name__}: {error}"
        if settings.strict:
            raise StageError(message) from error
        logger.warning("newsclean: %s (text kept as it was for this stage)", message)
        report.errors.append(message)
        return fallback
    report.changes.extend(result.changes)
    return result.html


def clean_post(
    post: PostText,
    settings: NewscleanSettings,
    *,
    boilerplate: frozenset[str] = frozenset(),
    times: StageTimes | None = None,
    cache: ResultCache | None = None,
) -> tuple[PostText, PostReport]:
    """Strip repeated paragraphs, then fix typography.

    Returns the post with its new texts and the report of what changed. A
    stage that fails leaves its field as it was (see ``NEWSCLEAN["strict"]``).
    With a ``cache`` (made with :func:`text_cache_fingerprint`), a post seen
    before with the same texts and settings gets its stored result instead.
    """
    if cache is None:
        return _clean_post(post, settings, boilerplate, times)
    started = time.perf_counter()
    key = _cache_text(post, boilerplate)
    restored = _restore(post, cache.get(key))
    if times is not None:
        times.add("text_cache", time.perf_counter() - started)
    if restored is not None:
        return restored
    cleaned, report = _clean_post(post, settings, boilerplate, times)
    if not report.errors:  # a failure is not a result: try again next build
        cache.put(key, _stored(cleaned, report))
    return cleaned, report


#: Bump when what the text cache stores, or how it keys it, changes.
TEXT_CACHE_FORMAT = 2


def text_cache_fingerprint(settings: NewscleanSettings) -> dict[str, Any]:
    """What a cleaned post depends on besides its texts: the two stages' settings."""
    return {
        "format": TEXT_CACHE_FORMAT,
        "dedup": settings.stage_enabled("dedup") and dict(settings.dedup.values),
        "typography": settings.stage_enabled("typography") and dict(settings.typography.values),
    }


@functools.lru_cache(maxsize=4)
def _boilerplate_digest(boilerplate: frozenset[str]) -> str:
    # One set per build: hash it once, not once per post.
    return hashlib.sha256(
        "\n".join(sorted(boilerplate)).encode("utf-8", "surrogatepass")
    ).hexdigest()


def _cache_text(post: PostText, boilerplate: frozenset[str]) -> str:
    """Everything of the post the result depends on, as one string to hash."""
    fields = [post.content, post.title, post.summary, post.lang, sorted(post.skip)]
    fields.append(_boilerplate_digest(boilerplate) if boilerplate else "")
    return json.dumps(fields, ensure_ascii=False)


def _stored(cleaned: PostText, report: PostReport) -> dict[str, Any]:
    return {
        "content": cleaned.content,
        "title": cleaned.title,
        "summary": cleaned.summary,
        # Lists, not dicts: a site has tens of thousands of changes to load.
        "changes": [
            [c.stage, c.rule, c.before, c.after, c.where, c.detail] for c in report.changes
        ],
    }


def _restore(post: PostText, stored: Any) -> tuple[PostText, PostReport] | None:
    """The cleaned post and its report from a stored entry; None if it is malformed."""
    if not isinstance(stored, dict):
        return None
    try:
        changes = [Change(*change) for change in stored["changes"]]
        cleaned = replace(
            post, content=stored["content"], title=stored["title"], summary=stored["summary"]
        )
    except (KeyError, TypeError):
        return None
    if not isinstance(cleaned.content, str) or not isinstance(cleaned.title, str):
        return None
    report = PostReport(source=post.source, changes=changes, skipped_stages=sorted(post.skip))
    return cleaned, report


def _clean_post(
    post: PostText,
    settings: NewscleanSettings,
    boilerplate: frozenset[str],
    times: StageTimes | None,
) -> tuple[PostText, PostReport]:
    report = PostReport(source=post.source)
    report.skipped_stages = sorted(post.skip)
    content, title, summary = post.content, post.title, post.summary

    if settings.stage_enabled("dedup") and "dedup" not in post.skip:
        started = time.perf_counter()
        content = _run_stage(
            "dedup",
            lambda: dedup.strip_repeated_paragraphs(
                content, settings.dedup, title=title, boilerplate=boilerplate
            ),
            content,
            report,
            settings,
        )
        if times is not None:
            times.add("dedup", time.perf_counter() - started)

    if settings.stage_enabled("typography") and "typography" not in post.skip:
        started = time.perf_counter()
        section = settings.typography
        fields = [("content", content, section)]
        fields.append(("title", title, _title_settings(section)))
        if summary:
            fields.append(("summary", summary, section))
        fixed = {}
        for field_name, text, field_settings in fields:
            before = len(report.changes)
            fixed[field_name] = _run_stage(
                "typography",
                lambda text=text, field_settings=field_settings: typography.fix_typography(
                    text, field_settings, lang=post.lang
                ),
                text,
                report,
                settings,
            )
            if field_name != "content":
                report.changes[before:] = [
                    _in_field(c, field_name) for c in report.changes[before:]
                ]
        content, title = fixed["content"], fixed["title"]
        summary = fixed.get("summary", summary)
        if times is not None:
            times.add("typography", time.perf_counter() - started)

    return replace(post, content=content, title=title, summary=summary), report


def _in_field(change: Change, field_name: str) -> Change:
    where = f"{field_name}, {change.where}" if change.where else field_name
    return replace(change, where=where)
