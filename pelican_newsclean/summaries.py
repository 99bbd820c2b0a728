"""Index summaries counted in the words a French reader counts.

Pelican cuts a post without a ``Summary:`` after ``SUMMARY_MAX_LENGTH`` words,
and its word pattern (``\\w[\\w'-]*``) keeps ``d'un`` in one word but splits
``d’un`` in two: once the typography stage curls apostrophes, every summary
got shorter. :func:`truncate_counting_elisions` runs Pelican's own truncation
on a copy where ``’`` reads as ``'`` (one character for one, so the cut falls
at the same place) and gives back the original characters.

    >>> def three_words(html):  # as Pelican's truncate_html_words(html, 3) cuts
    ...     return " ".join(html.split()[:3]) + " …"
    >>> truncate_counting_elisions("l’arrivée d’un train en gare", three_words)
    'l’arrivée d’un train …'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Apostrophes the typography stage writes, which Pelican does not read as part of a word.
_CURLED = ("\u2019", "\u02bc")


def _straighten(text: str) -> str:
    # str.replace, not str.translate: translate looks every character up in its
    # table one by one, which made summaries a visible share of a site's build.
    for apostrophe in _CURLED:
        text = text.replace(apostrophe, "'")
    return text


def truncate_counting_elisions(content: str, truncate: Callable[[str], str]) -> str:
    """``truncate(content)`` with ``’`` counted inside a word as ``'`` is.

    ``truncate`` must keep a prefix of its input and may add text after it
    (an ellipsis, closing tags), as Pelican's summary truncation does.
    """
    masked = _straighten(content)
    if masked == content:
        return truncate(content)
    cut = truncate(masked)
    kept = _common_prefix_length(cut, masked)  # the rest of the cut is what it added
    return content[:kept] + cut[kept:]


def _common_prefix_length(left: str, right: str) -> int:
    """How many first characters ``left`` and ``right`` share.

    A binary search on slice comparisons (done in C), not a loop over characters:
    summaries are cut from every post of a site.

    >>> _common_prefix_length("l'arrivée …", "l'arrivée d'un train"), _common_prefix_length("", "a")
    (10, 0)
    """
    low, high = 0, min(len(left), len(right))
    while low < high:
        middle = (low + high + 1) // 2
        if left[:middle] == right[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


@dataclass(frozen=True)
class PelicanSummary:
    """Pelican's summary steps on a content HTML (its ``get_summary`` without the
    metadata test), with words counted by :func:`truncate_counting_elisions`.
    Pelican's functions are given (this module does not import Pelican); they
    are module-level functions, so this pickles with the article that holds it
    (Pelican's content cache pickles articles)."""

    max_paragraphs: int | None
    max_words: int | None
    end_suffix: str
    truncate_paragraphs: Callable[[str, int], str]
    truncate_words: Callable[[str, int, str], str]
    strip_toc: Callable[[str], str] | None

    def __call__(self, content: str) -> str:
        if self.max_paragraphs is not None:
            content = self.truncate_paragraphs(content, self.max_paragraphs)
        if self.max_words is not None:
            words, suffix = self.max_words, self.end_suffix
            content = truncate_counting_elisions(
                content, lambda html: self.truncate_words(html, words, suffix)
            )
        return self.strip_toc(content) if self.strip_toc else content


class FrenchSummary:
    """Set as an article's ``get_summary``: ``summarize`` (a :class:`PelicanSummary`)
    of the article's content; an explicit ``summary`` in the metadata wins, as in
    Pelican. One result per site URL, as Pelican memoises it."""

    def __init__(self, article: Any, summarize: Callable[[str], str]) -> None:
        self.article = article
        self.summarize = summarize
        self.by_siteurl: dict[str, str] = {}

    def __call__(self, siteurl: str) -> str:
        metadata = self.article.metadata
        if "summary" in metadata:
            return metadata["summary"]
        summary = self.by_siteurl.get(siteurl)
        if summary is None:
            content = self.article.get_content(siteurl)
            summary = self.by_siteurl[siteurl] = self.summarize(content)
        return summary
