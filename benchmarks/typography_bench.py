"""French typography throughput: newsclean against typographeur, polytypo, typogrify.

Same inputs for every tool:

- ``posts``: 1,000 generated posts as HTML (Pelican's Markdown settings),
  each cut at a block boundary once it reaches about 2 KB;
- ``document``: one 2 MB HTML document (those posts end to end, each in an
  ``<article>``), the case where a tool that is not linear shows it.

Throughput is MB/s of UTF-8 input (1 MB = 10^6 bytes), the median of the
repetitions. Each tool has a time budget per input: on the posts it does
no repetition that would overrun it, and stops a first pass at the budget
(reporting the posts it did); on the document it runs
growing prefixes (1/16, 1/8 ... of it) and stops before a call that the
growth measured so far says would overrun the budget, then reports the
largest prefix done and an extrapolated time for the whole 2 MB (polytypo
is quadratic on long documents). The tools do not do the same work (which
rules, which spaces): this measures cost, not quality.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata

from . import corpus
from .measure import Clock

Tool = Callable[[str], str]


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def load_tools() -> tuple[dict[str, Tool], dict[str, str]]:
    """The tools that import, and why the others do not."""
    tools: dict[str, Tool] = {}
    missing: dict[str, str] = {}

    try:
        from pelican_newsclean.settings import load_settings
        from pelican_newsclean.typography import fix_typography, post_language

        section = load_settings({}).typography

        def newsclean(html: str) -> str:
            result = fix_typography(html, section, lang="fr")
            return getattr(result, "html", result)

        def newsclean_identified(html: str) -> str:
            # A post without lang metadata: its language and its blocks' identified.
            lang, _ = post_language(html, "", None, default_lang="fr", settings=section)
            return fix_typography(html, section, lang=lang, identify_blocks=True).html

        newsclean("<p>«Essai»</p>")
        newsclean_identified("<p>«Essai» de la langue identifiée ici</p>")
        tools[f"newsclean {_version('pelican-newsclean')}"] = newsclean
        tools[f"newsclean {_version('pelican-newsclean')} (lang identified)"] = newsclean_identified
    except Exception as error:
        missing["newsclean"] = f"{error.__class__.__name__}: {error}"

    try:
        from typographeur import typographeur

        tools[f"typographeur {_version('typographeur')}"] = typographeur
    except Exception as error:
        missing["typographeur"] = f"{error.__class__.__name__}: {error}"

    try:
        from polytypo.html import transform

        def polytypo(html: str) -> str:
            return transform(html, locale="fr")

        tools[f"polytypo {_version('polytypo')} (html, fr)"] = polytypo
    except Exception as error:
        missing["polytypo"] = f"{error.__class__.__name__}: {error}"

    try:
        from typogrify.filters import typogrify

        tools[f"typogrify {_version('typogrify')} (Pelican's TYPOGRIFY)"] = typogrify
    except Exception as error:
        missing["typogrify"] = f"{error.__class__.__name__}: {error}"
    return tools, missing


@dataclass
class PostsResult:
    mb_per_s: float | None = None
    seconds: float | None = None  # one pass over the posts done
    posts_done: int = 0
    posts_total: int = 0
    passes: int = 0
    changed: int = 0  # posts whose output differs from the input
    error: str = ""


@dataclass
class DocumentResult:
    points: list[tuple[int, float]] = field(default_factory=list)  # (bytes, seconds)
    full_bytes: int = 0
    exponent: float | None = None  # time ~ size^exponent between the last two points
    # Whether the tool still edited the last article of the largest prefix it
    # did (a tool that stops fixing after some markup is fast for nothing).
    edits_end: bool | None = None
    error: str = ""

    @property
    def largest(self) -> tuple[int, float] | None:
        return self.points[-1] if self.points else None

    @property
    def complete(self) -> bool:
        return bool(self.points) and self.points[-1][0] >= self.full_bytes

    @property
    def mb_per_s(self) -> float | None:
        if not self.points:
            return None
        size, seconds = self.points[-1]
        return size / 1e6 / seconds if seconds > 0 else None

    @property
    def full_seconds(self) -> float | None:
        """Measured, or extrapolated from the growth between the last two points."""
        if not self.points:
            return None
        size, seconds = self.points[-1]
        if size >= self.full_bytes:
            return seconds
        exponent = self.exponent if self.exponent is not None else 1.0
        return seconds * (self.full_bytes / size) ** exponent


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def bench_posts(tool: Tool, posts: list[str], repeat: int, budget: float) -> PostsResult:
    total_bytes = [_size(p) for p in posts]
    result = PostsResult(posts_total=len(posts))
    rates, times = [], []
    spent = 0.0
    for repetition in range(repeat):
        if times and spent + times[-1] > budget:
            break  # another pass would overrun the budget: fewer repetitions
        done = size = 0
        started = time.perf_counter()
        try:
            for html, n_bytes in zip(posts, total_bytes, strict=True):
                out = tool(html)
                if repetition == 0 and out != html:
                    result.changed += 1
                done += 1
                size += n_bytes
                if spent + time.perf_counter() - started > budget:
                    break
        except Exception as error:
            result.error = f"{error.__class__.__name__}: {error}"
            return result
        elapsed = time.perf_counter() - started
        spent += elapsed
        rates.append(size / 1e6 / elapsed)
        times.append(elapsed)
        result.posts_done = done
        result.passes = len(times)
        if done < len(posts):
            break  # over budget: one partial pass is all there is
    result.mb_per_s = statistics.median(rates)
    result.seconds = statistics.median(times)
    return result


def bench_document(tool: Tool, parts: list[str], budget: float) -> DocumentResult:
    """Time growing prefixes of the document, within ``budget`` seconds in all."""
    full = "".join(parts)
    result = DocumentResult(full_bytes=_size(full))
    targets = [result.full_bytes // 2**k for k in (4, 3, 2, 1)] + [result.full_bytes]
    spent = 0.0
    for target in targets:
        prefix, size = [], 0
        for part in parts:
            if size >= target:
                break
            prefix.append(part)
            size += _size(part)
        text = "".join(prefix)
        if result.points:
            last_size, last_seconds = result.points[-1]
            exponent = max(result.exponent or 1.0, 1.0)
            predicted = last_seconds * (size / last_size) ** exponent
            if spent + predicted > budget:
                break
        started = time.perf_counter()
        try:
            out = tool(text)
        except Exception as error:
            result.error = f"{error.__class__.__name__}: {error}"
            break
        seconds = time.perf_counter() - started
        spent += seconds
        if result.points:
            last_size, last_seconds = result.points[-1]
            if last_seconds > 0.02 and size > last_size:
                result.exponent = math.log(seconds / last_seconds) / math.log(size / last_size)
        result.points.append((size, seconds))
        last_in = prefix[-1].split(">", 1)[1]  # the last article, without its <article id>
        result.edits_end = out.rfind(last_in) != len(out) - len(last_in)
    return result


@dataclass
class TypographyResult:
    posts: int
    posts_bytes: int
    document_bytes: int
    by_tool: dict[str, tuple[PostsResult, DocumentResult]] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    budget: float = 0.0


def run_typography(
    n_posts: int,
    repeat: int,
    seed: int,
    clock: Clock,
    budget: float = 60.0,
    document_bytes: int = 2_000_000,
    only: str = "",
) -> TypographyResult:
    posts = corpus.html_posts(n_posts, seed)
    parts = corpus.document_parts(posts, document_bytes)
    result = TypographyResult(
        posts=len(posts),
        posts_bytes=sum(_size(p) for p in posts),
        document_bytes=sum(_size(p) for p in parts),
        budget=budget,
    )
    tools, result.missing = load_tools()
    if only:  # e.g. "newsclean": the tools whose name starts so
        tools = {name: tool for name, tool in tools.items() if name.startswith(only)}
    clock.say(
        f"typography: {len(posts)} posts ({result.posts_bytes / 1e6:.2f} MB), "
        f"document {result.document_bytes / 1e6:.2f} MB; tools: {', '.join(tools)}"
        + (f"; unavailable: {', '.join(result.missing)}" if result.missing else "")
    )
    for name, tool in tools.items():
        on_posts = bench_posts(tool, posts, repeat, budget)
        on_document = bench_document(tool, parts, budget)
        result.by_tool[name] = (on_posts, on_document)
        largest = on_document.largest
        clock.say(
            f"  {name}: posts {on_posts.mb_per_s or 0:.2f} MB/s"
            f" ({on_posts.posts_done}/{on_posts.posts_total})"
            + (f"; document {largest[0] / 1e6:.2f} MB in {largest[1]:.2f} s" if largest else "")
            + ("; left the end of the document unedited" if on_document.edits_end is False else "")
            + (
                f"; ERROR {on_posts.error or on_document.error}"
                if on_posts.error or on_document.error
                else ""
            )
        )
    return result
