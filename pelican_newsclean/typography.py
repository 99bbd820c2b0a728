"""French typography: an ordered table of small named rules.

The stage makes French text typographically correct the way a French print
editor would (the project's typography reference, ``typography.md``, is the spec): « guillemets »
with no-break spaces, a narrow no-break space before ``; ! ?``, a no-break
space before ``:``, apostrophes, ellipses, ordinals, numbers and units,
titles of address, dashes.

It reads each block's logical text through its inline elements
(:func:`pelican_newsclean.html.text_runs`), so ``<em>Salut</em>!`` and
``« <a>lien</a> »`` are fixed, and writes back only the text nodes it
changed: markup, attributes, comments, code and anything not French stay as
written. The rules live in :mod:`pelican_newsclean.typography_rules`, one
ordered table (:data:`RULES`); each change is reported with its rule's name.

    >>> from pelican_newsclean.settings import load_settings
    >>> fix_typography("<p>«Bonjour»!</p>", load_settings({}).typography, lang="fr").html
    '<p>«\\xa0Bonjour\\xa0»\\u202f!</p>'
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .gcpause import collection_paused
from .html import (
    ATOM,
    DEFAULT_SKIP_TAGS,
    SENTINELS,
    SUP_CLOSE,
    SUP_OPEN,
    Piece,
    TextRun,
    WalkOptions,
    is_french,
    parse_fragment,
    rewrite_nodes,
    splice_sorted,
    text_runs,
)
from .options import Section, list_of_str, option
from .report import EXCERPT_CHARS, Change, StageResult, shorten
from .typography_rules import (
    BLOCK_END,
    EM_DASH,
    EN_DASH,
    NBSP,
    NNBSP,
    RULE_NAMES,
    RULES,
    Edits,
    Rule,
    Style,
    protected_spans,
)

__all__ = [
    "OPTIONS",
    "RULES",
    "RULE_NAMES",
    "TYPOGRIFY_ADVICE",
    "Rule",
    "TypographySettings",
    "fix_french_text",
    "fix_typography",
]

STAGE = "typography"


def _known_rules(value: Any) -> bool:
    return all(isinstance(v, str) and v in RULE_NAMES for v in value)


@dataclass(frozen=True)
class TypographySettings(Section):
    """``NEWSCLEAN["typography"]``: which rules run and which characters they write."""

    enabled: bool = option(True, "Run the typography stage.")
    guillemet_space: str = option(
        "nbsp",
        "Space written inside « guillemets »: U+00A0 ('nbsp') or U+202F ('narrow').",
        choices=("nbsp", "narrow"),
    )
    narrow_nbsp: bool = option(
        True,
        "Write U+202F (narrow no-break space) before ; ! ? and between digit groups; "
        "False writes U+00A0 everywhere instead, for fonts without U+202F.",
    )
    incise_dash: str = option(
        "en",
        "Dash written for an incise ' - ' between words: 'en' (–) or 'em' (—).",
        choices=("en", "em"),
    )
    ordinals: str = option(
        "sup",
        "Ordinals such as 1er, XIe: 'sup' writes 1<sup>er</sup>, 'plain' only fixes "
        "the spelling (2ème → 2e). Titles always use 'plain'.",
        choices=("sup", "plain"),
    )
    skip_tags: tuple[str, ...] = option(
        (),
        "Extra elements whose text is never changed, on top of pre code kbd samp tt "
        "var script style textarea math svg template.",
        check=list_of_str,
        accepted="a list of tag names",
    )
    skip_class: str = option(
        "notypo", "Class that switches the typography stage off for an element and its content."
    )
    locale: str = option(
        "fr",
        "'fr' (France) or 'fr-CA' (Canadian French: no space before ; ! ?).",
        choices=("fr", "fr-CA"),
    )
    disabled_rules: tuple[str, ...] = option(
        (),
        "Names of typography rules to switch off (see the rule table in "
        "pelican_newsclean/typography_rules.py).",
        check=_known_rules,
        accepted="a list of rule names among: " + ", ".join(RULE_NAMES),
    )


OPTIONS = TypographySettings.options()

TYPOGRIFY_ADVICE = """\
Pelican's TYPOGRIFY runs typogrify (English typography) on content, titles and
summaries before this plugin sees them. The typography stage copes with its
output (“…” at the top level becomes « … », &#8217; is already the right
apostrophe, &#8230; the right ellipsis, a widont &nbsp; between the last two
words is kept, <span class="caps"> and <span class="dquo"> are read through),
but for a French site the cleanest setup is to leave quotes, dashes and
ellipses to newsclean:

    TYPOGRIFY = True   # only if you want its <span class="caps"> / "amp" hooks
    TYPOGRIFY_OMIT_FILTERS = ["smartypants", "initial_quotes", "widont"]
    TYPOGRIFY_IGNORE_TAGS = ["pre", "code", "kbd", "samp", "tt", "var",
                             "math", "svg", ".notypo"]
    TYPOGRIFY_DASHES = "oldschool"   # if smartypants stays on: -- is –, --- is —

