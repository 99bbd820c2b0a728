"""The dedup stage: decide, unit by unit, what goes; then cut it out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from itertools import chain
from typing import Any

from ..gcpause import collection_paused
from ..html import Element, parse_fragment, splice, visible_text
from ..report import Change, StageResult, shorten
from .candidates import mark_possible_repeats
from .cut import between_texts, inside, lift, merge_overlaps, outermost, removal_spans
from .intent import Intent, is_verse
from .keys import comparison_key, comparison_keys, key_size
from .kinds import is_math, is_navigation, same_kind
from .near import REFERENCES, GramTable, KeptIndex, adds_information, most_common, ngrams
from .options import Options
from .report import FULLER_COPY, Decision, explained, pointing_past, removal_change
from .sentences import reduce_repeated_sentences
from .supersets import fuller_wording, merge_edit
from .units import HEADING_TAGS, Unit, collect_units

#: Share of its n-grams a fuller copy has in the kept text at least: a block and
#: a copy adding a third of it, in three places, still share about half.
FULLER_COPY_SHARE = 0.4


def prepare_units(source: str, settings: Any) -> list[Unit]:
    """The units of ``source`` with their keys, repeated sentences already cut."""
    units = collect_units(parse_fragment(source))
    table = GramTable(settings.ngram)
    # Exact repeats are the common case: read each distinct text once.
    texts = [unit.text for unit in units]
    keys = dict(zip(texts, comparison_keys(texts), strict=True))  # text -> its key
    first_with: dict[tuple[str, bool], Unit] = {}
    for unit in units:
        key = keys[unit.text]
        sentences = (
            settings.sentence_repeats
            and not unit.code_only
            and unit.element.tag not in HEADING_TAGS
        )
        first = first_with.get((key, sentences))
        if first is not None and not first.edits:
            unit.key, unit.words = first.key, first.words
            unit.distinct_grams = first.distinct_grams
            continue
        first_with.setdefault((key, sentences), unit)
        _read_key(unit, table, key)
        if (
            sentences
            and _repeats_words(unit, table.size, settings.min_words)
            and not _verse_kept(unit, settings)
        ):
            reduce_repeated_sentences(unit, settings)
            if unit.edits:
                _read_key(unit, table)
    mark_possible_repeats(units, settings.fuller_copy_added_words)
    table.index(units)
    for unit in units:
        unit.navigation = is_navigation(unit)
    return units


def _read_key(unit: Unit, table: GramTable, key: str | None = None) -> None:
    """Fill the unit's key, words and distinct n-grams."""
    unit.key = comparison_key(unit.text) if key is None else key
    table.read(unit)


def _verse_kept(unit: Unit, settings: Any) -> bool:
    """Whether ``unit`` is verse whose repeats stay: "Ah ! ah ! ah !", a line sung twice."""
    return bool(settings.keep_structured_repeats) and is_verse(unit.lines(), settings)


def _repeats_words(unit: Unit, size: int, min_words: int) -> bool:
    """Whether a run of ``min_words`` words occurs twice: a cheap test before sentences."""
    # A run of min_words words written twice repeats each of its n-grams: test the
    # n-grams at hand first (all distinct: no repeat), then the min_words-grams.
    count = len(unit.words) - size + 1
    if count > 0 and size <= min_words and len(unit.distinct_grams) == count:
        return False
    grams = list(ngrams(unit.words, max(1, min_words)))
    return len(set(grams)) < len(grams)


def _removable(unit: Unit, settings: Any) -> bool:
    chars, words = key_size(unit.key)
    return chars >= settings.min_chars and words >= settings.min_words and _may_go(unit)


def _may_go(unit: Unit) -> bool:
    """Whether ``unit`` may be removed at all, whatever its length."""
    return not (
        unit.code_only
        or unit.navigation
        or unit.element.tag == "h1"
        or between_texts(unit.element)
        or is_math(unit)
    )


def paragraph_keys(source: str, settings: Any) -> set[str]:
    """Comparison keys of the paragraphs of a post that are long enough to be removed.

    The Pelican hook counts them across posts for the site-wide boilerplate
    pass (see :func:`site_boilerplate`).

    >>> from pelican_newsclean.settings import load_settings
    >>> paragraph_keys("<p>Abonnez-vous à notre lettre d'information pour recevoir"
    ...                " l'essentiel de l'actualité !</p><p>AFP</p>", load_settings({}).dedup)
    {"abonnez-vous à notre lettre d'information pour recevoir l'essentiel de l'actualité"}
    """
    options = Options.of(settings)
    units = prepare_units(source, options)
    return {u.key for u in units if _removable(u, options)}


