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
import json
import logging
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from typing import Any

from . import dedup, typography
from .cache import ResultCache
from .cores import usable_cores
from .description import describe
from .html import visible_text
from .report import Change, PostReport, StageResult
from .settings import NewscleanSettings
from .spawn import spawn_context
from .typography import TypographySettings

logger = logging.getLogger("pelican_newsclean")


class StageError(RuntimeError):
    """A stage failed on a post and ``NEWSCLEAN["strict"]`` is on."""


@dataclass(frozen=True)
class PostText:
    """The parts of a post the text stages edit, and what they need to know."""

    content: str
    title: str = ""
    summary: str | None = None
    lang: str = "fr"
    # False when lang is only the site's DEFAULT_LANG: the typography stage then
    # identifies the post's language (see typography.post_language).
    lang_declared: bool = True
    source: str = "<post>"
    skip: frozenset[str] = frozenset()
    # Set on a cleaned post, where it was cleaned: its title and first line as a
    # reader sees them (JSON-LD's headline and description).
    headline: str | None = None
    description: str | None = None
    # The body's visible text, the entity stage's input: set where the post was
    # cleaned when that stage will read it, so a warm build need not parse the
    # body again (None: not computed).
    body_text: str | None = None


@dataclass
class StageTimes:
    """Seconds spent per stage over a build, as the plugin measures it."""

    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, elapsed: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + elapsed


