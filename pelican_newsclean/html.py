"""Read HTML fragments without re-serialising them, and edit only their text.

Pelican hands us the HTML its readers made. A stage must leave every byte of
markup it does not edit as written (attribute quoting, references, void tag
spelling), so instead of building a document and writing it back, we keep
the source string, index its tokens and splice edits into it, the approach
of polytypo.

- :func:`parse_fragment` builds a light element tree whose nodes know their
  spans in the source, with the HTML parser's implied end tags (``<p>`` closed
  by a block, ``<li>`` by the next ``<li>``), stray end tags ignored, and raw
  text elements (``script``, ``style``...) kept whole.
- :func:`text_runs` reads the logical text of each block through its inline
  elements, as pieces whose edits map back onto text nodes (the
  typography stage's fixer edits them).
- :func:`splice` writes a new source with some spans replaced.

Every regular expression here is linear: no construct can backtrack over an
unbounded span more than once.
"""

from __future__ import annotations

import functools
import html as _html
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import SupportsIndex

VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen".split()
)
# Their content is text up to the matching end tag (plaintext: to the end of the
# document), never markup.
RAW_TEXT_TAGS = frozenset(
    "script style textarea title xmp iframe noembed noframes plaintext".split()
)
BLOCK_TAGS = frozenset(
    """address article aside blockquote body caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li
    main menu nav ol p pre section summary table tbody td tfoot th thead tr ul""".split()
)
# Opening one of these closes an open <p> (the HTML parser's rule).
_CLOSES_P = BLOCK_TAGS - {"body", "html", "td", "th", "tr", "tbody", "thead", "tfoot", "caption"}
# An implied-end search stops at these: a <p> inside a cell is not closed by
# a block after the table.
_SCOPE_TAGS = frozenset("table td th caption template object marquee applet html".split())
_LIST_SCOPE = _SCOPE_TAGS | {"ul", "ol"}
_DL_SCOPE = _SCOPE_TAGS | {"dl"}
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())

#: Elements whose text no stage edits (typography.md, "Where rules apply").
DEFAULT_SKIP_TAGS = frozenset(
    """pre code kbd samp tt var script style textarea math svg template
    xmp plaintext iframe noembed noframes noscript""".split()
)
# Skipped elements that are invisible: they neither show text nor count as a word.
#: Classes of mathematics, case folded (docutils' and Markdown extensions'
#: ``math``, ``arithmatex``, MathJax's and KaTeX's output): never read as prose.
MATH_CLASSES = frozenset(
    """math mathjax mathjax_display mathjax_preview mathjax_svg katex katex-display
    katex-html katex-mathml arithmatex""".split()
)


def is_math_class(classes: str) -> bool:
    """Whether a ``class`` attribute's value names mathematics."""
    return bool(classes) and not MATH_CLASSES.isdisjoint(classes.casefold().split())


def tex_delimited(limit: int) -> tuple[str, str, str]:
    r"""Patterns of TeX mathematics as MathJax and KaTeX find it in the visible
    text: between ``\( \)``, ``\[ \]`` or ``$$`` (a single ``$`` is a
    currency), at most ``limit`` characters inside (a delimiter closed no
    nearer opens nothing)."""
    inner = f"(?s:.){{0,{limit}}}?"
    return rf"\\\({inner}\\\)", rf"\\\[{inner}\\\]", rf"\$\${inner}\$\$"


INVISIBLE_TAGS = frozenset("script style template noscript head title".split())

# One placeholder per kind of frozen piece in a run's logical text. They are
# private-use characters; a run whose own text contains one is left alone.
ATOM = "\ufffc"  # a skipped inline element or a foreign-language span: a word
SUP_OPEN = "\ue001"  # <sup>
SUP_CLOSE = "\ue002"  # </sup>
SENTINELS = frozenset((ATOM, SUP_OPEN, SUP_CLOSE))

