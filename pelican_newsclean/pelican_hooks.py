"""The Pelican side of newsclean: signals, article attributes, entity pages.

This is the only module that imports Pelican. Handlers are module-level
functions because Pelican's signals hold them by weak reference. Per-build
state lives in the generators' shared context (a new one each build), so
``pelican --autoreload`` starts every build afresh.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pelican import signals

from . import dedup
from .pipeline import PostText, StageTimes, clean_post
from .report import PostReport
from .settings import NewscleanSettings, SettingsError, load_settings, stages_skipped_by_metadata

logger = logging.getLogger("pelican_newsclean")

_SETTINGS_KEY = "NEWSCLEAN_VALIDATED"
_BUILD_KEY = "NEWSCLEAN_BUILD"


@dataclass
class Build:
    """What one build has done so far: reports, timings, counts."""

    settings: NewscleanSettings
    started: float = field(default_factory=time.perf_counter)
    times: StageTimes = field(default_factory=StageTimes)
    reports: list[PostReport] = field(default_factory=list)
    summary_printed: bool = False


def _settings_of(pelican_settings: dict[str, Any]) -> NewscleanSettings:
    validated = pelican_settings.get(_SETTINGS_KEY)
    if isinstance(validated, NewscleanSettings):
        return validated
    return load_settings(pelican_settings.get("NEWSCLEAN"))


def _active(settings: dict[str, Any]) -> bool:
    """Whether this build loaded the plugin.

    Signals are process-wide: once registered, our handlers also hear builds
    made later in the same process without the plugin (tests, autoreload
    after PLUGINS changed). Pelican rewrites PLUGINS to the loaded names.
    """
    return any(getattr(p, "__name__", p) == __package__ for p in settings.get("PLUGINS") or ())


def _build_of(context: dict[str, Any]) -> Build:
    build = context.get(_BUILD_KEY)
    if not isinstance(build, Build):
        build = Build(_settings_of(context))
        context[_BUILD_KEY] = build
        # Read by templates: whether to show the "what newsclean changed" panel.
        context["NEWSCLEAN_PANEL"] = build.settings.enabled and build.settings.general.panel
    return build


def validate_settings(pelican: Any) -> None:
    """Check ``NEWSCLEAN`` before any post is read; a bad key stops the build."""
    if not _active(pelican.settings):
        return
    try:
        settings = load_settings(pelican.settings.get("NEWSCLEAN"))
    except SettingsError as error:
        logger.error("newsclean: %s", error)
        raise
    pelican.settings[_SETTINGS_KEY] = settings


def _source_name(content: Any) -> str:
    return getattr(content, "relative_source_path", None) or getattr(
        content, "source_path", "<post>"
    )


def _clean_content_object(content: Any, build: Build, boilerplate: frozenset[str]) -> None:
    """Run dedup and typography on one article or page, in place."""
    metadata = content.metadata
    skip, problem = stages_skipped_by_metadata(metadata.get("newsclean"))
    if problem:
        logger.warning("newsclean: %s: %s", _source_name(content), problem)
    summary = metadata.get("summary") if "summary" in metadata else None
    post = PostText(
        content=content._content or "",
        title=metadata.get("title", getattr(content, "title", "")) or "",
        summary=summary,
        lang=getattr(content, "lang", None) or content.settings.get("DEFAULT_LANG", "fr"),
        source=_source_name(content),
        skip=skip,
    )
    cleaned, report = clean_post(post, build.settings, boilerplate=boilerplate, times=build.times)
    # Write the private fields Pelican renders from; .content and .summary
    # are memoised, so they must not have been read before this point.
    content._content = cleaned.content
    if cleaned.title != post.title:
        content.title = cleaned.title
        metadata["title"] = cleaned.title
    if summary is not None and cleaned.summary != summary:
        content._summary = cleaned.summary
        metadata["summary"] = cleaned.summary
    content.newsclean = report
    build.reports.append(report)
    for change in report.changes:
        logger.debug(
            "newsclean: %s: %s %s %s: %r -> %r",
            report.source,
            change.stage,
            change.rule,
            change.where,
            change.before,
            change.after,
        )


def _unique(items: Any) -> list[Any]:
    seen: set[int] = set()
    result = []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            result.append(item)
    return result


def _site_boilerplate(contents: list[Any], settings: NewscleanSettings) -> frozenset[str]:
    """Keys of paragraphs found in at least ``boilerplate_min_posts`` posts."""
    threshold = settings.dedup.boilerplate_min_posts
    if not threshold or not settings.stage_enabled("dedup"):
        return frozenset()
    counts: Counter[str] = Counter()
    for content in contents:
        counts.update(dedup.paragraph_keys(content._content or "", settings.dedup))
    return frozenset(key for key, count in counts.items() if count >= threshold)


def process_articles(generator: Any) -> None:
    """Clean every article list at ``article_generator_pretaxonomy``."""
    if not _active(generator.settings):
        return
    build = _build_of(generator.context)
    if not build.settings.enabled:
        return
    articles = _unique(
        [
            *generator.articles,
            *generator.translations,
            *generator.hidden_articles,
            *generator.hidden_translations,
            *generator.drafts,
            *generator.drafts_translations,
        ]
    )
    boilerplate = _site_boilerplate(articles, build.settings)
    for article in articles:
        _clean_content_object(article, build, boilerplate)


def process_pages(generator: Any) -> None:
    """Clean every page list at ``page_generator_finalized``."""
    if not _active(generator.settings):
        return
    build = _build_of(generator.context)
    if not build.settings.enabled:
        return
    pages = _unique(
        [
            *generator.pages,
            *generator.translations,
            *generator.hidden_pages,
            *generator.hidden_translations,
            *generator.draft_pages,
            *generator.draft_translations,
        ]
    )
    for page in pages:
        _clean_content_object(page, build, frozenset())


def _summary_line(build: Build) -> str:
    removed = sum(len(r.removed) for r in build.reports)
    fixes: Counter[str] = Counter()
    for report in build.reports:
        fixes.update(report.rule_counts("typography"))
    errors = sum(len(r.errors) for r in build.reports)
    by_rule = ", ".join(f"{rule} {count}" for rule, count in fixes.most_common())
    seconds = ", ".join(f"{stage} {s:.2f} s" for stage, s in build.times.seconds.items())
    return (
        f"newsclean: {len(build.reports)} posts processed, {removed} repeated paragraphs "
        f"removed, {sum(fixes.values())} typography fixes"
        + (f" ({by_rule})" if by_rule else "")
        + f", {errors} errors"
        + (f" [{seconds}]" if seconds else "")
    )


def _write_json_atomically(path: str, data: Any) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".newsclean-", suffix=".json", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, indent=2)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def finish_build(generators: list[Any]) -> None:
    """Print the one-line summary and write the optional JSON report."""
    if not generators or not _active(generators[0].settings):
        return
    context = generators[0].context
    build = _build_of(context)
    if not build.settings.enabled or build.summary_printed:
        return
    build.summary_printed = True
    line = _summary_line(build)
    logger.info(line)
    try:
        from pelican.log import console

        console.print(line)
    except ImportError:  # an older Pelican without the rich console
        print(line)
    report_path = build.settings.general.report
    if report_path:
        _write_json_atomically(
            os.path.abspath(report_path),
            {
                "summary": line,
                "stage_seconds": build.times.seconds,
                "posts": [r.to_dict() for r in build.reports],
            },
        )


def read_site_settings(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A site's settings as Pelican reads them (for ``newsclean check --settings``)."""
    from pelican.settings import read_settings

    return read_settings(str(path))


def read_source(path: str | os.PathLike[str]) -> tuple[str, dict[str, Any]]:
    """Read a post the way Pelican's readers do: its HTML and its metadata.

    Raises ValueError for a format no enabled reader handles.
    """
    from pelican.readers import Readers
    from pelican.settings import DEFAULT_CONFIG

    settings = dict(DEFAULT_CONFIG)
    extension = os.path.splitext(str(path))[1].lstrip(".").lower()
    reader = Readers(settings).readers.get(extension)
    if reader is None:
        raise ValueError(f"no Pelican reader for .{extension} files")
    content, metadata = reader.read(str(path))
    return content or "", {key.lower(): value for key, value in metadata.items()}


def register() -> None:
    """Connect newsclean to Pelican's signals (called by Pelican)."""
    signals.initialized.connect(validate_settings)
    signals.article_generator_pretaxonomy.connect(process_articles)
    signals.page_generator_finalized.connect(process_pages)
    signals.all_generators_finalized.connect(finish_build)
