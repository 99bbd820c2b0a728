"""Turn raw NER mentions into a post's canonical entities.

The model finds spans; readers want things. This module cleans each span
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
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import lexicon as lx
from .schema import SCHEMA_TYPES, parse_type

# --------------------------------------------------------------------------
# Keys: one spelling per thing
# --------------------------------------------------------------------------

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
@functools.lru_cache(maxsize=8192)  # the same names recur in every post of a site
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


# --------------------------------------------------------------------------
# Small predicates on words
# --------------------------------------------------------------------------

_WORD = re.compile(r"\S+")
_ARTICLE_KEY = re.compile(r"^(?:(?:les|le|la)\s+|l'\s*)")
_ARABIC_PARTICLE = re.compile(r"(?:al|el|ad|ad-|ar|as|at|an|ash|ben|bin|abu|abou|ould)-\w", re.I)
_YEAR = re.compile(r"(?:19|20)\d\d$")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?$")
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


def _is_title(word: str, *, any_case: bool = False) -> bool:
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
        if _is_title(word, any_case=any_case):
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


# --------------------------------------------------------------------------
# Candidates, context, report
# --------------------------------------------------------------------------


@dataclass
class Candidate:
    """An entity being built: first one mention, later all mentions of one key."""

    name: str
    type: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    count: int = 1
    variants: Counter[str] = field(default_factory=Counter)
    same_as: str | None = None
    fixed: bool = False  # type set by the gazetteer, a setting or front matter
    pinned: bool = False  # added or pinned by front matter: never filtered out
    source: str = "ner"
    cue: bool = False  # the type comes from a cue in the text (title, nationality, noun)

    @property
    def key(self) -> str:
        return fold(self.name)

    @property
    def start(self) -> int:
        return self.spans[0][0] if self.spans else -1

    @property
    def end(self) -> int:
        return self.spans[0][1] if self.spans else -1

    def to_json(self) -> list[Any]:
        """Data only, for the cache of finished candidates, as a compact list:
        variants as pairs, so ties keep their order; the first span only, as no
        step after :func:`canonicalise` reads the others."""
        return [
            self.name,
            self.type,
            [list(span) for span in self.spans[:1]],
            self.count,
            list(self.variants.items()),
            self.same_as,
            self.fixed,
            self.pinned,
            self.source,
            self.cue,
        ]

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> Candidate:
        """The inverse of :meth:`to_json`; raises TypeError or ValueError."""
        name, kind, spans, count, variants, same_as, fixed, pinned, source, cue = data
        if not (isinstance(name, str) and isinstance(kind, str) and isinstance(count, int)):
            raise ValueError(f"bad candidate {data!r}")
        candidate = cls(name, kind, [(int(a), int(b)) for a, b in spans], count)
        candidate.variants.update(dict(variants))
        candidate.same_as, candidate.source = same_as, str(source)
        candidate.fixed, candidate.pinned, candidate.cue = bool(fixed), bool(pinned), bool(cue)
        return candidate

    def absorb(self, other: Candidate) -> None:
        """Take ``other``'s mentions and variants (``other`` is then discarded)."""
        self.count += other.count
        self.variants.update(other.variants)
        self.spans.extend(other.spans)
        self.same_as = self.same_as or other.same_as
        self.pinned = self.pinned or other.pinned
        self.cue = self.cue or other.cue


