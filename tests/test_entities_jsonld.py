"""JSON-LD NewsArticle: valid JSON, schema fields, and safe inside <script>."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser

import pytest

from pelican_newsclean.entities import Entity, news_article_jsonld, script_safe_json

EVIL = "</script><script>alert(1)</script>"


def article(**overrides):
    fields = {
        "headline": "Une délégation russe en Libye",
        "url": "https://example.org/2023/08/delegation/",
        "date_published": dt.datetime(2023, 8, 22, 10, 0, tzinfo=dt.timezone.utc),
        "date_modified": dt.date(2023, 8, 23),
        "authors": ["Jeanne Dupont", {"name": "Ali Ben", "url": "https://example.org/ali/"}],
        "description": "Première visite officielle.",
        "entities": [
            Entity("Khalifa Haftar", "Person", "khalifa-haftar", 3, ("Haftar",),
                   "https://www.wikidata.org/wiki/Q2360862", "https://example.org/entities/khalifa-haftar/"),
            {"name": "Libye", "type": "Place", "url": None, "same_as": None},
        ],
    }  # fmt: skip
    fields.update(overrides)
    return news_article_jsonld(**fields)


def test_fields():
    data = json.loads(article())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Une délégation russe en Libye"
    assert data["datePublished"] == "2023-08-22T10:00:00+00:00"
    assert data["dateModified"] == "2023-08-23"
    assert data["inLanguage"] == "fr"
    assert data["url"] == data["mainEntityOfPage"]["@id"]
    assert data["author"] == [
        {"@type": "Person", "name": "Jeanne Dupont"},
        {"@type": "Person", "name": "Ali Ben", "url": "https://example.org/ali/"},
    ]
    assert data["mentions"] == [
        {
            "@type": "Person",
            "name": "Khalifa Haftar",
            "url": "https://example.org/entities/khalifa-haftar/",
            "sameAs": "https://www.wikidata.org/wiki/Q2360862",
        },
        {"@type": "Place", "name": "Libye"},
    ]


def test_missing_values_are_left_out():
    data = json.loads(news_article_jsonld(headline="Titre"))
    assert set(data) == {"@context", "@type", "headline", "inLanguage"}


class ScriptReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self.tags: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in = tag == "script"
        if self._in:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in = False

    def handle_data(self, data):
        if self._in:
            self.scripts[-1] += data


@pytest.mark.parametrize(
    "name",
    [EVIL, "<!--", "a & b", "ligne\u2028suivante\u2029fin", "</SCRIPT >", '"quoted" \\ back'],
)
def test_names_stay_inert_inside_a_script_element(name):
    text = article(
        headline=name,
        entities=[Entity(name, "Thing", "x", 1)],
        authors=[name],
        description=name,
    )
    for char in "<>&\u2028\u2029":
        assert char not in text
    html = f'<script type="application/ld+json">{text}</script><p>après</p>'
    reader = ScriptReader()
    reader.feed(html)
    assert reader.tags == ["script", "p"]  # no script element injected
    data = json.loads(reader.scripts[0])
    assert data["headline"] == name
    assert data["mentions"][0]["name"] == name
    assert data["author"][0]["name"] == name


def test_script_safe_json_round_trips():
    value = {"a": EVIL, "b": ["\u2028", "é", 1, None]}
    assert json.loads(script_safe_json(value)) == value
    assert json.loads(script_safe_json(value, indent=None)) == value
