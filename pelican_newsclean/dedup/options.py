"""The dedup stage's settings: the options a site sets, and the values read per post."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from ..options import Section, fraction, list_of_str, non_negative, option, percentage, positive

STAGE = "dedup"


def _ngram_size(value: Any) -> bool:
    return 2 <= value <= 12


def _at_least_two(value: Any) -> bool:
    return value >= 2


def _metadata_filter(value: Any) -> bool:
    return all(
        isinstance(k, str) and isinstance(v, list | tuple) and list_of_str(v)
        for k, v in value.items()
    )


def _boilerplate_posts(value: Any) -> bool:
    return value == 0 or value >= 3


def _fraction_on_percent_scale(value: float) -> bool:
    return value <= 1


@dataclass(frozen=True)
class DedupSettings(Section):
    """``NEWSCLEAN["dedup"]``: which paragraphs count as repeats, and on which posts."""

    enabled: bool = option(
        True,
        "Run the dedup stage.",
    )
    min_chars: int = option(
        50,
        "Paragraphs shorter than this many characters are never removed on their own"
        " (a passage pasted again takes its short lines along).",
        check=positive,
        accepted="an integer >= 1",
    )
    min_words: int = option(
        8,
        "Paragraphs with fewer words than this are never removed on their own"
        " (a passage pasted again takes its short lines along).",
        check=positive,
        accepted="an integer >= 1",
    )
    containment: float = option(
        0.8,
        "Word n-gram containment in the kept text above which a paragraph is a near repeat.",
        check=fraction,
        accepted="a number between 0 and 1",
    )
    similarity: float = option(
        90.0,
        "rapidfuzz ratio with one earlier paragraph above which it is a near repeat.",
        check=percentage,
        accepted="a number between 0 and 100",
        doubt=_fraction_on_percent_scale,
        doubt_why="similarity is on a 0-100 scale: at this value almost any two "
        "paragraphs count as near repeats (90 is the default)",
    )
    ngram: int = option(
        5,
        "Word n-gram size of the containment measure (paragraphs of fewer than "
        "ngram + 3 words are compared by similarity only).",
        check=_ngram_size,
        accepted="an integer from 2 to 12",
    )
    remove_title_headings: bool = option(
        False,
        "Also remove headings (h1-h6) whose text is the post title.",
    )
    boilerplate_min_posts: int = option(
        0,
        "Remove a paragraph from every post when its text appears in at least this "
        "many posts of the site; 0 switches the site-wide pass off.",
        check=_boilerplate_posts,
        accepted="0 (off) or an integer >= 3: a paragraph shared by two posts is "
        "never enough to call it boilerplate",
    )
    sentence_repeats: bool = option(
        True,
        "Reduce a long sentence (or run of sentences) written twice in a row inside "
        "one paragraph to one copy.",
    )
    only_categories: tuple[str, ...] = option(
        [],
        "Run dedup only on articles of these Pelican categories (names or slugs, any case; "
        "pages have none); empty: on every post. With only_metadata, a post qualifies by "
        "either.",
        check=list_of_str,
        accepted="a list of category names",
    )
    only_metadata: Mapping[str, tuple[str, ...]] = option(
        {},
        "Run dedup only on posts whose front matter gives one of the listed values for a "
        'key, e.g. {"type": ["dépêche", "brève"]} (any case); empty: on every post.',
        check=_metadata_filter,
        accepted="a dict of metadata names to lists of values",
    )
    fuller_copy_added_words: int = option(
        12,
        "A later copy of a paragraph that adds at most this many words to it (and no "
        "more than a third of it) is a repeat: the earlier paragraph takes the fuller "
        "wording and the copy goes; 0 keeps both.",
        check=non_negative,
        accepted="an integer >= 0",
    )
    keep_structured_repeats: bool = option(
        True,
        "Keep an isolated repeat inside a list, a dialogue, a poem, a quote, a caption or "
        "a heading when the block it repeats has the same part (shared steps, refrains, "
        "attributions), and a reminder: a part of one earlier block said again, away from "
        "it and alone; off, such repeats go like any other.",
    )
    long_repeat_chars: int = option(
        250,
        "A repeated block with a line this long (in characters) goes even inside a list, "
        "dialogue, poem or quote: a long text is rarely repeated on purpose.",
        check=positive,
        accepted="an integer >= 1",
    )
    verse_line_chars: int = option(
        60,
        "Lines up to this many characters, several in a block or one per block among "
        "others like it, read as verse (a poem, a song, a refrain).",
        check=positive,
        accepted="an integer >= 1",
    )
    copied_run_blocks: int = option(
        2,
        "Consecutive repeated blocks, in the order of the blocks they repeat, that make "
        "a copied passage when they cover a whole list or quote, or take a block along "
        "that would go on its own.",
        check=_at_least_two,
        accepted="an integer >= 2",
    )
    long_copied_run_blocks: int = option(
        4,
        "Consecutive repeated blocks, in the order of the blocks they repeat, that make "
        "a copied passage wherever they are (a refrain is rarely this long).",
        check=_at_least_two,
        accepted="an integer >= 2",
    )


OPTIONS = DedupSettings.options()


@dataclass(frozen=True, slots=True)
class Options:
    """The options read for every paragraph, read once per post.

    A settings section answers each read through ``__getattr__`` (an exception
    raised and caught first): too slow for a per-paragraph loop.
    """

    ngram: int
    min_chars: int
    min_words: int
    containment: float
    sentence_repeats: bool
    remove_title_headings: bool
    fuller_copy_added_words: int
    keep_structured_repeats: bool
    long_repeat_chars: int
    verse_line_chars: int
    copied_run_blocks: int
    long_copied_run_blocks: int

    @classmethod
    def of(cls, settings: Any) -> Options:
        return cls(*(getattr(settings, f.name) for f in fields(cls)))


def applies_to(settings: Any, categories: Iterable[str], metadata: Mapping[str, Any]) -> bool:
    """Whether the dedup stage runs on a post of ``categories`` (its category's name
    and slug) with front matter ``metadata``, under ``only_categories`` and
    ``only_metadata``.

    >>> from pelican_newsclean.settings import load_settings
    >>> news = load_settings({"dedup": {"only_categories": ["Actualités"]}}).dedup
    >>> applies_to(news, ["actualités", "actualites"], {}), applies_to(news, ["Poésie"], {})
    (True, False)
    >>> typed = load_settings({"dedup": {"only_metadata": {"type": ["dépêche"]}}}).dedup
    >>> applies_to(typed, [], {"type": "Dépêche"}), applies_to(typed, [], {})
    (True, False)
    """
    wanted_categories = {name.casefold() for name in settings.only_categories}
    wanted_metadata = settings.only_metadata
    if not wanted_categories and not wanted_metadata:
        return True
    if any(str(name).casefold() in wanted_categories for name in categories):
        return True
    for key, values in wanted_metadata.items():
        value = metadata.get(key)
        given = value if isinstance(value, list | tuple) else [] if value is None else [value]
        if {str(v).casefold() for v in given} & {v.casefold() for v in values}:
            return True
    return False
