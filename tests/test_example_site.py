"""The example site builds with the plugin and shows what the plugin does."""

from __future__ import annotations

import re

from .conftest import EXAMPLE_SITE, SEED_ARTICLE


def visible_paragraphs(html: str) -> list[str]:
    body = html.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    return [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p>(.*?)</p>", body, re.S)]


def test_seed_post_shows_each_distinct_paragraph_once_in_order(example_output):
    html = (example_output / "delegation-russe-libye.html").read_text(encoding="utf-8")
    paragraphs = visible_paragraphs(html)
    seed_lines = SEED_ARTICLE.read_text(encoding="utf-8").splitlines()
    distinct = list(dict.fromkeys(seed_lines))
    assert len(distinct) == 5
    assert len(paragraphs) == 5

    def letters(text):
        return re.sub(r"\W", "", text)

    assert [letters(p) for p in paragraphs] == [letters(line) for line in distinct]


def test_seed_post_typography(example_output):
    html = (example_output / "delegation-russe-libye.html").read_text(encoding="utf-8")
    assert "«\u00a0coopération et coordination\u00a0»" in html
    assert "XI<sup>e</sup> Conférence" in html
    for word in ("l’Armée", "s’agit", "l’AFP"):
        assert word in html


def test_english_post_page_and_draft_are_built(example_output):
    assert (example_output / "lyon-ai-summit-en.html").exists()
    assert (example_output / "pages" / "a-propos.html").exists()
    assert (example_output / "drafts" / "festival-avignon-programmation.html").exists()
    assert not (example_output / "festival-avignon-programmation.html").exists()


def test_example_site_has_enough_french_posts():
    posts = list((EXAMPLE_SITE / "content").glob("*.md"))
    french = [p for p in posts if "Lang: en" not in p.read_text(encoding="utf-8")]
    assert len(french) >= 6


def test_seed_post_body_is_the_seed_verbatim():
    source = (EXAMPLE_SITE / "content" / "2023-08-22-delegation-russe-libye.md").read_text(
        encoding="utf-8"
    )
    body = source.split("\n\n", 1)[1]
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    assert [p.strip("\n") for p in paragraphs] == SEED_ARTICLE.read_text(
        encoding="utf-8"
    ).splitlines()


def test_the_panel_speaks_an_editors_words(example_output):
    html = (example_output / "delegation-russe-libye.html").read_text(encoding="utf-8")
    panel = html.split('<details class="newsclean-panel">', 1)[1].split("</details>", 1)[0]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", panel))
    assert "4 paragraphes répétés retirés" in text
    assert text.count("— répète le paragraphe") == 4
    assert "espaces insécables à l’intérieur des guillemets : 6" in text
    assert "<q>" not in panel  # the excerpts' own « » only, no browser quotes on top
    for jargon in ("exact-repeat", "key 1.0", "guillemet_space", "apostrophe :"):
        assert jargon not in text
