"""Index summaries count ``d’un`` as one word, as Pelican counts ``d'un``."""

from __future__ import annotations

import re

import pytest

from pelican_newsclean.summaries import truncate_counting_elisions

from .conftest import post

# Example site post (French Wikinews, CC BY 2.5): the elided words are many.
BODY = (
    "Une délégation du ministère russe de la Défense est arrivée en Libye, sur invitation "
    "du maréchal Khalifa Haftar, commandant de l'ANL, l'Armée nationale libyenne, ce 22 août. "
    "Il s'agit d'une première visite officielle russe, emmenée par le vice-ministre de la "
    "Défense, le colonel général Iounous-bek Evkourov."
)


def test_a_curled_apostrophe_keeps_its_place_in_the_cut():
    from pelican.utils import truncate_html_words

    straight = "<p>" + BODY + "</p>"
    curled = straight.replace("'", "’")
    expected = truncate_html_words(straight, 20, "…").replace("'", "’")
    assert truncate_counting_elisions(curled, lambda h: truncate_html_words(h, 20, "…")) == expected


def summary_words(html: str) -> int:
    """Words of an index page's first summary as Pelican counts straight elisions."""
    summary = html.split("<section>", 1)[1].split("</section>", 1)[0]
    text = re.sub(r"<[^>]+>", " ", summary).replace("’", "'").replace("…", " ")
    return len(re.findall(r"\w[\w'-]*", text))


@pytest.mark.parametrize("plugins", [None, []], ids=["with newsclean", "without"])
def test_index_summaries_keep_pelicans_word_count(site, tmp_path, plugins):
    output = site({"a.md": post("Libye", BODY)}, plugins=plugins, SUMMARY_MAX_LENGTH=30)
    index = (output / "index.html").read_text(encoding="utf-8")
    assert summary_words(index) == 30
    if plugins is None:
        assert "l’Armée" in index  # the typography stage curled them
