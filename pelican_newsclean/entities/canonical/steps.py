"""The step table and the entry points: one post's mentions -> its entities."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from ..filters import (
    COMMON_ZIPF,
    LanguagePredicate,
    accept_all,
    common_word_evidence,
    common_zipf,
    english_word,
    lower_case_forms,
)
from .candidates import Candidate, CanonicalOptions, Context, StepInfo
from .cleaning import (
    clean_edges,
    cut_at_sentence_end,
    cut_at_verb,
    cut_glued_number,
    cut_stray_letter,
    drop_counted_words,
    drop_junk,
    drop_labels,
    drop_non_names,
    drop_ranked_codes,
    drop_sentence_openers,
    extend_to_acronym,
    join_bracketed,
    join_split_names,
    split_at_newlines,
    split_name_lists,
    strip_demonym_prefix,
    strip_leading_articles,
    strip_titles,
)
from .merges import (
    apply_aliases,
    group_by_key,
    merge_acronyms,
    merge_article_variants,
    merge_partial_names,
)
from .names import at_sentence_start, fold, has_upper, is_single_word
from .types import (
    apply_types,
    bracket_affiliation,
    camel_case_company,
    determiner_is_not_person,
    digits_are_not_people,
    drop_portfolio,
    event_name,
    hyphenated_name_is_place,
    medium_after_sur,
    number_is_not_place,
    organization_cue,
    organization_head,
    part_of_venue,
    place_after_preposition,
    quoted_title,
    strip_descriptive_noun,
    venue_prefix,
)


def drop_lowercase(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """Drop entities never written with a capital (``armée``): descriptions, not names."""
    out = []
    for c in cands:
        if not c.fixed and not c.pinned and not any(has_upper(v) for v in c.variants):
            ctx.note("drop_lowercase", "dropped", c.name, why="never capitalised")
            continue
        out.append(c)
    return out


def drop_common_openers(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``Ça``, ``Vu``, ``Well``: a word whose every mention opens a sentence.

    Its capital is the sentence's. It is dropped on evidence (see
    :func:`..filters.common_word_evidence`): a common French word the post
    also writes in lower case, or an English function word; or a verb or
    adverb lemma of the model's vocabulary (``Jouer``, ``Migrer``,
    ``Soudain``), whose tables hardly hold a proper name, unless the model
    read an organisation (``Total`` is an adverb too). Without evidence
    in the post it is marked ``opener``, and the site's other posts decide
    (:mod:`..stage`).
    """
    out = []
    for c in cands:
        if c.fixed or c.pinned or not c.spans or any(start < 0 for start, _ in c.spans):
            out.append(c)
            continue
        c.opener = all(at_sentence_start(ctx.text, start) for start, _ in c.spans)
        why = common_word_evidence(c.name, ctx.text) if c.opener else None
        if c.opener and not why and is_single_word(c.name) and c.type != "Organization":
            # Brands are often words (Total, Orange): not for organisations.
            part = ctx.options.vocabulary.verb_or_adverb(c.name)
            why = f"{part} of the model's vocabulary opening a sentence" if part else None
        if why:
            ctx.note("drop_common_openers", "dropped", c.name, why=why)
            continue
        # Left for the site to decide: a one-word common French word (frequent,
        # or a word of the model's vocabulary: ``Houblons``).
        c.opener = (
            c.opener
            and is_single_word(c.name)
            and (
                common_zipf(c.name) >= COMMON_ZIPF
                or any(ctx.options.vocabulary.knows(form) for form in lower_case_forms(c.name))
            )
        )
        out.append(c)
    return out


