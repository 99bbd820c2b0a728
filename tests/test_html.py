"""The HTML indexer: spans, implied ends, runs of logical text, edits mapped back."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican_newsclean.html import (
    ATOM,
    SUP_CLOSE,
    SUP_OPEN,
    WalkOptions,
    first_visible_lines,
    parse_attributes,
    parse_fragment,
    rewrite_nodes,
    splice,
    text_runs,
    visible_text,
)

from .editable_text import Edit, EditableText


@pytest.mark.parametrize(
    ("source", "spans"),
    [
        ("<p>Un</p><p>Deux</p>", [("p", "<p>Un</p>"), ("p", "<p>Deux</p>")]),
        ("<p>Un<p>Deux", [("p", "<p>Un"), ("p", "<p>Deux")]),
        ("<p>Un<div>x</div>", [("p", "<p>Un"), ("div", "<div>x</div>")]),
        ("<ul><li>a<li>b</ul>", [("ul", "<ul><li>a<li>b</ul>"), ("li", "<li>a"), ("li", "<li>b")]),
        ("<p>a</span>b</p>", [("p", "<p>a</span>b</p>")]),
        ("<p>a<br>b</p>", [("p", "<p>a<br>b</p>"), ("br", "<br>")]),
        ("<script>if (a<b) {}</script>", [("script", "<script>if (a<b) {}</script>")]),
        ("<p title='x > y'>t</p>", [("p", "<p title='x > y'>t</p>")]),
        ("<P>Majuscules</P>", [("p", "<P>Majuscules</P>")]),
        ("<p>jamais fermé", [("p", "<p>jamais fermé")]),
        ("<dl><dt>a<dd>b</dl>", [("dl", "<dl><dt>a<dd>b</dl>"), ("dt", "<dt>a"), ("dd", "<dd>b")]),
    ],
)
def test_element_spans(source, spans):
    root = parse_fragment(source)
    found = [(e.tag, source[e.start : e.end]) for e in root.iter() if e.tag != "#root"]
    assert found == spans


def test_text_nodes_decode_references_but_keep_the_source():
    root = parse_fragment("<p>a&nbsp;b &amp; c</p>")
    [text] = root.children[0].children
    assert text.raw == "a&nbsp;b &amp; c"
    assert text.text == "a\u00a0b & c"


@pytest.mark.parametrize(
    ("tag", "attrs"),
    [
        ('<span lang=en class="a b">', {"lang": "en", "class": "a b"}),
        ("<p lang='fr-CA'>", {"lang": "fr-CA"}),
        ('<a href="x?a=1&amp;b=2" title=\'l"a\'>', {"href": "x?a=1&b=2", "title": 'l"a'}),
        ("<input disabled>", {"disabled": ""}),
        ('<p class="x" class="y">', {"class": "x"}),
    ],
)
def test_parse_attributes(tag, attrs):
    assert parse_attributes(tag) == attrs


def run_texts(source: str, **options) -> list[str]:
    runs = text_runs(parse_fragment(source), WalkOptions(**options))
    return [EditableText(r.pieces).text for r in runs]


@pytest.mark.parametrize(
    ("source", "runs"),
    [
        ("<p><em>Salut</em> !</p>", ["Salut !"]),
        ("<p>lancez <code>ls</code> !</p>", [f"lancez {ATOM} !"]),
        ("<p>XI<sup>e</sup> siècle</p>", [f"XI{SUP_OPEN}e{SUP_CLOSE} siècle"]),
        ("<p>a<br>b</p>", ["a\nb"]),
        ("<p>a</p><p>b</p>", ["a", "b"]),
        ("<li>a<ul><li>b</li></ul>c</li>", ["a", "b", "c"]),
        ('<p>Il dit <span lang="en">hello!</span> !</p>', [f"Il dit {ATOM} !"]),
        ('<div lang="en"><p>Hello!</p><p lang="fr">Salut !</p></div>', ["Salut !"]),
        ("<p>a <!-- note --> b</p>", ["a  b"]),
        ("<p>a<script>x</script>b</p>", ["ab"]),
        ("<pre>code</pre><p>texte</p>", ["texte"]),
        ('<p class="notypo">x</p><p>y</p>', ["y"]),
    ],
)
def test_text_runs(source, runs):
    assert run_texts(source) == runs


def test_text_runs_follow_the_default_language():
    assert run_texts("<p>Hello!</p>", default_lang="en") == []
    assert run_texts('<p lang="fr">Salut !</p>', default_lang="en") == ["Salut !"]


def edit_source(source: str, pattern: str, new: str) -> str:
    import re

    runs = text_runs(parse_fragment(source), WalkOptions())
    texts = {}
    for run in runs:
        editable = EditableText(run.pieces)
        editable.apply([Edit(m.start(), m.end(), new) for m in re.finditer(pattern, editable.text)])
        texts.update(editable.node_texts())
    return rewrite_nodes(source, texts)


@pytest.mark.parametrize(
    ("source", "pattern", "new", "expected"),
    [
        # An insertion at a tag border goes outside the closed element.
        ("<p><em>Salut</em>!</p>", r"(?=!)", "\u202f", "<p><em>Salut</em>\u202f!</p>"),
        # ...and before a frozen placeholder it stays in the text before it.
        ("<p>a <code>x</code></p>", r"(?=\ufffc)", "", "<p>a <code>x</code></p>"),
        # A replacement across a border lands in the first node.
        ("<p>a<b>-</b>-b</p>", r"--", "–", "<p>a<b>–</b>b</p>"),
        # Frozen placeholders cannot be edited.
        ("<p>a<code>x</code>b</p>", r"a\ufffcb", "z", "<p>a<code>x</code>b</p>"),
        # Changed nodes are escaped; unchanged ones keep their references.
        ("<p>a&amp;b</p><p>c d</p>", r" ", "\u00a0", "<p>a&amp;b</p><p>c\u00a0d</p>"),
        ("<p>1er &lt;</p>", r"(?<=1)er", f"{SUP_OPEN}er{SUP_CLOSE}", "<p>1<sup>er</sup> &lt;</p>"),
    ],
)
def test_edits_map_back_onto_text_nodes(source, pattern, new, expected):
    assert edit_source(source, pattern, new) == expected


def test_frozen_spans_refuse_edits():
    [run] = text_runs(parse_fragment("<p>voir https://a.fr/?q=1 !</p>"), WalkOptions())
    editable = EditableText(run.pieces)
    start = editable.text.index("https")
    editable.freeze([(start, start + len("https://a.fr/?q=1"))])
    end = len(editable.text) - 1
    applied = editable.apply([Edit(start + 16, start + 16, " "), Edit(end, end, "\u202f")])
    assert len(applied) == 1
    assert editable.text == "voir https://a.fr/?q=1 \u202f!"


def test_splice():
    assert splice("abcdef", [(4, 5, "E"), (0, 1, "")]) == "bcdEf"
    with pytest.raises(ValueError):
        splice("abc", [(0, 2, ""), (1, 3, "")])


def test_visible_text():
    source = "<h2>Titre</h2><p>Bonjour <em>Lyon</em></p><pre>x = 1</pre><script>a()</script>"
    source += "<p>Fin</p>"
    assert visible_text(source) == "Titre\nBonjour Lyon\nFin"


def test_visible_text_makes_each_run_of_spaces_one_space_and_trims_lines():
    source = "<p> Un\t\u00a0 deux\r\n  trois \u2003</p><p>\u3000</p><p>quatre\x0bcinq</p>"
    assert visible_text(source) == "Un deux\ntrois\nquatre cinq"


@given(st.lists(st.sampled_from(["<p>", "</p>", "<br>", "<pre>", "mot", " ", "\n"]), max_size=40))
def test_first_visible_lines_of_a_prefix_are_those_of_the_whole(parts):
    source = "".join(parts)
    lines = visible_text(source).split("\n")
    for count in (1, 3):
        for probe in (2, 8, 1024):
            assert first_visible_lines(source, count, probe) == lines[:count]


@pytest.mark.parametrize(
    "hostile",
    [
        "<" * 200_000,
        '<a "' * 100_000,
        "<p " * 100_000,
        "<!--" * 100_000,
        "</" * 100_000,
        "&" * 200_000,
    ],
)
def test_parsing_hostile_input_is_linear(hostile):
    started = time.perf_counter()
    root = parse_fragment(hostile)
    assert time.perf_counter() - started < 5
    assert root.end == len(hostile)


html_text = st.text(alphabet=st.sampled_from(list("ab <>/p&;\"'=!«» \u00a0")), max_size=60)


@given(html_text)
def test_any_input_parses_and_rewrites_identically(source):
    root = parse_fragment(source)
    runs = text_runs(root, WalkOptions())
    texts = {}
    for run in runs:
        texts.update(EditableText(run.pieces).node_texts())
    assert rewrite_nodes(source, texts) == source


# ---------------------------------------------------------------------------
# Tags as a browser's tokenizer reads them (issue 16: raw HTML is never text)


@pytest.mark.parametrize(
    ("source", "tags"),
    [
        ('<a title=l\'homme href="/x">t</a>', ["a"]),
        ('<a title="a<b : c">t</a>', ["a"]),
        ("<span data-x='a \"b\" > c'>t</span>", ["span"]),
        ("<a<b>t</a<b>", ["a<b"]),
        ("<p>t</ p>u</p>", ["p"]),
    ],
)
def test_a_tag_is_what_a_browser_reads_as_one(source, tags):
    root = parse_fragment(source)
    assert [e.tag for e in root.iter()][1:] == tags
    texts = [n for e in root.iter() for n in e.children if n.__class__.__name__ == "Text"]
    assert all("<" not in n.raw for n in texts)


@pytest.mark.parametrize(
    "source",
    ["</ p>", "</>", "</3 x>", '<a title="x', "<a title='x' b=\"y", "<p>x</p><b", "<!x"],
)
def test_bogus_and_unclosed_tags_are_markup_not_text(source):
    root = parse_fragment(source)
    texts = [n for e in root.iter() for n in e.children if n.__class__.__name__ == "Text"]
    assert all("<" not in n.raw for n in texts)


def test_plaintext_runs_to_the_end_as_raw_text():
    root = parse_fragment("<p>a</p><plaintext>b</p><p>c")
    plaintext = root.children[1]
    assert plaintext.tag == "plaintext" and plaintext.children[0].raw == "b</p><p>c"


@pytest.mark.parametrize(
    "unit",
    ["<a", '<a x="', "<a x='", "<a b ", "<a = ", "</a ", "<a x=y'z ", '<a title="x>'],
)
def test_tags_that_never_end_parse_fast(unit):
    # About half a megabyte of one tag that never ends. The regex engine's
    # stack makes a tag of many attributes grow a little worse than linearly
    # (0.2-0.6 s here, loaded); a pattern that backtracks over its own runs
    # would not finish.
    source = unit * 80000 + "x"
    started = time.perf_counter()
    root = parse_fragment(source)
    assert time.perf_counter() - started < 5
    assert not [n for n in root.children if n.__class__.__name__ == "Text" and "<" in n.raw]
