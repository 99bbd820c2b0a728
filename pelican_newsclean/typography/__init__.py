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

from collections import Counter

from ..gcpause import collection_paused
from ..html import (
    REMEMBERED_CHARS,
    Piece,
    TextRun,
    effective_lang,
    first_visible_lines,
    is_french,
    parse_fragment,
    rewrite_nodes,
    text_runs,
    visible_text,
)
from ..language import MIN_CONFIDENCE, Identified, identify, reads_as_french
from ..report import Change, StageResult, shorten
from .base import Rule
from .config import (
    OPTIONS,
    TYPOGRIFY_ADVICE,
    TypographySettings,
    active_rules,
    style_of,
    walk_options,
)
from .fixer import OWN_MARKERS, SEPARATOR, Fixer, has_own_marker
from .rules import RULE_NAMES, RULES

__all__ = [
    "OPTIONS",
    "RULES",
    "RULE_NAMES",
    "TYPOGRIFY_ADVICE",
    "Rule",
    "TypographySettings",
    "fix_french_text",
    "fix_typography",
    "post_language",
]

#: The language of a post identified with too little confidence: undetermined
#: (BCP 47), so not French, so left alone.
UNDETERMINED = "und"
#: Blocks of a post read to find its language: a long document's first ones
#: tell as much as all of them (each block is identified again as it is fixed).
POST_BLOCKS = 64


def _language_change(
    text: str,
    found: Identified,
    instead_of: str,
    where: str,
    verdict: str,
    decided: str | None = None,
) -> Change:
    """The report of a language identification that decided otherwise than ``instead_of``;
    ``decided``, for a whole post, the language it was given (``und``: unsure)."""
    detail = {
        "lang": found.lang,
        "confidence": round(found.confidence, 3),
        "instead_of": instead_of,
    }
    if decided is not None:
        detail["post_lang"] = decided
    return Change(
        "language",
        "identified",
        shorten(text),
        f"{found.lang} ({found.confidence:.2f}): {verdict}",
        where,
        detail,
    )


def _verdict(lang: str) -> str:
    return "fixed as French" if is_french(lang) else "left alone"


def post_language(
    content: str,
    title: str,
    summary: str | None,
    *,
    default_lang: str,
    settings: TypographySettings,
) -> tuple[str, list[Change]]:
    """The language the typography stage gives a post that declares none.

    Its first :data:`POST_BLOCKS` blocks (title, summary and content lines)
    of ``language_min_words`` words or more are identified
    (:mod:`pelican_newsclean.language`); the language of most of the text
    (in characters) identified with confidence is the post's (its
    ``confidence`` in the report is that share). No block identified so: the
    text is identified whole, and unsure, the post is undetermined (``und``:
    left alone); too short to tell, it takes ``default_lang`` (the site's
    ``DEFAULT_LANG``). A change reports an identification that overrides
    ``default_lang``.

        >>> from pelican_newsclean.settings import load_settings
        >>> s = load_settings({}).typography
        >>> post_language("<p>The minister said on Tuesday that the bill would pass.</p>",
        ...               "Budget", None, default_lang="fr", settings=s)[0]
        'en'
    """
    min_words = settings.language_min_words
    if not min_words:
        return default_lang, []
    lines = [title, *visible_text(summary or "").split("\n")]
    # A long document's first lines are read from a prefix of it; a shorter
    # post is parsed whole, as fixing it next reuses the tree (parse_fragment).
    probe = POST_BLOCKS * 256 if len(content) > REMEMBERED_CHARS else len(content)
    lines += first_visible_lines(content, POST_BLOCKS, probe)
    lines = [line for line in lines if line][:POST_BLOCKS]
    chars = _identified_chars(lines, min_words)
    text = "\n".join(lines)
    if chars:
        lang, count = max(chars.items(), key=lambda item: (item[1], is_french(item[0])))
        found = Identified(lang, count / sum(chars.values()))
        verdict = _verdict(lang)
    else:
        identified = identify(text, min_words)
        if identified is None:
            return default_lang, []
        found = identified
        lang = found.lang if found.confidence >= MIN_CONFIDENCE else UNDETERMINED
        verdict = _verdict(lang) if lang != UNDETERMINED else "unsure, left alone"
    if is_french(lang) == is_french(default_lang):
        return lang, []
    return lang, [_language_change(text, found, default_lang, "post", verdict, lang)]


def _identified_chars(lines: list[str], min_words: int) -> Counter[str]:
    """Characters of the ``lines`` identified with confidence, by language.

    A line that reads as French (:func:`~pelican_newsclean.language.reads_as_french`)
    is one the model finds French too, but maybe without confidence, which
    decides whether it counts: once the others leave French alone among the
    languages found, the model is asked until one such line is sure (French
    then holds the whole count); else, about each of them.
    """
    chars: Counter[str] = Counter()
    french_looking = []
    for line in lines:
        if reads_as_french(line, min_words):
            french_looking.append(line)
            continue
        found = identify(line, min_words)
        if found is not None and found.confidence >= MIN_CONFIDENCE:
            chars[found.lang] += len(line)
    for line in french_looking:
        if len(chars) == 1 and "fr" in chars:
            break
        found = identify(line, min_words)
        if found is not None and found.confidence >= MIN_CONFIDENCE:
            chars[found.lang] += len(line)
    return chars


