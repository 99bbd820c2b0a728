"""Dashes: dialogue and incise."""

from __future__ import annotations

import re

from ..html import ATOM
from .base import BLOCK_END, EM_DASH, HS, LETTER, WORDISH, Edits, Style, space_edit

_DIALOGUE_RE = re.compile(rf"[ \t]*(-{{1,2}}|—|–)({HS}*)(?={LETTER}|[«\"“{ATOM}])")
# Where a line opens with a dash: a literal-first search for the line breaks
# worth a look, instead of trying the pattern after every one.
_OPENING_DASH = "[ \t]*[-—–]"
_DASH_LINE_RE = re.compile(f"\n(?={_OPENING_DASH})")


# What ends the line before a reply: the end of a sentence, maybe quoted.
_REPLY_AFTER = frozenset('.!?…»”"' + BLOCK_END)
_LINE_SPACES = " \t\u00a0\u202f"


def _line_end(text: str, newline: int) -> str:
    """The last character before the line break at ``newline`` and its spaces."""
    index = newline
    while index > 0 and text[index - 1] in _LINE_SPACES:
        index -= 1
    return text[index - 1] if index else BLOCK_END


# Where the text of a line that opens with a dash ends: before the next line
# that opens with one, or at its block's end (a reply may wrap over lines).
_REPLY_END_RE = re.compile(f"\n(?={_OPENING_DASH}|{BLOCK_END})")


def _reply_end(text: str, start: int) -> int:
    """Where the text of the dash line at ``start`` ends."""
    end = _REPLY_END_RE.search(text, start)
    return end.start() if end else len(text)


def _ends_a_sentence(text: str, start: int) -> bool:
    """Whether the text of the dash line at ``start`` ends with the end of a sentence."""
    return _line_end(text, _reply_end(text, start)) in _REPLY_AFTER - {BLOCK_END}


# Between two dash lines of one run: a line break, or the end of one block and
# the start of the next (list items typed as paragraphs of their own).
_IN_A_RUN = ("\n", "\n" + BLOCK_END + "\n")


_OPENS_WITH_DASH_RE = re.compile(_OPENING_DASH)


def _dash_lines(text: str) -> list[int]:
    """Where the lines that open with a dash start."""
    starts = [line.end() for line in _DASH_LINE_RE.finditer(text)]
    return [0, *starts] if _OPENS_WITH_DASH_RE.match(text) else starts


def _list_lines(text: str, starts: list[int]) -> set[int]:
    """The dash lines of the runs (two or more lines, or blocks, in a row) that
    read as an unrendered list: one of their lines ends no sentence. Replies
    all end one; a list is judged as a whole, so a finished item is no reply."""
    listed: set[int] = set()
    run: list[int] = []
    for start in (*starts, -1):
        if run and start > 0 and text[_reply_end(text, run[-1]) : start] in _IN_A_RUN:
            run.append(start)
            continue
        if len(run) > 1 and not all(_ends_a_sentence(text, line) for line in run):
            listed.update(run)
        run = [start]
    return listed


# Verbs of speech (verba dicendi), which announce a reply: a first-group
# verb by its stem and an ending (``demanda``, ``s'écria``, ``murmurait``),
# the others by their forms (``dit``, ``répondit``, ``reprit``). Whole words
# only: ``Rappel :``, ``Conclusion :``, ``En fait :`` are labels.
_SPEECH_VERB_RE = re.compile(
    r"(?<![\w-])(?:"
    r"(?:demand|rétorqu|répliqu|ajout|continu|cri|écri|exclam|hurl|lanc|lanç|murmur"
    r"|chuchot|souffl|soupir|grogn|marmonn|bredouill|balbuti|bafouill|interrog"
    r"|questionn|insist|protest|object|expliqu|déclar|affirm|ordonn|suppli|implor"
    r"|racont|rappel|rappell|coup|lâch|tranch)"
    r"(?:e|es|ent|a|as|ai|èrent|ait|aient|é|ée|és|ées)"
    r"|dit|dis|disait|disaient|dirent|disent|dira|fit|firent"
    r"|répond|répondit|répondait|répondirent|répondent"
    r"|reprit|reprend|reprenait|reprirent|poursuit|poursuivit|poursuivait"
    r"|conclut|enquit"
    r")(?!\w)",
    re.IGNORECASE,
)


def _opens_a_reply(text: str, start: int, dash: str) -> bool:
    """Whether the dash opening a block at ``start`` opens a reply or an
    attribution (``— Angela Davis``, ``-- page 103``): a single hyphen only if
    its text ends a sentence (else a list item, ``- les horaires``); a dash
    or a double hyphen unless the line ends with one too (``-- Le Bureau --``)."""
    if dash == "-":
        return _ends_a_sentence(text, start)
    end = _reply_end(text, start)
    return not text[start:end].rstrip(_LINE_SPACES).endswith(("--", "—", "–"))