# A tag as a browser's tokenizer reads it (HTML Living Standard, 13.2.5): the
# name runs to a space, "/" or ">"; after "=" (and spaces) an attribute value
# is quoted ("..." or '...', which may hold "<" and ">") or runs to a space or
# ">"; anywhere else a quote is only a character (title=l'homme). Each run is
# kept from being cut in two (a look-ahead where runs could meet), so a tag
# that never ends fails in linear time.
_WS_CHARS = "\t\n\f\r "
_NAME = rf"[a-zA-Z][^{_WS_CHARS}/>]*(?![^{_WS_CHARS}/>])"
_ATTRIBUTES = rf"""
    [^>"'=]*
    (?:
        (?:
            =[{_WS_CHARS}]*(?![{_WS_CHARS}])
            (?:"[^"]*"|'[^']*'|(?:[^{_WS_CHARS}>"'][^{_WS_CHARS}>]*)?(?![^{_WS_CHARS}>]))
            |["']
        )
        [^>"'=]*
    )*
"""
_TOKEN_RE = re.compile(
    rf"""
    (?P<comment><!--.*?(?:-->|\Z))
    |(?P<cdata><!\[CDATA\[.*?(?:\]\]>|\Z))
    |(?P<decl><[!?][^>]*(?:>|\Z))
    |(?P<end></(?P<end_name>{_NAME}){_ATTRIBUTES}>)
    |(?P<start><(?P<start_name>{_NAME}){_ATTRIBUTES}>)
    # "</ p>", "</3": a comment to the next ">" for a browser; "</>": nothing.
    |(?P<bogus></(?![a-zA-Z])[^>]*(?:>|\Z))
    # A tag the document ends inside: a browser drops it, and it is left alone.
    |(?P<unclosed></?[a-zA-Z].*)
    |(?P<text>[^<]+|<)
    """,
    re.S | re.X,
)
_TAG_NAME_RE = re.compile(r"</?([a-zA-Z][^\s/<>]*)")
_ATTR_RE = re.compile(
    r"""(?:^|[\s"'])([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+)))?"""
)


@dataclass(eq=False, slots=True)
class Text:
    """A text node: ``source[start:end]``, with references undecoded in ``raw``."""

    start: int
    end: int
    source: str = field(repr=False)
    parent: Element | None = field(default=None, repr=False)
    # The decoded text, once read: walkers read it and writers compare with
    # it, and html.unescape is slow. A node does not change once parsed.
    _text: str | None = field(default=None, init=False, repr=False)

    @property
    def raw(self) -> str:
        return self.source[self.start : self.end]

    @property
    def text(self) -> str:
        if self._text is None:
            raw = self.raw
            self._text = _html.unescape(raw) if "&" in raw else raw
        return self._text


@dataclass(eq=False, slots=True)
class Element:
    """An element and where it stands in the source.

    ``source[start:content_start]`` is its start tag, ``[content_start:
    content_end]`` its content, ``[content_end:end]`` its end tag (empty when
    the end was implied).
    """

    tag: str
    start: int
    content_start: int
    start_tag: str = ""
    content_end: int = -1
    end: int = -1
    children: list[Element | Text | Other] = field(default_factory=list, repr=False)
    parent: Element | None = field(default=None, repr=False)
    _attrs: dict[str, str] | None = field(default=None, repr=False)

    @property
    def attrs(self) -> dict[str, str]:
        """Attributes of the start tag, names lower-cased, values decoded."""
        if self._attrs is None:
            self._attrs = parse_attributes(self.start_tag)
        return self._attrs

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        stack: list[Element] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(c for c in reversed(node.children) if isinstance(c, Element))


@dataclass(eq=False, slots=True)
class Other:
    """A comment, doctype, processing instruction or CDATA section."""

    start: int
    end: int
    parent: Element | None = field(default=None, repr=False)


def parse_attributes(start_tag: str) -> dict[str, str]:
    """Attributes of a start tag, first occurrence wins as in browsers.

    >>> parse_attributes('<span lang=en class="a b">')
    {'lang': 'en', 'class': 'a b'}
    """
    name = _TAG_NAME_RE.match(start_tag)
    body = start_tag[name.end() if name else 1 :].rstrip(">").rstrip("/")
    attrs: dict[str, str] = {}
    for match in _ATTR_RE.finditer(body):
        key = match.group(1).lower()
        value = next((g for g in match.groups()[1:] if g is not None), "")
        attrs.setdefault(key, _html.unescape(value))
    return attrs


