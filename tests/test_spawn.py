"""Processes started by the plugin do not import the build's script again."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tests.quickstart_site import REPO

# A script with work at its top level: each process that imports it adds a
# line to the marker file.
SCRIPT = """
import os, sys
sys.path.insert(0, {repo!r})
with open({marker!r}, "a") as marker:
    marker.write(f"{{os.getpid()}}\\n")
if __name__ == "__main__":
    from concurrent.futures import ProcessPoolExecutor
    import multiprocessing
    from pelican_newsclean.spawn import spawn_context
    context = spawn_context() if {ours!r} else multiprocessing.get_context("spawn")
    main = sys.modules["__main__"]
    before = (main.__dict__.get("__file__"), main.__dict__.get("__spec__"))
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        assert pool.submit(os.getpid).result() != os.getpid()
    assert (main.__dict__.get("__file__"), main.__dict__.get("__spec__")) == before
"""


def _imports_of_the_script(tmp_path, ours: bool) -> int:
    marker = tmp_path / "imports.txt"
    script = tmp_path / "build.py"
    script.write_text(SCRIPT.format(repo=str(REPO), marker=str(marker), ours=ours))
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return len(marker.read_text().splitlines())


@pytest.mark.parametrize(("ours", "imports"), [(True, 1), (False, 2)])
def test_spawned_processes_do_not_run_the_script_again(tmp_path, ours, imports):
    # Python's own spawn context imports the script in the new process (2 lines).
    assert _imports_of_the_script(tmp_path, ours) == imports


def test_a_build_script_without_a_main_guard_builds_once(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    for number in range(60):  # enough posts for the cleaning workers to start
        (content / f"p{number}.md").write_text(
            f'Title: Article {number}\nDate: 2024-01-01\n\nIl a dit: "oui" à l\'assemblée.\n',
            encoding="utf-8",
        )
    (tmp_path / "conf.py").write_text(
        textwrap.dedent(
            """
            PATH = "content"
            SITENAME = "essai"
            DEFAULT_LANG = "fr"
            TIMEZONE = "Europe/Paris"
            PLUGINS = ["pelican_newsclean"]
            NEWSCLEAN = {"entities": {"enabled": False}}
            """
        )
    )
    (tmp_path / "build.py").write_text(
        f"import sys\nsys.path.insert(0, {str(REPO)!r})\nimport pelican\n"
        'pelican.main(["content", "-s", "conf.py", "-o", "out", "-q"])\n'
    )
    done = subprocess.run(
        [sys.executable, "build.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    log = done.stdout + done.stderr
    assert done.returncode == 0, log
    assert "bootstrapping phase" not in log
    assert log.count("newsclean: 60 posts") == 1
    page = (tmp_path / "out" / "article-7.html").read_text(encoding="utf-8")
    assert "dit\u00a0: «\u00a0oui\u00a0» à l’assemblée" in page