def site_boilerplate(key_sets: Iterable[Iterable[str]], settings: Any) -> frozenset[str]:
    """Keys found in at least ``boilerplate_min_posts`` posts (none when that is 0).

    >>> from pelican_newsclean.settings import load_settings
    >>> s = load_settings({"dedup": {"boilerplate_min_posts": 3}}).dedup
    >>> sorted(site_boilerplate([{"a", "b"}, {"a"}, {"a", "b"}], s))
    ['a']
    """
    minimum = settings.boilerplate_min_posts
    if not minimum:
        return frozenset()
    counts: Counter[str] = Counter()
    for keys in key_sets:
        counts.update(set(keys))
    return frozenset(k for k, n in counts.items() if n >= minimum)


def _decide(
    unit: Unit,
    index: KeptIndex,
    settings: Any,
    title: tuple[str, str],
    boilerplate: frozenset[str],
    merged: set[int],
) -> Decision | None:
    """Why ``unit`` goes (a decision), or None when it stays.

    ``merged`` holds the positions of the kept units a fuller copy is merged
    into; a fuller-copy decision adds one.
    """
    title_text, title_key = title
    is_title_heading = (
        unit.element.tag in HEADING_TAGS and bool(title_key) and unit.key == title_key
    )
    if is_title_heading:
        if settings.remove_title_headings:
            return Decision("exact-repeat", shorten(title_text), 0, "key", 1.0)
        return None
    earlier = index.keys_of_kind(unit).get(unit.key)
    is_boilerplate = unit.key in boilerplate
    # Code differs by a character: only exact repeats go. A block no earlier one
    # could be near (candidates.py) goes only by its key too. The cheap tests first.
    if earlier is None and not is_boilerplate and (unit.has_code or not unit.may_repeat):
        return None
    if not _removable(unit, settings):
        return None
    if is_boilerplate:
        return Decision("boilerplate", "", None, "key", 1.0)
    if earlier is not None:
        kept = index.units[earlier]
        return Decision("exact-repeat", shorten(kept.text), kept.position, "key", 1.0)
    words = unit.words
    sharing: dict[int, float] = {}
    value = 0.0
    if len(words) >= index.ngram + 3:
        value, sharing = index.containment(unit)
        if value >= settings.containment:
            ranked = [
                (i, n)
                for i, n in most_common(sharing, REFERENCES)
                if same_kind(unit, index.units[i])
            ]
            owners = [i for i, n in ranked if n >= 2] or [i for i, _ in ranked[:1]]
            reference = list(chain.from_iterable(index.units[i].words for i in sorted(owners)))
            if owners and adds_information(words, reference, jumps=len(owners) - 1) is None:
                kept = index.units[owners[0]]
                return Decision(
                    "near-repeat-containment",
                    shorten(kept.text),
                    kept.position,
                    "containment",
                    round(value, 4),
                )
    for score, other in index.similar(unit, sharing):
        kept = index.units[other]
        if same_kind(unit, kept) and adds_information(words, kept.words) is None:
            return Decision(
                "near-repeat-similarity",
                shorten(kept.text),
                kept.position,
                "ratio",
                round(float(score), 2),
            )
    if value < FULLER_COPY_SHARE:
        return None
    for other, _ in most_common(sharing, REFERENCES):
        kept = index.units[other]
        if kept.position in merged:
            continue  # it has taken one fuller wording already
        added = fuller_wording(unit, kept, settings)
        if added is not None:
            merged.add(kept.position)
            return Decision(
                FULLER_COPY, shorten(kept.text), kept.position, "added words", len(added), added
            )
    return None


class _Decider:
    """Decides, unit by unit, which repeat a kept one (see :func:`_decide`)."""

    def __init__(
        self,
        units: list[Unit],
        options: Options,
        similarity: float,
        title: tuple[str, str],
        boilerplate: frozenset[str],
    ):
        self.units, self.options, self.similarity = units, options, similarity
        self.title, self.boilerplate = title, boilerplate
        self.passes = 0

    def __call__(self, stays: Callable[[Unit, Decision], bool] | None) -> list[Decision | None]:
        """One decision per unit; ``stays`` keeps repeats made on purpose."""
        if self.passes:  # empty the n-gram postings of the earlier pass
            for unit in self.units:
                for posting in unit.grams:
                    posting.clear()
        self.passes += 1
        index = KeptIndex(self.options.ngram, self.similarity)
        decisions: list[Decision | None] = []
        merged: set[int] = set()
        for unit in self.units:
            decision = _decide(unit, index, self.options, self.title, self.boilerplate, merged)
            if decision is not None and stays is not None and stays(unit, decision):
                if decision.rule == FULLER_COPY:
                    merged.discard(decision.repeats_position)
                decision = None
            # A fuller copy's wording stays, at the place of the block it repeats.
            # A table of contents names the sections: it is no copy of their text.
            kept = decision is None or unit.composite or decision.rule == FULLER_COPY
            if kept and not unit.navigation:
                index.add(unit)
            decisions.append(decision)
        return decisions


