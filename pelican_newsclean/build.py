"""One build of a site: its settings, its cache, the reports of its posts.

Pelican makes a new context for every build; the hooks find the build under
way there (see :class:`BuildSlot`), so nothing of a build outlives it and
``pelican --autoreload`` starts every build afresh.
"""

from __future__ import annotations

import os
import time
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .build_summary import BuildCounts, detail_lines, summary_line
from .cache import (
    CacheStore,
    ResultCache,
    code_version,
    encode_json,
    fingerprint_digest,
    write_atomically,
)
from .entities.ner_process import NerProcess
from .pipeline import StageTimes, Workers, text_cache_fingerprint
from .report import PostReport, tally
from .settings import NewscleanSettings


def cache_folder(newsclean: NewscleanSettings, settings: dict[str, Any]) -> str | None:
    """``CACHE_PATH/newsclean``, or None when the cache is off or there is no CACHE_PATH."""
    cache_path = settings.get("CACHE_PATH")
    return os.path.join(cache_path, "newsclean") if newsclean.general.cache and cache_path else None


#: The cache rows that say when the last build of a site (keyed by its sources' folder)
#: started, and with which settings.
_BUILDS = "builds"


def _changed_since(folder: str, moment: float) -> int:
    """How many files and folders under ``folder`` were modified after ``moment``."""
    changed = 0
    for root, _, names in os.walk(folder):
        for name in (root, *(os.path.join(root, n) for n in names)):
            try:
                changed += os.stat(name).st_mtime >= moment
            except OSError:
                continue
    return changed


@dataclass
class Build:
    """What one build has done so far: reports, timings, counts, and its cache."""

    settings: NewscleanSettings
    # The site's cache database (None: cache off); closed when the build ends.
    cache: CacheStore | None = None
    # The folder of the site's sources (Pelican's PATH), absolute.
    content_path: str = ""
    started: float = field(default_factory=time.perf_counter)
    started_at: float = field(default_factory=time.time)
    times: StageTimes = field(default_factory=StageTimes)
    reports: list[PostReport] = field(default_factory=list)
    entity_stats: dict[str, int] = field(default_factory=dict)
    # Published articles with their entities, for the entity pages.
    listed: list[Any] = field(default_factory=list)
    text_cache: ResultCache | None = field(init=False, default=None)
    # Processes that clean posts beside this one (None: this process alone).
    workers: Workers | None = None
    # A Pelican object that builds again (pelican --autoreload): keep the model.
    edit_loop: bool = False

    def __post_init__(self) -> None:
        if self.cache is not None:
            self.text_cache = ResultCache(self.cache, "text", text_cache_fingerprint(self.settings))

    @classmethod
    def start(cls, settings: NewscleanSettings, site_settings: dict[str, Any]) -> Build:
        """A build of the site whose Pelican settings are ``site_settings``."""
        folder = cache_folder(settings, site_settings)
        content_path = os.path.abspath(site_settings.get("PATH") or ".")
        return cls(settings, CacheStore(folder) if folder else None, content_path)

    def changed_sources(self) -> int | None:
        """How many source files (and folders) changed since the last build of this
        site started; None when the cache cannot tell (no cache, no build recorded,
        other settings or plugin version): then no result of the last build is known."""
        row = self.cache.read(_BUILDS, self.content_path) if self.cache is not None else None
        last = row[0] if row is not None else None
        if not isinstance(last, list) or len(last) != 2 or last[1] != self._settings_digest():
            return None
        if not isinstance(last[0], int | float):
            return None
        return _changed_since(self.content_path, last[0])

    def _settings_digest(self) -> str:
        """The settings results depend on: the stages' sections, not where the JSON
        report goes or what templates get (a build that only adds a report must not
        load spaCy)."""
        settings = self.settings
        stages = (settings.dedup, settings.typography, settings.entities)
        return fingerprint_digest({"settings": repr(stages), "version": code_version()})

    def summary(self) -> tuple[str, list[str]]:
        """The one line a build prints (posts, removals, fixes, entities, errors) and
        the detail lines logged with it (fixes by rule, times)."""
        removed, fixes = tally(self.reports)
        mentioned = [e["slug"] for r in self.reports for e in r.entities]
        counts = BuildCounts(
            len(self.reports),
            removed,
            sum(fixes.values()),
            len(mentioned),
            len(set(mentioned)),
            sum(len(r.errors) for r in self.reports),
        )
        return summary_line(counts), detail_lines(fixes, self.times.seconds)

    def finish(self) -> tuple[str, list[str]]:
        """Store what the cache lacked, write the JSON report if asked; the summary
        line and its detail lines."""
        if self.text_cache is not None:
            self.text_cache.save()
        if self.cache is not None:
            last = [self.started_at, self._settings_digest()]
            self.cache.write(_BUILDS, {self.content_path: last}, ())
        self.close()
        line, details = self.summary()
        report_path = self.settings.general.report
        if report_path:
            head = {
                "summary": line,
                "typography_by_rule": dict(tally(self.reports)[1].most_common()),
                "stage_seconds": self.times.seconds,
                "entity_stats": self.entity_stats,
            }
            write_atomically(os.path.abspath(report_path), _json_report(head, self.reports))
        return line, details

    def stop_workers(self) -> None:
        """Stop the worker processes: the posts they were for are cleaned."""
        if self.workers is not None:
            self.workers.close()
            self.workers = None

    def close(self) -> None:
        """Stop the workers, let go of the cache database (a build that failed midway too)."""
        self.stop_workers()
        if self.cache is not None:
            self.cache.close()


