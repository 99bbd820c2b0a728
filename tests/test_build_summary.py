"""What a build prints: a summary line that fits 80 columns, NER progress on long runs."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from pelican_newsclean.build_summary import BuildCounts, detail_lines, summary_line

from .conftest import post


@pytest.mark.parametrize(
    ("scale", "errors"), [(1, 1), (10, 1), (1_000, 10), (10_000, 100), (100_000, 0)]
)
def test_the_build_summary_fits_80_columns(scale, errors):
    counts = BuildCounts(scale, scale // 2, scale * 9, scale * 4, scale, errors)
    line = summary_line(counts)
    assert len(line) <= 80, line
    assert re.match(rf"newsclean: ({scale:,}|{scale}) posts?", line)
    assert ("error" in line) == bool(errors)
    fixes = Counter({f"rule_{n}": scale * n for n in range(16)})
    details = detail_lines(fixes, {"dedup": 1.5, "typography": 2.25, "entities.ner": 30.0})
    assert all(len(d) <= 80 for d in details), details
    assert sum(d.count("rule_") for d in details) == 16


def test_a_long_ner_run_shows_its_progress_on_pelicans_console(site, capsys):
    posts = {
        f"p{n}.md": post(f"Dépêche {n}", f"Le maire de Lyon a reçu mardi la délégation numéro {n}.")
        for n in range(20)
    }
    site(posts, NEWSCLEAN={"entities": {"enabled": True}})
    out = capsys.readouterr().out
    progress = re.findall(r"newsclean: NER (\d+)/20 posts", out)
    assert progress and progress[-1] == "20" and len(progress) <= 11


def test_a_short_ner_run_shows_no_progress(site, capsys):
    site({"a.md": post("Lyon", "Le maire de Lyon parle.")}, NEWSCLEAN={"entities": True})
    assert "NER" not in capsys.readouterr().out