or simply TYPOGRIFY = False (the default). smartypants writes English quotes
(“ ” and ‘ ’), treats "27"" and French spaced quotes as it would in English,
and turns -- into an em dash; initial_quotes wraps an opening quote in a span
meant for hanging English quotes; widont's last-word &nbsp; is harmless but
redundant. TYPOGRIFY_OMIT_FILTERS needs typogrify 2.1 or later (Pelican 4.9+).
"""


# ---------------------------------------------------------------------------
# Settings to style


def _style(settings: TypographySettings, *, plain_ordinals: bool = False) -> Style:
    return _cached_style(
        bool(settings.narrow_nbsp),
        settings.guillemet_space,
        settings.incise_dash,
        settings.ordinals == "sup" and not plain_ordinals,
        settings.locale,
    )


@functools.lru_cache(maxsize=32)
def _cached_style(
    narrow_ok: bool, guillemet_space: str, incise_dash: str, ordinals_sup: bool, locale: str
) -> Style:
    narrow = NNBSP if narrow_ok else NBSP
    return Style(
        nbsp=NBSP,
        narrow=narrow,
        guillemet=NNBSP if guillemet_space == "narrow" and narrow_ok else NBSP,
        keep=frozenset({NBSP, NNBSP}) if narrow_ok else frozenset({NBSP}),
        incise=EM_DASH if incise_dash == "em" else EN_DASH,
        ordinals_sup=ordinals_sup,
        canadian=locale == "fr-CA",
    )


def _active_rules(disabled: Sequence[str]) -> tuple[Rule, ...]:
    if not disabled:
        return RULES
    off = frozenset(disabled)
    return tuple(rule for rule in RULES if rule.name not in off)


@functools.lru_cache(maxsize=64)
def _walk_options(lang: str, extra_skip: tuple[str, ...], skip_class: str) -> WalkOptions:
    skip = DEFAULT_SKIP_TAGS | frozenset(t.strip().lower() for t in extra_skip if t.strip())
    return WalkOptions(default_lang=lang, skip_tags=skip, skip_class=skip_class)


# ---------------------------------------------------------------------------
# Fixing the text of all blocks at once
#
# The runs of a fragment are joined into one text, separated by a frozen
# SEPARATOR: every rule then reads the whole fragment in one regex pass and
# one splice, instead of once per paragraph. The separator is a
# line break on each side of a private-use BLOCK_END character, so for every
# rule it reads like the end of one block and the start of the next (a space
# that cannot be edited); quote pairing restarts at BLOCK_END.

SEPARATOR = "\n" + BLOCK_END + "\n"
_OWN_MARKERS = (*SENTINELS, BLOCK_END)
_CONTEXT = 16


def _excerpt(text: str, start: int, end: int) -> str:
    """A short window around ``[start, end)``, markers shown as markup."""
    window = text[start - _CONTEXT if start > _CONTEXT else 0 : end + _CONTEXT]
    # Six substring tests cost a third of a regex search on such a short
    # window, and most windows hold none of these characters.
    if len(window) <= EXCERPT_CHARS and not (
        "\n" in window
        or BLOCK_END in window
        or ATOM in window
        or SUP_OPEN in window
        or SUP_CLOSE in window
        or "\t" in window
    ):
        return window
    if BLOCK_END in window:
        # Keep to the block the change is in.
        left = window.rfind(BLOCK_END, 0, min(start, _CONTEXT))
        right = window.find(BLOCK_END, min(start, _CONTEXT) + (end - start))
        window = window[left + 2 if left >= 0 else 0 : right - 1 if right >= 0 else None]
    if "\n" in window or "\t" in window:
        window = window.replace("\n", " ").replace("\t", " ").strip(" ")
    if ATOM in window:
        window = window.replace(ATOM, "[…]")
    if SUP_OPEN in window or SUP_CLOSE in window:
        window = window.replace(SUP_OPEN, "<sup>").replace(SUP_CLOSE, "</sup>")
    if len(window) > EXCERPT_CHARS:
        window = shorten(window.replace(NBSP, "\ue010").replace(NNBSP, "\ue011"))
        window = window.replace("\ue010", NBSP).replace("\ue011", NNBSP)
    return window


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the (sorted) protected spans replaced by ATOMs, one per character.

    Rules read this view, so nothing inside a URL, a time or an emoticon can
    match, while the span still reads as a word for the punctuation around it.
    """
    parts: list[str] = []
    position = 0
    for start, end in spans:
        start = max(start, position)
        if end <= start:
            continue
        parts.append(text[position:start])
        parts.append(ATOM * (end - start))
        position = end
    parts.append(text[position:])
    return "".join(parts)