def _run_is_french(
    run: TextRun, lang: str, min_words: int, changes: list[Change], where: str
) -> bool:
    """Whether a run read with identification on is French.

    A block under an explicit ``lang`` keeps it; one too short to identify
    takes the post's ``lang``; one identified with confidence, its language
    (but one found French in a post that is not must go on in French:
    :func:`_goes_on_in_french`); one identified without, is French only if
    both the post and the model's best guess are (else it is left alone:
    unsure).
    """
    if effective_lang(run.block, ""):
        return True  # text_runs kept only its French text
    text = "".join([piece.text for piece in run.pieces if piece.node is not None])
    if is_french(lang) and reads_as_french(text, min_words):
        return True  # identified French: so is the post, nothing to report
    found = identify(text, min_words)
    if found is None:
        return is_french(lang)
    french = is_french(found.lang)
    if found.confidence < MIN_CONFIDENCE:
        if is_french(lang) and not french:
            changes.append(_language_change(text, found, lang, where, "unsure, left alone"))
        return is_french(lang) and french
    if french and not is_french(lang) and not _goes_on_in_french(text, min_words):
        changes.append(_language_change(text, found, lang, where, "mixed, left alone"))
        return False
    if french != is_french(lang):
        changes.append(_language_change(text, found, lang, where, _verdict(found.lang)))
    return french


def _goes_on_in_french(text: str, min_words: int) -> bool:
    """Whether the second half of ``text``, a block found French in a post that is
    not, reads French too (or is too short to tell).

    The model reads a text's start: a French title followed by its English
    description (``La puissance des logiciels libres (French), a panorama of
    Open Source GIS software. (Keywords: FOSS)``) is found French, and its
    English part would be fixed as French.
    """
    middle = text.find(" ", len(text) // 2)
    found = identify(text[middle + 1 :], min_words) if middle >= 0 else None
    return found is None or is_french(found.lang)


@collection_paused()  # a long document's nodes and edits: see gcpause
def fix_typography(
    source: str, settings: TypographySettings, *, lang: str, identify_blocks: bool = False
) -> StageResult:
    """Fix the French typography of an HTML fragment (a post body, title or summary).

    Only text whose effective language is French changes (nearest ``lang``
    attribute, else ``lang``, the post's language). With ``identify_blocks``
    (the post declared no language), a block without a ``lang`` attribute and
    of at least ``language_min_words`` words gets the language it is
    identified in, when identification is sure. Returns the new HTML and one
    :class:`~pelican_newsclean.report.Change` per fix, naming its rule (and
    one per block whose identification overrode ``lang``).

        >>> from pelican_newsclean.settings import load_settings
        >>> s = load_settings({}).typography
        >>> fix_typography("<p>l'<em>AFP</em>: 12%</p>", s, lang="fr").html
        '<p>l’<em>AFP</em>\\xa0: 12\\xa0%</p>'
        >>> fix_typography('<p>"Hello!"</p>', s, lang="en").html
        '<p>"Hello!"</p>'
    """
    if not settings.enabled or not source:
        return StageResult(source)
    min_words = settings.language_min_words if identify_blocks else 0
    if not min_words and not is_french(lang) and "lang" not in source.lower():
        return StageResult(source)
    rules = active_rules(settings.disabled_rules)
    if not rules:
        return StageResult(source)
    # Identifying, untagged text is read as French and each run decided apart.
    walk_lang = "fr" if min_words else lang
    options = walk_options(walk_lang, tuple(settings.skip_tags), settings.skip_class)
    runs = text_runs(parse_fragment(source), options)
    hostile = any(s in source for s in OWN_MARKERS)
    pieces: list[Piece] = []
    labels: list[str] = []
    blocks: dict[int, int] = {}
    decided: list[Change] = []
    for run in runs:
        if hostile and has_own_marker(run):
            continue
        number = blocks.setdefault(id(run.block), len(blocks) + 1)
        if min_words and not _run_is_french(run, lang, min_words, decided, f"block {number}"):
            continue
        if pieces:
            pieces.append(Piece(SEPARATOR, None, True))
        pieces.extend(run.pieces)
        labels.append(f"block {number}")
    if not pieces:
        return StageResult(source, tuple(decided))
    fixer = Fixer(pieces, labels, style_of(settings))
    if not fixer.run(rules):
        return StageResult(source, tuple(decided))
    changes = (*decided, *fixer.changes)
    return StageResult(rewrite_nodes(source, fixer.node_texts()), changes)


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
