"""The package as users get it: a wheel built with `python -m build`, installed in a
fresh virtualenv, builds a site and runs `newsclean check`.

How the fresh venv gets the dependencies: installing spaCy, its model and Pelican
anew would take minutes and the network, so the venv (made without
--system-site-packages, and without this checkout on its path) reads them from
the test interpreter's site-packages through a .pth line. Such a line only adds
the folder to sys.path: the .pth files in it are not run, so the development
copy of pelican_newsclean installed there in editable mode is not importable,
and the venv's own site-packages (where the wheel goes) comes first. The wheel
is installed with --no-index: nothing is downloaded. The test checks that the
plugin the build ran is the wheel's.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import REPO, post

pytestmark = pytest.mark.slow

# What a clean source tree has not: build products, caches, this machine's outputs.
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
    ".ruff_cache", ".hypothesis", "test-artifacts", ".fuzz-corpus", "output", "cache",
)  # fmt: skip


def _run(command: list[str], cwd: Path, timeout: float = 600) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("build")
    source = tmp_path_factory.mktemp("source") / "pelican-newsclean"
    shutil.copytree(REPO, source, ignore=NOT_SOURCES)
    dist = source / "dist"
    # --no-isolation: the build requirements (setuptools) come from the test extras,
    # so the test needs no network.
    _run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)], source
    )
    (built,) = dist.glob("pelican_newsclean-*-py3-none-any.whl")
    return built


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory, wheel) -> Path:
    venv = tmp_path_factory.mktemp("venv") / "env"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], venv.parent)
    python = venv / "bin" / "python"
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], venv
    ).strip()
    dependencies = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    Path(purelib, "test-dependencies.pth").write_text(
        "".join(f"{folder}\n" for folder in sorted(dependencies)), encoding="utf-8"
    )
    _run(
        [
            sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index",
            "--no-deps", "--ignore-installed", "--no-compile", str(wheel),
        ],
        venv,
    )  # fmt: skip
    return venv


def test_the_wheel_holds_the_package_and_its_templates(wheel):
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    assert "pelican_newsclean/templates/newsclean_entity.html" in names
    assert "pelican_newsclean/templates/newsclean_entities.html" in names
    assert "pelican_newsclean/pelican_hooks.py" in names
    assert not any(name.startswith(("tests/", "example_site/")) for name in names)


def test_the_installed_wheel_builds_a_site_and_checks_posts(fresh_venv, tmp_path):
    python = str(fresh_venv / "bin" / "python")
    where = _run(
        [python, "-c", "import pelican_newsclean; print(pelican_newsclean.__file__)"], tmp_path
    )
    assert Path(where.strip()).is_relative_to(fresh_venv), where

    content = tmp_path / "content"
    content.mkdir()
    repeat = (
        "Le conseil municipal de Lyon a voté jeudi soir un budget de 812 millions d'euros "
        "pour l'année prochaine, en hausse de trois pour cent."
    )
    (content / "budget.md").write_text(
        post("Budget voté à Lyon", f"{repeat}\n\nLe maire parle «d'un budget juste»!\n\n{repeat}"),
        encoding="utf-8",
    )
    # Lyon in a second post: entity pages are for names of two posts or more.
    (content / "tram.md").write_text(
        post("Tramway", "Une nouvelle ligne de tramway ouvrira à Lyon en septembre."),
        encoding="utf-8",
    )
    (tmp_path / "pelicanconf.py").write_text(
        'SITENAME = "Essai"\nPATH = "content"\nTIMEZONE = "Europe/Paris"\n'
        'DEFAULT_LANG = "fr"\nPLUGINS = ["pelican_newsclean"]\n'
        'NEWSCLEAN = {"report": "report.json"}\n',
        encoding="utf-8",
    )
    out = _run(
        [python, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output",
         "--fatal", "errors"],
        tmp_path,
    )  # fmt: skip
    assert "newsclean: 2 posts, 1 repeat removed" in out
    page = (tmp_path / "output" / "budget-vote-a-lyon.html").read_text(encoding="utf-8")
    assert page.count("<p>Le conseil municipal de Lyon") == 1
    assert "«\u00a0d’un budget juste\u00a0»" in page
    assert '<script type="application/ld+json">' in page
    assert (tmp_path / "output" / "entities" / "lyon" / "index.html").exists()

    newsclean = str(fresh_venv / "bin" / "newsclean")
    report = _run([newsclean, "check", "--no-entities", "content"], tmp_path)
    assert "1 repeated paragraph removed:" in report
