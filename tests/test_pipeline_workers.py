"""Cleaning posts in worker processes: the same results as one process, warnings
logged by the build, failures survived."""

from __future__ import annotations

import fcntl
import logging
import os
import pickle
import re
import threading
from concurrent.futures import Future
from pathlib import Path

import pytest

from benchmarks.bench_dedup import make_post
from pelican_newsclean import pipeline, typography
from pelican_newsclean.cache import ResultCache
from pelican_newsclean.pipeline import (
    PostCleaner,
    PostText,
    StageError,
    StageTimes,
    Workers,
    clean_post,
    text_cache_fingerprint,
)
from pelican_newsclean.settings import load_settings

from .conftest import build_site, post

SETTINGS = load_settings({})
MANY = 2 * pipeline.MIN_POSTS_FOR_WORKERS


def posts(count: int = MANY) -> list[PostText]:
    return [
        PostText(
            content=make_post(4 + seed % 9, seed=seed),
            title=f"Dépêche n°{seed}: «point» d'étape",
            summary="<p>Un «résumé»!</p>" if seed % 3 else None,
            source=f"post-{seed}.md",
        )
        for seed in range(count)
    ]


def clean_all(cleaner: PostCleaner, batch: list[PostText]) -> list[tuple[PostText, object]]:
    for item in batch:
        cleaner.prefetch(item)
    cleaner.finish()
    try:
        return [cleaner.clean(item) for item in batch]
    finally:
        cleaner.close()


def test_workers_give_what_one_process_gives():
    batch = posts()
    times = StageTimes()
    cleaner = PostCleaner(SETTINGS, workers=Workers.start(SETTINGS, 2), times=times)
    results = clean_all(cleaner, batch)
    assert results == [clean_post(item, SETTINGS) for item in batch]
    # Both sides worked, and each post was cleaned once.
    assert cleaner.cleaned_by_workers > 0 and cleaner.cleaned_here > 0
    assert cleaner.cleaned_by_workers + cleaner.cleaned_here == len(batch)
    assert times.seconds["dedup"] > 0 and times.seconds["typography"] > 0


@pytest.mark.skipif(not hasattr(fcntl, "F_GETPIPE_SZ"), reason="pipe sizes are Linux's")
def test_the_pipes_to_the_workers_hold_a_chunk_of_results():
    # A 64 KiB pipe left the worker idle 40 % of the time (see _widen_pipes).
    workers = Workers.start(SETTINGS, 1)
    assert workers is not None
    try:
        executor = workers._executor
        for pipe in (executor._call_queue._writer, executor._result_queue._writer):
            assert fcntl.fcntl(pipe.fileno(), fcntl.F_GETPIPE_SZ) >= pipeline.PIPE_BYTES
        chunk = [(item, frozenset()) for item in posts(pipeline._CHUNK)]
        results, _ = workers.submit(chunk, None).result()
        assert len(pickle.dumps(results)) > 65536  # what a default pipe holds
    finally:
        workers.close()


def test_reports_come_back_from_workers_as_they_left(monkeypatch):
    # A worker sends each post's text cache entry as JSON, and its report's errors:
    # the post and report rebuilt from them are the ones it made, field for field.
    monkeypatch.setattr(typography, "fix_typography", _fails_on_every_fifth)
    monkeypatch.setattr(pipeline, "_WORKER_SETTINGS", SETTINGS)
    batch = posts(12)
    chunk = [(item, frozenset()) for item in batch]
    sent, _ = pickle.loads(pickle.dumps(pipeline._clean_chunk(chunk, None)))
    cleaner = PostCleaner(SETTINGS)
    for item, result in zip(batch, sent, strict=True):
        expected = clean_post(item, SETTINGS)
        back = cleaner._take(item, result)
        assert back == expected
        assert [c.to_dict() for c in back[1].changes] == [c.to_dict() for c in expected[1].changes]
    assert [bool(r.errors) for r in sent] == [i % 5 == 0 for i in range(len(batch))]


