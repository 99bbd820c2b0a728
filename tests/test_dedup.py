"""The dedup stage, driven by cases kept as data (tests/data/dedup/*.json).

- ``remove.json``: posts with repeats; each gives the expected HTML and the rules.
- ``keep.json``: posts that must come out byte for byte unchanged.
- ``known_failures.json``: what the stage cannot do yet (strict xfail: a case
  that starts passing fails here, so it gets moved to ``remove.json``).
"""

from __future__ import annotations

import json
from pathlib import Path

import markdown
import pytest

from pelican_newsclean import dedup
from pelican_newsclean.dedup import comparison_key, strip_repeated_paragraphs
from pelican_newsclean.report import Change
from pelican_newsclean.settings import SettingsError, load_settings

DATA = Path(__file__).parent / "data" / "dedup"
SEED = Path(__file__).parent / "data" / "dedup" / "seed-article.txt"
RULES = {
    "exact-repeat",
    "near-repeat-containment",
    "near-repeat-similarity",
    "repeated-sentence",
    "boilerplate",
    "fuller-copy",
}
# Pelican 4's default MARKDOWN setting.
PELICAN_MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}


def load_cases(name: str) -> list[dict]:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def render_markdown(text: str) -> str:
    md = markdown.Markdown(
        extensions=list(PELICAN_MARKDOWN["extension_configs"]),
        extension_configs=PELICAN_MARKDOWN["extension_configs"],
        output_format=PELICAN_MARKDOWN["output_format"],
    )
    return md.convert(text)


def run_case(case: dict):
    settings = load_settings({"dedup": case.get("settings", {})}).dedup
    source = render_markdown(case["html"]) if case.get("markdown") else case["html"]
    boilerplate = frozenset(comparison_key(t) for t in case.get("boilerplate", []))
    if case.get("skip_boilerplate_check"):
        boilerplate = frozenset()
    result = strip_repeated_paragraphs(
        source, settings, title=case.get("title", ""), boilerplate=boilerplate
    )
    again = strip_repeated_paragraphs(
        result.html, settings, title=case.get("title", ""), boilerplate=boilerplate
    )
    return source, result, again


def ids(cases: list[dict]) -> list[str]:
    return [c["name"] for c in cases]


REMOVE = load_cases("remove")
KEEP = load_cases("keep")
KNOWN = load_cases("known_failures")


@pytest.mark.parametrize("case", REMOVE, ids=ids(REMOVE))
def test_repeats_are_removed(case):
    _, result, again = run_case(case)
    assert result.html == case["expect"]
    assert [c.rule for c in result.changes] == case["rules"]
    assert again.html == result.html and not again.changes  # idempotent


@pytest.mark.parametrize("case", KEEP, ids=ids(KEEP))
def test_posts_without_repeats_are_unchanged(case):
    source, result, _ = run_case(case)
    assert result.changes == ()
    assert result.html == source


@pytest.mark.parametrize("case", KNOWN, ids=ids(KNOWN))
@pytest.mark.xfail(strict=True, reason="known limitation, see known_failures.json")
def test_known_failures(case):
    _, result, _ = run_case(case)
    assert result.html == case["expect"]


DEVICES = [c for c in KEEP if "device" in c]


@pytest.mark.parametrize("case", DEVICES, ids=ids(DEVICES))
def test_repeats_made_on_purpose_go_when_the_setting_is_off(case):
    """Each intentional-repeat case would lose a block without the structure signals."""
    off = load_settings({"dedup": {"keep_structured_repeats": False}}).dedup
    assert strip_repeated_paragraphs(case["html"], off).changes


def test_a_long_repeat_goes_even_in_a_list():
    case = next(c for c in KEEP if c["name"] == "two procedures sharing their last steps")
    short = load_settings({"dedup": {"long_repeat_chars": 80}}).dedup
    result = strip_repeated_paragraphs(case["html"], short)
    # The 88-character step goes, and the step repeated right before it with it:
    # a run of repeats that takes along a block going on its own is a copied passage.
    assert [c.detail["position"] for c in result.changes] == [8, 9]


def test_case_names_are_unique():
    names = ids(REMOVE) + ids(KEEP) + ids(KNOWN)
    assert len(names) == len(set(names))


