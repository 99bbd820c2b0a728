"""The ``entities:`` and ``entities_ignore:`` front matter fields."""

from __future__ import annotations

import re
from typing import Any

from ..schema import SCHEMA_TYPES, parse_type


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


def parse_entities_field(raw: Any) -> tuple[list[tuple[str | None, str]], list[str]]:
    """Read ``entities:`` front matter: ``;``-separated names, optional ``Type:`` prefix.

    Returns the ``(type or None, name)`` pairs and problem messages (an item
    with an unknown type prefix is skipped and reported, never raised).

    >>> parse_entities_field("Person: Emmanuel Macron; Organization: ONU; Lyon")
    ([('Person', 'Emmanuel Macron'), ('Organization', 'ONU'), (None, 'Lyon')], [])
    >>> parse_entities_field("Persn: Macron")[1][0][:36]
    "unknown type 'Persn' in 'entities:' "
    """
    pins: list[tuple[str | None, str]] = []
    problems: list[str] = []
    for item in _items(raw):
        match = _TYPE_PREFIX.match(item)
        if match is None:
            pins.append((None, item))
            continue
        prefix, name = match.group(1), match.group(2).strip()
        kind = parse_type(prefix)
        if kind is None:
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
