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
written. The rules live in the modules of this package, one per family, and
:mod:`.rules` holds the ordered table (:data:`RULES`); each change is reported with its rule's name.

    >>> from pelican_newsclean.settings import load_settings
    >>> fix_typography("<p>«Bonjour»!</p>", load_settings({}).typography, lang="fr").html
    '<p>«\\xa0Bonjour\\xa0»\\u202f!</p>'
"""

from __future__ import annotations

from ..gcpause import collection_paused
from ..html import Piece, is_french, parse_fragment, rewrite_nodes, text_runs
from ..report import Change, StageResult
from ..settings import Section
from .base import Rule
from .config import OPTIONS, TYPOGRIFY_ADVICE, active_rules, style_of, walk_options
from .fixer import OWN_MARKERS, SEPARATOR, Fixer, has_own_marker
from .rules import RULE_NAMES, RULES

__all__ = [
    "OPTIONS",
    "RULES",
    "RULE_NAMES",
    "TYPOGRIFY_ADVICE",
    "Rule",
    "fix_french_text",
    "fix_typography",
]


@collection_paused()  # a long document's nodes and edits: see gcpause
def fix_typography(source: str, settings: Section, *, lang: str) -> StageResult:
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
    rules = active_rules(settings.disabled_rules)
    if not rules:
        return StageResult(source)
    options = walk_options(lang, tuple(settings.skip_tags), settings.skip_class)
    runs = text_runs(parse_fragment(source), options)
    hostile = any(s in source for s in OWN_MARKERS)
    pieces: list[Piece] = []
    labels: list[str] = []
    blocks: dict[int, int] = {}
    for run in runs:
        if hostile and has_own_marker(run):
            continue
        number = blocks.setdefault(id(run.block), len(blocks) + 1)
        if pieces:
            pieces.append(Piece(SEPARATOR, None, True))
        pieces.extend(run.pieces)
        labels.append(f"block {number}")
    if not pieces:
        return StageResult(source)
    fixer = Fixer(pieces, labels, style_of(settings))
    if not fixer.run(rules):
        return StageResult(source)
    return StageResult(rewrite_nodes(source, fixer.node_texts()), tuple(fixer.changes))


def fix_french_text(text: str, settings: Section | None = None) -> tuple[str, list[Change]]:
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
        from ..settings import load_settings

        settings = load_settings({}).typography
    rules = active_rules(settings.disabled_rules)
    lines = text.split("\n")
    wanted = [
        i
        for i, line in enumerate(lines)
        if line.strip() and not any(s in line for s in OWN_MARKERS)
    ]
    if not wanted or not rules:
        return text, []
    pieces: list[Piece] = []
    for i in wanted:
        if pieces:
            pieces.append(Piece(SEPARATOR, None, True))
        pieces.append(Piece(lines[i], None, False))
    fixer = Fixer(
        pieces, [f"line {i + 1}" for i in wanted], style_of(settings, plain_ordinals=True)
    )
    if fixer.run(rules):
        for i, fixed in zip(wanted, fixer.text.split(SEPARATOR), strict=True):
            lines[i] = fixed
    return "\n".join(lines), fixer.changes
