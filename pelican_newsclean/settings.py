"""The ``NEWSCLEAN`` setting: defaults, validation and one frozen settings object.

Every option is declared once, as an :class:`Option` with its default, the
values it accepts and a one-line description (the README's settings table is
checked against these declarations by the tests). Stage modules declare their
own options; this module assembles them, so adding an option is one line next
to the code that uses it.

    >>> s = load_settings({"dedup": {"min_words": 6}})
    >>> s.dedup.min_words, s.typography.enabled
    (6, True)
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

STAGES = ("dedup", "typography", "entities")


class SettingsError(ValueError):
    """A ``NEWSCLEAN`` key is unknown or holds a value it does not accept."""


@dataclass(frozen=True)
class Option:
    """One setting: its name, default, accepted values and documentation.

    ``kind`` is a type or tuple of types the value must be an instance of;
    ``choices`` restricts it to a closed set; ``check`` is an extra predicate
    whose failure message is ``accepted``.
    """

    name: str
    default: Any
    doc: str
    kind: type | tuple[type, ...] = object
    choices: tuple[Any, ...] | None = None
    check: Callable[[Any], bool] | None = None
    accepted: str = ""

    def describe_accepted(self) -> str:
        if self.accepted:
            return self.accepted
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        return " or ".join(_type_name(k) for k in kinds)

    def validate(self, value: Any, path: str) -> Any:
        # bool is an int subclass: a threshold given as True is a mistake.
        kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        bad_bool = isinstance(value, bool) and bool not in kinds and object not in kinds
        if bad_bool or not isinstance(value, kinds):
            raise SettingsError(
                f"NEWSCLEAN{path} is {value!r} ({type(value).__name__}); "
                f"accepted: {self.describe_accepted()}"
            )
        if self.choices is not None and value not in self.choices:
            raise SettingsError(
                f"NEWSCLEAN{path} is {value!r}; accepted: {self.describe_accepted()}"
            )
        if self.check is not None and not self.check(value):
            raise SettingsError(
                f"NEWSCLEAN{path} is {value!r}; accepted: {self.describe_accepted()}"
            )
        return _freeze(value)


def _type_name(kind: type) -> str:
    return {
        bool: "True or False",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        tuple: "a list",
        dict: "a dict",
        type(None): "None",
        object: "any value",
    }.get(kind, kind.__name__)


class FrozenDict(dict):
    """A dict that refuses changes and still pickles (Pelican's content cache
    pickles articles, which reference the settings)."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("NEWSCLEAN settings are read-only once validated")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]
    __ior__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (dict(self),))

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items(), key=repr)))


def _freeze(value: Any) -> Any:
    """Make lists and dicts immutable so one settings object is safe to share."""
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return FrozenDict({k: _freeze(v) for k, v in value.items()})
    return value


def fraction(value: Any) -> bool:
    return 0.0 <= float(value) <= 1.0


def percentage(value: Any) -> bool:
    return 0.0 <= float(value) <= 100.0


def positive(value: Any) -> bool:
    return value >= 1


def non_negative(value: Any) -> bool:
    return value >= 0


def list_of_str(value: Any) -> bool:
    return all(isinstance(v, str) for v in value)


@dataclass(frozen=True)
class Section:
    """The validated options of one section (``dedup``, ``typography``...)."""

    name: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__"):  # let pickle and copy probe for their hooks
            raise AttributeError(key)
        try:
            return self.values[key]
        except KeyError:
            raise AttributeError(f"no option {key!r} in NEWSCLEAN[{self.name!r}]") from None


