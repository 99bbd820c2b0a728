"""Properties of the typography stage over generated French HTML (hypothesis).

Whatever the input: every letter and digit survives in order, code, pre,
scripts, comments and start tags (attributes) stay byte for byte, English
stays untouched, and fixing fixed text changes nothing.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from pelican_newsclean.settings import load_settings
from pelican_newsclean.typography import fix_typography

SETTINGS = load_settings({}).typography

WORDS = (
    "la le l' d' qu' aujourd'hui Lyon ministre coopération a dit selon peut-être "
    "XIe XIXe 1er 2e 1re 10 000 2023 75001 3,14 12% 20°C 5 km 14h30 12:30 3:2 "
    "n° M. Mme Dr etc... ... .. https://ex.fr/a?b=1;c=2 www.ex.fr a@b.fr :) ;-) "
    "#tag #1e90ff std::vector 2001:db8::1 « » \" ' ’ “ ” ! ? ; : , . - – — ( ) [ ] "
    '&amp; &lt; &quot; &#39; &nbsp; &#8239; \u00a0 \u202f \u2009 é œ Ça 🙂 27"'
).split(" ")
SPACES = [" ", " ", " ", "", "\n", "\u00a0"]


@st.composite
def text(draw, max_words=10):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=max_words))
    gaps = draw(st.lists(st.sampled_from(SPACES), min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, gaps, strict=True))


@st.composite
def inline(draw):
    kind = draw(st.sampled_from(["t", "t", "t", "em", "a", "code", "en", "sup", "br"]))
    body = draw(text(max_words=4)).replace("<", "&lt;")
    return {
        "t": body,
        "em": f"<em>{body}</em>",
        "a": f'<a href="https://ex.fr/?q=1&amp;r=\'2\'" title="l\'«x» : !">{body}</a>',
        "code": f'<code>{body} :: "x" l\'a</code>',
        "en": f'<span lang="en">{body}!</span>',
        "sup": f"<sup>{body}</sup>",
        "br": "<br>",
    }[kind]


@st.composite
def fragment(draw):
    blocks = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["p", "p", "li", "h2", "pre", "script", "comment", "en"]))
        body = "".join(draw(st.lists(inline(), min_size=1, max_size=5)))
        blocks.append(
            {
                "p": f"<p>{body}</p>",
                "li": f"<ul><li>{body}</li></ul>",
                "h2": f"<h2 class='t'>{body}</h2>",
                "pre": '<pre><code>if (a &lt; b) { s = "l\'été : !" ; } ...</code></pre>',
                "script": '<script>var s = "« a » ! ?";</script>',
                "comment": "<!-- « note » : ! -->",
                "en": f'<p lang="en">"Hello", it\'s {body}!</p>',
            }[kind]
        )
    return "".join(blocks)


def letters_and_digits(source: str) -> str:
    """Letters and digits of the visible text, in order; n<sup>o</sup> read as n°."""
    source = source.replace("<sup>o</sup>", "°").replace("<sup>os</sup>", "°s")
    visible = html_lib.unescape(
        re.sub(r"<[^>]*>", "", re.sub(r"<!--.*?-->", "", source, flags=re.S))
    )
    return "".join(c for c in unicodedata.normalize("NFC", visible) if c.isalnum())


PROTECTED = re.compile(
    r"<pre>.*?</pre>|<code>.*?</code>|<script>.*?</script>|<!--.*?-->|<[a-z][^>]*>"
    r'|<p lang="en">.*?</p>|<span lang="en">.*?</span>',
    re.S,
)


@given(fragment())
def test_letters_and_digits_survive_in_order(source):
    fixed = fix_typography(source, SETTINGS, lang="fr").html
    assert letters_and_digits(fixed) == letters_and_digits(source)


@given(fragment())
def test_code_pre_scripts_comments_attributes_and_english_are_byte_identical(source):
    fixed = fix_typography(source, SETTINGS, lang="fr").html
    kept = [p for p in PROTECTED.findall(source) if p != "<sup>"]
    after = [p for p in PROTECTED.findall(fixed) if p != "<sup>"]
    assert after == kept


@given(fragment())
# A space after "(" that a closing guillemet needs: removed, then put back.
@example("<p>la la ( </p><p>( » </p>")
# A no-break space after "(": the rule's gate read ordinary spaces only.
@example("<p>la la la la : » </p><p>la la la la (\xa0la </p>")
def test_idempotent(source):
    once = fix_typography(source, SETTINGS, lang="fr")
    twice = fix_typography(once.html, SETTINGS, lang="fr")
    assert twice.html == once.html
    assert not twice.changes


@given(fragment())
def test_english_posts_are_untouched(source):
    result = fix_typography(source, SETTINGS, lang="en")
    assert result.html == source
    assert not result.changes


# Words whose accents decompose, ordinals respelled included.
ACCENTED = "2ème 1ère XIXème 3 ème IIème été À l'école Ça déjà etc...… ....".split(" ")


@given(fragment(), st.lists(st.sampled_from(ACCENTED), min_size=1, max_size=6))
# "XIe" inside a word whose accent is a combining mark is no ordinal either.
@example("<p>la la la éXIe </p>", ["2ème"])
# A C++ scope whose first word holds an accent: one protected span in NFD too.
@example("<p>la la M. &nbsp; coopérationstd::vector </p>", ["2ème"])
@example("<p>la la la é1er </p>", ["2ème"])
@example("<p>la la la éetc... </p>", ["2ème"])
def test_decomposed_text_gets_the_fixes_of_composed_text(source, words):
    source += "<p>" + " ".join(words) + " !</p>"
    composed = unicodedata.normalize("NFC", source)
    decomposed = fix_typography(unicodedata.normalize("NFD", source), SETTINGS, lang="fr").html
    assert (
        unicodedata.normalize("NFC", decomposed)
        == fix_typography(composed, SETTINGS, lang="fr").html
    )
    # No accent parted from its letter (after a tag, a space or a mark).
    assert re.search("[^\\w\u0300-\u036f][\u0300-\u036f]", decomposed) is None


# The ordinal rule respells suffixes on purpose (2ème → 2e): leave it out here.
NO_ORDINALS = load_settings({"typography": {"disabled_rules": ["ordinal"]}}).typography


@given(st.text(min_size=0, max_size=200))
def test_any_unicode_text_survives(raw):
    source = "<p>" + raw.replace("&", "&amp;").replace("<", "&lt;") + "</p>"
    fixed = fix_typography(source, NO_ORDINALS, lang="fr").html
    assert letters_and_digits(fixed) == letters_and_digits(source)
    assert fix_typography(fixed, NO_ORDINALS, lang="fr").html == fixed
    assert (
        fix_typography(fixed, SETTINGS, lang="fr").html
        == fix_typography(fix_typography(fixed, SETTINGS, lang="fr").html, SETTINGS, lang="fr").html
    )


# ---------------------------------------------------------------------------
# The fixer's piece bookkeeping agrees with html.EditableText


@st.composite
def pieces_and_edits(draw):
    from pelican_newsclean.html import Piece

    pieces = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()) and draw(st.booleans()):
            pieces.append(Piece("\ufffc", None, True))
        else:
            pieces.append(Piece(draw(st.text("ab ", min_size=1, max_size=5)), object(), False))
    total = sum(len(p.text) for p in pieces)
    cuts = sorted(draw(st.lists(st.integers(0, total), max_size=8)))
    edits, position = [], 0
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a >= position:
            edits.append((a, b, draw(st.text("xy", max_size=3))))
            position = b
    return pieces, edits


@given(pieces_and_edits())
def test_fixer_moves_pieces_like_editable_text(case):
    from pelican_newsclean.html import Piece
    from pelican_newsclean.typography.base import Style
    from pelican_newsclean.typography.fixer import Fixer

    from .editable_text import Edit, EditableText

    pieces, edits = case
    editable = EditableText([Piece(p.text, p.node, p.frozen) for p in pieces])
    fixer = Fixer([Piece(p.text, p.node, p.frozen) for p in pieces], ["block 1"], Style())
    expected = {(e.start, e.end, e.new) for e in editable.apply([Edit(*e) for e in edits])}
    applied = fixer._apply(edits)
    # The same edits go through (the fixer also skips those that change nothing)...
    assert {e for e in expected if e not in applied} <= {
        e for e in edits if e[2] == "".join(p.text for p in pieces)[e[0] : e[1]]
    }
    # ... to the same text, with each piece's part in the same text node.
    assert fixer.text == editable.text
    assert fixer.node_texts() == editable.node_texts()


# ---------------------------------------------------------------------------
# Raw HTML: what a browser parses as markup stays markup (issue 16)

NO_SUP = load_settings({"typography": {"disabled_rules": ["ordinal", "numero"]}}).typography
RAW_TAGS = [
    '<a title=l\'homme href="/x">',
    '<a title="a<b : c">',
    "</ p>",
    "</>",
    "<span data-x='a \"b\" ; c' hidden>",
    '<img alt="l\'été : 12%" src=a.png>',
    "<a href=/x?a=1;b=2>",
    "</a>",
    "</span foo='>'>",
    "<!-- « note » : ! -->",
]
RAW_TEXT_BLOCKS = ["xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "script"]
# Elements html5lib keeps the text of as written (the others' text is ours to fix).
RAW_TEXT_TAGS = {*RAW_TEXT_BLOCKS, "style", "title", "plaintext"}


@st.composite
def raw_fragment(draw):
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["text", "tag", "tag", "raw", "p"]))
        body = draw(text(max_words=5)).replace("<", "&lt;")
        if kind == "text":
            parts.append(body)
        elif kind == "tag":
            parts.append(draw(st.sampled_from(RAW_TAGS)))
        elif kind == "raw":
            tag = draw(st.sampled_from(RAW_TEXT_BLOCKS))
            parts.append(f"<{tag}>{body} l'a dit: « non » ?</{tag}>")
        else:
            parts.append(f"<p>{body}</p>")
    if draw(st.booleans()):
        parts.append("<plaintext>l'a dit: « non » ?</p>")
    return "".join(parts)


def browser_markup(source: str) -> list:
    """Elements, attributes, comments and raw-text contents as html5lib (the
    HTML standard's parser) reads them: all of a fragment but its prose."""
    import html5lib

    root = html5lib.parseFragment(source, treebuilder="etree", namespaceHTMLElements=False)
    found = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else "#comment"
        raw = tag in RAW_TEXT_TAGS or tag == "#comment"
        found.append((tag, sorted(element.attrib.items()), element.text if raw else None))
    return found


@given(raw_fragment())
def test_raw_html_stays_markup_as_a_browser_reads_it(source):
    fixed = fix_typography(source, NO_SUP, lang="fr").html
    assert browser_markup(fixed) == browser_markup(source)
    assert letters_and_digits(fixed) == letters_and_digits(source)
    assert fix_typography(fixed, NO_SUP, lang="fr").html == fixed


# ---------------------------------------------------------------------------
# Language identification: untagged English stays as written


def _sentences(language: str) -> list[str]:
    import json
    from pathlib import Path

    path = Path(__file__).parent / "data" / "language" / "blocks.json"
    return [b["text"] for b in json.loads(path.read_text(encoding="utf-8"))[language]]


FRENCH_SENTENCES = _sentences("french")
ENGLISH_SENTENCES = _sentences("english")


@st.composite
def untagged_post(draw):
    blocks = draw(
        st.lists(
            st.tuples(st.booleans(), st.integers(0, len(ENGLISH_SENTENCES) - 1)),
            min_size=1,
            max_size=6,
        )
    )
    tail = draw(st.sampled_from(["", ' "Really?" she asked.', " 12% : ok!", " - so..."]))
    return [
        (english, (ENGLISH_SENTENCES if english else FRENCH_SENTENCES)[i] + tail)
        for english, i in blocks
    ]


def _fix_untagged(content: str, settings=SETTINGS) -> str:
    from pelican_newsclean.typography import post_language

    lang, _ = post_language(content, "", None, default_lang="fr", settings=settings)
    return fix_typography(content, settings, lang=lang, identify_blocks=True).html


@given(untagged_post())
def test_untagged_english_blocks_stay_as_written_and_fixing_is_idempotent(blocks):
    content = "".join(f"<p>{text}</p>" for _, text in blocks)
    fixed = _fix_untagged(content)
    for english, text in blocks:
        if english:
            assert f"<p>{text}</p>" in fixed
    assert letters_and_digits(fixed) == letters_and_digits(content)
    assert _fix_untagged(fixed) == fixed


@st.composite
def mixed_block(draw):
    """A block of French and English sentences and words, with inline markup."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["fr", "fr", "en", "words", "em", "quote", "code"]))
        french = draw(st.sampled_from(FRENCH_SENTENCES))
        english = draw(st.sampled_from(ENGLISH_SENTENCES))
        parts.append(
            {
                "fr": french,
                "en": english,
                "words": draw(text(max_words=6)).replace("<", "&lt;"),
                "em": f"<em>{english}</em>",
                "quote": f'"{english[:40]}"',
                "code": f'<code>"{french[:20]}" : x</code>',
            }[kind]
        )
    gaps = draw(st.lists(st.sampled_from([" ", "\n", " : ", "<br>"]), min_size=len(parts)))
    body = "".join(p + g for p, g in zip(parts, gaps, strict=False))
    tag = draw(st.sampled_from(["p", "blockquote", "h2", "li"]))
    return f"<{tag}>{body}</{tag}>"


@given(st.lists(mixed_block(), min_size=1, max_size=5), st.sampled_from([0, 5, 12]))
def test_mixed_french_and_english_blocks_keep_markup_and_letters(blocks, min_words):
    # No ordinal rule: its <sup> would be new markup.
    section = {"language_min_words": min_words, "disabled_rules": ["ordinal", "numero"]}
    settings = load_settings({"typography": section}).typography
    content = "".join(blocks)
    fixed = _fix_untagged(content, settings)
    assert browser_markup(fixed) == browser_markup(content)
    assert letters_and_digits(fixed) == letters_and_digits(content)
    assert _fix_untagged(fixed, settings) == fixed


@given(raw_fragment(), st.sampled_from(FRENCH_SENTENCES + ENGLISH_SENTENCES))
def test_raw_html_of_untagged_posts_stays_markup(source, sentence):
    content = f"<p>{sentence}</p>{source}"
    fixed = _fix_untagged(content, NO_SUP)
    assert browser_markup(fixed) == browser_markup(content)
    assert letters_and_digits(fixed) == letters_and_digits(content)
    assert _fix_untagged(fixed, NO_SUP) == fixed
