"""Units: the blocks of a post a reader sees as paragraphs, their text, and
where each stretch of it comes from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..html import BLOCK_TAGS, DEFAULT_SKIP_TAGS, INVISIBLE_TAGS, Element, Text
from ..report import Change

# ---------------------------------------------------------------------------
# Units: the blocks of a post, their text, and how to cut into it

UNIT_TAGS = frozenset("p li blockquote h1 h2 h3 h4 h5 h6 figcaption dd div".split())
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
#: Subtrees never compared nor removed (code, tables, embedded and invisible content).
PROTECTED_TAGS = (
    DEFAULT_SKIP_TAGS
    | INVISIBLE_TAGS
    | frozenset("table xmp iframe object embed noembed noframes canvas video audio".split())
)
# Elements whose text does not show.
_HIDDEN_TAGS = INVISIBLE_TAGS | frozenset("iframe noembed noframes".split())
# Wrappers removed with their content when all of it is removed.
LIFTABLE_TAGS = frozenset("li dd blockquote ul ol dl".split())
HTML_SPACE = " \t\n\r\f"

#: A word n-gram's posting: the kept units holding it (their index in near.KeptIndex.units).
Posting = list[int]


@dataclass
class Piece:
    """Where a stretch of a unit's text comes from: a text node, or nothing (a break)."""

    offset: int
    node: Text | None
    editable: bool


@dataclass(eq=False)
class Unit:
    element: Element
    position: int
    text: str
    pieces: list[Piece]
    composite: bool = False
    code_only: bool = False
    has_code: bool = False
    key: str = ""
    words: list[str] = field(default_factory=list)
    distinct_grams: dict[tuple[str, ...], None] = field(default_factory=dict)  # in order
    grams: list[Posting] = field(default_factory=list)  # of its n-grams indexed (near.GramTable)
    may_repeat: bool = True  # could be a near repeat or a fuller copy (candidates.py)
    navigation: bool = False  # an entry of a table of contents (kinds.py)
    blocks: list[Element] = field(default_factory=list)  # a composite's block children
    edits: list[tuple[int, int, str]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The lines a reader sees: the text cut at line breaks and nested blocks
        (not at the newlines of the source, which show as spaces), none empty."""
        cuts = [piece.offset for piece in self.pieces if piece.node is None]
        bounds = zip([0, *(c + 1 for c in cuts)], [*cuts, len(self.text)], strict=True)
        return [line for a, b in bounds if (line := " ".join(self.text[a:b].split()))]


def _block_holders(root: Element) -> set[Element]:
    """Elements with a block element somewhere below them (computed bottom-up, no recursion)."""
    holders: set[Element] = set()
    for element in reversed(list(root.iter())):
        for child in element.children:
            if isinstance(child, Element) and (child.tag in BLOCK_TAGS or child in holders):
                holders.add(element)
                break
    return holders


def _read_text(element: Element, holders: set[Element]) -> tuple[str, list[Piece], int, int]:
    """Text of ``element`` outside nested blocks; also its pieces and code/all char counts."""
    parts: list[str] = []
    pieces: list[Piece] = []
    length = code_chars = 0
    stack: list[tuple[Element | Text | Any, bool]] = [
        (c, False) for c in reversed(element.children)
    ]
    while stack:
        node, in_code = stack.pop()
        if isinstance(node, Text):
            text = node.text
            if not text:
                continue
            pieces.append(Piece(length, node, not in_code))
            parts.append(text)
            length += len(text)
            if in_code:
                code_chars += _visible_chars(text)
            continue
        if not isinstance(node, Element) or node.tag in _HIDDEN_TAGS:
            continue
        if node.tag == "br" or node.tag in BLOCK_TAGS:
            # A line break, or a nested block read as its own unit: keep words apart.
            # An inline element holding a block (``<em>`` around a ``<p>``) is no
            # break: its text runs on from the text before it, as it shows.
            pieces.append(Piece(length, None, False))
            parts.append("\n")
            length += 1
            continue
        code = in_code or node.tag in PROTECTED_TAGS
        stack.extend((c, code) for c in reversed(node.children))
    text = "".join(parts)
    # Visible characters add up over the parts (a break shows none): count them
    # once, and only when some are code.
    return text, pieces, code_chars, _visible_chars(text) if code_chars else 0


def _visible_chars(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t")


def collect_units(root: Element) -> list[Unit]:
    """The units of a fragment, in document order (see the module docstring)."""
    holders = _block_holders(root)
    units: list[Unit] = []
    stack: list[Element] = [c for c in reversed(root.children) if isinstance(c, Element)]
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag in PROTECTED_TAGS:
            continue
        holds_blocks = element in holders
        if tag in UNIT_TAGS:
            text, pieces, code_chars, all_chars = _read_text(element, holders)
            if not holds_blocks or text.strip():
                units.append(
                    Unit(
                        element,
                        len(units) + 1,
                        text,
                        pieces,
                        composite=holds_blocks,
                        code_only=all_chars > 0 and code_chars == all_chars,
                        has_code=code_chars > 0,
                        blocks=[
                            c
                            for c in element.children
                            if isinstance(c, Element) and (c.tag in BLOCK_TAGS or c in holders)
                        ]
                        if holds_blocks  # otherwise no child is a block
                        else [],
                    )
                )
        if holds_blocks:
            stack.extend(c for c in reversed(element.children) if isinstance(c, Element))
    return units
