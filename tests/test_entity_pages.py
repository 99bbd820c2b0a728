"""Entities in real builds: article.entities, JSON-LD, entity pages, feeds, cache."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

import pytest

from .conftest import post

JSONLD_THEME = (
    '{% extends "!simple/article.html" %}{% block head %}{{ super() }}'
    '{% if article.jsonld %}<script type="application/ld+json">{{ article.jsonld }}</script>'
    "{% endif %}{% endblock %}"
)
# Every entity gets a page here (the default needs two posts): these tests
# are about what a page holds; test_thin_pages... checks the default.
ON = {"entities": {"enabled": True, "min_posts": 1}, "report": "report.json"}


def posts():
    return {
        "a.md": post(
            "Emmanuel Macron en visite à Lyon",
            "Le président Emmanuel Macron s'est rendu mardi à Lyon pour inaugurer "
            "un centre de recherche de l'université Claude-Bernard.",
            Date="2024-03-01 10:00",
        ),
        "b.md": post(
            "Lyon accueille un sommet",
            "La ville de Lyon accueille jeudi un sommet européen sur l'hydrogène.",
            Date="2024-04-01 10:00",
        ),
        "c.md": post(
            "Brouillon",
            "La députée Marine Tondelier sera à Lyon lundi.",
            Status="draft",
        ),
        "d.md": post(
            "Caché",
            "Le ministre Bruno Retailleau était à Lyon mercredi.",
            Status="hidden",
        ),
    }


def jsonld_of(html: str) -> dict:
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(script)


@pytest.fixture
def built(site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "article.html").write_text(JSONLD_THEME, encoding="utf-8")
    output = site(posts(), NEWSCLEAN=ON, THEME_TEMPLATES_OVERRIDES=[str(templates)])
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    return output, report


def test_entity_index_and_pages_list_published_posts_newest_first(built):
    output, _ = built
    index = (output / "entities" / "index.html").read_text(encoding="utf-8")
    assert "Emmanuel Macron" in index and "Lyon" in index
    lyon = (output / "entities" / "lyon" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="[^"]*?/?([a-z-]+\.html)"', lyon)
    assert links.index("lyon-accueille-un-sommet.html") < links.index(
        "emmanuel-macron-en-visite-a-lyon.html"
    )
    assert "brouillon.html" not in lyon and "cache.html" not in lyon


def test_drafts_and_hidden_posts_get_entities_but_no_pages(built):
    output, report = built
    by_source = {p["source"]: p for p in report["posts"]}
    assert "Marine Tondelier" in {e["name"] for e in by_source["c.md"]["entities"]}
    assert "Bruno Retailleau" in {e["name"] for e in by_source["d.md"]["entities"]}
    assert not (output / "entities" / "marine-tondelier").exists()
    assert not (output / "entities" / "bruno-retailleau").exists()


def test_jsonld_in_the_head_parses_as_a_news_article(built):
    output, _ = built
    html = (output / "emmanuel-macron-en-visite-a-lyon.html").read_text(encoding="utf-8")
    data = jsonld_of(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Emmanuel Macron en visite à Lyon"
    assert data["datePublished"].startswith("2024-03-01T10:00:00")
    assert data["inLanguage"] == "fr"
    mentions = {(m["@type"], m["name"]) for m in data["mentions"]}
    assert {("Person", "Emmanuel Macron"), ("Place", "Lyon")} <= mentions
    lyon = next(m for m in data["mentions"] if m["name"] == "Lyon")
    assert lyon["url"] == "https://example.org/entities/lyon/"


def test_hostile_names_stay_inert(site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "article.html").write_text(JSONLD_THEME, encoding="utf-8")
    evil = "</script><script>alert(1)</script><!--"
    source = post(
        f"Titre {evil}",
        "Le maire de Lyon a parlé.",
        Entities=f"Person: {evil} \u2028x",
        Summary=f"Résumé {evil}",
    )
    options = {**ON, "entities": {"feeds": True, "min_posts": 1}}
    output = site(
        {"evil.md": source}, NEWSCLEAN=options, THEME_TEMPLATES_OVERRIDES=[str(templates)]
    )
    page = next(output.glob("titre-*.html")).read_text(encoding="utf-8")
    # The title itself is HTML by Pelican's rules (the theme prints it raw); what
    # newsclean writes must be inert: the JSON-LD ends at its own </script>.
    data = jsonld_of(page)
    assert data["headline"] == "Titre"  # the title's visible text: its script is markup
    # A pinned name with markup is not published at all (a problem is reported).
    assert not any(evil in m["name"] for m in data["mentions"])
    assert "\u2028" not in page.split('type="application/ld+json">', 1)[1].split("</script>")[0]
    feeds = list((output / "feeds" / "entities").glob("*.atom.xml"))
    assert feeds
    for feed in feeds:
        tree = ElementTree.parse(feed)  # well-formed XML: the names were escaped
        assert not [e for e in tree.iter() if e.tag.endswith("script")]
    for entity_page in (output / "entities").rglob("index.html"):
        html = entity_page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html


def test_feeds_and_tags_options(site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    options = {"entities": {"feeds": True, "as_tags": True, "min_posts": 1}}
    output = site(posts(), NEWSCLEAN=options)
    assert (output / "feeds" / "entities" / "lyon.atom.xml").exists()
    assert (output / "tag" / "lyon.html").exists()


def test_second_build_hits_the_caches_and_writes_the_same_site(site, tmp_path, monkeypatch):
    from .conftest import build_site, cache_entries

    monkeypatch.chdir(tmp_path)

    def pages(output):
        return {p.relative_to(output): p.read_bytes() for p in sorted(output.rglob("*.html"))}

    cold = pages(build_site(tmp_path, posts(), NEWSCLEAN=ON))
    cold_report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    warm = pages(build_site(tmp_path, posts(), NEWSCLEAN=ON))
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert warm == cold
    assert report["posts"] == cold_report["posts"]
    assert report["entity_stats"]["cache_hits"] == report["entity_stats"]["posts"] == 4
    assert report["entity_stats"]["canonical_cache_hits"] == 4
    assert report["entity_stats"]["ner_texts"] == 0
    folder = tmp_path / "cache" / "newsclean"
    assert [p.name for p in folder.iterdir()] == ["cache.sqlite3"]
    stages = {"entities", "canonical", "text", "site", "builds"}
    assert all(cache_entries(folder, stage) for stage in stages)
    # The third build takes the site's entities from the site entry, stored by the second.
    again = pages(build_site(tmp_path, posts(), NEWSCLEAN=ON))
    third = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert again == cold
    assert third["posts"] == report["posts"]
    assert third["entity_stats"] == report["entity_stats"]


def test_entity_pages_escape_the_visible_title_once(site, tmp_path, monkeypatch):
    # "&lt;i&gt;" in the title is the visible text "<i>": printed escaped, once.
    monkeypatch.chdir(tmp_path)
    source = post("AT&amp;T &lt;i&gt; à Lyon", "Le maire de Lyon a parlé.", Entities="Place: Lyon")
    output = site({"att.md": source}, NEWSCLEAN=ON)
    html = (output / "entities" / "lyon" / "index.html").read_text(encoding="utf-8")
    assert ">AT&amp;T &lt;i&gt; à Lyon</a>" in html
    assert "<i>" not in html and "&amp;amp;" not in html


def test_an_entity_page_lists_every_alias_its_posts_give_once_in_first_seen_order():
    from datetime import datetime
    from types import SimpleNamespace

    from pelican_newsclean.entities.stage import Entity
    from pelican_newsclean.entity_pages import entity_pages
    from pelican_newsclean.settings import load_settings

    def article(day: int, *aliases: str) -> SimpleNamespace:
        macron = Entity(
            "Emmanuel Macron", "Person", "emmanuel-macron", 1, aliases, url="entities/m/"
        )
        return SimpleNamespace(
            entities=[macron],
            date=datetime(2026, 11, day),
            title=f"Dépêche du {day}",
            url=f"{day}.html",
            locale_date=f"{day}/11/2026",
        )

    articles = [
        article(1, "Macron", "M. Macron"),
        article(2, "Macron", "M. Macron"),  # the same aliases again
        article(3, "le président Macron", "Macron"),
        article(4),
    ]
    (page,) = entity_pages(articles, load_settings({}).entities)
    assert page.aliases == ["Macron", "M. Macron", "le président Macron"]
    assert [a.date.day for a in page.articles] == [4, 3, 2, 1]


def test_a_300_character_name_gives_a_capped_slug_not_an_os_error(
    site, tmp_path, monkeypatch, caplog
):
    """A gazetteer name of 300 characters made a slug too long for a file name
    (OSError: File name too long); a pinned one is skipped with its reason."""
    monkeypatch.chdir(tmp_path)
    long_name = "Société " + " ".join(["coopérative"] * 27) + " de Lyon"  # 307 characters
    files = {
        "a.md": post("Coopérative", f"La {long_name} ouvre un magasin à Lyon."),
        "b.md": post("Épinglé", "Un texte sans nom.", Entities=long_name + "e"),
    }
    gazetteer = [{"name": long_name, "type": "Organization"}]
    output = site(files, NEWSCLEAN={"entities": {"gazetteer": gazetteer, "min_posts": 1}})
    folders = [p.name for p in (output / "entities").iterdir() if p.is_dir()]
    assert any(name.startswith("societe-cooperative") for name in folders)
    assert all(len(name) <= 80 for name in folders)
    assert "skipped: longer than 100 characters" in caplog.text


def test_entity_names_in_tags_are_plain_text(site, tmp_path, monkeypatch):
    """Escaped markup in a post's text (Banque&lt;x...) must not become a tag name."""
    monkeypatch.chdir(tmp_path)
    body = "La Banque&lt;x/onclick=alert(1)&gt; de Lyon a ouvert. La Banque de France aussi."
    output = site(
        {"a.md": post("Banques", body)},
        NEWSCLEAN={"entities": {"as_tags": True}},
    )
    tags = (output / "tags.html").read_text(encoding="utf-8")
    assert "Lyon" in tags
    assert "Banque&lt;x" not in tags and "Banque<x" not in tags


