"""Shared fixtures: build real Pelican sites in temporary folders."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_SITE = REPO / "example_site"
SEED_ARTICLE = REPO / "tests" / "data" / "seed-article.txt"

# The suite's profile explores the same examples at every run, so that a red CI
# always means a change broke something; `make fuzz` (the "long" profile) draws
# new ones, and each case it finds is pinned with @example.
settings.register_profile(
    "default",
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def best_seconds(function: Any, *args: Any, repeat: int = 3) -> float:
    """Best process time of ``function(*args)`` over ``repeat`` calls."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        function(*args)
        best = min(best, time.process_time() - started)
    return best


def grows_linearly(function: Any, small: Any, large: Any, factor: float) -> bool:
    """Whether ``function(large)``, ``factor`` times the work of ``function(small)``,
    costs well under ``factor`` squared times as much: a guard against quadratic
    work, measured side by side so that a loaded machine does not fail it."""
    return best_seconds(function, large) < best_seconds(function, small) * factor * factor / 2


def build_site(
    root: Path,
    files: dict[str, str],
    *,
    plugins: list[str] | None = None,
    **overrides: Any,
) -> Path:
    """Write ``files`` under ``root/content``, build with Pelican, return the output folder.

    The plugin is on unless ``plugins`` says otherwise; NER is off unless an
    override turns it on, so that most builds stay fast.
    """
    from pelican import Pelican
    from pelican.settings import read_settings

    content = root / "content"
    for name, text in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    content.mkdir(parents=True, exist_ok=True)
    output = root / "output"
    newsclean = overrides.pop("NEWSCLEAN", {"entities": {"enabled": False}})
    settings_dict = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(root / "cache"),
        "PLUGINS": ["pelican_newsclean"] if plugins is None else plugins,
        "NEWSCLEAN": newsclean,
        "DEFAULT_LANG": "fr",
        "TIMEZONE": "Europe/Paris",
        "SITEURL": "https://example.org",
        "FEED_ALL_ATOM": None,
        "CATEGORY_FEED_ATOM": None,
        "TRANSLATION_FEED_ATOM": None,
        "AUTHOR_FEED_ATOM": None,
        "AUTHOR_FEED_RSS": None,
        "PAGE_PATHS": ["pages"],
        "ARTICLE_EXCLUDES": ["pages"],
        "LOAD_CONTENT_CACHE": False,
        "THEME": "simple",
        **overrides,
    }
    pelican_settings = read_settings(path=None, override=settings_dict)
    Pelican(pelican_settings).run()
    return output


@pytest.fixture
def site(tmp_path: Path):
    """A function building a site in this test's temporary folder."""

    def build(files: dict[str, str], **kwargs: Any) -> Path:
        return build_site(tmp_path, files, **kwargs)

    return build


@pytest.fixture(scope="session", autouse=True)
def _one_spacy_load_per_test_process():
    """Builds load spaCy once each; tests build many sites, so share one load, in
    the test process (tests/test_ner_process.py covers the model's own process).

    Only the tests do this: a real build loads the model once, in its process.
    """
    import functools

    from pelican_newsclean.build import BuildSlot
    from pelican_newsclean.entities import stage

    original = stage.load_pipeline
    stage.load_pipeline = functools.lru_cache(maxsize=4)(
        lambda model, gazetteer=(): original(model, tuple(gazetteer))
    )
    BuildSlot.model_in_child = False
    yield
    BuildSlot.model_in_child = True
    stage.load_pipeline = original


@pytest.fixture(scope="session")
def example_output(tmp_path_factory) -> Path:
    """The example site, built once per test process with its own pelicanconf.py."""
    from pelican import Pelican
    from pelican.settings import read_settings

    output = tmp_path_factory.mktemp("example-output")
    cwd = os.getcwd()
    os.chdir(EXAMPLE_SITE)
    try:
        settings = read_settings(
            str(EXAMPLE_SITE / "pelicanconf.py"),
            override={
                "OUTPUT_PATH": str(output),
                "CACHE_PATH": str(output.parent / "example-cache"),
            },
        )
        Pelican(settings).run()
    finally:
        os.chdir(cwd)
    return output


@pytest.fixture(autouse=True)
def _quiet_pelican_logs(caplog):
    caplog.set_level(logging.WARNING)
    yield


def post(title: str, body: str, **metadata: str) -> str:
    """A Markdown post with front matter."""
    header = {"Title": title, "Date": "2024-05-01 10:00", "Category": "Essais", **metadata}
    front = "\n".join(f"{key}: {value}" for key, value in header.items())
    return f"{front}\n\n{body}\n"


def cache_entries(folder: Path, stage: str) -> dict[str, Any]:
    """The rows of ``stage`` in the cache database in ``folder``: key -> value."""
    import json
    import sqlite3

    from pelican_newsclean.cache import DATABASE_NAME

    db = sqlite3.connect(folder / DATABASE_NAME)
    try:
        rows = db.execute("SELECT key, value FROM entries WHERE stage = ?", (stage,)).fetchall()
    finally:
        db.close()
    return {key: json.loads(value) for key, value in rows}


def set_cache_entry(folder: Path, stage: str, key: str, value: Any) -> None:
    """Overwrite one row of the cache database in ``folder`` with ``value`` as JSON."""
    import json
    import sqlite3

    from pelican_newsclean.cache import DATABASE_NAME

    db = sqlite3.connect(folder / DATABASE_NAME)
    try:
        with db:
            db.execute(
                "UPDATE entries SET value = ? WHERE stage = ? AND key = ?",
                (json.dumps(value).encode(), stage, key),
            )
    finally:
        db.close()
