"""The entity pages of a site: one per entity, with the published posts that name it.

Plain data for the templates (``newsclean_entities.html``, ``newsclean_entity.html``);
the Pelican generator that writes them is in ``pelican_hooks``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from .html import visible_text

ENTITY_TYPE_LABELS = (
    ("Person", "Personnes"),
    ("Organization", "Organisations"),
    ("Place", "Lieux"),
    ("Event", "Événements"),
    ("Thing", "Autres"),
)


@dataclass(frozen=True)
class ArticleLink:
    """A post as an entity page lists it, read and escaped once: a post is on many
    entity pages, and Pelican computes ``url`` and ``locale_date`` at every access.
    The fields are ``Markup`` (escaped text): a template prints them as they are,
    with or without autoescape (``|e`` would only copy them, at every use)."""

    article: Any
    title: Markup  # the title as plain text, escaped
    url: Markup
    date_iso: Markup
    locale_date: Markup

    @classmethod
    def of(cls, article: Any) -> ArticleLink:
        return cls(
            article=article,
            title=escape(visible_text(article.title)),
            url=escape(article.url),
            date_iso=escape(article.date.isoformat()),
            locale_date=escape(article.locale_date),
        )


@dataclass
class EntityPage:
    """One entity of the site and the published posts that mention it."""

    name: str
    type: str
    label: str
    slug: str
    url: str
    save_as: str
    aliases: list[str] = field(default_factory=list)
    same_as: str | None = None
    articles: list[Any] = field(default_factory=list)
    links: list[ArticleLink] = field(default_factory=list)  # the same posts, read


def entity_pages(articles: list[Any], options: Any) -> list[EntityPage]:
    """Group published articles by entity; posts newest first, entities by name."""
    labels = dict(ENTITY_TYPE_LABELS)
    pages: dict[str, EntityPage] = {}
    listed: set[tuple[str, int]] = set()  # (slug, post): a list test would be quadratic
    # (slug, aliases) already merged: most posts name an entity with the same
    # aliases, and merging each again is a list test per alias (quadratic).
    merged: set[tuple[str, tuple[str, ...]]] = set()
    for article in articles:
        for entity in article.entities:
            if entity.url is None:
                continue  # mentioned in too few posts for a page of its own
            page = pages.get(entity.slug)
            if page is None:
                page = pages[entity.slug] = EntityPage(
                    name=entity.name,
                    type=entity.type,
                    label=labels.get(entity.type, entity.type),
                    slug=entity.slug,
                    url=options.url.format(slug=entity.slug),
                    save_as=options.save_as.format(slug=entity.slug),
                    same_as=entity.same_as,
                )
            aliases = tuple(entity.aliases)  # the same tuple: no copy
            if aliases and (entity.slug, aliases) not in merged:
                merged.add((entity.slug, aliases))
                page.aliases.extend(a for a in aliases if a not in page.aliases)
            if (entity.slug, id(article)) not in listed:
                listed.add((entity.slug, id(article)))
                page.articles.append(article)
    links: dict[int, ArticleLink] = {}
    for page in pages.values():
        page.articles.sort(key=lambda a: a.date, reverse=True)
        for article in page.articles:
            link = links.get(id(article))
            if link is None:
                link = links[id(article)] = ArticleLink.of(article)
            page.links.append(link)
    return sorted(pages.values(), key=lambda p: (p.name.casefold(), p.slug))


def entity_groups(pages: list[EntityPage]) -> list[dict[str, Any]]:
    """The index's groups: people, organisations, places, events, other."""
    return [
        {"type": kind, "label": label, "entities": [p for p in pages if p.type == kind]}
        for kind, label in ENTITY_TYPE_LABELS
        if any(p.type == kind for p in pages)
    ]
