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
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from typing import Any

from . import dedup, typography
from .cache import EncodedJSON, ResultCache, content_key, json_text
from .html import first_visible_line, visible_text
from .report import Change, PostReport, StageResult, count_rules, shorten
from .settings import FrozenDict, NewscleanSettings, Section

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
        report.errors.append(message)  # logged by the build process (see _log_errors)
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
    return PostCleaner(settings, cache=cache, times=times).clean(post, boilerplate)


#: A site of fewer source files than this gets no worker processes: they would
#: cost more than they save.
MIN_POSTS_FOR_WORKERS = 48
_CHUNK = 16  # posts per task sent to a worker: amortises the round trip
_IN_FLIGHT = 2  # tasks per worker sent ahead, so that none waits for the next


def default_workers() -> int:
    """One worker per CPU core this process may use, but one: the build's own
    process cleans posts too once Pelican has read them all."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(cores - 1, 0)


class Workers:
    """Worker processes that run the text stages on chunks of posts.

    They are forked: they start at once, with the code and settings already
    loaded, and never import the program that runs the build (as spawned ones
    would). Fork is only safe in a process without threads, so :meth:`start`
    gives None where another thread runs (Pelican's command line shows a
    spinner from a thread while it builds: the hooks start workers before).
    """

    def __init__(self, settings: NewscleanSettings, count: int) -> None:
        self.count = count
        self._executor = ProcessPoolExecutor(
            max_workers=count,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(settings,),  # inherited through fork, not pickled
        )
        _widen_pipes(self._executor)
        # The first task forks every worker now, while this process has one thread.
        self._executor.submit(int)

    @classmethod
    def start(cls, settings: NewscleanSettings, count: int | None = None) -> Workers | None:
        """``count`` workers (None: :func:`default_workers`), or None when none can run."""
        count = default_workers() if count is None else count
        if count < 1 or not sys.platform.startswith("linux") or threading.active_count() > 1:
            return None
        try:
            return cls(settings, count)
        except OSError as error:  # no more processes allowed, out of memory...
            logger.warning("newsclean: cannot start worker processes (%s)", error)
            return None

    def submit(
        self, chunk: list[tuple[PostText, frozenset[str]]], cache_digest: str | None
    ) -> Future[Any]:
        return self._executor.submit(_clean_chunk, chunk, cache_digest)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


#: Capacity asked for the pipes that carry chunks and results (Linux's default
#: is 64 KiB; 1 MiB is what an unprivileged process may ask for).
PIPE_BYTES = 1 << 20


def _widen_pipes(executor: ProcessPoolExecutor) -> None:
    """Let the executor's pipes hold a whole chunk of posts, and its results.

    A chunk's results (about 200 KB) overflow a 64 KiB pipe: the worker waits
    in its write until the executor's thread has read what is there, and that
    thread first waits for the interpreter lock, which Pelican's thread hands
    over every 5 ms only. Measured on a 1,000-post site: the worker sat idle
    40 % of the time and the build process cleaned a quarter of the posts
    itself; with wide pipes, 1 to 2 % of them. Best effort (Linux only, and the
    executor's queues are not public): where anything is missing, pipes keep
    their size.
    """
    try:
        import fcntl

        pipes = [executor._call_queue._writer, executor._result_queue._writer]  # type: ignore[attr-defined]
        for pipe in pipes:
            fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError, ValueError) as error:
        logger.debug("newsclean: the pipes to the workers keep their size (%s)", error)


@dataclass
class _Cleaned:
    """A post cleaned in the build process, kept until :meth:`PostCleaner.clean` asks."""

    post: PostText
    report: PostReport


@dataclass(frozen=True)
class _FromWorker:
    """A worker's result for one post: its cleaned texts, its report's changes
    as JSON (the build process decodes them only if they are read) with their
    count per rule, its errors, and its text cache entry, made of the same JSON
    and stored as it is (None: no cache, or errors, which are not stored)."""

    texts: tuple[str, str, str | None, str, str]  # content, title, summary, headline, description
    changes: str  # JSON
    counts: list[tuple[str, str, int]]
    errors: list[str]
    entry: EncodedJSON | None
    cache_key: str | None


_NOT_LOOKED_UP = object()  # a post prefetch() did not look up in the cache

#: What a post's result depends on (its texts but its file name, the boilerplate):
#: how the cleaner tells posts apart. Cheap to hash: its strings keep their hash.
_PostKey = tuple[str, str, str | None, tuple[str, bool], frozenset[str], frozenset[str]]


def _post_key(post: PostText, boilerplate: frozenset[str]) -> _PostKey:
    lang = (post.lang, post.lang_declared)
    return (post.content, post.title, post.summary, lang, post.skip, boilerplate)


class PostCleaner:
    """Cleans the posts of a build: from the cache, in worker processes, or here.

    :meth:`prefetch` hands over a post that will be asked for later (Pelican
    has just read it): the ``workers``, if any, clean it while Pelican reads
    the rest; :meth:`finish` (all posts read) shares what is left between the
    workers and this process.
    :meth:`clean` returns a post's result: from the cache, from a worker that
    cleaned that very post, or computed here. The stages are pure functions
    of the post and the settings, so where a post was cleaned never shows in
    its result. Warnings are logged here, in the build process, whoever
    cleaned the post, so ``pelican --fatal warnings`` counts them.
    """

    def __init__(
        self,
        settings: NewscleanSettings,
        *,
        cache: ResultCache | None = None,
        times: StageTimes | None = None,
        workers: Workers | None = None,
    ) -> None:
        self.settings = settings
        self.cache = cache
        self.times = times if times is not None else StageTimes()
        self.workers = workers
        self._waiting: list[tuple[_PostKey, PostText, frozenset[str]]] = []
        self._queued: set[_PostKey] = set()
        # Chunks sent to the workers: the post keys of each, and each key's chunk.
        self._chunks: dict[Future[Any], list[_PostKey]] = {}
        # Chunks sent and maybe not done yet, oldest first: the workers take them in order.
        self._in_flight: deque[Future[Any]] = deque()
        self._sent: dict[_PostKey, Future[Any]] = {}
        # Results not asked for yet.
        self._done: dict[_PostKey, _Cleaned | _FromWorker | StageError] = {}
        # What prefetch() found in the cache for each post (None: a miss), so that
        # clean() does not hash and look the post up again.
        self._stored: dict[_PostKey, Any] = {}
        # Each post's cache text (a JSON dump of its texts), when this process
        # needs it: to look the post up, and to store a post it cleaned.
        self._texts: dict[_PostKey, str] = {}
        # Posts cleaned by the workers and by this process (the cache's are neither).
        self.cleaned_by_workers = 0
        self.cleaned_here = 0

    # -- handing posts over --------------------------------------------------

    def prefetch(self, post: PostText, boilerplate: frozenset[str] = frozenset()) -> None:
        """Queue ``post`` for cleaning ahead of :meth:`clean`, in a worker if that pays."""
        if self.workers is None:
            return
        key = _post_key(post, boilerplate)
        if key in self._queued:
            return
        self._queued.add(key)
        if self.cache is not None:
            stored = self._stored[key] = self._look_up(key)
            if stored is not None:
                return
        self._waiting.append((key, post, boilerplate))
        self._send()

    def finish(self) -> None:
        """Every post is queued: clean what no worker took yet, here, while they work."""
        while self._waiting:
            self._send()
            # Take from the end: the workers take from the front.
            chunk, self._waiting[-_CHUNK:] = self._waiting[-_CHUNK:], []
            for key, post, boilerplate in chunk:
                try:
                    self._done[key] = _Cleaned(*self._clean_here(post, boilerplate))
                except StageError as error:  # raised when this post is asked for, in order
                    self._done[key] = error

    def clean(
        self, post: PostText, boilerplate: frozenset[str] = frozenset()
    ) -> tuple[PostText, PostReport]:
        """``post`` cleaned, and the report of what changed."""
        key = _post_key(post, boilerplate)
        if self.cache is not None:
            started = time.perf_counter()
            stored = self._stored.pop(key, _NOT_LOOKED_UP)
            if stored is _NOT_LOOKED_UP:
                stored = self._look_up(key)
            restored = _restore(post, stored)
            self.times.add("text_cache", time.perf_counter() - started)
            if restored is not None:
                return restored
        done = self._done.pop(key, None) or self._from_worker(key)
        if isinstance(done, StageError):
            raise done
        if isinstance(done, _FromWorker):
            return self._take(post, done)
        if done is None:
            cleaned, report = self._clean_here(post, boilerplate)
        else:  # the same texts may come from another file: keep this one's name
            cleaned = replace(done.post, source=post.source)
            report = replace(done.report, source=post.source)
        _log_errors(report)
        if self.cache is not None and not report.errors:  # a failure is not a result
            self.cache.put(self._text_of(key), _stored(cleaned, report))
        return cleaned, report

    def close(self) -> None:
        """Stop the workers; results not collected yet are dropped."""
        if self.workers is not None:
            self.workers.close()
            logger.debug(
                "newsclean: %d posts cleaned by %d worker processes, %d in the build process",
                self.cleaned_by_workers,
                self.workers.count,
                self.cleaned_here,
            )
            self.workers = None
        self._waiting.clear()
        self._queued.clear()
        self._chunks.clear()
        self._in_flight.clear()
        self._sent.clear()
        self._done.clear()
        self._stored.clear()
        self._texts.clear()

    def _look_up(self, key: _PostKey) -> Any | None:
        assert self.cache is not None
        return self.cache.get_made(lambda: self._text_of(key))

    def _text_of(self, key: _PostKey) -> str:
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = _cache_text(key)
        return text

    def _take(self, post: PostText, done: _FromWorker) -> tuple[PostText, PostReport]:
        """A worker's result for ``post``; its cache entry is stored as it came."""
        cleaned, report = _rebuilt(post, done.texts, done.changes, done.counts, done.errors)
        _log_errors(report)
        if self.cache is not None and done.entry is not None and done.cache_key is not None:
            self.cache.put_encoded(done.cache_key, done.entry)
        return cleaned, report

    def _clean_here(
        self, post: PostText, boilerplate: frozenset[str]
    ) -> tuple[PostText, PostReport]:
        self.cleaned_here += 1
        return _clean_post(post, self.settings, boilerplate, self.times)

    # -- workers ---------------------------------------------------------------

    def _send(self) -> None:
        """Give the workers full chunks of waiting posts, a few tasks ahead of them."""
        if self.workers is None:
            return
        if len(self._waiting) < _CHUNK:
            return  # not a chunk yet
        in_flight = self._in_flight
        while in_flight and in_flight[0].done():
            in_flight.popleft()
        digest = self.cache.digest if self.cache is not None else None
        while len(self._waiting) >= _CHUNK and len(in_flight) < _IN_FLIGHT * self.workers.count:
            chunk, self._waiting[:_CHUNK] = self._waiting[:_CHUNK], []
            try:
                future = self.workers.submit([(post, bp) for _, post, bp in chunk], digest)
            except (BrokenProcessPool, RuntimeError) as error:
                self._waiting[:0] = chunk
                self._give_up(error)
                return
            in_flight.append(future)
            keys = [key for key, _, _ in chunk]
            self._chunks[future] = keys
            self._sent.update(dict.fromkeys(keys, future))

    def _from_worker(self, key: _PostKey) -> _FromWorker | StageError | None:
        """The worker's result for ``key``, once its chunk is back; None if it never will be."""
        future = self._sent.get(key)
        if future is None:
            return None
        keys = self._chunks.pop(future)
        for other in keys:
            del self._sent[other]
        try:
            results, seconds = future.result()
        except (BrokenProcessPool, CancelledError) as error:
            self._give_up(error)
            return None
        for stage, elapsed in seconds.items():
            self.times.add(stage, elapsed)
        self.cleaned_by_workers += len(results)
        self._done.update(zip(keys, results, strict=True))
        return self._done.pop(key)

    def _give_up(self, error: BaseException) -> None:
        logger.warning(
            "newsclean: worker processes failed (%s: %s); cleaning the remaining "
            "posts in the build process",
            error.__class__.__name__,
            error,
        )
        if self.workers is not None:
            self.workers.close()
            self.workers = None
        # Their posts are cleaned here on demand (clean() finds no result).
        self._sent.clear()
        self._chunks.clear()
        self._in_flight.clear()


#: In a worker process, the settings of the build that started it.
_WORKER_SETTINGS: NewscleanSettings | None = None


def _start_worker(settings: NewscleanSettings) -> None:
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings


def _clean_chunk(
    chunk: list[tuple[PostText, frozenset[str]]], cache_digest: str | None
) -> tuple[list[_FromWorker], dict[str, float]]:
    """Clean posts in a worker process: their results and the stage times spent.

    The worker encodes each post's changes, and its text cache entry and key
    (with ``cache_digest``, when the build keeps a cache): the build process,
    which Pelican keeps busy, stores the entry as it is, and decodes the changes
    only if something reads them.
    """
    assert _WORKER_SETTINGS is not None, "worker started without settings"
    times = StageTimes()
    results = []
    for post, boilerplate in chunk:
        cleaned, report = _clean_post(post, _WORKER_SETTINGS, boilerplate, times)
        changes, counts = json_text(report.changes), count_rules(report.changes)
        entry = cache_key = None
        if cache_digest is not None and not report.errors:
            cache_key = content_key(_cache_text(_post_key(post, boilerplate)), cache_digest)
            entry = EncodedJSON.of(_stored(cleaned, report, changes, counts))
        texts = tuple(getattr(cleaned, name) for name in _TEXTS)
        results.append(_FromWorker(texts, changes, counts, report.errors, entry, cache_key))
    return results, times.seconds


def _log_errors(report: PostReport) -> None:
    for message in report.errors:
        logger.warning("newsclean: %s (text kept as it was for this stage)", message)


#: Bump when what the text cache stores, or how it keys it, changes.
TEXT_CACHE_FORMAT = 5


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


def _cache_text(key: _PostKey) -> str:
    """Everything of a post the result depends on, as one string to hash."""
    content, title, summary, lang, skip, boilerplate = key
    fields = [content, title, summary, lang, sorted(skip)]
    fields.append(_boilerplate_digest(boilerplate) if boilerplate else "")
    return json.dumps(fields, ensure_ascii=False)


#: The texts of a cleaned post that a worker sends and the text cache stores, in order.
_TEXTS = ("content", "title", "summary", "headline", "description")


def _stored(
    cleaned: PostText,
    report: PostReport,
    changes: str | None = None,
    counts: list[tuple[str, str, int]] | None = None,
) -> dict[str, Any]:
    """A cleaned post's text cache entry. Its changes are a JSON text within it,
    with their count per rule: a build that finds the post decodes them only if
    something reads them (see PostReport.with_encoded_changes). ``changes`` and
    ``counts`` are the report's, when they are at hand already."""
    return {
        **{name: getattr(cleaned, name) for name in _TEXTS},
        "changes": json_text(report.changes) if changes is None else changes,
        "counts": count_rules(report.changes) if counts is None else counts,
    }


def _restore(post: PostText, stored: Any) -> tuple[PostText, PostReport] | None:
    """The cleaned post and its report from a stored entry; None if it is malformed."""
    if not isinstance(stored, dict):
        return None
    try:
        texts = tuple(stored[name] for name in _TEXTS)
        changes, counts = stored["changes"], stored["counts"]
    except (KeyError, TypeError):
        return None
    content, title, _, headline, description = texts
    strings = (content, title, headline, description, changes)
    if not all(isinstance(text, str) for text in strings) or not _are_counts(counts):
        return None
    counts = [(stage, rule, count) for stage, rule, count in counts]  # JSON gave lists
    return _rebuilt(post, texts, changes, counts, [])


def _rebuilt(
    post: PostText,
    texts: tuple[Any, ...],
    changes: str,
    counts: list[tuple[str, str, int]],
    errors: list[str],
) -> tuple[PostText, PostReport]:
    """``post`` cleaned, from its :data:`_TEXTS`, and its report, from its changes
    as JSON (decoded only if read) and their counts per rule."""
    cleaned = replace(post, **dict(zip(_TEXTS, texts, strict=True)))
    report = PostReport.with_encoded_changes(
        changes, counts, source=post.source, skipped_stages=sorted(post.skip), errors=errors
    )
    return cleaned, report


def _are_counts(counts: Any) -> bool:
    return isinstance(counts, list) and all(
        isinstance(c, list | tuple)
        and len(c) == 3
        and isinstance(c[0], str)
        and isinstance(c[1], str)
        and isinstance(c[2], int)
        for c in counts
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
                lambda text=text, field_settings=field_settings: typography.fix_typography(
                    text, field_settings, lang=lang, identify_blocks=not post.lang_declared
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

    visible = _visible_parts(title, summary, content)
    return replace(post, content=content, title=title, summary=summary, **visible), report


#: Longest JSON-LD description, in characters.
DESCRIPTION_CHARS = 300


def _visible_parts(title: str, summary: str | None, content: str) -> dict[str, str]:
    """A cleaned post's headline and description: its title's visible text, and
    the first visible line of its summary, else of its body, shortened."""
    line = visible_text(summary).split("\n", 1)[0] if summary else first_visible_line(content)
    return {"headline": visible_text(title), "description": shorten(line, DESCRIPTION_CHARS)}


def _in_field(change: Change, field_name: str) -> Change:
    where = f"{field_name}, {change.where}" if change.where else field_name
    return change.replace(where=where)