class _OpenElements(list):
    """The parser's stack of open elements, counted by tag.

    A search for an element that is not open at all (the ``<p>`` that every
    block start looks for, a stray end tag) then costs nothing, so thousands
    of nested blocks parse in linear time instead of quadratic.
    """

    def __init__(self, root: Element):
        super().__init__((root,))
        # Only tags with an open element are keys, so whether one is open is
        # a dict lookup (any_open: one C-level set test).
        self.open_tags: dict[str, int] = {}

    def append(self, element: Element) -> None:
        super().append(element)
        self.open_tags[element.tag] = self.open_tags.get(element.tag, 0) + 1

    def pop(self, index: SupportsIndex = -1) -> Element:
        element = super().pop(index)
        count = self.open_tags[element.tag] - 1
        if count:
            self.open_tags[element.tag] = count
        else:
            del self.open_tags[element.tag]
        return element

    def any_open(self, tags: Iterable[str]) -> bool:
        return not self.open_tags.keys().isdisjoint(tags)


def _close(stack: list[Element], index: int, position: int) -> None:
    """Close ``stack[index]`` and everything above it at ``position`` (implied ends)."""
    while len(stack) > index:
        element = stack.pop()
        element.content_end = element.end = position


def _find_open(stack: list[Element], tags: frozenset[str], scope: frozenset[str]) -> int:
    """Index of the nearest open element named in ``tags`` within ``scope``, or -1."""
    if isinstance(stack, _OpenElements) and not stack.any_open(tags):
        return -1
    for index in range(len(stack) - 1, 0, -1):
        tag = stack[index].tag
        if tag in tags:
            return index
        if tag in scope:
            return -1
    return -1


_P = frozenset({"p"})
_LI = frozenset({"li"})
_DT_DD = frozenset({"dt", "dd"})
_CELLS = frozenset({"td", "th"})
_CELL_SCOPE = frozenset({"tr", "table"})
_TR = frozenset({"tr"})
_TABLE = frozenset({"table"})
# Start tags that may close an open element (the others skip the checks).
_IMPLIES_END = _CLOSES_P | _LI | _DT_DD | _HEADINGS | _CELLS | _TR


def _implied_close_before(stack: list[Element], tag: str, position: int) -> None:
    if tag in _CLOSES_P:
        index = _find_open(stack, _P, _SCOPE_TAGS)
        if index > 0:
            _close(stack, index, position)
    if tag == "li":
        index = _find_open(stack, _LI, _LIST_SCOPE)
        if index > 0:
            _close(stack, index, position)
    elif tag in _DT_DD:
        index = _find_open(stack, _DT_DD, _DL_SCOPE)
        if index > 0:
            _close(stack, index, position)
    elif tag in _HEADINGS and stack[-1].tag in _HEADINGS:
        _close(stack, len(stack) - 1, position)
    elif tag in _CELLS:
        index = _find_open(stack, _CELLS, _CELL_SCOPE)
        if index > 0:
            _close(stack, index, position)
    elif tag == "tr":
        index = _find_open(stack, _TR, _TABLE)
        if index > 0:
            _close(stack, index, position)


#: Fragments up to this many characters are remembered once parsed (see parse_fragment).
REMEMBERED_CHARS = 1 << 18


def parse_fragment(source: str) -> Element:
    """Index an HTML fragment; the root is a pseudo-element spanning it all.

    Never raises on malformed input: unclosed tags end where their parent
    does, stray end tags are ignored, a ``<`` that starts no tag is text.

    The trees of the last two fragments (of up to :data:`REMEMBERED_CHARS`)
    are kept and given again for the same source: the dedup stage and the
    typography stage read a post and its title one after the other, and the
    dedup stage leaves most posts as they were. A tree never changes once
    built (its nodes only memoise what they decode), so sharing it is safe.

    >>> root = parse_fragment("<p>Un<p>Deux</p>")
    >>> [(e.tag, e.start, e.end) for e in root.children]
    [('p', 0, 5), ('p', 5, 16)]
    >>> parse_fragment("<p>Un</p>") is parse_fragment("<p>Un</p>")
    True
    """
    if len(source) > REMEMBERED_CHARS:
        return _parse(source)
    return _parse_remembered(source)


