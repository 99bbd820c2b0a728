"""How a section of the ``NEWSCLEAN`` setting is declared and validated.

A section is a frozen dataclass beside the stage that reads it (ftfy's
``TextFixerConfig`` is the model): each field is typed and declared with
:func:`option`, which holds its default, its one-line documentation and any
check beyond its type. The accepted types come from the annotation. The
validators shared by several sections live here too; this module imports
no stage, so every stage can import it.

    >>> @dataclass(frozen=True)
    ... class Demo(Section):
    ...     size: int = option(3, "How many.", check=positive, accepted="at least 1")
    >>> Demo.from_raw({"size": 5}, "['demo']").size
    5
    >>> Demo.from_raw({"size": 0}, "['demo']")
    Traceback (most recent call last):
    ...
    pelican_newsclean.options.SettingsError: NEWSCLEAN['demo']['size'] is 0; accepted: at least 1
"""

from __future__ import annotations

import difflib
import os
import string
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

_SectionT = TypeVar("_SectionT", bound="Section")


class SettingsError(ValueError):
    """A ``NEWSCLEAN`` key is unknown or holds a value it does not accept."""


@dataclass(frozen=True)
class Option:
    """One setting: its name, default, accepted values and documentation.

    ``kind`` is a type or tuple of types the value must be an instance of;
    ``choices`` restricts it to a closed set; ``check`` is an extra predicate
    whose failure message is ``accepted``; ``doubt`` flags a value that is
    accepted but probably a mistake, explained by ``doubt_why``.
    """

    name: str
    default: Any
    doc: str
    kind: type | tuple[type, ...] = object
    choices: tuple[Any, ...] | None = None
    check: Callable[[Any], bool] | None = None
    accepted: str = ""
    doubt: Callable[[Any], bool] | None = None
    doubt_why: str = ""

    def kinds(self) -> tuple[type, ...]:
        return self.kind if isinstance(self.kind, tuple) else (self.kind,)

    def describe_accepted(self) -> str:
        if self.accepted:
            return self.accepted
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        kinds = self.kinds()
        # A float option takes an int too: "a number" says both.
        named = (k for k in kinds if not (k is int and float in kinds))
        return " or ".join(_type_name(k) for k in named)

    def validate(self, value: Any, path: str) -> Any:
        """The value, frozen, or :class:`SettingsError` naming ``path``, the value
        and what is accepted."""
        kinds = self.kinds()
        # bool is an int subclass: a threshold given as True is a mistake.
        bad_bool = isinstance(value, bool) and bool not in kinds and object not in kinds
        if bad_bool or not isinstance(value, kinds):
            raise SettingsError(
                f"NEWSCLEAN{path} is {value!r} ({type(value).__name__}); "
                f"accepted: {self.describe_accepted()}"
            )
        if (self.choices is not None and value not in self.choices) or (
            self.check is not None and not self.check(value)
        ):
            raise SettingsError(
                f"NEWSCLEAN{path} is {_short_repr(value)}; accepted: {self.describe_accepted()}"
            )
        return freeze(value)

    def doubt_about(self, value: Any, path: str) -> str | None:
        """A warning for an accepted value that is probably a mistake, or None."""
        if self.doubt is None or not self.doubt(value):
            return None
        return f"NEWSCLEAN{path} is {value!r}: {self.doubt_why}"


def _short_repr(value: Any) -> str:
    # 10**400 has 401 digits: the message stays one line.
    text = repr(value)
    return text if len(text) <= 80 else text[:60] + "…" + text[-10:]


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


class FrozenDict(dict[Any, Any]):
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


def freeze(value: Any) -> Any:
    """Make lists and dicts immutable so one settings object is safe to share."""
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    if isinstance(value, dict):
        return FrozenDict({k: freeze(v) for k, v in value.items()})
    return value


# ---------------------------------------------------------------------------
# Declaring a section

_DECLARATION = "newsclean_option"


@dataclass(frozen=True)
class _Declared:
    default: Any
    doc: str
    choices: tuple[Any, ...] | None
    check: Callable[[Any], bool] | None
    accepted: str
    doubt: Callable[[Any], bool] | None
    doubt_why: str


def option(
    default: Any,
    doc: str,
    *,
    choices: tuple[Any, ...] | None = None,
    check: Callable[[Any], bool] | None = None,
    accepted: str = "",
    doubt: Callable[[Any], bool] | None = None,
    doubt_why: str = "",
) -> Any:
    """Declare a field of a :class:`Section`: its default (documented as written,
    stored frozen), its documentation and what it accepts beyond its type."""
    declared = _Declared(default, doc, choices, check, accepted, doubt, doubt_why)
    frozen = freeze(default)
    # A factory, not a default: dataclasses refuse dict defaults, even frozen ones.
    return field(default_factory=lambda: frozen, metadata={_DECLARATION: declared})


