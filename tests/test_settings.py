"""NEWSCLEAN validation: defaults, unknown keys, wrong types, front-matter switches."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import pelican_newsclean
from pelican_newsclean.settings import (
    STAGES,
    SettingsError,
    all_options,
    doubtful_values,
    load_settings,
    options_table_markdown,
    stages_skipped_by_metadata,
)

from .conftest import REPO


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
        ({"entities": {"n_process": -1}}, ["['n_process']", ">= 0"]),
        ({"workers": -1}, ["NEWSCLEAN['workers']", "an integer from 0 to"]),
        ({"workers": "2"}, ["NEWSCLEAN['workers']", "an integer from 0 to"]),
        ({"workers": 1.5}, ["NEWSCLEAN['workers']", "None"]),
        ({"dedup": {"containment": 10**400}}, ["['containment'] is 1000", "…", "between 0 and 1"]),
        ({"dedup": {"similarity": float("nan")}}, ["['similarity'] is nan"]),
        ({"entities": {"url": "{slug}/{"}}, ["['url']", "only placeholder"]),
        ({"entities": {"url": "{slug}/{}"}}, ["['url']", "only placeholder"]),
        ({"entities": {"url": "entities/"}}, ["['url']", "only placeholder"]),
        ({"entities": {"save_as": "..\\{slug}.html"}}, ["['save_as']", "inside the output"]),
        ({"entities": {"feed_atom": "C:/feeds/{slug}.xml"}}, ["['feed_atom']", "relative"]),
        ({"entities": {"model": "  "}}, ["['model']", "non-empty"]),
        ({"report": ""}, ["['report']", "not a folder"]),
        ({"report": str(REPO / "README.md" / "r.json")}, ["['report']", "README.md/r.json"]),
        (["dedup"], ["NEWSCLEAN is", "a dict"]),
    ],
)
def test_bad_settings_name_the_key_and_what_is_accepted(raw, names):
    with pytest.raises(SettingsError) as error:
        load_settings(raw)
    for name in names:
        assert name in str(error.value)


def test_float_options_accept_integers():
    settings = load_settings({"dedup": {"containment": 1, "similarity": 85}})
    assert (settings.dedup.containment, settings.dedup.similarity) == (1, 85)


def test_settings_are_frozen():
    settings = load_settings({"entities": {"aliases": {"Macron": "Emmanuel Macron"}}})
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.dedup.min_words = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        settings.entities.aliases["Borne"] = "Élisabeth Borne"  # type: ignore[index]
    assert settings.entities.ignore == ()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"dedup": {"similarity": 0.9}}, ["NEWSCLEAN['dedup']['similarity'] is 0.9", "0-100"]),
        ({"dedup": {"similarity": 1}}, ["['similarity'] is 1:"]),
        ({"dedup": {"similarity": 0}}, ["['similarity'] is 0:"]),
        ({"dedup": {"similarity": 1.5}}, []),
        ({"dedup": {"similarity": 85}}, []),
    ],
)
def test_doubtful_values_warn(raw, expected):
    doubts = doubtful_values(load_settings(raw))
    assert len(doubts) == (1 if expected else 0)
    for text in expected:
        assert text in doubts[0]


def test_settings_table_matches_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert options_table_markdown() in readme, "run: python -m pelican_newsclean settings-table"


def test_stage_modules_do_not_import_the_settings_module():
    """settings.py imports the stages' sections; the stages import options.py only."""
    package = Path(pelican_newsclean.__file__).parent
    for path in package.rglob("*.py"):
        # The modules that run the stages (not imported by settings.py) may.
        runners = {"cli.py", "pelican_hooks.py", "pipeline.py", "build.py", "post.py"}
        if path.name in {"settings.py", "__init__.py", *runners}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = ("." * node.level) + (node.module or "")
                assert module.lstrip(".") not in {"settings", "pelican_newsclean.settings"}, (
                    f"{path.name} imports {module}"
                )


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