def test_thin_pages_by_default_only_entities_of_two_posts_get_a_page(site, tmp_path, monkeypatch):
    """A page listing one post is thin: by default (min_posts 2) Lyon, in two
    published posts, gets one; Emmanuel Macron, in one, gets neither a page nor
    links; the draft and the hidden post do not count."""
    monkeypatch.chdir(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "article.html").write_text(JSONLD_THEME, encoding="utf-8")
    output = site(
        posts(),
        NEWSCLEAN={"entities": {"enabled": True}},
        THEME_TEMPLATES_OVERRIDES=[str(templates)],
    )
    pages = sorted(p.parent.name for p in (output / "entities").glob("*/index.html"))
    assert pages == ["lyon"]
    article = next(output.glob("emmanuel-macron*.html")).read_text(encoding="utf-8")
    mentions = {m["name"]: m for m in jsonld_of(article)["mentions"]}
    assert mentions["Lyon"]["url"].endswith("/entities/lyon/")
    assert "url" not in mentions["Emmanuel Macron"]


def test_no_entity_index_on_a_site_with_no_entity_to_list(site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    output = site(
        {"a.md": post("Hello", "Nothing to see here, just English text.", Lang="en")},
        NEWSCLEAN={"entities": {"enabled": True}},
    )
    assert not (output / "entities").exists()
