"""Soak test (``make soak``): many rebuilds of one site, each equal to a cold build.

    python scripts/soak.py [--builds 200] [--posts 100] [--seed 0] [--workdir DIR]

One process rebuilds a generated French site again and again, as
``pelican --autoreload`` does (the same Pelican object until the settings
change). Between two builds it makes random changes: edits posts (a new
paragraph, a repeated one, a title, front matter), adds and deletes posts,
switches settings (stages, typography options, entity options, Pelican's
own content cache), and damages newsclean's cache (garbage, truncation, a
folder or a FIFO in its place, hostile rows). After every build, the output
folder and the JSON report's posts must equal those of a cold build of the
same sources and settings (an empty cache, in the same process); and the
memory must not grow: the resident size of the process and its children
(the model's process) after the last builds stays within ``--memory-mb`` of
its size after the first tenth.
Prints one line per build and a summary; exits 1 at the first difference.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import filecmp
import gc
import io
import json
import logging
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import corpus  # noqa: E402

SETTING_CHANGES: list[dict[str, Any]] = [
    {},
    {"entities": {"enabled": False}},
    {"typography": {"guillemet_space": "narrow", "incise_dash": "em"}},
    {"typography": {"disabled_rules": ["apostrophe"]}},
    {"dedup": {"min_words": 5, "similarity": 85.0}},
    {"dedup": {"boilerplate_min_posts": 3}},
    {"entities": {"as_tags": True, "feeds": True, "max_entities": 5}},
    {"entities": {"aliases": {"Hidalgo": "Anne Hidalgo"}, "ignore": ["AFP"]}},
    {"typography": {"enabled": False}},
]
NAMES = ("Anne Hidalgo", "Grégory Doucet", "Martine Aubry", "la SNCF", "l'AFP", "Marseille")


def _status_mb(path: str, field: str) -> float:
    try:
        with open(path, encoding="ascii") as stream:
            for line in stream:
                if line.startswith(field):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):  # a process that just ended
        pass
    return 0.0


def resident_mb() -> float:
    """This process's resident size and its child processes' (the model's process,
    workers): what the rebuilds hold in memory."""
    total = _status_mb("/proc/self/status", "VmRSS:")
    me = str(os.getpid())
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stream:
                parent = stream.read().rsplit(")", 1)[1].split()[1]
        except (OSError, IndexError):
            continue
        if parent == me:
            total += _status_mb(f"/proc/{pid}/status", "VmRSS:")
    return total


def site_settings(root: Path, name: str, newsclean: dict[str, Any], pelican_cache: bool) -> dict:
    from pelican.settings import read_settings

    override = {
        "PATH": str(root / "content"),
        "OUTPUT_PATH": str(root / f"out-{name}"),
        "CACHE_PATH": str(root / f"cache-{name}"),
        "PLUGINS": ["pelican_newsclean"],
        "NEWSCLEAN": {**newsclean, "report": str(root / f"report-{name}.json")},
        "TIMEZONE": "Europe/Paris",
        "DEFAULT_LANG": "fr",
        "SITEURL": "",
        "RELATIVE_URLS": True,
        "DEFAULT_PAGINATION": 10,
        "CACHE_CONTENT": pelican_cache,
        "LOAD_CONTENT_CACHE": pelican_cache,
        "CONTENT_CACHING_LAYER": "generator",
        "CHECK_MODIFIED_METHOD": "md5",
    }
    return read_settings(path=None, override=override)


# -- changes between builds -------------------------------------------------


def edit_posts(content: Path, rng: random.Random, number: int) -> str:
    posts = sorted(content.glob("*.md"))
    path = rng.choice(posts)
    text = path.read_text(encoding="utf-8")
    kind = rng.choice(["paragraph", "repeat", "title", "front", "add", "delete"])
    if kind == "paragraph":
        text += f"\n\nMise à jour {number} : {rng.choice(NAMES)} a réagi « vite » ce 3e jour.\n"
    elif kind == "repeat":
        paragraphs = [p for p in text.split("\n\n")[1:] if len(p.split()) > 10]
        if paragraphs:
            text += "\n\n" + rng.choice(paragraphs) + "\n"
    elif kind == "title":
        text = text.replace("Title: ", f"Title: {rng.choice(NAMES)} : ", 1)
    elif kind == "front":
        extra = rng.choice(["Newsclean: no-dedup", "Entities: Person: Jean Dupont", "Lang: en"])
        if extra.split(":")[0] + ":" not in text.split("\n\n", 1)[0]:
            text = text.replace("\n", f"\n{extra}\n", 1)
    elif kind == "add":
        (new,) = corpus.generate_posts(1, seed=10_000 + number)
        new = dataclasses.replace(new, slug=f"ajout-{number}")
        (content / f"ajout-{number}.md").write_text(new.markdown(), encoding="utf-8")
        return f"add ajout-{number}.md"
    elif kind == "delete" and len(posts) > 20:
        path.unlink()
        return f"delete {path.name}"
    path.write_text(text, encoding="utf-8")
    return f"{kind} {path.name}"


def damage_cache(folder: Path, rng: random.Random) -> str:
    database = folder / "cache.sqlite3"
    if not database.exists():
        return "no cache to damage"
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    kind = rng.choice(["garbage", "truncate", "folder", "fifo", "rows", "delete"])
    if kind == "garbage":
        database.write_bytes(os.urandom(4096))
    elif kind == "truncate":
        data = database.read_bytes()
        database.write_bytes(data[: rng.randrange(1, max(len(data), 2))])
    elif kind == "folder":
        database.unlink()
        database.mkdir()
    elif kind == "fifo":
        database.unlink()
        os.mkfifo(database)
    elif kind == "rows":
        hostile = rng.choice([b"[" * 50_000 + b"]" * 50_000, b'{"content": 1', b"\xff", b"{}"])
        db = sqlite3.connect(database)
        try:
            with db:
                db.execute(
                    "UPDATE entries SET value = ? WHERE key IN "
                    "(SELECT key FROM entries ORDER BY random() LIMIT 20)",
                    (hostile,),
                )
        finally:
            db.close()
    else:
        database.unlink()
    return f"cache {kind}"


# -- comparison ----------------------------------------------------------------


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ between two output folders (relative paths)."""
    found = []
    comparison = filecmp.dircmp(left, right)
    stack = [(comparison, Path())]
    while stack:
        current, prefix = stack.pop()
        found += [str(prefix / n) for n in current.left_only + current.right_only]
        _, mismatch, errors = filecmp.cmpfiles(
            current.left, current.right, current.common_files, shallow=False
        )
        found += [str(prefix / n) for n in mismatch + errors]
        stack += [(sub, prefix / name) for name, sub in current.subdirs.items()]
    return found