GENERAL_OPTIONS: tuple[Option, ...] = (
    Option("enabled", True, "Switch the whole plugin on or off.", bool),
    Option(
        "strict",
        False,
        "Stop the build when a stage fails on a post, instead of warning and "
        "keeping that post's text as it was.",
        bool,
    ),
    Option(
        "report",
        None,
        "Path of a JSON report of the whole build (relative paths start from "
        "the folder pelican runs in), written atomically; None writes none.",
        (str, type(None)),
    ),
    Option(
        "panel",
        True,
        "Give templates `article.newsclean` data for a 'what newsclean changed' panel.",
        bool,
    ),
    Option(
        "workers",
        None,
        "Worker processes that clean posts (dedup, typography) beside the build's "
        "own, for sites of at least 48 source files: None chooses one per CPU core "
        "but one (the build's own process cleans posts too); 0 cleans every post in "
        "the build process. Results are the same either way.",
        (int, type(None)),
        check=lambda value: value is None or value >= 0,
        accepted="None (one per CPU core but one) or an integer >= 0",
    ),
    Option(
        "cache",
        True,
        "Keep results (cleaned texts, NER, canonical entities) in a content-hash "
        "cache under CACHE_PATH/newsclean, so an unchanged post costs little the next build.",
        bool,
    ),
)


def _section_options() -> dict[str, tuple[Option, ...]]:
    # Imported here: the stage modules import Option from this module.
    from . import dedup, typography
    from .entities import options as entity_options

    return {
        "dedup": dedup.OPTIONS,
        "typography": typography.OPTIONS,
        "entities": entity_options.OPTIONS,
    }


def all_options() -> dict[str, tuple[Option, ...]]:
    """Every option, by section; the general ones under ``""``."""
    return {"": GENERAL_OPTIONS, **_section_options()}


def _unknown_key_message(path: str, key: Any, known: list[str]) -> str:
    close = difflib.get_close_matches(str(key), known, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return f"NEWSCLEAN{path} has an unknown key {key!r}; accepted keys: {', '.join(known)}.{hint}"


def _validate_section(
    name: str, options: tuple[Option, ...], raw: Any, path: str
) -> dict[str, Any]:
    if isinstance(raw, bool):
        # `"dedup": False` is a handy short form for {"enabled": False}.
        raw = {"enabled": raw}
    if not isinstance(raw, Mapping):
        raise SettingsError(
            f"NEWSCLEAN{path} is {raw!r}; accepted: a dict of options, or True/False"
        )
    by_name = {o.name: o for o in options}
    for key in raw:
        if key not in by_name:
            raise SettingsError(_unknown_key_message(path, key, list(by_name)))
    return {
        o.name: o.validate(raw[o.name], f"{path}[{o.name!r}]")
        if o.name in raw
        else _freeze(o.default)
        for o in options
    }


@dataclass(frozen=True)
class NewscleanSettings:
    """The whole, validated ``NEWSCLEAN`` setting."""

    general: Section
    dedup: Section
    typography: Section
    entities: Section

    @property
    def enabled(self) -> bool:
        return self.general.enabled

    @property
    def strict(self) -> bool:
        return self.general.strict

    def stage_enabled(self, stage: str) -> bool:
        return self.general.enabled and getattr(self, stage).enabled


def load_settings(raw: Mapping[str, Any] | None) -> NewscleanSettings:
    """Validate a ``NEWSCLEAN`` dict and merge it with the defaults.

    Raises :class:`SettingsError` naming the first bad key and what it accepts.
    """
    raw = {} if raw is None else raw
    if not isinstance(raw, Mapping):
        raise SettingsError(f"NEWSCLEAN is {raw!r}; accepted: a dict")
    sections = _section_options()
    general_names = [o.name for o in GENERAL_OPTIONS]
    known = general_names + list(sections)
    for key in raw:
        if key not in known:
            raise SettingsError(_unknown_key_message("", key, known))
    general = _validate_section(
        "general", GENERAL_OPTIONS, {k: raw[k] for k in general_names if k in raw}, ""
    )
    values = {
        name: _validate_section(name, options, raw.get(name, {}), f"[{name!r}]")
        for name, options in sections.items()
    }
    return NewscleanSettings(
        general=Section("general", FrozenDict(general)),
        **{name: Section(name, FrozenDict(v)) for name, v in values.items()},
    )


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
        for option in options:
            key = f'`{section}["{option.name}"]`' if section else f"`{option.name}`"
            default = f"`{option.default!r}`"
            doc = option.doc.replace("|", "\\|")
            accepted = option.describe_accepted().replace("|", "\\|")
            rows.append(f"| {key} | {default} | {accepted} | {doc} |")
    return "\n".join(rows)
