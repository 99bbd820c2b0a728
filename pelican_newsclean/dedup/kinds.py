"""Kinds of block a repeat must be told by before anything is compared.

- **Headings** (:func:`same_kind`): a heading is a repeat of a heading only,
  and a paragraph of a paragraph only. A section heading that says again the
  entry of a table of contents, or a paragraph that opens with the words of
  the heading above it, repeats nothing that a copy would.
- **Navigation** (:func:`is_navigation`): a list item whose text is all links
  to anchors of the page (``href="#..."``) is an entry of a table of contents
  (rST ``.. contents::``, Markdown ``[TOC]``, a ``nav``). It names a section
  and links to it: it is never the earlier copy that makes a later block a
  repeat, and never goes itself (a table of contents loses no entry).
- **Mathematics** (:func:`is_math`): a block of class ``math``, ``MathJax``,
  ``katex`` or ``arithmatex`` (or inside one), MathML, or a text that is mostly
  formulas between ``\\( \\)``, ``\\[ \\]``, ``$$ $$``, ``$ $``,
  ``\\begin{...} \\end{...}`` and LaTeX commands. The steps of a derivation
  look alike and repeat on purpose: a formula is never removed, as a near
  repeat nor as an exact one.
"""

from __future__ import annotations

import re

from ..html import Element, Text, is_math_class
from .units import HEADING_TAGS, Unit

_MATH_TAGS = frozenset("math mjx-container".split())
#: Formulas in text: delimited stretches, environments, then loose LaTeX commands.
_FORMULA_RE = re.compile(
    r"""\\\(.*?\\\)           # \( inline \)
    | \\\[.*?\\\]             # \[ display \]
    | \$\$.*?\$\$             # $$ display $$
    | \$(?=\S)[^$]*?(?<=\S)\$ # $inline$ (no space inside its dollars: no prices)
    | \\begin\{([a-z]+\*?)\}.*?\\end\{\1\}
    | \\[a-zA-Z]+             # \frac, \mathbf, ...
    """,
    re.S | re.X,
)
_ITEM_TAGS = frozenset("li nav".split())  # where a run of in-page links is a navigation entry


def is_heading(unit: Unit) -> bool:
    return unit.element.tag in HEADING_TAGS


def same_kind(unit: Unit, other: Unit) -> bool:
    """Whether ``unit`` could repeat ``other``: both headings, or neither."""
    return is_heading(unit) == is_heading(other)


def _is_math_element(element: Element) -> bool:
    if element.tag in _MATH_TAGS:
        return True
    if "class" not in element.start_tag.casefold():
        return False  # most elements: no attribute to parse
    return is_math_class(element.attrs.get("class", ""))


def _ancestors(node: Element | Text, top: Element | None) -> list[Element]:
    """The elements from ``node``'s parent up to ``top`` (both included; None: the root)."""
    chain = []
    element = node.parent
    while element is not None:
        chain.append(element)
        if element is top:
            break
        element = element.parent
    return chain


def _visible(text: str) -> int:
    return len(text) - sum(map(text.count, " \n\t\r\f\u00a0"))


def is_math(unit: Unit) -> bool:
    """Whether ``unit`` is mathematics: a math element, or mostly formulas (see
    the module docstring)."""
    element = unit.element
    if any(map(_is_math_element, [element, *_ancestors(element, None)])):
        return True
    inner = [e for e in element.iter() if e is not element]
    if "\\" not in unit.text and "$" not in unit.text and not any(map(_is_math_element, inner)):
        return False  # most blocks: no formula anywhere
    formula = 0  # visible characters of formulas
    prose: list[str] = []  # the text outside math elements
    for piece in unit.pieces:
        node = piece.node
        if node is None:
            continue
        if any(map(_is_math_element, _ancestors(node, unit.element))):
            formula += _visible(node.text)
        else:
            prose.append(node.text)
    text = "".join(prose)
    formula += sum(_visible(match.group()) for match in _FORMULA_RE.finditer(text))
    return 2 * formula >= _visible(unit.text) > 0


def _in_page_link(element: Element) -> bool:
    return element.tag == "a" and element.attrs.get("href", "").startswith("#")


def is_navigation(unit: Unit) -> bool:
    """Whether ``unit`` is an entry of a table of contents: a list item (or a
    block inside one, or in a ``nav``) whose words are all in in-page links."""
    linked = False
    for piece in unit.pieces:
        node = piece.node
        if node is None or not node.text.strip():
            continue
        if not any(map(_in_page_link, _ancestors(node, unit.element))):
            return False  # a word outside the links: most blocks stop at their first
        linked = True
    return linked and any(
        e.tag in _ITEM_TAGS for e in [unit.element, *_ancestors(unit.element, None)]
    )
