"""The candidate filter (dedup/candidates.py) rules out only blocks no rule could remove.

Each case runs twice: with the filter, and with every block marked as a
possible repeat (what the stage did before the filter). Output and report
must be the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.bench_dedup import make_post
from pelican_newsclean.dedup import stage, strip_repeated_paragraphs
from pelican_newsclean.dedup.candidates import number_words
from pelican_newsclean.dedup.options import Options
from pelican_newsclean.settings import load_settings

DATA = Path(__file__).parent / "data" / "dedup"
SETTINGS = load_settings({}).dedup
BASE = (
    "<p>Le bilan de l'accident survenu sur l'autoroute A7 s'élève à 12 morts et une "
    "trentaine de blessés, selon la préfecture du Rhône.</p>\n"
)


def _units(source: str, **settings):
    return stage.prepare_units(source, Options.of(load_settings({"dedup": settings}).dedup))


def _all_possible(units, added_words):
    for unit in units:
        unit.may_repeat = True


def _result(source: str, settings, title: str = ""):
    result = strip_repeated_paragraphs(source, settings, title=title)
    return result.html, [
        (c.rule, c.where, c.before, sorted(c.detail.items())) for c in result.changes
    ]


def _cases():
    for name in ("remove.json", "keep.json", "real_posts.json", "known_failures.json"):
        for case in json.loads((DATA / name).read_text(encoding="utf-8")):
            yield case["html"], case.get("title", "")
    yield (DATA / "seed-article.txt").read_text(encoding="utf-8"), ""
    text = BASE[3:-5]
    for copy in (
        f"Lyon, 4 mars 2024 (AFP) - {text}",  # a dateline: new figures, still a copy
        f"{text} (AFP)",
        text.replace("12 morts", "12 morts, dont 3 enfants,"),  # a fuller copy
        text.replace("12 morts", "15 morts"),
    ):
        other = "<p>Un autre paragraphe, sans rapport avec le premier, suit ici.</p>\n"
        yield f"{BASE}{other}<p>{copy}</p>\n", ""
    for size in (3, 8, 20, 60):
        for seed in range(1, 6):
            yield make_post(size, seed, 0.5), ""


SETTING_VARIANTS = (
    {},
    {"ngram": 2, "containment": 0.3, "similarity": 50.0},
    {"fuller_copy_added_words": 40, "min_words": 2, "min_chars": 5},
    {"keep_structured_repeats": False, "sentence_repeats": False, "fuller_copy_added_words": 0},
)


@pytest.mark.parametrize("variant", SETTING_VARIANTS, ids=str)
def test_the_filter_changes_no_decision(monkeypatch, variant):
    settings = load_settings({"dedup": variant}).dedup
    cases = list(_cases())
    filtered = [_result(html, settings, title) for html, title in cases]
    monkeypatch.setattr(stage, "mark_possible_repeats", _all_possible)
    assert [_result(html, settings, title) for html, title in cases] == filtered


def test_a_copy_with_a_new_figure_is_ruled_out():
    # The first block's figures are new too: nothing comes before it.
    units = _units(BASE + BASE.replace("12 morts", "15 morts"))
    assert [u.may_repeat for u in units] == [False, False]
    # Its figures read before: it may repeat (a typo fixed, say).
    units = _units(BASE + BASE.replace("trentaine", "trentaien"))
    assert units[1].may_repeat


def test_an_agency_credit_keeps_a_new_figure_possible():
    copy = BASE.replace("selon la préfecture du Rhône.", "selon la préfecture. Lyon, 4 mars (AFP)")
    assert _units(BASE + copy)[1].may_repeat


def test_a_fuller_copy_with_a_new_figure_stays_possible():
    fuller = BASE.replace("12 morts", "12 morts, dont 3 enfants,")
    units = _units(BASE + fuller)
    assert units[1].may_repeat
    assert [c.rule for c in strip_repeated_paragraphs(BASE + fuller, SETTINGS).changes] == [
        "fuller-copy"
    ]
    # Too long an addition for a fuller copy: nothing could remove it.
    longer = BASE.replace("12 morts", "12 morts, " + "dont 3 enfants et " * 4)
    assert not _units(BASE + longer)[1].may_repeat


def test_number_words():
    assert number_words("le 14h30 de la rue 12 bis xixe 2e".split()) == {"14h30", "12", "2e"}
