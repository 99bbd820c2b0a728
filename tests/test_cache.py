"""The content-hash result cache: hits, misses, pruning, concurrent builds, damage."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from pelican_newsclean import cache as cache_module
from pelican_newsclean.cache import (
    DATABASE_NAME,
    CacheStore,
    ResultCache,
    content_key,
    fingerprint_digest,
    write_json_atomically,
)

FP = {"model": "fr_core_news_sm", "model_version": "3.8.0", "gazetteer": []}
MENTIONS = [[11, 16, "Place", "ner", None]]


def filled(folder, fingerprint=FP):
    c = ResultCache(folder, "entities", fingerprint)
    c.put("Bonjour la Libye.", MENTIONS)
    c.save()
    return c


def rows(folder):
    db = sqlite3.connect(folder / DATABASE_NAME)
    try:
        return db.execute("SELECT stage, key, value, used FROM entries").fetchall()
    finally:
        db.close()


def test_hit_after_save(tmp_path):
    filled(tmp_path)
    c = ResultCache(tmp_path, "entities", FP)
    assert c.get("Bonjour la Libye.") == MENTIONS
    assert c.hits == 1 and c.misses == 0


def test_miss_on_other_text_fingerprint_or_stage(tmp_path):
    filled(tmp_path)
    assert ResultCache(tmp_path, "entities", FP).get("Autre texte.") is None
    assert ResultCache(tmp_path, "entities", {**FP, "model": "x"}).get("Bonjour la Libye.") is None
    assert ResultCache(tmp_path, "canonical", FP).get("Bonjour la Libye.") is None


def test_a_change_of_the_plugin_s_code_is_a_miss(tmp_path, monkeypatch):
    filled(tmp_path)
    monkeypatch.setattr(cache_module, "code_version", lambda: "0.1.0+changed")
    assert ResultCache(tmp_path, "entities", FP).get("Bonjour la Libye.") is None


def test_the_source_digest_follows_every_python_file(tmp_path):
    (tmp_path / "stage").mkdir()
    (tmp_path / "stage" / "rules.py").write_text("RULES = 1\n")
    (tmp_path / "notes.txt").write_text("not code")
    first = cache_module.source_digest(tmp_path)
    (tmp_path / "notes.txt").write_text("still not code")
    assert cache_module.source_digest(tmp_path) == first
    (tmp_path / "stage" / "rules.py").write_text("RULES = 2\n")
    second = cache_module.source_digest(tmp_path)
    assert second != first
    (tmp_path / "stage" / "rules.py").rename(tmp_path / "rules.py")  # same bytes, moved
    assert cache_module.source_digest(tmp_path) not in {first, second}
    assert cache_module.code_version().startswith(cache_module.plugin_version() + "+")


def test_fingerprint_ignores_key_order_and_accepts_frozen_values():
    a = fingerprint_digest({"a": 1, "b": (1, 2), "c": frozenset()})
    b = fingerprint_digest({"c": [], "b": [1, 2], "a": 1})
    assert a == b
    assert content_key("x", a) != content_key("y", a)


def test_no_location_means_no_cache(tmp_path):
    c = ResultCache(None, "entities", FP)
    c.put("x", 1)
    c.save()
    assert c.get("x") is None
    assert list(tmp_path.iterdir()) == []


def test_stages_share_one_database_written_in_one_transaction_each(tmp_path):
    store = CacheStore(tmp_path)
    texts, visible = ResultCache(store, "text", {}), ResultCache(store, "visible", {})
    texts.put("a", {"content": "A"})
    visible.put("a", "A")
    assert texts.get("a") == {"content": "A"}  # put earlier in this build
    texts.save()
    visible.save()
    store.close()
    assert sorted(stage for stage, *_ in rows(tmp_path)) == ["text", "visible"]
    assert [p.name for p in tmp_path.iterdir()] == [DATABASE_NAME]


def test_lone_surrogates_survive_a_round_trip(tmp_path):
    c = ResultCache(tmp_path, "text", {})
    c.put("a\ud800", {"content": "a\ud800b é"})
    c.save()
    assert ResultCache(tmp_path, "text", {}).get("a\ud800") == {"content": "a\ud800b é"}


def test_entries_no_build_used_recently_are_pruned(tmp_path, monkeypatch):
    filled(tmp_path)
    month = cache_module.PRUNE_AFTER_DAYS * 86400
    later = time.time() + month + 3600
    monkeypatch.setattr(cache_module.time, "time", lambda: later)
    c = ResultCache(tmp_path, "entities", FP)
    c.put("Autre texte.", [])
    c.save()
    assert ResultCache(tmp_path, "entities", FP).get("Bonjour la Libye.") is None
    assert len(rows(tmp_path)) == 1


def test_entries_read_are_marked_used_and_kept(tmp_path, monkeypatch):
    filled(tmp_path)
    day = cache_module.TOUCH_AFTER_SECONDS
    month = cache_module.PRUNE_AFTER_DAYS * 86400
    now = time.time()
    for when in (now + 2 * day, now + month + 3 * day):
        monkeypatch.setattr(cache_module.time, "time", lambda when=when: when)
        c = ResultCache(tmp_path, "entities", FP)
        assert c.get("Bonjour la Libye.") == MENTIONS  # read, then marked used
        c.save()


def test_a_warm_build_that_only_reads_writes_nothing(tmp_path):
    filled(tmp_path)
    before = rows(tmp_path)
    c = ResultCache(tmp_path, "entities", FP)
    assert c.get("Bonjour la Libye.") == MENTIONS
    c.save()
    assert rows(tmp_path) == before


def test_two_builds_at_once_both_read_and_write(tmp_path):
    """Two stores on the same file (two builds): WAL lets one read while the other writes."""
    filled(tmp_path)
    one, two = CacheStore(tmp_path), CacheStore(tmp_path)
    first, second = ResultCache(one, "entities", FP), ResultCache(two, "entities", FP)
    assert first.get("Bonjour la Libye.") == second.get("Bonjour la Libye.") == MENTIONS
    first.put("Un.", [])
    second.put("Deux.", [])
    first.save()
    assert second.get("Un.") == []  # committed by the other build
    second.save()
    one.close()
    two.close()
    assert len(rows(tmp_path)) == 3


def _run_builds_in_processes(folder, count):
    script = textwrap.dedent(
        f"""
        import sys
        from pelican_newsclean.cache import ResultCache
        n = int(sys.argv[1])
        for round in range(20):
            c = ResultCache({str(folder)!r}, "text", {{}})
            for i in range(50):
                c.get(f"{{i}}")
                c.put(f"{{n}}-{{round}}-{{i}}", {{"n": n}})
            c.save()
        """
    )
    return [
        subprocess.Popen([sys.executable, "-c", script, str(n)], stderr=subprocess.PIPE)
        for n in range(count)
    ]


def test_concurrent_builds_in_processes_lose_nothing(tmp_path):
    processes = _run_builds_in_processes(tmp_path, 3)
    errors = [p.communicate(timeout=120)[1] for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], errors
    assert not any(errors), errors
    assert len(rows(tmp_path)) == 3 * 20 * 50


def test_builds_starting_together_on_a_new_cache_set_nothing_aside(tmp_path, caplog):
    # The race CI met: one build saw the table another had just made without its
    # layout, and moved the file aside under the feet of the other builds.
    def open_at_once(folder):
        barrier = threading.Barrier(6)

        def build():
            store = CacheStore(folder)
            barrier.wait()
            store.has("text", "x")
            store.close()

        threads = [threading.Thread(target=build) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    with caplog.at_level(logging.WARNING, logger="pelican_newsclean"):
        for round in range(40):
            open_at_once(tmp_path / str(round))
    assert caplog.text == ""
    database = {DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm"}
    for folder in tmp_path.iterdir():
        names = {p.name for p in folder.iterdir()}
        assert DATABASE_NAME in names and names <= database, names


def test_a_new_cache_is_made_in_place_where_hard_links_fail(tmp_path, monkeypatch):
    def no_links(source, target):
        raise PermissionError("no hard links on this file system")

    monkeypatch.setattr(cache_module.os, "link", no_links)
    filled(tmp_path)
    assert ResultCache(tmp_path, "entities", FP).get("Bonjour la Libye.") == MENTIONS
    assert not list(tmp_path.glob(".*.new"))  # the file it could not link is gone


def test_a_cache_another_build_holds_is_not_set_aside(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(cache_module, "BUSY_TIMEOUT_SECONDS", 0.1)
    (tmp_path / DATABASE_NAME).write_bytes(b"")  # an empty database: its table is made in place
    holder = sqlite3.connect(tmp_path / DATABASE_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with caplog.at_level(logging.WARNING, logger="pelican_newsclean"):
            assert not CacheStore(tmp_path).has("text", "x")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "busy" in caplog.text and "building without it" in caplog.text
    assert _damaged(tmp_path) == []


def test_cache_file_is_sqlite_with_one_table(tmp_path):
    filled(tmp_path)
    with sqlite3.connect(tmp_path / DATABASE_NAME) as db:
        tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        assert tables == [("entries",)]
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("PRAGMA user_version").fetchone() == (cache_module.SCHEMA_VERSION,)


def _damaged(folder):
    """What stands in ``folder`` after a build found its cache damaged."""
    return sorted(p.name.split(".damaged-")[0] + "+aside" for p in folder.glob("*.damaged-*"))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: path.write_bytes(b"not a database" * 100), id="garbage"),
        pytest.param(lambda path: path.write_bytes(path.read_bytes()[:1500]), id="truncated"),
        pytest.param(lambda path: path.write_bytes(b""), id="empty"),
        pytest.param(lambda path: (path.unlink(), path.mkdir()), id="folder"),
        pytest.param(lambda path: (path.unlink(), os.mkfifo(path)), id="fifo"),
        pytest.param(lambda path: (path.unlink(), path.symlink_to("/dev/zero")), id="device"),
        pytest.param(
            lambda path: (
                path.unlink(),
                sqlite3.connect(path).execute("CREATE TABLE other (x)").connection.commit(),
            ),
            id="foreign",
        ),
    ],
)
def test_a_damaged_database_is_moved_aside_with_a_warning_and_rebuilt(tmp_path, damage, caplog):
    # Many rows, so that a truncated file has pages that point past its end.
    c = ResultCache(tmp_path, "entities", FP)
    for i in range(300):
        c.put(f"texte {i}", MENTIONS * 20)
    c.save()
    damage(tmp_path / DATABASE_NAME)
    with caplog.at_level(logging.WARNING, logger="pelican_newsclean"):
        c = ResultCache(tmp_path, "entities", FP)
        misses = [c.get(f"texte {i}") for i in range(300)]
        c.put("Bonjour la Libye.", MENTIONS)
        c.save()
    assert "moved to" in caplog.text or not any(misses), caplog.text
    assert ResultCache(tmp_path, "entities", FP).get("Bonjour la Libye.") == MENTIONS
    assert _damaged(tmp_path) in ([], [f"{DATABASE_NAME}+aside"])


def test_a_file_where_the_cache_folder_should_be_is_moved_aside(tmp_path, caplog):
    folder = tmp_path / "newsclean"
    folder.write_text("a file", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="pelican_newsclean"):
        filled(folder)
    assert "moved to" in caplog.text
    assert ResultCache(folder, "entities", FP).get("Bonjour la Libye.") == MENTIONS
    assert _damaged(tmp_path) == ["newsclean+aside"]


def test_an_unusable_folder_means_no_cache_not_a_failed_build(tmp_path, caplog):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked").chmod(0o500)
    try:
        with caplog.at_level(logging.WARNING, logger="pelican_newsclean"):
            c = ResultCache(tmp_path / "locked" / "newsclean", "entities", FP)
            assert c.get("x") is None
            c.put("x", 1)
            c.save()
    finally:
        (tmp_path / "locked").chmod(0o700)
    if os.geteuid() != 0:  # root writes anywhere
        assert "building without it" in caplog.text


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="nested"),
        pytest.param(b'{"content": "abc', id="truncated"),
        pytest.param(b"\xff\xfe", id="not-utf8"),
        pytest.param(b"x" * 5000, id="huge"),
    ],
)
def test_a_hostile_entry_is_a_miss_with_a_warning(tmp_path, monkeypatch, value, caplog):
    monkeypatch.setattr(cache_module, "MAX_ENTRY_BYTES", 4096)
    filled(tmp_path)
    with sqlite3.connect(tmp_path / DATABASE_NAME) as db:
        db.execute("UPDATE entries SET value = ?", (value,))
    with caplog.at_level(logging.WARNING, logger="pelican_newsclean"):
        assert ResultCache(tmp_path, "entities", FP).get("Bonjour la Libye.") is None
    assert "unreadable or oversized" in caplog.text
    filled(tmp_path)  # and rewritten by the build
    assert ResultCache(tmp_path, "entities", FP).get("Bonjour la Libye.") == MENTIONS


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "report.json"
    write_json_atomically(path, {"x": 0})
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(cache_module.os, "fsync", boom)
    with pytest.raises(OSError):
        write_json_atomically(path, {"x": 1})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temp file left


def test_atomic_write_keeps_lone_surrogates_as_escapes(tmp_path):
    # A post may hold a lone surrogate (a Python str can); UTF-8 cannot carry it.
    path = tmp_path / "report.json"
    data = {"content": "a\ud800b é"}
    write_json_atomically(path, data, indent=2)
    assert json.loads(path.read_text(encoding="utf-8")) == data


def test_full_hit_build_does_not_import_spacy(tmp_path):
    """A second build where every post hits the cache never imports spaCy at all."""
    from pelican_newsclean.entities import EntityStage
    from pelican_newsclean.entities.extract import Mention

    class Once:
        def pipe(self, texts, **kwargs):
            raise AssertionError("not used: mentions come from the stub below")

    # Fill the cache as a real build would, without a model.
    stage = EntityStage(None, tmp_path, loader=lambda *a: Once())
    c = ResultCache(tmp_path, "entities", stage.fingerprint())
    c.put("La Libye.", [Mention(3, 8, "Place").to_json()])
    c.save()

    script = textwrap.dedent(
        f"""
        import sys
        from pelican_newsclean.entities import EntityStage, PostInput
        def loader(*args):
            raise SystemExit("the model was loaded")
        stage = EntityStage(None, {str(tmp_path)!r}, loader=loader)
        result = stage.run([PostInput("La Libye.")])[0]
        assert [e.name for e in result.entities] == ["Libye"], result
        assert "spacy" not in sys.modules, "spaCy was imported"
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


