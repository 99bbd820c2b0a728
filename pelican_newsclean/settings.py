"""The ``NEWSCLEAN`` setting: defaults, validation and one frozen settings object.

Each section is a frozen, typed dataclass declared beside the stage that
reads it (:class:`~pelican_newsclean.dedup.DedupSettings`,
:class:`~pelican_newsclean.typography.TypographySettings`,
:class:`~pelican_newsclean.entities.options.EntitySettings`); each field
holds its default, the values it accepts and a one-line description (the
README's settings table is checked against these declarations by the tests).
This module adds the top-level options and assembles the sections, so adding
an option is one line next to the code that uses it. The stages import
:mod:`pelican_newsclean.options`, never this module.

    >>> s = load_settings({"dedup": {"min_words": 6}})
    >>> s.dedup.min_words, s.typography.enabled
    (6, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .dedup import DedupSettings
from .entities.options import EntitySettings
from .options import Option, Section, SettingsError, check_keys, option, report_file
from .typography import TypographySettings

__all__ = [
    "SECTIONS",
    "STAGES",
    "GeneralSettings",
    "NewscleanSettings",
    "SettingsError",
    "all_options",
    "doubtful_values",
    "load_settings",
    "options_table_markdown",
    "stages_skipped_by_metadata",
]

STAGES = ("dedup", "typography", "entities")

#: The most worker processes a build may start: more only adds start-up time
#: and open pipes (each worker holds two of 1 MiB).
MAX_WORKERS = 64


def _workers(value: int | None) -> bool:
    return value is None or 0 <= value <= MAX_WORKERS


@dataclass(frozen=True)
class GeneralSettings(Section):
    """The top-level options of ``NEWSCLEAN``."""

    enabled: bool = option(True, "Switch the whole plugin on or off.")
    strict: bool = option(
        False,
        "Stop the build when a stage fails on a post, instead of warning and "
        "keeping that post's text as it was.",
    )
    report: str | None = option(
        None,
        "Path of a JSON report of the whole build (relative paths start from "
        "the folder pelican runs in), written atomically; None writes none.",
        check=report_file,
        accepted="None or the path of a file (not a folder)",
    )
    panel: bool = option(
        True, "Give templates `article.newsclean` data for a 'what newsclean changed' panel."
    )
    jsonld: str = option(
        "auto",
        "JSON-LD (schema.org NewsArticle) of each article: 'auto' adds the script to "
        "the page's <head> when the theme does not print `article.jsonld`; 'theme' "
        "leaves it to the theme; 'off' makes none.",
        choices=("auto", "theme", "off"),
    )
    workers: int | None = option(
        None,
        "Worker processes that clean posts (dedup, typography) beside the build's "
        "own, for sites of at least 48 source files: None chooses one per CPU core "
        "but one (the build's own process cleans posts too); 0 cleans every post in "
        "the build process. Results are the same either way.",
        check=_workers,
        accepted=f"None (one per CPU core but one) or an integer from 0 to {MAX_WORKERS}",
    )
    cache: bool = option(
        True,
        "Keep results (cleaned texts, NER, canonical entities) in a content-hash "
        "cache under CACHE_PATH/newsclean, so an unchanged post costs little the next build.",
    )


#: Each stage's section class, by its key in ``NEWSCLEAN``.
SECTIONS: dict[str, type[Section]] = {
    "dedup": DedupSettings,
    "typography": TypographySettings,
    "entities": EntitySettings,
}


def all_options() -> dict[str, tuple[Option, ...]]:
    """Every option, by section; the general ones under ``""``."""
    return {
        "": GeneralSettings.options(),
        **{name: section.options() for name, section in SECTIONS.items()},
    }


@dataclass(frozen=True)
class NewscleanSettings:
    """The whole, validated ``NEWSCLEAN`` setting."""

    general: GeneralSettings = field(default_factory=GeneralSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    typography: TypographySettings = field(default_factory=TypographySettings)
    entities: EntitySettings = field(default_factory=EntitySettings)

    @property
    def enabled(self) -> bool:
        return self.general.enabled

    @property
    def strict(self) -> bool:
        return self.general.strict

    def stage_enabled(self, stage: str) -> bool:
        sections: dict[str, DedupSettings | TypographySettings | EntitySettings] = {
            "dedup": self.dedup,
            "typography": self.typography,
            "entities": self.entities,
        }
        return self.general.enabled and sections[stage].enabled


def load_settings(raw: Mapping[str, Any] | None) -> NewscleanSettings:
    """Validate a ``NEWSCLEAN`` dict and merge it with the defaults.

    Raises :class:`SettingsError` naming the first bad key and what it accepts.
    """
    raw = {} if raw is None else raw
    if not isinstance(raw, Mapping):
        raise SettingsError(f"NEWSCLEAN is {raw!r}; accepted: a dict")
    general_names = [o.name for o in GeneralSettings.options()]
    check_keys(raw, general_names + list(SECTIONS), "")
    return NewscleanSettings(
        general=GeneralSettings.from_raw({k: raw[k] for k in general_names if k in raw}, ""),
        dedup=DedupSettings.from_raw(raw.get("dedup", {}), "['dedup']"),
        typography=TypographySettings.from_raw(raw.get("typography", {}), "['typography']"),
        entities=EntitySettings.from_raw(raw.get("entities", {}), "['entities']"),
    )


def doubtful_values(settings: NewscleanSettings) -> list[str]:
    """Warnings for accepted values that are probably mistakes (``similarity: 0.9``
    on its 0-100 scale)."""
    return settings.general.doubts("") + [
        message for name in SECTIONS for message in getattr(settings, name).doubts(f"[{name!r}]")
    ]


def stages_skipped_by_metadata(value: Any) -> tuple[frozenset[str], str | None]:
    """Read a post's ``newsclean:`` front matter.

    Returns the stages to skip and a problem message (None when the value is
    understood). ``off``/``false``/``no`` skips every stage; a comma-separated
    list (``typography, entities``), optionally written ``skip: typography``
    or ``no-typography``, skips those stages.

        >>> sorted(stages_skipped_by_metadata("off")[0])
        ['dedup', 'entities', 'typography']
        >>> sorted(stages_skipped_by_metadata("no-dedup, entities")[0])
        ['dedup', 'entities']
    """
    if value is None:
        return frozenset(), None
    if isinstance(value, bool):
        return (frozenset() if value else frozenset(STAGES)), None
    if isinstance(value, list | tuple):
        items = [str(v) for v in value]
    else:
        text = str(value).strip().lower()
        if text in {"off", "false", "no", "none", "0", "skip"}:
            return frozenset(STAGES), None
        if text in {"on", "true", "yes", "1", ""}:
            return frozenset(), None
        text = text.removeprefix("skip:").removeprefix("skip ")
        items = [p for p in text.replace(";", ",").split(",")]
    skipped = set()
    unknown = []
    for item in items:
        name = item.strip().lower().removeprefix("no-").removeprefix("no ").strip()
        if not name:
            continue
        if name in STAGES:
            skipped.add(name)
        else:
            unknown.append(item.strip())
    problem = None
    if unknown:
        problem = (
            f"unknown stage(s) {', '.join(map(repr, unknown))} in 'newsclean:' "
            f"front matter; accepted: off, or a list of {', '.join(STAGES)}"
        )
    return frozenset(skipped), problem


def options_table_markdown() -> str:
    """The README's settings table, made from the option declarations.

    ``python -m pelican_newsclean settings-table`` prints it; a test keeps the
    README equal to it.
    """
    rows = ["| key | default | accepted | what it does |", "|---|---|---|---|"]
    for section, options in all_options().items():
        for declared in options:
            key = f'`{section}["{declared.name}"]`' if section else f"`{declared.name}`"
            default = f"`{declared.default!r}`"
            doc = declared.doc.replace("|", "\\|")
            accepted = declared.describe_accepted().replace("|", "\\|")
            rows.append(f"| {key} | {default} | {accepted} | {doc} |")
    return "\n".join(rows)
