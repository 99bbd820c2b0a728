"""The French typography rules: one ordered table of small named units.

Each rule is a :class:`~.base.Rule` (name, what it matches, what it writes,
why) whose ``find`` function reads the logical text of one block and returns
the edits it wants, as sorted, non-overlapping ``(start, end, new)`` triples.
The functions live in one module per family (:mod:`.spaces`, :mod:`.quotes`,
:mod:`.numbers`, :mod:`.ordinals`, :mod:`.dashes`, :mod:`.ellipses`);
:data:`RULES` holds them in the order they run (typography.md is the
reference for every one of them); ``NEWSCLEAN["typography"]["disabled_rules"]``
switches rules off by name.

The text a rule reads is a *view* of the block: the same length as the
logical text, with protected spans (URLs, e-mails, times, emoticons...: see
:mod:`.protect`) and skipped elements (``<code>``, foreign-language spans)
replaced by :data:`~pelican_newsclean.html.ATOM`, one per character, so no
pattern can match inside them, while they still count as a word for the
punctuation next to them. ``<sup>`` shows as
:data:`~pelican_newsclean.html.SUP_OPEN` and
:data:`~pelican_newsclean.html.SUP_CLOSE`; the ordinal rule writes those
markers, which the writer turns into ``<sup>`` and ``</sup>``.

Speed and safety: every pattern starts with a literal or a character class
(so the regex engine skips ahead to candidates instead of trying every
position), and a pattern that repeats a class checks with a look-behind that
it starts at the beginning of that class's run, so no run is read twice and
the time stays linear even on a megabyte of ``!`` or of digits.
"""

from __future__ import annotations

from ..html import SUP_OPEN
from .base import Rule
from .dashes import find_dialogue_dash, find_incise_dash
from .ellipses import find_ellipsis, find_etc_ellipsis
from .numbers import find_long_number, find_thousands, find_time_hours, find_unit_space
from .ordinals import find_numero, find_ordinal, find_reference_space, find_title_space
from .quotes import find_apostrophe, find_guillemet_space, find_quotes
from .spaces import (
    STRAY_SPACE_NEEDS,
    find_colon_space,
    find_punctuation_space,
    find_stray_space,
)

# ---------------------------------------------------------------------------
# The table: the order in which the rules run.

_DIGITS = tuple("0123456789")

RULES: tuple[Rule, ...] = (
    Rule(
        "stray_space",
        "a space before , . … ) ] or after ( [; a no-break space after :",
        "no space (an ordinary one after :)",
        "These marks stick to the word before them, brackets to what they enclose.",
        find_stray_space,
        STRAY_SPACE_NEEDS,
    ),
    Rule(
        "etc_ellipsis",
        "etc.. / etc... / etc… (any run of dots and ellipses)",
        "etc.",
        "'et cetera' already means 'and so on'; it takes one full stop.",
        find_etc_ellipsis,
        ("etc", "Etc"),
    ),
    Rule(
        "ellipsis",
        "... or more dots, …… / …. / .… (an ellipsis with more stuck to it)",
        "… (U+2026)",
        "One character, so the dots never split across lines; an ellipsis is three dots, no more.",
        find_ellipsis,
        ("...", "……", "….", ".…"),
    ),
    Rule(
        "apostrophe",
        "' between letters",
        "’ (U+2019)",
        "The typographic apostrophe; the straight one is a typewriter stand-in.",
        find_apostrophe,
        ("'", "‘"),
    ),
    Rule(
        "quotes",
        'paired "…", &quot;…&quot;, top-level “…”',
        "« … » with no-break spaces; “…” inside « »",
        "French quotation marks are guillemets; the second level uses English quotes.",
        find_quotes,
        ('"', "“", "”"),
    ),
    Rule(
        "guillemet_space",
        "« and » (and ‹ ›) without the no-break space inside",
        "«\u00a0…\u00a0» (U+00A0, or U+202F with guillemet_space: narrow)",
        "Guillemets are spaced, and must never end up alone on a line.",
        find_guillemet_space,
        ("«", "»", "‹", "›"),
    ),
    Rule(
        "dialogue_dash",
        "- or -- (or — without its space) opening a paragraph",
        "— and U+00A0",
        "A dialogue line opens with an em dash tied to the first word.",
        find_dialogue_dash,
        ("-", "—", "–"),
    ),
    Rule(
        "incise_dash",
        "word - word (a hyphen between spaces)",
        "word – word (U+2013, or U+2014 with incise_dash: em)",
        "An incise is set off by dashes; the hyphen joins words.",
        find_incise_dash,
        ("-",),
    ),
    Rule(
        "numero",
        "n° / N° before a number",
        "n<sup>o</sup> and U+00A0",
        "The abbreviation of numéro is n with a superior o, tied to its number.",
        find_numero,
        ("°", "º", SUP_OPEN),
    ),
    Rule(
        "ordinal",
        "1er 1re 1ère 1ière 2e 2ème 2ième 2nd(e) XIe XIXe Ier, 3 ème, 1ÈRE, IIème, IId",
        "1<sup>er</sup> 1<sup>re</sup> 2<sup>e</sup> 2<sup>d</sup> XI<sup>e</sup> (or plain)",
        "French ordinal abbreviations are er, re, e, d, de, in superscript.",
        find_ordinal,
        (*_DIGITS, "I", "V", "X", "L", "C", "D", "M"),
    ),
    Rule(
        "title_space",
        "M. / MM. / Mme / Mlle / Dr / Pr / Mgr + space + capitalised name",
        "U+00A0 after the title",
        "A title of address never ends a line away from its name.",
        find_title_space,
    ),
    Rule(
        "reference_space",
        "§ 5, art. 3, fig. 2, p. 12, t. II; initials J. R. R. Tolkien",
        "U+00A0 after the abbreviation or initial",
        "An abbreviation never ends a line away from its number, nor an initial from the name.",
        find_reference_space,
        ("§", ". "),
    ),
    Rule(
        "thousands",
        "a number already in groups of three (10 000)",
        "U+202F between the groups",
        "Digit groups must not split across lines; the narrow space is the French separator.",
        find_thousands,
        _DIGITS,
    ),
    Rule(
        "long_number",
        "a bare integer of 5+ digits before a unit or currency",
        "U+202F every three digits",
        "Large quantities are grouped by three; codes, years and phones are not quantities.",
        find_long_number,
        _DIGITS,
    ),
    Rule(
        "time_hours",
        "14h30 / 14 h 30",
        "14\u00a0h\u00a030",
        "The hour symbol is spaced and tied to its numbers.",
        find_time_hours,
        ("h",),
    ),
    Rule(
        "unit_space",
        "number + % ‰ € $ £ °C km kg h min… (closed list) or a currency name",
        "U+00A0 between number and unit",
        "A quantity never splits from its unit; French spaces the percent sign.",
        find_unit_space,
        _DIGITS,
    ),
    Rule(
        "colon_space",
        ": that is prose punctuation (followed by a space or the end)",
        "U+00A0 before :",
        "French sets a full no-break space before the colon.",
        find_colon_space,
        (":",),
    ),
    Rule(
        "punctuation_space",
        "; ! ? (and clusters like ?!) after a word, number or closing mark",
        "U+202F before the mark (none with locale: fr-CA)",
        "French sets a narrow no-break space before the high punctuation marks.",
        find_punctuation_space,
        ("!", "?", ";", "‽", "⁇", "⁈", "⁉"),
    ),
)

RULE_NAMES: tuple[str, ...] = tuple(rule.name for rule in RULES)