def drop_english_words(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``Password`` as a person, ``Summary`` as a place: a one-word name the model
    typed Person or Place that is a common English word French hardly uses.

    It runs after the merges, so a surname that is also a word (``Stack`` of
    ``Anna Stack``) has joined its full name by then.
    """
    out = []
    for c in cands:
        if (
            not (c.fixed or c.pinned or c.cue)
            and c.type in ("Person", "Place")
            and is_single_word(c.name)
            and not c.name.isupper()
            and english_word(c.name)
        ):
            ctx.note("drop_english_words", "dropped", c.name, why="an English word, not a name")
            continue
        out.append(c)
    return out


def _matches_any(c: Candidate, keys: frozenset[str]) -> bool:
    return c.key in keys or any(fold(v) in keys for v in c.variants)


def apply_ignore(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """Settings ``ignore`` and front-matter ``entities_ignore`` remove names (and variants)."""
    keys = ctx.options.ignore | ctx.ignored
    if not keys:
        return cands
    out = []
    for c in cands:
        if _matches_any(c, keys) and not c.pinned:
            ctx.note("apply_ignore", "dropped", c.name, why="ignore setting or front matter")
            continue
        out.append(c)
    return out


def apply_pins(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """Front-matter ``entities:`` adds entities, or pins the name and type of found ones."""
    for kind, name in ctx.pins:
        key = fold(name)
        found = next((c for c in cands if _matches_any(c, frozenset({key}))), None)
        if found is None:
            count = ctx.folded_text.count(key) if key else 0
            found = Candidate(
                name=name,
                type=kind or ctx.options.types.get(key) or "Thing",
                count=max(count, 1),
                source="front matter",
            )
            found.variants[name] += 1
            cands.append(found)
            ctx.note("apply_pins", "added", name, type=found.type, why="front matter")
        else:
            found.name = name
            if kind:
                ctx.retype("apply_pins", found, kind)
            ctx.note("apply_pins", "pinned", name, type=found.type, why="front matter")
        found.pinned = True
        found.fixed = found.fixed or kind is not None
        found.same_as = found.same_as or ctx.options.same_as.get(key)
    return cands


#: The canonicalisation steps, in order. Switch one off by name with
#: ``canonicalise(..., skip={"name"})``.
STEPS: tuple[StepInfo, ...] = (
    StepInfo("split_at_newlines", split_at_newlines, "a name never runs over a block boundary"),
    StepInfo("split_name_lists", split_name_lists, "Heuret- Rabiet- Zima are three people"),
    StepInfo("clean_edges", clean_edges, "quotes and punctuation are not part of a name"),
    StepInfo("cut_stray_letter", cut_stray_letter, "T Alain Bregand is Alain Bregand"),
    StepInfo("cut_at_sentence_end", cut_at_sentence_end, "LaTeX. Combiné ends at the stop"),
    StepInfo("cut_at_verb", cut_at_verb, "a headline's name stops before its verb"),
    StepInfo("drop_non_names", drop_non_names, "URLs, files, code, J’ai name nothing"),
    StepInfo("strip_leading_articles", strip_leading_articles, "l’ANL and ANL are one name"),
    StepInfo("join_split_names", join_split_names, "the model cuts some full names in two"),
    StepInfo("join_bracketed", join_bracketed, "(Visma-Lease a Bike) is one name"),
    StepInfo("strip_titles", strip_titles, "a rank or office is not part of the name"),
    StepInfo("strip_demonym_prefix", strip_demonym_prefix, "le Slovène Tadej Pogačar is a person"),
    StepInfo("bracket_affiliation", bracket_affiliation, "le Belge X (Y): Y is X's team"),
    StepInfo("extend_to_acronym", extend_to_acronym, "a long name runs up to its (ACRONYM)"),
    StepInfo("venue_prefix", venue_prefix, "court Philippe-Chatrier is a place, not a person"),
    StepInfo("strip_descriptive_noun", strip_descriptive_noun, "parti X is named X"),
    StepInfo("organization_cue", organization_cue, "le constructeur X names a company"),
    StepInfo("drop_portfolio", drop_portfolio, "ministre de la Culture: Culture is no entity"),
    StepInfo("medium_after_sur", medium_after_sur, "a indiqué sur Telegram: not a place"),
    StepInfo("quoted_title", quoted_title, "a name filling « » is a title of a work"),
    StepInfo("organization_head", organization_head, "ministère …, Cour … are organisations"),
    StepInfo("part_of_venue", part_of_venue, "Cour d’honneur du palais: a place"),
    StepInfo("cut_glued_number", cut_glued_number, "a score is not part of a team's name"),
    StepInfo("event_name", event_name, "conférence, sommet, festival … name events"),
    StepInfo("camel_case_company", camel_case_company, "ArianeGroup is a brand"),
    StepInfo("determiner_is_not_person", determiner_is_not_person, "le Diceware is no person"),
    StepInfo("number_is_not_place", number_is_not_place, "CAC 40 is no place"),
    StepInfo("digits_are_not_people", digits_are_not_people, "RFC6698 is no person"),
    StepInfo("place_after_preposition", place_after_preposition, "à X, en X name places"),
    StepInfo("drop_sentence_openers", drop_sentence_openers, "Lire aussi : names nothing"),
    StepInfo("drop_labels", drop_labels, "Conclusion, Gypse : 0.9g label a block"),
    StepInfo("drop_counted_words", drop_counted_words, "200 Chlorures counts a thing"),
    StepInfo("drop_ranked_codes", drop_ranked_codes, "3e V4: V4 is a runner's category"),
    StepInfo("drop_junk", drop_junk, "pronouns, numbers, demonyms name nothing"),
    StepInfo("group_by_key", group_by_key, "one entity per name, whatever case or accents"),
    StepInfo("drop_common_openers", drop_common_openers, "Ça opening a sentence is no name"),
    StepInfo("apply_aliases", apply_aliases, "the site says which variant is canonical"),
    StepInfo("merge_acronyms", merge_acronyms, "ANL and Armée nationale libyenne are one"),
    StepInfo("merge_partial_names", merge_partial_names, "Haftar is Khalifa Haftar"),
    StepInfo("merge_article_variants", merge_article_variants, "Le Louvre is the Louvre"),
    StepInfo("drop_english_words", drop_english_words, "Password is no person"),
    StepInfo("hyphenated_name_is_place", hyphenated_name_is_place, "Roland-Garros is a venue"),
    StepInfo("drop_lowercase", drop_lowercase, "a phrase never capitalised is no name"),
    StepInfo("apply_types", apply_types, "the site says what type a name is"),
    StepInfo("apply_ignore", apply_ignore, "the site or the post drops a name"),
    StepInfo("apply_pins", apply_pins, "the post adds or pins a name"),
)


STEP_NAMES: tuple[str, ...] = tuple(s.name for s in STEPS)


def candidates_from_mentions(
    text: str, mentions: Iterable[Any], ctx: Context | None = None
) -> list[Candidate]:
    """One candidate per mention (objects with ``start``, ``end``, ``type``, ``source``,
    ``canonical``), in text order."""
    out = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        gazetteer = getattr(m, "canonical", None)
        name = gazetteer or text[m.start : m.end]
        c = Candidate(
            name=name,
            type=m.type,
            spans=[(m.start, m.end)],
            fixed=bool(gazetteer),
            source=getattr(m, "source", "ner"),
            cue=getattr(m, "source", "ner") == "title-rule",
        )
        if gazetteer:
            c.variants[text[m.start : m.end]] += 1
            c.variants[gazetteer] += 0
        out.append(c)
    if ctx is not None:
        for name, n in Counter((c.name, c.type) for c in out).items():
            ctx.note("found", "found", name[0], type=name[1], count=n)
    return out


def canonicalise(
    text: str,
    mentions: Iterable[Any],
    options: CanonicalOptions | None = None,
    *,
    pins: Sequence[tuple[str | None, str]] = (),
    ignored: Iterable[str] = (),
    skip: Iterable[str] = (),
    is_french: LanguagePredicate = accept_all,
) -> tuple[list[Candidate], list[dict[str, Any]]]:
    """Run :data:`STEPS` over one post's mentions.

    Returns the candidates (one per entity, in first-mention order) and the
    report. ``pins`` are ``(type or None, name)`` pairs from
    :func:`parse_entities_field`; ``ignored`` are names.
    """
    ctx = Context(
        text=text,
        options=options or CanonicalOptions(),
        pins=pins,
        ignored=frozenset(fold(n) for n in ignored),
        is_french=is_french,
    )
    cands = candidates_from_mentions(text, mentions, ctx)
    skipped = set(skip)
    for step in STEPS:
        if step.name not in skipped:
            cands = step.func(cands, ctx)
    for c in cands:
        c.variants = Counter({v: n for v, n in c.variants.items() if v.strip()})
    return cands, ctx.report


def aliases_of(c: Candidate) -> tuple[str, ...]:
    """Variants seen for an entity, other than its name, most frequent first."""
    seen: dict[str, str] = {}
    for variant, _ in c.variants.most_common():
        key = fold(variant)
        if variant != c.name and key not in seen:
            seen[key] = variant
    return tuple(v for k, v in seen.items() if v != c.name)


def rank_and_limit(
    cands: list[Candidate], min_mentions: int = 1, max_entities: int = 0
) -> tuple[list[Candidate], list[Candidate]]:
    """Most mentioned first (ties: first mentioned first); apply the two limits.

    Returns ``(kept, dropped)``. Pinned entities are always kept and count
    towards ``max_entities`` (0: no limit).
    """
    order = [c for _, c in sorted(enumerate(cands), key=lambda ic: (-ic[1].count, ic[0]))]
    room = (max_entities - sum(c.pinned for c in cands)) if max_entities else len(cands)
    kept, dropped = [], []
    for c in order:
        if c.pinned:
            kept.append(c)
        elif c.count >= min_mentions and room > 0:
            kept.append(c)
            room -= 1
        else:
            dropped.append(c)
    return kept, dropped
