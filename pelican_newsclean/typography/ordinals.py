"""Numero, ordinals and titles of address."""

from __future__ import annotations

import re
import unicodedata

from ..html import ATOM, SUP_CLOSE, SUP_OPEN
from .base import HS, Edits, Style, anchored_matches, positions_of, space_edit
from .numbers import number_tokens

_NUMERO_RE = re.compile(
    rf"[nN](?<![\w{ATOM}][nN])(?:([°º])(s?)|{SUP_OPEN}os?{SUP_CLOSE})({HS}*)(?=\d)"
)


def find_numero(text: str, style: Style) -> Edits:
    """``n°`` before a number becomes ``n<sup>o</sup>`` and a no-break space.

    ``n° 5`` → ``n<sup>o</sup>\u00a05``; ``N°12`` → ``N<sup>o</sup>\u00a012``.
    With ``ordinals: plain`` the ``°`` stays and only the space is fixed.
    """
    edits: Edits = []
    for match in _NUMERO_RE.finditer(text):
        if match.group(1) and style.ordinals_sup:
            edits.append((match.start(1), match.end(2), f"{SUP_OPEN}o{match.group(2)}{SUP_CLOSE}"))
        space_edit(text, match.start(3), match.end(3), style.nbsp, style, edits)
    return edits


# Suffixes as written, lower case and NFC, and their short form.
_SUFFIXES = {
    "er": "er",
    "ers": "ers",
    "re": "re",
    "res": "res",
    "ère": "re",
    "ères": "res",
    "ere": "re",
    "eres": "res",
    "ière": "re",
    "ières": "res",
    "iere": "re",
    "ieres": "res",
    "e": "e",
    "es": "es",
    "è": "e",
    "ème": "e",
    "èmes": "es",
    "ième": "e",
    "ièmes": "es",
    "eme": "e",
    "emes": "es",
    "nd": "d",
    "nds": "ds",
    "nde": "de",
    "ndes": "des",
    "d": "d",
    "de": "de",
    "ds": "ds",
    "des": "des",
}
# Written in capitals too (1ÈRE, 2ÈME): those that are no word or code in
# capitals ("2DS" is a game console, "3E" a grade).
_CAPITALISED = frozenset(
    "er ers re res ère ères ere eres ière ières ème èmes ième ièmes eme emes".split()
)
# Long enough to be read as a suffix after a space ("3 ème").
_SPACED = frozenset("ère ères ière ières ème èmes ième ièmes eme emes".split())
_COMBINING = "\u0300-\u036f"


def _spellings() -> dict[str, str]:
    """Every accepted spelling of each suffix (lower case, capitals, and
    decomposed, as text pasted from macOS is) and the suffix it stands for."""
    spellings: dict[str, str] = {}
    for suffix in _SUFFIXES:
        for written in (suffix, suffix.upper() if suffix in _CAPITALISED else suffix):
            spellings[written] = suffix
            spellings[unicodedata.normalize("NFD", written)] = suffix
    return spellings


_BASE = _spellings()
_FIRST_ONLY = frozenset("er ers re res ère ères ere eres ière ières iere ieres".split())
_SECOND_ONLY = frozenset("nd nds nde ndes d de ds des".split())
_SUFFIX_ALT = "|".join(sorted(_BASE, key=len, reverse=True))
# A suffix ends a word: no letter, apostrophe, superscript or accent after it.
_ORDINAL_END = rf"({_SUFFIX_ALT})(?![\w'’{SUP_CLOSE}{_COMBINING}])"
_ORDINAL_SUFFIX_RE = re.compile(_ORDINAL_END)
_SPACED_SUFFIX_RE = re.compile(
    rf"[ \u00a0\u202f]+({'|'.join(w for w, s in _BASE.items() if s in _SPACED)})"
    rf"(?![\w'’{SUP_CLOSE}{_COMBINING}])"
)
_SUFFIX_STARTS = frozenset(w[0] for w in _BASE)
_SPACES_BEFORE_SUFFIX = frozenset(" \u00a0\u202f")
_SPACED_STARTS = frozenset(w[0] for w, suffix in _BASE.items() if suffix in _SPACED)
_NOT_BEFORE_ORDINAL = frozenset(".,:" + ATOM)
# Not inside a word, an accented one in NFD too (``éXIe``: e + U+0301 + XIe).
_ROMAN_ORDINAL_RE = re.compile(
    rf"[IVXLCDM](?<![\w.,{ATOM}{_COMBINING}][IVXLCDM])[IVXLCDM]*{_ORDINAL_END}"
)
_ROMAN_LETTERS = "IVXLCDM"
_ROMAN_RUN_RE = re.compile(f"[{_ROMAN_LETTERS}]+")
_ROMAN_RE = re.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")