@functools.lru_cache(maxsize=16)
def _raw_text_end(tag: str) -> re.Pattern[str]:
    return re.compile(r"</" + re.escape(tag) + r"\b[^<>]*>", re.I)


def _parse(source: str) -> Element:
    root = Element("#root", 0, 0, content_end=len(source), end=len(source))
    stack = _OpenElements(root)
    length = len(source)
    tokens = _TOKEN_RE.finditer(source)
    skip_to = 0  # end of a raw text element whose content was taken whole
    for match in tokens:
        start, end = match.span()
        if start < skip_to:
            if end <= skip_to:
                continue
            # A token straddles the end of a raw text element: tokenise afresh.
            tokens = _TOKEN_RE.finditer(source, skip_to)
            restart = next(tokens, None)
            if restart is None:
                break
            match = restart
            start, end = match.span()
        kind = match.lastgroup
        parent = stack[-1]
        if kind == "text":
            children = parent.children
            previous = children[-1] if children else None
            if previous.__class__ is Text and previous.end == start:
                # A lone "<" followed by more text: one node.
                previous.end = end
            else:
                children.append(Text(start, end, source, parent))
        elif kind == "start":
            tag = match.group("start_name").lower()
            if tag in _IMPLIES_END:
                _implied_close_before(stack, tag, start)
            parent = stack[-1]
            start_tag = match.group()
            element = Element(tag, start, end, start_tag, parent=parent)
            parent.children.append(element)
            if tag in VOID_TAGS or start_tag.endswith("/>"):
                element.content_end = element.end = end
            elif tag in RAW_TEXT_TAGS:
                found = None if tag == "plaintext" else _raw_text_end(tag).search(source, end)
                content_end = found.start() if found else length
                element.content_end = content_end
                element.end = found.end() if found else length
                if content_end > end:
                    element.children.append(Text(end, content_end, source, element))
                skip_to = element.end
            else:
                stack.append(element)
        elif kind == "end":
            tag = match.group("end_name").lower()
            index = len(stack) - 1 if tag in stack.open_tags else 0
            while index > 0 and stack[index].tag != tag:
                index -= 1
            if index > 0:
                if index + 1 < len(stack):  # elements left open inside it end here
                    _close(stack, index + 1, start)
                element = stack.pop()
                element.content_end = start
                element.end = end
            else:
                parent.children.append(Other(start, end, parent))
        else:
            parent.children.append(Other(start, end, parent))
    _close(stack, 1, length)
    return root


_parse_remembered = functools.lru_cache(maxsize=2)(_parse)


def splice(source: str, replacements: Iterable[tuple[int, int, str]]) -> str:
    """Replace non-overlapping ``(start, end, new)`` spans of ``source``.

    >>> splice("abcdef", [(4, 5, "E"), (0, 1, "")])
    'bcdEf'
    """
    return splice_sorted(source, sorted(replacements, key=_span_key))


def _span_key(replacement: tuple[int, int, str]) -> tuple[int, int]:
    return replacement[0], replacement[1]


def splice_sorted(source: str, replacements: Iterable[tuple[int, int, str]]) -> str:
    """:func:`splice` for replacements already in order (the typography
    stage's edits are), without the sort.

    >>> splice_sorted("abcdef", [(0, 1, ""), (4, 5, "E")])
    'bcdEf'
    """
    parts: list[str] = []
    position = 0
    for start, end, new in replacements:
        if start < position:
            raise ValueError(f"overlapping replacements at {start}")
        parts += (source[position:start], new)
        position = end
    parts.append(source[position:])
    return "".join(parts)


