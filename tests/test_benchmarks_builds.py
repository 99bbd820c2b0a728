"""The build benchmark's order of builds and its ratios to plain Pelican."""

import importlib.util
from pathlib import Path

import pytest

import pelican_newsclean
from benchmarks.builds import (
    PAIRED,
    VARIANTS,
    BuildRun,
    SizeResult,
    byte_compile_plugin,
    schedule,
)
from benchmarks.measure import Measured


@pytest.mark.parametrize(
    ("with_reports", "expected"),
    [
        (
            True,
            [
                "plain",
                "typogrify",
                "plain",
                "newsclean-noent",
                "plain",
                "newsclean-noent-report",
                "newsclean-cold",
                "plain",
                "newsclean-warm",
                "plain",
                "newsclean-warm-report",
            ],
        ),
        (
            False,
            [
                "plain",
                "typogrify",
                "plain",
                "newsclean-noent",
                "plain",
                "newsclean-cold",
                "plain",
                "newsclean-warm",
                "plain",
            ],
        ),
    ],
)
def test_schedule_puts_a_plain_build_around_each_paired_variant(with_reports, expected):
    order = schedule(VARIANTS, with_reports)
    assert order == expected
    for position, variant in enumerate(order):
        if variant in PAIRED:
            assert order[position - 1] == order[position + 1] == "plain"


def test_schedule_without_plain_adds_none():
    assert schedule(("newsclean-noent", "newsclean-warm"), True) == [
        "newsclean-noent",
        "newsclean-warm",
    ]


def _run(variant: str, wall: float, cpu: float, baseline: BuildRun | None = None, rc: int = 0):
    return BuildRun(variant, 10, Measured(wall, cpu, 0.0, 50.0, rc), baseline=baseline)


def test_ratio_of_paired_builds_cancels_drift_between_repetitions():
    # The machine runs twice as slow in the second repetition: each pair sees it alike.
    plain_1, plain_2 = _run("plain", 10.0, 10.0), _run("plain", 20.0, 20.0)
    result = SizeResult(10, 0)
    result.runs = [
        plain_1,
        _run("newsclean-noent", 11.0, 13.0, plain_1),
        plain_2,
        _run("newsclean-noent", 22.0, 26.0, plain_2),
        _run("newsclean-noent", 30.0, 30.0, _run("plain", 1.0, 1.0, rc=1)),  # failed baseline
    ]
    assert result.paired_ratios("newsclean-noent") == pytest.approx([1.1, 1.1])
    assert result.ratio("newsclean-noent") == pytest.approx(1.1)
    assert result.ratio("newsclean-noent", "cpu") == pytest.approx(1.3)


def test_a_plain_build_on_each_side_cancels_drift_within_a_repetition():
    # Each build runs 10 % slower than the one before it: against the plain build
    # before it alone, a build 20 % dearer than plain would look 32 % dearer.
    before, after = _run("plain", 10.0, 10.0), _run("plain", 12.1, 12.1)
    measured = _run("newsclean-noent", 13.2, 13.2, before)
    measured.after = after
    result = SizeResult(10, 0)
    result.runs = [before, measured, after]
    assert result.paired_ratios("newsclean-noent") == pytest.approx([1.2])
    failed = _run("plain", 1.0, 1.0, rc=1)
    measured.after = failed  # a failed build on one side: the other alone
    assert result.paired_ratios("newsclean-noent") == pytest.approx([1.32])


def test_ratio_without_pairs_is_the_ratio_of_medians():
    result = SizeResult(10, 0)
    result.runs = [_run("plain", 10.0, 10.0), _run("newsclean-cold", 50.0, 50.0)]
    assert result.paired_ratios("newsclean-cold") == []
    assert result.ratio("newsclean-cold") == pytest.approx(5.0)
    assert result.ratio("typogrify") is None


def test_the_plugin_is_byte_compiled_before_the_builds():
    # As a wheel install leaves it: no build compiles the plugin from source.
    sources = list(Path(pelican_newsclean.__file__).parent.rglob("*.py"))
    compiled = [Path(importlib.util.cache_from_source(str(source))) for source in sources]
    for path in compiled:
        path.unlink(missing_ok=True)
    assert byte_compile_plugin()
    assert sources and [p for p in compiled if not p.exists()] == []


def test_the_edit_loop_edits_one_post_and_judges_the_extra_seconds(tmp_path):
    import random

    from benchmarks.edit_loop import EditLoopResult, edit_one_post

    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("Title: T\n\nTexte.\n", encoding="utf-8")
    edited = edit_one_post(tmp_path, 1, random.Random(0))
    texts = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    assert "Mise à jour n°1" in texts[edited.name]
    assert sum("Mise à jour" in text for text in texts.values()) == 1
    result = EditLoopResult(300, {"autoreload": [(4.0, 5.0), (4.0, 7.0), (5.0, 6.0)]})
    assert result.extra("autoreload") == 1.0
    assert "+1.00" in result.lines()[-1] and "met" in result.lines()[-1]
    assert "missed" in EditLoopResult(300, {"cli": [(4.0, 8.0)]}).lines()[-1]


@pytest.mark.parametrize("posts", [1, 8, 1_000, 100_000])
def test_the_summary_line_pattern_reads_every_wording(posts):
    """The benchmark finds the build's summary line however it is worded to fit."""
    from benchmarks.builds import SUMMARY_LINE
    from pelican_newsclean.build_summary import BuildCounts, summary_line

    line = summary_line(BuildCounts(posts, 3, 12_345, 678, 90, 0))
    assert SUMMARY_LINE.fullmatch(line), line


def test_the_peak_of_all_processes_counts_the_children(tmp_path):
    """A build whose model runs in a child process: its memory counts too."""
    import sys

    from benchmarks.measure import run_measured

    script = (
        "import subprocess, sys, time\n"
        "held = bytearray(60 * 2**20)\n"
        "child = 'held = bytearray(120 * 2**20); import time; time.sleep(1.5)'\n"
        "subprocess.run([sys.executable, '-c', child], check=True)\n"
    )
    measured = run_measured([sys.executable, "-c", script], log=tmp_path / "log")
    assert measured.ok
    assert measured.tree_peak_mb is not None
    # No process held 180 MB; together they did (wait4's ru_maxrss cannot tell: it
    # is one process's peak, and starts from the size of the process that forked).
    assert measured.tree_peak_mb >= 60 + 120
