"""``newsclean check``: reports without building, never writes sources."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from pelican_newsclean.cli import main

from .conftest import EXAMPLE_SITE, post

REPEAT = (
    "Le tribunal administratif de Nantes a suspendu mercredi l'arrêté préfectoral "
    "autorisant la construction du nouveau terminal portuaire."
)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out)
    return code, out.getvalue()


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a.md").write_text(
        post("Nantes", f"{REPEAT}\n\nLe préfet «prend acte»!\n\n{REPEAT}"), encoding="utf-8"
    )
    (folder / "b.rst").write_text(
        "Port\n####\n\n:date: 2024-01-01\n\n" + f"{REPEAT}\n\n{REPEAT}\n", encoding="utf-8"
    )
    (folder / "c.html").write_text(
        "<html><head><title>Essai</title></head><body>"
        f"<p>{REPEAT}</p><p>{REPEAT}</p></body></html>",
        encoding="utf-8",
    )
    (folder / "clean.md").write_text(
        post("Propre", "Un texte sans défaut\u202f!"), encoding="utf-8"
    )
    (folder / "notes.txt").write_text("not a post", encoding="utf-8")
    return folder


def test_text_report_lists_repeats_fixes_and_a_summary(sources):
    code, out = run("check", "--no-entities", str(sources))
    assert code == 0
    for name in ("a.md", "b.rst", "c.html", "clean.md"):
        assert f"== {sources / name}" in out
    assert out.count("removed block") == 3
    assert "guillemets" in out or "typography" in out
    assert "nothing to change" in out
    assert out.strip().splitlines()[-1].startswith("newsclean check: 4 files, 3 would change")


def test_json_report(sources):
    code, out = run("check", "--no-entities", "--format", "json", str(sources / "a.md"))
    data = json.loads(out)
    [entry] = data["files"]
    assert code == 0
    assert len(entry["removed"]) == 1
    assert entry["typography"]


def test_strict_exits_1_when_something_would_change(sources):
    assert run("check", "--no-entities", "--strict", str(sources / "a.md"))[0] == 1
    assert run("check", "--no-entities", "--strict", str(sources / "clean.md"))[0] == 0


def test_sources_are_never_written(sources):
    before = {p: p.read_bytes() for p in sources.iterdir()}
    run("check", "--no-entities", str(sources))
    assert {p: p.read_bytes() for p in sources.iterdir()} == before


@pytest.mark.parametrize(
    ("argument", "message"),
    [("missing.md", "no such file or folder"), ("notes.txt", "unknown format '.txt'")],
)
def test_bad_paths_exit_2_with_a_message(sources, capsys, argument, message):
    code, _ = run("check", str(sources / argument))
    assert code == 2
    assert message in capsys.readouterr().err


def test_bad_settings_file_exits_2(sources, tmp_path, capsys):
    conf = tmp_path / "conf.py"
    conf.write_text('NEWSCLEAN = {"dedup": {"min_words": "x"}}\n', encoding="utf-8")
    assert run("check", "--settings", str(conf), str(sources / "a.md"))[0] == 2
    assert "min_words" in capsys.readouterr().err


def test_console_script_on_the_example_site():
    result = subprocess.run(
        [sys.executable, "-m", "pelican_newsclean", "check", str(EXAMPLE_SITE / "content")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    seed = result.stdout.split("2023-08-22-delegation-russe-libye.md", 1)[1].split("\n== ", 1)[0]
    assert seed.count("removed block") == 4
    assert "Khalifa Haftar (Person)" in seed