def escape_text(text: str) -> str:
    """Escape text for an HTML text node, writing our ``<sup>`` markers as tags."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace(SUP_OPEN, "<sup>").replace(SUP_CLOSE, "</sup>")


def effective_lang(element: Element | None, default: str) -> str:
    """The ``lang`` (or ``xml:lang``) of the nearest ancestor, else ``default``."""
    node = element
    while node is not None:
        if node.tag != "#root":
            attrs = node.attrs
            lang = attrs.get("lang") or attrs.get("xml:lang")
            if lang is not None:
                return lang.strip()
        node = node.parent
    return default


@functools.lru_cache(maxsize=256)
def is_french(lang: str) -> bool:
    """``fr`` or ``fr-*`` (any case, ``_`` accepted)."""
    code = lang.strip().lower().replace("_", "-")
    return code == "fr" or code.startswith("fr-")


# ---------------------------------------------------------------------------
# Editable logical text


@dataclass(slots=True)
class Piece:
    """A stretch of a run's logical text: part of a text node, or a frozen placeholder."""

    text: str
    node: Text | None
    frozen: bool


@dataclass
class TextRun:
    """The logical text of one block, or of a part of it that nested blocks divide."""

    block: Element
    pieces: list[Piece] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return any(p.node is not None and p.text.strip() for p in self.pieces)


@dataclass(frozen=True)
class WalkOptions:
    """What :func:`text_runs` reads and what it leaves alone."""

    default_lang: str = "fr"
    skip_tags: frozenset[str] = DEFAULT_SKIP_TAGS
    skip_class: str = "notypo"
    wanted_lang: Callable[[str], bool] = is_french


def text_runs(root: Element, options: WalkOptions) -> list[TextRun]:
    """Split a fragment into runs of logical text, block by block.

    Inline elements are read through; a skipped element (``code``...) or a
    foreign-language span becomes one frozen :data:`ATOM`, a word for the
    punctuation next to it; ``<sup>`` is wrapped in frozen markers; ``<br>``
    is a frozen line break; blocks end a run. Runs holding no wanted text
    are dropped.
    """
    runs: list[TextRun] = []
    texty: list[bool] = []  # whether each run holds wanted text yet

    def new_run(block: Element) -> TextRun:
        run = TextRun(block)
        runs.append(run)
        texty.append(False)
        return run

    wanted_lang = options.wanted_lang
    run = new_run(root)
    # An explicit stack rather than recursion: posts can nest thousands deep.
    # Each frame: the children left to read, their language and whether it is
    # wanted (asked once per language change, not per text node), their
    # block, and what closing the element does ("block" starts a new run,
    # "sup" closes it).
    lang = options.default_lang
    stack: list[tuple[Iterator[Element | Text | Other], str, bool, Element, str]] = [
        (iter(root.children), lang, wanted_lang(lang), root, "")
    ]
    while stack:
        children, lang, wanted, block, on_exit = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if on_exit == "block" and stack:
                run = new_run(stack[-1][3])
            elif on_exit == "sup":
                run.pieces.append(Piece(SUP_CLOSE, None, True))
            continue
        if isinstance(child, Text):
            if wanted:
                text = child.text
                run.pieces.append(Piece(text, child, False))
                if not texty[-1] and text.strip():
                    texty[-1] = True
            elif child.raw.strip():
                run.pieces.append(Piece(ATOM, None, True))
            continue
        if isinstance(child, Other):
            continue
        tag = child.tag
        if tag in INVISIBLE_TAGS:
            continue
        if tag == "br":
            # A line break, as a Markdown soft break reads: the lines of a
            # block are judged together (dialogue or list), never edited.
            run.pieces.append(Piece("\n", None, True))
            continue
        start_tag = child.start_tag.lower()
        if tag in options.skip_tags or (
            "class" in start_tag
            and (options.skip_class in child.classes or is_math_class(child.attrs.get("class", "")))
        ):
            if tag in BLOCK_TAGS:
                run = new_run(block)
            else:
                run.pieces.append(Piece(ATOM, None, True))
            continue
        child_lang, child_wanted = lang, wanted
        if "lang" in start_tag:
            attrs = child.attrs
            if "lang" in attrs or "xml:lang" in attrs:
                child_lang = (attrs.get("lang") or attrs.get("xml:lang") or "").strip() or lang
                child_wanted = wanted_lang(child_lang)
        if tag in BLOCK_TAGS:
            run = new_run(child)
            stack.append((iter(child.children), child_lang, child_wanted, child, "block"))
        elif tag in VOID_TAGS:
            if tag in {"img", "input", "embed"}:
                run.pieces.append(Piece(ATOM, None, True))
        elif tag == "sup":
            run.pieces.append(Piece(SUP_OPEN, None, True))
            stack.append((iter(child.children), child_lang, child_wanted, block, "sup"))
        else:
            stack.append((iter(child.children), child_lang, child_wanted, block, ""))
    # The runs holding wanted text are those TextRun.has_text keeps.
    return [run for run, kept in zip(runs, texty, strict=True) if kept]