def _title_settings(section: TypographySettings) -> TypographySettings:
    # Titles land in <title>, feeds and JSON-LD, where <sup> is not markup.
    return replace(section, ordinals="plain")


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
        report.errors.append(message)  # logged once the post is done (see _log_errors)
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
    stage that fails leaves its field as it was (see ``NEWSCLEAN["strict"]``),
    with a warning. With a ``cache`` (made with :func:`text_cache_fingerprint`),
    a post seen before with the same texts and settings gets its stored result.
    """
    return clean_posts([(post, boilerplate)], settings, times=times, cache=cache)[0]


def clean_posts(
    jobs: list[tuple[PostText, frozenset[str]]],
    settings: NewscleanSettings,
    *,
    times: StageTimes | None = None,
    cache: ResultCache | None = None,
    workers: Workers | None = None,
) -> list[tuple[PostText, PostReport]]:
    """:func:`clean_post` on each ``(post, boilerplate)`` of ``jobs``, in order; the
    posts the cache lacks are shared with the ``workers``, if any."""
    results: list[tuple[PostText, PostReport] | None] = [None] * len(jobs)
    # Each job's key text is made once: looked up now, stored after cleaning.
    keys: list[str] = []
    missing = []
    for index, (post, boilerplate) in enumerate(jobs):
        if cache is not None:
            started = time.perf_counter()
            keys.append(_cache_text(post, boilerplate))
            results[index] = _restore(post, cache.get(keys[index]))
            if times is not None:
                times.add("text_cache", time.perf_counter() - started)
        if results[index] is None:
            missing.append(index)

    def clean_here(post: PostText, boilerplate: frozenset[str]) -> tuple[PostText, PostReport]:
        return _clean_post(post, settings, boilerplate, times)

    todo = [jobs[index] for index in missing]
    if workers is not None and len(todo) >= MIN_POSTS_FOR_WORKERS:
        cleaned = workers.clean(todo, clean_here, times)
    else:
        cleaned = [clean_here(post, boilerplate) for post, boilerplate in todo]
    for index, (post, report) in zip(missing, cleaned, strict=True):
        _log_errors(report)
        if cache is not None and not report.errors:  # a failure is not a result
            cache.put(keys[index], _stored(post, report))
        results[index] = (post, report)
    return results  # type: ignore[return-value]


#: Fewer posts to clean than this: no worker processes (they cost more than they save).
MIN_POSTS_FOR_WORKERS = 48
#: Posts per task sent to a worker: amortises the round trip.
CHUNK_POSTS = 16
#: Seconds a worker may take on one chunk before the build process cleans it itself.
CHUNK_TIMEOUT_SECONDS = 120.0


def default_workers() -> int:
    """One worker per CPU core this process may use, but one: the build's own
    process cleans posts too."""
    return max(usable_cores() - 1, 0)


class Workers:
    """Processes that clean posts beside the build's own.

    Spawned (a fresh interpreter: the portable start method, which inherits
    no thread and no state of the build) when a build begins, so that they
    start while Pelican reads. Posts can be handed to them as Pelican reads
    them (:meth:`clean_soon`), or all at once (:meth:`clean`), which takes the
    results of the first and shares the rest. A worker that fails, or takes
    more than :data:`CHUNK_TIMEOUT_SECONDS` on a chunk (stopped, stuck), is
    stopped, and the build process cleans its posts, with a warning.
    """

    def __init__(self, settings: NewscleanSettings, count: int) -> None:
        self.count = count
        before = set(multiprocessing.active_children())
        self.settings = settings
        self._executor: ProcessPoolExecutor | None = ProcessPoolExecutor(
            max_workers=count, mp_context=spawn_context()
        )
        for _ in range(count):  # each task starts a worker, which then waits
            self._executor.submit(int)
        self._processes = set(multiprocessing.active_children()) - before
        # Jobs read but not yet sent, and where the sent ones' results will be.
        self._reading: list[tuple[tuple[str, str], tuple[PostText, frozenset[str]]]] = []
        self._early: dict[tuple[str, str], tuple[Future[Any], int]] = {}
        self._unfinished: set[Future[Any]] = set()

    @classmethod
    def start(cls, settings: NewscleanSettings, count: int | None = None) -> Workers | None:
        """``count`` workers (None: :func:`default_workers`), or None when none can run."""
        count = default_workers() if count is None else count
        if count < 1:
            return None
        try:
            return cls(settings, count)
        except OSError as error:  # no more processes allowed, out of memory...
            logger.warning("newsclean: cannot start worker processes (%s)", error)
            return None

    def clean_soon(
        self, job: tuple[PostText, frozenset[str]], cache: ResultCache | None = None
    ) -> None:
        """Start cleaning a post Pelican has just read, unless the ``cache`` has it:
        the workers clean while Pelican reads the others, and :meth:`clean` takes
        the result. Posts go by chunks, a few chunks ahead per worker; the others
        wait for :meth:`clean`, which shares them with this process."""
        key = _job_key(job)
        if cache is not None and key[1] in cache:
            return
        self._reading.append((key, job))
        if len(self._reading) < CHUNK_POSTS or self._busy() >= 2 * self.count:
            return
        chunk, self._reading = self._reading, []
        future = self._submit([sent for _, sent in chunk])
        if future is not None:
            for rank, (sent_key, _) in enumerate(chunk):
                self._early[sent_key] = (future, rank)

    def clean(
        self,
        jobs: list[tuple[PostText, frozenset[str]]],
        clean_here: Callable[[PostText, frozenset[str]], tuple[PostText, PostReport]],
        times: StageTimes | None = None,
    ) -> list[tuple[PostText, PostReport]]:
        """Each job cleaned, in order. The results of jobs sent by :meth:`clean_soon`
        are taken from there; the workers take the other jobs in chunks from the
        front, a few chunks ahead per worker, while this process cleans from the
        back, until they meet."""
        self._reading = []
        results: list[tuple[PostText, PostReport] | None] = [None] * len(jobs)
        places: dict[Future[Any], list[tuple[int, int]]] = {}  # job index, rank in chunk
        rest = []
        for index, job in enumerate(jobs):
            early = self._early.pop(_job_key(job), None)
            if early is None:
                rest.append(index)
            else:
                places.setdefault(early[0], []).append((index, early[1]))
        chunks = [rest[i : i + CHUNK_POSTS] for i in range(0, len(rest), CHUNK_POSTS)]
        front, back = 0, len(chunks)
        while front < back:
            while front < back and self._busy() < 2 * self.count:
                future = self._submit([jobs[index] for index in chunks[front]])
                if future is None:
                    break
                places[future] = [(index, rank) for rank, index in enumerate(chunks[front])]
                front += 1
            if front < back:
                back -= 1
                for index in chunks[back]:
                    results[index] = clean_here(*jobs[index])
        for future, indices in places.items():
            try:
                cleaned, seconds = future.result(timeout=CHUNK_TIMEOUT_SECONDS)
            except (TimeoutError, BrokenProcessPool) as error:
                self._give_up(error)
                for index, _ in indices:
                    results[index] = clean_here(*jobs[index])
                continue
            for index, rank in indices:
                results[index] = cleaned[rank]
            for stage, elapsed in seconds.items():
                if times is not None:
                    times.add(stage, elapsed)
        return results  # type: ignore[return-value]

    def _busy(self) -> int:
        """Chunks sent and not yet cleaned."""
        return len(self._unfinished)

    def close(self) -> None:
        self._early.clear()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _submit(self, chunk: list[tuple[PostText, frozenset[str]]]) -> Future[Any] | None:
        if self._executor is None:
            return None
        try:
            future = self._executor.submit(_clean_chunk, chunk, self.settings)
        except (BrokenProcessPool, RuntimeError) as error:
            self._give_up(error)
            return None
        self._unfinished.add(future)
        future.add_done_callback(self._unfinished.discard)
        return future

    def _give_up(self, error: BaseException) -> None:
        if self._executor is None:
            return
        logger.warning(
            "newsclean: worker processes failed or stalled (%s: %s); cleaning the "
            "remaining posts in the build process",
            error.__class__.__name__,
            error,
        )
        for process in self._processes:  # a stopped process only dies of SIGKILL
            process.kill()
        self._executor.shutdown(wait=True)  # its tasks fail: the pool is broken
        self._executor = None


def _job_key(job: tuple[PostText, frozenset[str]]) -> tuple[str, str]:
    """What tells a job from another: its post's file and everything its result
    depends on (a post whose text changed since it was read is cleaned again)."""
    return job[0].source, _cache_text(*job)


def _clean_chunk(
    chunk: list[tuple[PostText, frozenset[str]]], settings: NewscleanSettings
) -> tuple[list[tuple[PostText, PostReport]], dict[str, float]]:
    """Clean posts in a worker process: their results and the stage times spent."""
    times = StageTimes()
    results = [_clean_post(post, settings, boilerplate, times) for post, boilerplate in chunk]
    return results, times.seconds


def _log_errors(report: PostReport) -> None:
    for message in report.errors:
        logger.warning("newsclean: %s (text kept as it was for this stage)", message)


def text_cache_fingerprint(settings: NewscleanSettings) -> dict[str, Any]:
    """What a cleaned post depends on besides its texts: the two stages' settings."""
    return {
        "dedup": settings.stage_enabled("dedup") and dict(settings.dedup.values),
        "typography": settings.stage_enabled("typography") and dict(settings.typography.values),
    }


