"""The ``entities:`` and ``entities_ignore:`` front matter fields."""

from __future__ import annotations

import re
from typing import Any

from ..filters import MARKUP
from ..schema import SCHEMA_TYPES, parse_type
from .names import MAX_NAME_CHARS


def _items(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, list | tuple):
        parts: list[str] = []
        for item in raw:
            parts.extend(_items(item))
        return parts
    return [p.strip() for p in str(raw).split(";") if p.strip()]


_TYPE_PREFIX = re.compile(r"^([^\s:]+)\s*:\s*(.*)$", re.S)


def _unpublishable(name: str) -> str | None:
    """Why a pinned name cannot be published as written (a page title, a file name)."""
    if len(name) > MAX_NAME_CHARS:
        return f"longer than {MAX_NAME_CHARS} characters"
    if MARKUP.search(name):
        return "markup characters (< > { }) or control characters in the name"
    return None


def parse_entities_field(raw: Any) -> tuple[list[tuple[str | None, str]], list[str]]:
    """Read ``entities:`` front matter: ``;``-separated names, optional ``Type:`` prefix.

    Returns the ``(type or None, name)`` pairs and problem messages (an item
    with an unknown type prefix is skipped and reported, never raised).

    >>> parse_entities_field("Person: Emmanuel Macron; Organization: ONU; Lyon")
    ([('Person', 'Emmanuel Macron'), ('Organization', 'ONU'), (None, 'Lyon')], [])
    >>> parse_entities_field("Persn: Macron")[1][0][:36]
    "unknown type 'Persn' in 'entities:' "
    >>> parse_entities_field("Banque<x onclick=alert(1)>")[0]
    []
    """
    pins: list[tuple[str | None, str]] = []
    problems: list[str] = []
    for item in _items(raw):
        match = _TYPE_PREFIX.match(item)
        prefix, name = (match.group(1), match.group(2).strip()) if match else (None, item)
        kind = parse_type(prefix) if prefix else None
        if name and (why := _unpublishable(name)):
            problems.append(f"'entities:' front matter item {item[:60]!r}... skipped: {why}")
        elif prefix is None:
            pins.append((None, name))
        elif kind is None:
            problems.append(
                f"unknown type {prefix!r} in 'entities:' front matter item {item!r}; "
                f"accepted: {', '.join(SCHEMA_TYPES)} (or no prefix)"
            )
        elif not name:
            problems.append(f"empty name after {prefix!r} in 'entities:' front matter")
        else:
            pins.append((kind, name))
    return pins, problems


def parse_ignore_field(raw: Any) -> tuple[list[str], list[str]]:
    """Read ``entities_ignore:`` front matter: ``;``-separated names (``,`` also accepted)."""
    names: list[str] = []
    for item in _items(raw):
        names.extend(p.strip() for p in item.split(",") if p.strip())
    return names, []
