"""The content-hash result cache: hits, misses, corruption, versions, atomic writes."""

from __future__ import annotations

import gc
import json
import logging
import os
import subprocess
import sys
import textwrap

import pytest

from pelican_newsclean import cache as cache_module
from pelican_newsclean.cache import (
    CACHE_FORMAT,
    EncodedJSON,
    ResultCache,
    content_key,
    fingerprint_digest,
    plugin_version,
    write_json_atomically,
)

FP = {"model": "fr_core_news_sm", "model_version": "3.8.0", "gazetteer": []}


def filled(tmp_path, fingerprint=FP):
    c = ResultCache(tmp_path, "entities", fingerprint)
    c.put("Bonjour la Libye.", [[11, 16, "Place", "ner", None]])
    assert c.save()
    return c


def test_hit_after_save(tmp_path):
    filled(tmp_path)
    c = ResultCache(tmp_path, "entities", FP)
    assert c.get("Bonjour la Libye.") == [[11, 16, "Place", "ner", None]]
    assert (c.hits, c.misses) == (1, 0)


def test_encoded_entries_are_stored_as_they_are_and_read_back(tmp_path):
    c = ResultCache(tmp_path, "text", FP)
    value = {"content": "a\ud800b é", "changes": [["dedup", "x", 1, 2.5, None]]}
    c.put_encoded(c.key("encoded"), EncodedJSON.of(value))
    c.put("plain", [1])
    assert c.get("encoded") == value  # in the build that stored it
    assert c.save()
    again = ResultCache(tmp_path, "text", FP)
    assert (again.get("encoded"), again.get("plain")) == (value, [1])


def test_an_empty_cache_answers_without_hashing(tmp_path, monkeypatch):
    c = ResultCache(tmp_path, "text", FP)
    monkeypatch.setattr(cache_module, "content_key", None)  # would fail if called
    assert c.get("Bonjour") is None
    assert c.get_made(lambda: 1 / 0) is None  # nor is the text made
    assert (c.hits, c.misses) == (0, 2)
    monkeypatch.undo()
    c.put("Bonjour", [1])
    assert c.get_made(lambda: "Bonjour") == [1]


def test_miss_on_other_text_or_fingerprint(tmp_path):
    filled(tmp_path)
    assert ResultCache(tmp_path, "entities", FP).get("Autre texte.") is None
    other = dict(FP, model_version="3.8.1")
    assert ResultCache(tmp_path, "entities", other).get("Bonjour la Libye.") is None


def test_fingerprint_ignores_key_order_and_accepts_frozen_values():
    from types import MappingProxyType

    a = fingerprint_digest({"a": 1, "b": (1, 2), "c": MappingProxyType({"x": 1})})
    b = fingerprint_digest({"c": {"x": 1}, "b": [1, 2], "a": 1})
    assert a == b
    assert content_key("x", a) != content_key("y", a)


def test_no_directory_means_no_cache(tmp_path):
    c = ResultCache(None, "entities", FP)
    c.put("a", [])
    assert c.save() is False and c.get("b") is None


def test_unchanged_cache_is_not_rewritten(tmp_path):
    filled(tmp_path)
    path = tmp_path / "entities.json"
    before = path.stat().st_mtime_ns
    c = ResultCache(tmp_path, "entities", FP)
    c.get("Bonjour la Libye.")
    assert c.save() is False
    assert path.stat().st_mtime_ns == before


def test_entries_not_used_in_a_build_are_dropped(tmp_path):
    filled(tmp_path)
    c = ResultCache(tmp_path, "entities", FP)
    c.put("Un autre post.", [])
    c.save()
    data = json.loads((tmp_path / "entities.json").read_text(encoding="utf-8"))
    assert len(data["entries"]) == 1


