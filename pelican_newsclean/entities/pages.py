"""Which entities get a page: the rule is the site's, not Pelican's.

A page for an entity mentioned in one post is a thin page: it lists that one
post, and search engines count such pages against a site. By default an
entity gets a page (and posts link to it) when at least two published posts
mention it.

    >>> from types import SimpleNamespace as E
    >>> sorted(slugs_with_pages([[E(slug="lyon"), E(slug="paris")], [E(slug="lyon")]], 2))
    ['lyon']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any


def slugs_with_pages(entities_per_post: Iterable[Iterable[Any]], min_posts: int) -> frozenset[str]:
    """Slugs of the entities that at least ``min_posts`` of the posts mention.

    ``entities_per_post``: for each published post, its entities (anything
    with a ``slug``); a post naming an entity twice counts once.
    """
    posts_per_slug: Counter[str] = Counter()
    for entities in entities_per_post:
        posts_per_slug.update({e.slug for e in entities})
    return frozenset(slug for slug, n in posts_per_slug.items() if n >= min_posts)
