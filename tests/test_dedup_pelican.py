"""The dedup stage through a real Pelican build (Markdown posts, default theme)."""

from __future__ import annotations

import re
from pathlib import Path

from pelican_newsclean.dedup import comparison_key
from pelican_newsclean.html import visible_text

from .conftest import post

SEED = Path(__file__).parent / "data" / "dedup" / "seed-article.txt"
P1 = (
    "Le conseil municipal a voté mardi soir la rénovation complète de la médiathèque, "
    "fermée depuis l'incendie de l'hiver dernier."
)
P2 = (
    "Les travaux devraient durer dix-huit mois et coûter près de quatre millions "
    "d'euros, financés en partie par la région."
)


def article_body(output: Path, slug: str) -> str:
    """The post's content in its page, whatever the theme: the article minus header and footer."""
    page = (output / f"{slug}.html").read_text(encoding="utf-8")
    article = re.search(r"<article\b.*?</article>", page, re.S).group()
    return re.sub(r"<(header|footer)\b.*?</\1>", "", article, flags=re.S)


def article_lines(output: Path, slug: str) -> list[str]:
    text = visible_text(article_body(output, slug))
    return [comparison_key(line) for line in text.split("\n") if line.strip()]


def test_build_removes_repeats_and_keeps_the_rest(site):
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    near = f"{P1}\n\n{P2}\n\n{P1} (AFP)\n\n{P2.replace('financés', 'finacés')}\n"
    keep = (
        f"{P1}\n\nLire aussi :\n\n{P1} Les travaux commenceront en septembre.\n\n"
        f"Lire aussi :\n\n    {P2}\n    {P2}\n\n| a |\n|---|\n| {P2} |\n| {P2} |\n"
    )
    output = site(
        {
            "seed.md": post("Dépêche", "\n\n".join(lines), Slug="seed"),
            "near.md": post("Presque", near, Slug="near"),
            "keep.md": post("Garder", keep, Slug="keep"),
        }
    )
    seed = article_lines(output, "seed")
    assert seed == [comparison_key(line) for line in dict.fromkeys(lines)]
    assert article_lines(output, "near") == [comparison_key(P1), comparison_key(P2)]
    kept = article_lines(output, "keep")
    assert kept.count(comparison_key("Lire aussi :")) == 2
    # The copy adding a sentence gives its fuller wording to the first paragraph.
    assert kept[0] == comparison_key(f"{P1} Les travaux commenceront en septembre.")
    assert kept.count(kept[0]) == 1 and comparison_key(P1) not in kept
    body = article_body(output, "keep")
    assert body.count("dix-huit mois") == 4  # twice in the code block, twice in the table


def test_dedup_only_in_the_categories_asked_for(site):
    body = f"{P1}\n\n{P2}\n\n{P1}\n"
    output = site(
        {
            "news.md": post("Conseil", body, Slug="news", Category="Actualités"),
            "poem.md": post("Refrain", body, Slug="poem", Category="Poésie"),
            "typed.md": post("Dépêche", body, Slug="typed", Category="Divers", Type="Dépêche"),
        },
        NEWSCLEAN={
            "dedup": {"only_categories": ["actualités"], "only_metadata": {"type": ["dépêche"]}},
            "entities": {"enabled": False},
        },
    )
    assert article_lines(output, "news") == [comparison_key(P1), comparison_key(P2)]
    assert article_lines(output, "typed") == [comparison_key(P1), comparison_key(P2)]
    assert article_lines(output, "poem") == [comparison_key(t) for t in (P1, P2, P1)]
