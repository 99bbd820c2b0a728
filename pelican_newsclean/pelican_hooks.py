"""The Pelican side of newsclean: signals, article attributes, entity pages.

This is the only module that imports Pelican. Handlers are module-level
functions because Pelican's signals hold them by weak reference. Per-build
state lives in the generators' shared context (a new one each build), so
``pelican --autoreload`` starts every build afresh.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup, escape
from pelican import signals
from pelican.generators import Generator

from . import dedup
from .cache import ResultCache, write_json_atomically
from .entities import EntityStage, ModelNotInstalledError, PostInput, news_article_jsonld
from .gcpause import collection_paused
from .html import visible_text
from .pipeline import (
    MIN_POSTS_FOR_WORKERS,
    PostCleaner,
    PostText,
    StageTimes,
    Workers,
    text_cache_fingerprint,
)
from .report import PostReport, tally
from .settings import NewscleanSettings, SettingsError, load_settings, stages_skipped_by_metadata

logger = logging.getLogger("pelican_newsclean")

_SETTINGS_KEY = "NEWSCLEAN_VALIDATED"
TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
ENTITY_TYPE_LABELS = (
    ("Person", "Personnes"),
    ("Organization", "Organisations"),
    ("Place", "Lieux"),
    ("Event", "Événements"),
    ("Thing", "Autres"),
)
# The build under way for each output folder, so that `finalized` (which
# only gets the Pelican object) finds it; removed when the build ends.
_RUNNING: dict[str, Build] = {}


@dataclass
class Build:
    """What one build has done so far: reports, timings, counts."""

    settings: NewscleanSettings
    started: float = field(default_factory=time.perf_counter)
    times: StageTimes = field(default_factory=StageTimes)
    reports: list[PostReport] = field(default_factory=list)
    entity_stats: dict[str, int] = field(default_factory=dict)
    # Published articles with their entities, for the entity pages.
    listed: list[Any] = field(default_factory=list)
    # Cleaned texts of earlier builds (None: cache off); saved when the build ends.
    text_cache: ResultCache | None = None
    # Cleans posts (in worker processes as Pelican reads them, when that pays).
    cleaner: PostCleaner | None = None
    # Each cleaned post's headline and description (by id of the content
    # object), read where it was cleaned, for JSON-LD.
    visible: dict[int, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def start(cls, pelican_settings: dict[str, Any]) -> Build:
        settings = _settings_of(pelican_settings)
        folder = cache_folder(settings, pelican_settings)
        cache = ResultCache(folder, "text", text_cache_fingerprint(settings)) if folder else None
        build = cls(settings, text_cache=cache)
        workers = _WORKERS.pop(_build_key(pelican_settings), None)
        build.cleaner = PostCleaner(settings, cache=cache, times=build.times, workers=workers)
        return build


def cache_folder(newsclean: NewscleanSettings, settings: dict[str, Any]) -> str | None:
    """``CACHE_PATH/newsclean``, or None when the cache is off or there is no CACHE_PATH."""
    cache_path = settings.get("CACHE_PATH")
    return os.path.join(cache_path, "newsclean") if newsclean.general.cache and cache_path else None


def _settings_of(pelican_settings: dict[str, Any]) -> NewscleanSettings:
    validated = pelican_settings.get(_SETTINGS_KEY)
    if isinstance(validated, NewscleanSettings):
        return validated
    return load_settings(pelican_settings.get("NEWSCLEAN"))


def _active(settings: dict[str, Any]) -> bool:
    """Whether this build loaded the plugin.

    Signals are process-wide: once registered, our handlers also hear builds
    made later in the same process without the plugin (tests, autoreload
    after PLUGINS changed). Pelican rewrites PLUGINS to the loaded names.
    """
    return any(getattr(p, "__name__", p) == __package__ for p in settings.get("PLUGINS") or ())


def _build_key(settings: dict[str, Any]) -> str:
    return os.path.abspath(settings.get("OUTPUT_PATH") or "output")


def start_build(pelican: Any) -> Any:
    """``get_generators``, sent at the start of every build: a fresh Build, and
    the entity pages generator when the entity stage makes pages."""
    if not _active(pelican.settings):
        return None
    build = Build.start(pelican.settings)
    unfinished = _RUNNING.get(_build_key(pelican.settings))
    if unfinished is not None and unfinished.cleaner is not None:
        unfinished.cleaner.close()  # a build that failed midway (autoreload)
    _RUNNING[_build_key(pelican.settings)] = build
    if build.settings.stage_enabled("entities") and build.settings.entities.pages:
        return EntityPagesGenerator
    return None


def _build_of(context: dict[str, Any]) -> Build:
    """This build's state. It is kept out of the context on purpose: Pelican's
    content cache pickles articles, and articles reference the context."""
    key = _build_key(context)
    build = _RUNNING.get(key)
    if build is None:
        build = _RUNNING[key] = Build.start(context)
    # Read by templates: the "what newsclean changed" panel, the entity index link.
    context["NEWSCLEAN_PANEL"] = build.settings.enabled and build.settings.general.panel
    entities = build.settings.entities
    pages_on = build.settings.stage_enabled("entities") and entities.pages
    context["NEWSCLEAN_ENTITY_INDEX_URL"] = entities.index_url if pages_on else None
    return build


def validate_settings(pelican: Any) -> None:
    """Check ``NEWSCLEAN`` before any post is read; a bad key stops the build."""
    if not _active(pelican.settings):
        return
    try:
        settings = load_settings(pelican.settings.get("NEWSCLEAN"))
    except SettingsError as error:
        logger.error("newsclean: %s", error)
        raise
    pelican.settings[_SETTINGS_KEY] = settings
    _start_workers(pelican.settings, settings)


# Worker processes started at `initialized`, until the build under way takes them.
_WORKERS: dict[str, Workers] = {}
# What Pelican's readers read by default: enough to tell a large site from a small one.
_SOURCE_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown", ".rst", ".html", ".htm")


def _start_workers(pelican_settings: dict[str, Any], settings: NewscleanSettings) -> None:
    """Fork the workers that clean posts as Pelican reads them, for a large enough site.

    They are forked here because it is the last moment the process surely has
    no other thread: Pelican's command line starts a spinner thread to build.
    """
    stale = _WORKERS.pop(_build_key(pelican_settings), None)
    if stale is not None:
        stale.close()
    text_stages = settings.stage_enabled("dedup") or settings.stage_enabled("typography")
    if not text_stages or settings.general.workers == 0:
        return
    if _count_sources(pelican_settings.get("PATH"), MIN_POSTS_FOR_WORKERS) < MIN_POSTS_FOR_WORKERS:
        return
    workers = Workers.start(settings, settings.general.workers)
    if workers is not None:
        _WORKERS[_build_key(pelican_settings)] = workers


def _count_sources(path: Any, enough: int) -> int:
    """Files under ``path`` that Pelican's readers may read, counted up to ``enough``."""
    count = 0
    for _, _, names in os.walk(path or "."):
        count += sum(name.endswith(_SOURCE_SUFFIXES) for name in names)
        if count >= enough:
            break
    return count