def rewrite_nodes(source: str, texts: dict[Text, str]) -> str:
    """Write ``source`` again with the given nodes' text replaced (only changed ones)."""
    replacements = [
        (node.start, node.end, escape_text(new)) for node, new in texts.items() if new != node.text
    ]
    return splice(source, replacements) if replacements else source


def element_text(element: Element, skip_tags: frozenset[str] = DEFAULT_SKIP_TAGS) -> str:
    """Visible text of an element, skipped elements left out, blocks spaced.

    >>> element_text(parse_fragment("<p>A <code>x</code> &amp; <b>B</b></p>").children[0])
    'A  & B'
    """
    parts: list[str] = []
    # Iterative, like text_runs: nesting depth is the author's, not ours.
    stack: list[Iterator[Element | Text | Other | str]] = [iter(element.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif isinstance(child, str):
            parts.append(child)
        elif isinstance(child, Text):
            parts.append(child.text)
        elif isinstance(child, Element):
            if child.tag in skip_tags or child.tag in INVISIBLE_TAGS:
                continue
            if child.tag == "br" or child.tag in BLOCK_TAGS:
                parts.append("\n")
                stack.append(itertools.chain(child.children, ("\n",)))
            else:
                stack.append(iter(child.children))
    return "".join(parts)


def visible_text(source: str, skip_tags: frozenset[str] = DEFAULT_SKIP_TAGS) -> str:
    """The text a reader sees, code and scripts left out, one line per block.

    >>> visible_text("<p>Bonjour <em>Lyon</em></p><pre>x = 1</pre><p>Fin</p>")
    'Bonjour Lyon\\nFin'
    """
    lines = element_text(parse_fragment(source), skip_tags).split("\n")
    return "\n".join(line for line in map(_single_spaced, lines) if line)


def _single_spaced(line: str) -> str:
    """``line`` with each run of white space one space, and none at its ends."""
    # Most lines are so already, and these tests cost a fifth of splitting one
    # into words: printable text holds no white space but " ". (Splitting and
    # joining is three times faster than a regex substitution.)
    if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
        return line
    return " ".join(line.split())


def first_visible_line(source: str, probe: int = 1024) -> str:
    """``visible_text(source)``'s first line, read from as short a prefix as will do."""
    # A news post's first paragraph is a few hundred characters; a 4 KB first
    # probe read most posts whole (3.3x the time on the bench corpus).
    return first_visible_lines(source, 1, probe)[0]


def first_visible_lines(source: str, count: int, probe: int = 1024) -> list[str]:
    """``visible_text(source)``'s first ``count`` lines, read from as short a
    prefix as will do (the prefix is 4 times longer at each try).

    A line of a prefix's visible text that has another line after it ends at a
    block boundary inside the prefix: the rest of the post cannot change it.

    >>> first_visible_lines("<p>Un</p><p>Deux</p><p>Trois</p>", 2, probe=16)
    ['Un', 'Deux']
    """
    while probe < len(source):
        lines = visible_text(source[:probe]).split("\n", count)
        if len(lines) > count:
            return lines[:count]
        probe *= 4
    return visible_text(source).split("\n", count)[:count]
