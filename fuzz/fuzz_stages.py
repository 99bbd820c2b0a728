"""Coverage-guided fuzzing of the stage entry points with atheris.

    make fuzz                                   # long hypothesis profile, then this
    .venv/bin/python fuzz/fuzz_stages.py -max_total_time=120

Every input must go through dedup, typography and the whole pipeline
without an exception, and the stages must be idempotent on it. A crash is
saved by libFuzzer as crash-<hash>; turn it into a case of
tests/data/hostile/ (a regression test reads that folder).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from pelican_newsclean import dedup, typography
    from pelican_newsclean.html import WalkOptions, parse_fragment, text_runs, visible_text
    from pelican_newsclean.pipeline import PostText, clean_post
    from pelican_newsclean.settings import load_settings

SETTINGS = load_settings({})


def check(data: bytes) -> None:
    source = data.decode("utf-8", errors="replace")
    text_runs(parse_fragment(source), WalkOptions())
    visible_text(source)
    deduped = dedup.strip_repeated_paragraphs(source, SETTINGS.dedup).html
    assert dedup.strip_repeated_paragraphs(deduped, SETTINGS.dedup).html == deduped
    fixed = typography.fix_typography(source, SETTINGS.typography, lang="fr").html
    assert typography.fix_typography(fixed, SETTINGS.typography, lang="fr").html == fixed
    cleaned, report = clean_post(PostText(content=source, title=source[:80]), SETTINGS)
    assert not report.errors, report.errors
    again, _ = clean_post(cleaned, SETTINGS)
    assert again.content == cleaned.content


def main() -> None:
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
