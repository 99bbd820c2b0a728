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


@pytest.mark.parametrize("posts", [0, 1, 3])
def test_the_json_report_is_written_post_by_post_as_encoded_whole(posts):
    """The streamed report has the bytes of the whole report encoded at once."""
    from pelican_newsclean.build import _json_report
    from pelican_newsclean.cache import encode_json
    from pelican_newsclean.report import Change, PostReport

    reports = [
        PostReport(
            source=f"billet-{n}.md",
            changes=[
                Change("typography", "quotes", '"a"\n"b"', "« a »\n« b »", "content", {"n": n}),
                Change("dedup", "exact", "Une ligne\ud800 seule", "", f"p {n}"),
            ],
            errors=["typography stage failed: [1, {2}]"] if n == 1 else [],
            skipped_stages=["dedup"] if n == 2 else [],
        )
        for n in range(posts)
    ]
    head = {"summary": "newsclean: …", "stage_seconds": {"dedup": 0.5}, "entity_stats": {}}
    whole = encode_json({**head, "posts": [r.to_dict() for r in reports]}, indent=2)
    assert b"".join(_json_report(head, reports)) == whole
