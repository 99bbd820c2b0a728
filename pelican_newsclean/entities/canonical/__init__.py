"""Turn raw NER mentions into a post's canonical entities.

The model finds spans; readers want things. This package cleans each span
(quotes, articles, titles), fixes types the model gets wrong by rule, drops
junk, and merges the variants of one thing (``maréchal Haftar``, ``Haftar``,
``Khalifa Haftar``; ``ANL`` and ``Armée nationale libyenne``) into one entity.

Everything is an entry of :data:`STEPS`, one ordered table of named steps
(name, function, why), in the spirit of ftfy's fixers and Python-Markdown's
registries: a step can be switched off by name (``canonicalise(...,
skip={"medium_after_sur"})``) and every change it makes is written to the
report with its name. Steps are plain functions ``(candidates, ctx) ->
candidates``, linear in the number of mentions (a few pairwise ones are
quadratic in the number of *distinct* entities of one post, a few dozen).

The first steps see one candidate per mention, with its offsets in the text,
so they can read its context; ``group_by_key`` then makes one candidate per
distinct key, and the later steps work on those.

    >>> fold("Côte d’Ivoire")
    "cote d'ivoire"
    >>> strip_title_words("colonel général Iounous-bek Evkourov")
    'Iounous-bek Evkourov'

Modules: :mod:`.names` (keys, slugs, word predicates), :mod:`.candidates`
(the data steps work on), :mod:`.cleaning` (span steps), :mod:`.types`
(typing steps), :mod:`.merges` (entity steps), :mod:`.steps` (the table and
entry points), :mod:`.frontmatter`.
"""

from __future__ import annotations

from .candidates import Candidate, CanonicalOptions, Context, GazetteerEntry, StepInfo
from .frontmatter import parse_entities_field, parse_ignore_field
from .merges import regroup
from .names import (
    fold,
    initials,
    is_capitalised,
    key_words,
    simple_slugify,
    slug_source,
    strip_title_words,
)
from .steps import (
    STEP_NAMES,
    STEPS,
    aliases_of,
    candidates_from_mentions,
    canonicalise,
    rank_and_limit,
)

__all__ = [
    "STEPS",
    "STEP_NAMES",
    "Candidate",
    "CanonicalOptions",
    "Context",
    "GazetteerEntry",
    "StepInfo",
    "aliases_of",
    "candidates_from_mentions",
    "canonicalise",
    "fold",
    "initials",
    "is_capitalised",
    "key_words",
    "parse_entities_field",
    "parse_ignore_field",
    "rank_and_limit",
    "regroup",
    "simple_slugify",
    "slug_source",
    "strip_title_words",
]
