"""The NEWSCLEAN["entities"] options: defaults and validation messages."""

from __future__ import annotations

import pytest

from pelican_newsclean.entities.options import OPTIONS
from pelican_newsclean.settings import SettingsError, load_settings


def test_defaults():
    s = load_settings({}).entities
    assert s.model == "fr_core_news_sm"
    assert (s.n_process, s.min_mentions, s.max_entities, s.max_shown) == (0, 1, 0, 20)
    assert s.min_posts == 2
    assert (s.pages, s.feeds, s.as_tags) == (True, False, False)
    assert s.url == "entities/{slug}/" and s.save_as == "entities/{slug}/index.html"
    assert s.index_url == "entities/" and s.index_save_as == "entities/index.html"
    assert s.feed_atom == "feeds/entities/{slug}.atom.xml"
    assert list(s.gazetteer) == [] and dict(s.aliases) == {} and dict(s.types) == {}


def test_every_option_is_documented():
    names = [o.name for o in OPTIONS]
    assert len(names) == len(set(names))
    for option in OPTIONS:
        assert option.doc.strip(), option.name


def test_valid_gazetteer():
    entry = {
        "name": "Khalifa Haftar",
        "type": "Person",
        "aliases": ["Haftar"],
        "same_as": "https://www.wikidata.org/wiki/Q2360862",
    }
    s = load_settings({"entities": {"gazetteer": [entry]}}).entities
    assert s.gazetteer[0]["name"] == "Khalifa Haftar"


@pytest.mark.parametrize(
    ("gazetteer", "message"),
    [
        ([{"type": "Person"}], "['gazetteer'][0]['name']"),
        ([{"name": "ONU", "type": "ORG"}], "['gazetteer'][0]['type'] is 'ORG'"),
        ([{"name": "A", "type": "Person"}, "B"], "['gazetteer'][1] is 'B'"),
        ([{"name": "A", "type": "Person", "alias": []}], "unknown key(s) 'alias'"),
        ([{"name": "A", "type": "Person", "aliases": "B"}], "['aliases']"),
        ([{"name": "A", "type": "Person", "same_as": "Q42"}], "['same_as']"),
        ("ONU", "['gazetteer']"),
    ],
)
def test_bad_gazetteer_names_the_key(gazetteer, message):
    with pytest.raises(SettingsError) as info:
        load_settings({"entities": {"gazetteer": gazetteer}})
    assert message in str(info.value)
    assert "NEWSCLEAN['entities']" in str(info.value)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("types", {"ONU": "ORG"}),
        ("aliases", {"Macron": 1}),
        ("ignore", "AFP"),
        ("min_mentions", 0),
        ("max_entities", -1),
        ("n_process", -1),
        ("batch_size", True),
        ("url", "entities/"),
        ("model", None),
    ],
)
def test_bad_values_are_rejected(key, value):
    with pytest.raises(SettingsError) as info:
        load_settings({"entities": {key: value}})
    assert f"['{key}']" in str(info.value)
