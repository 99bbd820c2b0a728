"""Worker processes: the same results as the build process alone, and no worker
can stop or hang a build."""

from __future__ import annotations

import logging
import os
import signal

import pytest

from pelican_newsclean import pipeline
from pelican_newsclean.pipeline import MIN_POSTS_FOR_WORKERS, PostText, Workers, clean_posts
from pelican_newsclean.settings import load_settings

from .conftest import SEED_ARTICLE

SETTINGS = load_settings({})


def _jobs(count: int = MIN_POSTS_FOR_WORKERS + 20) -> list[tuple[PostText, frozenset[str]]]:
    lines = SEED_ARTICLE.read_text(encoding="utf-8").splitlines()
    jobs = []
    for number in range(count):
        paragraphs = [lines[(number + i) % len(lines)] for i in range(6)]
        paragraphs.append(paragraphs[number % 6])  # a repeat to remove
        content = "".join(f"<p>{p}</p>" for p in paragraphs)
        jobs.append(
            (PostText(content=content, title=f"N°{number}", source=f"{number}.md"), frozenset())
        )
    return jobs


@pytest.fixture
def workers():
    started = Workers.start(SETTINGS, 1)
    assert started is not None
    yield started
    started.close()


def test_workers_clean_as_the_build_process_does(workers):
    jobs = _jobs()
    alone = clean_posts(jobs, SETTINGS)
    shared = clean_posts(jobs, SETTINGS, workers=workers)
    assert shared == alone
    assert any(report.removed for _, report in shared)


def test_a_small_batch_stays_in_the_build_process(workers, monkeypatch):
    monkeypatch.setattr(Workers, "clean", None)  # would fail if called
    jobs = _jobs(MIN_POSTS_FOR_WORKERS - 1)
    assert clean_posts(jobs, SETTINGS, workers=workers) == clean_posts(jobs, SETTINGS)


@pytest.mark.parametrize("how", [signal.SIGSTOP, signal.SIGKILL])
def test_a_stopped_or_killed_worker_does_not_hang_the_build(workers, monkeypatch, caplog, how):
    """Issue 19 item 8: the build process cleans the worker's posts itself, with a warning."""
    monkeypatch.setattr(pipeline, "CHUNK_TIMEOUT_SECONDS", 3.0)
    (process,) = workers._processes
    os.kill(process.pid, how)
    jobs = _jobs()
    with caplog.at_level(logging.WARNING, logger="pelican_newsclean"):
        shared = clean_posts(jobs, SETTINGS, workers=workers)
    assert shared == clean_posts(jobs, SETTINGS)
    assert "worker processes failed or stalled" in caplog.text
    assert not process.is_alive()


def test_a_site_builds_the_same_with_and_without_workers(tmp_path, monkeypatch):
    import json

    shared_out = []
    real_clean = Workers.clean
    monkeypatch.setattr(
        Workers,
        "clean",
        lambda self, jobs, *a: shared_out.append(len(jobs)) or real_clean(self, jobs, *a),
    )

    from .conftest import build_site, post

    lines = SEED_ARTICLE.read_text(encoding="utf-8").splitlines()
    files = {
        f"p{number}.md": post(f"Article n°{number}", "\n\n".join(lines[number % 5 :][:8] * 2))
        for number in range(MIN_POSTS_FOR_WORKERS + 4)
    }

    def built(name, workers):
        report = tmp_path / f"{name}.json"
        newsclean = {"entities": {"enabled": False}, "workers": workers, "report": str(report)}
        output = build_site(tmp_path / name, files, NEWSCLEAN=newsclean)
        pages = {p.relative_to(output): p.read_bytes() for p in sorted(output.rglob("*.html"))}
        return pages, json.loads(report.read_text(encoding="utf-8"))["posts"]

    alone = built("alone", 0)
    assert shared_out == []
    shared = built("shared", 1)
    assert shared_out == [len(files)]
    assert shared == alone
    assert sum(len(p["removed"]) for p in shared[1]) >= len(files)


def test_workers_start_only_when_the_cache_will_lack_many_posts(tmp_path, monkeypatch):
    """An edit loop (one post changed) starts no worker; a cold build or other settings do."""
    from .conftest import build_site, post

    started = []
    real_start = Workers.start
    monkeypatch.setattr(
        Workers, "start", classmethod(lambda cls, *a: started.append(1) or real_start(*a))
    )
    files = {f"p{n}.md": post(f"Article {n}", "Un «essai»!") for n in range(MIN_POSTS_FOR_WORKERS)}
    build_site(tmp_path, files)
    assert started == [1]  # cold
    content = tmp_path / "content"
    for path in [content, *content.iterdir()]:
        os.utime(path, (0, 0))  # older than the last build
    (content / "p1.md").write_text(post("Article 1", "Un autre «essai»!"), encoding="utf-8")
    build_site(tmp_path, {})
    assert started == [1]  # one post changed: this process alone
    build_site(tmp_path, {}, NEWSCLEAN={"entities": {"enabled": False}, "dedup": {"min_words": 5}})
    assert started == [1, 1]  # other settings: every post to clean again
