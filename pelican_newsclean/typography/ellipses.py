"""Ellipses: three dots, etc."""

from __future__ import annotations

import re

from .base import ELLIPSIS, Edits, Style

_ETC_RE = re.compile(r"([Ee]tc)(?<!\w[Ee]tc)(?:\.{3}(?!\.)|\.?…)")


def find_etc_ellipsis(text: str, style: Style) -> Edits:
    """``etc...`` and ``etc…`` become ``etc.``: *et cetera* already says "and so on".

    ``pommes, poires, etc...`` → ``pommes, poires, etc.``
    """
    return [(m.start(), m.end(), m.group(1) + ".") for m in _ETC_RE.finditer(text)]


_ELLIPSIS_RE = re.compile(r"\.(?<!\.\.)\.\.(?!\.)")


def find_ellipsis(text: str, style: Style) -> Edits:
    """Three dots become one ``…`` (U+2026); ``..`` and ``....`` are left alone.

    ``Mais... non`` → ``Mais… non``
    """
    return [(m.start(), m.end(), ELLIPSIS) for m in _ELLIPSIS_RE.finditer(text)]