class _Fixer:
    """Runs the rule table over the joined text of a fragment's blocks.

    The text is one string; the pieces it is made of (parts of text nodes,
    and frozen placeholders) are tracked as start offsets, moved by each
    batch of edits with the ownership rules of
    :meth:`pelican_newsclean.html.EditableText.apply`: an insertion at the
    border of two pieces goes into the later one (the earlier one if the
    later is frozen), a replacement into its first piece, and an edit that
    would touch a frozen piece is refused. One string splice per rule, and
    no per-piece work, keeps the stage fast.
    """

    def __init__(self, pieces: list[Piece], labels: list[str], style: Style):
        self.pieces = [p for p in pieces if p.text]
        texts = [p.text for p in self.pieces]
        self.starts = [0, *itertools.accumulate(map(len, texts))]
        self.starts.pop()
        self.frozen = [p.frozen for p in self.pieces]
        # The pieces holding a SEPARATOR, where one joined run ends.
        self.separators = [
            i for i, p in enumerate(self.pieces) if p.node is None and p.text == SEPARATOR
        ]
        self.text = "".join(texts)
        self.labels = labels  # "block 3" for each joined run, in order
        self.style = style
        self.changes: list[Change] = []

    def run(self, rules: Sequence[Rule]) -> bool:
        spans = protected_spans(self.text)
        view = _mask(self.text, spans) if spans else self.text
        changed = False
        for rule in rules:
            if not rule.may_apply(view):
                continue
            found = rule.find(view, self.style)
            if not found:
                continue
            old, old_starts = self.text, self.starts
            applied = self._apply(found)
            if not applied:
                continue
            changed = True
            self._record(rule.name, old, old_starts, applied)
            # Rules only ever edit characters they matched, never a masked
            # one, so the view follows the edits as they are.
            view = splice_sorted(view, applied) if spans else self.text
        return changed

    def _owner(self, position: int) -> int:
        """The piece an insertion at ``position`` goes to, or -1 if refused."""
        starts, frozen = self.starts, self.frozen
        index = bisect.bisect_right(starts, position) - 1
        if index < 0:
            return -1
        if position > starts[index]:  # inside the piece (or at the very end)
            return -1 if frozen[index] else index
        if not frozen[index]:
            return index
        return index - 1 if index > 0 and not frozen[index - 1] else -1

    def _apply(self, found: Edits) -> Edits:
        """Apply sorted ``(start, end, new)`` edits; return those applied."""
        text, starts, frozen = self.text, self.starts, self.frozen
        total = len(text)
        last_piece = len(starts) - 1
        applied: Edits = []
        owners: list[int] = []
        last_end = -1
        for edit in found:
            start, end, new = edit
            if start < last_end or end > total or text[start:end] == new:
                continue
            if start == end:
                owner = last_piece if start == total else self._owner(start)
                if owner < 0 or frozen[owner]:
                    continue
            else:
                owner = bisect.bisect_right(starts, start) - 1
                if frozen[owner]:
                    continue
                # Most edits lie inside one piece; only a longer one needs the range check.
                if end > start + 1 and any(frozen[owner + 1 : bisect.bisect_left(starts, end)]):
                    continue
            applied.append(edit)
            owners.append(owner)
            last_end = end
        if applied:
            self.starts = _moved_starts(starts, applied, owners)
            self.text = splice_sorted(text, applied)
        return applied

    def node_texts(self) -> dict:
        """New text of every text node (pieces of one node joined)."""
        texts: dict = {}
        ends = [*self.starts[1:], len(self.text)]
        for piece, start, end in zip(self.pieces, self.starts, ends, strict=True):
            if piece.node is not None:
                texts.setdefault(piece.node, []).append(self.text[start:end])
        return {node: "".join(parts) for node, parts in texts.items()}

    def _record(self, rule: str, old: str, old_starts: list[int], applied: Edits) -> None:
        """One :class:`Change` per group of edits a few characters apart.

        ``old`` is the text before the edits, ``old_starts`` its piece starts.
        """
        labels, new = self.labels, self.text
        # Where each BLOCK_END stood: the middle of each separator piece.
        ends = [old_starts[i] + 1 for i in self.separators]
        append = self.changes.append
        for old_start, old_end, new_start, new_end in _groups(applied):
            append(
                Change(
                    STAGE,
                    rule,
                    _excerpt(old, old_start, old_end),
                    _excerpt(new, new_start, new_end),
                    labels[bisect.bisect_left(ends, old_start)],
                )
            )


