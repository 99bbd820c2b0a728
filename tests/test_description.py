"""JSON-LD descriptions: whole sentences, never a source line break."""

from __future__ import annotations

import pytest

from pelican_newsclean.description import DESCRIPTION_CHARS, describe, first_sentences

# From the example site's seed post (French Wikinews, CC BY 2.5), wrapped by hand
# as many Markdown sources are.
WRAPPED = (
    "<p>Une délégation du ministère russe de la Défense est arrivée en Libye,\n"
    "sur invitation du maréchal Khalifa Haftar, commandant de l’ANL, l’Armée\n"
    "nationale libyenne, ce 22 août.</p>\n<p>Il s’agit d’une première visite.</p>"
)
FIRST = (
    "Une délégation du ministère russe de la Défense est arrivée en Libye, sur invitation "
    "du maréchal Khalifa Haftar, commandant de l’ANL, l’Armée nationale libyenne, ce 22 août."
)


@pytest.mark.parametrize(
    ("summary", "content", "expected"),
    [
        (None, WRAPPED, FIRST),
        (WRAPPED, "<p>Corps.</p>", FIRST),
        (None, "<p>Première ligne<br>\nseconde ligne</p>", "Première ligne"),
        (None, "<pre>a\nb</pre>\n<p>Après\nle code.</p>", "Après le code."),
    ],
    ids=["body wrapped", "summary wrapped", "br ends the line", "code skipped"],
)
def test_description_is_the_first_paragraph_unwrapped(summary, content, expected):
    assert describe(summary, content) == expected


def test_a_long_paragraph_gives_its_first_whole_sentences():
    sentences = [f"{FIRST[:-1]} numéro {n}." for n in range(5)]
    text = " ".join(sentences)
    description = describe(None, f"<p>{text}</p>")
    assert len(description) <= DESCRIPTION_CHARS
    assert description == " ".join(sentences[: len(description) // len(sentences[0])])
    assert description.endswith(".")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("« C’est fini ! » Il part. Puis revient.", "« C’est fini ! » Il part."),
        ("M. Dupont vient. Il parle.", "M. Dupont vient."),
    ],
)
def test_sentences_end_at_their_punctuation(text, expected):
    assert first_sentences(text, len(expected) + 3) == expected
