"""Real French texts with repeats made on purpose (tests/data/dedup/real_posts.json).

Each case names its source and licence: procedures sharing a step, dialogues,
songs and poems with refrains, quotes with their attributions. Nothing may be
removed from them, even with every line long enough to go; pasted twice (a
scraped copy), the copy goes whole; with the seed dispatch scraped in after
them, the dispatch's repeats go and the text stays; and each would lose a block
without the structure signals, so that these tests can fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pelican_newsclean.dedup import strip_repeated_paragraphs
from pelican_newsclean.settings import load_settings

from .test_dedup import render_markdown, seed_paragraphs

POSTS = json.loads(
    (Path(__file__).parent / "data" / "dedup" / "real_posts.json").read_text(encoding="utf-8")
)
IDS = [post["name"] for post in POSTS]
# Every block long enough to be removed: the short lines of a poem or a play too.
EVERY_LINE = {"min_chars": 1, "min_words": 1}


@pytest.mark.parametrize("post", POSTS, ids=IDS)
def test_source_and_licence_are_named(post):
    assert post["source"] and post["licence"] and post["layout"]


@pytest.mark.parametrize("settings", [{}, EVERY_LINE], ids=["defaults", "every line"])
@pytest.mark.parametrize("post", POSTS, ids=IDS)
def test_nothing_is_removed(post, settings):
    result = strip_repeated_paragraphs(post["html"], load_settings({"dedup": settings}).dedup)
    assert result.changes == ()
    assert result.html == post["html"]


@pytest.mark.parametrize("post", POSTS, ids=IDS)
def test_the_post_pasted_twice_loses_its_copy(post):
    settings = load_settings({"dedup": EVERY_LINE}).dedup
    result = strip_repeated_paragraphs(post["html"] + post["html"], settings)
    assert result.html == post["html"]
    for change in result.changes:
        _explained_as_a_copy(change)


@pytest.mark.parametrize("post", POSTS, ids=IDS)
def test_a_scraped_dispatch_after_the_text_loses_its_repeats_only(post):
    lines = seed_paragraphs()
    dispatch = render_markdown("\n\n".join(lines)) + "\n"
    once = render_markdown("\n\n".join(dict.fromkeys(lines))) + "\n"
    result = strip_repeated_paragraphs(post["html"] + dispatch, load_settings({}).dedup)
    assert result.html == post["html"] + once
    assert [c.rule for c in result.changes] == ["exact-repeat"] * 4
    for change in result.changes:
        _explained_as_a_copy(change)


def _explained_as_a_copy(change):
    """The reason names the block repeated and the passage pasted again, as an editor says it."""
    why = change.detail["why"]
    assert why.startswith(f"Repeats block {change.detail['repeats_position']}")
    assert "pasted again in the order of blocks" in why


@pytest.mark.parametrize("post", POSTS, ids=IDS)
def test_without_the_structure_signals_a_repeat_would_go(post):
    settings = load_settings({"dedup": {**EVERY_LINE, "keep_structured_repeats": False}}).dedup
    assert strip_repeated_paragraphs(post["html"], settings).changes
