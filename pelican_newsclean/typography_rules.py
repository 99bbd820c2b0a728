"""The French typography rules: one ordered table of small named units.

Each rule is a :class:`Rule` (name, what it matches, what it writes, why)
whose ``find`` function reads the logical text of one block and returns the
edits it wants, as sorted, non-overlapping ``(start, end, new)`` triples.
:data:`RULES` holds them in the order they run (typography.md is the
reference for every one of them); ``NEWSCLEAN["typography"]["disabled_rules"]``
switches rules off by name.

The text a rule reads is a *view* of the block: the same length as the
logical text, with protected spans (URLs, e-mails, times, emoticons...) and
skipped elements (``<code>``, foreign-language spans) replaced by
:data:`~pelican_newsclean.html.ATOM`, one per character, so no pattern can
match inside them, while they still count as a word for the punctuation next
to them. ``<sup>`` shows as :data:`~pelican_newsclean.html.SUP_OPEN` and
:data:`~pelican_newsclean.html.SUP_CLOSE`; the ordinal rule writes those
markers, which the writer turns into ``<sup>`` and ``</sup>``.

Speed and safety: every pattern starts with a literal or a character class
(so the regex engine skips ahead to candidates instead of trying every
position), and a pattern that repeats a class checks with a look-behind that
it starts at the beginning of that class's run, so no run is read twice and
the time stays linear even on a megabyte of ``!`` or of digits.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from .html import ATOM, SUP_CLOSE, SUP_OPEN

NBSP = "\u00a0"  # NO-BREAK SPACE
NNBSP = "\u202f"  # NARROW NO-BREAK SPACE
EN_DASH = "\u2013"
EM_DASH = "\u2014"
ELLIPSIS = "\u2026"
# Ends one block and starts the next when the blocks of a fragment are read
# as one text (see typography._Fixer); quote pairing restarts after it.
BLOCK_END = "\ue003"

# Every space-like character a rule may find next to a mark. Only U+00A0 and
# U+202F are no-break; U+2009 (thin) and the other sized spaces are breakable.
_WS = " \t\n\r\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
WS = f"[{_WS}]"
_SPACE_RUN_RE = re.compile(f"{WS}*")
# Horizontal space only (a line break inside a paragraph separates lines).
HS = "[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
SPACE_CHARS = frozenset(" \t\n\r\f\u00a0\u1680\u202f\u205f\u3000") | frozenset(
    chr(c) for c in range(0x2000, 0x200B)
)

# What may stand right before a mark that gets a space: a word, a number, a
# closing mark, a skipped element (ATOM) or a superscript.
_WORDISH = r"\w" + ATOM + SUP_CLOSE + r")\]}»”’%‰€$£¥°"
_WORDISH_RE = re.compile(f"[{_WORDISH}]")
_LETTER = r"[^\W\d_]"


@dataclass(frozen=True)
class Style:
    """The characters and switches the rules write with, from the settings."""

    nbsp: str = NBSP  # before ":", numbers and units, titles, dialogue dash
    narrow: str = NNBSP  # before "; ! ?", thousands groups
    guillemet: str = NBSP  # inside « »
    keep: frozenset[str] = frozenset({NBSP, NNBSP})  # no-break spaces left as written
    incise: str = EN_DASH
    ordinals_sup: bool = True
    canadian: bool = False


Edits = list[tuple[int, int, str]]
Spans = list[tuple[int, int]]


@dataclass(frozen=True)
class Rule:
    """One typography rule: a name, what it matches, what it writes, why.

    ``needs`` lists characters (or short strings) of which at least one must
    occur in the text for the rule to run: a cheap filter that keeps most
    rules from scanning most fragments.
    """

    name: str
    matches: str
    writes: str
    why: str
    find: Callable[[str, Style], Edits]
    needs: tuple[str, ...] = ()

    def may_apply(self, text: str) -> bool:
        """Whether the rule can match ``text`` at all (a few fast substring scans)."""
        if not self.needs:
            return True
        # map() rather than a generator expression: this runs for every rule
        # on every fragment, and the generator's frames cost more than the scans.
        return any(map(text.__contains__, self.needs))


def _space(existing: str, right: str, style: Style) -> str | None:
    """What to write instead of the space run ``existing``; None keeps it.

    A single no-break space of an accepted kind is correct where it stands;
    anything else (no space, a breakable or thin space, several) is replaced.
    """
    if existing == right or (len(existing) == 1 and existing in style.keep):
        return None
    return right


def _space_edit(text: str, start: int, end: int, right: str, style: Style, edits: Edits) -> None:
    """Make ``text[start:end]`` (a space run, maybe empty) the right space."""
    new = _space(text[start:end], right, style)
    if new is not None:
        edits.append((start, end, new))


_SPACES_STRING = "".join(sorted(SPACE_CHARS))


def space_run_before(text: str, position: int) -> int:
    """Start of the run of spaces that ends at ``position``."""
    start = position
    while start > 0 and text[start - 1] in SPACE_CHARS:
        start -= 1
        if position - start > 16:  # a long run: let C find its start
            return len(text[:position].rstrip(_SPACES_STRING))
    return start


def space_run_after(text: str, position: int) -> int:
    """End of the run of spaces that starts at ``position``."""
    end = position
    length = len(text)
    while end < length and text[end] in SPACE_CHARS:
        end += 1
        if end - position > 16:  # a long run: let the regex engine find its end
            spaces = _SPACE_RUN_RE.match(text, position)
            assert spaces is not None  # a pattern of WS* matches anywhere
            return spaces.end()
    return end


# ---------------------------------------------------------------------------
# Protected spans: not punctuation (typography.md, "What is not punctuation")

_NOT_URL = r"\s<>\"«»" + ATOM + SUP_OPEN + SUP_CLOSE
_URL_TAIL_RE = re.compile(rf"[^{_NOT_URL}]*[^{_NOT_URL}.,;:!?)\]}}'’…]")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_SCHEME_RE = re.compile("://")
_AT_RE = re.compile("@")
_DOMAIN_RE = re.compile(r"[\w-]+(?:\.[\w-]+)+")
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-")
_URI_SCHEMES = ("mailto:", "tel:", "sms:", "callto:", "xmpp:", "geo:", "urn:", "magnet:", "data:")
# Whether any scheme occurs: from each colon, a look-behind per scheme length
# (one literal-first scan, where nine substring searches cost five times more).
_URI_GATE = (
    ":(?:"
    + "|".join(
        "(?<=" + "|".join(s for s in _URI_SCHEMES if len(s) == n) + ")"
        for n in sorted({len(s) for s in _URI_SCHEMES})
    )
    + ")"
)
_URL_TAIL = rf"[^{_NOT_URL}]*[^{_NOT_URL}.,;:!?)\]}}'’…]"
_EMOTICON = (
    r"[:;=](?:(?<![:;=<>\w][:;=])[-'^]?(?:[()\[\]|/\\3*]{1,3}|[DPpOo](?![\w'’]))"
    r"|(?<=\w[:;])[-']?[()])(?![\w])"
)
# (first, gate, patterns): the patterns run only if the gate (a cheap
# literal-first search) finds something, and the gate only if its first
# character occurs (a one-character search is ten times cheaper still).
_PROTECT_PATTERNS: tuple[tuple[str, re.Pattern[str], tuple[re.Pattern[str], ...]], ...] = tuple(
    (first, re.compile(gate), tuple(re.compile(p) for p in patterns))
    for first, gate, patterns in (
        # Bare www. addresses (addresses with a scheme are found from "://").
        ("w", r"www\.", (rf"www\.(?<![\w@./-]www\.){_URL_TAIL}",)),
        # @mentions (e-mail addresses are found from their "@").
        ("@", "@", (r"@(?<![\w@.]@)\w+",)),
        # #hashtags and hex colours (#1e90ff).
        ("#", "#", (r"\#(?<![\w&\#]\#)\w+",)),
        # A colon with no space after it is no prose colon: URIs (mailto:,
        # tel:), C++ scopes (std::vector), IPv6 (2001:db8::1); times and
        # emoticons are found by _time_spans and _emoticon_spans.
        (
            ":",
            _URI_GATE,
            (
                r"(?<![\w.-])(?:" + "|".join(s[:-1] for s in _URI_SCHEMES) + r"):(?=[^\s])"
                rf"(?:{_URL_TAIL})?",
            ),
        ),
        (":", "::", (r"(?<![\w:])\w*::[\w:]*",)),
        (
            ":",
            r":[0-9a-fA-F]{0,4}:",
            (
                r"[0-9a-fA-F:](?<![\w:][0-9a-fA-F:])[0-9a-fA-F]{0,3}"
                r"(?::[0-9a-fA-F]{0,4}){2,7}(?<![0-9a-fA-F]:)(?![\w:])",
            ),
        ),
        # Unix and Windows paths: /usr/bin/python, ~/docs, C:\Users.
        ("/", "/", (r"/(?<![\w/.:]/)[\w.~-]+(?:/[\w.~-]*)+",)),
        ("\\", r"\\", (r"(?<![\w])[A-Za-z]:\\[\w\\.-]*",)),
        # Phone numbers: +33 1 23 45 67 89, 01 23 45 67 89.
        ("+", r"\+[0-9]", (r"\+(?<![\w+]\+)[0-9][0-9 \u00a0.()-]{5,}[0-9](?![0-9])",)),
        ("0", r"0[1-9]", (r"0(?<![\w+]0)[1-9](?:[ \u00a0.-]?[0-9][0-9]){4}(?![0-9])",)),
    )
)


def _anchored_matches(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match]:
    """The matches ``pattern.finditer(text)`` gives, for a pattern whose every
    match begins at one of ``starts``: it is tried there only.

    For patterns opening with a character class, which the regex engine
    scans for one character at a time (slow), while ``starts`` come from
    literal-first searches (fast).

    >>> [m.group() for m in _anchored_matches(re.compile("[ab]+"), "xaabxb", [1, 2, 5])]
    ['aab', 'b']
    """
    matches: list[re.Match] = []
    end = 0
    for start in sorted(set(starts)):
        if start >= end:
            match = pattern.match(text, start)
            if match:
                matches.append(match)
                end = match.end()
    return matches


# Times and scores: 12:30, 03:03:12, 3:2. A match opens a run of digits
# that a colon and a digit end.
_TIME_RE = re.compile(r"[0-9](?<![\w:.,][0-9])[0-9]*(?::[0-9]+)+(?![\w]|:[0-9]|[.,][0-9])")
_TIME_GATE_RE = re.compile(":[0-9]")


def _time_spans(text: str) -> Spans:
    starts = []
    for colon in _TIME_GATE_RE.finditer(text):
        start = colon.start()
        while start > 0 and "0" <= text[start - 1] <= "9":
            start -= 1
        starts.append(start)
    return [match.span() for match in _anchored_matches(_TIME_RE, text, starts)]


# Emoticons, winks and other faces: :) :-D :p ;-) ;) =). A match opens with
# one of the gates' first characters, where that gate matches.
_EMOTICON_RE = re.compile(_EMOTICON)
_EMOTICON_GATES = tuple((mark, re.compile(mark + r"[-'^]?[()\[\]|/\\3*DPpOo]")) for mark in ":;=")


def _emoticon_spans(text: str) -> Spans:
    starts = [
        match.start()
        for mark, gate in _EMOTICON_GATES
        if mark in text
        for match in gate.finditer(text)
    ]
    return [match.span() for match in _anchored_matches(_EMOTICON_RE, text, starts)]


def protected_spans(text: str) -> Spans:
    """Spans of ``text`` that are not prose: URLs, e-mails, times, emoticons...

    >>> t = "Voir https://a.fr/?q=1 ; à 12:30 :)"
    >>> [t[a:b] for a, b in protected_spans(t)]
    ['https://a.fr/?q=1', '12:30', ':)']
    """
    spans: list[tuple[int, int]] = []
    if "://" in text:
        for match in _SCHEME_RE.finditer(text):
            start = match.start()
            while start > 0 and match.start() - start < 20 and text[start - 1] in _SCHEME_CHARS:
                start -= 1
            if start == match.start() or not text[start].isascii() or not text[start].isalpha():
                continue
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "@_"):
                continue
            tail = _URL_TAIL_RE.match(text, match.end())
            spans.append((start, tail.end() if tail else match.end()))
    if "@" in text:
        for match in _AT_RE.finditer(text):
            start = at = match.start()
            while start > 0 and at - start < 64 and text[start - 1] in _LOCAL_CHARS:
                start -= 1
            domain = _DOMAIN_RE.match(text, at + 1)
            if start < at and domain:
                spans.append((start, domain.end()))
    for first, gate, patterns in _PROTECT_PATTERNS:
        if first in text and gate.search(text):
            for pattern in patterns:
                spans.extend(m.span() for m in pattern.finditer(text))
    spans.extend(_time_spans(text))
    spans.extend(_emoticon_spans(text))
    spans.sort()
    return spans


# ---------------------------------------------------------------------------
# Ellipses

_ETC_RE = re.compile(r"([Ee]tc)(?<!\w[Ee]tc)(?:\.{3}(?!\.)|\.?…)")


def find_etc_ellipsis(text: str, style: Style) -> Edits:
    """``etc...`` and ``etc…`` become ``etc.``: *et cetera* already says "and so on".

    ``pommes, poires, etc...`` → ``pommes, poires, etc.``
    """
    return [(m.start(), m.end(), m.group(1) + ".") for m in _ETC_RE.finditer(text)]


_ELLIPSIS_RE = re.compile(r"\.(?<!\.\.)\.\.(?!\.)")


def find_ellipsis(text: str, style: Style) -> Edits:
    """Three dots become one ``…`` (U+2026); ``..`` and ``....`` are left alone.

    ``Mais... non`` → ``Mais… non``
    """
    return [(m.start(), m.end(), ELLIPSIS) for m in _ELLIPSIS_RE.finditer(text)]


# ---------------------------------------------------------------------------
# Apostrophes

_APOSTROPHE_RE = re.compile(rf"'(?<=[^\W\d_]'|[\u0300-\u036f]')(?={_LETTER}|{ATOM})")
_TURNED_RE = re.compile(rf"‘(?<=[^\W\d_]‘|[\u0300-\u036f]‘)(?={_LETTER}|{ATOM})")


def find_apostrophe(text: str, style: Style) -> Edits:
    """A straight (or opening curly) quote between letters is an apostrophe: ``’``.

    ``l'Armée`` → ``l’Armée``; ``qu'<em>il</em>`` → ``qu’<em>il</em>``.
    """
    edits = [(m.start(), m.end(), "’") for m in _APOSTROPHE_RE.finditer(text)]
    if "‘" in text:
        edits.extend((m.start(), m.end(), "’") for m in _TURNED_RE.finditer(text))
        edits.sort()
    return edits


# ---------------------------------------------------------------------------
# Quotes

_QUOTE_CHARS = '"“”«»' + BLOCK_END
# Two straight quotes side by side are no quotation (see _straight_role):
# a run of them is skipped whole.
_STRAIGHT_RUN_RE = re.compile('"+|[“”«»' + BLOCK_END + "]")


def _positions(text: str, chars: str, run: re.Pattern[str] | None = None) -> list[int]:
    """Sorted positions of any of ``chars`` (each found by a fast literal scan).

    With ``run``, a pattern matching a run of such characters, only the first
    position of each run is kept (so a megabyte of "!" is one position).
    """
    found: list[int] = []
    for char in chars:
        index = text.find(char)
        while index >= 0:
            found.append(index)
            # Only a run goes past this character: skip the match otherwise.
            if run is not None and text[index + 1 : index + 2] in chars:
                whole = run.match(text, index)
                assert whole is not None  # text[index] starts a run of chars
                index = whole.end() - 1
            index = text.find(char, index + 1)
    found.sort()
    return found


_OPEN_CONTEXT = SPACE_CHARS | frozenset("([{«“‘-–—/")
_CLOSE_CONTEXT = SPACE_CHARS | frozenset(".,;:!?…)]}»”’'-–—/" + SUP_OPEN)


@dataclass(slots=True)
class _Open:
    position: int
    char: str
    parent: _Open | None
    partner: int = -1  # position of the matching closer, -1 while unmatched


def _straight_role(before: str, after: str, pending: bool) -> str:
    """Whether a straight ``"`` opens, closes, or is left alone."""
    if before == '"' or after == '"':
        return "none"  # a run of quotes is no quotation
    opening_side = before in _OPEN_CONTEXT  # start, space, bracket, dash, «
    closing_side = after in _CLOSE_CONTEXT  # end, space, punctuation, closer
    if opening_side and closing_side:
        # Spaces on both sides: " mot " written the French way.
        if pending:
            return "close"
        return "open" if after in SPACE_CHARS else "none"
    if opening_side:
        return "open"
    if closing_side:
        # After a digit with nothing to close, it is an inch mark: 27".
        return "close" if pending or not before.isdigit() else "none"
    return "none"


