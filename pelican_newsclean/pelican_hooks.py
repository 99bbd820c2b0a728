"""The Pelican side of newsclean: signals, article attributes, JSON-LD, the
entity pages generator.

This is the only module that imports Pelican. Handlers are module-level
functions because Pelican's signals hold them by weak reference. Each build's
state is a :class:`~.build.Build`, found from Pelican's context (see
:class:`~.build.BuildSlot`), so ``pelican --autoreload`` starts every build
afresh. What a post becomes is :func:`~.post.prepare_post`'s, shared with
``newsclean check``.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass
from types import FrameType
from typing import Any, NoReturn

from jinja2 import ChoiceLoader, FileSystemLoader
from pelican import signals
from pelican.contents import Article
from pelican.generators import Generator

from . import dedup
from .build import Build, BuildSlot, SlotHandle
from .cache import CacheStore
from .entities import EntityStage, ModelNotInstalledError, news_article_jsonld
from .entities.options import ner_processes
from .entities.pages import slugs_with_pages
from .entities.stage import Loader
from .entity_pages import EntityPage, entity_groups, entity_pages
from .gcpause import collection_paused
from .language import may_be_french
from .page_inject import complete_article_page, completing_template
from .pipeline import MIN_POSTS_FOR_WORKERS, Workers
from .post import PreparedPost, post_text, prepare_posts, with_urls
from .settings import NewscleanSettings, SettingsError, doubtful_values, load_settings
from .summaries import FrenchSummary, PelicanSummary

logger = logging.getLogger("pelican_newsclean")

_SETTINGS_KEY = "NEWSCLEAN_VALIDATED"
TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
# Where the hooks find the build under way: a SlotHandle on the Pelican object's
# BuildSlot, in Pelican's settings and so in every build's context.
_BUILD_KEY = "NEWSCLEAN_BUILD"
# The Pelican object's attribute that holds its BuildSlot.
_SLOT_ATTRIBUTE = "newsclean_slot"


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


def start_build(pelican: Any) -> Any:
    """``get_generators``, sent at the start of every build: a fresh Build, and
    the entity pages generator when the entity stage makes pages."""
    if not _active(pelican.settings):
        return None
    slot = _slot_of(pelican)
    if slot.build is not None:
        slot.build.close()  # a build that failed midway (autoreload)
    settings = _settings_of(pelican.settings)
    build = slot.build = Build.start(settings, pelican.settings)
    build.edit_loop = slot.builds > 0 or _in_autoreload()
    slot.builds += 1
    changed = build.changed_sources()  # None: the cache will lack every post
    if changed is None or changed >= MIN_POSTS_FOR_WORKERS:
        build.workers = _start_workers(settings, pelican.settings)
    if settings.stage_enabled("entities") and (changed != 0 or build.edit_loop):
        # NER will likely run (now, or after the next edit of an edit loop, as
        # under --autoreload): load the model while Pelican reads the posts.
        stage = site_entity_stage(settings, pelican.settings)
        processes = ner_processes(settings.entities.n_process)
        slot.preload_model(stage.options["model"], stage.gazetteer, processes)
    if settings.stage_enabled("entities") and settings.entities.pages:
        return EntityPagesGenerator
    return None


# What Pelican's readers read by default: enough to tell a large site from a small one.
_SOURCE_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown", ".rst", ".html", ".htm")


def _start_workers(settings: NewscleanSettings, site_settings: dict[str, Any]) -> Workers | None:
    """Worker processes for a site large enough to pay for them, started now so that
    they are ready when Pelican has read every post."""
    text_stages = settings.stage_enabled("dedup") or settings.stage_enabled("typography")
    if not settings.enabled or not text_stages or settings.general.workers == 0:
        return None
    enough = MIN_POSTS_FOR_WORKERS
    if _count_sources(site_settings.get("PATH"), enough) < enough:
        return None
    return Workers.start(settings, settings.general.workers)


def _count_sources(path: Any, enough: int) -> int:
    """Files under ``path`` that Pelican's readers may read, counted up to ``enough``."""
    count = 0
    for _, _, names in os.walk(path or "."):
        count += sum(name.endswith(_SOURCE_SUFFIXES) for name in names)
        if count >= enough:
            break
    return count


def _running_build(context: dict[str, Any]) -> Build | None:
    """The build under way, from the slot handle its context shares with Pelican's
    settings; None outside a build."""
    handle = context.get(_BUILD_KEY)
    slot = handle() if isinstance(handle, SlotHandle) else None
    return slot.build if slot is not None else None


