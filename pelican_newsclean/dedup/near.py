"""Near repeats: "adds no information" (the guard every near repeat must pass),
and the index of kept text that finds candidates in linear time."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from operator import itemgetter

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Indel

from .keys import key_words
from .units import HEADING_TAGS, Posting, Unit

# ---------------------------------------------------------------------------
# "Adds no information": the guard every near repeat must pass

#: Words whose appearance or disappearance turns a statement around.
NEGATIONS = frozenset("ne n pas plus jamais aucun aucune rien non sans guère nullement".split())
#: Agency names a copy may carry as a credit or dateline: "(AFP)", "Lyon (Reuters) -".
AGENCY_WORDS = frozenset(
    """afp reuters ap ats belga dpa efe ansa apa xinhua upi kyodo lusa tass ria novosti
    sputnik anadolu aps map bloomberg""".split()
)
#: Words around an agency name in a credit: "(avec AFP et Reuters)", "selon l'AFP".
CREDIT_WORDS = frozenset("avec et selon de d l la source sources agence agences".split())
_DIGIT_RE = re.compile(r"\d")
_DATELINE_WORDS = 7  # "Paris, 3 mars 2024 (AFP)"


def typo_close(word: str, other: str) -> bool:
    """Whether two different words are spellings of one word (a typo fixed).

    One edit (a letter added, dropped, changed, or two swapped), or two in a
    word of seven letters or more; never between words holding digits.
    """
    shorter = min(len(word), len(other))
    # The distance is at least the difference in length: most pairs stop here.
    if abs(len(word) - len(other)) > (2 if shorter >= 7 else 1):
        return False
    if _DIGIT_RE.search(word) or _DIGIT_RE.search(other):
        return False
    distance = OSA.distance(word, other, score_cutoff=2)
    return distance <= 1 or (distance == 2 and shorter >= 7)


def changed_blocks(reference: list[str], words: list[str]) -> Iterable[tuple[int, int, int, int]]:
    """Maximal runs of non-equal opcodes, merged: a replacement is one block, not two."""
    block: list[int] | None = None
    for opcode in Indel.opcodes(reference, words):
        tag, i1, i2, j1, j2 = (
            opcode.tag,
            opcode.src_start,
            opcode.src_end,
            opcode.dest_start,
            opcode.dest_end,
        )
        if tag == "equal":
            if block is not None:
                yield tuple(block)  # type: ignore[misc]
                block = None
        elif block is None:
            block = [i1, i2, j1, j2]
        else:
            block[1], block[3] = i2, j2
    if block is not None:
        yield tuple(block)  # type: ignore[misc]


def adds_information(words: list[str], reference: list[str], jumps: int = 0) -> str | None:
    """Why ``words`` says something ``reference`` does not, or None.

    ``reference`` is the text the paragraph would be a repeat of. Allowed:
    dropped words, typos fixed, an agency tag at the end ("(AFP)", "avec
    Reuters"), a dateline at the start ("Lyon, 3 mars (AFP) -"), a stretch
    written twice in a row (a stutter of a paste: "Voir le plan | Voir le
    plan"), and
    ``jumps`` skips of three reference words or more between two copied
    stretches (a paragraph merging two kept ones skips what lies between them;
    one stitched from many places is new text). Any other new word, a changed
    number, an added or dropped negation is new information.

    >>> ref = "le bilan est de 12 morts selon les secours".split()
    >>> adds_information("le bilan est de 12 morts selon les secours afp".split(), ref)
    >>> adds_information("le bilan est de 15 morts selon les secours".split(), ref)
    'new number 15'
    >>> adds_information("le bilan est de 12 morts selon les premiers secours".split(), ref)
    "new words 'premiers'"
    """
    skips = 0
    last = len(words)
    for i1, i2, j1, j2 in changed_blocks(reference, words):
        old, new = reference[i1:i2], words[j1:j2]
        if j1 > 0 and j2 < last and i2 - i1 >= 3 + (j2 - j1):
            skips += 1
            if skips > jumps:
                return "stitched from several places"
        negations = (set(old) & NEGATIONS) ^ (set(new) & NEGATIONS)
        if negations:
            return f"negation {sorted(negations)[0]!r} added or dropped"
        if not old and is_stutter(words, j1, j2):
            continue
        pool = list(old)
        unmatched = []
        for word in new:
            match = next((o for o in pool if o == word or typo_close(word, o)), None)
            if match is None:
                unmatched.append(word)
            else:
                pool.remove(match)
        if not unmatched:
            continue
        if (
            j2 == last
            and any(w in AGENCY_WORDS for w in unmatched)
            and all(w in AGENCY_WORDS or w in CREDIT_WORDS for w in unmatched)
        ):
            continue  # "(AFP)", "(avec AFP et Reuters)"
        if j1 == 0 and unmatched[-1] in AGENCY_WORDS and len(unmatched) <= _DATELINE_WORDS:
            continue  # "Lyon, 3 mars (AFP) -"
        numbers = [w for w in unmatched if _DIGIT_RE.search(w)]
        if numbers:
            return f"new number {numbers[0]}"
        if pool:
            return f"word {pool[0]!r} replaced by {unmatched[0]!r}"
        return f"new words {' '.join(unmatched)!r}"
    return None


def is_stutter(words: list[str], start: int, end: int) -> bool:
    """Whether ``words[start:end]`` is written again right before or after itself.

    >>> words = "voir le plan voir le plan plan d'accès".split()
    >>> is_stutter(words, 3, 6), is_stutter(words, 6, 7), is_stutter(words, 7, 8)
    (True, True, False)
    """
    stretch = words[start:end]
    size = end - start
    return bool(stretch) and (
        words[start - size : start] == stretch or words[end : end + size] == stretch
    )


# ---------------------------------------------------------------------------
# The index of kept text


_POSTING_CAP = 32  # a bigram in more kept units than this says nothing
_CANDIDATES = 6  # units compared by ratio, at most, per paragraph
REFERENCES = 3  # kept units a contained paragraph is aligned with, at most
_RARE_GRAM = 8  # an n-gram kept in more units than this names none of them
# A paragraph of fewer than _SHORT_NGRAMS * ngram words also finds ratio candidates
# through shared word bigrams: a typo every few words leaves it no n-gram in common
# with its source. A longer near repeat shares n-grams with it, and the containment
# lookup names them.
_SHORT_NGRAMS = 3


def ngrams(words: list[str], size: int) -> Iterator[tuple[str, ...]]:
    return zip(*(words[i:] for i in range(size)), strict=False)


class GramTable:
    """The words and word n-grams of a post, each stored once.

    Units keep their n-grams as postings, one per n-gram, shared by every unit
    holding it and filled as units are kept: the index reads and extends them
    without hashing a tuple of words again. Words are kept once too, so that
    n-grams compare by identity (a long post's table outgrows the CPU caches).
    Only the n-grams of the units that may repeat an earlier one
    (``may_repeat``) get postings (:meth:`index`): containment reads no other.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.words: dict[str, str] = {}
        self.postings: defaultdict[tuple[str, ...], Posting] = defaultdict(list)

    def read(self, unit: Unit) -> None:
        """Fill the unit's words and distinct n-grams, from its key."""
        # map() keeps both loops in C. N-grams are listed in the order they first
        # occur in the paragraph, never in a set's hash order: containment sums the
        # holders' weights, and so breaks their ties, in that order.
        words = key_words(unit.key)
        unit.words = list(map(self.words.setdefault, words, words))
        unit.distinct_grams = dict.fromkeys(ngrams(unit.words, self.size))

    def index(self, units: list[Unit]) -> None:
        """Give each unit the postings of its n-grams: all of them for a unit that
        may repeat an earlier one, those such units hold for the others."""
        postings = self.postings
        read: dict[int, list[Posting]] = {}  # by n-grams, which copies share
        for unit in units:
            if unit.may_repeat and id(unit.distinct_grams) not in read:
                read[id(unit.distinct_grams)] = list(map(postings.__getitem__, unit.distinct_grams))
        held = postings.__contains__
        for unit in units:
            grams = read.get(id(unit.distinct_grams))
            if grams is None:
                grams = list(map(postings.__getitem__, filter(held, unit.distinct_grams)))
                read[id(unit.distinct_grams)] = grams
            unit.grams = grams


def most_common(counts: dict[int, float], n: int) -> list[tuple[int, float]]:
    """``Counter.most_common(n)`` of a plain dict: highest first, ties in insertion order."""
    return sorted(counts.items(), key=itemgetter(1), reverse=True)[:n]


class KeptIndex:
    """What has been kept so far: keys, n-gram postings (containment), bigrams (candidates).

    The n-gram postings live in the units (see :class:`GramTable`).
    """

    def __init__(self, ngram: int, similarity: float):
        self.ngram = ngram
        self.similarity = similarity
        # ratio >= s needs min/max length >= s / (200 - s): index what a short one can match.
        self.length_bound = similarity / (200.0 - similarity) if similarity < 100 else 1.0
        self.short_words = _SHORT_NGRAMS * ngram
        self.bigram_words = int(self.short_words / max(self.length_bound, 0.1)) + 2
        self.units: list[Unit] = []
        # Keys of the kept blocks, the headings' apart: a heading repeats a heading
        # only, a paragraph a paragraph only (kinds.py).
        self.by_key: dict[str, int] = {}
        self.heading_keys: dict[str, int] = {}
        self.bigrams: dict[tuple[str, str], list[int]] = {}

    def add(self, unit: Unit) -> None:
        index = len(self.units)
        self.units.append(unit)
        if not unit.key:
            return
        self.keys_of_kind(unit).setdefault(unit.key, index)
        # No cap on n-gram postings: only the short ones (_RARE_GRAM) are ever read.
        for posting in unit.grams:
            posting.append(index)
        if len(unit.words) < self.bigram_words:
            for bigram in set(zip(unit.words, unit.words[1:], strict=False)):
                posting = self.bigrams.setdefault(bigram, [])
                if len(posting) <= _POSTING_CAP:
                    posting.append(index)

    def keys_of_kind(self, unit: Unit) -> dict[str, int]:
        """The keys of the kept blocks ``unit`` could repeat, by key: headings for a heading."""
        return self.heading_keys if unit.element.tag in HEADING_TAGS else self.by_key

    def containment(self, unit: Unit) -> tuple[float, dict[int, float]]:
        """Share of the distinct n-grams of ``unit`` already kept, and who holds them.

        Holders are weighted by how rare each shared n-gram is, so the paragraph a
        copy comes from outranks those sharing only stock phrases with it.
        """
        holders: dict[int, float] = {}
        if not unit.grams:
            return 0.0, holders
        matched = list(filter(None, unit.grams))  # the n-grams some kept unit holds
        weight_of = holders.get
        for posting in matched:
            size = len(posting)
            if size <= _RARE_GRAM:
                weight = 1.0 / size
                for holder in posting:
                    holders[holder] = weight_of(holder, 0) + weight
        return len(matched) / len(unit.grams), holders

    def similar(self, unit: Unit, sharing: dict[int, float]) -> list[tuple[float, int]]:
        """Kept units whose ratio with ``unit`` reaches the similarity setting, best first.

        Candidates are the units sharing the most n-grams (``sharing``) and, for a
        short paragraph, the most word bigrams.
        """
        cutoff = self.similarity
        shared = sharing
        if len(unit.words) < self.short_words:
            shared = dict(sharing)
            count_of = shared.get
            # First occurrence order: a new holder's rank among equals is where it
            # enters ``shared``.
            for bigram in dict.fromkeys(zip(unit.words, unit.words[1:], strict=False)):
                posting = self.bigrams.get(bigram)
                if posting and len(posting) <= _POSTING_CAP:
                    for holder in posting:
                        shared[holder] = count_of(holder, 0) + 1
        if not shared:
            return []
        length = len(unit.key)
        bound = self.length_bound
        candidates = []
        for index, _ in most_common(shared, _CANDIDATES):
            other = self.units[index].key
            if min(length, len(other)) >= bound * max(length, len(other)):
                candidates.append(index)
        if not candidates:
            return []
        # One extract reads the paragraph once for all its candidates, where each
        # fuzz.ratio would read it again; the scores are fuzz.ratio's.
        scores = process.extract(
            unit.key,
            [self.units[index].key for index in candidates],
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            limit=None,
        )
        found = [(score, candidates[at]) for _, score, at in scores if score and score >= cutoff]
        return sorted(found, key=lambda f: (-f[0], f[1]))