@pytest.mark.parametrize(
    ("content", "level"),
    [
        (b'{"format": 1, "entries": {"ab', logging.WARNING),  # truncated
        (b"\x80\x81\x82 not utf-8", logging.WARNING),
        (b"[1, 2, 3]", logging.WARNING),  # JSON, but not ours
        (b"", logging.WARNING),
        # Outdated, as after an upgrade: rebuilt without a warning, which
        # `--fatal warnings` would turn into a failed build before the rewrite.
        (
            json.dumps(
                {"format": CACHE_FORMAT, "namespace": "entities", "plugin_version": "0.0.0-other"}
                | {"entries": {}}
            ).encode(),
            logging.INFO,
        ),
        (b'{"format": 1, "namespace": "entities", "entries": {}}', logging.INFO),
        (
            json.dumps(
                {"format": CACHE_FORMAT + 1, "namespace": "entities"} | {"entries": {}}
            ).encode(),
            logging.INFO,
        ),
    ],
    ids=["truncated", "binary", "foreign-json", "empty", "other-version", "old-format", "future"],
)
def test_bad_cache_files_are_ignored_and_rebuilt(tmp_path, caplog, content, level):
    path = tmp_path / "entities.json"
    path.write_bytes(content)
    with caplog.at_level(logging.INFO, logger="pelican_newsclean"):
        c = ResultCache(tmp_path, "entities", FP)
    assert [r.levelno for r in caplog.records] == [level]
    assert "rebuilding" in caplog.text
    assert c.get("Bonjour la Libye.") is None
    c.put("Bonjour la Libye.", [])
    assert c.save()
    assert ResultCache(tmp_path, "entities", FP).get("Bonjour la Libye.") == []


def test_unreadable_cache_file_is_ignored(tmp_path, caplog):
    (tmp_path / "entities.json").mkdir()  # a directory where the file should be
    with caplog.at_level(logging.WARNING, logger="pelican_newsclean"):
        c = ResultCache(tmp_path, "entities", FP)
        c.put("a", [])
        assert c.save() is False  # cannot replace a directory: logged, not raised
    assert "ignoring" in caplog.text and "could not write" in caplog.text


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    filled(tmp_path)
    path = tmp_path / "entities.json"
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(cache_module.os, "fsync", boom)
    with pytest.raises(OSError):
        write_json_atomically(path, {"x": 1})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["entities.json"]  # no temp file left


def test_atomic_write_keeps_lone_surrogates_as_escapes(tmp_path):
    # A post may hold a lone surrogate (a Python str can); UTF-8 cannot carry it.
    path = tmp_path / "text.json"
    data = {"content": "a\ud800b é"}
    write_json_atomically(path, data)
    assert json.loads(path.read_text(encoding="utf-8")) == data


def test_atomic_write_uses_replace(tmp_path, monkeypatch):
    calls = []
    real = os.replace

    def spy(src, dst):
        calls.append((os.path.dirname(src), str(dst)))
        real(src, dst)

    monkeypatch.setattr(cache_module.os, "replace", spy)
    write_json_atomically(tmp_path / "sub" / "x.json", {"a": 1})
    assert calls and calls[0][0] == str(tmp_path / "sub")
    assert json.loads((tmp_path / "sub" / "x.json").read_text()) == {"a": 1}


def test_cache_file_is_plain_json_with_versions(tmp_path):
    filled(tmp_path)
    data = json.loads((tmp_path / "entities.json").read_text(encoding="utf-8"))
    assert data["format"] == CACHE_FORMAT
    assert data["plugin_version"] == plugin_version()
    assert plugin_version() not in ("", None)


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


def test_entries_load_as_texts_decoded_when_asked(tmp_path):
    # One string per entry for the cycle collector, not the lists and dicts of its result.
    filled(tmp_path)
    data = json.loads((tmp_path / "entities.json").read_text(encoding="utf-8"))
    assert all(isinstance(text, str) for text in data["entries"].values())
    c = ResultCache(tmp_path, "entities", FP)
    tracked = [text for text in c._stored.values() if gc.is_tracked(text)]
    assert not tracked
    assert c.get("Bonjour la Libye.") == [[11, 16, "Place", "ner", None]]
    assert c.save() is False  # nothing changed
