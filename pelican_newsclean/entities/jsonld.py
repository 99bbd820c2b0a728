"""The schema.org ``NewsArticle`` of a post, as JSON safe to put in a ``<script>``.

>>> print(news_article_jsonld(headline="Un titre", url="https://x.fr/a/",
...       date_published="2023-08-22T10:00:00+02:00", indent=None)[:60])
{"@context": "https://schema.org", "@type": "NewsArticle", "
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

#: Characters that could end the ``<script>`` element or be read as markup or
#: a line break by a JavaScript parser; JSON lets us write them as escapes.
_SCRIPT_SAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_safe_json(data: Any, *, indent: int | None = None) -> str:
    """``json.dumps`` whose output can sit inside ``<script type="application/ld+json">``.

    ``</script>`` in a name becomes ``\\u003c/script\\u003e``: still the same
    string for a JSON reader, inert for the HTML parser. Compact unless
    ``indent`` is given: its readers are machines, and Python's fast (C) JSON
    encoder only runs without ``indent``.

    >>> script_safe_json({"name": "</script>"}, indent=None)
    '{"name": "\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    for char, escape in _SCRIPT_SAFE.items():
        text = text.replace(char, escape)
    return text


def iso_datetime(value: Any) -> str | None:
    """ISO 8601 text for a datetime, date or string (None stays None)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def mention_jsonld(entity: Any) -> dict[str, Any]:
    """One ``mentions`` item: ``@type``, ``name``, and ``url``/``sameAs`` when known.

    ``entity`` is an :class:`~pelican_newsclean.entities.stage.Entity` or a
    mapping with the same field names.
    """
    # One Mapping test per entity, not per field: isinstance on an ABC is slow.
    field: Callable[[str], Any]
    if isinstance(entity, Mapping):
        field = entity.get
    else:

        def field(name: str) -> Any:
            return getattr(entity, name, None)

    item: dict[str, Any] = {"@type": field("type") or "Thing"}
    item["name"] = field("name")
    url = field("url")
    if url:
        item["url"] = url
    same_as = field("same_as")
    if same_as:
        item["sameAs"] = same_as
    return item


def _person(author: Any) -> dict[str, Any]:
    if isinstance(author, Mapping):
        person = {"@type": "Person", "name": str(author.get("name", ""))}
        if author.get("url"):
            person["url"] = str(author["url"])
        return person
    return {"@type": "Person", "name": str(author)}


def news_article(
    *,
    headline: str,
    url: str | None = None,
    date_published: Any = None,
    date_modified: Any = None,
    authors: Iterable[Any] = (),
    description: str | None = None,
    language: str | None = "fr",
    entities: Iterable[Any] = (),
    image: str | None = None,
    publisher: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``NewsArticle`` as a dict (keys with no value are left out).

    ``authors`` are names or ``{"name", "url"}`` mappings; ``entities`` are
    entity objects or mappings with ``type``, ``name``, ``url``, ``same_as``.
    """
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
    }
    optional = {
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url} if url else None,
        "datePublished": iso_datetime(date_published),
        "dateModified": iso_datetime(date_modified or date_published),
        "author": [_person(a) for a in authors] or None,
        "inLanguage": language,
        "description": description,
        "image": image,
        "publisher": dict(publisher) if publisher else None,
        "mentions": [mention_jsonld(e) for e in entities] or None,
    }
    data.update({k: v for k, v in optional.items() if v is not None})
    return data


def news_article_jsonld(*, indent: int | None = None, **fields: Any) -> str:
    """:func:`news_article` as script-safe JSON text (see :func:`script_safe_json`)."""
    return script_safe_json(news_article(**fields), indent=indent)
