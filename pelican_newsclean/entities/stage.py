"""The entity stage for a whole site: cache, one NER batch, canonical entities, slugs.

    stage = EntityStage(settings.entities, cache_dir, slugify)
    results = stage.run([PostInput(text, lang="fr", source="a.md"), ...])
    stage.timings  # {"load_seconds": ..., "ner_seconds": ..., "canonical_seconds": ...}

Per post, the steps of :mod:`.canonical` make the entities; across the site
two more rules apply, so one thing gets one entity and one slug everywhere:

- **Same key, same entity.** Names are compared by :func:`.canonical.fold`
  (no case, accents, apostrophe variants). One key has one display name (the
  most mentioned spelling on the site), one type (a pinned or configured type,
  else the type most posts give it: one vote per post, so one post naming it
  often does not outvote the others) and one slug.
- **Surnames.** A person named by surname only in a post where no fuller name
  appears (``Haftar``) becomes the site's full name (``Khalifa Haftar``) when
  exactly one person name on the site ends with it. Two candidates
  (``Marine Le Pen``, ``Jean-Marie Le Pen`` for ``Le Pen``) mean no guess:
  the surname stays an entity of its own.

Each build stores what the site steps made (the ``site`` cache): the next
build of the same posts, in the same order, with the same settings, takes the
entities from there, after checking the site's slug rules still give the
slugs stored, and reports what a build finding every post in the caches would.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..cache import ResultCache
from ..html import is_french
from . import options as entity_options
from .canonical import (
    Candidate,
    CanonicalOptions,
    GazetteerEntry,
    aliases_of,
    canonicalise,
    key_words,
    parse_entities_field,
    parse_ignore_field,
    rank_and_limit,
    regroup,
    simple_slugify,
    slug_source,
)
from .canonical.names import MAX_PERSON_NAME_WORDS, MAX_SLUG_CHARS, is_surname, name_words
from .extract import (
    Mention,
    load_pipeline,
    model_version,
    resolve_model,
    spacy_version,
)
from .filters import (
    LanguagePredicate,
    accept_all,
    lower_case_forms,
    words_written,
)
from .ner_process import LocalNer, NerProcess

logger = logging.getLogger("pelican_newsclean")

#: Bump when what extraction stores changes (the title rule, the Mention layout).
MENTIONS_FORMAT = 2

#: Bump when what the canonical cache stores changes (Candidate's JSON form, or
#: what the steps make of the same mentions).
CANONICAL_FORMAT = 4

#: Bump when what the site cache stores changes (see :meth:`EntityStage._site_entry`).
SITE_FORMAT = 1

#: Below this many texts, ``n_process`` > 1 costs more (process start-up,
#: one model load per process) than it saves.
LARGE_BATCH = 200

Loader = Callable[[str, Sequence[GazetteerEntry]], Any]


@dataclass(frozen=True)
class PostInput:
    """What the stage needs of a post: its visible text and entity front matter.

    ``text`` holds one block per line: the title, then each paragraph,
    heading or list item, ``"\\n"`` between them (``visible_text("<h1>" +
    title + "</h1>" + body_html)``). A line is a boundary no entity crosses.
    """

    text: str
    lang: str | None = None
    pinned: Any = None  # raw ``entities:`` front matter
    ignore: Any = None  # raw ``entities_ignore:`` front matter
    source: str = ""  # a name for messages (the source file)


@dataclass(frozen=True)
class Entity:
    """One canonical entity of a post."""

    name: str
    type: str
    slug: str
    mentions: int
    aliases: tuple[str, ...] = ()
    same_as: str | None = None
    url: str | None = None
    key: str = ""
    pinned: bool = False

    def with_url(self, url: str | None) -> Entity:
        """A copy with ``url`` set (the Pelican side knows the site's URL scheme)."""
        # A copy of the fields: dataclasses.replace introspects them, and a frozen
        # __init__ sets each through object.__setattr__, at every call.
        copy = object.__new__(Entity)
        copy.__dict__.update(self.__dict__, url=url)
        return copy

    def as_dict(self) -> dict[str, Any]:
        # By hand: dataclasses.asdict deep-copies, and this runs for every entity of a site.
        return {
            "name": self.name,
            "type": self.type,
            "slug": self.slug,
            "mentions": self.mentions,
            "aliases": list(self.aliases),
            "same_as": self.same_as,
            "url": self.url,
            "key": self.key,
            "pinned": self.pinned,
        }


@dataclass
class PostEntities:
    """The stage's result for one post."""

    source: str
    entities: list[Entity] = field(default_factory=list)
    report: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    cached: bool = False
    skipped: str | None = None  # why NER did not run on this post, if it did not


def section_values(settings: Any) -> dict[str, Any]:
    """Entity options from a settings ``Section``, a plain mapping, or None (defaults)."""
    values: Mapping[str, Any]
    if settings is None:
        values = {}
    elif hasattr(settings, "values") and isinstance(settings.values, Mapping):
        values = settings.values
    elif isinstance(settings, Mapping):
        values = settings
    else:
        raise TypeError(f"entity settings must be a Section or a mapping, not {settings!r}")
    return {o.name: values.get(o.name, o.default) for o in entity_options.OPTIONS}


def post_is_french(lang: str | None) -> bool:
    """Whether a post with this ``lang`` gets entities: a post without one is in
    the site's language, French (the build hands over posts of French sites)."""
    return not lang or is_french(str(lang))


def _field(post: Any, name: str, default: Any = None) -> Any:
    if isinstance(post, Mapping):
        return post.get(name, default)
    return getattr(post, name, default)


class _Progress:
    """Log progress every 10 % (or every 15 s); for 20 posts or more, also show it:
    through ``show`` (a line at a time, e.g. Pelican's rich console, which prints
    above its spinner) when given, else as a bar when stderr is a terminal."""

    def __init__(self, total: int, show: Callable[[str], None] | None = None) -> None:
        self.total = total
        self.step = max(1, total // 10)
        self.started = self.last = time.perf_counter()
        self.show = show if total >= 20 else None
        self.tty = show is None and total >= 20 and sys.stderr.isatty()

    def __call__(self, done: int) -> None:
        now = time.perf_counter()
        if self.tty:
            filled = 30 * done // self.total
            sys.stderr.write(f"\rnewsclean NER [{'#' * filled:<30}] {done}/{self.total}")
            if done == self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        if done == self.total or done % self.step == 0 or now - self.last > 15:
            self.last = now
            logger.info("newsclean: NER %d/%d posts (%.1f s)", done, self.total, now - self.started)
            if self.show is not None:
                self.show(f"newsclean: NER {done}/{self.total} posts ({now - self.started:.1f} s)")


class EntityStage:
    """Entities for every post of a build: one lazy model load, one batch, a cache.

    ``settings`` is ``NewscleanSettings.entities`` (or a mapping of the same
    options); ``cache_dir`` a folder (``CACHE_PATH/newsclean``) or None for
    no cache; ``slugify`` a ``str -> str`` function (Pelican's ``slugify``
    with the site's settings), by default a plain ASCII one. ``loader``
    replaces :func:`.extract.load_pipeline` (tests, or a shared model);
    ``is_french_text`` says whether a line is French (mentions in other lines
    are dropped; by default every line is taken as French).
    """

    def __init__(
        self,
        settings: Any = None,
        cache_dir: Any = None,
        slugify: Callable[[str], str] | None = None,
        *,
        loader: Loader | None = None,
        is_french_text: LanguagePredicate = accept_all,
    ) -> None:
        self.options = section_values(settings)
        self.is_french_text = is_french_text
        self.cache_dir = cache_dir
        self.slugify = slugify or simple_slugify
        self.loader: Loader = loader or load_pipeline
        self.gazetteer = tuple(GazetteerEntry.from_setting(e) for e in self.options["gazetteer"])
        self.canonical_options = CanonicalOptions.from_settings(
            gazetteer=self.gazetteer,
            aliases=self.options["aliases"],
            types=self.options["types"],
            ignore=self.options["ignore"],
            model=resolve_model(self.options["model"]),
        )
        self.timings: dict[str, float] = {}
        self.stats: dict[str, int] = {}
        self._ner: LocalNer | NerProcess | None = None
        # Where NER progress lines go besides the log (set by the Pelican side).
        self.show_progress: Callable[[str], None] | None = None
        # Called once this run's NER is over (the Pelican side lets a model go
        # that no later build of the process will use, before canonicalising).
        self.after_ner: Callable[[], None] | None = None

    # -- model -----------------------------------------------------------

    @property
    def ner(self) -> LocalNer | NerProcess:
        """The model, loaded on first use (once per stage, so once per build): what
        the loader gives, a :class:`NerProcess` or a spaCy pipeline run here."""
        if self._ner is None:
            started = time.perf_counter()
            loaded = self.loader(self.options["model"], self.gazetteer)
            ner = loaded if isinstance(loaded, LocalNer | NerProcess) else LocalNer(loaded)
            if isinstance(ner, NerProcess):
                ner.wait_loaded()  # raises what loading raised
            self._ner = ner
            self.timings["load_seconds"] = time.perf_counter() - started
            logger.info(
                "newsclean: loaded spaCy model %s in %.1f s",
                resolve_model(self.options["model"]),
                self.timings["load_seconds"],
            )
        return self._ner

    def fingerprint(self) -> dict[str, Any]:
        """What NER results depend on, besides the text (read without importing spaCy)."""
        model = resolve_model(self.options["model"])
        return {
            "mentions_format": MENTIONS_FORMAT,
            "spacy": spacy_version(),
            "model": model,
            "model_version": model_version(model),
            "gazetteer": [asdict(g) for g in self.gazetteer],
        }

    # -- the build -------------------------------------------------------

    def run(self, posts: Iterable[Any]) -> list[PostEntities]:
        """Entities for each post, in order. Raises ``ModelNotInstalledError`` if needed.

        A post is a :class:`PostInput` or any object or mapping with ``text``,
        ``lang``, ``pinned``, ``ignore`` and ``source``.
        """
        posts = list(posts)
        self.timings = {"load_seconds": 0.0, "ner_seconds": 0.0, "canonical_seconds": 0.0}
        results = [PostEntities(source=str(_field(p, "source", "") or "")) for p in posts]
        texts = [str(_field(p, "text", "") or "") for p in posts]
        if not self.options["enabled"]:
            for result in results:
                result.skipped = "entities disabled"
            return results

        started = time.perf_counter()
        fronts = [self._front_matter(p, r) for p, r in zip(posts, results, strict=True)]
        keys = [
            json.dumps([text, post_is_french(_field(post, "lang")), pins, ignored])
            for post, text, (pins, ignored) in zip(posts, texts, fronts, strict=True)
        ]
        site = ResultCache(self.cache_dir, "site", self.site_fingerprint())
        site_text = "\0".join(keys)
        if self._restore_site(site.get(site_text), posts, texts, results):
            site.save()
            self.timings["canonical_seconds"] = time.perf_counter() - started
            return results
        cache = ResultCache(self.cache_dir, "canonical", self.canonical_fingerprint())
        stored = [_decode_candidates(cache.get(key)) for key in keys]
        self.timings["canonical_seconds"] = time.perf_counter() - started

        # Only the posts without stored candidates need their mentions read.
        mentions = self._mentions(posts, texts, results, [c is None for c in stored])

        started = time.perf_counter()
        per_post: list[list[Candidate]] = []
        for i, (text, found, result) in enumerate(zip(texts, mentions, results, strict=True)):
            cands = stored[i]
            if cands is None:
                pins, ignored = fronts[i]
                cands, report = canonicalise(
                    text,
                    found,
                    self.canonical_options,
                    pins=pins,
                    ignored=ignored,
                    is_french=self.is_french_text,
                )
                cache.put(keys[i], [c.to_json() for c in cands])
                result.report.extend(report)
            else:
                result.report.append(_REUSED)
            per_post.append(cands)
        cache.save()
        self.stats["canonical_cache_hits"] = cache.hits
        site_starts = [len(r.report) for r in results]  # where the site steps' notes begin
        drop_site_common_words(per_post, texts, results)
        self._resolve_surnames(per_post, results)
        identities = self._site_identities(per_post)
        for cands, result in zip(per_post, results, strict=True):
            result.entities = self._finish(cands, identities, result)
        self.stats["entities"] = len(identities)
        site.put(site_text, self._site_entry(results, site_starts, identities))
        site.save()
        self.timings["canonical_seconds"] += time.perf_counter() - started
        return results

    def site_fingerprint(self) -> dict[str, Any]:
        """What the site's entities depend on besides the posts: their candidates'
        settings and the ranking ones (slug rules are checked on restore)."""
        return {
            "format": SITE_FORMAT,
            "canonical": self.canonical_fingerprint(),
            "min_mentions": self.options["min_mentions"],
            "max_entities": self.options["max_entities"],
        }

    def _site_entry(
        self,
        results: list[PostEntities],
        site_starts: list[int],
        identities: dict[str, dict[str, Any]],
    ) -> dict[str, Any]:
        """What the site steps made, for the same posts in a later build (JSON-ready):
        each identity's name, and per post its entities and the site steps' notes."""
        return {
            "names": {key: ident["name"] for key, ident in identities.items()},
            "posts": [
                [[_entity_fields(e) for e in r.entities], r.report[start:]]
                for r, start in zip(results, site_starts, strict=True)
            ],
        }

    def _restore_site(
        self, stored: Any, posts: list[Any], texts: list[str], results: list[PostEntities]
    ) -> bool:
        """Fill ``results`` from a :meth:`_site_entry` as a build finding every post
        in the caches would; False (nothing filled) if there is none, it is
        malformed, or the slug rules now give other slugs."""
        if not isinstance(stored, dict):
            return False
        try:
            names, entries = stored["names"], stored["posts"]
            if not isinstance(names, dict) or len(entries) != len(results):
                raise TypeError("one name per identity, one entry per post")
            slugs = self._assign_slugs(names)
            restored = [
                ([_entity(*fields) for fields in entities], _report(notes))
                for entities, notes in entries
            ]
        except (KeyError, TypeError, ValueError, AttributeError):
            logger.warning("newsclean: ignoring a malformed site entity cache entry")
            return False
        if any(slugs.get(e.key) != e.slug for entities, _ in restored for e in entities):
            return False  # the site's slug settings changed
        for post, text, result, (entities, notes) in zip(
            posts, texts, results, restored, strict=True
        ):
            lang = _field(post, "lang")
            if not post_is_french(lang):
                result.skipped = _not_french(lang)
            elif text.strip():
                result.cached = True  # its mentions are in the cache, and not needed
            result.entities = entities
            result.report.append(_REUSED)
            result.report.extend(notes)
        self.stats.update(
            posts=len(results),
            cache_hits=sum(r.cached for r in results),
            ner_texts=0,
            canonical_cache_hits=len(results),
            entities=len(names),
        )
        return True

    def canonical_fingerprint(self) -> dict[str, Any]:
        """What canonical entities depend on, besides the text, its language and its
        front matter: what its mentions depend on, and the canonical settings."""
        names = ("gazetteer", "aliases", "types", "ignore")
        language = self.is_french_text
        return {
            "format": CANONICAL_FORMAT,
            "language": f"{language.__module__}.{language.__qualname__}",
            "mentions": self.fingerprint(),
            **{n: self.options[n] for n in names},
        }

    @staticmethod
    def _front_matter(
        post: Any, result: PostEntities
    ) -> tuple[list[tuple[str | None, str]], list[str]]:
        """The post's pinned and ignored names; problems logged and reported."""
        pins, problems = parse_entities_field(_field(post, "pinned"))
        ignored, more = parse_ignore_field(_field(post, "ignore"))
        result.problems.extend(problems + more)
        for problem in result.problems:
            logger.warning("newsclean: %s: %s", result.source or "post", problem)
            result.report.append(
                {"step": "front_matter", "action": "problem", "name": "", "why": problem}
            )
        return pins, ignored

    def _mentions(
        self,
        posts: list[Any],
        texts: list[str],
        results: list[PostEntities],
        wanted: list[bool],
    ) -> list[list[Mention]]:
        """Mentions per post: from the cache, else from one batched NER run.

        A post not ``wanted`` (its candidates are stored) only marks its cache
        entry as still in use, so the file keeps it for a later build.
        """
        started = time.perf_counter()
        cache = ResultCache(self.cache_dir, "entities", self.fingerprint())
        found: list[list[Mention] | None] = [None] * len(posts)
        todo: dict[str, list[int]] = {}  # text -> posts with that text
        for i, (post, text) in enumerate(zip(posts, texts, strict=True)):
            if not post_is_french(_field(post, "lang")):
                results[i].skipped = _not_french(_field(post, "lang"))
                found[i] = []
            elif not text.strip():
                found[i] = []
            elif not wanted[i]:
                cache.get(text)
                found[i] = []
                results[i].cached = True
            elif (stored := cache.get(text)) is not None and (
                decoded := _decode(stored)
            ) is not None:
                found[i] = decoded
                results[i].cached = True
            else:
                todo.setdefault(text, []).append(i)
        self.timings["cache_seconds"] = time.perf_counter() - started
        self.stats.update(posts=len(posts), cache_hits=cache.hits, ner_texts=len(todo))
        if todo:
            self._run_ner(list(todo), todo, found, cache)
        started = time.perf_counter()
        cache.save()
        self.timings["cache_seconds"] += time.perf_counter() - started
        if self.after_ner is not None:
            self.after_ner()
        return [f or [] for f in found]

    def _run_ner(
        self,
        batch: list[str],
        todo: dict[str, list[int]],
        found: list[list[Mention] | None],
        cache: ResultCache,
    ) -> None:
        ner = self.ner
        wanted = entity_options.ner_processes(self.options["n_process"])
        n_process = wanted if len(batch) >= LARGE_BATCH else 1
        words = sum(len(t.split()) for t in batch)
        logger.info(
            "newsclean: NER on %d posts (%d words, %d process(es))", len(batch), words, n_process
        )
        started = time.perf_counter()
        stream = ner.mentions(
            batch,
            batch_size=self.options["batch_size"],
            n_process=n_process,
            progress=_Progress(len(batch), self.show_progress),
        )
        for text, mentions in zip(batch, stream, strict=True):
            cache.put(text, [m.to_json() for m in mentions])
            for i in todo[text]:
                found[i] = mentions
        self.timings["ner_seconds"] = time.perf_counter() - started
        self.stats["ner_words"] = words

    # -- across the site -------------------------------------------------

    def _resolve_surnames(
        self, per_post: list[list[Candidate]], results: list[PostEntities]
    ) -> None:
        """A bare surname becomes the site's only full name ending with it.

        Only a surname (``Pivot``, ``Le Pen``): a full name (``Jacques Pivot``)
        is not another's ending. A span of more words than a person's name
        (several names in a row) is nobody's full name.
        """
        endings: dict[tuple[str, ...], set[str]] = {}
        full_names: dict[str, str] = {}
        for cands in per_post:
            for c in cands:
                words = key_words(c.key)
                if (
                    c.type != "Person"
                    or len(words) < 2
                    or len(name_words(c.key)) > MAX_PERSON_NAME_WORDS
                ):
                    continue
                full_names.setdefault(c.key, c.name)
                for i in range(1, len(words)):
                    endings.setdefault(tuple(words[i:]), set()).add(c.key)
        if not endings:
            return
        for index, cands in enumerate(per_post):
            changed = False
            for c in cands:
                if c.type != "Person" or c.pinned or not is_surname(c.key):
                    continue
                owners = endings.get(tuple(key_words(c.key)), set())
                if len(owners) == 1:
                    (full,) = owners
                    results[index].report.append(
                        {
                            "step": "site_surnames",
                            "action": "merged",
                            "name": full_names[full],
                            "alias": c.name,
                            "why": "the only full name on the site ending so",
                        }
                    )
                    c.name = full_names[full]
                    changed = True
            if changed:
                per_post[index] = regroup(cands)

    def _site_identities(self, per_post: list[list[Candidate]]) -> dict[str, dict[str, Any]]:
        """One name, type, sameAs and slug per key across the site."""
        names: dict[str, Counter[str]] = {}
        types: dict[str, Counter[str]] = {}
        type_mentions: dict[str, Counter[str]] = {}
        fixed: dict[str, str] = {}
        same_as: dict[str, str] = {}
        for cands in per_post:
            for c in cands:
                names.setdefault(c.key, Counter())[c.name] += max(c.count, 1)
                types.setdefault(c.key, Counter())[c.type] += 1  # one vote per post
                type_mentions.setdefault(c.key, Counter())[c.type] += max(c.count, 1)
                if c.fixed:
                    fixed.setdefault(c.key, c.type)
                if c.same_as:
                    same_as.setdefault(c.key, c.same_as)
        chosen = {
            key: max(counts.items(), key=lambda nc: (nc[1], nc[0][:1].isupper(), nc[0]))[0]
            for key, counts in names.items()
        }
        slugs = self._assign_slugs(chosen)
        return {
            key: {
                "name": chosen[key],
                "type": fixed.get(key) or _site_type(types[key], type_mentions[key]),
                "slug": slugs[key],
                "same_as": same_as.get(key),
            }
            for key in sorted(chosen)
        }

    def _assign_slugs(self, names: Mapping[str, str]) -> dict[str, str]:
        """One slug per key from its display name, at most ``MAX_SLUG_CHARS``
        long, ``-2``, ``-3``... where two names give the same one (keys in
        sorted order)."""
        slugs: dict[str, str] = {}
        used: dict[str, str] = {}  # slug -> key
        for key in sorted(names):
            name = names[key]
            slug = self.slugify(slug_source(name)) or simple_slugify(slug_source(name)) or "entity"
            slug = slug[:MAX_SLUG_CHARS].rstrip("-") or "entity"
            base, n = slug, 2
            while used.get(slug, key) != key:
                slug, n = f"{base}-{n}", n + 1
            used[slug] = key
            slugs[key] = slug
        return slugs

    def _finish(
        self,
        cands: list[Candidate],
        identities: dict[str, dict[str, Any]],
        result: PostEntities,
    ) -> list[Entity]:
        kept, dropped = rank_and_limit(
            cands, self.options["min_mentions"], self.options["max_entities"]
        )
        for c in dropped:
            why = (
                f"fewer than {self.options['min_mentions']} mentions"
                if c.count < self.options["min_mentions"]
                else f"over max_entities ({self.options['max_entities']})"
            )
            result.report.append(
                {"step": "rank_and_limit", "action": "dropped", "name": c.name, "why": why}
            )
        entities = []
        for c in kept:
            ident = identities[c.key]
            c.name = ident["name"]
            entities.append(
                Entity(
                    name=ident["name"],
                    type=ident["type"],
                    slug=ident["slug"],
                    mentions=c.count,
                    aliases=aliases_of(c),
                    same_as=ident["same_as"],
                    key=c.key,
                    pinned=c.pinned,
                )
            )
        return entities


def drop_site_common_words(
    per_post: list[list[Candidate]], texts: Sequence[str], results: list[PostEntities]
) -> None:
    """``Commençons``, ``Conclusion``: a word that only ever opens a sentence in its
    post, and that another post of the site writes in lower case (``Epreuve``:
    ``épreuve``, its accent restored), is a common word.

    The post-level step (``drop_common_openers``) looked for the lower-case
    form in the post itself; this one looks in every post of the site.
    """
    wanted = {
        form for cands in per_post for c in cands if c.opener for form in lower_case_forms(c.name)
    }
    if not wanted:
        return
    common = words_written(texts, wanted)
    for index, cands in enumerate(per_post):
        kept = []
        for c in cands:
            if c.opener and common.intersection(lower_case_forms(c.name)):
                results[index].report.append(
                    {
                        "step": "site_common_words",
                        "action": "dropped",
                        "name": c.name,
                        "why": "a common word, capitalised only at sentence starts",
                    }
                )
                continue
            kept.append(c)
        per_post[index] = kept


def _entity_fields(entity: Entity) -> list[Any]:
    """An entity as the site cache stores it (its URL is the Pelican side's)."""
    return [
        entity.name,
        entity.type,
        entity.slug,
        entity.mentions,
        list(entity.aliases),
        entity.same_as,
        entity.key,
        entity.pinned,
    ]


def _entity(
    name: str,
    type: str,
    slug: str,
    mentions: int,
    aliases: list[str],
    same_as: str | None,
    key: str,
    pinned: bool,
) -> Entity:
    """An entity from its :func:`_entity_fields`, checked: a cache file is input."""
    if not all(isinstance(v, str) for v in (name, type, slug, key, *aliases)):
        raise TypeError("entity names, types, slugs, keys and aliases are strings")
    if not isinstance(mentions, int):
        raise TypeError("malformed mentions")
    # Fields copied in, as Entity.with_url does: a site has tens of thousands.
    entity = object.__new__(Entity)
    entity.__dict__.update(
        name=name,
        type=type,
        slug=slug,
        mentions=mentions,
        aliases=tuple(aliases),
        same_as=_optional_str(same_as),
        url=None,
        key=key,
        pinned=bool(pinned),
    )
    return entity


def _not_french(lang: Any) -> str:
    return f"lang {lang!r} is not French"


def _optional_str(value: Any) -> str | None:
    if not isinstance(value, str | None):
        raise TypeError("expected a string or null")
    return value


def _report(entries: list[Any]) -> list[dict[str, Any]]:
    if not all(isinstance(entry, dict) for entry in entries):
        raise TypeError("report entries are mappings")
    return list(entries)


_REUSED = {
    "step": "cache",
    "action": "reused",
    "name": "",
    "why": "same text, language, front matter and settings as an earlier build",
}


def _decode_candidates(stored: Any) -> list[Candidate] | None:
    """Candidates from their cached JSON form; None (a miss) if absent or malformed."""
    if stored is None:
        return None
    try:
        if not isinstance(stored, list):  # a dict or string would iterate as no candidate
            raise TypeError(f"not a list: {type(stored).__name__}")
        return [Candidate.from_json(c) for c in stored]
    except (KeyError, TypeError, ValueError):
        logger.warning("newsclean: ignoring a malformed canonical cache entry")
        return None


def _decode(stored: Any) -> list[Mention] | None:
    """Mentions from their cached JSON form; None (a miss) if malformed."""
    try:
        if not isinstance(stored, list):  # a dict would iterate as no mention
            raise TypeError(f"not a list: {type(stored).__name__}")
        return [Mention.from_json(m) for m in stored]
    except (TypeError, ValueError):
        logger.warning("newsclean: ignoring a malformed entity cache entry")
        return None


def extract_entities(
    text: str,
    nlp: Any,
    settings: Any = None,
    *,
    pinned: Any = None,
    ignore: Any = None,
    slugify: Callable[[str], str] | None = None,
) -> PostEntities:
    """Entities of one text with an already loaded pipeline (CLI, tests, notebooks)."""
    stage = EntityStage(settings, None, slugify, loader=lambda *_: nlp)
    return stage.run([PostInput(text=text, pinned=pinned, ignore=ignore)])[0]


def _site_type(votes: Counter[str], mentions: Counter[str]) -> str:
    """The type most posts give a name; a tie goes to the type with more mentions,
    then to a specific type over Thing, then by name: never to the order in
    which posts were read, so a build and ``newsclean check`` agree.

    >>> _site_type(Counter(Thing=1, Person=1), Counter(Thing=1, Person=3))
    'Person'
    """
    return max(votes, key=lambda t: (votes[t], mentions[t], t != "Thing", t))