def report_posts(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))["posts"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builds", type=int, default=200)
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--memory-mb", type=float, default=50.0)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    from pelican import Pelican

    logging.disable(logging.WARNING)  # damaged caches warn, as they should
    root = args.workdir or Path(tempfile.mkdtemp(prefix="newsclean-soak-"))
    rng = random.Random(args.seed)
    corpus.write_site_content(root / "content", args.posts, args.seed)
    newsclean: dict[str, Any] = {}
    pelican_cache = False
    rebuilding = None  # the Pelican object autoreload keeps, until settings change
    reference: tuple[str, Any] | None = None  # the cold builds' Pelican object, its settings
    memory: list[float] = []
    started = time.perf_counter()
    for number in range(args.builds):
        changes = [edit_posts(root / "content", rng, number) for _ in range(rng.randint(0, 3))]
        if number and rng.random() < 0.15:
            newsclean = rng.choice(SETTING_CHANGES)
            pelican_cache = rng.random() < 0.3
            rebuilding = None
            changes.append(f"settings {json.dumps(newsclean, ensure_ascii=False)}")
            changes.append(f"pelican cache {pelican_cache}")
        if number and rng.random() < 0.2:
            changes.append(damage_cache(root / "cache-soak" / "newsclean", rng))
        key = json.dumps([newsclean, pelican_cache], sort_keys=True)
        if rebuilding is None:
            rebuilding = Pelican(site_settings(root, "soak", newsclean, pelican_cache))
        shutil.rmtree(root / "out-soak", ignore_errors=True)
        build_started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):  # Pelican's and newsclean's lines
            rebuilding.run()
        seconds = time.perf_counter() - build_started
        # The cold reference: an empty cache (newsclean's and Pelican's), same process.
        if reference is None or reference[0] != key:
            reference = (key, Pelican(site_settings(root, "cold", newsclean, pelican_cache)))
        for folder in ("out-cold", "cache-cold"):
            shutil.rmtree(root / folder, ignore_errors=True)
        with contextlib.redirect_stdout(io.StringIO()):
            reference[1].run()
        gc.collect()
        memory.append(resident_mb())
        different = differences(root / "out-soak", root / "out-cold")
        if report_posts(root / "report-soak.json") != report_posts(root / "report-cold.json"):
            different.append("report posts")
        print(
            f"build {number + 1}: {seconds:.2f} s, RSS {memory[-1]:.0f} MB, "
            f"{'; '.join(changes) or 'no change'}: "
            + (f"DIFFERENT {different[:5]}" if different else "same as cold"),
            flush=True,
        )
        if different:
            print(f"soak FAILED at build {number + 1}; work folder kept: {root}")
            return 1
    tenth = max(len(memory) // 10, 1)
    growth = max(memory[-tenth:]) - max(memory[:tenth])
    print(
        f"soak: {args.builds} builds of {args.posts} posts in "
        f"{time.perf_counter() - started:.0f} s, each equal to a cold build; RSS "
        f"{max(memory[:tenth]):.0f} MB after the first {tenth}, {max(memory[-tenth:]):.0f} MB "
        f"after the last {tenth} ({growth:+.0f} MB, limit {args.memory_mb:.0f})"
    )
    if args.workdir is None:
        shutil.rmtree(root, ignore_errors=True)
    return 0 if growth <= args.memory_mb else 1


if __name__ == "__main__":
    sys.exit(main())