def _source_name(content: Any) -> str:
    return getattr(content, "relative_source_path", None) or getattr(
        content, "source_path", "<post>"
    )


def _post_text(content: Any) -> tuple[PostText, str | None]:
    """The texts of an article or page the text stages clean, and any problem with
    its ``newsclean`` metadata."""
    metadata = content.metadata
    skip, problem = stages_skipped_by_metadata(metadata.get("newsclean"))
    post = PostText(
        content=content._content or "",
        title=metadata.get("title", getattr(content, "title", "")) or "",
        summary=metadata.get("summary") if "summary" in metadata else None,
        lang=getattr(content, "lang", None) or content.settings.get("DEFAULT_LANG", "fr"),
        lang_declared=bool(metadata.get("lang")),
        source=_source_name(content),
        skip=skip,
    )
    return post, problem


def prefetch_content(content: Any) -> None:
    """``content_object_init``: hand a post just read to the cleaner, so that worker
    processes clean it while Pelican reads the others."""
    settings = getattr(content, "settings", None)
    if not isinstance(settings, dict) or not _active(settings):
        return
    build = _RUNNING.get(_build_key(settings))
    if build is None or build.cleaner is None or not build.settings.enabled:
        return
    if build.settings.stage_enabled("dedup") and build.settings.dedup.boilerplate_min_posts:
        return  # results depend on the whole site: wait for process_articles
    build.cleaner.prefetch(_post_text(content)[0])


