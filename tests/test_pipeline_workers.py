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


def _record_submits(workers, monkeypatch) -> list[list[str]]:
    """The sources of the posts of each chunk ``workers`` send from now on."""
    sent: list[list[str]] = []
    real_submit = workers._submit

    def submit(chunk):
        sent.append([post.source for post, _ in chunk])
        return real_submit(chunk)

    monkeypatch.setattr(workers, "_submit", submit)
    return sent


def test_posts_sent_while_reading_are_not_sent_again(workers, monkeypatch):
    jobs = _jobs(6 * pipeline.CHUNK_POSTS)
    sent = _record_submits(workers, monkeypatch)
    for job in jobs:
        workers.clean_soon(job)
    assert sent[0] == [post.source for post, _ in jobs[: pipeline.CHUNK_POSTS]]
    assert len(sent) <= 2 * workers.count  # a few chunks ahead, no more
    shared = clean_posts(jobs, SETTINGS, workers=workers)
    assert shared == clean_posts(jobs, SETTINGS)
    every = [source for chunk in sent for source in chunk]
    assert len(every) == len(set(every))
    assert workers._early == {}


def test_a_post_changed_after_reading_is_cleaned_as_it_is_now(workers):
    jobs = _jobs(pipeline.CHUNK_POSTS)
    for job in jobs:
        workers.clean_soon(job)
    post, boilerplate = jobs[3]
    jobs[3] = (
        PostText(content=post.content + "<p>Ajout.</p><p>Ajout.</p>", source=post.source),
        boilerplate,
    )
    shared = clean_posts(jobs, SETTINGS, workers=workers)
    assert shared == clean_posts(jobs, SETTINGS)
    assert "<p>Ajout.</p>" in shared[3][0].content


def test_a_cached_post_is_not_sent_while_reading(workers, monkeypatch, tmp_path):
    from pelican_newsclean.cache import ResultCache

    cache = ResultCache(tmp_path, "text", pipeline.text_cache_fingerprint(SETTINGS))
    jobs = _jobs(2 * pipeline.CHUNK_POSTS)
    clean_posts(jobs[: pipeline.CHUNK_POSTS], SETTINGS, cache=cache)
    sent = _record_submits(workers, monkeypatch)
    for job in jobs:
        workers.clean_soon(job, cache)
    assert sent == [[post.source for post, _ in jobs[pipeline.CHUNK_POSTS :]]]


@pytest.mark.parametrize("how", [signal.SIGSTOP, signal.SIGKILL])
@pytest.mark.parametrize("while_reading", [False, True])
def test_a_stopped_or_killed_worker_does_not_hang_the_build(
    workers, monkeypatch, caplog, how, while_reading
):
    """Issue 19 item 8: the build process cleans the worker's posts itself, with a warning."""
    monkeypatch.setattr(pipeline, "CHUNK_TIMEOUT_SECONDS", 3.0)
    (process,) = workers._processes
    jobs = _jobs()
    for job in jobs if while_reading else ():
        workers.clean_soon(job)
    os.kill(process.pid, how)
    with caplog.at_level(logging.WARNING, logger="pelican_newsclean"):
        shared = clean_posts(jobs, SETTINGS, workers=workers)
    assert shared == clean_posts(jobs, SETTINGS)
    assert "worker processes failed or stalled" in caplog.text
    assert not process.is_alive()


def test_a_site_builds_the_same_with_and_without_workers(tmp_path, monkeypatch):
    import json

    shared_out, read = [], []
    real_clean, real_soon = Workers.clean, Workers.clean_soon
    monkeypatch.setattr(
        Workers,
        "clean",
        lambda self, jobs, *a: shared_out.append(len(jobs)) or real_clean(self, jobs, *a),
    )
    monkeypatch.setattr(
        Workers, "clean_soon", lambda self, job, *a: read.append(job) or real_soon(self, job, *a)
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
    assert len(read) == len(files)  # handed to the worker while Pelican read them
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


def test_workers_stop_once_the_articles_are_cleaned(tmp_path, monkeypatch):
    """Their memory is not kept beside the model's while NER runs."""
    from pelican_newsclean import pelican_hooks

    from .conftest import build_site, post

    events = []
    real_close, real_attach = Workers.close, pelican_hooks._attach_entities
    monkeypatch.setattr(Workers, "close", lambda self: events.append("closed") or real_close(self))
    monkeypatch.setattr(
        pelican_hooks,
        "_attach_entities",
        lambda *a: events.append("entities") or real_attach(*a),
    )
    files = {f"p{n}.md": post(f"Article {n}", "Un «essai»!") for n in range(MIN_POSTS_FOR_WORKERS)}
    build_site(tmp_path, files, NEWSCLEAN={"entities": {"enabled": False}, "workers": 1})
    assert events[:2] == ["closed", "entities"]