@dataclass(frozen=True)
class GazetteerEntry:
    """One entry of the site gazetteer (``NEWSCLEAN["entities"]["gazetteer"]``)."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    same_as: str | None = None

    @classmethod
    def from_setting(cls, entry: Mapping[str, Any]) -> GazetteerEntry:
        return cls(
            name=str(entry["name"]).strip(),
            type=str(entry["type"]),
            aliases=tuple(str(a) for a in entry.get("aliases", ()) or ()),
            same_as=entry.get("same_as"),
        )


@dataclass(frozen=True)
class CanonicalOptions:
    """The settings canonicalisation reads, already keyed (see :meth:`from_settings`)."""

    aliases: Mapping[str, str] = field(default_factory=dict)  # variant key -> name
    types: Mapping[str, str] = field(default_factory=dict)  # key -> type
    same_as: Mapping[str, str] = field(default_factory=dict)  # key -> URL
    ignore: frozenset[str] = frozenset()  # keys

    @classmethod
    def from_settings(
        cls,
        gazetteer: Iterable[Mapping[str, Any] | GazetteerEntry] = (),
        aliases: Mapping[str, str] | None = None,
        types: Mapping[str, str] | None = None,
        ignore: Iterable[str] = (),
    ) -> CanonicalOptions:
        """Key the user's settings; explicit ``aliases``/``types`` beat the gazetteer's."""
        alias_map: dict[str, str] = {}
        type_map: dict[str, str] = {}
        same_as: dict[str, str] = {}
        for raw in gazetteer:
            entry = raw if isinstance(raw, GazetteerEntry) else GazetteerEntry.from_setting(raw)
            type_map[fold(entry.name)] = entry.type
            if entry.same_as:
                same_as[fold(entry.name)] = entry.same_as
            for alias in entry.aliases:
                alias_map[fold(alias)] = entry.name
        for variant, name in (aliases or {}).items():
            alias_map[fold(variant)] = name
        for name, kind in (types or {}).items():
            type_map[fold(name)] = kind
        return cls(
            aliases=alias_map,
            types=type_map,
            same_as=same_as,
            ignore=frozenset(fold(n) for n in ignore),
        )


@dataclass
class Context:
    """What steps read besides the candidates: the text, options, front matter, report."""

    text: str
    options: CanonicalOptions = field(default_factory=CanonicalOptions)
    pins: Sequence[tuple[str | None, str]] = ()
    ignored: frozenset[str] = frozenset()
    report: list[dict[str, Any]] = field(default_factory=list)
    _folded_text: str | None = None

    def note(self, step: str, action: str, name: str, **details: Any) -> None:
        """Add one report entry: which step did what to which name, and why."""
        self.report.append({"step": step, "action": action, "name": name, **details})

    def retype(self, step: str, candidate: Candidate, kind: str, why: str = "") -> None:
        """Give ``candidate`` the type ``kind``, noting the change (if it is one)."""
        if candidate.type == kind:
            return
        details = {"was": candidate.type, "type": kind, **({"why": why} if why else {})}
        self.note(step, "retyped", candidate.name, **details)
        candidate.type = kind

    @property
    def folded_text(self) -> str:
        if self._folded_text is None:
            self._folded_text = fold(self.text)
        return self._folded_text

    def before(self, start: int, width: int = 60) -> str:
        """The text just before an offset (same paragraph), for context rules."""
        chunk = self.text[max(0, start - width) : start]
        return chunk.rsplit("\n", 1)[-1]

    def after(self, end: int, width: int = 60) -> str:
        chunk = self.text[end : end + width]
        return chunk.split("\n", 1)[0]


Step = Callable[[list[Candidate], Context], list[Candidate]]


@dataclass(frozen=True)
class StepInfo:
    """One row of the step table."""

    name: str
    func: Step
    why: str


# --------------------------------------------------------------------------
# Mention-level steps: one candidate per mention, offsets point into the text
# --------------------------------------------------------------------------

_EDGE_JUNK = "«»“”„\"'’‘()[]{}<>.,;:!?…–—-_*/\\|•·"
_POSSESSIVE = re.compile(r"['’]s$")


def _retrim(c: Candidate, text: str, new_start: int, new_end: int) -> None:
    """Move a mention's span and make its name the text it now covers."""
    c.spans[0] = (new_start, new_end)
    c.name = text[new_start:new_end]


