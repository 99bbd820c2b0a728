"""The typography stage: French cases as data, the rule table, settings, report.

The cases live in ``tests/data/typography/*.json``: a case with an ``out``
(``in`` must become ``out``) or without (``in`` must come out as written),
each with the section of typography.md (or of issue 16) it covers and why. Every case also
runs on its own output (stable on correct text, so idempotent).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from pelican_newsclean import typography
from pelican_newsclean.html import Piece
from pelican_newsclean.settings import SettingsError, load_settings
from pelican_newsclean.typography import RULE_NAMES, RULES, fix_french_text, fix_typography
from pelican_newsclean.typography.protect import protected_spans

from .editable_text import Edit, EditableText

DATA = Path(__file__).parent / "data" / "typography"
NBSP, NNBSP = "\u00a0", "\u202f"


def load(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


# Every file holds cases of one kind or more: with "out", what "in" must
# become; without, an input that must come out as written.
ALL_CASES = [case for path in sorted(DATA.glob("*.json")) for case in load(path.name)]
CASES = [case for case in ALL_CASES if "out" in case]
UNCHANGED = [case for case in ALL_CASES if "out" not in case]


def case_id(case: dict) -> str:
    return f"{case['section']}: {case['why']}"


def fix(case: dict, source: str | None = None):
    settings = load_settings({"typography": case.get("settings", {})}).typography
    text = case["in"] if source is None else source
    return fix_typography(text, settings, lang=case.get("lang", "fr"))


def visible(text: str) -> str:
    return text.replace(NBSP, "⍽").replace(NNBSP, "·")


def test_the_case_files_cover_every_section_of_the_reference():
    sections = {c["section"] for c in CASES + UNCHANGED}
    assert {
        "characters",
        "where",
        "inline",
        "not-punctuation",
        "numbers",
        "quotes",
        "ordinals",
        "numero-titles",
        "dashes",
        "ellipsis",
        "apostrophes",
        "settings",
        "lang",
        "typogrify",
    } <= sections
    assert len(CASES) + len(UNCHANGED) >= 150


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_case(case):
    result = fix(case)
    assert visible(result.html) == visible(case["out"])
    assert result.changes, "a change must be reported"
    # Idempotent, and stable on the expected (correct) text.
    assert visible(fix(case, result.html).html) == visible(result.html)
    again = fix(case, case["out"])
    assert again.html == case["out"]
    assert not again.changes


@pytest.mark.parametrize("case", UNCHANGED, ids=case_id)
def test_unchanged(case):
    result = fix(case)
    assert visible(result.html) == visible(case["in"])
    assert not result.changes


@pytest.mark.parametrize("case", [c for c in CASES if not c.get("settings")], ids=case_id)
def test_output_with_spaces_written_as_references_is_left_alone(case):
    as_references = case["out"].replace(NBSP, "&nbsp;").replace(NNBSP, "&#8239;")
    result = fix(case, as_references)
    assert result.html == as_references
    assert not result.changes


# ---------------------------------------------------------------------------
# The report


def test_each_change_names_its_rule_and_where_it_is():
    source = "<p>Titre</p><p>l'été!</p><p>«Oui»</p>"
    result = fix_typography(source, load_settings({}).typography, lang="fr")
    found = [(c.stage, c.rule, c.where) for c in result.changes]
    assert found == [
        ("typography", "apostrophe", "block 2"),
        ("typography", "guillemet_space", "block 3"),
        ("typography", "guillemet_space", "block 3"),
        ("typography", "punctuation_space", "block 2"),
    ]
    apostrophe = result.changes[0]
    assert apostrophe.before == "l'été!"
    assert apostrophe.after == "l’été!"
    assert result.changes[-1].after == f"l’été{NNBSP}!"


def test_report_excerpts_are_short_and_show_markup_markers():
    long = "mot " * 60
    result = fix_typography(
        f"<p>{long}le XIe siècle {long}</p>", load_settings({}).typography, lang="fr"
    )
    [change] = result.changes
    assert change.rule == "ordinal"
    assert "XI<sup>e</sup>" in change.after
    assert len(change.before) <= 80 and len(change.after) <= 80


def test_fix_french_text_explains_plain_text():
    fixed, changes = fix_french_text('Il a dit "oui"!\nLa 2ème fois, l\'été: 12%.')
    assert fixed == (f"Il a dit «{NBSP}oui{NBSP}»{NNBSP}!\nLa 2e fois, l’été{NBSP}: 12{NBSP}%.")
    assert {c.rule for c in changes} == {
        "quotes",
        "punctuation_space",
        "ordinal",
        "apostrophe",
        "colon_space",
        "unit_space",
    }
    assert {c.where for c in changes} == {"line 1", "line 2"}


@pytest.mark.parametrize("source", ["<p>6$11:2L</p>", "<p>6$11:2km</p>", "<p>6$11:20000euros</p>"])
def test_the_end_of_a_score_is_neither_spaced_nor_grouped(source):
    # Spaced or grouped, "11:2" would read as a score on the next run, which
    # would mask it and then read the "$" before it as a unit.
    result = fix_typography(source, load_settings({}).typography, lang="fr")
    assert result.html == source and not result.changes


def test_a_number_after_a_prose_colon_keeps_its_unit_space():
    # Only digits right after "digit:" end a score; once the colon gets its
    # space, "20000 : 6$" must read the same as "20000:\u00a06$" did.
    settings = load_settings({}).typography
    once = fix_typography("<p>Score 20000:\u00a06$</p>", settings, lang="fr").html
    assert once == f"<p>Score 20000{NBSP}:{NBSP}6{NBSP}$</p>"
    assert fix_typography(once, settings, lang="fr").html == once


# ---------------------------------------------------------------------------
# The rule table and the settings


def test_rules_form_one_ordered_table_of_documented_units():
    assert len(set(RULE_NAMES)) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"[a-z_]+", rule.name)
        assert rule.matches and rule.writes and rule.why
        assert rule.find.__doc__ and "``" in rule.find.__doc__, rule.name


def test_every_option_is_declared_and_documented():
    names = [o.name for o in typography.OPTIONS]
    assert names == [
        "enabled",
        "language_min_words",
        "guillemet_space",
        "narrow_nbsp",
        "incise_dash",
        "ordinals",
        "skip_tags",
        "skip_class",
        "locale",
        "disabled_rules",
    ]
    assert all(o.doc for o in typography.OPTIONS)


def test_an_unknown_rule_name_is_rejected_with_the_valid_names():
    with pytest.raises(SettingsError) as error:
        load_settings({"typography": {"disabled_rules": ["apostrophes"]}})
    message = str(error.value)
    assert "disabled_rules" in message and "'apostrophes'" in message
    for name in RULE_NAMES:
        assert name in message


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"guillemet_space": "thin"}, ["'nbsp', 'narrow'"]),
        ({"incise_dash": "hyphen"}, ["'en', 'em'"]),
        ({"ordinals": "html"}, ["'sup', 'plain'"]),
        ({"locale": "fr-BE"}, ["'fr', 'fr-CA'"]),
        ({"skip_tags": "aside"}, ["a list"]),
        ({"skip_tags": [1]}, ["list of tag names"]),
        ({"narrow_nbsp": "yes"}, ["True or False"]),
    ],
)
def test_bad_values_are_rejected(raw, words):
    with pytest.raises(SettingsError) as error:
        load_settings({"typography": raw})
    for word in words:
        assert word in str(error.value)


def test_typogrify_advice_names_settings_pelican_has():
    from pelican.settings import DEFAULT_CONFIG

    for setting in re.findall(r"\b(TYPOGRIFY\w*)", typography.TYPOGRIFY_ADVICE):
        assert setting in DEFAULT_CONFIG, setting
    assert '"smartypants"' in typography.TYPOGRIFY_ADVICE


# ---------------------------------------------------------------------------
# Whole posts


def test_seed_article_rendered_by_markdown():
    import markdown

    from .conftest import SEED_ARTICLE as seed

    if not seed.exists():
        pytest.skip("seed article not available")
    source = markdown.markdown(seed.read_text(encoding="utf-8").replace("\n", "\n\n"))
    html = fix_typography(source, load_settings({}).typography, lang="fr").html
    assert f"«{NBSP}coopération et coordination{NBSP}»" in html
    assert "XI<sup>e</sup> Conférence" in html
    for word in ("l’Armée", "s’agit", "l’AFP"):
        assert word in html
    assert "'" not in re.sub(r"<[^>]*>", "", html)


def test_english_post_is_byte_identical():
    source = (
        '<p>"We cannot afford to fall behind," she said; "let\'s act!" '
        "See https://a.eu/?q=1 ... 12% - 1st &amp; 2nd</p><pre>x : y</pre>"
    )
    result = fix_typography(source, load_settings({}).typography, lang="en")
    assert result.html is source or result.html == source
    assert not result.changes


def test_markup_outside_edited_text_stays_byte_for_byte():
    source = (
        "<P CLASS='a'  data-x=\"l'été : «x» !\">l'été<BR/>"
        "<a href='https://x.fr/?a=1&amp;b=2'>ici</a>!</P><!-- «c» ! -->"
        "<pre><code>a : b ! 'c'</code></pre>"
    )
    html = fix_typography(source, load_settings({}).typography, lang="fr").html
    assert html == source.replace("l'été<BR", "l’été<BR").replace("</a>!", f"</a>{NNBSP}!")


# ---------------------------------------------------------------------------
# Speed and hostile input


@pytest.mark.parametrize(
    "source",
    [
        "<p>" + "!" * 1_000_000 + "</p>",
        "<p>a" + " " * 1_000_000 + "!</p>",
        "<p>" + "1" * 1_000_000 + " %</p>",
        "<p>" + '"' * 1_000_000 + "</p>",
        "<p>" + "12:30 " * 170_000 + "</p>",
    ],
    ids=["!", "spaces", "digits", "quotes", "times"],
)
def test_a_megabyte_of_one_thing_is_fixed_without_backtracking(source):
    started = time.process_time()
    result = fix_typography(source, load_settings({}).typography, lang="fr")
    # A guard against super-linear rules, not a speed test (that is `make bench`):
    # about 0.3 s on a quiet machine, hours if a rule backtracks.
    assert time.process_time() - started < 30
    assert re.sub(r"\W", "", result.html) == re.sub(r"\W", "", source)


def test_freezing_many_spans_over_many_pieces_is_linear():
    pieces = [Piece(f"à 12:{i % 60:02d} ! ", None, False) for i in range(20_000)]
    editable = EditableText(pieces)
    started = time.process_time()
    editable.freeze(protected_spans(editable.text))
    assert time.process_time() - started < 30  # quadratic: minutes
    assert editable.apply([Edit(7, 7, NNBSP)])  # the space before the first "!"


@pytest.mark.parametrize(
    "source",
    [
        "<p>«</p>",
        "<p>« « « » » »</p>",
        '<p>"""""</p>',
        "<p>" + "«»" * 1000 + "</p>",
        "<p>\u0301'\u0301 e\u0301'a ﬁ'ﬂ 𝐀'𝐁 ‮'‭ \u200b!\u200b</p>",
        "<p><em>a</p>b</em>!",
        "<p>a<b>c<i>d</b>e</i>!</p>",
        "<<p>>>!</p>",
        "<p>&amp;&lt;&gt;&quot;&#39;&nbsp;&#8239;&bogus;&#xZZ;</p>",
        '<p>"<span lang="en">a"</span>"</p>',
    ],
)
def test_odd_input_keeps_every_letter_and_digit_in_order(source):
    html = fix_typography(source, load_settings({}).typography, lang="fr").html

    def letters(text: str) -> str:
        import html as html_lib

        return "".join(c for c in html_lib.unescape(re.sub(r"<[^>]*>", "", text)) if c.isalnum())

    assert letters(html) == letters(source)
    assert fix_typography(html, load_settings({}).typography, lang="fr").html == html
