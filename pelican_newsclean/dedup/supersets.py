"""Fuller copies: a later copy that adds a few words to a block kept earlier.

An updated dispatch often comes back with a word or a clause more ("… doivent
*désormais* parcourir *parfois* plus de …"). Both wordings say the same thing,
one says a little more: the post keeps one block, with the fuller wording, at
the earlier place, and the copy goes (rule ``fuller-copy``). The copy must hold
every word of the earlier block in order (a typo fixed aside) and add at most
``fuller_copy_added_words`` words, and no more than a third of the earlier
block: more is new text, which stays. A changed figure or a replaced word is
no addition, and an added negation turns the statement around: both stay.
Nor are a stretch of the copy written twice in a row (a paste stuttered) or
the words of a link's address or a file name ("httpwww...", "zoom gif")
fuller wording: the kept block would take a paste's debris.

Only plain blocks of the same kind merge (no code, no nested blocks), and
only when the copy carries every inline tag of the earlier
block (a link is never lost with the shorter wording).
"""

from __future__ import annotations

from collections import Counter

from ..html import Element
from .near import AGENCY_WORDS, CREDIT_WORDS, NEGATIONS, changed_blocks, is_stutter, typo_close
from .options import Options
from .units import HTML_SPACE, Unit

_TYPOS = 2  # words of a block a fuller copy may spell otherwise, at most, before alignment


def added_words(words: list[str], reference: list[str]) -> list[str] | None:
    """The words ``words`` adds to ``reference`` when it holds all of it in order
    (a typo fixed aside), else None. A stretch written twice in a row adds no
    wording: a paste stuttered.

    >>> added_words("les travaux dureront désormais dix mois".split(),
    ...             "les travaux dureront dix mois".split())
    ['désormais']
    >>> added_words("on attend onze mois".split(), "on attend dix mois".split())
    >>> added_words("voir le plan voir le plan ici".split(), "voir le plan ici".split())
    []
    """
    added: list[str] = []
    for i1, i2, j1, j2 in changed_blocks(reference, words):
        if i1 == i2 and is_stutter(words, j1, j2):
            continue
        pool = words[j1:j2]
        for word in reference[i1:i2]:
            match = next((w for w in pool if w == word or typo_close(word, w)), None)
            if match is None:
                return None
            pool.remove(match)
        added.extend(pool)
    return added


#: Words a link's address or a file name leaves in a block's text: no wording.
_FILE_EXTENSIONS = frozenset("gif jpg jpeg png pdf htm html php jsp asp aspx".split())


def is_address_debris(word: str) -> bool:
    """Whether ``word`` is a piece of a link's address or of a file name.

    >>> [is_address_debris(w) for w in "httpwwwgrand zoom gif wwwacr plan".split()]
    [True, False, True, True, False]
    """
    return word.startswith(("http", "www")) or word in _FILE_EXTENSIONS


def _credit_only(words: list[str]) -> bool:
    """An agency credit ("(avec AFP)") says where a copy came from: no fuller wording."""
    return all(w in AGENCY_WORDS or w in CREDIT_WORDS for w in words)


def _tags_inside(element: Element) -> Counter[str]:
    return Counter(e.start_tag for e in element.iter() if e is not element)


def _mergeable(unit: Unit) -> bool:
    return not (unit.composite or unit.has_code)


def fuller_wording(unit: Unit, kept: Unit, options: Options) -> list[str] | None:
    """The words ``unit`` adds to ``kept`` if it is a fuller copy of it (see the
    module docstring), else None."""
    extra = len(unit.words) - len(kept.words)
    if not 0 < extra <= options.fuller_copy_added_words or 3 * extra > len(kept.words):
        return None
    if unit.element.tag != kept.element.tag or not (_mergeable(unit) and _mergeable(kept)):
        return None
    if len(set(kept.words).difference(unit.words)) > _TYPOS:
        return None  # words of the block missing from the copy: not all of it is there
    added = added_words(unit.words, kept.words)
    if not added or NEGATIONS.intersection(added) or _credit_only(added):
        return None
    if any(map(is_address_debris, added)):
        return None
    if _tags_inside(kept.element) - _tags_inside(unit.element):
        return None
    return added


def content_span(element: Element, source: str) -> tuple[int, int]:
    """The span of an element's content, without the spaces around it."""
    start, end = element.content_start, element.content_end
    content = source[start:end]
    start += len(content) - len(content.lstrip(HTML_SPACE))
    end -= len(content) - len(content.rstrip(HTML_SPACE))
    return start, max(start, end)


def merge_edit(kept: Unit, fuller: Unit, source: str) -> tuple[int, int, str]:
    """The edit giving ``kept`` the content of ``fuller`` (its sentences written
    twice already cut), its own tags and layout kept; it replaces ``kept``'s edits."""
    start, end = content_span(fuller.element, source)
    parts, at = [], start
    for cut_start, cut_end, new in sorted(fuller.edits):
        if start <= cut_start and cut_end <= end:
            parts += [source[at:cut_start], new]
            at = cut_end
    parts.append(source[at:end])
    return (*content_span(kept.element, source), "".join(parts))