_NO_BREAK = frozenset((NBSP, NNBSP))
_CLOSING_MARKS = _CLOSE_CONTEXT - SPACE_CHARS


def _after_quote(text: str, index: int) -> str:
    """The character that decides a quote's role, looking past the no-break
    spaces our own rules put before ``»`` and ``! ? ;``: ``"»`` and ``"\u00a0»``
    must read alike, or a second run would pair quotes the first one left."""
    end = index
    while end < len(text) and text[end] in _NO_BREAK:
        end += 1
    if end > index and end < len(text) and text[end] in _CLOSING_MARKS:
        return text[end]
    return text[index] if index < len(text) else " "


def pair_quotes(text: str) -> list[_Open]:
    """Pair the double quotes of one block on one stack (typography.md, "Quotes").

    A straight ``"`` opens after the start, a space, an opening bracket, a
    dash or ``«``, and closes before a space, punctuation or the end; with
    spaces on both sides (``" mot "``) it closes a pending quote, else opens
    one. After a digit it is an inch mark (``27"``) unless a quote is
    pending. ``“`` opens, ``”`` closes (smartypants' spaced ``” mot ”``
    too), and both pair with ``"``; ``«`` pairs with ``»``, dropping quotes
    left open inside. Unmatched quotes stay unmatched.
    """
    openers: list[_Open] = []
    stack: list[_Open] = []
    for position in _positions(text, _QUOTE_CHARS, _STRAIGHT_RUN_RE):
        char = text[position]
        if char == BLOCK_END:
            stack.clear()
            continue
        top = stack[-1] if stack else None
        if char == "«":
            opener = _Open(position, char, top)
            stack.append(opener)
            openers.append(opener)
            continue
        if char == "»":
            for index in range(len(stack) - 1, -1, -1):
                if stack[index].char == "«":
                    stack[index].partner = position
                    del stack[index:]
                    break
            continue
        before = text[position - 1] if position else " "
        after = _after_quote(text, position + 1)
        pending = top is not None and top.char != "«"
        if char == "“":
            role = "open"
        elif char == "”":
            spaced = before in _OPEN_CONTEXT and after in SPACE_CHARS
            role = "open" if spaced and not pending else "close"
        else:
            role = _straight_role(before, after, pending)
        if role == "open":
            opener = _Open(position, char, top)
            stack.append(opener)
            openers.append(opener)
        elif role == "close" and pending:
            stack.pop().partner = position
    return openers


