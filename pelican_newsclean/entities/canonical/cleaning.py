"""Mention-level steps that clean a span: edges, articles, titles, joins, junk.

They see one candidate per mention, with its offsets in the text, so they
can read its context.
"""

from __future__ import annotations

import re
from collections import Counter

from .. import lexicon as lx
from ..filters import (
    COMMON_LABEL,
    MEASURE_LABEL,
    common_word_evidence,
    label_evidence,
    not_a_name,
    tex_math_spans,
    written_in_lower_case,
)
from .candidates import Candidate, Context, retrim
from .names import (
    MAX_NAME_CHARS,
    MAX_PERSON_NAME_WORDS,
    NUMBER,
    YEAR,
    at_sentence_start,
    fold,
    has_upper,
    initials,
    is_capitalised,
    is_single_word,
    is_title,
    name_words,
    split_title,
)
from .types import in_guillemets

_EDGE_JUNK = "«»“”„\"'’‘()[]{}<>.,;:!?…–—-_*/\\|•·"


_POSSESSIVE = re.compile(r"['’]s$")
#: The rest of a word the span starts inside of, and the spaces after it.
_GLUED_HEAD = re.compile(r"\S+\s+(?=\S)")


def _glued_before(text: str, start: int) -> bool:
    """Is ``start`` inside a token (``2g/L``), after a letter, digit or slash?"""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] == "/")


_LEADING_FIGURES = re.compile(r"[\d/.:h]*\d[\d/.:h]*\s+[-–—]\s+")


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


#: What separates names in a list: a comma or semicolon, a dash with a space on
#: either side (``Heuret- Rabiet``, ``FRANCOIS – CHIODIN``; not ``Jean-Louis``), a tab.
_NAME_LIST_SEPARATOR = re.compile(
    r"[ \t\u00a0]*[,;][ \t\u00a0]+|[ \t\u00a0]+[-–—][ \t\u00a0]*|[-–—][ \t\u00a0]+|\t+"
)


def _full_name(piece: str) -> bool:
    """Could ``piece`` be one person's full name: two to five capitalised words
    besides the particles, not headed by an organisation, place or event noun?"""
    words = name_words(fold(piece))
    written = [w for w in piece.split() if fold(w) not in lx.NAME_PARTICLES]
    return (
        2 <= len(words) <= MAX_PERSON_NAME_WORDS
        and all(is_capitalised(w) and sum(ch.isalpha() for ch in w) >= 2 for w in written)
        and words[0] not in lx.COMMON_HEAD_NOUNS
        and words[0] not in lx.DEMONYMS
    )