def _build_of(context: dict[str, Any]) -> Build:
    """This build, from the slot its context shares with Pelican's settings."""
    build = _running_build(context)
    if build is None:
        raise RuntimeError("newsclean: no build under way (get_generators was not sent)")
    # Read by templates: the "what newsclean changed" panel, the entity index link.
    context["NEWSCLEAN_PANEL"] = build.settings.enabled and build.settings.general.panel
    entities = build.settings.entities
    pages_on = build.settings.stage_enabled("entities") and entities.pages
    context["NEWSCLEAN_ENTITY_INDEX_URL"] = entities.index_url if pages_on else None
    return build


class BuildStopped(SystemExit):
    """Ends ``pelican`` with exit code 1 once the reason is logged. Pelican's
    main() prints a traceback under any Exception, which buries a one-line
    message about a setting; it lets SystemExit through."""

    def __init__(self) -> None:
        super().__init__(1)


def stop_build(error: Exception, pelican_settings: dict[str, Any]) -> NoReturn:
    """Log ``error`` in one line and stop the build; with ``pelican --debug``,
    raise ``error`` itself, traceback and all. Under ``--autoreload`` it is
    ``error`` too: the reload loop reports an exception and waits for the next
    edit, where a SystemExit would end it."""
    # CRITICAL: with --fatal errors, Pelican turns an ERROR into its own traceback.
    logger.critical("newsclean: %s", error)
    if pelican_settings.get("DEBUG") or _in_autoreload():
        raise error
    raise BuildStopped from error


def _in_autoreload() -> bool:
    """Whether ``pelican.autoreload`` (the loop of ``pelican --autoreload``) is a caller."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "autoreload" and frame.f_globals.get("__name__") == "pelican":
            return True
        frame = frame.f_back
    return False


def validate_settings(pelican: Any) -> None:
    """Check ``NEWSCLEAN`` before any post is read; a bad key stops the build."""
    if not _active(pelican.settings):
        return
    try:
        settings = load_settings(pelican.settings.get("NEWSCLEAN"))
    except SettingsError as error:
        stop_build(error, pelican.settings)
    for doubt in doubtful_values(settings):
        logger.warning("newsclean: %s", doubt)
    pelican.settings[_SETTINGS_KEY] = settings
    _slot_of(pelican)


def _slot_of(pelican: Any) -> BuildSlot:
    """The Pelican object's BuildSlot, made on first use, with a handle in its settings."""
    slot = getattr(pelican, _SLOT_ATTRIBUTE, None)
    if not isinstance(slot, BuildSlot):
        slot = BuildSlot()
        setattr(pelican, _SLOT_ATTRIBUTE, slot)
        pelican.settings[_BUILD_KEY] = SlotHandle(slot)
    return slot


def _source_name(content: Any) -> str:
    return str(
        getattr(content, "relative_source_path", None) or getattr(content, "source_path", "<post>")
    )


@dataclass(frozen=True)
class _AsRead:
    """What Pelican read of a post, before the plugin wrote into it. Kept on the
    article: Pelican's generator-layer cache pickles articles as the build left
    them (cleaned) and hands them back to the next build, which must clean what
    Pelican read, as a cold build does, to report the same changes."""

    content: str | None
    title: Any
    summary: Any
    tags: Any


_AS_READ = "_newsclean_as_read"


def _as_read(content: Any) -> Any:
    """``content`` as Pelican read it: noted the first time, restored after."""
    metadata = content.metadata
    noted = getattr(content, _AS_READ, None)
    if noted is None:
        setattr(
            content,
            _AS_READ,
            _AsRead(
                content._content,
                metadata.get("title"),
                metadata.get("summary"),
                getattr(content, "tags", None),
            ),
        )
        return content
    content._content = noted.content
    if noted.title is not None:
        content.title = metadata["title"] = noted.title
    if "summary" in metadata:
        content._summary = metadata["summary"] = noted.summary
    if noted.tags is None:
        vars(content).pop("tags", None)  # added by entities.as_tags
    else:
        content.tags = noted.tags
    return content


