"""Names and keys: folding, slugs, word predicates, titles of address.

>>> fold("Côte d’Ivoire")
"cote d'ivoire"
>>> strip_title_words("colonel général Iounous-bek Evkourov")
'Iounous-bek Evkourov'
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .. import lexicon as lx

_APOSTROPHES = str.maketrans(
    {
        "’": "'",
        "ʼ": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
        "′": "'",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "œ": "oe",
        "Œ": "oe",
        "æ": "ae",
        "Æ": "ae",
    }
)


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """The comparison key of a name: no case, accents or apostrophe variants.

    >>> fold("  Armée  nationale Libyenne ")
    'armee nationale libyenne'
    >>> fold("L’ANL") == fold("l'anl")
    True
    """
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def key_words(key: str) -> list[str]:
    """Words of a key for containment tests (hyphenated words stay whole)."""
    return key.split()


#: Longest name published: a name is a page title, a tag, a feed title.
#: Longer spans are the model reading a sentence as a name.
MAX_NAME_CHARS = 100

#: Longest slug (before a ``-2`` suffix): a slug is a folder or file name,
#: which most file systems cap at 255 bytes.
MAX_SLUG_CHARS = 80


def slug_source(name: str) -> str:
    """Prepare a name for a slug function: apostrophes become spaces.

    Pelican's ``slugify`` deletes apostrophes, which glues ``d’Ivoire`` into
    ``divoire``; a space makes it a word boundary.

    >>> slug_source("Côte d’Ivoire")
    'Côte d Ivoire'
    """
    return re.sub(r"['’ʼ‘`´′]", " ", name)


def simple_slugify(name: str) -> str:
    """A fallback slug function (ASCII, lower case, hyphens) for use without Pelican.

    >>> simple_slugify(slug_source("Côte d’Ivoire"))
    'cote-d-ivoire'
    """
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


_WORD = re.compile(r"\S+")


ARTICLE_KEY = re.compile(r"^(?:(?:les|le|la)\s+|l'\s*)")


_ARABIC_PARTICLE = re.compile(r"(?:al|el|ad|ad-|ar|as|at|an|ash|ben|bin|abu|abou|ould)-\w", re.I)


YEAR = re.compile(r"(?:19|20)\d\d$")


NUMBER = re.compile(r"\d+(?:[.,]\d+)?$")


_ROMAN_ORDINAL = re.compile(r"[IVXLC]+(?:e|er|re|ème)$")


_NUMERIC_ORDINAL = re.compile(r"\d+(?:e|er|re|ème)$")


def is_capitalised(word: str) -> bool:
    """Starts like a proper name (``Evkourov``, ``al-Mesmari``, ``Élysée``)."""
    if not word:
        return False
    return word[0].isupper() or bool(_ARABIC_PARTICLE.match(word))


def has_upper(text: str) -> bool:
    return any(ch.isupper() for ch in text)


def is_ordinal(word: str) -> bool:
    """``XIe``, ``77e``, ``1er``, ``deuxième``."""
    return bool(
        _ROMAN_ORDINAL.match(word) or _NUMERIC_ORDINAL.match(word) or fold(word) in lx.ORDINAL_WORDS
    )


def is_title(word: str, *, any_case: bool = False) -> bool:
    """Is ``word`` a title of address? Capitalised words count only for abbreviations.

    A capital usually means a name starts (``Premier League``), except for
    ``M.``/``Mme``/``Dr``, which are always written so.
    """
    key = fold(word)
    if key not in lx.PERSON_TITLES:
        return False
    return any_case or word[0].islower() or key in lx.ABBREVIATED_TITLES


def split_title(name: str, *, any_case: bool = True) -> tuple[int, bool]:
    """Find the title phrase at the start of ``name``.

    Returns ``(offset, found)``: where the rest of the name starts, and
    whether a title was found. The phrase is qualifiers, title words and the
    lower-case adjectives between them (``l'ancien président ukrainien``).

    >>> split_title("colonel général Iounous-bek Evkourov")
    (16, True)
    """
    found = False
    for match in _WORD.finditer(name):
        word = match.group()
        key = fold(word)
        if is_title(word, any_case=any_case):
            found = True
        elif key in lx.TITLE_QUALIFIERS and word[0].islower():
            pass
        elif (
            found
            and word[0].islower()
            and key not in lx.FUNCTION_WORDS
            and key not in lx.NAME_PARTICLES
            and not _ARABIC_PARTICLE.match(word)
        ):
            pass  # an adjective inside the title: "président ukrainien"
        else:
            return match.start(), found
    return len(name), found


def strip_title_words(name: str) -> str:
    """Drop the titles in front of a personal name, if a name follows.

    >>> strip_title_words("le porte-parole Ahmad al-Mesmari".split(" ", 1)[1])
    'Ahmad al-Mesmari'
    >>> strip_title_words("ministre de la Culture")
    'ministre de la Culture'
    """
    offset, found = split_title(name)
    rest = name[offset:]
    if found and rest and is_capitalised(rest):
        return rest
    return name


#: Most words a person's full name has besides its particles (``Charles André
#: Joseph Marie de Gaulle`` is rarely written out). A longer span is several
#: names in a row: a results table read as one sentence.
MAX_PERSON_NAME_WORDS = 5


def name_words(key: str) -> list[str]:
    """The words of a key that are no particle (``de``, ``le``, ``van``)."""
    return [w for w in key_words(key) if w not in lx.NAME_PARTICLES]


def is_surname(key: str) -> bool:
    """Is a key a surname alone: one word, after its particles (``haftar``,
    ``le pen``, ``van der poel``; not ``jacques pivot``)?

    >>> [is_surname(k) for k in ("haftar", "le pen", "jacques pivot", "de")]
    [True, True, False, False]
    """
    return len(name_words(key)) == 1 and key_words(key)[-1] not in lx.NAME_PARTICLES


def is_single_word(name: str) -> bool:
    return bool(name) and " " not in name


_SKIP_IN_INITIALS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "a"})


_SKIP_IN_INITIALS |= frozenset({"au", "aux", "pour", "sur", "of", "the", "and", "for"})


def initials(name: str) -> str:
    """The acronym a name would have (``Armée nationale libyenne`` -> ``anl``).

    >>> initials("Organisation des Nations unies"), initials("Paris Saint-Germain")
    ('onu', 'psg')
    """
    words = re.split(r"[\s'\-]+", fold(name))
    return "".join(w[0] for w in words if w and w not in _SKIP_IN_INITIALS)


def could_abbreviate(short: str, long: str) -> bool:
    """Could ``short`` be an acronym of ``long``: the start of one or more of its
    words, in order (``Medef``: Me-, d-, e-, F- of Mouvement des entreprises de
    France)?

    >>> could_abbreviate("Cnes", "Centre national d'études spatiales")
    True
    >>> could_abbreviate("ESA", "Agence spatiale européenne")
    True
    >>> could_abbreviate("Vendée", "La Roche-sur-Yon"), could_abbreviate("RMC", "France Info")
    (False, False)
    """
    letters = "".join(ch for ch in fold(short) if ch.isalnum())
    if not letters:
        return False
    words = [w for w in re.split(r"[\s'\-]+", fold(long)) if w]
    # A search over (letters used, words passed), without recursion: a recursive
    # closure is a reference cycle, garbage only the cycle collector frees, and
    # the build pauses it (see gcpause) while it canonicalises every post.
    todo, seen = [(0, 0)], {(0, 0)}
    while todo:
        i, j = todo.pop()
        if i == len(letters):
            return True
        for k in range(j, len(words)):
            word = words[k]
            n = 0
            while n < len(word) and i + n < len(letters) and word[n] == letters[i + n]:
                n += 1
                if (i + n, k + 1) not in seen:
                    seen.add((i + n, k + 1))
                    todo.append((i + n, k + 1))
    # An English acronym of a French name has the same letters in another
    # order (ESA, Agence spatiale européenne).
    return sorted(letters) == sorted(initials(long))


#: A word and the first letter of the word after it.
_NEXT_WORD = re.compile(r"\S+[ \u00a0]+(\w)")


def _clause_goes_on(text: str, start: int) -> bool:
    """Is the word at ``start`` followed by a lower-case word (``Victoire de``)?"""
    match = _NEXT_WORD.match(text, start)
    return match is not None and match[1].islower()


def at_sentence_start(text: str, start: int) -> bool:
    """Does ``start`` open a sentence, a block, or a clause after `` - ``
    (``31/12 - Fermentation à 20°C``), or after `` / `` when the clause goes on
    in lower case (``412 classés / Victoire de X``; in ``Trail des Forts /
    Dijon (10 km)``, ``/`` lists names)?"""
    before = text[max(0, start - 3) : start].rstrip(' \u00a0«“"')
    if before[-1:] == "/":  # spaced, not a unit (km/h)
        return before[-2:-1] in ("", " ", "\u00a0", "\n") and _clause_goes_on(text, start)
    if before[-1:] in ("-", "–", "—"):  # a spaced dash, not a hyphen ("Jean-")
        return before[-2:-1] in ("", " ", "\u00a0", "\n")
    return not before or before[-1] in ".!?\n:»"
