"""The dedup stage's settings: the options a site sets, and the values read per post."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ..settings import Option, fraction, non_negative, percentage, positive

STAGE = "dedup"


def _ngram_size(value: Any) -> bool:
    return 2 <= value <= 12


def _at_least_two(value: Any) -> bool:
    return value >= 2


def _boilerplate_posts(value: Any) -> bool:
    return value == 0 or value >= 3


OPTIONS: tuple[Option, ...] = (
    Option("enabled", True, "Run the dedup stage.", bool),
    Option(
        "min_chars",
        50,
        "Paragraphs shorter than this many characters are never removed.",
        int,
        check=positive,
        accepted="an integer >= 1",
    ),
    Option(
        "min_words",
        8,
        "Paragraphs with fewer words than this are never removed.",
        int,
        check=positive,
        accepted="an integer >= 1",
    ),
    Option(
        "containment",
        0.8,
        "Word n-gram containment in the kept text above which a paragraph is a near repeat.",
        (int, float),
        check=fraction,
        accepted="a number between 0 and 1",
    ),
    Option(
        "similarity",
        90.0,
        "rapidfuzz ratio with one earlier paragraph above which it is a near repeat.",
        (int, float),
        check=percentage,
        accepted="a number between 0 and 100",
    ),
    Option(
        "ngram",
        5,
        "Word n-gram size of the containment measure (paragraphs of fewer than "
        "ngram + 3 words are compared by similarity only).",
        int,
        check=_ngram_size,
        accepted="an integer from 2 to 12",
    ),
    Option(
        "remove_title_headings",
        False,
        "Also remove headings (h1-h6) whose text is the post title.",
        bool,
    ),
    Option(
        "boilerplate_min_posts",
        0,
        "Remove a paragraph from every post when its text appears in at least this "
        "many posts of the site; 0 switches the site-wide pass off.",
        int,
        check=_boilerplate_posts,
        accepted="0 (off) or an integer >= 3: a paragraph shared by two posts is "
        "never enough to call it boilerplate",
    ),
    Option(
        "sentence_repeats",
        True,
        "Reduce a long sentence (or run of sentences) written twice in a row inside "
        "one paragraph to one copy.",
        bool,
    ),
    Option(
        "fuller_copy_added_words",
        12,
        "A later copy of a paragraph that adds at most this many words to it (and no "
        "more than a third of it) is a repeat: the earlier paragraph takes the fuller "
        "wording and the copy goes; 0 keeps both.",
        int,
        check=non_negative,
        accepted="an integer >= 0",
    ),
    Option(
        "keep_structured_repeats",
        True,
        "Keep an isolated repeat inside a list, a dialogue, a poem, a quote, a caption or "
        "a heading when the block it repeats has the same part (shared steps, refrains, "
        "attributions); off, such repeats go like any other.",
        bool,
    ),
    Option(
        "long_repeat_chars",
        250,
        "A repeated block with a line this long (in characters) goes even inside a list, "
        "dialogue, poem or quote: a long text is rarely repeated on purpose.",
        int,
        check=positive,
        accepted="an integer >= 1",
    ),
    Option(
        "verse_line_chars",
        60,
        "Lines up to this many characters, several in a block or one per block among "
        "others like it, read as verse (a poem, a song, a refrain).",
        int,
        check=positive,
        accepted="an integer >= 1",
    ),
    Option(
        "copied_run_blocks",
        2,
        "Consecutive repeated blocks, in the order of the blocks they repeat, that make "
        "a copied passage when they cover a whole list or quote, or take a block along "
        "that would go on its own.",
        int,
        check=_at_least_two,
        accepted="an integer >= 2",
    ),
    Option(
        "long_copied_run_blocks",
        4,
        "Consecutive repeated blocks, in the order of the blocks they repeat, that make "
        "a copied passage wherever they are (a refrain is rarely this long).",
        int,
        check=_at_least_two,
        accepted="an integer >= 2",
    ),
)


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