def test_workers_key_and_encode_the_entries_the_next_build_finds(tmp_path):
    batch = posts()
    fingerprint = text_cache_fingerprint(SETTINGS)
    cache = ResultCache(tmp_path, "text", fingerprint)
    cold = PostCleaner(SETTINGS, workers=Workers.start(SETTINGS, 2), cache=cache)
    expected = clean_all(cold, batch)
    assert cold.cleaned_by_workers > 0
    assert cache.save()
    warm_cache = ResultCache(tmp_path, "text", fingerprint)
    assert clean_all(PostCleaner(SETTINGS, cache=warm_cache), batch) == expected
    assert (warm_cache.hits, warm_cache.misses) == (len(batch), 0)


class _HeldWorkers:
    """Workers whose chunks finish only when the test says so."""

    count = 1

    def __init__(self) -> None:
        self.futures: list[Future] = []

    def submit(self, chunk, cache_digest) -> Future:
        self.futures.append(Future())
        return self.futures[-1]

    def close(self) -> None:
        pass


def test_chunks_in_flight_are_capped_and_only_the_oldest_is_checked(monkeypatch):
    looks = []
    real_done = Future.done
    monkeypatch.setattr(Future, "done", lambda self: looks.append(self) or real_done(self))
    workers = _HeldWorkers()
    cleaner = PostCleaner(SETTINGS, workers=workers)
    batch = posts(6 * pipeline._CHUNK)
    for item in batch[:-1]:
        cleaner.prefetch(item)
    # Held workers get no more than their share of chunks, and each post read
    # looks at one chunk at most (the oldest), not at every chunk sent.
    assert len(workers.futures) == pipeline._IN_FLIGHT * workers.count
    assert len(looks) <= len(batch) and set(looks) == {workers.futures[0]}
    workers.futures[0].set_result(([], {}))
    cleaner.prefetch(batch[-1])
    assert len(workers.futures) == pipeline._IN_FLIGHT * workers.count + 1
    cleaner.close()


def test_no_workers_cleans_everything_here():
    batch = posts()
    cleaner = PostCleaner(SETTINGS, workers=None)
    assert clean_all(cleaner, batch) == [clean_post(item, SETTINGS) for item in batch]
    assert (cleaner.cleaned_by_workers, cleaner.cleaned_here) == (0, len(batch))


def test_no_workers_start_beside_another_thread():
    idle = threading.Event()
    thread = threading.Thread(target=idle.wait)
    thread.start()
    try:
        assert Workers.start(SETTINGS, 2) is None
    finally:
        idle.set()
        thread.join()
    assert Workers.start(SETTINGS, 0) is None


def test_the_same_texts_in_two_files_keep_their_own_names():
    batch = posts()
    twin = PostText(batch[0].content, batch[0].title, batch[0].summary, source="twin.md")
    results = clean_all(PostCleaner(SETTINGS, workers=Workers.start(SETTINGS, 2)), [*batch, twin])
    first, copy = results[0], results[-1]
    assert copy[0].content == first[0].content
    assert (copy[0].source, copy[1].source) == ("twin.md", "twin.md")
    assert first[1].source == "post-0.md"


def test_cached_posts_go_to_no_worker(tmp_path):
    batch = posts()
    fingerprint = text_cache_fingerprint(SETTINGS)
    cache = ResultCache(tmp_path, "text", fingerprint)
    expected = clean_all(PostCleaner(SETTINGS, cache=cache), batch)
    cache.save()
    warm = PostCleaner(
        SETTINGS,
        workers=Workers.start(SETTINGS, 2),
        cache=ResultCache(tmp_path, "text", fingerprint),
    )
    assert clean_all(warm, batch) == expected
    assert (warm.cleaned_by_workers, warm.cleaned_here) == (0, 0)


def test_each_post_is_looked_up_in_the_cache_once(tmp_path):
    # prefetch() looks a post up as it is read; clean() reuses what it found.
    batch = posts()
    cache = ResultCache(tmp_path, "text", text_cache_fingerprint(SETTINGS))
    cleaner = PostCleaner(SETTINGS, workers=Workers.start(SETTINGS, 2), cache=cache)
    clean_all(cleaner, batch)
    assert (cache.hits, cache.misses) == (0, len(batch))


