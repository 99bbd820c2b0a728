"""Which blocks could be near repeats or fuller copies at all.

A cheap filter, run once per post before the n-gram index: a block it rules
out is compared by its key only (exact repeats, boilerplate), and costs no
ordered n-gram table, no containment and no ratio. It reads words and
numbers only, and never rules out a block the rules could remove:

- a near repeat (containment or similarity) must add no information to the
  text it repeats (:func:`.near.adds_information`), which is made of earlier
  blocks. A word holding a digit is never a typo of another word, so a number
  no earlier block holds is a new number, unless an agency name in the block
  makes it part of a credit or a dateline ("Lyon, 3 mars (AFP) -");
- a fuller copy holds every word of the earlier block it completes
  (:mod:`.supersets`), each of its numbers spelt the same, and is longer by
  at most ``fuller_copy_added_words`` words and a third of that block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import filterfalse

from .near import AGENCY_WORDS
from .units import Unit

_DIGIT_RE = re.compile(r"\d")  # as typo_close tells a number
# Earlier blocks indexed by one of their numbers beyond which a shared number
# ("2024") says too little to rule anything out.
_NUMBER_HOLDERS = 8


def number_words(words: Sequence[str]) -> frozenset[str]:
    """The words holding a digit: ``12``, ``14h30``, ``xixe`` is none.

    >>> sorted(number_words("le 14h30 de la rue 12 bis".split()))
    ['12', '14h30']
    """
    # Letters only is the common case: one C call a word, and no Python loop.
    return frozenset(filter(_DIGIT_RE.search, filterfalse(str.isalpha, words)))


def mark_possible_repeats(units: Sequence[Unit], added_words: int) -> None:
    """Set ``may_repeat`` on each unit: whether some rule could find it repeats
    an earlier one other than by its key (see the module docstring)."""
    seen: set[str] = set()  # the numbers of the blocks read so far
    without_numbers = [0]  # earlier blocks holding no number, by word count
    by_number: dict[str, list[tuple[int, frozenset[str]]]] = {}  # (word count, numbers)
    for unit in units:
        numbers = number_words(unit.words)
        count = len(unit.words)
        unit.may_repeat = (
            numbers <= seen
            or not AGENCY_WORDS.isdisjoint(unit.words)
            or _may_complete(unit, numbers, without_numbers, by_number, added_words)
        )
        seen |= numbers
        if numbers:
            by_number.setdefault(next(iter(numbers)), []).append((count, numbers))
        else:
            if count >= len(without_numbers):
                without_numbers.extend([0] * (count + 1 - len(without_numbers)))
            without_numbers[count] += 1


def _may_complete(
    unit: Unit,
    numbers: frozenset[str],
    without_numbers: list[int],
    by_number: dict[str, list[tuple[int, frozenset[str]]]],
    added_words: int,
) -> bool:
    """Whether an earlier block could be one ``unit`` is a fuller copy of: shorter
    by ``added_words`` words and a third of its own length at most, all its
    numbers in ``unit``."""
    count = len(unit.words)
    shortest = max((3 * count + 3) // 4, count - added_words)  # 3 * (count - it) <= it
    if any(without_numbers[shortest:count]):
        return True
    words: set[str] | None = None
    for number in numbers:
        holders = by_number.get(number, ())
        if len(holders) > _NUMBER_HOLDERS:
            return True
        for length, others in holders:
            if shortest <= length < count:
                words = set(unit.words) if words is None else words
                if others <= words:
                    return True
    return False