def _announces_a_reply(text: str, start: int) -> bool:
    """Whether the line before ``start``, which ends with a colon, announces a
    reply: it holds a verb of speech (``Il demanda :``, ``Elle répondit,
    agacée :``). A label (``Ressources :``) or another clause (``Voici les
    ressources :``) announces a list."""
    end = text.rindex(":", 0, start)
    return _SPEECH_VERB_RE.search(text, text.rfind("\n", 0, end) + 1, end) is not None


# A reply opening a quotation: "« - Viens !" (the dash, then a word).
_QUOTED_REPLY_RE = re.compile(rf"«({HS}*)(-{{1,2}}|–)({HS}+)(?={LETTER})")


def find_dialogue_dash(text: str, style: Style) -> Edits:
    """A dash opening a paragraph, or a line after one that ends a sentence,
    is a dialogue dash: ``—`` and U+00A0.

    ``- Bonjour, dit-il.`` → ``—\u00a0Bonjour, dit-il.``, and after an opening
    guillemet (``« - Viens !`` → ``« —\u00a0Viens !``); after a colon, a line
    that ends a sentence is a reply (``Il dit :\n- Viens !``). ``-5 °C``
    stays, and so do the lines of a list Markdown left in a paragraph
    (``Contraintes :\n- Durée\n- Lieu``): lines after one that goes on a
    sentence or a colon with no verb of speech before it (``Sources :\n-
    Barthes l'écrit.``, ``Voici les ressources :\n- Le livre.``), and
    every line of a run of two or more of which one ends no sentence.
    """
    edits: Edits = []
    starts = _dash_lines(text)
    listed = _list_lines(text, starts)
    for position in starts:
        match = _DIALOGUE_RE.match(text, position)
        if match is None or position in listed:
            continue
        previous = _line_end(text, position - 1) if position else BLOCK_END
        if previous == BLOCK_END and not _opens_a_reply(text, position, match.group(1)):
            continue  # "- les horaires", "-- Le Bureau --": a list item, a signature
        if previous == ":" and _ends_a_sentence(text, position):
            if not _announces_a_reply(text, position):
                continue  # "Ressources :\n- Roland Barthes dit ...": a list item
        elif previous != BLOCK_END and previous not in _REPLY_AFTER:
            continue  # a line that goes on a sentence: a list item
        dash, space = match.group(1), match.group(2)
        if dash.startswith("-") and not space:
            continue  # "-Bonjour" is no dialogue
        start, end = match.span(1)
        if dash.startswith("-"):
            edits.append((start, end, EM_DASH))
        space_edit(text, end, match.end(2), style.nbsp, style, edits)
    if "«" in text:
        for match in _QUOTED_REPLY_RE.finditer(text):
            edits.append((match.start(2), match.end(2), EM_DASH))
            space_edit(text, match.start(3), match.end(3), style.nbsp, style, edits)
        edits.sort()
    return edits


_INCISE_RE = re.compile(
    rf"-(?<=[{WORDISH}…][ \u00a0]-)"
    # "--" and "---" are dashes even before a number; a lone "-" only before a word.
    rf"(?:--?(?!-)(?=[ \u00a0](?:{LETTER}|[0-9«\"“({ATOM}]))"
    rf"|(?!-)(?=[ \u00a0](?:{LETTER}|[«\"“({ATOM}])))"
)


# Every hyphen between spaces, dash or not (the line's separators).
_SPACED_HYPHEN_RE = re.compile(r"[ \u00a0]+-{1,3}[ \u00a0]+")


def find_incise_dash(text: str, style: Style) -> Edits:
    """A hyphen between spaces in a sentence is an incise dash: `` – `` (or `` — ``).

    ``Le maire - élu en 2020 - a dit`` → ``Le maire – élu en 2020 – a dit``;
    ``--`` and ``---`` too, before a number as well (``Le trajet -- 20 km environ
    -- prendra``); ranges (``1914-1918``), compounds (``peut-être``) and
    ``2 - 1`` keep theirs. A line whose spaced hyphens are not all dashes
    (``Classement - 10 km - Hommes``: the first one may be a minus) keeps
    them all: separators are changed all together or not at all.
    """
    edits = [(m.start(), m.end(), style.incise) for m in _INCISE_RE.finditer(text)]
    if not edits:
        return edits
    kept: Edits = []
    first = 0  # the first edit of the line
    while first < len(edits):
        line_start = text.rfind("\n", 0, edits[first][0]) + 1
        line_end = text.find("\n", edits[first][0])
        line_end = len(text) if line_end < 0 else line_end
        last = first
        while last < len(edits) and edits[last][0] < line_end:
            last += 1
        if len(_SPACED_HYPHEN_RE.findall(text, line_start, line_end)) == last - first:
            kept.extend(edits[first:last])
        first = last
    return kept
