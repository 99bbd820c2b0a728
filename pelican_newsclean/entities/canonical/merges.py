"""Entity-level steps: one candidate per key, then merges of variants."""

from __future__ import annotations

import re
from collections import Counter

from .. import lexicon as lx
from .candidates import Candidate, Context
from .names import (
    ARTICLE_KEY,
    at_sentence_start,
    could_abbreviate,
    fold,
    initials,
    is_capitalised,
    is_single_word,
    key_words,
)


def _display_rank(variant: str, count: int) -> tuple[int, int, int]:
    # Most seen first; then a capitalised form (a name, not a sentence
    # fragment); then the longer (fuller) form.
    return (count, int(is_capitalised(variant)), len(variant))


def regroup(cands: list[Candidate]) -> list[Candidate]:
    """Merge candidates with the same key, keeping first-seen order."""
    by_key: dict[str, Candidate] = {}
    for c in cands:
        if not c.variants:
            c.variants[c.name] += c.count
        kept = by_key.get(c.key)
        if kept is None:
            by_key[c.key] = c
            continue
        if c.fixed and not kept.fixed:
            kept.type, kept.fixed = c.type, True
        kept.absorb(c)
    for c in by_key.values():
        same_key = [(v, n) for v, n in c.variants.items() if fold(v) == c.key]
        if same_key and not c.fixed:
            c.name = max(same_key, key=lambda vn: _display_rank(*vn))[0]
    return list(by_key.values())