def _groups(applied: Edits) -> list[list[int]]:
    """The edits, those a character or less apart merged, as
    ``[old start, old end, new start, new end]``."""
    groups: list[list[int]] = []
    delta = 0
    for start, end, text in applied:
        new_start = start + delta
        delta += len(text) - (end - start)
        if groups and start - groups[-1][1] <= 1:
            groups[-1][1] = end
            groups[-1][3] = new_start + len(text)
        else:
            groups.append([start, end, new_start, new_start + len(text)])
    return groups


def _moved_starts(starts: list[int], applied: Edits, owners: list[int]) -> list[int]:
    """Where the pieces start once ``applied`` (sorted edits) is spliced in.

    Each edit's text lands in its owner piece, so a start moves by the edits
    before it: those ending at or before it, except an insertion right at it
    that its own piece (or a later one) owns. A start inside a replacement
    moves to the end of the replacement's text (its piece is emptied).
    """
    moved = starts[: bisect.bisect_left(starts, applied[0][0])]
    index = len(moved)
    length = len(starts)
    count = len(applied)
    delta = k = 0
    while index < length:
        position = starts[index]
        while k < count:
            start, end, new = applied[k]
            if end > position or (start == position and owners[k] >= index):
                break
            delta += len(new) - (end - start)
            k += 1
        if k == count:  # every edit is behind: the rest moves alike
            moved.extend([p + delta for p in starts[index:]] if delta else starts[index:])
            break
        start, end, new = applied[k]
        if start > position:
            # No edit before the next one: every start up to it moves alike.
            stop = bisect.bisect_left(starts, start, index)
            moved.extend([p + delta for p in starts[index:stop]] if delta else starts[index:stop])
            index = stop
            continue
        moved.append(start + delta + len(new) if start < position < end else position + delta)
        index += 1
    return moved