# -- the seed article -------------------------------------------------------


def seed_paragraphs() -> list[str]:
    return [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_seed_article_one_paragraph_per_line():
    lines = seed_paragraphs()
    source = render_markdown("\n\n".join(lines))
    result = strip_repeated_paragraphs(source, load_settings({}).dedup)
    kept = [line for line in result.html.split("\n") if line]
    distinct = list(dict.fromkeys(lines))
    assert len(distinct) == 5
    assert kept == [render_markdown(line) for line in distinct]
    assert [c.rule for c in result.changes] == ["exact-repeat"] * 4
    assert [c.detail["position"] for c in result.changes] == [6, 7, 8, 9]
    assert [c.detail["repeats_position"] for c in result.changes] == [2, 3, 4, 5]


def test_seed_article_as_one_markdown_paragraph():
    # Lines without blank lines between them: Markdown makes one <p>, in which
    # the four repeated paragraphs are a run of sentences written twice.
    lines = seed_paragraphs()
    source = render_markdown("\n".join(lines))
    result = strip_repeated_paragraphs(source, load_settings({}).dedup)
    assert result.html == render_markdown("\n".join(dict.fromkeys(lines)))
    assert [c.rule for c in result.changes] == ["repeated-sentence"]


# -- the report --------------------------------------------------------------


def test_change_records():
    p1 = "<p>Le conseil municipal a voté mardi soir la rénovation de la médiathèque.</p>\n"
    p2 = "<p>Les travaux devraient durer dix-huit mois et coûter quatre millions d'euros.</p>\n"
    result = strip_repeated_paragraphs(p1 + p2 + p1, load_settings({}).dedup)
    (change,) = result.changes
    assert isinstance(change, Change)
    assert change.stage == "dedup"
    assert change.rule == "exact-repeat"
    assert change.before.startswith("Le conseil municipal a voté")
    assert change.after == ""
    assert change.where == "block 3"
    assert change.detail == {
        "position": 3,
        "repeats": "Le conseil municipal a voté mardi soir la rénovation de la médiathèque.",
        "repeats_position": 1,
        "measure": "key",
        "value": 1.0,
        "why": "Repeats block 1 word for word.",
    }


def test_fuller_copy_report_names_the_wording_kept():
    case = next(c for c in REMOVE if c["name"] == "updated dispatch: words added in the copy")
    _, result, _ = run_case(case)
    (change,) = result.changes
    assert change.rule == "fuller-copy"
    assert (change.detail["position"], change.detail["repeats_position"]) == (3, 1)
    assert change.detail["added"] == "désormais parfois"
    assert change.detail["why"] == (
        "Repeats block 1 and adds 2 words (« désormais parfois »): block 1 now reads with "
        "this fuller wording, in its own place, and this copy goes."
    )


def test_every_removal_is_explained():
    for case in REMOVE:
        _, result, _ = run_case(case)
        assert all(c.detail["why"] for c in result.changes), case["name"]
    seed = render_markdown("\n\n".join(seed_paragraphs()))
    result = strip_repeated_paragraphs(seed, load_settings({}).dedup)
    assert result.changes[0].detail["why"] == (
        "Repeats block 2 word for word. It is one of blocks 6-9, pasted again in the order "
        "of blocks 2-5."
    )


@pytest.mark.parametrize(
    ("rule", "measure", "low", "high"),
    [("near-repeat-containment", "containment", 0.8, 1.0)],
)
def test_near_repeat_measure_is_reported(rule, measure, low, high):
    case = next(c for c in REMOVE if c["name"] == "trailing (AFP) on the copy")
    _, result, _ = run_case(case)
    (change,) = result.changes
    assert change.rule == rule
    assert change.detail["measure"] == measure
    assert low <= change.detail["value"] <= high
    assert change.detail["repeats_position"] == 1


def test_similarity_is_reported_as_ratio():
    case = next(c for c in REMOVE if "similarity" in c["name"])
    _, result, _ = run_case(case)
    (change,) = result.changes
    assert change.detail["measure"] == "ratio"
    assert 90 <= change.detail["value"] <= 100


def test_every_rule_is_covered_by_the_cases():
    assert {rule for case in REMOVE for rule in case["rules"]} == RULES


# -- settings ----------------------------------------------------------------


def test_options_declared():
    names = [o.name for o in dedup.OPTIONS]
    assert names == [
        "enabled",
        "min_chars",
        "min_words",
        "containment",
        "similarity",
        "ngram",
        "remove_title_headings",
        "boilerplate_min_posts",
        "sentence_repeats",
        "only_categories",
        "only_metadata",
        "fuller_copy_added_words",
        "keep_structured_repeats",
        "long_repeat_chars",
        "verse_line_chars",
        "copied_run_blocks",
        "long_copied_run_blocks",
    ]
    defaults = load_settings({}).dedup
    assert (defaults.ngram, defaults.boilerplate_min_posts) == (5, 0)
    assert defaults.remove_title_headings is False and defaults.sentence_repeats is True


@pytest.mark.parametrize(
    ("value", "message"),
    [(2, "a paragraph shared by two posts is never enough"), (1, ">= 3"), (-1, "0 (off)")],
)
def test_boilerplate_needs_three_posts(value, message):
    with pytest.raises(SettingsError, match="boilerplate_min_posts") as error:
        load_settings({"dedup": {"boilerplate_min_posts": value}})
    assert message in str(error.value)


@pytest.mark.parametrize(
    "raw",
    [
        {"ngram": 1},
        {"ngram": True},
        {"containment": 1.5},
        {"similarity": 101},
        {"min_chars": 0},
        {"only_categories": "Actualités"},
        {"only_metadata": {"type": "dépêche"}},
        {"copied_run_blocks": 1},
    ],
)
def test_bad_values_are_refused(raw):
    with pytest.raises(SettingsError):
        load_settings({"dedup": raw})


def test_disabled_stage_changes_nothing():
    p = "<p>Le conseil municipal a voté mardi soir la rénovation de la médiathèque.</p>"
    settings = load_settings({"dedup": {"enabled": False}}).dedup
    assert strip_repeated_paragraphs(p + p, settings).html == p + p


def test_sentence_repeats_can_be_switched_off():
    case = next(c for c in REMOVE if c["name"] == "sentence written twice in a row")
    settings = load_settings({"dedup": {"sentence_repeats": False}}).dedup
    assert strip_repeated_paragraphs(case["html"], settings).html == case["html"]


def test_thresholds_come_from_settings():
    case = next(c for c in REMOVE if c["name"] == "trailing (AFP) on the copy")
    strict = load_settings({"dedup": {"containment": 1.0, "similarity": 100}}).dedup
    assert strip_repeated_paragraphs(case["html"], strict).html == case["html"]
    few_words = load_settings({"dedup": {"min_words": 2, "min_chars": 5}}).dedup
    short = "<p>Le trafic reprend lundi.</p>\n<p>Le trafic reprend lundi.</p>\n"
    assert strip_repeated_paragraphs(short, few_words).html == "<p>Le trafic reprend lundi.</p>\n"


# -- site-wide boilerplate ---------------------------------------------------


def test_paragraph_keys_and_site_boilerplate():
    settings = load_settings({"dedup": {"boilerplate_min_posts": 3}}).dedup
    promo = (
        "<p>Abonnez-vous à notre lettre d'information pour recevoir l'essentiel de l'actualité.</p>"
    )
    posts = [
        promo + f"<p>Article numéro {n} : un texte assez long pour compter comme paragraphe.</p>"
        "<p>AFP</p>"
        for n in range(3)
    ]
    key_sets = [dedup.paragraph_keys(post, settings) for post in posts]
    assert all(len(keys) == 2 for keys in key_sets)  # "AFP" is too short to count
    common = dedup.site_boilerplate(key_sets, settings)
    assert common == {comparison_key(dedup.visible_text(promo))}
    assert dedup.site_boilerplate(key_sets[:2], settings) == frozenset()
    off = load_settings({}).dedup
    assert dedup.site_boilerplate(key_sets, off) == frozenset()
    cleaned = strip_repeated_paragraphs(posts[0], settings, boilerplate=common)
    assert promo not in cleaned.html
    assert [c.rule for c in cleaned.changes] == ["boilerplate"]
