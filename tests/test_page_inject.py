"""JSON-LD and entity links reach article pages in themes that do not print them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader

from pelican_newsclean.page_inject import entity_links_html, with_entity_links, with_jsonld
from pelican_newsclean.pelican_hooks import TEMPLATES, EntityPage

from .conftest import post

JSONLD = '{"@context": "https://schema.org", "@type": "NewsArticle"}'
# One post per site here: every entity gets a page (and a link) from one mention.
ENTITIES_ON = {"entities": {"enabled": True, "min_posts": 1}}


def scripts_of(html: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)


def test_jsonld_goes_right_before_the_end_of_head():
    page = "<html><HEAD><title>t</title></Head >\n<body>x</body></html>"
    completed = with_jsonld(page, JSONLD)
    assert completed is not None
    head, body = completed.split("</Head >")
    assert scripts_of(head) == [JSONLD]
    assert body == "\n<body>x</body></html>"
    assert (
        completed.replace(f'\n<script type="application/ld+json">{JSONLD}</script>\n', "") == page
    )


@pytest.mark.parametrize(
    "page",
    [
        f'<html><head><script type="application/ld+json">{JSONLD}</script></head></html>',
        "<p>a fragment without head</p>",
    ],
    ids=["theme printed it", "no head"],
)
def test_jsonld_is_not_added_twice_nor_outside_a_head(page):
    assert with_jsonld(page, JSONLD) is None


def test_entity_links_escape_names_and_urls():
    html = entity_links_html([('Banque"<x>', '/entities/a"-onmouseover=alert(1)/')])
    assert 'href="/entities/a&#34;-onmouseover=alert(1)/"' in html
    assert ">Banque&#34;&lt;x&gt;</a>" in html
    assert entity_links_html([]) == ""


BODY = "<p>Le maire de Lyon a parlé.</p>"


@pytest.mark.parametrize(
    ("page", "added"),
    [
        (f"<main><article>{BODY}<footer>f</footer></article></main>", True),
        (f'<main>{BODY}<a href="./entities/lyon/">Lyon</a></main>', False),  # theme links
        (f"<main>{BODY}</main><aside>{BODY}</aside>", False),  # where? better nothing
        ("<main><p>Un autre texte.</p></main>", False),
    ],
    ids=["after the body", "theme links", "body twice", "body not found"],
)
def test_entity_links_go_right_after_the_body_once(page, added):
    links = entity_links_html([("Lyon", "./entities/lyon/")])
    completed = with_entity_links(page, BODY, links, ["entities/lyon/"])
    if not added:
        assert completed is None
        return
    assert completed == page.replace(BODY, f"{BODY}\n{links}\n")


@pytest.fixture(scope="module")
def stock_theme_sites(tmp_path_factory):
    """A site with one post naming entities, built with each stock theme."""
    from .conftest import build_site

    sources = {
        "lyon.md": post(
            "Emmanuel Macron à Lyon",
            "Le président Emmanuel Macron s'est rendu mardi à Lyon pour inaugurer "
            "un centre de recherche.",
        )
    }
    outputs = {}
    for theme in ("simple", "notmyidea"):
        root = tmp_path_factory.mktemp(theme)
        outputs[theme] = build_site(
            root, sources, NEWSCLEAN=ENTITIES_ON, THEME=theme, RELATIVE_URLS=True, SITEURL=""
        )
    return outputs


@pytest.mark.parametrize("theme", ["simple", "notmyidea"])
def test_stock_themes_get_jsonld_entity_links_and_a_framed_index(stock_theme_sites, theme):
    output: Path = stock_theme_sites[theme]
    page = (output / "emmanuel-macron-a-lyon.html").read_text(encoding="utf-8")
    head = page.split("</head>")[0]
    (script,) = scripts_of(head)
    data = json.loads(script)
    assert data["@type"] == "NewsArticle"
    assert {"Emmanuel Macron", "Lyon"} <= {m["name"] for m in data["mentions"]}

    links = re.search(r'<p class="newsclean-entity-links">.*?</p>', page, re.S)
    assert links is not None
    hrefs = re.findall(r'href="([^"]+)"', links.group(0))
    assert "./entities/lyon/" in hrefs
    for href in hrefs:  # relative links that lead to a written entity page
        assert (output / href / "index.html").exists()
    # After the post's text, inside the article.
    assert page.index("inaugurer") < links.start() < page.index("</article>")

    index = (output / "entities" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<section id="content" class="body newsclean-entities">.*Lyon', index, re.S)


def test_a_theme_that_prints_the_jsonld_and_entities_gets_nothing_more(example_output):
    page = (example_output / "delegation-russe-libye.html").read_text(encoding="utf-8")
    assert len(scripts_of(page)) == 1
    assert "newsclean-entity-links" not in page


@pytest.mark.parametrize(
    ("options", "scripts", "links"),
    [
        ({"jsonld": "theme"}, 0, True),
        ({"jsonld": "off"}, 0, True),
        ({"entities": {"enabled": True, "min_posts": 1, "links": "theme"}}, 1, False),
    ],
    ids=["jsonld theme", "jsonld off", "links theme"],
)
def test_settings_leave_it_to_the_theme(site, options, scripts, links):
    newsclean = {**ENTITIES_ON, **options}
    source = post("Lyon", "Le maire de Lyon a parlé mardi.", Entities="Place: Lyon")
    output = site({"lyon.md": source}, NEWSCLEAN=newsclean)
    page = (output / "lyon.html").read_text(encoding="utf-8")
    assert len(scripts_of(page)) == scripts
    assert ("newsclean-entity-links" in page) == links


def test_jsonld_off_gives_templates_no_jsonld(site, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "article.html").write_text(
        '{% extends "!simple/article.html" %}{% block content %}'
        "[{{ article.jsonld or 'none' }}]{% endblock %}",
        encoding="utf-8",
    )
    output = site(
        {"a.md": post("Titre", "Un texte.")},
        NEWSCLEAN={"jsonld": "off"},
        THEME_TEMPLATES_OVERRIDES=[str(templates)],
    )
    assert "[none]" in (output / "titre.html").read_text(encoding="utf-8")


BASE = "{% block title %}{% endblock %}{% block content %}{% endblock %}"
HOSTILE_URL = 'entities/a"-onmouseover=alert(1)/'


@pytest.mark.parametrize("template", ["newsclean_entities.html", "newsclean_entity.html"])
def test_entity_templates_escape_every_url(template):
    # Permissive SLUG_REGEX_SUBSTITUTIONS can leave a quote in a slug.
    env = Environment(
        loader=ChoiceLoader(
            [
                DictLoader({"base.html": BASE}),
                FileSystemLoader(TEMPLATES),
            ]
        )
    )
    page = EntityPage(
        name="A", type="Organization", label="Organisations", slug="a", url=HOSTILE_URL, save_as=""
    )
    html = env.get_template(template).render(
        SITENAME="S",
        SITEURL='"x',
        NEWSCLEAN_ENTITY_INDEX_URL=HOSTILE_URL,
        entity_groups=[{"type": "Organization", "label": "Organisations", "entities": [page]}],
        entity=page,
        links=[],
    )
    assert '"-onmouseover' not in html and '"x' not in html.replace('href="', "")
    assert "&#34;-onmouseover=alert(1)/" in html
