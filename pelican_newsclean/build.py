"""One build of a site: its settings, its cache, the reports of its posts.

Pelican makes a new context for every build; the hooks find the build under
way there (see :class:`BuildSlot`), so nothing of a build outlives it and
``pelican --autoreload`` starts every build afresh.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

from .cache import CacheStore, ResultCache, write_json_atomically
from .pipeline import StageTimes, text_cache_fingerprint
from .report import PostReport, tally
from .settings import NewscleanSettings


def cache_folder(newsclean: NewscleanSettings, settings: dict[str, Any]) -> str | None:
    """``CACHE_PATH/newsclean``, or None when the cache is off or there is no CACHE_PATH."""
    cache_path = settings.get("CACHE_PATH")
    return os.path.join(cache_path, "newsclean") if newsclean.general.cache and cache_path else None


@dataclass
class Build:
    """What one build has done so far: reports, timings, counts, and its cache."""

    settings: NewscleanSettings
    # The site's cache database (None: cache off); closed when the build ends.
    cache: CacheStore | None = None
    started: float = field(default_factory=time.perf_counter)
    times: StageTimes = field(default_factory=StageTimes)
    reports: list[PostReport] = field(default_factory=list)
    entity_stats: dict[str, int] = field(default_factory=dict)
    # Published articles with their entities, for the entity pages.
    listed: list[Any] = field(default_factory=list)
    text_cache: ResultCache | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.cache is not None:
            self.text_cache = ResultCache(self.cache, "text", text_cache_fingerprint(self.settings))

    @classmethod
    def start(cls, settings: NewscleanSettings, site_settings: dict[str, Any]) -> Build:
        """A build of the site whose Pelican settings are ``site_settings``."""
        folder = cache_folder(settings, site_settings)
        return cls(settings, CacheStore(folder) if folder else None)

    def summary_line(self) -> str:
        """The one line a build prints: posts, removals, fixes by rule, entities, times."""
        removed, fixes = tally(self.reports)
        errors = sum(len(r.errors) for r in self.reports)
        by_rule = ", ".join(f"{rule} {count}" for rule, count in fixes.most_common())
        mentioned = [e["slug"] for r in self.reports for e in r.entities]
        seconds = ", ".join(f"{stage} {s:.2f} s" for stage, s in self.times.seconds.items())
        return (
            f"newsclean: {len(self.reports)} posts processed, {removed} repeated paragraphs "
            f"removed, {sum(fixes.values())} typography fixes"
            + (f" ({by_rule})" if by_rule else "")
            + f", {len(mentioned)} entities ({len(set(mentioned))} distinct)"
            + f", {errors} errors"
            + (f" [{seconds}]" if seconds else "")
        )

    def finish(self) -> str:
        """Store what the cache lacked, write the JSON report if asked; the summary line."""
        if self.text_cache is not None:
            self.text_cache.save()
        self.close()
        line = self.summary_line()
        report_path = self.settings.general.report
        if report_path:
            write_json_atomically(
                os.path.abspath(report_path),
                {
                    "summary": line,
                    "stage_seconds": self.times.seconds,
                    "entity_stats": self.entity_stats,
                    "posts": [r.to_dict() for r in self.reports],
                },
                indent=2,
            )
        return line

    def close(self) -> None:
        """Let go of the cache database (a build that failed midway too)."""
        if self.cache is not None:
            self.cache.close()


class BuildSlot:
    """Where the hooks find the build under way: one slot in Pelican's settings,
    which every build's context copies (a shallow copy: the same slot).

    Pelican's content cache pickles articles, and each article holds the
    context: a slot pickles as an empty one, never with its build.
    """

    def __init__(self) -> None:
        self.build: Build | None = None

    def __reduce__(self) -> tuple[type[BuildSlot], tuple[()]]:
        return (BuildSlot, ())
