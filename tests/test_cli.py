"""``newsclean check``: reports without building, never writes sources."""

from __future__ import annotations

import io
import json
import os
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
    assert out.count("1 repeated paragraph removed:") == 3
    assert "guillemet_space" in out
    assert "nothing to change" in out
    fixes = json_summary(sources)["typography_fixes"]
    assert out.strip().splitlines()[-1] == (
        f"newsclean check: 4 files, 3 would change: 3 repeated paragraphs, "
        f"{fixes} typography fixes, 0 entities"
    )


def json_summary(path):
    return json.loads(run("check", "--no-entities", "--format", "json", str(path))[1])["summary"]


def test_json_report_has_a_summary_object(sources):
    code, out = run("check", "--no-entities", "--format", "json", str(sources / "a.md"))
    data = json.loads(out)
    [entry] = data["files"]
    assert code == 0
    assert len(entry["removed"]) == 1
    assert entry["typography"]
    summary = data["summary"]
    assert summary["files"] == summary["changed"] == summary["removed_paragraphs"] == 1
    assert summary["typography_fixes"] == len(entry["typography"])
    assert sum(summary["typography_by_rule"].values()) == summary["typography_fixes"]


def test_plurals_follow_the_counts(sources):
    out = run("check", "--no-entities", str(sources / "clean.md"))[1]
    assert out.strip().splitlines()[-1] == (
        "newsclean check: 1 file, 0 would change: 0 repeated paragraphs, "
        "0 typography fixes, 0 entities"
    )


def test_strict_exits_1_when_something_would_change_and_says_why(sources, capsys):
    assert run("check", "--no-entities", "--strict", str(sources / "a.md"))[0] == 1
    reason = capsys.readouterr().err
    assert reason.startswith("newsclean check --strict: failed: 1 file would change")
    assert "1 repeated paragraph to remove" in reason
    assert run("check", "--no-entities", "--strict", str(sources / "clean.md"))[0] == 0
    assert capsys.readouterr().err == ""


def test_excerpts_are_text_with_visible_spaces_cut_at_words(tmp_path):
    body = (
        "Les élus de l'opposition ont dénoncé jeudi soir «un budget d'affichage»! "
        "Selon eux, la majorité municipale n'a «rien prévu» pour les transports."
    )
    source = tmp_path / "a.md"
    source.write_text(post("Budget", body), encoding="utf-8")
    out = run("check", "--no-entities", "--verbose", str(source))[1]
    assert "\\x" not in out and "\\u" not in out and "\u00a0" not in out and "\u202f" not in out
    assert out.splitlines()[0].startswith("In excerpts: ⍽ no-break space (U+00A0)")
    assert out.count("no-break space (U+00A0)") == 1

    def words(text):  # whole words, whatever an earlier rule did to quotes
        return (
            text.replace("’", "'")
            .replace("⍽", " ")
            .replace("«", " ")
            .replace("»", " ")
            .replace("!", " ")
            .split()
        )

    lines = [line.strip() for line in out.splitlines() if " → " in line]
    assert len(lines) >= 6
    for line in lines:
        before = line.split(": ", 1)[1].split(" → ")[0]
        for word in words(before):
            assert word in words(body) or word == "…", (word, line)


def test_verbose_lists_every_change_and_default_one_per_rule(sources):
    short = run("check", "--no-entities", str(sources / "a.md"))[1]
    full = run("check", "--no-entities", "--verbose", str(sources / "a.md"))[1]
    summary = json_summary(sources / "a.md")
    assert short.count(" → ") == len(summary["typography_by_rule"])
    assert full.count(" → ") == summary["typography_fixes"]


def test_block_numbers_are_those_of_the_source(tmp_path):
    first = "Le conseil municipal a voté jeudi soir un budget de huit cents millions d'euros."
    source = tmp_path / "a.md"
    source.write_text(
        post("Budget", f"{first}\n\n{first}\n\nUn vote «serré» selon les élus."),
        encoding="utf-8",
    )
    out = run("check", "--no-entities", "--verbose", str(source))[1]
    assert "block 2: Le conseil municipal" in out and "(repeats block 1)" in out
    quotes = [line for line in out.splitlines() if "«⍽" in line]
    assert quotes and all(line.strip().startswith("block 3:") for line in quotes)
    apostrophes = [line for line in out.splitlines() if "d’euros" in line]
    assert apostrophes and all(line.strip().startswith("block 1:") for line in apostrophes)


def test_a_file_that_cannot_be_read_is_an_error_for_that_file_only(sources, capsys):
    (sources / "directive.rst").write_text(
        "Vidéo\n#####\n\n:date: 2024-01-01\n\n.. youtube:: abc\n\nUn texte.\n",
        encoding="utf-8",
    )
    os.mkfifo(sources / "pipe.md")
    code, out = run("check", "--no-entities", str(sources))
    assert code == 2
    assert "error: 2 files could not be checked" in capsys.readouterr().err
    directive = out.split("directive.rst\n", 1)[1].split("\n", 1)[0]
    assert directive.startswith("  error: cannot be read:") and "youtube" in directive
    assert out.split("pipe.md\n", 1)[1].startswith("  error: not a regular file")
    assert out.count("1 repeated paragraph removed:") == 3  # the others were checked
    data = json.loads(run("check", "--no-entities", "--format", "json", str(sources))[1])
    assert data["summary"]["unchecked"] == 2


def test_json_is_utf8_whatever_the_file_names(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    name = os.path.join(os.fsencode(folder), b"caf\xe9-\xff.md")  # not UTF-8
    with open(name, "w", encoding="utf-8") as file:
        file.write(post("Café", "Un «essai»!"))
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    assert main(["check", "--no-entities", "--format", "json", str(folder)], stdout=stdout) == 0
    stdout.flush()
    data = json.loads(stdout.buffer.getvalue().decode("utf-8"))
    assert data["files"][0]["source"].endswith("caf\\xe9-\\xff.md")


def test_an_unexpected_error_is_one_line_and_exit_2(sources, capsys, monkeypatch):
    from pelican_newsclean import cli

    def broken(*args, **kwargs):
        raise RuntimeError("stage broke\non two lines")

    monkeypatch.setattr(cli, "prepare_post", broken)
    assert run("check", "--no-entities", str(sources / "a.md"))[0] == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "RuntimeError: stage broke on two lines" in err
    with pytest.raises(RuntimeError):
        run("check", "--no-entities", "--debug", str(sources / "a.md"))


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
    assert "4 repeated paragraphs removed:" in seed
    assert "Khalifa Haftar (Person)" in seed