@collection_paused()  # a long post's units and n-grams: see gcpause
def strip_repeated_paragraphs(
    source: str,
    settings: Any,
    *,
    title: str = "",
    boilerplate: frozenset[str] = frozenset(),
) -> StageResult:
    """Remove every paragraph of ``source`` that repeats one kept earlier in it.

    ``settings`` is the ``NEWSCLEAN["dedup"]`` section; ``title`` the post
    title (headings repeating it are left alone, or removed with
    ``remove_title_headings``); ``boilerplate`` the comparison keys of
    site-wide boilerplate paragraphs, removed wherever they appear.

    >>> from pelican_newsclean.settings import load_settings
    >>> p = "<p>Le pays est désormais divisé entre l'est et l'ouest du territoire.</p>"
    >>> strip_repeated_paragraphs(p + p, load_settings({}).dedup).html == p
    True
    """
    if not settings.enabled or not source or not source.strip():
        return StageResult(source)
    options = Options.of(settings)
    units = prepare_units(source, options)
    if not units:
        return StageResult(source)
    title_text = visible_text(title) if title else ""
    title_key = comparison_key(title_text) if title_text else ""
    decide = _Decider(
        units, options, float(settings.similarity), (title_text, title_key), boilerplate
    )
    decisions = decide(stays=None)
    intent = Intent(units, options)
    if any(decisions):
        intent.find_runs(decisions)
        if any(d is not None and intent.stays(u, d) for u, d in zip(units, decisions, strict=True)):
            decisions = decide(stays=intent.stays)
        _carry_short_copies(units, decisions, intent)
    removed: set[Element] = set()
    changes: list[tuple[int, Change]] = []
    # A composite (text and blocks) that repeats kept text goes only once every
    # block inside it has gone too: otherwise, the next run, left with its text
    # alone, it would be a plain repeat and go then.
    pending: list[tuple[Unit, Decision]] = []
    merges: list[tuple[int, int, str]] = []
    sources: dict[int, Decision] = {}  # removed units others name: what each repeats
    for unit, decision in zip(units, decisions, strict=True):
        if decision is None or unit.composite:
            changes.extend((unit.position, c) for c in unit.changes)
            if decision is not None:
                pending.append((unit, decision))
            continue
        removed.add(unit.element)
        changes.append((unit.position, removal_change(unit, decision)))
        if decision.rule == FULLER_COPY:
            kept = _repeated(units, decision)
            merges.append(merge_edit(kept, unit, source))
            sources[unit.position] = decision
    lift(removed)
    for unit, decision in reversed(pending):  # inner composites first
        if all(block in removed for block in unit.blocks):
            removed.add(unit.element)
            lift(removed, [unit.element])
            changes = [(p, c) for p, c in changes if p != unit.position]
            changes.append((unit.position, removal_change(unit, decision)))
            sources[unit.position] = decision
    changes = [(p, explained(pointing_past(c, sources), intent.runs.get(p))) for p, c in changes]
    merged = {_repeated(units, d).element for d in sources.values() if d.rule == FULLER_COPY}
    edits = merges + [
        edit
        for unit in units
        if unit.edits and unit.element not in merged and not inside(unit.element, removed)
        for edit in unit.edits
    ]
    if not removed and not edits:
        return StageResult(source)
    spans = removal_spans(outermost(removed), source)
    ordered = tuple(c for _, c in sorted(changes, key=lambda pc: pc[0]))
    return StageResult(splice(source, merge_overlaps(spans + edits)), ordered)


def _carry_short_copies(
    units: list[Unit], decisions: list[Decision | None], intent: Intent
) -> None:
    """Let a copied passage take along its blocks too short to go on their own.

    Inside a passage pasted again, a short block with the text of the block it
    stands for ("Cliquez ici pour agrandir le plan") is part of the paste:
    left alone, it would show twice.
    """
    for position, run in intent.runs.items():
        at = position - 1
        unit = units[at]
        source = units[run.sources[0] + position - run.first - 1]
        if (
            decisions[at] is None
            and decisions[source.position - 1] is None
            and not unit.composite
            and unit.key
            and unit.key == source.key
            and _may_go(unit)
        ):
            decisions[at] = Decision(
                "exact-repeat", shorten(source.text), source.position, "key", 1.0
            )


def _repeated(units: list[Unit], decision: Decision) -> Unit:
    """The unit a repeat repeats (a fuller copy always names one)."""
    assert decision.repeats_position is not None
    return units[decision.repeats_position - 1]