def _clean_content_object(
    content: Any, post: PostText, problem: str | None, build: Build, boilerplate: frozenset[str]
) -> None:
    """Run dedup and typography on one article or page (its texts: ``post``), in place."""
    if problem:
        logger.warning("newsclean: %s: %s", post.source, problem)
    assert build.cleaner is not None
    cleaned, report = build.cleaner.clean(post, boilerplate)
    # Write the private fields Pelican renders from; .content and .summary
    # are memoised, so they must not have been read before this point.
    metadata, summary = content.metadata, post.summary
    content._content = cleaned.content
    if cleaned.title != post.title:
        content.title = cleaned.title
        metadata["title"] = cleaned.title
    if summary is not None and cleaned.summary != summary:
        content._summary = cleaned.summary
        metadata["summary"] = cleaned.summary
    content.newsclean = report
    build.reports.append(report)
    assert cleaned.headline is not None and cleaned.description is not None
    build.visible[id(content)] = (cleaned.headline, cleaned.description)
    if not logger.isEnabledFor(logging.DEBUG):
        return  # the loop alone costs 0.05 s per 1,000 posts
    for change in report.changes:
        logger.debug(
            "newsclean: %s: %s %s %s: %r -> %r",
            report.source,
            change.stage,
            change.rule,
            change.where,
            change.before,
            change.after,
        )


def _clean_all(contents: list[Any], build: Build, boilerplate: frozenset[str]) -> None:
    """Clean articles or pages in place, sharing the work with the cleaner's workers."""
    cleaner = build.cleaner
    assert cleaner is not None
    texts = [_post_text(content) for content in contents]
    for post, _ in texts:  # those not handed over as read (Pelican's cache, boilerplate)
        cleaner.prefetch(post, boilerplate)
    cleaner.finish()
    try:
        for content, (post, problem) in zip(contents, texts, strict=True):
            _clean_content_object(content, post, problem, build, boilerplate)
    finally:
        cleaner.close()


def _unique(items: Any) -> list[Any]:
    seen: set[int] = set()
    result = []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            result.append(item)
    return result


def _site_boilerplate(contents: list[Any], settings: NewscleanSettings) -> frozenset[str]:
    """Keys of paragraphs found in at least ``boilerplate_min_posts`` posts."""
    if not settings.stage_enabled("dedup"):
        return frozenset()
    threshold = settings.dedup.boilerplate_min_posts
    if not threshold:
        return frozenset()
    counts: Counter[str] = Counter()
    for content in contents:
        counts.update(dedup.paragraph_keys(content._content or "", settings.dedup))
    return frozenset(key for key, count in counts.items() if count >= threshold)


def process_articles(generator: Any) -> None:
    """Clean every article list at ``article_generator_pretaxonomy``."""
    if not _active(generator.settings):
        return
    build = _build_of(generator.context)
    if not build.settings.enabled:
        return
    articles = _unique(
        [
            *generator.articles,
            *generator.translations,
            *generator.hidden_articles,
            *generator.hidden_translations,
            *generator.drafts,
            *generator.drafts_translations,
        ]
    )
    with collection_paused():
        _clean_all(articles, build, _site_boilerplate(articles, build.settings))
        _attach_entities(articles, generator, build)
    published = [a for a in articles if getattr(a, "status", "") == "published"]
    build.listed = [a for a in published if a.entities]


def _slugify_for(settings: dict[str, Any]) -> Any:
    from pelican.utils import slugify

    substitutions = settings.get("SLUG_REGEX_SUBSTITUTIONS") or []
    return lambda text: slugify(text, regex_subs=substitutions)


def site_entity_stage(
    newsclean: NewscleanSettings, settings: dict[str, Any] | None = None
) -> EntityStage:
    """The entity stage with the site's cache folder and slug rules (Pelican's defaults
    when ``settings`` is None, as for ``newsclean check``: no cache)."""
    if settings is None:
        from pelican.settings import DEFAULT_CONFIG

        settings = {**DEFAULT_CONFIG, "CACHE_PATH": None}
    return EntityStage(
        newsclean.entities, cache_folder(newsclean, settings), _slugify_for(settings)
    )


def _absolute(siteurl: str, url: str) -> str:
    return f"{siteurl.rstrip('/')}/{url}" if siteurl else url


#: Bump when what the cache of visible texts stores changes.
VISIBLE_CACHE_FORMAT = 2