def split_at_newlines(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """A mention never crosses a line break: each line's part is a mention of its own.

    The text has one block per line (title, paragraphs, list items); a span
    over a line break (``Plateau de Beille\nLe Slovène Tadej Pogačar``) is
    the model reading two blocks as one sentence. The parts keep the type;
    later steps clean, retype or drop them.
    """
    out: list[Candidate] = []
    for c in cands:
        if c.fixed or c.start < 0 or "\n" not in ctx.text[c.start : c.end]:
            out.append(c)
            continue
        whole, pos = ctx.text[c.start : c.end], c.start
        for piece in whole.split("\n"):
            if piece.strip():
                part = Candidate(
                    name=piece, type=c.type, spans=[(pos, pos + len(piece))], source=c.source
                )
                ctx.note("split_at_newlines", "renamed", piece, was=whole, why="line break")
                out.append(part)
            pos += len(piece) + 1
    return out


_TRAILING_ELISION = re.compile(
    r"[\s\u00a0\u202f]+(?:[sdlnjcmt]|qu|jusqu|lorsqu|puisqu)['’][\s\u00a0\u202f]*$", re.I
)


def clean_edges(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """Strip quotes, brackets, punctuation and spaces at both ends.

    ``«Anora»`` -> ``Anora``; ``Macron,`` -> ``Macron``; ``Biden’s`` -> ``Biden``;
    ``Macron s’`` -> ``Macron`` (an elided word the model took along).
    An initial's dot is kept (``John F.`` is rare; ``M.`` is a title).
    """
    for c in cands:
        if c.fixed or c.start < 0:
            continue
        start, end = c.start, c.end
        surface = ctx.text[start:end]
        lead = len(surface) - len(surface.lstrip(_EDGE_JUNK + " \u00a0\u202f\t\n"))
        # "Emmanuel Macron s’est rendu": the model can take the elided word along.
        surface = _TRAILING_ELISION.sub("", surface)
        trail_text = surface.rstrip(_EDGE_JUNK + " \u00a0\u202f\t\n")
        possessive = _POSSESSIVE.search(trail_text)
        if possessive:
            trail_text = trail_text[: possessive.start()]
        new_end = start + len(trail_text)
        if (start + lead, new_end) != (start, end) and new_end > start + lead:
            _retrim(c, ctx.text, start + lead, new_end)
    return cands


_LEADING_ARTICLE = re.compile(
    r"(?:(?:le|la|les|des|du|de|au|aux|un|une)\s+|(?:l|d|qu|jusqu|lorsqu|puisqu)['’]\s*)"
)


_SENTENCE_ARTICLE = re.compile(r"(?:(?:Le|La|Les|Un|Une|Des)\s+|(?:L|D)['’]\s*)")


def _head_noun_follows(rest: str) -> bool:
    """A common head noun (``Banque``) or an acronym (``BCE``) starts ``rest``."""
    words = rest.split()
    if not words:
        return False
    first = words[0]
    return fold(first) in lx.COMMON_HEAD_NOUNS or (len(first) >= 2 and first.isupper())


def strip_leading_articles(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """Drop articles and elisions in front: ``l’Armée`` -> ``Armée``.

    Lower-case ones always. A capital one belongs to the name (``Le Pen``,
    ``Le Havre``, ``La Rochelle``, ``Le Monde``), except at the start of a
    sentence or line, where the capital is the sentence's: there ``L’``,
    ``D’``, ``Un``, ``Une``, ``Des`` go, and ``Le``/``La``/``Les`` go before
    a common head noun or an acronym (``La Banque centrale européenne``,
    ``Le Festival d’Avignon``, ``La BCE``). A name really written with its article elsewhere in the
    post gets it back (:func:`merge_article_variants`).
    """
    for c in cands:
        if c.fixed or c.start < 0:
            continue
        match = _LEADING_ARTICLE.match(c.name)
        if match is None and _sentence_start(ctx.text, c.start):
            match = _SENTENCE_ARTICLE.match(c.name)
            rest = c.name[match.end() :] if match else ""
            article = match.group().strip() if match else ""
            if match and (
                (article not in ("Un", "Une", "Des") and not is_capitalised(rest))
                or (article in ("Le", "La", "Les") and not _head_noun_follows(rest))
            ):
                match = None
        if match and match.end() < len(c.name):
            _retrim(c, ctx.text, c.start + match.end(), c.end)
    return cands


def _single_word(name: str) -> bool:
    return bool(name) and " " not in name


def join_split_names(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """Join two adjacent one-word mentions the model cut apart: ``Kamala`` + ``Harris``.

    Two capitalised words separated by one space are one name; the result is
    a person when either part was, or when both were one-word places/things
    (a first name and a surname read as places).
    """
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not prev.fixed
            and not c.fixed
            and prev.start >= 0
            and c.start >= 0
            and _single_word(prev.name)
            and _single_word(c.name)
            and is_capitalised(prev.name)
            and is_capitalised(c.name)
            and ctx.text[prev.end : c.start] == " "
        ):
            kinds = {prev.type, c.type}
            plain = "-" not in prev.name + c.name
            if "Person" in kinds or (kinds <= {"Place", "Thing"} and plain):
                kind = "Person"
            else:
                kind = prev.type
            joined = ctx.text[prev.start : c.end]
            ctx.note("join_split_names", "merged", joined, parts=[prev.name, c.name], type=kind)
            prev.spans[0] = (prev.start, c.end)
            prev.name, prev.type = joined, kind
            continue
        out.append(c)
    return out


_ROLE_OF = re.compile(r"(?:de la|de l['’]|du|des|de|d['’])\s*", re.I)


def strip_titles(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """Remove titles and roles in front of names; a title + name is a person.

    ``maréchal Haftar`` -> ``Haftar``; ``Me Christophe Ingrain`` -> ``Christophe
    Ingrain``. A non-person tag is overruled only when the title is written in
    lower case or abbreviated (``Premier League`` keeps its capital P). A title
    with no name after it (``Premier ministre israélien``, ``ministre de la
    Culture``) is a role, not an entity: dropped.
    """
    out = []
    for c in cands:
        if c.fixed or c.start < 0:
            out.append(c)
            continue
        words = c.name.split()
        offset, found = split_title(c.name, any_case=c.type == "Person" or len(words) > 1)
        if not found:
            out.append(c)
            continue
        rest = c.name[offset:]
        of_org = _ROLE_OF.match(rest)
        body = rest[of_org.end() :].split() if of_org else []
        if of_org and body and fold(body[0]) in lx.ORGANIZATION_HEADS:
            # "chercheur de l'université de Rennes": the role goes, the body stays.
            _retrim(c, ctx.text, c.start + offset + of_org.end(), c.end)
            ctx.note("strip_titles", "renamed", c.name, was=" ".join(words), why="role removed")
            c.type = "Organization"
            out.append(c)
            continue
        if not rest or not is_capitalised(rest):
            if len(words) > 1 or c.name[0].islower():
                ctx.note("strip_titles", "dropped", c.name, why="a role, not a name")
                continue
            out.append(c)
            continue
        first = c.name.split()[0]
        if c.type != "Person" and not _is_title(first):
            out.append(c)
            continue
        _retrim(c, ctx.text, c.start + offset, c.end)
        c.cue = True
        ctx.retype("strip_titles", c, "Person", why="title")
        ctx.note("strip_titles", "renamed", c.name, was=first + " …", why="title removed")
        out.append(c)
    return out


_DEMONYM_LEAD = re.compile(r"(?:(?:[Ll]e|[Ll]a)\s+|[Ll]['’]\s*)?([\w-]+)\s+")
_NATIONALITY_BEFORE = re.compile(r"(?:^|[\s(«])(?:[Ll]e|[Ll]a|[Ll]['’])\s*([\w-]+)\s+$")


def _personal_name(name: str) -> bool:
    """Could ``name`` be a person's name? Capitalised words, not an all-capitals
    acronym, not headed by an organisation or event noun."""
    words = name.split()
    return (
        0 < len(words) <= 4
        and is_capitalised(name)
        and any(ch.islower() for ch in name)
        and fold(words[0]) not in lx.COMMON_HEAD_NOUNS
        and fold(words[0]) not in lx.DEMONYMS
    )


def strip_demonym_prefix(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``le Slovène Tadej Pogačar`` -> ``Tadej Pogačar``, a person.

    A singular nationality word (after an article or not) before a personal
    name is a cue like a title of address: the name is a person, inside the
    mention (``Belge Remco Evenepoel`` read as an organisation) or right
    before it (``le Danois [Jonas Vingegaard]``). Whatever the model said.
    """
    for c in cands:
        if c.fixed or c.start < 0 or c.type == "Event":
            continue
        match = _DEMONYM_LEAD.match(c.name)
        rest = c.name[match.end() :] if match else ""
        if match and match.group(1)[0].isupper() and fold(match.group(1)) in lx.DEMONYMS:
            if not _personal_name(rest):
                continue
            _retrim(c, ctx.text, c.end - len(rest), c.end)
        else:
            before = _NATIONALITY_BEFORE.search(ctx.before(c.start, 40))
            if not (
                before
                and before.group(1)[0].isupper()
                and fold(before.group(1)) in lx.SINGULAR_DEMONYMS
                and _personal_name(c.name)
            ):
                continue
        c.cue = True
        ctx.retype("strip_demonym_prefix", c, "Person", why="nationality noun before a name")
    return cands


_CONNECTOR = re.compile(r" (?:[a-z]{1,3}|&) ")


def join_bracketed(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``(Visma-Lease a Bike)``: mentions filling one pair of brackets are one name.

    Two mentions inside the same brackets, nothing else there but a short
    lower-case connector (``a``, ``de``, ``&``; not ``et``/``ou``, which list
    two things), were one name the model cut in two: a team, a company.
    """
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not prev.fixed
            and not c.fixed
            and prev.start >= 0
            and c.start > prev.end
            and _CONNECTOR.fullmatch(ctx.text[prev.end : c.start])
            and ctx.text[prev.end : c.start].strip() not in ("et", "ou")
            and ctx.before(prev.start, 2).endswith("(")
            and ctx.after(c.end, 1) == ")"
        ):
            kinds = {prev.type, c.type}
            kind = prev.type if len(kinds) == 1 else "Organization"
            joined = ctx.text[prev.start : c.end]
            ctx.note("join_bracketed", "merged", joined, parts=[prev.name, c.name], type=kind)
            _retrim(prev, ctx.text, prev.start, c.end)
            prev.type = kind
            continue
        out.append(c)
    return out


def bracket_affiliation(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``le Belge Remco Evenepoel (Soudal Quick-Step)``: the brackets name his team.

    After a person introduced by a nationality or a title, a name in brackets
    is not where they come from (that is said already) but whom they play or
    work for: an organisation, whatever the model read.
    """
    previous: Candidate | None = None
    for c in cands:
        if (
            previous is not None
            and not c.fixed
            and previous.type == "Person"
            and previous.cue
            and c.type in ("Place", "Thing")
            and re.fullmatch(r"\s*\(\s*", ctx.text[previous.end : c.start])
            and ctx.after(c.end, 2).lstrip().startswith(")")
        ):
            ctx.retype("bracket_affiliation", c, "Organization")
            c.cue = True
        previous = c
    return cands


def _last_word_before(ctx: Context, start: int) -> str:
    words = ctx.before(start, 40).split()
    return fold(words[-1]) if words else ""


def venue_prefix(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``court Philippe-Chatrier``, ``aéroport Charles-de-Gaulle``: a place, noun included.

    The model reads the bare hyphenated name as a person; the common noun in
    front says it is a place, and is part of its name. A street noun may take
    *de*/*des*/*d’* before the name (``rue d’Aubagne``, ``quai des Orfèvres``):
    the street, not the town it is named after.
    """
    for c in cands:
        if c.fixed or c.start < 0 or c.type == "Organization":
            continue
        before = ctx.before(c.start, 30)
        match = re.search(r"(\w+)\s$", before)
        if match is None or fold(match.group(1)) not in lx.VENUE_NOUNS:
            match = re.search(r"(\w+)\s+(?:de la |de l['’]|de |des |du |d['’])$", before)
            if match and fold(match.group(1)) not in lx.STREET_NOUNS:
                match = None
        if match and fold(match.group(1)) in lx.VENUE_NOUNS and match.group(1)[0].islower():
            new_start = c.start - (len(before) - match.start())
            _retrim(c, ctx.text, new_start, c.end)
            ctx.retype("venue_prefix", c, "Place", why="venue")
    return cands


def strip_descriptive_noun(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``groupe Ensemble pour la République`` -> ``Ensemble pour la République``.

    A lower-case noun that describes an organisation, directly followed by a
    capitalised name, is not part of that name; it still says the name is an
    organisation.
    """
    for c in cands:
        if c.fixed or c.start < 0 or c.type == "Person":
            continue
        words = c.name.split(maxsplit=1)
        if (
            len(words) == 2
            and words[0][0].islower()
            and fold(words[0]) in lx.DESCRIPTIVE_ORGANIZATION_NOUNS
            and is_capitalised(words[1])
        ):
            _retrim(c, ctx.text, c.end - len(words[1]), c.end)
            ctx.note("strip_descriptive_noun", "renamed", c.name, was=" ".join(words))
            c.type = "Organization"
    return cands


def organization_cue(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``le constructeur automobile Stellantis``: a company noun before a name."""
    for c in cands:
        if c.fixed or c.start < 0 or c.type in ("Organization", "Person", "Event"):
            continue
        words = [fold(w) for w in ctx.before(c.start, 40).split()[-3:]]
        # The cue must be in apposition: "le journal X", "le groupe pétrolier X".
        if words and any(w in lx.ORGANIZATION_CUES for w in words[-2:]):
            if words[-1] in lx.FUNCTION_WORDS:
                continue
            ctx.retype(
                "organization_cue", c, "Organization", why="company or media noun before the name"
            )
    return cands


_CAMEL = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")


def camel_case_company(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``ArianeGroup``, ``TotalEnergies``, ``LinkedIn``: a capital inside a word is a brand."""
    for c in cands:
        if c.fixed or c.type != "Thing" or " " in c.name or not c.name[:1].isupper():
            continue
        if _CAMEL.search(c.name):
            ctx.retype("camel_case_company", c, "Organization")
    return cands


_PORTFOLIO = re.compile(
    r"(?:\bminist(?:re|ère|ere)s?\b[^.;:!?]{0,30}?\b(?:de la|de l['’]|du|des|de)"
    r"|\b(?:commissaire|secrétaire d['’]État)\b[^.;:!?]{0,30}?(?:\bà la|\bà l['’]|\bau|\baux))"
    r"\s*$",
    re.I,
)


def drop_portfolio(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``ministre de la Transition écologique``: the portfolio is not an entity.

    Also ``commissaire au Marché intérieur``, ``secrétaire d’État à la Mer``.

    The model tags ``Transition écologique``, ``Intérieur``, ``Culture``...
    after *ministre de la*; an organisation (``ministère …``) starts earlier.
    """
    out = []
    for c in cands:
        if not c.fixed and c.start >= 0 and c.type != "Person":
            before = ctx.before(c.start, 50)
            if _PORTFOLIO.search(before) and not re.search(r"\bministère", before[-12:], re.I):
                ctx.note("drop_portfolio", "dropped", c.name, why="a minister's portfolio")
                continue
        out.append(c)
    return out


_MEDIUM_BEFORE = re.compile(
    r"(?:^|\s)(?:sur|via)\s+(?:(?:son|sa|ses|leur|leurs|le|la|les)\s+"
    r"(?:compte|comptes|chaîne|chaine|page|réseau social|messagerie|plateforme|site|application)"
    r"\s+)?$",
    re.I,
)


def medium_after_sur(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``a indiqué ... sur Telegram``: a place name after *sur* + a verb of saying is a medium.

    Both cues are needed: ``frappes sur Gaza`` stays a place.
    """
    for c in cands:
        if c.fixed or c.start < 0 or c.type not in ("Place", "Thing"):
            continue
        before = ctx.before(c.start, 80)
        if not _MEDIUM_BEFORE.search(before):
            continue
        # The clause ends at a sentence stop, not at the dot of "M. Zelensky".
        clause = re.split(r"[!?;«»\"]|(?<![A-Z])\.", before)[-1]
        if any(fold(w.strip(",")) in lx.COMMUNICATION_CUES for w in clause.split()):
            ctx.retype(
                "medium_after_sur", c, "Organization", why="platform a statement was published on"
            )
            c.fixed = True  # keep it from the one-letter junk filter (X)
    return cands


def quoted_title(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``« Emilia Perez »``: a name that fills a pair of guillemets is a work's title."""
    for c in cands:
        if c.fixed or c.start < 0 or c.type == "Thing":
            continue
        if re.search(r"[«“]\s*$", ctx.before(c.start, 3)) and re.match(
            r"\s*[»”]", ctx.after(c.end, 3)
        ):
            ctx.retype("quoted_title", c, "Thing", why="in « »")
    return cands


def _head_word(name: str) -> tuple[str, int]:
    """The first word of a name after an ordinal, digits dropped.

    ``XIe Conférence`` -> ``conference``; ``COP29`` -> ``cop``.
    """
    words = name.split()
    i = 1 if len(words) > 1 and is_ordinal(words[0]) else 0
    head = fold(words[i]) if words else ""
    return head.rstrip("0123456789") or head, i


def organization_head(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``ministère russe de la Défense``, ``Cour de cassation`` are organisations, not places."""
    for c in cands:
        if c.fixed or c.type not in ("Place", "Thing") or len(c.name.split()) < 2:
            continue
        head, _ = _head_word(c.name)
        inner = [w for w in c.name.split()[1:] if fold(w) in lx.ORGANIZATION_INNER_WORDS]
        if (head in lx.ORGANIZATION_HEADS and not _YEAR.search(c.name)) or (
            inner and inner[0][0].isupper()
        ):
            why = f"name starts with '{head}'" if not inner else f"'{inner[0]}' in the name"
            ctx.retype("organization_head", c, "Organization", why=why)
    return cands


_OF_VENUE = re.compile(r"\s+(?:du|de la|de l['’]|des|de|d['’])\s*([\w-]+)")


def part_of_venue(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``Cour d’honneur du palais des Papes``: a part of a building or site is a place.

    A name followed by *du/de la/des* and a venue noun (``palais``,
    ``château``, ``stade``, ``parc``) names a part of that venue, even when
    its head (``Cour``) usually heads an organisation.
    """
    for c in cands:
        if c.fixed or c.start < 0 or c.type in ("Person", "Place", "Event"):
            continue
        match = _OF_VENUE.match(ctx.text, c.end)
        if match and match.group(1)[0].islower() and fold(match.group(1)) in lx.VENUE_NOUNS:
            ctx.retype("part_of_venue", c, "Place")
            c.cue = True
    return cands


_TOPIC = re.compile(r"\s+sur\s+(?:la |le |les |l['’])?[a-zà-ÿ][\w-]*(?:\s+[a-zà-ÿ][\w-]*)?")


def _extend_with_topic(c: Candidate, text: str) -> None:
    """``Conférence de Moscou`` + `` sur la sécurité``: the topic is part of the name."""
    topic = _TOPIC.match(text, c.end)
    if not topic:
        return
    end = topic.end()
    last = topic.group().split()[-1]
    if fold(last) in lx.FUNCTION_WORDS:
        end -= len(last)
    tail = text[c.end : end].rstrip()
    if fold(tail.split()[-1]) not in lx.FUNCTION_WORDS and tail.split()[-1] not in ("sur",):
        _retrim(c, text, c.start, c.end + len(tail))


_RACE = re.compile(r"Tour\s+(?:de|des|du|d['’])\s*\w")


def _event_noun_before(ctx: Context, start: int, heads: frozenset[str]) -> bool:
    """``au forum X``, ``la cérémonie des X``: an event noun, maybe then *de/des/du*."""
    words = [fold(w) for w in ctx.before(start, 40).split()[-2:]]
    if words and words[-1] in ("de", "des", "du", "d'"):
        words = words[:-1]
    return bool(words) and words[-1] in heads


def event_name(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """Conferences, summits, festivals, tournaments, and names ending in a year are events.

    ``Tour de France``, ``Tour d’Italie`` (a capital ``Tour`` then *de*) are races.

    ``XIe Conférence internationale de Moscou`` (and its ``sur la sécurité``
    topic, kept in the name), ``Festival de Cannes``, ``Armée 2023``.
    """
    for c in cands:
        if c.fixed or c.type == "Person":
            continue
        head, _ = _head_word(c.name)
        heads = lx.STRONG_EVENT_HEADS if c.type == "Organization" else lx.EVENT_HEADS
        year = len(c.name.split()) > 1 and _YEAR.search(c.name)
        cue = c.start >= 0 and c.type == "Thing" and _event_noun_before(ctx, c.start, heads)
        race = c.type in ("Thing", "Place") and _RACE.match(c.name)
        if not (head in heads or year or cue or race):
            continue
        why = "ends with a year" if year else f"'{head}' in or before the name"
        ctx.retype("event_name", c, "Event", why=why)
        if head in lx.EVENT_TOPIC_HEADS and c.start >= 0:
            _extend_with_topic(c, ctx.text)
    return cands


def number_is_not_place(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``CAC 40``, ``Ariane 6``: a name ending in a number is a thing, not a place."""
    for c in cands:
        if c.fixed or c.type != "Place":
            continue
        words = c.name.split()
        if len(words) > 1 and _NUMBER.match(words[-1]):
            ctx.retype("number_is_not_place", c, "Thing")
    return cands


def place_after_preposition(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``à Rafah``, ``en Guyane``: an untyped name after *à*/*en*/*depuis* is a place."""
    for c in cands:
        if c.fixed or c.start < 0 or c.type != "Thing" or len(c.name.split()) > 2:
            continue
        if re.search(r"(?:^|\s)(?:à|en|depuis|vers|près de)\s$", ctx.before(c.start, 12), re.I):
            ctx.retype("place_after_preposition", c, "Place")
    return cands


def _is_junk(c: Candidate) -> str | None:
    """Why a mention is junk, or None. Pure: reads the name and type only."""
    name = c.name
    key = fold(name)
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) < 2:
        return "fewer than two letters"
    if _NUMBER.match(name):
        return "a number"
    if key in lx.JUNK_WORDS:
        return "a common word"
    bare = key[4:] if key.startswith("les ") else key  # "Les Kényans"; "Le Parisien" is a paper
    if " " not in bare and bare in lx.DEMONYMS:
        return "a nationality, not a name"
    if not has_upper(name) and " " not in name and not c.pinned:
        return "a lower-case word"
    return None


_PARTICIPLE = re.compile(r"\w+(?:é|ée|és|ées)$")


def drop_sentence_openers(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``Lire aussi :``, ``Révélée par son album``: a capitalised common word opening a line.

    A one-word mention at the start of a line or sentence that is a frequent
    French word (a verb of reading or navigation, an editorial label, a
    connective), or a past participle opening a clause (a lower-case word
    follows), is the sentence's capital, not a name.
    """
    out = []
    for c in cands:
        if (
            not c.fixed
            and c.start >= 0
            and _single_word(c.name)
            and not c.name.isupper()
            and _sentence_start(ctx.text, c.start)
        ):
            key = fold(c.name)
            following = ctx.after(c.end, 30).split()
            participle = (
                _PARTICIPLE.fullmatch(c.name)
                and following
                and following[0][:1].islower()
                and c.type != "Person"
            )
            if key in lx.COMMON_WORDS or participle:
                ctx.note("drop_sentence_openers", "dropped", c.name, why="a common word")
                continue
        out.append(c)
    return out


_ACRONYM_TAIL = re.compile(
    r"((?:\s+(?:de|des|du|d['’]|et|en|de la|de l['’])\s*[a-zà-ÿ][\w’'-]*)+)\s*\(\s*(\w{2,10})\s*\)"
)


def extend_to_acronym(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``Agence nationale de la sécurité des systèmes`` + `` d’information (Anssi)``.

    The model sometimes stops a long name before its lower-case end; when the
    acronym in brackets right after is the initials of the longer name, the
    name runs up to the bracket.
    """
    for c in cands:
        if c.fixed or c.start < 0 or c.type == "Person" or " " not in c.name:
            continue
        match = _ACRONYM_TAIL.match(ctx.text, c.end)
        if not match:
            continue
        longer = c.name + match.group(1)
        acronym = fold(match.group(2))
        if initials(longer) == acronym and initials(c.name) != acronym:
            _retrim(c, ctx.text, c.start, c.end + len(match.group(1)))
            ctx.note("extend_to_acronym", "renamed", c.name, why="its acronym follows")
    return cands


def drop_junk(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """Drop single characters, numbers, stopwords and demonyms (``Russes``, ``Français``)."""
    out = []
    for c in cands:
        why = None if c.fixed else _is_junk(c)
        if why:
            ctx.note("drop_junk", "dropped", c.name, why=why)
        else:
            out.append(c)
    return out


# --------------------------------------------------------------------------
# Entity-level steps: one candidate per key
# --------------------------------------------------------------------------


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


_SKIP_IN_INITIALS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "a"})
_SKIP_IN_INITIALS |= frozenset({"au", "aux", "pour", "sur", "of", "the", "and", "for"})


def initials(name: str) -> str:
    """The acronym a name would have (``Armée nationale libyenne`` -> ``anl``).

    >>> initials("Organisation des Nations unies"), initials("Paris Saint-Germain")
    ('onu', 'psg')
    """
    words = re.split(r"[\s'\-]+", fold(name))
    return "".join(w[0] for w in words if w and w not in _SKIP_IN_INITIALS)


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
        _single_word(name)
        and 2 <= len(name) <= 10
        and ("-" not in name or name.isupper())
        and name[0].isupper()
    )


def merge_acronyms(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``ANL`` and ``Armée nationale libyenne`` in one post are one entity.

    Merged when written side by side (``Armée nationale libyenne (ANL)``,
    ``l’ANL, l’Armée nationale libyenne``), or when an all-capitals word is
    the initials of exactly one longer name of the post. The long form is
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


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _can_absorb(long: Candidate, short: Candidate, long_words: list[str], part: list[str]) -> bool:
    if long.type == "Person":
        if short.type == "Person":
            return _contains(long_words, part)
        # A surname the model read as a place: only as the end of the name.
        return len(part) == 1 and long_words[-1] == part[0]
    return short.type == long.type and len(part) > 1 and _contains(long_words, part)


def merge_partial_names(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``Haftar`` joins ``Khalifa Haftar`` when that is the only longer name containing it.

    Person names merge on any run of words (``Le Pen`` in ``Marine Le Pen``);
    other types only on runs of two or more words of the same type, so
    ``Moscou`` never vanishes into ``Conférence de Moscou``. Two candidates
    (``Jean-Marie Le Pen`` and ``Marine Le Pen``) mean no merge.
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
        if len(containing) == 1:
            long = containing[0]
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
        bare = _ARTICLE_KEY.sub("", c.key)
        other = by_key.get(bare) if bare != c.key else None
        if other is None or other is c or id(other) in gone:
            continue
        inner = any(not _sentence_start(ctx.text, start) for start, _ in c.spans if start >= 0)
        keep, drop = (c, other) if inner else (other, c)
        keep.absorb(drop)
        gone.add(id(drop))
        ctx.note("merge_article_variants", "merged", keep.name, alias=drop.name)
    return [c for c in cands if id(c) not in gone]


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(' \u00a0«“"')
    return not before or before[-1] in ".!?\n:»"


def hyphenated_name_is_place(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``Roland-Garros``, ``Philippe-Chatrier`` alone: a hyphenated full name names a place.

    French writes streets, stadiums and venues after people with hyphens;
    people themselves take spaces. Runs after partial merging, so a first
    name like ``Jean-Luc`` has already joined its person.
    """
    for c in cands:
        if c.fixed or c.type != "Person" or " " in c.name:
            continue
        parts = c.name.split("-")
        if len(parts) >= 2 and all(p and p[0].isupper() for p in (parts[0], parts[-1])):
            ctx.retype("hyphenated_name_is_place", c, "Place")
    return cands


def drop_lowercase(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """Drop entities never written with a capital (``armée``): descriptions, not names."""
    out = []
    for c in cands:
        if not c.fixed and not c.pinned and not any(has_upper(v) for v in c.variants):
            ctx.note("drop_lowercase", "dropped", c.name, why="never capitalised")
            continue
        out.append(c)
    return out


def apply_types(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """Settings ``types`` and the gazetteer set the type and ``sameAs`` of known names."""
    for c in cands:
        kind = ctx.options.types.get(c.key)
        if kind:
            ctx.retype("apply_types", c, kind, why="setting")
            c.fixed = True
        c.same_as = c.same_as or ctx.options.same_as.get(c.key)
    return cands


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
    StepInfo("clean_edges", clean_edges, "quotes and punctuation are not part of a name"),
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
    StepInfo("event_name", event_name, "conférence, sommet, festival … name events"),
    StepInfo("camel_case_company", camel_case_company, "ArianeGroup is a brand"),
    StepInfo("number_is_not_place", number_is_not_place, "CAC 40 is no place"),
    StepInfo("place_after_preposition", place_after_preposition, "à X, en X name places"),
    StepInfo("drop_sentence_openers", drop_sentence_openers, "Lire aussi : names nothing"),
    StepInfo("drop_junk", drop_junk, "pronouns, numbers, demonyms name nothing"),
    StepInfo("group_by_key", group_by_key, "one entity per name, whatever case or accents"),
    StepInfo("apply_aliases", apply_aliases, "the site says which variant is canonical"),
    StepInfo("merge_acronyms", merge_acronyms, "ANL and Armée nationale libyenne are one"),
    StepInfo("merge_partial_names", merge_partial_names, "Haftar is Khalifa Haftar"),
    StepInfo("merge_article_variants", merge_article_variants, "Le Louvre is the Louvre"),
    StepInfo("hyphenated_name_is_place", hyphenated_name_is_place, "Roland-Garros is a venue"),
    StepInfo("drop_lowercase", drop_lowercase, "a phrase never capitalised is no name"),
    StepInfo("apply_types", apply_types, "the site says what type a name is"),
    StepInfo("apply_ignore", apply_ignore, "the site or the post drops a name"),
    StepInfo("apply_pins", apply_pins, "the post adds or pins a name"),
)

STEP_NAMES: tuple[str, ...] = tuple(s.name for s in STEPS)


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Front matter
# --------------------------------------------------------------------------


def _items(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, list | tuple):
        parts: list[str] = []
        for item in raw:
            parts.extend(_items(item))
        return parts
    return [p.strip() for p in str(raw).split(";") if p.strip()]


_TYPE_PREFIX = re.compile(r"^([^\s:]+)\s*:\s*(.*)$", re.S)


def parse_entities_field(raw: Any) -> tuple[list[tuple[str | None, str]], list[str]]:
    """Read ``entities:`` front matter: ``;``-separated names, optional ``Type:`` prefix.

    Returns the ``(type or None, name)`` pairs and problem messages (an item
    with an unknown type prefix is skipped and reported, never raised).

    >>> parse_entities_field("Person: Emmanuel Macron; Organization: ONU; Lyon")
    ([('Person', 'Emmanuel Macron'), ('Organization', 'ONU'), (None, 'Lyon')], [])
    >>> parse_entities_field("Persn: Macron")[1][0][:36]
    "unknown type 'Persn' in 'entities:' "
    """
    pins: list[tuple[str | None, str]] = []
    problems: list[str] = []
    for item in _items(raw):
        match = _TYPE_PREFIX.match(item)
        if match is None:
            pins.append((None, item))
            continue
        prefix, name = match.group(1), match.group(2).strip()
        kind = parse_type(prefix)
        if kind is None:
            problems.append(
                f"unknown type {prefix!r} in 'entities:' front matter item {item!r}; "
                f"accepted: {', '.join(SCHEMA_TYPES)} (or no prefix)"
            )
        elif not name:
            problems.append(f"empty name after {prefix!r} in 'entities:' front matter")
        else:
            pins.append((kind, name))
    return pins, problems


def parse_ignore_field(raw: Any) -> tuple[list[str], list[str]]:
    """Read ``entities_ignore:`` front matter: ``;``-separated names (``,`` also accepted)."""
    names: list[str] = []
    for item in _items(raw):
        names.extend(p.strip() for p in item.split(",") if p.strip())
    return names, []
