"""NEWSCLEAN validation: defaults, unknown keys, wrong types, front-matter switches."""

from __future__ import annotations

import pytest

from pelican_newsclean.settings import (
    STAGES,
    SettingsError,
    all_options,
    load_settings,
    stages_skipped_by_metadata,
)


def test_defaults_are_documented_and_valid():
    settings = load_settings(None)
    for section, options in all_options().items():
        for option in options:
            assert option.doc.strip(), f"{section}.{option.name} has no documentation"
            owner = settings.general if section == "" else getattr(settings, section)
            assert getattr(owner, option.name) == option.validate(option.default, option.name)


def test_overrides_are_merged_with_defaults():
    settings = load_settings({"dedup": {"min_words": 6}, "strict": True})
    assert settings.dedup.min_words == 6
    assert settings.dedup.min_chars == 50
    assert settings.strict is True
    assert settings.typography.enabled is True


def test_section_shorthand_switches_a_stage_off():
    settings = load_settings({"entities": False})
    assert not settings.stage_enabled("entities")
    assert settings.stage_enabled("dedup")


def test_plugin_switch_turns_every_stage_off():
    settings = load_settings({"enabled": False})
    assert not any(settings.stage_enabled(stage) for stage in STAGES)


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ({"dedupp": {}}, ["'dedupp'", "Did you mean 'dedup'?"]),
        ({"dedup": {"min_word": 3}}, ["NEWSCLEAN['dedup']", "'min_word'", "'min_words'"]),
        ({"dedup": {"containment": 2}}, ["NEWSCLEAN['dedup']['containment']", "between 0 and 1"]),
        ({"dedup": {"min_chars": "50"}}, ["['min_chars']", "an integer"]),
        ({"dedup": {"min_chars": True}}, ["['min_chars']", "True"]),
        ({"typography": {"guillemet_space": "thin"}}, ["'thin'", "'nbsp', 'narrow'"]),
        ({"strict": "yes"}, ["NEWSCLEAN['strict']", "True or False"]),
        ({"entities": 3}, ["NEWSCLEAN['entities']", "a dict of options"]),
        ({"entities": {"n_process": 0}}, ["['n_process']", ">= 1"]),
        ({"workers": -1}, ["NEWSCLEAN['workers']", "an integer >= 0"]),
        ({"workers": "2"}, ["NEWSCLEAN['workers']", "an integer >= 0"]),
        ({"workers": 1.5}, ["NEWSCLEAN['workers']", "None"]),
        (["dedup"], ["NEWSCLEAN is", "a dict"]),
    ],
)
def test_bad_settings_name_the_key_and_what_is_accepted(raw, names):
    with pytest.raises(SettingsError) as error:
        load_settings(raw)
    for name in names:
        assert name in str(error.value)


def test_lists_are_frozen():
    settings = load_settings({"entities": {"n_process": 2}})
    with pytest.raises(TypeError):
        settings.dedup.values["min_words"] = 3  # type: ignore[index]


@pytest.mark.parametrize(
    ("value", "skipped", "problem"),
    [
        (None, set(), False),
        ("off", set(STAGES), False),
        ("Off", set(STAGES), False),
        ("false", set(STAGES), False),
        (False, set(STAGES), False),
        ("on", set(), False),
        ("typography", {"typography"}, False),
        ("no-dedup, entities", {"dedup", "entities"}, False),
        ("skip: typography; entities", {"typography", "entities"}, False),
        (["dedup"], {"dedup"}, False),
        ("typo", set(), True),
    ],
)
def test_front_matter_switch(value, skipped, problem):
    stages, message = stages_skipped_by_metadata(value)
    assert set(stages) == skipped
    assert (message is not None) == problem
    if problem:
        assert "'typo'" in message and "typography" in message