def _apply(content: Any, prepared: PreparedPost, build: Build) -> None:
    """Write a cleaned post into its article or page, and keep its report."""
    cleaned, report = prepared.post, prepared.report
    if prepared.problem:
        logger.warning("newsclean: %s: %s", cleaned.source, prepared.problem)
    # Write the private fields Pelican renders from; .content and .summary
    # are memoised, so they must not have been read before this point.
    metadata = content.metadata
    content._content = cleaned.content
    if cleaned.title != str(metadata.get("title") or ""):
        content.title = cleaned.title
        metadata["title"] = cleaned.title
    if "summary" in metadata and cleaned.summary != metadata["summary"]:
        content._summary = cleaned.summary
        metadata["summary"] = cleaned.summary
    content.newsclean = report
    build.reports.append(report)
    if not logger.isEnabledFor(logging.DEBUG):
        return
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


def _clean_all(
    contents: list[Any],
    generator: Any,
    build: Build,
    boilerplate: frozenset[str],
    *,
    with_entities: bool,
) -> list[PreparedPost]:
    """Clean articles or pages in place; what each became, in order."""
    prepared = prepare_posts(
        [(c._content or "", c.metadata, _source_name(c)) for c in contents],
        generator.settings,
        build.settings,
        with_entities=with_entities,
        boilerplate=boilerplate,
        times=build.times,
        text_cache=build.text_cache,
        workers=build.workers,
    )
    for content, post in zip(contents, prepared, strict=True):
        _apply(content, post, build)
    return prepared


def _as_read_all(contents: list[Any]) -> list[Any]:
    """Each article or page once, with the texts Pelican read (see :class:`_AsRead`)."""
    seen: set[int] = set()
    result = []
    for content in contents:
        if id(content) not in seen:
            seen.add(id(content))
            result.append(_as_read(content))
    return result


def _site_boilerplate(contents: list[Any], settings: NewscleanSettings) -> frozenset[str]:
    """Keys of paragraphs found in at least ``boilerplate_min_posts`` posts."""
    if not _site_pass_on(settings):
        return frozenset()
    threshold = settings.dedup.boilerplate_min_posts
    counts: Counter[str] = Counter()
    for content in contents:
        counts.update(dedup.paragraph_keys(content._content or "", settings.dedup))
    return frozenset(key for key, count in counts.items() if count >= threshold)


def _site_pass_on(settings: NewscleanSettings) -> bool:
    """Whether dedup's site-wide boilerplate pass runs."""
    return settings.stage_enabled("dedup") and bool(settings.dedup.boilerplate_min_posts)