def _depth(opener: _Open) -> int:
    """Quotation level: enclosing matched pairs, and enclosing « even if unclosed here."""
    depth = 1
    node = opener.parent
    while node is not None:
        if node.partner >= 0 or node.char == "«":
            depth += 1
        node = node.parent
    return depth


def find_quotes(text: str, style: Style) -> Edits:
    """Paired double quotes become « » at level one, “ ” inside (no inner spaces).

    ``"Bonjour"`` → ``«\u00a0Bonjour\u00a0»``; ``«Il dit "oui"»`` → ``«Il dit “oui”»``;
    typogrify's top-level ``“…”`` → ``« … »``. Unmatched quotes stay as written.
    """
    edits: Edits = []
    for opener in pair_quotes(text):
        if opener.partner < 0 or opener.char == "«":
            continue
        start, close = opener.position, opener.partner
        inner_start = space_run_after(text, start + 1)
        inner_end = space_run_before(text, close)
        if inner_start >= close:  # nothing but spaces inside
            continue
        if _depth(opener) == 1:
            if inner_start > start + 1:
                edits.append((start, start + 1, "«"))
                _space_edit(text, start + 1, inner_start, style.guillemet, style, edits)
            else:
                edits.append((start, start + 1, "«" + style.guillemet))
            if inner_end < close:
                _space_edit(text, inner_end, close, style.guillemet, style, edits)
                edits.append((close, close + 1, "»"))
            else:
                edits.append((close, close + 1, style.guillemet + "»"))
        else:
            if text[start] != "“" or inner_start > start + 1:
                edits.append((start, inner_start, "“"))
            if text[close] != "”" or inner_end < close:
                edits.append((inner_end, close + 1, "”"))
    edits.sort()
    return edits


