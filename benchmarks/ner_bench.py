"""NER: newsclean's entity stage against bare spaCy on the same texts.

The texts are what the plugin feeds NER in a build: each generated post's
Markdown made HTML with Pelican's Markdown settings, cleaned by the text
stages (dedup, typography) when they work, then reduced to its visible text
with the title in front (``visible_text("<h1>title</h1>" + html)``). English
posts are left out, since the stage skips them and bare spaCy would not.

Each measurement is a fresh process (``_ner_child.py``): ``bare`` loads the
model with the ``ner``-only exclusions and runs ``nlp.pipe`` on all texts,
with the stage's batch size (64);
``bare-cores`` the same with one process per core (``n_process``);
``bare-default`` is the same with spaCy's default ``batch_size`` (once, as
a reference: spaCy's default batch is larger and uses more memory); ``cold``
runs ``EntityStage.run`` with an empty cache; ``warm`` runs it again
on the cache the cold run left. The target compares the stage's own NER
time (``timings["ner_seconds"]``: ``nlp.pipe``, the title rule, cache
writes) with bare ``nlp.pipe``.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import corpus
from .measure import (
    Clock,
    Measured,
    error_line,
    median,
    run_measured,
    tail,
    use_child_peak,
    wait_until_quiet,
)

CHILD = Path(__file__).resolve().parent / "_ner_child.py"


@dataclass
class NerResult:
    posts: int
    words: int
    cleaned: str  # how the texts were prepared
    runs: dict[str, list[tuple[Measured, dict[str, Any]]]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def ok(self, mode: str) -> list[tuple[Measured, dict[str, Any]]]:
        return [(m, d) for m, d in self.runs.get(mode, []) if m.ok and d]

    def median(self, mode: str, key: str) -> float | None:
        if key in ("wall", "cpu", "maxrss_mb", "others_cores"):
            return median(getattr(m, key) for m, _ in self.ok(mode))
        return median(d.get(key) for _, d in self.ok(mode))


def ner_texts(n: int, seed: int) -> tuple[list[str], str]:
    """The texts the entity stage would see for the first ``n`` French posts."""
    from pelican_newsclean.html import visible_text

    cleaner, how = None, "raw HTML (text stages unavailable)"
    try:
        from pelican_newsclean.pipeline import PostText, clean_post
        from pelican_newsclean.settings import load_settings

        settings = load_settings({})
        probe = PostText(content="<p>Bonjour « monde »</p>", title="Essai")
        quiet = logging.getLogger("pelican_newsclean")
        level, quiet.level = quiet.level, logging.CRITICAL
        try:
            _, report = clean_post(probe, settings)
        finally:
            quiet.level = level
        if not report.errors:
            cleaner, how = (settings, clean_post, PostText), "after dedup and typography"
    except Exception as error:  # a stage under construction
        how += f" ({error.__class__.__name__}: {error})"

    texts = []
    index = 0
    pool = corpus.load_pool()
    while len(texts) < n:
        post = corpus.make_post(index, seed, pool=pool)
        index += 1
        if post.lang:
            continue
        html = corpus.to_html(post.body)
        title = post.title
        if cleaner is not None:
            settings, clean_post, PostText = cleaner
            cleaned, _ = clean_post(PostText(content=html, title=title), settings)
            html, title = cleaned.content, cleaned.title
        texts.append(visible_text(f"<h1>{title}</h1>{html}"))
    return texts, how


def run_ner(
    workdir: Path,
    posts: int,
    repeat: int,
    seed: int,
    clock: Clock,
    timeout: float = 1800.0,
    quiet_wait: float = 0.0,
) -> NerResult:
    folder = workdir / "ner"
    folder.mkdir(parents=True, exist_ok=True)
    texts, how = ner_texts(posts, seed)
    words = sum(len(t.split()) for t in texts)
    texts_path = folder / "texts.json"
    texts_path.write_text(json.dumps({"texts": texts}, ensure_ascii=False), encoding="utf-8")
    result = NerResult(posts, words, how)
    clock.say(f"NER: {posts} posts, {words} words ({how}); {repeat} x bare / cold / warm")
    cache = folder / "cache"
    from pelican_newsclean.cores import usable_cores
    from pelican_newsclean.settings import load_settings

    batch = str(load_settings({}).entities.batch_size)
    for repetition in range(repeat):
        modes = ("bare", "bare-cores", "cold", "warm")
        modes += ("bare-default",) if repetition == 0 else ()
        for mode in modes:
            if mode == "cold" and cache.exists():
                shutil.rmtree(cache)
            if mode == "warm" and not result.ok("cold"):
                continue
            out = folder / f"{mode}-{repetition}.json"
            log = folder / f"{mode}-{repetition}.log"
            out.unlink(missing_ok=True)
            command = [sys.executable, str(CHILD), "bare" if mode.startswith("bare") else "stage"]
            command += [str(texts_path), str(out)]
            if mode == "bare":
                command.append(batch)
            elif mode == "bare-cores":
                command.append(f"{batch}:{usable_cores()}")
            elif not mode.startswith("bare"):
                command.append(str(cache))
            if quiet_wait:
                wait_until_quiet(clock, patience=quiet_wait)
            measured = run_measured(command, log=log, timeout=timeout)
            data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
            use_child_peak(measured, data.get("peak_rss_mb"))
            if not measured.ok or not data:
                result.errors[mode] = error_line(tail(log, 40)) or f"exit {measured.returncode}"
            result.runs.setdefault(mode, []).append((measured, data))
            clock.say(
                f"  NER #{repetition + 1} {mode:12s} wall {measured.wall:6.2f} s  "
                f"ner {data.get('ner_seconds', float('nan')):6.2f} s  "
                f"load {data.get('load_seconds', float('nan')):5.2f} s  "
                f"rss {measured.maxrss_mb:5.0f} MB"
                + (
                    f"  others {measured.others_cores:.2f} cores"
                    if measured.others_cores is not None
                    else ""
                )
                + (f"  FAILED: {result.errors[mode]}" if mode in result.errors else "")
            )
    return result