def group_by_key(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """One candidate per key (``Libye`` ×4 -> one entity with 4 mentions).

    One type per entity: mentions whose type a cue in the text set (a title,
    a nationality, a head noun) outvote the model's guesses; otherwise the
    most frequent type wins, a specific type beating ``Thing`` on a tie.
    """
    types: dict[str, Counter[str]] = {}
    cued: dict[str, Counter[str]] = {}
    for c in cands:
        types.setdefault(c.key, Counter())[c.type] += 1
        if c.cue:
            cued.setdefault(c.key, Counter())[c.type] += 1
    grouped = regroup(cands)
    for c in grouped:
        votes = cued.get(c.key) or types[c.key]
        if not c.fixed and len(types[c.key]) > 1:
            best = max(votes.items(), key=lambda kv: (kv[1], kv[0] != "Thing"))[0]
            ctx.retype("group_by_key", c, best)
    return grouped


def apply_aliases(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """Settings ``aliases`` and gazetteer aliases: rename variants to their canonical name."""
    if not ctx.options.aliases:
        return cands
    for c in cands:
        target = ctx.options.aliases.get(c.key)
        if target and fold(target) != c.key:
            ctx.note("apply_aliases", "renamed", target, was=c.name, why="alias setting")
            c.name = target
            c.fixed = c.fixed or fold(target) in ctx.options.types
    return regroup(cands)


_ACRONYM_AFTER = re.compile(r"\s*\(\s*$")


_APPOSITION = re.compile(r"\s*[,–—]\s*(?:(?:le|la|les)\s+|l['’]\s*)?$")


def _adjacent(
    text: str, first: tuple[int, int], second: tuple[int, int], *, comma: bool = True
) -> bool:
    """Is ``second`` written right after ``first`` as ``X (Y)`` or ``X, (l’)Y``?

    ``comma=False`` accepts only the bracket form: ``le Mali, le Burkina
    Faso`` is a list, not an acronym and its expansion.
    """
    between = text[first[1] : second[0]]
    if len(between) > 8:
        return False
    if _ACRONYM_AFTER.match(between):
        return text[second[1] : second[1] + 2].lstrip().startswith(")")
    return comma and bool(_APPOSITION.match(between))


def _looks_like_acronym(c: Candidate) -> bool:
    name = c.name
    return (
        is_single_word(name)
        and 2 <= len(name) <= 10
        and ("-" not in name or name.isupper())
        and name[0].isupper()
    )


def merge_acronyms(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``ANL`` and ``Armée nationale libyenne`` in one post are one entity.

    Merged when written side by side (``Armée nationale libyenne (ANL)``,
    ``l’ANL, l’Armée nationale libyenne``) and its letters start the long
    name's words (not ``La Roche-sur-Yon (Vendée)``, ``RMC, France Info``),
    or when an all-capitals word is the initials of exactly one longer name
    of the post. The long form is
    the name; the acronym becomes an alias.
    """
    longs = [c for c in cands if len(c.name.split()) > 1 and c.type != "Person"]
    if not longs:
        return cands
    gone: set[int] = set()
    for short in cands:
        if not _looks_like_acronym(short) or short.type == "Person":
            continue
        caps = short.name.isupper()
        matches = [
            long
            for long in longs
            if id(long) not in gone
            and could_abbreviate(short.name, long.name)
            and (
                any(_adjacent(ctx.text, a, b, comma=caps) for a in long.spans for b in short.spans)
                or any(
                    _adjacent(ctx.text, b, a, comma=caps) for a in long.spans for b in short.spans
                )
            )
        ]
        if not matches and caps:
            acronym = short.key.replace("-", "")
            matches = [long for long in longs if initials(long.name) == acronym]
        if len(matches) != 1:
            continue
        long = matches[0]
        long.absorb(short)
        # An expansion with an acronym is an institution, unless the model
        # saw a place (République démocratique du Congo, RDC) or an event.
        if not long.fixed and (
            long.type == "Thing" or (short.type == "Organization" and long.type == "Place")
        ):
            long.type = "Organization"
        gone.add(id(short))
        ctx.note("merge_acronyms", "merged", long.name, alias=short.name, why="acronym")
    return [c for c in cands if id(c) not in gone]


_OF_WORDS = frozenset({"de", "du", "des", "d'", "la", "l'", "le", "les"})


def _where(words: list[str], part: list[str]) -> int:
    """Where ``part`` starts in ``words`` (-1 if it does not)."""
    n = len(part)
    return next((i for i in range(len(words) - n + 1) if words[i : i + n] == part), -1)


def _can_absorb(long: Candidate, short: Candidate, long_words: list[str], part: list[str]) -> bool:
    at = _where(long_words, part)
    if at < 0:
        return False
    if long.type == "Person":
        if short.type != "Person":
            # A surname the model read as a place: only as the end of the name.
            return len(part) == 1 and long_words[-1] == part[0]
        # "Nawaz Sharif" in "Kulsoom Nawaz Sharif": a full name after another
        # given name is another person; "Le Pen" in "Marine Le Pen" is a surname.
        return len(part) == 1 or at == 0 or part[0] in lx.NAME_PARTICLES
    # "Nations unies" after "de/des" in "Conseil de sécurité des Nations unies"
    # is what the longer name belongs to, another entity.
    after_of = at > 0 and long_words[at - 1] in _OF_WORDS
    return short.type == long.type and len(part) > 1 and not after_of


def merge_partial_names(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``Haftar`` joins ``Khalifa Haftar`` when that is the only longer name containing it.

    Person names merge on any run of words (``Le Pen`` in ``Marine Le Pen``);
    other types only on runs of two or more words of the same type, so
    ``Moscou`` never vanishes into ``Conférence de Moscou``. Two candidates
    (``Jean-Marie Le Pen`` and ``Marine Le Pen``) mean no merge, unless one
    holds the other (``de Villepin`` and ``Dominique de Villepin``).
    """
    words = {id(c): key_words(c.key) for c in cands}
    gone: set[int] = set()
    for short in sorted(cands, key=lambda c: len(words[id(c)])):
        part = words[id(short)]
        containing = [
            long
            for long in cands
            if id(long) not in gone
            and long is not short
            and len(words[id(long)]) > len(part)
            and _can_absorb(long, short, words[id(long)], part)
        ]
        longest = max(containing, key=lambda c: len(words[id(c)]), default=None)
        if longest is not None and all(
            other is longest or _can_absorb(longest, other, words[id(longest)], words[id(other)])
            for other in containing
        ):
            # One name, or a chain of one name's parts ("Villepin" in "de
            # Villepin" in "Dominique de Villepin"): the fullest one takes it.
            long = longest
            long.absorb(short)
            gone.add(id(short))
            ctx.note("merge_partial_names", "merged", long.name, alias=short.name)
    return [c for c in cands if id(c) not in gone]


def merge_article_variants(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``Le Louvre`` (a sentence start) and ``Louvre`` (after *le*) are one entity.

    The bare form is the name, unless the article form was seen capitalised
    inside a sentence (``Le Havre``, ``Le Pen``), where it belongs to the name.
    """
    by_key = {c.key: c for c in cands}
    gone: set[int] = set()
    for c in cands:
        bare = ARTICLE_KEY.sub("", c.key)
        other = by_key.get(bare) if bare != c.key else None
        if other is None or other is c or id(other) in gone:
            continue
        inner = any(not at_sentence_start(ctx.text, start) for start, _ in c.spans if start >= 0)
        keep, drop = (c, other) if inner else (other, c)
        keep.absorb(drop)
        gone.add(id(drop))
        ctx.note("merge_article_variants", "merged", keep.name, alias=drop.name)
    return [c for c in cands if id(c) not in gone]