_GUILLEMET_OPEN_RE = re.compile(rf"«({WS}*)(?=[^{_WS}»])")
_GUILLEMET_CLOSE_RE = re.compile("»")


def find_guillemet_space(text: str, style: Style) -> Edits:
    """A no-break space after ``«`` and before ``»`` (U+00A0, or U+202F if ``narrow``).

    ``«Bonjour»`` → ``«\u00a0Bonjour\u00a0»``; an existing U+00A0 or U+202F is kept.
    """
    edits: Edits = []
    for match in _GUILLEMET_OPEN_RE.finditer(text):
        start, end = match.span(1)
        if start == end:
            # Written with the guillemet, so the space stays outside an inline element.
            edits.append((start - 1, start, "«" + style.guillemet))
        else:
            _space_edit(text, start, end, style.guillemet, style, edits)
    for match in _GUILLEMET_CLOSE_RE.finditer(text):
        end = match.start()
        start = space_run_before(text, end)
        if start == 0 or text[start - 1] == "«":
            continue
        _space_edit(text, start, end, style.guillemet, style, edits)
    edits.sort()
    return edits


# ---------------------------------------------------------------------------
# Dashes

_DIALOGUE_RE = re.compile(rf"[ \t]*(-{{1,2}}|—|–)({HS}*)(?={_LETTER}|[«\"“{ATOM}])")
# Where a line opens with a dash: a literal-first search for the line breaks
# worth a look, instead of trying the pattern after every one.
_DASH_LINE_RE = re.compile("\n(?=[ \t]*[-—–])")


