"""Protected spans: what is not punctuation (typography.md, "What is not punctuation")."""

from __future__ import annotations

import re

from ..html import ATOM, SUP_CLOSE, SUP_OPEN, tex_delimited
from .base import Spans, anchored_matches

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
_TEX_IN_PARENS, _TEX_IN_BRACKETS, _TEX_IN_DOLLARS = tex_delimited(4000)
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
        # A scope's words may hold accents, decomposed (NFD) too: U+0300-U+036F.
        (":", "::", (r"(?<![\w\u0300-\u036f:])[\w\u0300-\u036f]*::[\w\u0300-\u036f:]*",)),
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
        # A character reference left in the visible text (a source that wrote
        # "&amp;" where HTML wanted "&", a post about HTML): its ";" is code.
        (
            "&",
            r"&[#A-Za-z]",
            (r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});",),
        ),
        # TeX mathematics as MathJax and KaTeX read it in the text.
        ("\\", r"\\[(\[]", (_TEX_IN_PARENS, _TEX_IN_BRACKETS)),
        ("$", r"\$\$", (_TEX_IN_DOLLARS,)),
        # Phone numbers: +33 1 23 45 67 89, 01 23 45 67 89.
        ("+", r"\+[0-9]", (r"\+(?<![\w+]\+)[0-9][0-9 \u00a0.()-]{5,}[0-9](?![0-9])",)),
        ("0", r"0[1-9]", (r"0(?<![\w+]0)[1-9](?:[ \u00a0.-]?[0-9][0-9]){4}(?![0-9])",)),
    )
)


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
    return [match.span() for match in anchored_matches(_TIME_RE, text, starts)]


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
    return [match.span() for match in anchored_matches(_EMOTICON_RE, text, starts)]


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