def _is_combining(char: str) -> bool:
    return "\u0300" <= char <= "\u036f"


def _inside_a_word(before: str) -> bool:
    """Whether a numeral after ``before`` is part of a word or a number, an accented
    one in NFD too (``é1er``: e + U+0301 + 1er), so no ordinal."""
    return before in _NOT_BEFORE_ORDINAL or before.isalnum() or _is_combining(before)


def _roman_ordinal(numeral: str, suffix: str) -> bool:
    """Roman numerals that are ordinals, not the words ``Le De Ce Me Di``.

    Only ``I``, ``V``, ``X`` alone, or two or more letters making a valid
    numeral; ``er``/``ère`` only after ``I`` (``François Ier``, ``les Iers``),
    ``d``/``nd`` only after ``II`` (``IId``).
    """
    if suffix in _SECOND_ONLY:
        return numeral == "II"
    if suffix in _FIRST_ONLY:
        return numeral == "I" and suffix in {"er", "ère", "ers", "ères"}
    if len(numeral) == 1:
        return numeral in "IVX"
    return _ROMAN_RE.fullmatch(numeral) is not None


def _arabic_ordinal(digits: str, suffix: str) -> bool:
    """``er``/``re`` only after 1, ``d``/``nd`` only after 2; ``1e``, ``0e``, ``05e`` are none."""
    if digits.startswith("0"):
        return False
    if suffix in _FIRST_ONLY:
        return digits == "1"
    if suffix in _SECOND_ONLY:
        return digits == "2"
    return digits != "1"


def find_ordinal(text: str, style: Style) -> Edits:
    """Ordinals get their suffix in superscript, spelt the short way.

    ``1er`` → ``1<sup>er</sup>``, ``1ère`` → ``1<sup>re</sup>``, ``2ème`` →
    ``2<sup>e</sup>``, ``2nde`` → ``2<sup>de</sup>``, ``XIe`` → ``XI<sup>e</sup>``,
    ``François Ier`` → ``I<sup>er</sup>``; as people type them too: ``3 ème``,
    ``1ière``, ``1ÈRE``, ``IIème``, ``Iers``, ``IId``, decomposed accents.
    With ``ordinals: plain``, only the spelling is fixed (``2ème`` → ``2e``).
    ``Le``, ``De``, ``Ce`` stay words.
    """
    found: list[tuple[int, int, str]] = []
    length = len(text)
    for start, end in number_tokens(text):
        if end == length:
            continue
        after = text[end]
        if after not in _SUFFIX_STARTS:
            if after not in _SPACES_BEFORE_SUFFIX:
                continue
            following = end + 1  # "3 ème", "1    ère": the suffix after the spaces
            while following < length and text[following] in _SPACES_BEFORE_SUFFIX:
                following += 1
            if following == length or text[following] not in _SPACED_STARTS:
                continue
        if start and _inside_a_word(text[start - 1]):
            continue
        match = _ORDINAL_SUFFIX_RE.match(text, end) or _SPACED_SUFFIX_RE.match(text, end)
        if match and _arabic_ordinal(text[start:end], _BASE[match.group(1)]):
            found.append((end, match.end(1), _BASE[match.group(1)]))
    # Tried where a run of capitals starts, found by literal scans: a search
    # for the class tests every character.
    starts = positions_of(text, _ROMAN_LETTERS, _ROMAN_RUN_RE)
    for match in anchored_matches(_ROMAN_ORDINAL_RE, text, starts):
        suffix = _BASE[match.group(1)]
        if _roman_ordinal(text[match.start() : match.start(1)], suffix):
            found.append((match.start(1), match.end(1), suffix))
    found.sort()
    edits: Edits = []
    for start, end, suffix in found:
        short = _SUFFIXES[suffix]
        if style.ordinals_sup:
            edits.append((start, end, f"{SUP_OPEN}{short}{SUP_CLOSE}"))
        elif text[start:end] != short:
            edits.append((start, end, short))
    if SUP_OPEN in text:
        edits.extend(_respelt_in_superscript(text))
        edits.sort()
    return edits


_SUP_SUFFIX_RE = re.compile(rf"{SUP_OPEN}({_SUFFIX_ALT}){SUP_CLOSE}")
_NUMERAL_CHARS = frozenset("0123456789" + _ROMAN_LETTERS)