def _has_own_marker(run: TextRun) -> bool:
    return any(p.node is not None and any(s in p.text for s in _OWN_MARKERS) for p in run.pieces)


# ---------------------------------------------------------------------------
# Public API


@collection_paused()  # a long document's nodes and edits: see gcpause
def fix_typography(source: str, settings: TypographySettings, *, lang: str) -> StageResult:
    """Fix the French typography of an HTML fragment (a post body, title or summary).

    Only text whose effective language is French changes (nearest ``lang``
    attribute, else ``lang``, the post's language). Returns the new HTML and
    one :class:`~pelican_newsclean.report.Change` per fix, naming its rule.

        >>> from pelican_newsclean.settings import load_settings
        >>> s = load_settings({}).typography
        >>> fix_typography("<p>l'<em>AFP</em>: 12%</p>", s, lang="fr").html
        '<p>l’<em>AFP</em>\\xa0: 12\\xa0%</p>'
        >>> fix_typography('<p>"Hello!"</p>', s, lang="en").html
        '<p>"Hello!"</p>'
    """
    if not settings.enabled or not source:
        return StageResult(source)
    if not is_french(lang) and "lang" not in source.lower():
        return StageResult(source)
    rules = _active_rules(settings.disabled_rules)
    if not rules:
        return StageResult(source)
    options = _walk_options(lang, tuple(settings.skip_tags), settings.skip_class)
    runs = text_runs(parse_fragment(source), options)
    hostile = any(s in source for s in _OWN_MARKERS)
    pieces: list[Piece] = []
    labels: list[str] = []
    blocks: dict[int, int] = {}
    for run in runs:
        if hostile and _has_own_marker(run):
            continue
        number = blocks.setdefault(id(run.block), len(blocks) + 1)
        if pieces:
            pieces.append(Piece(SEPARATOR, None, True))
        pieces.extend(run.pieces)
        labels.append(f"block {number}")
    if not pieces:
        return StageResult(source)
    fixer = _Fixer(pieces, labels, _style(settings))
    if not fixer.run(rules):
        return StageResult(source)
    return StageResult(rewrite_nodes(source, fixer.node_texts()), tuple(fixer.changes))


def fix_french_text(
    text: str, settings: TypographySettings | None = None
) -> tuple[str, list[Change]]:
    """Fix the typography of plain French text, line by line; explain each change.

    Each line is a block (quotes pair within a line). Ordinals are written
    plain (``2ème`` → ``2e``): plain text has no ``<sup>``.

        >>> fixed, changes = fix_french_text('Il a dit "oui"!')
        >>> fixed
        'Il a dit «\\xa0oui\\xa0»\\u202f!'
        >>> [c.rule for c in changes]
        ['quotes', 'quotes', 'punctuation_space']
    """
    if settings is None:
        settings = TypographySettings()
    rules = _active_rules(settings.disabled_rules)
    lines = text.split("\n")
    wanted = [
        i
        for i, line in enumerate(lines)
        if line.strip() and not any(s in line for s in _OWN_MARKERS)
    ]
    if not wanted or not rules:
        return text, []
    pieces: list[Piece] = []
    for i in wanted:
        if pieces:
            pieces.append(Piece(SEPARATOR, None, True))
        pieces.append(Piece(lines[i], None, False))
    fixer = _Fixer(pieces, [f"line {i + 1}" for i in wanted], _style(settings, plain_ordinals=True))
    if fixer.run(rules):
        for i, fixed in zip(wanted, fixer.text.split(SEPARATOR), strict=True):
            lines[i] = fixed
    return "\n".join(lines), fixer.changes
