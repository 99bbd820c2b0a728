"""Bad input for the dedup stage: nothing raises, no unique text is lost."""

from __future__ import annotations

import os
import time

import pytest

from pelican_newsclean.dedup import comparison_key, strip_repeated_paragraphs
from pelican_newsclean.html import visible_text
from pelican_newsclean.settings import load_settings

SETTINGS = load_settings({}).dedup
P1 = (
    "Le conseil municipal a voté mardi soir la rénovation complète de la médiathèque, "
    "fermée depuis l'incendie de l'hiver dernier."
)
P2 = (
    "Les travaux devraient durer dix-huit mois et coûter près de quatre millions "
    "d'euros, financés en partie par la région."
)


def clean(source: str, **kwargs):
    result = strip_repeated_paragraphs(source, SETTINGS, **kwargs)
    again = strip_repeated_paragraphs(result.html, SETTINGS, **kwargs)
    assert again.html == result.html and not again.changes, "not idempotent"
    return result


def keys_of(source: str) -> set[str]:
    return {comparison_key(line) for line in visible_text(source).split("\n")}


@pytest.mark.parametrize(
    "source",
    [
        "",
        " ",
        "\n\n\t ",
        "<p></p>",
        "<p> </p><p> </p>",
        "<pre><code>x = 1\nx = 1</code></pre>",
        "<script>var a = 1; var a = 1;</script><style>p {}</style>",
        "<!-- commentaire -->",
        "<!-- commentaire non fermé <p>" + P1 + "</p><p>" + P1 + "</p>",
        "texte libre sans balise",
        "<",
        "</p></p></div>",
        "<p class='a",
        '<p title="x>y">' + P1 + "</p>",
        "&amp;&#x;&#999999999;&nbsp",
    ],
)
def test_odd_fragments_pass_through(source):
    result = clean(source)
    assert result.html == source


@pytest.mark.parametrize(
    ("source", "expect"),
    [
        # Unclosed tags end where their parent does.
        (f"<div><p>{P1}<p>{P2}<p>{P1}</div>", f"<div><p>{P1}<p>{P2}</div>"),
        # Stray end tags are ignored, and stay.
        (f"</p><p>{P1}</p></span><p>{P1}</p>", f"</p><p>{P1}</p></span>"),
        # A <p> inside a <p> closes the first.
        (f"<p>{P1}<p>{P1}</p></p>", f"<p>{P1}</p>"),
        # Unclosed list items.
        (f"<ul><li>{P1}<li>{P2}<li>{P1}</ul>", f"<ul><li>{P1}<li>{P2}</ul>"),
        # Upper-case tags and odd attribute quoting.
        (f"<P CLASS=x>{P1}</P>\n<P class='y'>{P1}</P>\n", f"<P CLASS=x>{P1}</P>\n"),
    ],
)
def test_malformed_html(source, expect):
    assert clean(source).html == expect


@pytest.mark.parametrize(
    "wrap",
    [
        lambda n, inner: "<div>" * n + inner + "</div>" * n,
        lambda n, inner: "<blockquote>" * n + inner,
        lambda n, inner: "<ul><li>" * n + inner,
        lambda n, inner: "<div>x " * n + inner,
        lambda n, inner: "<span>" * n + inner,
        lambda n, inner: "<table><tr><td>" * n + inner,
    ],
    ids=["divs", "unclosed-blockquotes", "nested-lists", "divs-with-text", "spans", "tables"],
)
def test_deep_nesting_does_not_recurse(wrap):
    source = wrap(5000, f"<p>{P1}</p><p>{P2}</p><p>{P1}</p>")
    started = time.perf_counter()
    result = clean(source)
    assert time.perf_counter() - started < 10  # linear: well under a second unloaded
    assert keys_of(result.html) == keys_of(source)


def test_deep_nesting_removes_the_repeat():
    source = "<div>" * 5000 + f"<p>{P1}</p>\n<p>{P1}</p>\n" + "</div>" * 5000
    result = clean(source)
    assert result.html == "<div>" * 5000 + f"<p>{P1}</p>\n" + "</div>" * 5000


@pytest.mark.parametrize(
    "text",
    [
        "مرحبا بالعالم، هذه جملة طويلة بما يكفي لكي تحسب كفقرة كاملة في المقال.",
        "\u200fUne phrase avec une marque de droite à gauche et assez de mots pour compter.",
        "Une phrase avec des emoji 🎉🚀 et assez de mots pour compter dans la comparaison.",
        "Une phrase avec des accents décomposés e\u0301te\u0301 et assez de mots pour compter.",
        "Une\u200bphrase\u200bcollée par des espaces de largeur nulle, assez longue pour compter.",
        "Des caractères privés \ue001\ufffc et des contrôles \x07 dans une phrase assez longue.",
    ],
)
def test_odd_unicode(text):
    other = "Une tout autre phrase, elle aussi assez longue pour être comparée aux autres."
    source = f"<p>{text}</p>\n<p>{other}</p>\n<p>{text}</p>\n"
    result = clean(source)
    assert result.html == f"<p>{text}</p>\n<p>{other}</p>\n"


def test_ten_megabytes_mostly_code():
    code = "<pre><code>" + ("print('bonjour')\n" * 600_000) + "</code></pre>\n"
    paragraphs = "".join(f"<p>{P1} Numéro {i % 500}.</p>\n" for i in range(2000))
    source = code + paragraphs
    assert len(source) > 10_000_000
    result = clean(source)
    assert result.html.startswith(code)
    assert len(result.changes) == 1500
    assert keys_of(result.html) == keys_of(source)


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("NEWSCLEAN_SLOW_TESTS"), reason="10 s or more; set NEWSCLEAN_SLOW_TESTS=1"
)
def test_ten_megabytes_of_paragraphs():
    source = "".join(f"<p>{P1} Numéro {i % 3000} de la série.</p>\n" for i in range(76_000))
    assert len(source) > 10_000_000
    result = strip_repeated_paragraphs(source, SETTINGS)
    assert len(result.changes) == 73_000
    assert keys_of(result.html) == keys_of(source)


def test_linear_growth():
    """Ten times the paragraphs, about ten times the work. Work is counted in
    function calls (a profile hook), not timed: the count does not depend on the
    machine's load (speed itself is for `make bench`)."""
    import sys

    from benchmarks.bench_dedup import make_post

    def calls(n: int) -> int:
        source = make_post(n)
        count = 0

        def hook(frame, event, arg):
            nonlocal count
            count += event in ("call", "c_call")

        sys.setprofile(hook)
        try:
            strip_repeated_paragraphs(source, SETTINGS)
        finally:
            sys.setprofile(None)
        return count

    small, large = calls(200), calls(2000)
    assert 5 * small < large < 13 * small
