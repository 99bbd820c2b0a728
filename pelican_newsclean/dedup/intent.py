"""Intentional repeats: the repeats a careful editor would leave where they are.

A block that repeats an earlier one stays when both play the same part in a
structure where repeating is a device, and nothing says the repeat is a copy:

- **Parts** (:func:`part_of`): a list item (``li``, ``dd``, ``dt`` or a block
  inside one), a quote (a block inside ``blockquote``, or the attribution line
  right after one), a caption (``figcaption``), a heading, a dialogue line
  (``Nom : réplique``, ``BERNARD. — réplique``, or a line opened by a dialogue
  dash), verse (a block of short lines, or a short line among others like it).
  Two items of one unordered list are not the same part twice: a bullet list
  names each thing once, where numbered steps and definitions may come back.
- **Reminders** (:meth:`Intent.is_reminder`): a block that says again only
  a part of one earlier block (half its words or fewer), away from it (a block
  at least between them) and alone (neither neighbour a repeat), is a
  reminder or a refrain: "Il reste des places, inscrivez-vous !" closing two
  lists of entrants. A scraper pastes whole blocks, or a block's end again
  right after it.
- **Length**: a block with a line of ``long_repeat_chars`` or more goes
  anyway; a long text is rarely repeated on purpose.
- **Runs and distance** (:func:`copied_runs`): blocks repeated one after the
  other, in the order of the blocks they repeat (each at the same distance
  from its source), are a copied passage when there are ``copied_run_blocks``
  of them and they cover a whole list or quote, or take along a block that
  would go on its own; or when there are ``long_copied_run_blocks`` of them.
  Two procedures sharing two steps, or a refrain of two lines, are no copy;
  a list or a dispatch pasted again is.

A plain paragraph (no part) repeated goes as before, isolated or not.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..html import Element
from .cut import START
from .options import Options
from .report import Decision
from .units import HEADING_TAGS, Unit

_ITEM_TAGS = frozenset("li dd dt".split())
_LIST_TAGS = frozenset("ul ol dl menu".split())
# Lists whose items may come back: steps of a procedure, definitions.
_ORDERED_LISTS = frozenset("ol dl".split())
_DIALOGUE_DASHES = "—–―"
_STANZA_LINES = 3  # short one-line blocks in a row that read as verse
# Small words inside a speaker's name: "Marie de la Tour", "Jean d'Ormesson".
_NAME_PARTICLES = frozenset("de du des d la le l van von di da".split())
_SPEAKER_RE = re.compile(
    r"([^\W\d_][\w'’.-]*(?:[ \u00a0][\w'’.-]+){0,3})[ \u00a0\u202f]?(?::|\. ?[—–])[ \u00a0\u202f]"
)
_NAME_WORD_RE = re.compile(r"[\w]+")


@dataclass(frozen=True)
class Part:
    """The part a block plays: its kind, and the list or quote holding it."""

    kind: str  # "list item", "quote", "caption", "heading", "dialogue line", "verse"
    container: Element | None = None

    def repeats_on_purpose(self, other: Part) -> bool:
        """Whether a block in this part repeating one in ``other`` may be a device."""
        if self.kind != other.kind:
            return False
        if self.kind == "list item" and self.container is other.container:
            return self.container is not None and self.container.tag in _ORDERED_LISTS
        return True


def is_speaker_line(line: str) -> bool:
    """Whether a line reads as a dialogue line: ``Nom : réplique``, ``NOM. — réplique``.

    >>> is_speaker_line("Bernard IO : pouf pouf, fatiguant tout ça")
    True
    >>> is_speaker_line("Le maire a tranché : le budget augmente")
    False
    """
    match = _SPEAKER_RE.match(line)
    if match is None:
        return False
    words = _NAME_WORD_RE.findall(match.group(1))
    return words[0][0].isupper() and all(
        w[0].isupper() or w.casefold() in _NAME_PARTICLES for w in words
    )


def _nearest_structure(element: Element) -> Part | None:
    node: Element | None = element
    while node is not None:
        if node.tag in _ITEM_TAGS:
            parent = node.parent
            return Part(
                "list item", parent if parent is not None and parent.tag in _LIST_TAGS else None
            )
        if node.tag == "blockquote":
            return Part("quote", node)
        if node.tag == "figcaption":
            return Part("caption")
        node = node.parent
    return None


def _previous_element(element: Element) -> Element | None:
    """The element sibling right before ``element`` (text between them aside)."""
    parent = element.parent
    if parent is None:
        return None
    # From the element's place back: its start is past every earlier sibling's.
    at = bisect.bisect_left(parent.children, element.start, key=START) - 1
    while at >= 0:
        child = parent.children[at]
        if isinstance(child, Element):
            return child
        at -= 1
    return None


def is_verse(lines: list[str], options: Options) -> bool:
    return len(lines) >= 2 and all(len(line) <= options.verse_line_chars for line in lines)


def _short_line(lines: list[str], options: Options) -> bool:
    return len(lines) == 1 and len(lines[0]) <= options.verse_line_chars


def _in_stanza(units: Sequence[Unit], at: int, options: Options) -> bool:
    """Whether ``units[at]`` is one of three or more short one-line blocks in a row."""
    stretch = 1
    for step in (-1, 1):
        other = at + step
        while 0 <= other < len(units) and stretch < _STANZA_LINES:
            if not _short_line(units[other].lines(), options):
                break
            stretch += 1
            other += step
    return stretch >= _STANZA_LINES


def part_of(units: Sequence[Unit], at: int, options: Options) -> Part | None:
    """The part ``units[at]`` plays (see the module docstring), or None for plain text."""
    unit = units[at]
    part = _nearest_structure(unit.element)
    if part is not None:
        return part
    if unit.element.tag in HEADING_TAGS:
        return Part("heading")
    lines = unit.lines()
    if not lines:
        return None
    previous = _previous_element(unit.element)
    if previous is not None and previous.tag == "blockquote" and len(lines) <= 2:
        return Part("quote", previous)  # its attribution
    if lines[0][0] in _DIALOGUE_DASHES or is_speaker_line(lines[0]):
        return Part("dialogue line")
    if is_verse(lines, options):
        return Part("verse")
    if _short_line(lines, options) and _in_stanza(units, at, options):
        return Part("verse")
    return None


def is_long(unit: Unit, options: Options) -> bool:
    return any(len(line) >= options.long_repeat_chars for line in unit.lines())


@dataclass(frozen=True)
class CopiedRun:
    """Blocks repeated one after the other, in the order of the blocks they repeat."""

    first: int  # position of its first block
    last: int
    sources: tuple[int, int]  # positions of the first and last block repeated
    blocks: int  # repeated blocks in it (short ones carried along not counted)


class Intent:
    """Which repeats of a post stay on purpose (see the module docstring)."""

    def __init__(self, units: Sequence[Unit], options: Options):
        self.units = units
        self.options = options
        self._parts: dict[int, Part | None] = {}  # by position, found when asked for
        self.runs: dict[int, CopiedRun] = {}  # position -> the copied run holding it
        self.repeats: set[int] = set()  # positions of the blocks found to repeat one
        self._container_blocks: Counter[Element] | None = None

    def part(self, position: int) -> Part | None:
        if position not in self._parts:
            self._parts[position] = part_of(self.units, position - 1, self.options)
        return self._parts[position]

    def stays(self, unit: Unit, decision: Decision) -> bool:
        """Whether ``unit``, which ``decision`` would remove, stays as a device."""
        source = decision.repeats_position
        if not self.options.keep_structured_repeats or not source or unit.position in self.runs:
            return False
        if is_long(unit, self.options):
            return False
        if self.is_reminder(unit, source):
            return True
        part = self.part(unit.position)
        if part is None:
            return False
        other = self.part(source)
        return other is not None and part.repeats_on_purpose(other)

    def is_reminder(self, unit: Unit, source: int) -> bool:
        """Whether ``unit`` says again a part of block ``source`` only, away from it
        and alone (see the module docstring)."""
        position = unit.position
        return (
            2 * len(unit.words) <= len(self.units[source - 1].words)
            and position - source >= 2
            and position - 1 not in self.repeats
            and position + 1 not in self.repeats
        )

    def find_runs(self, decisions: Sequence[Decision | None]) -> None:
        """Record the copied runs among the repeats ``decisions`` found (one per unit)."""
        self.runs = {}
        self.repeats = {u.position for u, d in zip(self.units, decisions, strict=True) if d}
        for run in copied_runs(self.units, decisions):
            if self._is_copy(run, decisions):
                for position in range(run.first, run.last + 1):
                    self.runs[position] = run

    def _is_copy(self, run: CopiedRun, decisions: Sequence[Decision | None]) -> bool:
        if run.blocks < self.options.copied_run_blocks:
            return False
        if run.blocks >= self.options.long_copied_run_blocks:
            return True
        members = [
            (self.units[p - 1], decision)
            for p in range(run.first, run.last + 1)
            if (decision := decisions[p - 1]) is not None
        ]
        if any(not self.stays(unit, decision) for unit, decision in members):
            return True  # it takes along a block that goes on its own
        return self._covers_whole_containers(run)

    def _covers_whole_containers(self, run: CopiedRun) -> bool:
        inside = Counter(
            part.container
            for part in map(self.part, range(run.first, run.last + 1))
            if part is not None and part.container is not None
        )
        if not inside:
            return False
        everywhere = self._blocks_per_container()
        return all(everywhere[container] == count for container, count in inside.items())

    def _blocks_per_container(self) -> Counter[Element]:
        """How many blocks each list or quote holds, counted once per post."""
        if self._container_blocks is None:
            self._container_blocks = Counter(
                part.container
                for part in map(self.part, range(1, len(self.units) + 1))
                if part is not None and part.container is not None
            )
        return self._container_blocks


def _same_text(unit: Unit, other: Unit) -> bool:
    return bool(unit.key) and unit.key == other.key


def copied_runs(units: Sequence[Unit], decisions: Sequence[Decision | None]) -> list[CopiedRun]:
    """Maximal runs of consecutive blocks repeating consecutive blocks, in order.

    A short block between them (too short to be removed) carries a run on when
    it repeats the block after the last one repeated.
    """
    runs = []
    count = len(units)
    at = 0
    while at < count:
        decision = decisions[at]
        source = decision.repeats_position if decision is not None else None
        if not source:
            at += 1
            continue
        first, blocks, last_source = at, 1, source
        following = at + 1
        while following < count and last_source < count:
            expected = last_source + 1
            step = decisions[following]
            # A block repeating one written twice names the first: its text tells.
            if step is not None and (
                step.repeats_position == expected
                or _same_text(units[following], units[expected - 1])
            ):
                blocks += 1
            elif step is not None or not _same_text(units[following], units[expected - 1]):
                break
            last_source = expected
            following += 1
        runs.append(CopiedRun(first + 1, following, (source, last_source), blocks))
        at = following
    return runs