def _respelt_in_superscript(text: str) -> Edits:
    """A suffix already in superscript but spelt the long way gets the short
    spelling: ``1<sup>ère</sup>`` → ``1<sup>re</sup>``, ``XIX<sup>ème</sup>`` →
    ``XIX<sup>e</sup>``."""
    edits: Edits = []
    for match in _SUP_SUFFIX_RE.finditer(text):
        start = match.start()
        while start and text[start - 1] in _NUMERAL_CHARS:
            start -= 1
        numeral, written = text[start : match.start()], match.group(1)
        if not numeral or (start and _inside_a_word(text[start - 1])):
            continue
        suffix = _BASE[written]
        if numeral.isdigit():
            ordinal = _arabic_ordinal(numeral, suffix)
        else:
            ordinal = numeral.isalpha() and _roman_ordinal(numeral, suffix)
        if ordinal and written != _SUFFIXES[suffix]:
            edits.append((match.start(1), match.end(1), _SUFFIXES[suffix]))
    return edits


_TITLE_RE = re.compile(
    rf"[MDP](?<![\w.{ATOM}][MDP])"
    rf"(?:(?<=M)(?:M?\.|mes?|lles?|gr|{SUP_OPEN}(?:mes?|lles?|gr){SUP_CLOSE})|(?<=[DP])rs?\.?)"
    rf"({HS}+)(?=[^\W\d_]|{ATOM})"
)
# Where a title can begin: M followed by what the M branch reads, Dr, Pr.
_TITLE_STARTS = tuple(re.compile(p) for p in (f"M[.Mmlg{SUP_OPEN}]", "Dr", "Pr"))


def find_title_space(text: str, style: Style) -> Edits:
    """A no-break space ties a title of address to the capitalised name after it.

    ``M. Dupont`` → ``M.\u00a0Dupont``; also ``MM.``, ``Mme``, ``Mlle``, ``Dr``,
    ``Pr``, ``Mgr`` (not ``Me``: it is also a word). ``Mme la ministre`` is left alone.
    """
    edits: Edits = []
    starts = [start.start() for gate in _TITLE_STARTS for start in gate.finditer(text)]
    for match in anchored_matches(_TITLE_RE, text, starts):
        end = match.end(1)
        if text[end] != ATOM and not text[end].isupper():
            continue
        space_edit(text, match.start(1), end, style.nbsp, style, edits)
    return edits


# Abbreviations before a number (§ 5, art. 3, fig. 2, p. 12, t. II) and
# initials (J. R. R. Tolkien). Found from each full stop followed by spaces
# (a literal-first search), the word before it read in Python.
_DOT_SPACES_RE = re.compile(rf"\.({HS}+)")
_SECTION_RE = re.compile(rf"§({HS}+)(?=[0-9])")
_ABBREVIATIONS = frozenset("art Art fig Fig p pp t vol Vol chap Chap no No".split())
_NUMBER_AHEAD_RE = re.compile(r"[0-9]|[IVXLCDM]+(?!\w)")
_NOT_BEFORE_WORD = frozenset(".-_")  # after an apostrophe: l’art. 3


def _word_before(text: str, dot: int) -> int:
    """Start of the word of at most five letters that ends at ``dot``, or -1."""
    start = dot
    while start > 0 and dot - start < 6 and text[start - 1].isalpha():
        start -= 1
    if start == dot or dot - start > 5:
        return -1
    if start and (text[start - 1].isalnum() or text[start - 1] in _NOT_BEFORE_WORD):
        return -1
    return start


def _is_initial(text: str, start: int, dot: int) -> bool:
    return dot - start == 1 and "A" <= text[start] <= "Z"


def find_reference_space(text: str, style: Style) -> Edits:
    """A no-break space ties an abbreviation to its number and initials together.

    ``§ 5``, ``art. 3``, ``fig. 2``, ``p. 12``, ``t. II`` → U+00A0 before the
    number; ``J. R. R. Tolkien`` → ``J.\u00a0R.\u00a0R.\u00a0Tolkien`` (two initials
    or more: ``B. Ensuite`` may end a sentence).
    """
    edits: Edits = []
    if "§" in text:
        for match in _SECTION_RE.finditer(text):
            space_edit(text, match.start(1), match.end(1), style.nbsp, style, edits)
    length = len(text)
    for match in _DOT_SPACES_RE.finditer(text):
        dot, after = match.start(), match.end()
        start = _word_before(text, dot)
        if start < 0 or after + 1 >= length:
            continue
        word = text[start:dot]
        if word in _ABBREVIATIONS:
            tied = _NUMBER_AHEAD_RE.match(text, after) is not None
        elif _is_initial(text, start, dot) and "A" <= text[after] <= "Z":
            next_initial = text[after + 1] == "."
            # The last of a chain: "R. R. Tolkien" (an initial two characters before).
            chain_end = start > 2 and text[start - 2] == "." and "A" <= text[start - 3] <= "Z"
            tied = next_initial or (chain_end and text[after + 1].islower())
        else:
            continue
        if tied:
            space_edit(text, match.start(1), match.end(1), style.nbsp, style, edits)
    edits.sort()
    return edits