def find_dialogue_dash(text: str, style: Style) -> Edits:
    """A dash opening a paragraph (or a line) is a dialogue dash: ``—`` and U+00A0.

    ``- Bonjour, dit-il.`` → ``—\u00a0Bonjour, dit-il.``; ``-5 °C`` stays.
    """
    edits: Edits = []
    for position in (0, *(line.end() for line in _DASH_LINE_RE.finditer(text))):
        match = _DIALOGUE_RE.match(text, position)
        if match is None:
            continue
        dash, space = match.group(1), match.group(2)
        if dash.startswith("-") and not space:
            continue  # "-Bonjour" is no dialogue
        start, end = match.span(1)
        if dash.startswith("-"):
            edits.append((start, end, EM_DASH))
        _space_edit(text, end, match.end(2), style.nbsp, style, edits)
    return edits


_INCISE_RE = re.compile(
    rf"-(?<=[{_WORDISH}…][ \u00a0]-)-?(?!-)(?=[ \u00a0](?:{_LETTER}|[«\"“({ATOM}]))"
)


def find_incise_dash(text: str, style: Style) -> Edits:
    """A hyphen between spaces in a sentence is an incise dash: `` – `` (or `` — ``).

    ``Le maire - élu en 2020 - a dit`` → ``Le maire – élu en 2020 – a dit``;
    ranges (``1914-1918``), compounds (``peut-être``) and ``2 - 1`` keep theirs.
    """
    return [(m.start(), m.end(), style.incise) for m in _INCISE_RE.finditer(text)]


# ---------------------------------------------------------------------------
# Numero, ordinals, titles of address

_NUMERO_RE = re.compile(
    rf"[nN](?<![\w{ATOM}][nN])(?:([°º])(s?)|{SUP_OPEN}os?{SUP_CLOSE})({HS}*)(?=\d)"
)


def find_numero(text: str, style: Style) -> Edits:
    """``n°`` before a number becomes ``n<sup>o</sup>`` and a no-break space.

    ``n° 5`` → ``n<sup>o</sup>\u00a05``; ``N°12`` → ``N<sup>o</sup>\u00a012``.
    With ``ordinals: plain`` the ``°`` stays and only the space is fixed.
    """
    edits: Edits = []
    for match in _NUMERO_RE.finditer(text):
        if match.group(1) and style.ordinals_sup:
            edits.append((match.start(1), match.end(2), f"{SUP_OPEN}o{match.group(2)}{SUP_CLOSE}"))
        _space_edit(text, match.start(3), match.end(3), style.nbsp, style, edits)
    return edits


# Digit runs are found in a bytes copy of the text where each digit is "1"
# and every other character "0": encoding to Latin-1 with "replace" keeps one
# byte per character ("?" for the others), so positions carry over, and the
# literal-first pattern 11* lets the regex engine jump from digit to digit,
# where [0-9]+ on the text tests every character against a class (about
# three times slower, and this scan runs again after each number rule that
# edits).
_DIGITS_AS_ONES = bytes(49 if 48 <= byte <= 57 else 48 for byte in range(256))
_ONES_RE = re.compile(b"11*")