def _visible_body(article: Any, cache: ResultCache | None) -> str:
    """The visible text of the article's body, for NER; from the cache when seen."""
    content = article._content or ""
    stored = cache.get(content) if cache is not None else None
    if isinstance(stored, str):
        return stored
    body = visible_text(content)
    if cache is not None:
        cache.put(content, body)
    return body


def _attach_entities(articles: list[Any], generator: Any, build: Build) -> None:
    """Find entities in one batch; set ``article.entities`` and ``article.jsonld``."""
    settings = generator.settings
    options = build.settings.entities
    stage_on = build.settings.stage_enabled("entities")
    started = time.perf_counter()
    wanted = [a for a in articles if stage_on and "entities" not in a.newsclean.skipped_stages]
    folder = cache_folder(build.settings, settings) if wanted else None
    cache = ResultCache(folder, "visible", {"format": VISIBLE_CACHE_FORMAT}) if folder else None
    bodies = {id(a): _visible_body(a, cache) for a in wanted}
    if cache is not None:
        cache.save()
    results = {}
    if wanted:
        stage = site_entity_stage(build.settings, settings)
        inputs = [
            PostInput(
                text="\n".join(t for t in (build.visible[id(a)][0], bodies[id(a)]) if t),
                lang=getattr(a, "lang", None),
                pinned=a.metadata.get("entities"),
                ignore=a.metadata.get("entities_ignore"),
                source=_source_name(a),
            )
            for a in wanted
        ]
        try:
            found = stage.run(inputs)
        except ModelNotInstalledError as error:
            logger.error("newsclean: %s", error)
            raise
        for name, seconds in stage.timings.items():
            build.times.add(f"entities.{name.removesuffix('_seconds')}", seconds)
        for key, value in stage.stats.items():
            build.entity_stats[key] = build.entity_stats.get(key, 0) + value
        results = {id(a): r for a, r in zip(wanted, found, strict=True)}
    siteurl = settings.get("SITEURL", "")
    for article in articles:
        result = results.get(id(article))
        entities = []
        if result is not None:
            for problem in result.problems:
                logger.warning("newsclean: %s: %s", _source_name(article), problem)
            entities = [e.with_url(options.url.format(slug=e.slug)) for e in result.entities]
            article.newsclean.entities = [e.as_dict() for e in entities]
            if options.as_tags:
                _add_tags(article, entities)
        article.entities = entities
        headline, description = build.visible[id(article)]
        article.jsonld = news_article_jsonld(
            headline=headline,
            url=_absolute(siteurl, article.url),
            date_published=getattr(article, "date", None),
            date_modified=getattr(article, "modified", None),
            authors=[str(a) for a in getattr(article, "authors", [])],
            description=description,
            language=getattr(article, "lang", None),
            entities=[
                {
                    "type": e.type,
                    "name": e.name,
                    "url": _absolute(siteurl, e.url),
                    "same_as": e.same_as,
                }
                for e in entities
            ],
        )
    build.times.add("entities", time.perf_counter() - started)


def _add_tags(article: Any, entities: list[Any]) -> None:
    from pelican.urlwrappers import Tag

    tags = list(getattr(article, "tags", []) or [])
    names = {str(t).casefold() for t in tags}
    for entity in entities:
        if entity.name.casefold() not in names:
            tags.append(Tag(entity.name, article.settings))
            names.add(entity.name.casefold())
    article.tags = tags


def process_pages(generator: Any) -> None:
    """Clean every page list at ``page_generator_finalized``."""
    if not _active(generator.settings):
        return
    build = _build_of(generator.context)
    if not build.settings.enabled:
        return
    pages = _unique(
        [
            *generator.pages,
            *generator.translations,
            *generator.hidden_pages,
            *generator.hidden_translations,
            *generator.draft_pages,
            *generator.draft_translations,
        ]
    )
    _clean_all(pages, build, frozenset())


def _summary_line(build: Build) -> str:
    removed, fixes = tally(build.reports)
    errors = sum(len(r.errors) for r in build.reports)
    by_rule = ", ".join(f"{rule} {count}" for rule, count in fixes.most_common())
    mentioned = [e["slug"] for r in build.reports for e in r.entities]
    seconds = ", ".join(f"{stage} {s:.2f} s" for stage, s in build.times.seconds.items())
    return (
        f"newsclean: {len(build.reports)} posts processed, {removed} repeated paragraphs "
        f"removed, {sum(fixes.values())} typography fixes"
        + (f" ({by_rule})" if by_rule else "")
        + f", {len(mentioned)} entities ({len(set(mentioned))} distinct)"
        + f", {errors} errors"
        + (f" [{seconds}]" if seconds else "")
    )


