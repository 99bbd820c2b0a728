"""build.Build: what tells a build whether the last build's results still hold."""

from __future__ import annotations

import pytest

from pelican_newsclean.build import Build
from pelican_newsclean.settings import load_settings


@pytest.mark.parametrize(
    ("other", "same"),
    [
        ({"report": "report.json"}, True),  # where the report goes changes no result
        ({"panel": False, "jsonld": "off"}, True),  # nor what templates get
        ({"dedup": {"min_words": 6}}, False),
        ({"typography": {"locale": "fr-CA"}}, False),
        ({"entities": {"enabled": False}}, False),
    ],
)
def test_the_settings_digest_follows_only_what_results_depend_on(other, same):
    """A build whose digest differs from the last one's starts the model load and
    the workers: adding a JSON report must not (spaCy would load for nothing)."""
    base = Build(load_settings({}))._settings_digest()
    assert (Build(load_settings(other))._settings_digest() == base) is same
