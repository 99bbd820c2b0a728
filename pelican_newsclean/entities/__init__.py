"""Entity stage: find people, organisations and places, merge them, publish them.

Pure Python (no Pelican). spaCy is imported only when a post misses the
cache. The public API:

Whole site (what the Pelican side uses)::

    stage = EntityStage(settings.entities, cache_dir, slugify)   # cache_dir may be None
    results = stage.run(posts)          # list[PostEntities], in the posts' order
    stage.timings     # load_seconds, ner_seconds, canonical_seconds, cache_seconds
    stage.stats                         # posts, cache_hits, ner_texts, ner_words, entities

- ``posts``: :class:`PostInput` objects, or any objects/mappings with
  ``text`` (visible title + body text, one block per line: the title, then
  each paragraph, heading or list item on its own line, ``"\\n"`` between
  blocks, as ``html.visible_text("<h1>title</h1>" + body_html)`` gives; no
  entity crosses a line, and the model reads each line as ending with a
  stop), ``lang`` (None = French; other
  languages skip NER), ``pinned`` (raw ``entities:`` front matter),
  ``ignore`` (raw ``entities_ignore:``) and ``source`` (a name for messages).
- :class:`PostEntities`: ``entities`` (list of :class:`Entity`, most
  mentioned first), ``report`` (list of dicts: ``step``, ``action`` =
  found / merged / renamed / retyped / dropped / added / pinned / problem,
  ``name``, ``why``...), ``problems`` (front-matter messages), ``cached``,
  ``skipped``.
- :class:`Entity`: ``name``, ``type`` (schema.org: Person, Organization,
  Place, Event, Thing), ``slug``, ``mentions``, ``aliases``, ``same_as``,
  ``url`` (None until the caller sets it with ``entity.with_url(url)``),
  ``key``, ``pinned``; ``as_dict()``.
- :class:`ModelNotInstalledError`: raised by ``run`` when NER is needed and
  the model is missing; its message holds the ``pip install`` command.

Pieces::

    load_pipeline(model, gazetteer=()) -> spacy Language   (ner only + gazetteer ruler)
    extract_mentions(nlp, texts, batch_size=64) -> iterator of list[Mention]
    canonicalise(text, mentions, options=None, pins=(), ignored=(), skip=()) -> (candidates, report)
    STEPS                                # the ordered canonicalisation table (name, func, why)
    parse_entities_field(raw) -> (pins, problems);  parse_ignore_field(raw) -> (names, problems)
    fold(name) -> key;  slug_source(name) -> text for a slug function (apostrophes -> spaces)
    extract_entities(text, nlp, settings=None, pinned=None, ignore=None) -> PostEntities
    news_article(**fields) -> dict;  news_article_jsonld(**fields) -> script-safe JSON text
    script_safe_json(data) -> JSON text safe inside <script type="application/ld+json">
"""

from __future__ import annotations

from .canonical import (
    STEPS,
    CanonicalOptions,
    GazetteerEntry,
    canonicalise,
    fold,
    parse_entities_field,
    parse_ignore_field,
    slug_source,
)
from .extract import Mention, ModelNotInstalledError, extract_mentions, load_pipeline
from .jsonld import news_article, news_article_jsonld, script_safe_json
from .schema import SCHEMA_TYPES
from .stage import Entity, EntityStage, PostEntities, PostInput, extract_entities

__all__ = [
    "SCHEMA_TYPES",
    "STEPS",
    "CanonicalOptions",
    "Entity",
    "EntityStage",
    "GazetteerEntry",
    "Mention",
    "ModelNotInstalledError",
    "PostEntities",
    "PostInput",
    "canonicalise",
    "extract_entities",
    "extract_mentions",
    "fold",
    "load_pipeline",
    "news_article",
    "news_article_jsonld",
    "parse_entities_field",
    "parse_ignore_field",
    "script_safe_json",
    "slug_source",
]
