"""Ellipses: three dots, etc."""

from __future__ import annotations

import re

from .base import ELLIPSIS, Edits, Style, anchored_matches, positions_of

# Not the end of a longer word, an accented one in NFD too (éetc: e + U+0301 + etc).
_ETC_RE = re.compile(r"([Ee]tc)(?<![\w\u0300-\u036f][Ee]tc)(?:[.…]{2,}|…)")


def find_etc_ellipsis(text: str, style: Style) -> Edits:
    """``etc..``, ``etc...``, ``etc…`` (any run of dots and ellipses) become
    ``etc.``: *et cetera* already says "and so on".

    ``pommes, poires, etc...`` → ``pommes, poires, etc.``; ``etc...…`` → ``etc.``
    """
    return [(m.start(), m.end(), m.group(1) + ".") for m in _ETC_RE.finditer(text)]


# A run of dots and ellipses: three dots or more, or an ellipsis with more.
_ELLIPSIS_RE = re.compile(r"[.…](?<![.…][.…])(?:(?<=\.)(?=[.…]{2}|…)|(?<=…)(?=[.…]))[.…]+")
_DOTS_RE = re.compile("[.…]+")


def find_ellipsis(text: str, style: Style) -> Edits:
    """Three dots or more, or an ellipsis with dots or ellipses stuck to it,
    become one ``…`` (U+2026); ``..`` is left alone.

    ``Mais... non`` → ``Mais… non``; ``Attendez.....`` and ``Bon……`` → one ``…``
    """
    # Tried where a run of dots starts, found by literal scans: a search for
    # the class tests every character.
    starts = positions_of(text, ".…", _DOTS_RE)
    return [(m.start(), m.end(), ELLIPSIS) for m in anchored_matches(_ELLIPSIS_RE, text, starts)]
