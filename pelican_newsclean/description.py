"""A post's JSON-LD description as an editor would write it.

The summary's first paragraph when the post has one, else the first sentences
of its first paragraph, never cut at a line break of the source: Markdown and
reStructuredText paragraphs are often wrapped by hand, and those breaks are
not the end of anything.

    >>> describe(None, "<p>La BCE baisse ses taux.\\nLa décision était\\nattendue.</p><p>Suite</p>")
    'La BCE baisse ses taux. La décision était attendue.'
"""

from __future__ import annotations

import re

from .html import first_visible_line, visible_text
from .report import shorten

#: Longest description, in characters.
DESCRIPTION_CHARS = 300
# A sentence ends at . ! ? or … (and a closing quote), before a space.
_SENTENCE_END = re.compile(r"[.!?…][»”\"’)]*(?=\s)")


def _unwrapped(html: str) -> str:
    """``html`` with its source line breaks as spaces: in visible text a break
    inside a paragraph is a space, and ``<br>`` and blocks still end lines
    (code and ``pre``, whose breaks matter, are not visible text)."""
    return html.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def first_sentences(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """As many whole sentences of ``text`` as fit in ``limit`` characters; the
    text shortened at a word when even the first sentence does not fit.

    >>> first_sentences("Un. Deux trois. Quatre cinq six.", 16)
    'Un. Deux trois.'
    >>> first_sentences("Une phrase bien trop longue pour tenir ici", 20)
    'Une phrase bien…'
    >>> first_sentences("M. Dupont, maire de la ville depuis vingt ans, parle.", 30)
    'M. Dupont, maire de la ville…'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, limit + 1) if m.end() <= limit]
    # A short "sentence" is more likely an abbreviation (M. Dupont) than a sentence.
    return text[: ends[-1]] if ends and ends[-1] > limit // 3 else shorten(text, limit)


def describe(summary: str | None, content: str) -> str:
    """The description of a post from its (cleaned) summary and body HTML."""
    if summary:
        return first_sentences(visible_text(_unwrapped(summary)).split("\n", 1)[0])
    return first_sentences(first_visible_line(_unwrapped(content)))