def _kinds_of(hint: Any) -> tuple[type, ...]:
    """The runtime types a setting annotated ``hint`` accepts: a ``float`` takes an
    int too, a ``tuple[...]`` a list (as written in pelicanconf.py), a
    ``Mapping`` a dict."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return tuple(k for arg in typing.get_args(hint) for k in _kinds_of(arg))
    if hint is type(None):
        return (type(None),)
    if hint is float:
        return (int, float)
    if hint is tuple or origin is tuple:
        return (list, tuple)
    if hint is Any:
        return (object,)
    if origin is not None and isinstance(origin, type) and issubclass(origin, Mapping):
        return (dict,)
    if isinstance(hint, type):
        return (hint,)
    raise TypeError(f"no runtime check for a setting annotated {hint!r}")


@dataclass(frozen=True)
class Section:
    """Base of the validated options of one section (``dedup``, ``typography``...).

    Subclasses are frozen dataclasses whose fields are declared with :func:`option`.
    """

    @classmethod
    def options(cls) -> tuple[Option, ...]:
        """The section's options, in declaration order."""
        cached = cls.__dict__.get("_options")
        if cached is not None:
            return typing.cast(tuple[Option, ...], cached)
        hints = typing.get_type_hints(cls)
        declared = tuple(
            Option(
                name=f.name,
                kind=_kinds_of(hints[f.name]),
                **{k: getattr(f.metadata[_DECLARATION], k) for k in _Declared.__dataclass_fields__},
            )
            for f in fields(cls)
        )
        type.__setattr__(cls, "_options", declared)
        return declared

    @classmethod
    def from_raw(cls: type[_SectionT], raw: Any, path: str) -> _SectionT:
        """Validate one section of ``NEWSCLEAN``, given at ``path`` (``"['dedup']"``).

        ``True``/``False`` is a short form of ``{"enabled": ...}``.
        """
        if isinstance(raw, bool):
            raw = {"enabled": raw}
        if not isinstance(raw, Mapping):
            raise SettingsError(
                f"NEWSCLEAN{path} is {raw!r}; accepted: a dict of options, or True/False"
            )
        options = cls.options()
        check_keys(raw, [o.name for o in options], path)
        return cls(
            **{
                o.name: o.validate(raw[o.name], f"{path}[{o.name!r}]")
                for o in options
                if o.name in raw
            }
        )

    @property
    def values(self) -> FrozenDict:
        """The options as a mapping, in declaration order (for cache keys)."""
        return FrozenDict({f.name: getattr(self, f.name) for f in fields(self)})

    def doubts(self, path: str) -> list[str]:
        """Warnings for accepted values that are probably mistakes."""
        found = (
            o.doubt_about(getattr(self, o.name), f"{path}[{o.name!r}]") for o in self.options()
        )
        return [message for message in found if message]


def check_keys(raw: Mapping[Any, Any], known: list[str], path: str) -> None:
    """Raise :class:`SettingsError` for the first key of ``raw`` not in ``known``."""
    for key in raw:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            # A likely typo is named alone: the whole list would bury it.
            hint = f"Did you mean {close[0]!r}?" if close else f"accepted keys: {', '.join(known)}."
            raise SettingsError(f"NEWSCLEAN{path} has an unknown key {key!r}; {hint}")


# ---------------------------------------------------------------------------
# Validators shared by the sections. Each takes a value of the option's type and
# never raises: int and float compare exactly, so 10**400 is simply out of range.


def fraction(value: float) -> bool:
    return 0 <= value <= 1


def percentage(value: float) -> bool:
    return 0 <= value <= 100


def positive(value: int) -> bool:
    return value >= 1


def non_negative(value: int) -> bool:
    return value >= 0


def non_empty(value: str) -> bool:
    return bool(value.strip())


def list_of_str(value: Any) -> bool:
    return all(isinstance(v, str) for v in value)


def slug_template(value: str) -> bool:
    """A format string whose only placeholder is ``{slug}`` (at least once);
    ``{{`` and ``}}`` write braces.

    >>> slug_template("entities/{slug}/"), slug_template("entities/{x}/{slug}/")
    (True, False)
    >>> slug_template("{slug}/{"), slug_template("{}/{slug}")
    (False, False)
    """
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
    except ValueError:  # a lone { or }
        return False
    return bool(names) and all(name == "slug" for name in names)


def output_file(value: str) -> bool:
    """A file path under the output folder: relative, never climbing out with
    ``..``, naming a file rather than a folder.

    >>> output_file("entities/{slug}/index.html"), output_file("../x/{slug}.html")
    (True, False)
    >>> output_file("/var/www/{slug}.html"), output_file("entities/")
    (False, False)
    """
    path = value.replace("{slug}", "x").replace("\\", "/")
    if not path or os.path.isabs(path) or path.startswith("/") or ":" in path.split("/")[0]:
        return False
    if path.endswith("/") or path.rsplit("/", 1)[-1] in {"", ".", ".."}:
        return False
    depth = 0
    for part in path.split("/"):
        depth += -1 if part == ".." else part not in {"", "."}
        if depth < 0:
            return False
    return True


def report_file(value: str | None) -> bool:
    """None, or a path that names a file (not a folder) to write the report to,
    in a folder that exists or can be made (no file in the way)."""
    if value is None:
        return True
    name = os.path.basename(value.rstrip("/\\"))
    if not value.strip() or value.endswith(("/", os.sep)) or name in {"", ".", ".."}:
        return False
    path = os.path.abspath(value)
    if os.path.isdir(path):
        return False
    folder = os.path.dirname(path)
    while not os.path.exists(folder):
        folder = os.path.dirname(folder)
    return os.path.isdir(folder)