class BuildSlot:
    """What lasts as long as a Pelican object: the build under way, and the spaCy
    model, kept loaded over all the builds of ``pelican --autoreload``.

    The Pelican object holds its slot (an attribute); Pelican's settings and
    every build's context hold a weak :class:`SlotHandle` on it. Pelican keeps
    the articles of past builds reachable (its memoized content), and each
    article holds its build's settings and context: a strong reference there
    would keep every past slot and its model alive.
    """

    #: Load the model in a process of its own (see entities/ner_process.py); False
    #: loads it in the build process when first needed (the test suite, whose
    #: many builds share one loaded model).
    model_in_child = True

    def __init__(self) -> None:
        self.build: Build | None = None
        # Builds started so far: a Pelican object that builds again is an edit loop.
        self.builds = 0
        # The model asked for last: its (name, gazetteer), and its NerProcess (or,
        # model_in_child False, its spaCy pipeline once loaded).
        self._model: tuple[tuple[str, str], Any] | None = None

    def preload_model(self, model: str, gazetteer: Sequence[Any], processes: int) -> None:
        """Start loading ``model`` in its process, so that it loads while Pelican
        reads; up to ``processes`` share a large batch."""
        if self.model_in_child and not self._holds(model, gazetteer):
            self._hold(model, gazetteer, NerProcess(model, gazetteer, processes))

    def load_model(self, model: str, gazetteer: Sequence[Any], processes: int = 1) -> Any:
        """What runs ``model``, kept for the next builds: its :class:`NerProcess`, or
        (``model_in_child`` False) the spaCy pipeline (an EntityStage loader)."""
        self.preload_model(model, gazetteer, processes)
        if not self._holds(model, gazetteer):
            from .entities import stage

            self._hold(model, gazetteer, stage.load_pipeline(model, gazetteer))
        assert self._model is not None
        return self._model[1]

    def release_model(self) -> None:
        """Stop the model's processes (or drop the model), as no later build will use it."""
        if self._model is not None and isinstance(self._model[1], NerProcess):
            self._model[1].close()
        self._model = None

    def _holds(self, model: str, gazetteer: Sequence[Any]) -> bool:
        return self._model is not None and self._model[0] == (model, repr(tuple(gazetteer)))

    def _hold(self, model: str, gazetteer: Sequence[Any], runner: Any) -> None:
        self.release_model()  # another model asked for: let the old one go
        self._model = ((model, repr(tuple(gazetteer))), runner)


class SlotHandle:
    """A weak handle on a :class:`BuildSlot`, for Pelican's settings and contexts.
    Pelican's content cache pickles articles with their context: a handle pickles
    as one on nothing."""

    def __init__(self, slot: BuildSlot | None = None) -> None:
        self._slot = weakref.ref(slot) if slot is not None else None

    def __call__(self) -> BuildSlot | None:
        return self._slot() if self._slot is not None else None

    def __reduce__(self) -> tuple[type[SlotHandle], tuple[()]]:
        return (SlotHandle, ())


def _json_report(head: dict[str, Any], reports: list[PostReport]) -> Iterator[bytes]:
    """The JSON report, indented by 2: ``head``'s keys, then ``"posts"``, the
    reports, encoded one by one. The same bytes as encoding it whole, without
    holding a large site's report (tens of MB of text) in memory at once."""
    whole = encode_json({**head, "posts": []}, indent=2)
    empty_list_end = b"[]\n}"
    if not reports:
        yield whole
        return
    yield whole.removesuffix(empty_list_end) + b"[\n"
    for number, report in enumerate(reports):
        lines = encode_json(report.to_dict(), indent=2).split(b"\n")
        yield (b",\n" if number else b"") + b"\n".join(b"    " + line for line in lines)
    yield b"\n  ]\n}"
