"""Properties of the stages and the pipeline over generated French news HTML.

`make test` runs the default profile (200 examples a property); `make fuzz`
runs HYPOTHESIS_PROFILE=long (3,000).
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given

from pelican_newsclean import dedup, typography
from pelican_newsclean.html import Element, Other, parse_fragment
from pelican_newsclean.pipeline import PostText, clean_post
from pelican_newsclean.settings import load_settings

from .strategies import french_post

SETTINGS = load_settings({})
PROTECTED = {"pre", "code", "script", "style"}


def letters_and_digits(html: str) -> str:
    """Every letter and digit of the visible text, in order (markup and references read)."""
    import html as html_lib

    # n° is written n<sup>o</sup>: the same abbreviation, not a new letter.
    html = html.replace("<sup>o</sup>", "°")
    text = html_lib.unescape(re.sub(r"<[^>]*>", "", re.sub(r"<!--.*?-->", "", html, flags=re.S)))
    return "".join(c for c in unicodedata.normalize("NFC", text) if c.isalnum())


def protected_parts(source: str) -> list[str]:
    """Code, pre, script, style and comments as written, and every start tag."""
    root = parse_fragment(source)
    parts = []
    for element in root.iter():
        if element.tag == "#root":
            continue
        parts.append(element.start_tag)
        if element.tag in PROTECTED:
            parts.append(source[element.start : element.end])
    stack: list[Element] = [root]
    while stack:
        node = stack.pop()
        for child in node.children:
            if isinstance(child, Other):
                parts.append(source[child.start : child.end])
            elif isinstance(child, Element):
                stack.append(child)
    return sorted(parts)


def english_blocks(source: str) -> list[str]:
    return re.findall(r'<p lang="en">.*?</p>', source, re.S)


def is_subsequence(small: str, big: str) -> bool:
    iterator = iter(big)
    return all(c in iterator for c in small)


@given(french_post())
# An elided word before a closing quote typed for an opening one: fixed in one run.
@example("<p>la la la la l' ” la &quot; </p>")
# A space between a straight quote and a comma: gone in the run that makes « ».
@example('<p>la " la " , </p>')
def test_typography_never_raises_and_is_idempotent(source):
    once = typography.fix_typography(source, SETTINGS.typography, lang="fr").html
    twice = typography.fix_typography(once, SETTINGS.typography, lang="fr").html
    assert twice == once


@given(french_post())
def test_typography_keeps_every_letter_digit_code_attribute_and_foreign_text(source):
    fixed = typography.fix_typography(source, SETTINGS.typography, lang="fr").html
    assert letters_and_digits(fixed) == letters_and_digits(source)
    assert protected_parts(fixed) == protected_parts(source) or _only_sup_added(source, fixed)
    assert english_blocks(fixed) == english_blocks(source)


def _only_sup_added(source: str, fixed: str) -> bool:
    before, after = protected_parts(source), protected_parts(fixed)
    extra = list(after)
    for part in before:
        if part not in extra:
            return False
        extra.remove(part)
    return all(part == "<sup>" for part in extra)


@given(french_post())
def test_typography_leaves_english_posts_alone(source):
    assert typography.fix_typography(source, SETTINGS.typography, lang="en").html == source


@given(french_post())
def test_dedup_never_raises_is_idempotent_and_only_removes_blocks(source):
    result = dedup.strip_repeated_paragraphs(source, SETTINGS.dedup)
    again = dedup.strip_repeated_paragraphs(result.html, SETTINGS.dedup)
    assert again.html == result.html
    assert not again.changes
    assert is_subsequence(letters_and_digits(result.html), letters_and_digits(source))
    kept = protected_parts(result.html)
    original = protected_parts(source)
    for part in kept:
        assert part in original
    if not result.changes:
        assert result.html == source


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.findall(r"\w+", folded)


@given(french_post())
def test_every_removed_paragraph_repeats_earlier_text(source):
    result = dedup.strip_repeated_paragraphs(source, SETTINGS.dedup)
    for change in result.changes:
        removed = words(change.before.rstrip("…"))
        earlier = set(words(change.detail.get("repeats", "")))
        if change.rule == "repeated-sentence":
            continue  # a sentence repeated inside its own paragraph
        assert removed, change
        shared = sum(1 for w in removed if w in earlier)
        assert shared / len(removed) >= 0.5, change


@given(french_post())
@example('<p>la la la &quot; la " , </p>')
def test_pipeline_is_idempotent(source):
    post = PostText(content=source, title="Titre «essai»!", lang="fr")
    once, _ = clean_post(post, SETTINGS)
    twice, report = clean_post(once, SETTINGS)
    assert (twice.content, twice.title) == (once.content, once.title)
    assert not report.changes
    assert not report.errors