@functools.lru_cache(maxsize=1)
def number_tokens(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the runs of ASCII digits in ``text`` (shared by the number rules).

    The number rules read these instead of scanning the text for digits
    themselves: the spans stay cached until a rule edits the text.

    >>> number_tokens("« 12 » – 3\u202f000 🙂 4")
    ((2, 4), (9, 10), (11, 14), (17, 18))
    """
    digits = text.encode("latin-1", "replace").translate(_DIGITS_AS_ONES)
    return tuple([match.span() for match in _ONES_RE.finditer(digits)])


_ORDINAL_SUFFIXES = {
    "er": "er",
    "ers": "ers",
    "re": "re",
    "res": "res",
    "ère": "re",
    "ères": "res",
    "ere": "re",
    "eres": "res",
    "e": "e",
    "es": "es",
    "è": "e",
    "ème": "e",
    "èmes": "es",
    "ième": "e",
    "ièmes": "es",
    "eme": "e",
    "emes": "es",
    "nd": "d",
    "nds": "ds",
    "nde": "de",
    "ndes": "des",
    "d": "d",
    "de": "de",
    "ds": "ds",
    "des": "des",
}
_FIRST_ONLY = frozenset("er ers re res ère ères ere eres".split())
_SECOND_ONLY = frozenset("nd nds nde ndes d de ds des".split())
_SUFFIX_ALT = "|".join(sorted(_ORDINAL_SUFFIXES, key=len, reverse=True))
_ORDINAL_END = rf"({_SUFFIX_ALT})(?![\w'’{SUP_CLOSE}])"
_ORDINAL_SUFFIX_RE = re.compile(_ORDINAL_END)
_NOT_BEFORE_ORDINAL = frozenset(".,:" + ATOM)
_ROMAN_ORDINAL_RE = re.compile(rf"[IVXLCDM](?<![\w.,{ATOM}][IVXLCDM])[IVXLCDM]*{_ORDINAL_END}")
_ROMAN_RE = re.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")


def _roman_ordinal(numeral: str, suffix: str) -> bool:
    """Roman numerals that are ordinals, not the words ``Le De Ce Me Di``.

    Only ``I``, ``V``, ``X`` alone, or two or more letters making a valid
    numeral; ``er``/``ère`` only after ``I`` (``François Ier``).
    """
    if suffix in _SECOND_ONLY:
        return False
    if suffix in _FIRST_ONLY:
        return numeral == "I" and suffix in {"er", "ère"}
    if len(numeral) == 1:
        return numeral in "IVX"
    return _ROMAN_RE.fullmatch(numeral) is not None


def _arabic_ordinal(digits: str, suffix: str) -> bool:
    """``er``/``re`` only after 1, ``d``/``nd`` only after 2; ``1e``, ``0e``, ``05e`` are none."""
    if digits.startswith("0"):
        return False
    if suffix in _FIRST_ONLY:
        return digits == "1"
    if suffix in _SECOND_ONLY:
        return digits == "2"
    return digits != "1"


def find_ordinal(text: str, style: Style) -> Edits:
    """Ordinals get their suffix in superscript, spelt the short way.

    ``1er`` → ``1<sup>er</sup>``, ``1ère`` → ``1<sup>re</sup>``, ``2ème`` →
    ``2<sup>e</sup>``, ``2nde`` → ``2<sup>de</sup>``, ``XIe`` → ``XI<sup>e</sup>``,
    ``François Ier`` → ``I<sup>er</sup>``. With ``ordinals: plain``, only the
    spelling is fixed (``2ème`` → ``2e``). ``Le``, ``De``, ``Ce`` stay words.
    """
    found: list[tuple[int, int, str, str]] = []
    length = len(text)
    for start, end in number_tokens(text):
        if end == length or text[end] not in "eèrnid":
            continue
        if start and (text[start - 1] in _NOT_BEFORE_ORDINAL or text[start - 1].isalnum()):
            continue
        match = _ORDINAL_SUFFIX_RE.match(text, end)
        if match and _arabic_ordinal(text[start:end], match.group(1)):
            found.append((end, match.end(1), match.group(1), ""))
    for match in _ROMAN_ORDINAL_RE.finditer(text):
        if _roman_ordinal(text[match.start() : match.start(1)], match.group(1)):
            found.append((match.start(1), match.end(1), match.group(1), ""))
    found.sort()
    edits: Edits = []
    for start, end, suffix, _ in found:
        short = _ORDINAL_SUFFIXES[suffix]
        if style.ordinals_sup:
            edits.append((start, end, f"{SUP_OPEN}{short}{SUP_CLOSE}"))
        elif short != suffix:
            edits.append((start, end, short))
    return edits


_TITLE_RE = re.compile(
    rf"[MDP](?<![\w.{ATOM}][MDP])"
    rf"(?:(?<=M)(?:M?\.|mes?|lles?|gr|{SUP_OPEN}(?:mes?|lles?|gr){SUP_CLOSE})|(?<=[DP])rs?\.?)"
    rf"({HS}+)(?=[^\W\d_]|{ATOM})"
)
# Where a title can begin: M followed by what the M branch reads, Dr, Pr.
_TITLE_STARTS = tuple(re.compile(p) for p in (f"M[.Mmlg{SUP_OPEN}]", "Dr", "Pr"))


def find_title_space(text: str, style: Style) -> Edits:
    """A no-break space ties a title of address to the capitalised name after it.

    ``M. Dupont`` → ``M.\u00a0Dupont``; also ``MM.``, ``Mme``, ``Mlle``, ``Dr``,
    ``Pr``, ``Mgr`` (not ``Me``: it is also a word). ``Mme la ministre`` is left alone.
    """
    edits: Edits = []
    starts = [start.start() for gate in _TITLE_STARTS for start in gate.finditer(text)]
    for match in _anchored_matches(_TITLE_RE, text, starts):
        end = match.end(1)
        if text[end] != ATOM and not text[end].isupper():
            continue
        _space_edit(text, match.start(1), end, style.nbsp, style, edits)
    return edits


# ---------------------------------------------------------------------------
# Numbers and units

UNITS: tuple[str, ...] = tuple(
    sorted(
        """% ‰ € $ £ ¥ °C °F km/h km² km³ km m² m³ m2 m3 m cm mm µm nm kg g mg µg t
        l L ml mL cl cL dl hl kWh MWh GWh TWh Wh kW MW GW kV mA ha h min s ms
        Ko Mo Go To kB MB GB TB Mbit/s Gbit/s Mo/s Go/s kHz MHz GHz Hz dB
        M€ Md€ Mds€ k€ M$ Md$ CHF USD EUR GBP
        euros euro dollars dollar francs franc yens yen yuans yuan roubles rouble
        dinars dinar dirhams dirham roupies roupie centimes centime""".split(),
        key=len,
        reverse=True,
    )
)
_UNIT_AHEAD = "(?:" + "|".join(re.escape(u) for u in UNITS) + r")(?![\w'’])"
_GROUP_SEPARATORS = " \u00a0\u202f\u2007\u2008\u2009\u200a"

_GROUPS_RE = re.compile(rf"(?:[{_GROUP_SEPARATORS}][0-9]{{3}})+(?![0-9{ATOM}])")
_NOT_BEFORE_NUMBER = frozenset("0123456789.," + ATOM)


def _ends_score(text: str, start: int) -> bool:
    """Whether the number at ``start`` ends a time or a score (``11:2``, ``12:30``).

    The grouping and unit rules leave such a number alone, like the ordinal
    and hour rules: spaced (``11:2L`` → ``11:2 L``) or grouped, it would
    read as a score the next time the masks are made, so a second run would
    mask what the first one did not, and read the text around it otherwise.
    """
    return start > 1 and text[start - 1] == ":" and "0" <= text[start - 2] <= "9"


def find_thousands(text: str, style: Style) -> Edits:
    """Numbers already written in groups of three get U+202F between the groups.

    ``10 000`` (ordinary or thin space) → ``10\u202f000``; ``10.000`` and
    ``2023`` stay as written.
    """
    edits: Edits = []
    skip_to = 0
    last = len(text) - 1
    for start, end in number_tokens(text):
        if start < skip_to or end - start > 3:
            continue
        if start and text[start - 1] in _NOT_BEFORE_NUMBER:
            continue
        # A group opens with a separator and a digit; most numbers have neither.
        if end >= last or text[end] not in _GROUP_SEPARATORS or not "0" <= text[end + 1] <= "9":
            continue
        match = _GROUPS_RE.match(text, end)
        if match is None:
            continue
        skip_to = match.end()
        # One edit per number (a hostile megabyte of groups stays one edit).
        groups = match.group()
        fixed = "".join(
            (sep if sep in style.keep else style.narrow) + groups[i + 1 : i + 4]
            for i, sep in zip(range(0, len(groups), 4), groups[::4], strict=True)
        )
        if fixed != groups:
            edits.append((end, skip_to, fixed))
    return edits


_UNIT_AFTER_RE = re.compile(rf"({HS}*){_UNIT_AHEAD}")


def find_long_number(text: str, style: Style) -> Edits:
    """A bare integer of five digits or more before a unit or currency is grouped.

    ``15000 euros`` → ``15\u202f000 euros`` (the unit rule adds its own space);
    postcodes (``75001``), years, phone numbers and decimals stay as written.
    """
    edits: Edits = []
    length = len(text)
    for start, end in number_tokens(text):
        if end - start < 5:
            continue
        if start and (text[start - 1] in _NOT_BEFORE_NUMBER or text[start - 1].isalpha()):
            continue
        if _ends_score(text, start):
            continue
        if start > 1 and text[start - 1] in _GROUP_SEPARATORS and "0" <= text[start - 2] <= "9":
            # "30 303020000": one number badly grouped, or two numbers. Grouped, its
            # tail would read as the thousands of "30" on the next run: left alone.
            continue
        if end + 1 < length and text[end] in ".," and "0" <= text[end + 1] <= "9":
            continue  # a decimal
        if _UNIT_AFTER_RE.match(text, end) is None:
            continue
        digits = text[start:end]
        head = len(digits) % 3 or 3
        groups = [digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))]
        edits.append((start, end, style.narrow.join(groups)))
    return edits


_HOURS_RE = re.compile(rf"h(?:(?<=[0-9]h)|(?<=[0-9]{HS}h))({HS}?)([0-9][0-9])(?![\w{ATOM}])")
_NOT_BEFORE_HOUR = frozenset(".,:" + ATOM)


def find_time_hours(text: str, style: Style) -> Edits:
    """Times written with ``h`` get no-break spaces: ``14h30`` → ``14\u00a0h\u00a030``."""
    edits: Edits = []
    for match in _HOURS_RE.finditer(text):
        h = match.start()
        before = h - 1 if text[h - 1] in SPACE_CHARS else h
        start = before
        while start > 0 and before - start < 3 and "0" <= text[start - 1] <= "9":
            start -= 1
        if before - start > 2:
            continue
        if start > 0 and (text[start - 1] in _NOT_BEFORE_HOUR or text[start - 1].isalnum()):
            continue
        if int(text[start:before]) > 24 or int(match.group(2)) > 59:
            continue
        _space_edit(text, before, h, style.nbsp, style, edits)
        _space_edit(text, match.start(1), match.end(1), style.nbsp, style, edits)
    return edits


_NUMBER_CHARS = frozenset("0123456789.,\u202f\u00a0")
_UNIT_STARTS = frozenset(u[0] for u in UNITS)


def find_unit_space(text: str, style: Style) -> Edits:
    """A number and its unit, percent sign or currency are tied by U+00A0.

    ``12%`` → ``12\u00a0%``; ``20°C`` → ``20\u00a0°C``; ``5 km`` →
    ``5\u00a0km``; ``30 euros`` → ``30\u00a0euros``. The units form a closed list.
    """
    edits: Edits = []
    length = len(text)
    for start, end in number_tokens(text):
        if end == length:
            continue
        after = text[end]
        if after in SPACE_CHARS and end + 1 < length:
            after = text[end + 1]
        if after not in _UNIT_STARTS:
            continue
        match = _UNIT_AFTER_RE.match(text, end)
        if match is None:
            continue
        if _ends_score(text, start):
            continue
        # The number must stand alone: "A4 m" or "COP28 h" is no quantity.
        index = start
        while index > 0 and start - index < 64 and text[index - 1] in _NUMBER_CHARS:
            index -= 1
        if index > 0 and (text[index - 1].isalpha() or text[index - 1] in "_" + ATOM):
            continue
        _space_edit(text, match.start(1), match.end(1), style.nbsp, style, edits)
    return edits


# ---------------------------------------------------------------------------
# Spaces before high punctuation

_COLON_RE = re.compile(rf":(?=[{_WS}]|$)")
_MARKS = "!?;‽⁇⁈⁉"
_MARK_RUN_RE = re.compile("[!?;‽⁇⁈⁉]+")
_CLUSTER = frozenset("!?‽⁇⁈⁉")
_MARK_FOLLOWERS = SPACE_CHARS | frozenset(")]}»”’\"'.,:;!?…" + SUP_OPEN)
_SPACED_AFTER = frozenset("….")


def _mark_space(text: str, position: int, right: str | None, style: Style) -> Edits:
    """The edit giving the mark at ``position`` its space (``right`` None: no space)."""
    start = space_run_before(text, position)
    if start == 0:
        return []  # nothing before the mark but spaces: no word to tie it to
    previous = text[start - 1]
    if start == position:
        if right is None or not _WORDISH_RE.match(previous):
            return []
        return [(start, start, right)]
    if previous not in _SPACED_AFTER and not _WORDISH_RE.match(previous):
        return []  # "( !", ": ;" — the mark follows no word
    if right is None:
        # Canadian French: no space, but a breakable one must go.
        spaces = text[start:position]
        if len(spaces) == 1 and spaces in style.keep:
            return []
        return [(start, position, "")]
    new = _space(text[start:position], right, style)
    return [] if new is None else [(start, position, new)]


def find_colon_space(text: str, style: Style) -> Edits:
    """A no-break space (U+00A0) before a colon that is prose punctuation.

    ``Il a dit: oui`` → ``Il a dit\u00a0: oui``; ``12:30``, ``https://``,
    ``std::vector`` and ``:)`` are no prose colons.
    """
    edits: Edits = []
    for match in _COLON_RE.finditer(text):
        edits.extend(_mark_space(text, match.start(), style.nbsp, style))
    return edits


def find_punctuation_space(text: str, style: Style) -> Edits:
    """A narrow no-break space (U+202F) before ``; ! ?``, one per cluster (``?!``).

    ``Vraiment?!`` → ``Vraiment\u202f?!``; ``(?)`` and ``index.php?id=3`` stay;
    ``locale: fr-CA`` writes no space (and removes a breakable one).
    """
    edits: Edits = []
    length = len(text)
    right = None if style.canadian else style.narrow
    for start in _positions(text, _MARKS, _MARK_RUN_RE):
        if start and text[start - 1] in _MARKS:
            continue  # inside a cluster: "?!" gets one space, before "?"
        end = start + 1
        if text[start] != ";":
            while end < length and text[end] in _CLUSTER:
                end += 1
        if end < length and text[end] not in _MARK_FOLLOWERS:
            continue
        edits.extend(_mark_space(text, start, right, style))
    return edits


# ---------------------------------------------------------------------------
# The table: the order in which the rules run.

_DIGITS = tuple("0123456789")

RULES: tuple[Rule, ...] = (
    Rule(
        "etc_ellipsis",
        "etc... / etc…",
        "etc.",
        "'et cetera' already means 'and so on'; it takes one full stop.",
        find_etc_ellipsis,
        ("etc", "Etc"),
    ),
    Rule(
        "ellipsis",
        "... (exactly three dots)",
        "… (U+2026)",
        "One character, so the dots never split across lines.",
        find_ellipsis,
        ("...",),
    ),
    Rule(
        "apostrophe",
        "' between letters",
        "’ (U+2019)",
        "The typographic apostrophe; the straight one is a typewriter stand-in.",
        find_apostrophe,
        ("'", "‘"),
    ),
    Rule(
        "quotes",
        'paired "…", &quot;…&quot;, top-level “…”',
        "« … » with no-break spaces; “…” inside « »",
        "French quotation marks are guillemets; the second level uses English quotes.",
        find_quotes,
        ('"', "“", "”"),
    ),
    Rule(
        "guillemet_space",
        "« and » without a no-break space inside",
        "«\u00a0…\u00a0» (U+00A0, or U+202F with guillemet_space: narrow)",
        "Guillemets are spaced, and must never end up alone on a line.",
        find_guillemet_space,
        ("«", "»"),
    ),
    Rule(
        "dialogue_dash",
        "- or -- (or — without its space) opening a paragraph",
        "— and U+00A0",
        "A dialogue line opens with an em dash tied to the first word.",
        find_dialogue_dash,
        ("-", "—", "–"),
    ),
    Rule(
        "incise_dash",
        "word - word (a hyphen between spaces)",
        "word – word (U+2013, or U+2014 with incise_dash: em)",
        "An incise is set off by dashes; the hyphen joins words.",
        find_incise_dash,
        ("-",),
    ),
    Rule(
        "numero",
        "n° / N° before a number",
        "n<sup>o</sup> and U+00A0",
        "The abbreviation of numéro is n with a superior o, tied to its number.",
        find_numero,
        ("°", "º", SUP_OPEN),
    ),
    Rule(
        "ordinal",
        "1er 1re 1ère 2e 2ème 2ième 2nd(e) XIe XIXe Ier",
        "1<sup>er</sup> 1<sup>re</sup> 2<sup>e</sup> 2<sup>d</sup> XI<sup>e</sup> (or plain)",
        "French ordinal abbreviations are er, re, e, d, de, in superscript.",
        find_ordinal,
        (*_DIGITS, "I", "V", "X", "L", "C", "D", "M"),
    ),
    Rule(
        "title_space",
        "M. / MM. / Mme / Mlle / Dr / Pr / Mgr + space + capitalised name",
        "U+00A0 after the title",
        "A title of address never ends a line away from its name.",
        find_title_space,
    ),
    Rule(
        "thousands",
        "a number already in groups of three (10 000)",
        "U+202F between the groups",
        "Digit groups must not split across lines; the narrow space is the French separator.",
        find_thousands,
        _DIGITS,
    ),
    Rule(
        "long_number",
        "a bare integer of 5+ digits before a unit or currency",
        "U+202F every three digits",
        "Large quantities are grouped by three; codes, years and phones are not quantities.",
        find_long_number,
        _DIGITS,
    ),
    Rule(
        "time_hours",
        "14h30 / 14 h 30",
        "14\u00a0h\u00a030",
        "The hour symbol is spaced and tied to its numbers.",
        find_time_hours,
        ("h",),
    ),
    Rule(
        "unit_space",
        "number + % ‰ € $ £ °C km kg h min… (closed list) or a currency name",
        "U+00A0 between number and unit",
        "A quantity never splits from its unit; French spaces the percent sign.",
        find_unit_space,
        _DIGITS,
    ),
    Rule(
        "colon_space",
        ": that is prose punctuation (followed by a space or the end)",
        "U+00A0 before :",
        "French sets a full no-break space before the colon.",
        find_colon_space,
        (":",),
    ),
    Rule(
        "punctuation_space",
        "; ! ? (and clusters like ?!) after a word, number or closing mark",
        "U+202F before the mark (none with locale: fr-CA)",
        "French sets a narrow no-break space before the high punctuation marks.",
        find_punctuation_space,
        ("!", "?", ";", "‽", "⁇", "⁈", "⁉"),
    ),
)

RULE_NAMES: tuple[str, ...] = tuple(rule.name for rule in RULES)
