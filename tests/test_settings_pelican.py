"""NEWSCLEAN errors inside real Pelican builds: caught before any post is read,
reported in one line naming the key, without a traceback."""

from __future__ import annotations

import logging
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pelican_newsclean.pelican_hooks import BuildStopped
from pelican_newsclean.settings import SettingsError

from .conftest import post
from .test_pelican_hooks import pelican_command_line

POST = post(
    "Budget voté à Lyon",
    "Le conseil municipal de Lyon a voté jeudi soir un budget de 812 millions d'euros.",
)


@pytest.mark.parametrize(
    ("newsclean", "key"),
    [
        # Each of these passed validation, then crashed the build late.
        ({"entities": {"url": "entities/{x}/{slug}/"}}, "['url']"),
        ({"entities": {"url": "entities/{}/{slug}/"}}, "['url']"),
        ({"entities": {"url": "entities/{slug}/{"}}, "['url']"),
        ({"entities": {"save_as": "../elsewhere/{slug}.html"}}, "['save_as']"),
        ({"entities": {"save_as": "/tmp/entities/{slug}.html"}}, "['save_as']"),
        ({"entities": {"feed_atom": "feeds/../../{slug}.xml"}}, "['feed_atom']"),
        ({"entities": {"feed_atom": "/var/feeds/{slug}.xml"}}, "['feed_atom']"),
        ({"entities": {"index_save_as": "../index.html"}}, "['index_save_as']"),
        ({"entities": {"model": ""}}, "['model']"),
        ({"dedup": {"containment": 10**400}}, "['containment']"),
        ({"report": "."}, "['report']"),
        # These built, but not as meant: a file without a name, 256 processes.
        ({"entities": {"save_as": "entities/{slug}/"}}, "['save_as']"),
        ({"report": "reports/"}, "['report']"),
        ({"workers": 256}, "['workers']"),
    ],
)
def test_values_that_crashed_late_stop_the_build_up_front(site, tmp_path, newsclean, key):
    newsclean = {"entities": {"enabled": False, **newsclean.get("entities", {})}, **newsclean}
    with pytest.raises(BuildStopped) as stopped:
        site({"budget.md": POST}, NEWSCLEAN=newsclean)
    error = stopped.value.__cause__
    assert isinstance(error, SettingsError)
    assert key in str(error) and "accepted:" in str(error)
    assert len(str(error)) < 300 and "\n" not in str(error)
    assert not (tmp_path / "output").exists(), "stopped before anything was written"


def test_a_doubtful_value_warns_and_builds(site, caplog):
    with caplog.at_level(logging.WARNING, logger="pelican_newsclean"):
        output = site({"budget.md": POST}, NEWSCLEAN={"dedup": {"similarity": 0.9}})
    assert (output / "budget-vote-a-lyon.html").exists()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("['similarity'] is 0.9" in w and "0-100" in w for w in warnings), warnings


def pelican(folder: Path, newsclean: str, *options: str) -> subprocess.CompletedProcess[str]:
    """``pelican content`` on one French post, with ``NEWSCLEAN = newsclean``."""
    return pelican_command_line(
        folder,
        f'PLUGINS = ["pelican_newsclean"]\nTIMEZONE = "UTC"\nDEFAULT_LANG = "fr"\n'
        f"NEWSCLEAN = {newsclean}\n",
        *options,
    )


@pytest.mark.parametrize("options", [(), ("--fatal", "errors")])
def test_a_bad_setting_is_one_line_without_traceback(tmp_path, monkeypatch, options):
    monkeypatch.setenv("COLUMNS", "200")  # Pelican's console wraps at 80 otherwise
    result = pelican(tmp_path, '{"dedup": {"min_word": 3}}', *options)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if "newsclean" in line]
    assert len(lines) == 1, output
    assert "NEWSCLEAN['dedup']" in lines[0] and "'min_word'" in lines[0]
    assert "Did you mean 'min_words'?" in output
    assert len(output.strip().splitlines()) <= 3, output
    assert not (tmp_path / "out").exists()


def test_a_bad_setting_shows_its_traceback_under_debug(tmp_path):
    result = pelican(tmp_path, '{"entities": {"url": "{x}/{slug}"}}', "--debug")
    assert result.returncode == 1
    assert "Traceback" in result.stdout + result.stderr
    assert "SettingsError" in result.stdout + result.stderr


def test_a_missing_model_is_one_line_without_traceback(tmp_path):
    result = pelican(tmp_path, '{"entities": {"model": "fr_no_such_model_sm"}}')
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert "'fr_no_such_model_sm'" in output and "pip install" in output


def test_a_bad_setting_under_autoreload_waits_for_the_next_edit(tmp_path):
    """``pelican --autoreload`` reports the error and keeps watching: fixing the
    setting rebuilds the site, with no restart."""
    settings = 'PLUGINS = ["pelican_newsclean"]\nTIMEZONE = "UTC"\nNEWSCLEAN = {}\n'
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text(POST, encoding="utf-8")
    (tmp_path / "pelicanconf.py").write_text(settings, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "out", "-r"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()

    def read_output() -> None:
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=read_output, daemon=True).start()

    def wait_for(text: str) -> str:
        seen = ""
        deadline = time.monotonic() + 60
        while text not in seen:
            seen += lines.get(timeout=max(0.1, deadline - time.monotonic()))
        return seen

    try:
        wait_for("Done:")
        time.sleep(1)  # the watcher starts after the first build
        bad = settings.replace("{}", '{"dedup": {"min_word": 3}}')
        (tmp_path / "pelicanconf.py").write_text(bad, encoding="utf-8")
        assert "'min_word'" in wait_for("Did you mean")
        assert process.poll() is None, "the reload loop ended"
        (tmp_path / "pelicanconf.py").write_text(settings, encoding="utf-8")
        wait_for("Done:")
    finally:
        process.terminate()
        process.wait(timeout=30)
