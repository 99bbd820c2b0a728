"""Steps that type a name from the evidence around it (heads, cues, venues)."""

from __future__ import annotations

import re

from .. import lexicon as lx
from .candidates import Candidate, Context, retrim
from .names import NUMBER, YEAR, fold, is_capitalised, is_ordinal


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
            retrim(c, ctx.text, new_start, c.end)
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
            retrim(c, ctx.text, c.end - len(words[1]), c.end)
            ctx.note("strip_descriptive_noun", "renamed", c.name, was=" ".join(words))
            c.type = "Organization"
    return cands


_LEGAL_FORM_AFTER = re.compile(
    r"\s*,?\s*(?:SA|SAS|SASU|SARL|SCOP|SE|AG|GmbH|Inc\.?|Ltd\.?|LLC|plc|NV|BV)(?![\w-])"
)
#: Verbs a company does, right after a name the model left untyped.
_COMPANY_VERB_AFTER = re.compile(
    r"\s+a\s+(?:annoncé|racheté|recruté|licencié|levé|lancé|dévoilé|publié|recensé)\b"
)
_ELISION = re.compile(r"^(?:l|d|qu)'")


def _organization_evidence(c: Candidate, ctx: Context) -> str | None:
    """Why the text says ``c`` names an organisation, or None."""
    if _LEGAL_FORM_AFTER.match(ctx.text, c.end):
        return "a legal form follows the name"
    words = [_ELISION.sub("", fold(w)) for w in ctx.before(c.start, 40).split()[-3:]]
    if words and words[-1] not in lx.FUNCTION_WORDS:
        # The cue must be in apposition: "le journal X", "le groupe pétrolier X";
        # right before the name for a name the model read as a person.
        near = words[-1:] if c.type == "Person" else words[-2:]
        if any(w in lx.ORGANIZATION_CUES for w in near):
            return "company or media noun before the name"
    if c.type == "Thing" and _COMPANY_VERB_AFTER.match(ctx.text, c.end):
        return "a company's verb after the name"
    return None


def organization_cue(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``le constructeur automobile Stellantis``, ``l’ONG Amnesty``, ``Michelin SA``.

    A company noun in apposition before the name, a legal form after it, or
    (for a name the model left untyped) a company's verb after it.
    """
    for c in cands:
        if c.fixed or c.start < 0 or c.type in ("Organization", "Event"):
            continue
        why = _organization_evidence(c, ctx)
        if why:
            ctx.retype("organization_cue", c, "Organization", why=why)
            c.cue = True
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


def in_guillemets(c: Candidate, ctx: Context) -> bool:
    """Whether the mention fills a pair of guillemets (or curly quotes)."""
    return bool(
        re.search(r"[«“]\s*$", ctx.before(c.start, 3)) and re.match(r"\s*[»”]", ctx.after(c.end, 3))
    )


def quoted_title(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``« Emilia Perez »``: a name that fills a pair of guillemets is a work's title."""
    for c in cands:
        if c.fixed or c.start < 0 or c.type == "Thing":
            continue
        if in_guillemets(c, ctx):
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
        if (head in lx.ORGANIZATION_HEADS and not YEAR.search(c.name)) or (
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
        retrim(c, text, c.start, c.end + len(tail))


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
        year = len(c.name.split()) > 1 and YEAR.search(c.name)
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
        if len(words) > 1 and NUMBER.match(words[-1]):
            ctx.retype("number_is_not_place", c, "Thing")
    return cands


def digits_are_not_people(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``RFC6698``, ``iPhone 15``: a name with a digit is a thing, not a person
    (``Louis XIV`` writes its number in letters)."""
    for c in cands:
        if not c.fixed and c.type == "Person" and any(ch.isdigit() for ch in c.name):
            ctx.retype("digits_are_not_people", c, "Thing")
    return cands


def place_after_preposition(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``à Rafah``, ``en Guyane``: an untyped name after *à*/*en*/*depuis* is a place."""
    for c in cands:
        if c.fixed or c.start < 0 or c.type != "Thing" or len(c.name.split()) > 2:
            continue
        if re.search(r"(?:^|\s)(?:à|en|depuis|vers|près de)\s$", ctx.before(c.start, 12), re.I):
            ctx.retype("place_after_preposition", c, "Place")
    return cands


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


def apply_types(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """Settings ``types`` and the gazetteer set the type and ``sameAs`` of known names."""
    for c in cands:
        kind = ctx.options.types.get(c.key)
        if kind:
            ctx.retype("apply_types", c, kind, why="setting")
            c.fixed = True
        c.same_as = c.same_as or ctx.options.same_as.get(c.key)
    return cands


_DETERMINER_BEFORE = re.compile(
    r"(?:^|[\s(«“\"])(?:le|la|les|un|une|des|du|au|aux|ce|cet|cette|son|sa|ses|l['’])\s*$",
    re.I,
)


def determiner_is_not_person(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``le Diceware``, ``un Keepass``: French puts no determiner before a person's name.

    A one-word name the model read as a person, right after a determiner
    (with no title or nationality cue), names a thing: software, a method, a
    product.
    """
    for c in cands:
        if c.fixed or c.start < 0 or c.type != "Person" or c.cue or " " in c.name:
            continue
        if _DETERMINER_BEFORE.search(ctx.before(c.start, 12)):
            ctx.retype("determiner_is_not_person", c, "Thing", why="a determiner before it")
            c.cue = True
    return cands