def split_name_lists(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``Fabrice Heuret- Frédéric Rabiet- Dominique Zima``: several people, not one.

    A person's span that separators (commas, spaced dashes, tabs) cut into
    full names, two words or more each, is a list of names: each is a
    mention of its own. A part that is no full name (``Dupont, Jean``,
    ``Paris - Roubaix``) leaves the span as it was.
    """
    out: list[Candidate] = []
    for c in cands:
        pieces: list[tuple[int, int]] = []
        if not c.fixed and c.start >= 0 and c.type == "Person":
            pos = c.start
            for sep in _NAME_LIST_SEPARATOR.finditer(ctx.text, c.start, c.end):
                pieces.append((pos, sep.start()))
                pos = sep.end()
            pieces.append((pos, c.end))
        if len(pieces) < 2 or not all(_full_name(ctx.text[a:b]) for a, b in pieces):
            out.append(c)
            continue
        for a, b in pieces:
            part = Candidate(name=ctx.text[a:b], type=c.type, spans=[(a, b)], source=c.source)
            ctx.note("split_name_lists", "renamed", part.name, was=c.name, why="a list of names")
            out.append(part)
    return out


#: A capital letter alone before a name: a category code (``T``, ``V1``) or a
#: stray initial the model took along (``232e T Alain Bregand``).
_STRAY_LETTER = re.compile(r"[A-Z][ \u00a0]+")


def cut_stray_letter(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``T Alain Bregand`` -> ``Alain Bregand``: a single capital letter, without
    an initial's dot, before a person's full name is not part of it (``J. Doe``,
    ``A Coruña`` stay)."""
    for c in cands:
        if c.fixed or c.start < 0 or c.type != "Person":
            continue
        letter = _STRAY_LETTER.match(c.name)
        if letter and _full_name(c.name[letter.end() :]):
            whole = c.name
            retrim(c, ctx.text, c.start + letter.end(), c.end)
            ctx.note("cut_stray_letter", "renamed", c.name, was=whole, why="a stray letter")
    return cands


_TRAILING_ELISION = re.compile(
    r"[\s\u00a0\u202f]+(?:[sdlnjcmt]|qu|jusqu|lorsqu|puisqu)['’][\s\u00a0\u202f]*$", re.I
)


_BRACKETS = {")": "(", "]": "["}


def _unopened_bracket(surface: str, start: int) -> int | None:
    """Where ``surface`` (from ``start``) closes a bracket it did not open, or None."""
    depth = {opener: 0 for opener in _BRACKETS.values()}
    for i in range(start, len(surface)):
        char = surface[i]
        if char in depth:
            depth[char] += 1
        elif char in _BRACKETS:
            if depth[_BRACKETS[char]] == 0:
                return i
            depth[_BRACKETS[char]] -= 1
    return None


def clean_edges(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """Strip quotes, brackets, punctuation and spaces at both ends.

    ``«Anora»`` -> ``Anora``; ``Macron,`` -> ``Macron``; ``Biden’s`` -> ``Biden``;
    ``Macron s’`` -> ``Macron`` (an elided word the model took along);
    ``15/01/2018 - Ajout`` -> ``Ajout`` (a date or figure and a dash before it);
    ``L Citra`` in ``2g/L Citra`` -> ``Citra`` (a word begun inside a token);
    ``Shaarli] Sortie`` -> ``Shaarli`` (a bracket closed, not opened, ends the name).
    An initial's dot is kept (``John F.`` is rare; ``M.`` is a title).
    """
    for c in cands:
        if c.fixed or c.start < 0:
            continue
        start, end = c.start, c.end
        surface = ctx.text[start:end]
        lead = len(surface) - len(surface.lstrip(_EDGE_JUNK + " \u00a0\u202f\t\n"))
        figures = _LEADING_FIGURES.match(surface, lead)
        lead = figures.end() if figures else lead
        inside = _GLUED_HEAD.match(surface, lead) if _glued_before(ctx.text, start + lead) else None
        lead = inside.end() if inside else lead
        # "Emmanuel Macron s’est rendu": the model can take the elided word along.
        surface = _TRAILING_ELISION.sub("", surface)
        trail_text = surface.rstrip(_EDGE_JUNK + " \u00a0\u202f\t\n")
        closing = _unopened_bracket(trail_text, lead)
        if closing is not None:
            trail_text = trail_text[:closing].rstrip(_EDGE_JUNK + " \u00a0\u202f\t\n")
        possessive = _POSSESSIVE.search(trail_text)
        if possessive:
            trail_text = trail_text[: possessive.start()]
        new_end = start + len(trail_text)
        if (start + lead, new_end) != (start, end) and new_end > start + lead:
            retrim(c, ctx.text, start + lead, new_end)
    return cands


#: A full stop inside a span, and the word before and after it.
_FULL_STOP = re.compile(r"(\S+)\.[ \u00a0]+(\w+)")

#: Closed-class words that open a sentence: after a full stop they start the
#: next one (``A. Donc``, ``T. En``, ``L. Ceux qui``), whatever precedes.
_SENTENCE_WORDS = lx.FUNCTION_WORDS | lx.COMMON_WORDS | lx.JUNK_WORDS | lx.DETERMINERS


def _ends_sentence(before: str, after: str, following: str, ctx: Context) -> bool:
    """Does the dot between ``before`` and ``after`` end a sentence?

    Never before a lower-case word (``I.M.E. de l’Acodège`` is one name).
    Yes before a closed-class word (``Donc``, ``En``, ``Si``) that a lower-case
    word (``following``) goes on from (``G. Le Lan``, ``J. De Azevedo`` are
    names); before a common word of the model's vocabulary (``Combiné``) when
    the word before the dot is no initial (``J. Durand``, ``J-P. Couteaux``),
    nor an abbreviation: two letters after a hyphen or dot, or a title
    (``St. Louis``, ``Nogent-s. Marne``, ``Mgr. Dupont``).
    """
    if not after[:1].isupper():
        return False
    if fold(after) in _SENTENCE_WORDS:
        return not is_capitalised(following)
    abbreviated = len(re.split(r"[.-]", before)[-1]) < 3 or fold(before) in lx.ABBREVIATED_TITLES
    return not abbreviated and bool(ctx.options.vocabulary.knows(after))


_WORD_AHEAD = re.compile(r"\W*?(\w+)")


def _next_word(ctx: Context, end: int) -> str:
    """The word of the text after ``end`` (same block), past punctuation
    (``Fouché`` after ``M. A``), or ``""``."""
    word = _WORD_AHEAD.match(ctx.after(end, 40))
    return word[1] if word else ""


def cut_at_sentence_end(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``LaTeX. Combiné``, ``A. Donc``, ``66.4 L. Ceux qui``: a span that runs
    over a full stop into the next sentence ends at the stop (see
    :func:`_ends_sentence`). What is left (``A``) is junk for later steps.
    """
    for c in cands:
        if c.fixed or c.start < 0:
            continue
        stops = _FULL_STOP.finditer(c.name)
        stop = next(
            (
                m
                for m in stops
                if _ends_sentence(m[1], m[2], _next_word(ctx, c.start + m.end()), ctx)
            ),
            None,
        )
        if stop is not None:
            whole = c.name
            retrim(c, ctx.text, c.start, c.start + stop.end(1))
            ctx.note("cut_at_sentence_end", "renamed", c.name, was=whole, why="a full stop")
    return cands


_LEADING_ARTICLE = re.compile(
    r"(?:(?:le|la|les|des|du|de|au|aux|un|une)\s+|(?:l|d|qu|jusqu|lorsqu|puisqu)['’]\s*)"
)


#: A name's particle (``de Gaulle``, ``du Bellay``) the model keeps in a
#: person's span; it drops the preposition before other names (``de Macron``).
_PARTICLE = re.compile(r"(?:de|du)\s+")
_PARTICLE_NAME = re.compile(r"(?:de|du)\s+(?=[A-ZÀ-Þ])")
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
        if match and c.type == "Person" and _PARTICLE.fullmatch(match.group()):
            match = None
        if match is None and at_sentence_start(ctx.text, c.start):
            match = _SENTENCE_ARTICLE.match(c.name)
            rest = c.name[match.end() :] if match else ""
            article = match.group().strip() if match else ""
            if match and (
                (article not in ("Un", "Une", "Des") and not is_capitalised(rest))
                or (article in ("Le", "La", "Les") and not _head_noun_follows(rest))
            ):
                match = None
        if match and match.end() < len(c.name):
            retrim(c, ctx.text, c.start + match.end(), c.end)
    return cands


def _both_loose_and_located(first: Candidate, second: Candidate) -> bool:
    """Whether two mentions may be joined: neither pinned (``fixed``), both found
    in the text (a pin or gazetteer name has no position)."""
    return not first.fixed and not second.fixed and first.start >= 0 and second.start >= 0


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
            and _both_loose_and_located(prev, c)
            and is_single_word(prev.name)
            and is_single_word(c.name)
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
            retrim(c, ctx.text, c.start + offset + of_org.end(), c.end)
            ctx.note("strip_titles", "renamed", c.name, was=" ".join(words), why="role removed")
            c.type = "Organization"
            out.append(c)
            continue
        # "général de Gaulle": in a person's span the model keeps "de" only as
        # the particle of a name.
        named = is_capitalised(rest) or (c.type == "Person" and _PARTICLE_NAME.match(rest))
        if not named:
            if len(words) > 1 or c.name[0].islower():
                ctx.note("strip_titles", "dropped", c.name, why="a role, not a name")
                continue
            out.append(c)
            continue
        first = c.name.split()[0]
        if c.type != "Person" and not is_title(first):
            out.append(c)
            continue
        retrim(c, ctx.text, c.start + offset, c.end)
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
            retrim(c, ctx.text, c.end - len(rest), c.end)
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
            and _both_loose_and_located(prev, c)
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
            retrim(prev, ctx.text, prev.start, c.end)
            prev.type = kind
            continue
        out.append(c)
    return out


#: Road, flight, summit and model codes (``A837``, ``G20``, ``E3``): a name
#: though it has one letter.
_CODE_NAME = re.compile(r"[A-Z]{1,3}-?\d{1,4}[A-Z]?")


def _is_junk(c: Candidate) -> str | None:
    """Why a mention is junk, or None. Pure: reads the name and type only."""
    name = c.name
    key = fold(name)
    letters = [ch for ch in name if ch.isalpha()]
    if len(name) > MAX_NAME_CHARS:
        return f"longer than {MAX_NAME_CHARS} characters"
    if len(letters) < 2 and not _CODE_NAME.fullmatch(name):
        return "fewer than two letters"
    if NUMBER.match(name):
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


def _noun_phrase(c: Candidate, ctx: Context) -> bool:
    """``La prochaine étape``: a determiner and lower-case words only, outside
    guillemets (``« Le petit prince »`` is a work's title)."""
    words = c.name.split()
    return (
        len(words) > 1
        and fold(words[0]) in lx.DETERMINERS
        and all(word[:1].islower() for word in words[1:])
        and not in_guillemets(c, ctx)
    )


def drop_sentence_openers(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``Lire aussi :``, ``Révélée par son album``: a capitalised common word opening a line.

    A one-word mention at the start of a line or sentence that is a frequent
    French word (a verb of reading or navigation, an editorial label, a
    connective), or a past participle opening a clause (a lower-case word
    follows), is the sentence's capital, not a name; so is a noun phrase
    there, a determiner and lower-case words (``La prochaine étape``).
    """
    out = []
    for c in cands:
        if c.fixed or c.start < 0 or not at_sentence_start(ctx.text, c.start):
            out.append(c)
            continue
        if _noun_phrase(c, ctx):
            ctx.note("drop_sentence_openers", "dropped", c.name, why="a noun phrase")
            continue
        if is_single_word(c.name) and not c.name.isupper():
            following = ctx.after(c.end, 30).split()
            participle = (
                _PARTICIPLE.fullmatch(c.name)
                and following
                and following[0][:1].islower()
                and c.type != "Person"
            )
            if fold(c.name) in lx.COMMON_WORDS or participle:
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
            retrim(c, ctx.text, c.start, c.end + len(match.group(1)))
            ctx.note("extend_to_acronym", "renamed", c.name, why="its acronym follows")
    return cands


#: What opens a block as a label: up to 60 characters before its first colon.
_BLOCK_LABEL = re.compile(r"^([^\n:]{1,60}?)[ \t\u00a0\u202f]*:", re.M)


_NAME_TYPES = frozenset({"Person", "Place", "Organization"})


def drop_labels(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``Conclusion``, ``Houblons :``, ``Gypse : 0.9g``: a common word labelling a block.

    A mention that opens its block and is followed by nothing, a colon, or a
    colon and a value is a heading or a label when the evidence says its
    word is common (see :func:`..filters.label_evidence`): the model's
    vocabulary, word frequencies, a measured value. A speaker's label in a
    dialogue, a name, stays, and so does a label followed by text that the
    model read as a person, place or organisation (``Lille : un incendie``),
    unless the post writes it in lower case. A label of a measure drops the
    word's other mentions in the post too.
    """
    turns = Counter(m.group(1) for m in _BLOCK_LABEL.finditer(ctx.text))  # label -> blocks
    out = []
    measured: set[str] = set()
    for c in cands:
        block = ctx.text.rfind("\n", 0, c.start) + 1
        if c.fixed or c.pinned or c.start < 0 or ctx.text[block : c.start].strip():
            out.append(c)
            continue
        end = ctx.text.find("\n", c.end)
        rest = ctx.text[c.end : end if end >= 0 else len(ctx.text)]
        why = label_evidence(c.name, rest, ctx.options.vocabulary, turns[c.name])
        if why == COMMON_LABEL and c.type in _NAME_TYPES:
            # "Lille : un incendie ...", "Hollande : « ... »": a headline about
            # what the model read as a name, and the vocabulary's nouns hold
            # some names (lille, chine, hollande). Only the post writing the
            # word in lower case says it is a word; else the openers' site-wide
            # check decides.
            why = why if written_in_lower_case(c.name, ctx.text) else None
        if why:
            ctx.note("drop_labels", "dropped", c.name, why=why)
            if why == MEASURE_LABEL:
                measured.add(fold(c.name))
            continue
        out.append(c)
    if not measured:
        return out
    # "pH : 5.2" makes pH a quantity: "le contrôle du pH" names nothing either.
    kept = []
    for c in out:
        if fold(c.name) in measured and not (c.fixed or c.pinned):
            ctx.note("drop_labels", "dropped", c.name, why="a quantity the post measures")
        else:
            kept.append(c)
    return kept


#: A count or an indefinite or possessive determiner right before a mention:
#: ``200 `` in ``200 Chlorures``, ``une `` in ``une Recherche``, ``nos `` in
#: ``nos Services`` (not ``le``, ``la``, ``les``, ``des``, which names take:
#: ``la Loire``, ``les Républicains``).
_COUNT_BEFORE = re.compile(
    r"(?:(?<![\w.,])\d+(?:[.,]\d+)?"
    r"|(?<![\w'’])(?:un|une|nos|vos|mes|tes|ses|leurs|cette|ces|chaque))[ \u00a0\u202f]$"
)


def drop_counted_words(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``200 Chlorures``, ``une Recherche``: a counted common noun, capitalised.

    A one-word mention right after a number or an indefinite or possessive
    determiner, that the model's vocabulary knows as a common word and that
    the post also writes in lower case (``les sulfates / chlorures``, ``la
    recherche``), is a thing counted or determined, not a name.
    """
    out = []
    for c in cands:
        if (
            not (c.fixed or c.pinned)
            and c.start >= 0
            and is_single_word(c.name)
            and not c.name.isupper()
            and _COUNT_BEFORE.search(ctx.text, max(0, c.start - 12), c.start)
            and ctx.options.vocabulary.knows(c.name)
            and written_in_lower_case(c.name, ctx.text)
        ):
            ctx.note("drop_counted_words", "dropped", c.name, why="a counted common word")
            continue
        out.append(c)
    return out


#: A category code of a results table: ``V1``, ``V1F``, ``M2``.
_CATEGORY_CODE = re.compile(r"[A-Z]{1,2}\d{1,2}[A-Z]?")
#: What ranks a category: an ordinal (``3e``, ``1er``, ``2ème``) or the word
#: ``catégorie`` right before.
_RANKED_BEFORE = re.compile(
    r"(?:(?<![\w.,])\d{1,4}(?:e|er|re|ère|ème|eme)|[Cc]atégories?)[ \u00a0]+$"
)


def drop_ranked_codes(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``1er V1``, ``3e V4``, ``catégorie V2``: a category of a ranking, not a name.

    A code of one or two capitals and a number (``V1``, ``M2``, ``V1F``)
    right after an ordinal or the word ``catégorie`` is an age or sex
    category of a results table (a road, ``A6``, or a summit, ``G20``, is
    not ranked so). Its other mentions in the post go too (``(V1, AC
    Chenôve)``).
    """
    ranked = {
        c.name
        for c in cands
        if not (c.fixed or c.pinned)
        and c.start >= 0
        and _CATEGORY_CODE.fullmatch(c.name)
        and _RANKED_BEFORE.search(ctx.before(c.start, 16))
    }
    out = []
    for c in cands:
        if c.name in ranked and not (c.fixed or c.pinned):
            ctx.note("drop_ranked_codes", "dropped", c.name, why="a category in a ranking")
            continue
        out.append(c)
    return out


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


def drop_non_names(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """Web and e-mail addresses, file names, code, ``J’ai``, mathematics, text in
    another language.

    What the span is written as (see :func:`..filters.not_a_name`), a span in
    TeX mathematics (``M(t)`` between its delimiters, see
    :func:`..filters.tex_math_spans`), or a line the language predicate says
    is not French (``Let me explain``).
    """
    out = []
    french: dict[str, bool] = {}  # line -> verdict: the predicate runs once per line
    maths = tex_math_spans(ctx.text) if "\\" in ctx.text or "$$" in ctx.text else []
    for c in cands:
        if c.fixed or c.start < 0:
            out.append(c)
            continue
        why = not_a_name(c.name, ctx.token(c.start, c.end))
        if why is None and any(start < c.end and c.start < end for start, end in maths):
            why = "mathematics"
        if why is None:
            line = ctx.line(c.start)
            if line not in french:
                french[line] = ctx.is_french(line)
            why = None if french[line] else "not French text"
        if why:
            ctx.note("drop_non_names", "dropped", c.name, why=why)
            continue
        out.append(c)
    return out


_GLUED_NUMBER = re.compile(r"\s+(\d{1,4})$")


def cut_glued_number(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``Olympique de Marseille 2``, ``Armée 2023``: a number glued to a name.

    A score or count after a name of two words or more is cut off (one word
    and its number name a thing: ``Ariane 6``, ``CAC 40``, ``Ligue 1``). A
    year after a common word opening a sentence, a word the text also writes
    in lower case (``Armée 2023 : le bilan``), names nothing and is dropped;
    inside a sentence the capital says name (``au forum Armée 2023``), and a
    year after a name (``Paris 2024``) names an event: both stay.
    """
    out = []
    for c in cands:
        match = None if c.fixed or c.start < 0 else _GLUED_NUMBER.search(c.name)
        if match is None:
            out.append(c)
            continue
        before = c.name[: match.start()]
        if YEAR.fullmatch(match.group(1)):
            if (
                is_single_word(before)
                and at_sentence_start(ctx.text, c.start)
                and common_word_evidence(before, ctx.text)
            ):
                ctx.note("cut_glued_number", "dropped", c.name, why="a common word and a year")
                continue
        elif len(before.split()) >= 2:
            retrim(c, ctx.text, c.start, c.start + len(before))
            ctx.note("cut_glued_number", "renamed", c.name, was=before + match.group())
        out.append(c)
    return out


#: Words that open a verb's object: ``commande 42 Rafale``, ``publie la version``.
_OBJECT_OPENERS = frozenset({"le", "la", "les", "l'", "un", "une", "son", "sa", "ses"})
_OBJECT_OPENERS |= frozenset({"leur", "leurs", "ce", "cet", "cette", "ces"})


def _runs_into_verb(words: list[str]) -> int | None:
    """Index of the word where a name turns into a clause, or None.

    A lower-case content word right after a capitalised word, followed inside
    the span by a number or a determiner (``Armées commande 42``,
    ``Mozilla publie la``) is a verb and its object, not part of the name.
    """
    for i in range(1, len(words) - 1):
        word, following = words[i], words[i + 1]
        key = fold(word)
        if (
            word[:1].islower()
            and is_capitalised(words[i - 1])
            and key not in lx.FUNCTION_WORDS
            and key not in lx.NAME_PARTICLES
            and (following[:1].isdigit() or fold(following) in _OBJECT_OPENERS)
        ):
            return i
    return None


def cut_at_verb(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """``ministère des Armées commande 42 Rafale``: the name stops before its verb.

    Headlines have no article or stop to end a name, and the model runs on.
    """
    for c in cands:
        if c.fixed or c.start < 0:
            continue
        words = list(re.finditer(r"\S+", c.name))
        cut = _runs_into_verb([w.group() for w in words])
        if cut is None:
            continue
        whole, verb = c.name, words[cut].group()
        retrim(c, ctx.text, c.start, c.start + words[cut - 1].end())
        ctx.note("cut_at_verb", "renamed", c.name, was=whole, why=f"'{verb}' reads as a verb")
    return cands
