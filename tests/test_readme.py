"""The README's promises: its settings example builds, its links lead somewhere, its
pre-commit hook runs."""

from __future__ import annotations

import re
import runpy

import pytest

from pelican_newsclean.cli import main
from pelican_newsclean.settings import load_settings

from .conftest import REPO, post

README = (REPO / "README.md").read_text(encoding="utf-8")
EXAMPLE = REPO / "docs" / "pelicanconf-example.py"


def test_the_settings_example_is_the_file_a_test_builds():
    block = README.split("<!-- settings-example:start -->\n", 1)[1].split("\n<!--", 1)[0]
    example = EXAMPLE.read_text(encoding="utf-8").rstrip("\n")
    assert block == f"```python\n{example}\n```", "run: python scripts/update_readme.py"


def test_the_settings_example_builds_a_site(site):
    settings = runpy.run_path(str(EXAMPLE))
    load_settings(settings["NEWSCLEAN"])  # a bad key would raise here with its name
    newsclean = {**settings["NEWSCLEAN"], "report": None}
    source = post(
        "L'ANL reçoit une délégation",
        "L'ANL a reçu mardi à Benghazi une délégation du ministère russe de la Défense "
        "pour la XIe fois, selon «un communiqué».",
    )
    # A second post names the ANL too: entity pages are for names of two posts.
    follow_up = post("Benghazi", "L'Armée nationale libyenne a défilé jeudi à Benghazi.")
    output = site(
        {"anl.md": source, "defile.md": follow_up},
        PLUGINS=settings["PLUGINS"],
        DEFAULT_LANG=settings["DEFAULT_LANG"],
        NEWSCLEAN=newsclean,
    )
    page = (output / "lanl-recoit-une-delegation.html").read_text(encoding="utf-8")
    assert "«\u202fun communiqué\u202f»" in page  # guillemet_space: narrow
    assert "XIe fois" in page  # the ordinal rule is off
    assert (output / "entities" / "armee-nationale-libyenne" / "index.html").exists()


def test_every_local_link_and_image_of_the_readme_exists():
    targets = re.findall(r"\]\(((?!https?://|#)[^)\s]+)\)", README)
    assert len(targets) >= 8
    for target in targets:
        assert (REPO / target).exists(), target


def test_the_readme_leaves_lab_notes_to_docs():
    assert len(README.splitlines()) < 360
    for lab_note in ("callgrind", "F_SETPIPE_SZ", "64 KiB", "objects tracked"):
        assert lab_note not in README


@pytest.mark.parametrize(("body", "code"), [("Un texte «propre»!", 1), ("Un texte sûr.", 0)])
def test_the_pre_commit_hook_runs_newsclean_check_strict(tmp_path, body, code):
    hooks = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    (entry,) = re.findall(r"^\s+entry: (.+)$", hooks, re.M)
    command, *arguments = entry.split()
    assert command == "newsclean" and "--strict" in arguments
    (files,) = re.findall(r"^\s+files: (.+)$", hooks, re.M)
    staged = tmp_path / "post.md"
    assert re.search(files, staged.name)
    staged.write_text(post("Essai", body), encoding="utf-8")
    assert main([*arguments, str(staged)]) == code