def process_articles(generator: Any) -> None:
    """Clean every article list at ``article_generator_pretaxonomy``."""
    if not _active(generator.settings):
        return
    build = _build_of(generator.context)
    if not build.settings.enabled:
        return
    articles = _as_read_all(
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
        boilerplate = _site_boilerplate(articles, build.settings)
        prepared = _clean_all(articles, generator, build, boilerplate, with_entities=True)
        build.stop_workers()  # not beside NER in memory; pages, if any, are cleaned here
        _attach_entities(articles, prepared, generator, build)
    summarize = _pelican_summary(generator.settings)
    for article in articles:  # summaries counted in French words (see summaries.py)
        article.get_summary = FrenchSummary(article, summarize)
    published = [a for a in articles if _published(a)]
    build.listed = [a for a in published if a.entities]


def clean_while_reading(content: Any) -> None:
    """``content_object_init``: hand an article Pelican has just read to the worker
    processes, which clean it while Pelican reads the others. Not with the
    site-wide boilerplate pass, which needs every post first."""
    if not isinstance(content, Article) or not _active(content.settings):
        return
    build = _running_build(content.settings)
    if build is None or build.workers is None or _site_pass_on(build.settings):
        return
    post, _ = post_text(
        content._content or "",
        content.metadata,
        content.settings,
        _source_name(content),
        build.settings,
    )
    build.workers.clean_soon((post, frozenset()), build.text_cache)


def _pelican_summary(settings: dict[str, Any]) -> PelicanSummary:
    from pelican import utils

    return PelicanSummary(
        settings.get("SUMMARY_MAX_PARAGRAPHS"),
        settings.get("SUMMARY_MAX_LENGTH"),
        settings.get("SUMMARY_END_SUFFIX", "…"),
        utils.truncate_html_paragraphs,
        utils.truncate_html_words,
        getattr(utils, "strip_toc_elements_from_html", None),  # Pelican 4.12+
    )


def _published(article: Any) -> bool:
    return getattr(article, "status", "") == "published"


def _slugify_for(settings: dict[str, Any]) -> Any:
    from pelican.utils import slugify

    substitutions = settings.get("SLUG_REGEX_SUBSTITUTIONS") or []
    return lambda text: slugify(text, regex_subs=substitutions)


def site_entity_stage(
    newsclean: NewscleanSettings,
    settings: dict[str, Any] | None = None,
    cache: CacheStore | None = None,
    loader: Loader | None = None,
) -> EntityStage:
    """The entity stage with the site's slug rules (Pelican's defaults when
    ``settings`` is None), its ``cache`` and its model ``loader``, if any."""
    settings = settings if settings is not None else default_site_settings()
    return EntityStage(
        newsclean.entities,
        cache,
        _slugify_for(settings),
        loader=loader,
        is_french_text=may_be_french,
    )


def _absolute(siteurl: str, url: str) -> str:
    return f"{siteurl.rstrip('/')}/{url}" if siteurl else url


def _attach_entities(
    articles: list[Any], prepared: list[PreparedPost], generator: Any, build: Build
) -> None:
    """Find entities in one batch; set ``article.entities`` and ``article.jsonld``."""
    settings = generator.settings
    options = build.settings.entities
    started = time.perf_counter()
    wanted = [(a, p) for a, p in zip(articles, prepared, strict=True) if p.entity_input]
    results = {}
    if wanted:
        slot = generator.context[_BUILD_KEY]()
        processes = ner_processes(build.settings.entities.n_process)
        loader = functools.partial(slot.load_model, processes=processes)
        stage = site_entity_stage(build.settings, settings, build.cache, loader)
        stage.show_progress = _console_line()
        if not build.edit_loop:  # one build in this process: the model's memory goes
            stage.after_ner = slot.release_model
        inputs = [p.entity_input for _, p in wanted]
        try:
            found = stage.run(inputs)
        except ModelNotInstalledError as error:
            stop_build(error, settings)
        for name, seconds in stage.timings.items():
            build.times.add(f"entities.{name.removesuffix('_seconds')}", seconds)
        for key, value in stage.stats.items():
            build.entity_stats[key] = build.entity_stats.get(key, 0) + value
        results = {id(a): r for (a, _), r in zip(wanted, found, strict=True)}
    siteurl = settings.get("SITEURL", "")
    paged = slugs_with_pages(
        (r.entities for a in articles if _published(a) and (r := results.get(id(a)))),
        options.min_posts if options.pages else len(articles) + 1,
    )
    for article, post in zip(articles, prepared, strict=True):
        result = results.get(id(article))
        entities = []
        if result is not None:
            for problem in result.problems:
                logger.warning("newsclean: %s: %s", _source_name(article), problem)
            entities = with_urls(result.entities, build.settings, paged)
            article.newsclean.entities = [e.as_dict() for e in entities]
            if options.as_tags:
                _add_tags(article, entities)
        article.entities = entities
        article.entities_shown = entities[: options.max_shown or None]
        _attach_jsonld(article, post, siteurl)
        if build.settings.general.jsonld == "off":
            article.jsonld = None
    build.times.add("entities", time.perf_counter() - started)


# -- JSON-LD ------------------------------------------------------------------


def _attach_jsonld(article: Any, prepared: PreparedPost, siteurl: str) -> None:
    """Set ``article.jsonld``: the post as a schema.org NewsArticle, its entities
    as ``mentions`` (templates print it in ``<head>``)."""
    article.jsonld = news_article_jsonld(
        headline=prepared.post.headline,
        url=_absolute(siteurl, article.url),
        date_published=getattr(article, "date", None),
        date_modified=getattr(article, "modified", None),
        authors=[str(a) for a in getattr(article, "authors", [])],
        description=prepared.post.description,
        language=getattr(article, "lang", None),
        entities=[
            {
                "type": e.type,
                "name": e.name,
                "url": _absolute(siteurl, e.url) if e.url else None,
                "same_as": e.same_as,
            }
            for e in article.entities
        ],
    )


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
    pages = _as_read_all(
        [
            *generator.pages,
            *generator.translations,
            *generator.hidden_pages,
            *generator.hidden_translations,
            *generator.draft_pages,
            *generator.draft_translations,
        ]
    )
    _clean_all(pages, generator, build, frozenset(), with_entities=False)


def finish_build(pelican: Any) -> None:
    """Print the one-line summary and write the optional JSON report."""
    slot = getattr(pelican, _SLOT_ATTRIBUTE, None)
    if not isinstance(slot, BuildSlot) or slot.build is None:
        return
    _forget_memoized_contents(pelican.settings)
    build, slot.build = slot.build, None
    if not _active(pelican.settings) or not build.settings.enabled:
        build.close()
        return
    line, details = build.finish()
    logger.info(line)
    for detail in details:
        logger.info(detail)
    (_console_line() or print)(line)


def _forget_memoized_contents(site_settings: dict[str, Any]) -> None:
    """Drop this site's entries from Pelican's memoized ``get_content`` and
    ``get_summary``, once its pages are written.

    Pelican memoizes them in class-level dicts keyed by (content, site URL), so
    every article of every build stayed alive as long as the process: under
    ``pelican --autoreload`` each rebuild added its articles, with their newsclean
    reports and JSON-LD (+1.3 MB per rebuild of 30 posts). An entry asked for
    again is computed again, the same.
    """
    from pelican.contents import Content

    for method in (Content.get_content, Content.get_summary):
        memo = getattr(method, "cache", None)
        if not isinstance(memo, dict):
            continue  # a Pelican that does not memoize this way
        for key in [k for k in memo if _is_content_of(k, site_settings)]:
            del memo[key]


def _is_content_of(key: Any, site_settings: dict[str, Any]) -> bool:
    """Whether a memo key's content (its first item) belongs to the site whose
    settings are ``site_settings``: the same sources and output folders (a
    content from Pelican's own content cache holds an unpickled copy of them)."""
    if not isinstance(key, tuple) or not key:
        return False
    settings = getattr(key[0], "settings", None)
    return isinstance(settings, dict) and all(
        settings.get(name) == site_settings.get(name) for name in ("PATH", "OUTPUT_PATH")
    )


def _console_line() -> Any:
    """Pelican's rich console's ``print`` (it prints above the build's spinner), or None."""
    try:
        from pelican.log import console
    except ImportError:  # an older Pelican without the rich console
        return None
    return console.print


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
        if not self.entity_pages:
            self.context["NEWSCLEAN_ENTITY_INDEX_URL"] = None
        build.times.add("entity_pages", time.perf_counter() - started)

    def generate_output(self, writer: Any) -> None:
        build = _build_of(self.context)
        options = build.settings.entities
        started = time.perf_counter()
        relative = self.settings.get("RELATIVE_URLS", False)
        if not self.entity_pages:
            return  # no index on a site with no entity to list
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


def complete_pages_of(generator: Any) -> None:
    """``article_generator_init``: article pages get the JSON-LD and entity links
    their theme did not print, as they are rendered (see page_inject.py)."""
    if _active(generator.settings):
        generator.env.template_class = completing_template(_complete_page)


def _complete_page(page: str, context: dict[str, Any]) -> str:
    article = context.get("article")
    build = _running_build(context) if article is not None else None
    if build is None or not build.settings.enabled:
        return page
    return complete_article_page(page, article, context.get("SITEURL", ""), build.settings)


def read_site_settings(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A site's settings as Pelican reads them (for ``newsclean check --settings``)."""
    from pelican.settings import read_settings

    return read_settings(str(path))


def default_site_settings() -> dict[str, Any]:
    """Pelican's default settings for a French site (for ``newsclean check``
    without ``--settings``)."""
    from pelican.settings import DEFAULT_CONFIG

    return {**DEFAULT_CONFIG, "DEFAULT_LANG": "fr"}


def read_source(
    path: str | os.PathLike[str], site_settings: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """Read a post the way Pelican's readers do with ``site_settings``: its HTML and
    its metadata (as Pelican's readers give it, before Pelican makes it an article).

    Raises ValueError for a format no enabled reader handles.
    """
    from pelican.readers import Readers

    extension = os.path.splitext(str(path))[1].lstrip(".").lower()
    reader = Readers(site_settings).readers.get(extension)
    if reader is None:
        raise ValueError(f"no Pelican reader for .{extension} files")
    content, metadata = reader.read(str(path))
    return content or "", {key.lower(): value for key, value in metadata.items()}


def register() -> None:
    """Connect newsclean to Pelican's signals (called by Pelican)."""
    signals.initialized.connect(validate_settings)
    signals.article_generator_pretaxonomy.connect(process_articles)
    signals.page_generator_finalized.connect(process_pages)
    signals.get_generators.connect(start_build)
    signals.article_generator_init.connect(complete_pages_of)
    signals.content_object_init.connect(clean_while_reading)
    signals.finalized.connect(finish_build)
