"""One post as a build prepares it, for the build and for ``newsclean check`` alike.

:func:`prepare_post` takes what Pelican's reader gave (the post's HTML and
metadata) and the site's Pelican settings, runs the text stages, and returns
the cleaned post, its report, and the text the entity stage reads. Named
entities are found for a whole site at once (one NER batch): the caller hands
every post's :attr:`PreparedPost.entity_input` to
:class:`~pelican_newsclean.entities.EntityStage`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import dedup
from .cache import ResultCache
from .entities import PostInput
from .html import is_french, visible_text
from .pipeline import PostText, StageTimes, Workers, clean_posts
from .report import PostReport
from .settings import NewscleanSettings, stages_skipped_by_metadata


@dataclass(frozen=True)
class PreparedPost:
    """A post after the text stages, and what the entity stage will read of it."""

    post: PostText  # cleaned, with its headline and description
    report: PostReport
    # The post's NER input; None when the entity stage is off, or skipped for it.
    entity_input: PostInput | None
    # A problem with the post's ``newsclean`` metadata, to warn about.
    problem: str | None = None


def post_text(
    html: str,
    metadata: dict[str, Any],
    site_settings: dict[str, Any],
    source: str,
    settings: NewscleanSettings,
) -> tuple[PostText, str | None]:
    """The texts of a post the text stages clean (from its reader's ``html`` and
    ``metadata``), and any problem with its ``newsclean`` metadata."""
    skip, problem = stages_skipped_by_metadata(metadata.get("newsclean"))
    category = metadata.get("category")
    names = (category.name, category.slug) if category is not None else ()
    if not dedup.applies_to(settings.dedup, names, metadata):  # only_categories, only_metadata
        skip |= {"dedup"}
    post = PostText(
        content=html or "",
        title=str(metadata.get("title") or ""),
        summary=metadata.get("summary") if "summary" in metadata else None,
        lang=metadata.get("lang") or str(site_settings.get("DEFAULT_LANG") or "fr").lower(),
        lang_declared=bool(metadata.get("lang")),
        source=source,
        skip=skip,
    )
    return post, problem


def prepare_post(
    html: str,
    metadata: dict[str, Any],
    site_settings: dict[str, Any],
    settings: NewscleanSettings,
    *,
    source: str,
    with_entities: bool = True,
) -> PreparedPost:
    """Dedup and typography on one post, and its entity stage input.

    ``with_entities`` False for posts that get no entities (Pelican's pages).
    """
    posts = [(html, metadata, source)]
    return prepare_posts(posts, site_settings, settings, with_entities=with_entities)[0]


def prepare_posts(
    posts: list[tuple[str, dict[str, Any], str]],
    site_settings: dict[str, Any],
    settings: NewscleanSettings,
    *,
    with_entities: bool = True,
    boilerplate: frozenset[str] = frozenset(),
    times: StageTimes | None = None,
    text_cache: ResultCache | None = None,
    workers: Workers | None = None,
) -> list[PreparedPost]:
    """:func:`prepare_post` on each ``(html, metadata, source)``, in order, with the
    build's text cache and worker processes (None: compute everything here)."""
    texts = [
        post_text(html, metadata, site_settings, source, settings)
        for html, metadata, source in posts
    ]
    jobs = [(post, boilerplate) for post, _ in texts]
    cleaned = clean_posts(jobs, settings, times=times, cache=text_cache, workers=workers)
    entities_on = with_entities and settings.stage_enabled("entities")
    prepared = []
    for (_, metadata, source), (post, problem), (clean, report) in zip(
        posts, texts, cleaned, strict=True
    ):
        entity_input = None
        if entities_on and "entities" not in post.skip and is_french(_post_lang(post, report)):
            body = clean.body_text
            if body is None:  # cached by a build with the entity stage off
                body = visible_text(clean.content)
            entity_input = PostInput(
                text="\n".join(t for t in (clean.headline, body) if t),
                lang=post.lang,
                pinned=metadata.get("entities"),
                ignore=metadata.get("entities_ignore"),
                source=source,
            )
        prepared.append(PreparedPost(clean, report, entity_input, problem))
    return prepared


def _post_lang(post: PostText, report: PostReport) -> str:
    """The post's language as the typography stage decided it: identified when its
    ``lang`` was only the site's default (``und`` when unsure), else that ``lang``."""
    for change in report.by_stage("language"):
        if change.where == "post":
            return str(change.detail.get("post_lang", post.lang))
    return post.lang


def with_urls(
    entities: list[Any], settings: NewscleanSettings, paged: frozenset[str] | None = None
) -> list[Any]:
    """The entities a post publishes, each with its page's URL (``entities.url``);
    with ``paged``, the slugs that have a page, the others get no URL."""
    url = settings.entities.url
    return [
        entity.with_url(
            url.format(slug=entity.slug) if paged is None or entity.slug in paged else None
        )
        for entity in entities
    ]
