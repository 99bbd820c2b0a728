"""Evidence that a span the model tagged names nothing.

Pure predicates, each returning the reason a span is not a name (or None),
so the steps that use them can report it:

- :func:`not_a_name`: what the span is written as (a web address, an
  e-mail address, a file name, a code identifier, markup, an elided pronoun
  and its verb such as ``J’ai``);
- :func:`common_word_evidence`: a word capitalised only because it opens a
  sentence, told by word frequencies (``wordfreq``, offline data) and by the
  text itself (the same word written in lower case elsewhere);
- :func:`label_evidence`: a common word opening a block as a heading or a
  label (``Conclusion``, ``Gypse : 0.9g``), told by the model's vocabulary
  (:mod:`.vocabulary`) and the value after the colon;
- :func:`english_word`: a common English word French hardly uses
  (``Password``).

A language predicate (``text -> bool``, "is this French?") can be given to
the stage; the default accepts every text.

    >>> not_a_name("J’ai", "J’ai"), not_a_name("J’ai envie maintenant", "J’ai")
    ('a pronoun and its verb', 'a pronoun and its verb')
    >>> not_a_name("Docker", "https://docker.com")
    'a web address'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Protocol

from ..html import tex_delimited

#: ``text -> bool``: is this text French? (the language identification of the
#: typography stage plugs in here).
LanguagePredicate = Callable[[str], bool]


def accept_all(text: str) -> bool:
    """The default language predicate: every text is taken as French."""
    return True


#: A word is common in French (or English) from this Zipf frequency on:
#: 3 is once per million words (``commençons`` 3.6, ``conclusion`` 4.4).
COMMON_ZIPF = 3.0

#: An English word opening a sentence (``Let``, ``Well``, ``Yes``): very
#: frequent in English (Zipf 5: ten per million words) and far rarer in
#: French. Names used in both languages (``Washington``, ``London``) are
#: close in both and stay.
ENGLISH_ZIPF = 5.0
ENGLISH_MARGIN = 1.5

_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S", re.I)
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:[a-z]{2,6})(?:/\S*)?$", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_FILE = re.compile(
    r"[\w-]+\.(?:py|md|rst|txt|pdf|jpe?g|png|gif|svg|webp|html?|css|json|ya?ml|toml|"
    r"ini|cfg|conf|xml|csv|zip|tar|gz|docx?|xlsx?|pptx?|odt|ods|php|rb|rs|go|sh|exe|"
    r"deb|rpm|apk|iso|mp3|mp4|mkv|avi|log|sql|db)$",
    re.I,
)
_CODE = re.compile(
    r"[\w.]*[^\W_]_[^\W_][\w.]*"  # snake_case, module.snake_case
    r"|[a-z]+(?:[A-Z][a-z0-9]+){2,}"  # camelCase with two humps (getElementById)
    r"|\w+(?:\.\w+){2,}"  # dotted.module.path
    r"|\w+\(\)|\w+::\w+|</?\w"
    r"|\$\{?\w+\}?"  # a shell variable ($PATH, ${HOME})
)
MARKUP = re.compile(r"[<>{}\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: A formula or a measure inside a span (``CaCl2 ~= 2.25 ml``, ``Malt 4,5 kg``):
#: a comparison sign, or a number and a unit of mass, volume or length written
#: apart or after a decimal (not ``5G``, ``Renault 4L``, ``A380``).
_FORMULA = re.compile(r"[=≈±×]|\d(?:[.,]\d+\s?| )(?:[kmcµ]?g|[mcdh]?[lL]|[mck]?m)(?![^\W\d_])")
#: TeX in the word a span sits in: a command's backslash, a power (``\bar X``,
#: ``\(S_m\)``, ``X_i^2``, ``e^{-t}``). A caret before a letter is OCR noise
#: in a name (``Ploun^rui``).
_TEX_MARK = re.compile(r"\\|\^[\d{]")
#: What may wrap an address or a file name in a sentence: ``(http://...)``.
_WRAPPERS = "([{<«“‘\"'"
_TRAILERS = ".,;:!?)]}>»”’\"'"
#: TeX mathematics, which MathJax renders from the visible text: ``\(...\)``,
#: ``\[...\]``, ``$$...$$``, ``\begin{equation}...\end{equation}`` and the other
#: display environments (not ``itemize``: a LaTeX source shown as text), at
#: most 2,000 characters (a delimiter closed no nearer opens nothing).
_TEX_MATH = re.compile(
    "|".join(tex_delimited(2000))
    + r"|\\begin\{((?:equation|align|gather|multline|eqnarray|displaymath|math)\*?)\}"
    r".{0,2000}?\\end\{\1\}",
    re.S,
)
#: Elided object and subject pronouns, negation and ``que``: ``J’ai``,
#: ``C’est``, ``N’importe``, ``Qu’il``. Names may start so (``N’Djamena``,
#: ``N’Golo``): the word after must be a frequent French word.
_ELIDED_PRONOUN = re.compile(r"(?:[JjCcNnMmTtSs]|[Qq]u)['’](\w+)$")
#: A dotted word without ``www.`` or a scheme is a web address only with a
#: common top-level domain (``mediapart.fr``; not ``St.Louis``, ``M.Sc``).
_COMMON_TLDS = frozenset({"fr", "com", "org", "net", "eu", "io", "info", "gouv", "be", "ch"})


def _web_address(name: str, bare: str) -> bool:
    if _URL.match(bare) or _URL.search(name):
        return True
    tld = bare.split("/")[0].rsplit(".", 1)[-1].lower()
    return bool(_DOMAIN.fullmatch(bare)) and tld in _COMMON_TLDS


def not_a_name(name: str, token: str) -> str | None:
    """Why a span is written as something other than a name, or None.

    ``name`` is the span; ``token`` the run of non-space characters around
    it in the text (``docker.com`` for a span ``docker``), read without the
    brackets, quotes and punctuation around it (``(http://...).``).

    >>> not_a_name("Olympique de Marseille", "Olympique") is None
    True
    >>> not_a_name("vCard", "vCard") is None, not_a_name("read_file", "read_file")
    (True, 'a code identifier')
    """
    if MARKUP.search(name):
        return "markup characters"
    if _FORMULA.search(name) or _TEX_MARK.search(token):
        return "a formula or a measure"
    bare = token.lstrip(_WRAPPERS).rstrip(_TRAILERS)
    if _EMAIL.search(token):
        return "an e-mail address"
    if _web_address(name, bare):
        return "a web address"
    if _FILE.fullmatch(bare):
        return "a file name"
    if _CODE.fullmatch(token.strip(".,;:!?()«»\"'")):
        return "a code identifier"
    elided = _ELIDED_PRONOUN.fullmatch(name.split()[0]) if name.split() else None
    if elided and french_zipf(elided.group(1).lower()) >= COMMON_ZIPF:
        return "a pronoun and its verb"
    return None


def tex_math_spans(text: str) -> list[tuple[int, int]]:
    r"""Where ``text`` holds TeX mathematics (``M(t)``, ``X_i^2`` between TeX
    delimiters, which MathJax renders): variables and functions, never names.

    >>> tex_math_spans("La masse \\(M(t)\\) varie.")
    [(9, 17)]
    """
    return [m.span() for m in _TEX_MATH.finditer(text)]


@functools.lru_cache(maxsize=1 << 14)
def french_zipf(word: str) -> float:
    """Zipf frequency of a word in French (0 = rarer than Zipf 3, or unknown)."""
    return _zipf(word, "fr")


@functools.lru_cache(maxsize=1 << 14)
def english_zipf(word: str) -> float:
    return _zipf(word, "en")


def _zipf(word: str, lang: str) -> float:
    # Deferred import (0.5 s). The "small" lists hold the words down to Zipf 3,
    # all these rules ask about, and load in 0.05 s where the full ones take 0.5 s.
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, lang, wordlist="small"))


def lower_case_form(name: str) -> str:
    """The name as a word inside a sentence would be written: ``Ça`` -> ``ça``."""
    return name[:1].lower() + name[1:]


#: The lower-case letters a capital may stand for: French capitals often lose
#: their accent when typed (``Ca`` for ``Ça``, ``Ecole`` for ``École``).
_UNACCENTED_CAPITALS = {
    "A": "[aàâä]",
    "C": "[cç]",
    "E": "[eéèêë]",
    "I": "[iîï]",
    "O": "[oôö]",
    "U": "[uùûü]",
}


#: Accented letters a capital typed without its accent may stand for.
_ACCENTED_INITIALS = {"A": "àâ", "C": "ç", "E": "éèê", "I": "î", "O": "ô", "U": "ù"}


def lower_case_forms(word: str) -> tuple[str, ...]:
    """The lower-case words a capitalised word may be: with its accent restored
    too when, as written, it is no French word (``Epreuve``: ``epreuve``,
    ``épreuve``, ``èpreuve``, ``êpreuve``; ``Emilie`` is a word as written).

    >>> lower_case_forms("Epreuve"), lower_case_forms("Emilie")
    (('epreuve', 'épreuve', 'èpreuve', 'êpreuve'), ('emilie',))
    """
    form = lower_case_form(word)
    if french_zipf(form.lower()) >= COMMON_ZIPF:
        return (form,)
    return (form, *(accented + form[1:] for accented in _ACCENTED_INITIALS.get(word[:1], "")))


def common_zipf(word: str) -> float:
    """The Zipf frequency in French of the most frequent word a capitalised word
    may be (``Epreuve``: that of ``épreuve``)."""
    return max(french_zipf(form.lower()) for form in lower_case_forms(word))


def written_in_lower_case(name: str, text: str) -> bool:
    """Is the name's lower-case form a word of ``text``: ``ça`` for ``Ça``, and
    for ``Ca`` too (a capital typed without its accent)?"""
    form = lower_case_form(name)
    if form == name:
        return False
    first = _UNACCENTED_CAPITALS.get(name[:1], re.escape(form[:1]))
    return re.search(rf"(?<![\w-]){first}{re.escape(form[1:])}(?![\w-])", text) is not None


def english_opener(word: str) -> bool:
    """A frequent English word that is rare in French (``Well``, ``Yes``, ``Let``)."""
    key = word.lower()
    english = english_zipf(key)
    return english >= ENGLISH_ZIPF and english - french_zipf(key) >= ENGLISH_MARGIN


def french_verb_form(word: str) -> bool:
    """A conjugated French verb, as instructions and proposals open: ``Commençons``,
    ``Notons`` (a common word in -ons), ``Ajoutez``, ``Concentrez`` (a word in -ez
    whose infinitive in -er is common; ``Martinez``, ``Gomez`` have none).

    >>> [french_verb_form(w) for w in ("Commençons", "Concentrez", "Martinez", "Lyons")]
    [True, True, False, False]
    """
    key = word.lower()
    if key.endswith("ons"):
        return french_zipf(key) >= COMMON_ZIPF
    if key.endswith("ez") and len(key) > 4:
        return french_zipf(key[:-2] + "er") >= COMMON_ZIPF
    return False


def common_word_evidence(name: str, text: str) -> str | None:
    """Why a name seen only at sentence starts is a common word, or None.

    Evidence: it is an English function word (see :func:`english_opener`),
    a conjugated French verb (see :func:`french_verb_form`), either alone or
    before variables, single capitals (``Let X``, ``Posons N``: not ``Louis
    X``), or a common French word that ``text`` also writes in lower case.

    >>> common_word_evidence("Let X", "Let X equal the cold.")
    'an English word opening a sentence'
    """
    words = name.split()
    if not words or name.isupper() or not name[:1].isupper():
        return None
    variables = len(words) > 1 and all(len(w) == 1 and w.isupper() for w in words[1:])
    if any(not word[:1].islower() for word in words[1:]) and not variables:
        return None  # "Le Louvre": a capital inside says name
    alone = len(words) == 1 or variables
    if alone and english_opener(words[0]):
        return "an English word opening a sentence"
    if alone and french_verb_form(words[0]):
        return "a verb opening a sentence"
    if variables:
        return None
    if common_zipf(words[0]) >= COMMON_ZIPF and written_in_lower_case(name, text):
        return "a common word, capitalised only at sentence starts"
    return None


#: A word of running text: not a part of an address (``acr.dijon@...``,
#: ``fabrice.heuret@...``, ``site.fr/dijon``), where names go in lower case.
_WORD = re.compile(r"(?<![\w@./])\w+(?:-\w+)*(?![\w@/-]|\.\w)")


def words_written(texts: Iterable[str], forms: set[str]) -> set[str]:
    """Which of ``forms`` (words, as written) occur as words of running text
    in ``texts`` (not inside a web or e-mail address)."""
    found: set[str] = set()
    for text in texts:
        found |= forms.intersection(_WORD.findall(text))
        if found == forms:
            break
    return found


@functools.lru_cache(maxsize=1 << 12)
def full_zipf(word: str) -> float:
    """Zipf frequency of a word in French from the full list: rare words too
    (``houblon`` 2.9, which the small list has as 0). Loads in 0.5 s, so only
    the rules that compare two rare forms ask it."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "fr"))


#: A measured value: a decimal number, or a number and its unit (``5.2``,
#: ``0.9g``, ``40 mn``, ``68°C``, ``2g/L``). Not a bare integer (a score:
#: ``Lyon : 2``) nor a percentage (a result: ``Renaissance : 14,6 %``).
_MEASURE = re.compile(
    r"[-+~≈=]?\s?(?:\d+(?:[.,]\d+)?\s?"
    r"(?:[kmcdµ]?g|[mcdh]?l|mn|min|h|s|°\s?[cf]?|[cmk]?m|ppm|ibu|ebc)(?![^\W\d_])"
    r"|\d+[.,]\d+(?![\d.,]|\s?%))",
    re.I,
)


#: Why :func:`label_evidence` drops ``Gypse : 0.9g``.
MEASURE_LABEL = "a label of a measure"
#: Why it drops ``Mise à jour : le code``: the vocabulary's word alone.
COMMON_LABEL = "a label, a common word"


class KnowsWords(Protocol):
    """What the label rule asks of a vocabulary (:class:`.vocabulary.Vocabulary`)."""

    def knows(self, word: str) -> str | None: ...


def label_evidence(name: str, rest: str, vocabulary: KnowsWords, turns: int = 1) -> str | None:
    """Why a span that opens a block is a heading or a label, not a name, or None.

    ``rest`` is the rest of the block after the span. A block that is the
    span alone, or the span and a colon (``Conclusion``, ``Houblons :``),
    is a heading or a label when its first word is a common word of the
    model's vocabulary. ``Gypse : 0.9g``, ``pH : 5.2``: a label followed by
    a measure, when the word is common (vocabulary or word frequency). A
    label followed by text (``Mise à jour : le code``, ``Edit : ...``) only
    when the word is itself a common word or an English label word, and it
    labels one block of the post: ``turns`` is how many blocks it opens so,
    and a label that comes back is a speaker in a dialogue (``Pierre : ...``,
    ``pierre`` being a common word too). A speaker's name (``Macron : ...``,
    ``Bernard IO : ...``) stays.

    >>> from types import SimpleNamespace as Words
    >>> common = Words(knows=lambda w: "a common word" if w.lower() == "gypse" else None)
    >>> label_evidence("Gypse", ": 0.9g", common), label_evidence("Macron", ": oui", common)
    ('a label of a measure', None)
    """
    words = name.split()
    if not words or name.isupper() or any(not w[:1].islower() for w in words[1:]):
        return None  # an acronym, or a capital inside ("Bernard IO"): a name
    value = rest.strip()
    if value and not value.startswith(":"):
        return None  # the block goes on: a sentence, not a label
    value = value[1:].strip()
    head = words[0]
    common = vocabulary.knows(head)
    if not value:
        return f"a heading or label alone, {common}" if common else None
    measure = _MEASURE.match(value)
    if measure and (common or french_zipf(head.lower()) >= COMMON_ZIPF):
        return MEASURE_LABEL
    if measure or value[:1].isdigit():
        return None  # a score, a share of the vote: the label may be a name
    if turns > 1:
        return None
    if common == "a common word":
        return COMMON_LABEL
    if len(words) == 1 and english_label(head):
        return "a label, an English word"
    return None


#: An English word as a label (``Edit :``, ``Update :``): frequent in English
#: and clearly less so in French (``Washington`` is too close to call).
ENGLISH_LABEL_ZIPF = 4.0
ENGLISH_LABEL_MARGIN = 0.6


def english_label(word: str) -> bool:
    """A frequent English word clearly rarer in French (``Edit``, ``Update``)."""
    key = word.lower()
    english = english_zipf(key)
    return english >= ENGLISH_LABEL_ZIPF and english - french_zipf(key) >= ENGLISH_LABEL_MARGIN


def english_word(word: str) -> bool:
    """A common English word that French hardly uses (``Password``, ``Summary``;
    not ``Reading`` or ``Rice``, frequent enough in French as names).

    >>> english_word("Password"), english_word("Rice"), english_word("Keepass")
    (True, False, False)
    """
    key = word.lower()
    return english_zipf(key) >= ENGLISH_LABEL_ZIPF and french_zipf(key) < COMMON_ZIPF
