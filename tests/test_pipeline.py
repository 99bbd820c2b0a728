"""The per-post pipeline: stage order, failures, and the cache of cleaned texts."""

from __future__ import annotations

import pytest

from pelican_newsclean import dedup
from pelican_newsclean.cache import ResultCache
from pelican_newsclean.pipeline import PostText, StageTimes, clean_post, text_cache_fingerprint
from pelican_newsclean.settings import load_settings

REPEATED = (
    "Le conseil municipal de Lyon a voté jeudi soir un budget de 812 millions d'euros "
    "pour l'année prochaine, en hausse de trois pour cent."
)
POST = PostText(
    content=(
        f"<p>{REPEATED}</p><p>L'opposition dénonce «un budget d'affichage»!</p><p>{REPEATED}</p>"
    ),
    title="Budget: «voté»",
    summary="<p>Un «budget»!</p>",
    source="budget.md",
)
SETTINGS = load_settings({})


def text_cache(folder, settings=SETTINGS):
    return ResultCache(folder, "text", text_cache_fingerprint(settings))


def test_dedup_runs_before_typography_and_both_report():
    cleaned, report = clean_post(POST, SETTINGS)
    assert cleaned.content.count("812 millions") == 1
    assert "«\u00a0un budget" in cleaned.content
    assert report.changes[0].stage == "dedup"
    assert {c.stage for c in report.changes} == {"dedup", "typography"}


def test_a_cached_post_comes_back_identical_without_running_the_stages(tmp_path, monkeypatch):
    first_cache = text_cache(tmp_path)
    cleaned, report = clean_post(POST, SETTINGS, cache=first_cache)
    first_cache.save()

    def must_not_run(*args, **kwargs):
        raise AssertionError("the dedup stage ran on a cached post")

    monkeypatch.setattr(dedup, "strip_repeated_paragraphs", must_not_run)
    cache = text_cache(tmp_path)
    times = StageTimes()
    again, report_again = clean_post(POST, SETTINGS, cache=cache, times=times)
    assert again == cleaned
    assert report_again.changes == report.changes
    assert report_again.source == "budget.md" and report_again.errors == []
    assert cache.hits == 1 and "dedup" not in times.seconds


@pytest.mark.parametrize(
    "changed",
    [
        {"content": POST.content + "<p>Un paragraphe de plus.</p>"},
        {"title": "Un autre titre"},
        {"summary": None},
        {"lang": "en"},
        {"skip": frozenset({"typography"})},
    ],
)
def test_any_change_of_the_post_is_a_miss(tmp_path, changed):
    from dataclasses import replace

    cache = text_cache(tmp_path)
    clean_post(POST, SETTINGS, cache=cache)
    other = replace(POST, **changed)
    cleaned, _ = clean_post(other, SETTINGS, cache=cache)
    assert cache.hits == 0
    assert cleaned == clean_post(other, SETTINGS)[0]


def test_other_settings_or_boilerplate_are_a_miss(tmp_path):
    cache = text_cache(tmp_path)
    clean_post(POST, SETTINGS, cache=cache)
    cache.save()
    narrow = load_settings({"typography": {"guillemet_space": "narrow"}})
    cleaned, _ = clean_post(POST, narrow, cache=text_cache(tmp_path, narrow))
    assert "«\u202fun budget" in cleaned.content
    cache = text_cache(tmp_path)
    clean_post(POST, SETTINGS, cache=cache, boilerplate=frozenset({"x"}))
    assert cache.hits == 0


def test_a_failed_stage_is_not_cached(tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise ValueError("broken")

    monkeypatch.setattr(dedup, "strip_repeated_paragraphs", boom)
    cache = text_cache(tmp_path)
    _, report = clean_post(POST, SETTINGS, cache=cache)
    assert report.errors
    monkeypatch.undo()
    cleaned, report = clean_post(POST, SETTINGS, cache=cache)
    assert cache.hits == 0 and not report.errors
    assert cleaned.content.count("812 millions") == 1


@pytest.mark.parametrize(
    "stored",
    [
        None,
        [],
        {"content": "x"},
        {"content": 1, "title": "", "summary": None, "changes": []},
        # An entry of an earlier format: no headline nor description.
        {"content": "x", "title": "", "summary": None, "changes": []},
    ],
)
def test_a_malformed_entry_is_a_miss(tmp_path, stored):
    cache = text_cache(tmp_path)
    from pelican_newsclean.pipeline import _cache_text

    cache.put(_cache_text(POST, frozenset()), stored)
    cleaned, _ = clean_post(POST, SETTINGS, cache=cache)
    assert cleaned == clean_post(POST, SETTINGS)[0]


@pytest.mark.parametrize(
    "tail",
    ["", " du centre-ville", " du vieux centre de Lyon", " du centre de la ville", " de la ville"],
)
def test_a_repeat_too_short_to_remove_stays_so_after_typography(tail):
    """14h30 -> 14 h 30 and 20km -> 20 km lengthen a paragraph: it must not cross the
    min_chars / min_words line on the second run (found by test_properties)."""
    paragraph = f"<p>Rendez-vous à 14h30 à 20km{tail}.</p>"
    post = PostText(content=paragraph + "<p>Un autre paragraphe.</p>" + paragraph)
    once, _ = clean_post(post, SETTINGS)
    twice, _ = clean_post(once, SETTINGS)
    assert twice.content == once.content


LONG_LINE = " ".join(f"mot{number}" for number in range(100))  # 489 characters


@pytest.mark.parametrize(
    ("content", "title", "summary", "headline", "description"),
    [
        (
            "<p>Premier «point».</p><p>Suite.</p>",
            "Un <em>titre</em>",
            None,
            "Un titre",
            "Premier « point ».",  # one line, spaces folded as in every excerpt
        ),
        ("<pre>code</pre><p>Après le code.</p>", "T", None, "T", "Après le code."),
        ("<p>Corps.</p>", "T", "<p>Le résumé!</p><p>Suite</p>", "T", "Le résumé !"),
        (
            "<p>" + LONG_LINE + "</p>",
            "T",
            None,
            "T",
            LONG_LINE[: LONG_LINE.rindex(" ", 0, 299)] + "…",
        ),
        ("", "", None, "", ""),
    ],
)
def test_a_cleaned_post_carries_its_headline_and_description(
    content, title, summary, headline, description
):
    """What JSON-LD says of a post, read from its cleaned texts where it was cleaned."""
    cleaned, _ = clean_post(PostText(content=content, title=title, summary=summary), SETTINGS)
    assert (cleaned.headline, cleaned.description) == (headline, description)


@pytest.mark.parametrize(
    "changes",
    ["[[1, 2", [[1, 2]], [["typography", "quotes", "a", "b", "", "not a dict"]], None],
)
def test_an_entry_with_unreadable_changes_is_a_miss(tmp_path, changes):
    cache = text_cache(tmp_path)
    cleaned, report = clean_post(POST, SETTINGS, cache=cache)
    from pelican_newsclean.pipeline import _cache_text, _stored

    entry = _stored(cleaned, report)
    cache.put(_cache_text(POST, frozenset()), {**entry, "changes": changes})
    times = StageTimes()
    again, report_again = clean_post(POST, SETTINGS, cache=cache, times=times)
    assert again == cleaned and "dedup" in times.seconds  # cleaned again
    assert report_again.changes == report.changes