def _cache_text(post: PostText, boilerplate: frozenset[str]) -> str:
    """Everything of a post its result depends on (its texts, not its file name),
    as one string to hash."""
    fields = [post.content, post.title, post.summary, post.lang, post.lang_declared]
    return json.dumps([*fields, sorted(post.skip), sorted(boilerplate)], ensure_ascii=False)


#: The texts of a cleaned post that the text cache stores, in order.
_TEXTS = ("content", "title", "summary", "headline", "description", "body_text")


def _stored(cleaned: PostText, report: PostReport) -> dict[str, Any]:
    """A cleaned post's text cache entry: its texts and its report's changes."""
    return {
        **{name: getattr(cleaned, name) for name in _TEXTS},
        "changes": [list(change) for change in report.changes],
    }


def _with_texts(
    post: PostText, texts: tuple[str, str, str | None, str, str, str | None]
) -> PostText:
    """``post`` with the texts a cleaning gives it, in :data:`_TEXTS` order."""
    content, title, summary, headline, description, body_text = texts
    return replace(
        post,
        content=content,
        title=title,
        summary=summary,
        headline=headline,
        description=description,
        body_text=body_text,
    )


def _restore(post: PostText, stored: Any) -> tuple[PostText, PostReport] | None:
    """The cleaned post and its report from a stored entry; None if it is malformed."""
    if not isinstance(stored, dict) or not _are_changes(stored.get("changes")):
        return None
    content, title, summary, headline, description, body_text = (
        stored.get(name) for name in _TEXTS
    )
    if not (
        isinstance(content, str)
        and isinstance(title, str)
        and isinstance(headline, str)
        and isinstance(description, str)
    ):
        return None
    if any(text is not None and not isinstance(text, str) for text in (summary, body_text)):
        return None
    cleaned = _with_texts(post, (content, title, summary, headline, description, body_text))
    report = PostReport(
        source=post.source,
        changes=[Change(*change) for change in stored["changes"]],
        skipped_stages=sorted(post.skip),
    )
    return cleaned, report


def _are_changes(changes: Any) -> bool:
    """Whether ``changes`` is a list of :class:`Change` fields, as JSON gives them back."""
    return isinstance(changes, list) and all(
        isinstance(c, list)
        and len(c) == 6
        and all(isinstance(text, str) for text in c[:5])
        and (c[5] is None or isinstance(c[5], dict))
        for c in changes
    )


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
        lang = post.lang
        if not post.lang_declared:
            lang, decided = typography.post_language(
                content, title, summary, default_lang=post.lang, settings=section
            )
            report.changes.extend(decided)
        fields = [("content", content, section)]
        fields.append(("title", title, _title_settings(section)))
        if summary:
            fields.append(("summary", summary, section))
        fixed = {}
        for field_name, text, field_settings in fields:
            before = len(report.changes)
            fixed[field_name] = _run_stage(
                "typography",
                functools.partial(
                    typography.fix_typography,
                    text,
                    field_settings,
                    lang=lang,
                    identify_blocks=not post.lang_declared,
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

    with_body = settings.stage_enabled("entities") and "entities" not in post.skip
    parts = _visible_parts(title, summary, content, with_body)
    cleaned = _with_texts(post, (content, title, summary, *parts))
    return cleaned, report


def _visible_parts(
    title: str, summary: str | None, content: str, with_body: bool
) -> tuple[str, str, str | None]:
    """A cleaned post's headline and description: its title's visible text, and
    the first sentences of its summary or body (see description.py); and with
    ``with_body``, its body's visible text."""
    body_text = visible_text(content) if with_body else None
    return visible_text(title), describe(summary, content), body_text


def _in_field(change: Change, field_name: str) -> Change:
    where = f"{field_name}, {change.where}" if change.where else field_name
    return change.replace(where=where)