def _fails_on_every_fifth(text, *args, **kwargs):
    if "Dépêche n°" in text and int(text.split("n°")[1].split(":")[0]) % 5 == 0:
        raise RuntimeError("boom")
    return ORIGINAL_FIX(text, *args, **kwargs)


ORIGINAL_FIX = typography.fix_typography


def test_a_stage_failing_in_a_worker_is_logged_by_the_build_process(monkeypatch, caplog):
    # Workers are forked after the patch: they fail the same way.
    monkeypatch.setattr(typography, "fix_typography", _fails_on_every_fifth)
    batch = posts()
    with caplog.at_level(logging.WARNING, logger="pelican_newsclean"):
        results = clean_all(PostCleaner(SETTINGS, workers=Workers.start(SETTINGS, 2)), batch)
    failed = [report.source for _, report in results if report.errors]
    assert failed == [p.source for p in batch if int(p.source[5:-3]) % 5 == 0]
    logged = [r for r in caplog.records if "typography stage failed" in r.getMessage()]
    assert [r.process for r in logged] == [os.getpid()] * len(failed)
    # The failed field keeps its text; the others are fixed.
    cleaned, _ = results[0]
    assert cleaned.title == batch[0].title
    assert "«\u00a0point\u00a0»" in results[1][0].title


def test_strict_mode_stops_at_a_failure_in_a_worker(monkeypatch):
    monkeypatch.setattr(typography, "fix_typography", _fails_on_every_fifth)
    strict = load_settings({"strict": True})
    with pytest.raises(StageError, match=r"post-0\.md"):
        clean_all(PostCleaner(strict, workers=Workers.start(strict, 2)), posts())


def _dies_in_a_worker(post, settings, boilerplate, times):
    if os.getpid() != TEST_PROCESS:
        os._exit(3)
    return ORIGINAL_CLEAN(post, settings, boilerplate, times)


ORIGINAL_CLEAN = pipeline._clean_post
TEST_PROCESS = os.getpid()


def test_workers_that_die_leave_the_work_to_the_build_process(monkeypatch, caplog):
    monkeypatch.setattr(pipeline, "_clean_post", _dies_in_a_worker)
    batch = posts()
    with caplog.at_level(logging.WARNING, logger="pelican_newsclean"):
        cleaner = PostCleaner(SETTINGS, workers=Workers.start(SETTINGS, 2))
        results = clean_all(cleaner, batch)
    monkeypatch.undo()
    assert results == [clean_post(item, SETTINGS) for item in batch]
    assert cleaner.cleaned_by_workers == 0
    assert "worker processes failed" in caplog.text


def site_files(count: int) -> dict[str, str]:
    return {
        f"depeche-{i}.md": post(f"Dépêche {i} : «essai»", make_post(3 + i % 5, seed=i))
        for i in range(count)
    }


def pages(output: Path) -> dict[Path, bytes]:
    return {p.relative_to(output): p.read_bytes() for p in sorted(output.rglob("*.html"))}


def test_a_site_built_with_workers_is_the_site_built_without(tmp_path, caplog):
    files = site_files(MANY)
    alone = pages(build_site(tmp_path / "a", files, NEWSCLEAN={"workers": 0, "entities": False}))
    with caplog.at_level(logging.DEBUG, logger="pelican_newsclean"):
        shared = build_site(tmp_path / "b", files, NEWSCLEAN={"workers": 1, "entities": False})
    assert pages(shared) == alone
    assert re.search(r"[1-9]\d* posts cleaned by 1 worker processes", caplog.text)


def test_a_small_site_starts_no_worker(tmp_path, caplog):
    with caplog.at_level(logging.DEBUG, logger="pelican_newsclean"):
        build_site(
            tmp_path,
            site_files(pipeline.MIN_POSTS_FOR_WORKERS - 1),
            NEWSCLEAN={"workers": 1, "entities": False},
        )
    assert "worker processes" not in caplog.text
