"""What the plugin adds to an article's page when the theme does not print it.

Pelican's stock themes (``notmyidea``, ``simple``) and most others know nothing
of ``article.jsonld`` or ``article.entities``. As a page is rendered, these
functions add the JSON-LD script to its ``<head>`` and a line of entity links
after the article's text, unless the theme printed them itself. They work on
the page's text and leave every other byte as the theme wrote it.

    >>> page = "<html><head><title>t</title></head><body><p>x</p></body></html>"
    >>> with_jsonld(page, '{"@type": "NewsArticle"}')[:70]
    '<html><head><title>t</title>\\n<script type="application/ld+json">{"@typ'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from jinja2 import Template
from markupsafe import escape

_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


def with_jsonld(page: str, jsonld: str) -> str | None:
    """``page`` with ``jsonld`` in a ``<script type="application/ld+json">`` before
    ``</head>``; None when the page already holds this JSON-LD (the theme printed
    it) or has no ``</head>`` to put it before.

    ``jsonld`` must already be safe inside a script (see ``script_safe_json``).
    """
    if not jsonld or jsonld in page:
        return None
    end = _HEAD_END.search(page)
    if end is None:
        return None
    script = f'<script type="application/ld+json">{jsonld}</script>\n'
    return f"{page[: end.start()]}\n{script}{page[end.start() :]}"


def entity_links_html(links: Iterable[tuple[str, str]], label: str = "Entités citées") -> str:
    """One paragraph of links to entity pages, from ``(name, href)`` pairs; every
    name and URL escaped. Empty when there are no links.

    >>> entity_links_html([("Banque <x>", '/e/a"b/')]).split(": ")[1]
    '<a href="/e/a&#34;b/">Banque &lt;x&gt;</a></p>'
    """
    anchors = [f'<a href="{escape(href)}">{escape(name)}</a>' for name, href in links]
    if not anchors:
        return ""
    return f'<p class="newsclean-entity-links">{escape(label)}\u00a0: {", ".join(anchors)}</p>'


def with_entity_links(
    page: str, body: str, links_html: str, entity_urls: Iterable[str]
) -> str | None:
    """``page`` with ``links_html`` right after the article's ``body`` (its HTML as
    the theme printed it); None when there is nothing to add, when the theme
    already links to one of the entity pages (an ``href`` ending in ``/`` and
    one of ``entity_urls``, as ``{{ SITEURL }}/{{ entity.url }}`` prints), or when the body is not
    found once in the page (a theme that changes it: better nothing than a
    misplaced block).
    """
    if not links_html or not body.strip():
        return None
    if any(f'/{escape(url)}"' in page for url in entity_urls):
        return None
    start = page.find(body)
    if start < 0 or page.find(body, start + 1) >= 0:
        return None
    end = start + len(body)
    return f"{page[:end]}\n{links_html}\n{page[end:]}"


def complete_article_page(page: str, article: Any, siteurl: str, settings: Any) -> str:
    """The rendered ``page`` of ``article`` with the JSON-LD and entity links its
    theme did not print, as ``settings`` (NewscleanSettings) ask.

    ``siteurl`` is the ``SITEURL`` the page is rendered with (relative with
    ``RELATIVE_URLS``).
    """
    jsonld = getattr(article, "jsonld", None) if settings.general.jsonld == "auto" else None
    if jsonld:
        page = with_jsonld(page, jsonld) or page
    # Only entities with a page of their own (see entities.min_posts) are linked.
    entities = [e for e in getattr(article, "entities", None) or [] if e.url]
    if entities and settings.entities.links == "auto":
        links = entity_links_html((e.name, f"{siteurl}/{e.url}") for e in entities)
        body = article.content or ""
        page = with_entity_links(page, body, links, [e.url for e in entities]) or page
    return page


def completing_template(complete: Callable[[str, dict[str, Any]], str]) -> type[Template]:
    """A Jinja ``Template`` class whose ``render`` passes each page it renders, with
    its context, through ``complete``: set as a generator's ``env.template_class``
    before it loads templates, it lets the plugin finish article pages in memory,
    as they are written, with no second read and write of each file."""

    class CompletingTemplate(Template):
        def render(self, *args: Any, **kwargs: Any) -> str:
            return complete(super().render(*args, **kwargs), dict(*args, **kwargs))

    return CompletingTemplate
