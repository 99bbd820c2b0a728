"""The cycle collector pause around the stages and cache loads."""

from __future__ import annotations

import gc

import pytest

from pelican_newsclean.gcpause import collection_paused


@pytest.fixture(autouse=True)
def _restore_the_collector():
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_restored_even_after_an_error(enabled):
    (gc.enable if enabled else gc.disable)()
    with pytest.raises(KeyError), collection_paused():
        assert not gc.isenabled()
        raise KeyError("boom")
    assert gc.isenabled() is enabled


def test_nested_pauses_end_with_the_outermost():
    gc.enable()
    with collection_paused():
        with collection_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_stages_run_with_it_paused_and_give_it_back(monkeypatch):
    from pelican_newsclean import dedup, typography
    from pelican_newsclean.dedup import stage as dedup_stage
    from pelican_newsclean.settings import load_settings

    seen = []

    def spy(function):
        def recorded(*args, **kwargs):
            seen.append((function.__name__, gc.isenabled()))
            return function(*args, **kwargs)

        return recorded

    monkeypatch.setattr(dedup_stage, "comparison_keys", spy(dedup_stage.comparison_keys))
    monkeypatch.setattr(typography, "rewrite_nodes", spy(typography.rewrite_nodes))
    gc.enable()
    settings = load_settings({})
    paragraph = "<p>Le conseil a voté mardi un budget de 812 millions d'euros !</p>"
    dedup.strip_repeated_paragraphs(paragraph * 2, settings.dedup)
    typography.fix_typography(paragraph, settings.typography, lang="fr")
    assert {name for name, _ in seen} == {"comparison_keys", "rewrite_nodes"}
    assert not any(enabled for _, enabled in seen)
    assert gc.isenabled()
