"""The edit loop: one post of a site edited, the site built again.

A writer edits a post and rebuilds, two ways:

- ``command line``: ``pelican content`` run again (a fresh process: newsclean
  loads spaCy again, while Pelican reads, when a source changed);
- ``autoreload``: one process that builds again after each edit, as
  ``pelican --autoreload`` does (the model stays loaded).

Each newsclean rebuild (complete, entities on, its cache filled by a first
build) runs between two plain Pelican builds of the same edited site; its
figure is its extra seconds over the geometric mean of the two (see
``builds`` for why bracketing). Target (issue 20): at most 2.5 s more than
plain Pelican at 300 posts.

    python -m benchmarks.edit_loop [--posts 300] [--repeat 5] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import corpus
from .builds import CHILD, write_settings
from .measure import median, run_measured

HERE = Path(__file__).resolve().parent
AUTORELOAD_CHILD = HERE / "_edit_child.py"
TARGET_EXTRA_SECONDS = 2.5


@dataclass
class EditLoopResult:
    posts: int
    # mode -> (plain seconds, newsclean seconds) per repetition, bracketed plain
    pairs: dict[str, list[tuple[float, float]]] = field(default_factory=dict)

    def extra(self, mode: str) -> float | None:
        return median(newsclean - plain for plain, newsclean in self.pairs.get(mode, []))

    def lines(self) -> list[str]:
        out = [
            f"### Edit loop: one post of {self.posts} edited, rebuilt (entities on, cache warm)",
            "",
            "| mode | plain Pelican (s) | newsclean (s) | extra (s), median | target |",
            "|---|---|---|---|---|",
        ]
        for mode, pairs in self.pairs.items():
            plain = median(p for p, _ in pairs)
            newsclean = median(n for _, n in pairs)
            extra = self.extra(mode)
            verdict = "met" if extra is not None and extra <= TARGET_EXTRA_SECONDS else "missed"
            out.append(
                f"| {mode} | {plain:.2f} | {newsclean:.2f} | {extra:+.2f} "
                f"({', '.join(f'{n - p:+.2f}' for p, n in pairs)}) "
                f"| ≤ +{TARGET_EXTRA_SECONDS} s: {verdict} |"
            )
        return out


def edit_one_post(content: Path, round_number: int, rng: random.Random) -> Path:
    """Append a paragraph naming someone to one post, as a writer's edit does."""
    path = rng.choice(sorted(content.glob("*.md")))
    names = ("Anne Hidalgo", "Grégory Doucet", "Martine Aubry", "Johanna Rolland")
    addition = (
        f"\n\nMise à jour n°{round_number} : {rng.choice(names)} a réagi "
        f"jeudi soir à Lyon, selon l'AFP.\n"
    )
    with path.open("a", encoding="utf-8") as stream:
        stream.write(addition)
    return path


def _command_line_build(site: Path, conf: str, timeout: float) -> float:
    info = site / f"info-{conf}.json"
    command = [sys.executable, str(CHILD), str(info), "content", "-s", f"conf_{conf}.py"]
    command += ["-o", f"out-{conf}", "--fatal", "errors", "-q"]
    measured = run_measured(command, cwd=site, timeout=timeout)
    if measured.returncode != 0:
        raise RuntimeError(f"{conf} build failed (exit {measured.returncode})")
    return measured.wall


def _bracketed(plain_before: float, newsclean: float, plain_after: float) -> tuple[float, float]:
    return math.sqrt(plain_before * plain_after), newsclean


def run_edit_loop(
    workdir: Path, posts: int = 300, repeat: int = 5, seed: int = 0, timeout: float = 900.0
) -> EditLoopResult:
    site = workdir / f"edit-site-{posts}"
    site.mkdir(parents=True, exist_ok=True)
    corpus.write_site_content(site / "content", posts, seed)
    write_settings(site)
    shutil.rmtree(site / "cache-full", ignore_errors=True)
    result = EditLoopResult(posts)
    rng = random.Random(seed)

    # Command line: warm the file cache and fill newsclean's cache first.
    _command_line_build(site, "plain", timeout)
    _command_line_build(site, "full", timeout)
    pairs = result.pairs["command line"] = []
    for number in range(repeat):
        edit_one_post(site / "content", number, rng)
        before = _command_line_build(site, "plain", timeout)
        newsclean = _command_line_build(site, "full", timeout)
        after = _command_line_build(site, "plain", timeout)
        pairs.append(_bracketed(before, newsclean, after))

    # Autoreload: one process, its own edits between builds.
    done = subprocess.run(
        [sys.executable, str(AUTORELOAD_CHILD), str(site), str(repeat), str(seed)],
        capture_output=True,
        text=True,
        timeout=timeout * (repeat + 2),
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"autoreload child failed: {done.stderr[-2000:]}")
    result.pairs["autoreload"] = [
        _bracketed(*triple) for triple in json.loads(done.stdout.splitlines()[-1])
    ]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newsclean-edit-"))
    try:
        result = run_edit_loop(workdir, args.posts, args.repeat, args.seed)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print("\n".join(result.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
