"""The typography stage's settings, and what the rules are given from them."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..html import DEFAULT_SKIP_TAGS, WalkOptions
from ..language import MIN_WORDS
from ..options import Section, list_of_str, non_negative, option
from .base import EM_DASH, EN_DASH, NBSP, NNBSP, Rule, Style
from .rules import RULE_NAMES, RULES


def _known_rules(value: Any) -> bool:
    return all(isinstance(v, str) and v in RULE_NAMES for v in value)


@dataclass(frozen=True)
class TypographySettings(Section):
    """``NEWSCLEAN["typography"]``: which rules run and which characters they write."""

    enabled: bool = option(
        True,
        "Run the typography stage.",
    )
    language_min_words: int = option(
        MIN_WORDS,
        "A post without lang metadata is fixed only if identified as French (a post "
        "too short to identify takes DEFAULT_LANG), and each of its blocks of at least "
        "this many words only if not identified as another language; 0 trusts "
        "DEFAULT_LANG without identifying anything.",
        check=non_negative,
        accepted="an integer >= 0",
    )
    guillemet_space: str = option(
        "nbsp",
        "Space written inside « guillemets »: U+00A0 ('nbsp') or U+202F ('narrow').",
        choices=("nbsp", "narrow"),
    )
    narrow_nbsp: bool = option(
        True,
        "Write U+202F (narrow no-break space) before ; ! ? and between digit groups; "
        "False writes U+00A0 everywhere instead, for fonts without U+202F.",
    )
    incise_dash: str = option(
        "en",
        "Dash written for an incise ' - ' between words: 'en' (–) or 'em' (—).",
        choices=("en", "em"),
    )
    ordinals: str = option(
        "sup",
        "Ordinals such as 1er, XIe: 'sup' writes 1<sup>er</sup>, 'plain' only fixes "
        "the spelling (2ème → 2e). Titles always use 'plain'.",
        choices=("sup", "plain"),
    )
    skip_tags: tuple[str, ...] = option(
        (),
        "Extra elements whose text is never changed, on top of pre code kbd samp tt "
        "var script style textarea math svg template.",
        check=list_of_str,
        accepted="a list of tag names",
    )
    skip_class: str = option(
        "notypo",
        "Class that switches the typography stage off for an element and its content.",
    )
    locale: str = option(
        "fr",
        "'fr' (France) or 'fr-CA' (Canadian French: no space before ; ! ?).",
        choices=("fr", "fr-CA"),
    )
    disabled_rules: tuple[str, ...] = option(
        (),
        "Names of typography rules to switch off (see the rule table in "
        "pelican_newsclean/typography/rules.py).",
        check=_known_rules,
        accepted="a list of rule names among: " + ", ".join(RULE_NAMES),
    )


OPTIONS = TypographySettings.options()

TYPOGRIFY_ADVICE = """\
Pelican's TYPOGRIFY runs typogrify (English typography) on content, titles and
summaries before this plugin sees them. The typography stage copes with its
output (“…” at the top level becomes « … », &#8217; is already the right
apostrophe, &#8230; the right ellipsis, a widont &nbsp; between the last two
words is kept, <span class="caps"> and <span class="dquo"> are read through),
but for a French site the cleanest setup is to leave quotes, dashes and
ellipses to newsclean:

    TYPOGRIFY = True   # only if you want its <span class="caps"> / "amp" hooks
    TYPOGRIFY_OMIT_FILTERS = ["smartypants", "initial_quotes", "widont"]
    TYPOGRIFY_IGNORE_TAGS = ["pre", "code", "kbd", "samp", "tt", "var",
                             "math", "svg", ".notypo"]
    TYPOGRIFY_DASHES = "oldschool"   # if smartypants stays on: -- is –, --- is —

or simply TYPOGRIFY = False (the default). smartypants writes English quotes
(“ ” and ‘ ’), treats "27"" and French spaced quotes as it would in English,
and turns -- into an em dash; initial_quotes wraps an opening quote in a span
meant for hanging English quotes; widont's last-word &nbsp; is harmless but
redundant. TYPOGRIFY_OMIT_FILTERS needs typogrify 2.1 or later (Pelican 4.9+).
"""


def style_of(settings: TypographySettings, *, plain_ordinals: bool = False) -> Style:
    return _cached_style(
        bool(settings.narrow_nbsp),
        settings.guillemet_space,
        settings.incise_dash,
        settings.ordinals == "sup" and not plain_ordinals,
        settings.locale,
    )


@functools.lru_cache(maxsize=32)
def _cached_style(
    narrow_ok: bool, guillemet_space: str, incise_dash: str, ordinals_sup: bool, locale: str
) -> Style:
    narrow = NNBSP if narrow_ok else NBSP
    return Style(
        nbsp=NBSP,
        narrow=narrow,
        guillemet=NNBSP if guillemet_space == "narrow" and narrow_ok else NBSP,
        keep=frozenset({NBSP, NNBSP}) if narrow_ok else frozenset({NBSP}),
        incise=EM_DASH if incise_dash == "em" else EN_DASH,
        ordinals_sup=ordinals_sup,
        canadian=locale == "fr-CA",
    )


def active_rules(disabled: Sequence[str]) -> tuple[Rule, ...]:
    if not disabled:
        return RULES
    off = frozenset(disabled)
    return tuple(rule for rule in RULES if rule.name not in off)


@functools.lru_cache(maxsize=64)
def walk_options(lang: str, extra_skip: tuple[str, ...], skip_class: str) -> WalkOptions:
    skip = DEFAULT_SKIP_TAGS | frozenset(t.strip().lower() for t in extra_skip if t.strip())
    return WalkOptions(default_lang=lang, skip_tags=skip, skip_class=skip_class)