def finish_build(pelican: Any) -> None:
    """Print the one-line summary and write the optional JSON report."""
    build = _RUNNING.pop(os.path.abspath(pelican.output_path), None)
    if build is not None and build.cleaner is not None:
        build.cleaner.close()  # its workers, if the build had no article to take them
    if build is None or not _active(pelican.settings) or not build.settings.enabled:
        return
    if build.text_cache is not None:
        build.text_cache.save()
    line = _summary_line(build)
    logger.info(line)
    try:
        from pelican.log import console

        console.print(line)
    except ImportError:  # an older Pelican without the rich console
        print(line)
    report_path = build.settings.general.report
    if report_path:
        write_json_atomically(
            os.path.abspath(report_path),
            {
                "summary": line,
                "stage_seconds": build.times.seconds,
                "entity_stats": build.entity_stats,
                "posts": [r.to_dict() for r in build.reports],
            },
            indent=2,
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
    # aliases, and merging them again was a list test per alias (0.14 s per 1,000 posts).
    merged: set[tuple[str, tuple[str, ...]]] = set()
    for article in articles:
        for entity in article.entities:
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


class EntityPagesGenerator(Generator):
    """Writes the entity index, one page per entity and optional Atom feeds."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The theme's templates first, so a theme can override ours.
        self.env.loader = ChoiceLoader([self.env.loader, FileSystemLoader(TEMPLATES)])
        self.entity_pages: list[EntityPage] = []

    def generate_context(self) -> None:
        build = _build_of(self.context)
        started = time.perf_counter()
        self.entity_pages = entity_pages(build.listed, build.settings.entities)
        self.context["newsclean_entities"] = self.entity_pages
        self.context["newsclean_entity_groups"] = entity_groups(self.entity_pages)
        build.times.add("entity_pages", time.perf_counter() - started)

    def generate_output(self, writer: Any) -> None:
        build = _build_of(self.context)
        options = build.settings.entities
        started = time.perf_counter()
        relative = self.settings.get("RELATIVE_URLS", False)
        writer.write_file(
            options.index_save_as,
            self.get_template("newsclean_entities"),
            self.context,
            relative_urls=relative,
            entity_groups=self.context["newsclean_entity_groups"],
            url=options.index_url,
            template_name="newsclean_entities",
        )
        template = self.get_template("newsclean_entity")
        for page in self.entity_pages:
            writer.write_file(
                page.save_as,
                template,
                self.context,
                relative_urls=relative,
                entity=page,
                articles=page.articles,
                links=page.links,
                url=page.url,
                template_name="newsclean_entity",
            )
            if options.feeds:
                writer.write_feed(
                    page.articles[: self.settings.get("FEED_MAX_ITEMS") or None],
                    self.context,
                    options.feed_atom.format(slug=page.slug),
                    feed_title=page.name,
                )
        build.times.add("entity_pages", time.perf_counter() - started)


def read_site_settings(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A site's settings as Pelican reads them (for ``newsclean check --settings``)."""
    from pelican.settings import read_settings

    return read_settings(str(path))


def read_source(path: str | os.PathLike[str]) -> tuple[str, dict[str, Any]]:
    """Read a post the way Pelican's readers do: its HTML and its metadata.

    Raises ValueError for a format no enabled reader handles.
    """
    from pelican.readers import Readers
    from pelican.settings import DEFAULT_CONFIG

    settings = dict(DEFAULT_CONFIG)
    extension = os.path.splitext(str(path))[1].lstrip(".").lower()
    reader = Readers(settings).readers.get(extension)
    if reader is None:
        raise ValueError(f"no Pelican reader for .{extension} files")
    content, metadata = reader.read(str(path))
    return content or "", {key.lower(): value for key, value in metadata.items()}


def register() -> None:
    """Connect newsclean to Pelican's signals (called by Pelican)."""
    signals.initialized.connect(validate_settings)
    signals.content_object_init.connect(prefetch_content)
    signals.article_generator_pretaxonomy.connect(process_articles)
    signals.page_generator_finalized.connect(process_pages)
    signals.get_generators.connect(start_build)
    signals.finalized.connect(finish_build)