@pytest.mark.parametrize("damage", ["fifo", "folder", "garbage"])
def test_a_build_with_a_damaged_cache_warns_and_publishes_the_same_site(tmp_path, damage, caplog):
    from .conftest import build_site, post

    files = {"a.md": post("Lyon", "La ville de Lyon vote son «budget»!")}

    def pages(output):
        return {p.relative_to(output): p.read_bytes() for p in sorted(output.rglob("*.html"))}

    cold = pages(build_site(tmp_path, files))
    database = tmp_path / "cache" / "newsclean" / DATABASE_NAME
    database.unlink()
    if damage == "fifo":
        os.mkfifo(database)
    elif damage == "folder":
        database.mkdir()
    else:
        database.write_bytes(b"\0garbage" * 512)
    with caplog.at_level(logging.WARNING, logger="pelican_newsclean"):
        assert pages(build_site(tmp_path, files)) == cold
    assert "moved to" in caplog.text
    assert ResultCache(database.parent, "text", {}).get("x") is None  # a database again


@pytest.mark.parametrize("value", [b"{}", b'""', b"[[]]", b"null"])
def test_hostile_entity_rows_are_recomputed_not_read_as_no_entities(tmp_path, value):
    """Found by make soak: a row of `{}` iterated as an empty list of mentions."""
    from .conftest import build_site, post

    files = {"a.md": post("Lyon", "Le maire de Lyon, Grégory Doucet, a reçu Anne Hidalgo.")}
    newsclean = {"entities": {"enabled": True}, "report": str(tmp_path / "report.json")}

    def posts():
        build_site(tmp_path, files, NEWSCLEAN=newsclean)
        return json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["posts"]

    cold = posts()
    assert cold[0]["entities"]
    db = sqlite3.connect(tmp_path / "cache" / "newsclean" / DATABASE_NAME)
    try:
        with db:
            db.execute("UPDATE entries SET value = ? WHERE stage != 'builds'", (value,))
    finally:
        db.close()
    assert posts() == cold
