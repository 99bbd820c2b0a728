"""Change records: the fast constructor the stages use builds what Change() builds."""

import pytest

from pelican_newsclean.report import Change, change_values, make_change


@pytest.mark.parametrize(
    "values",
    [
        ("typography", "quotes", "a", "b", "block 1"),
        ("dedup", "exact-repeat", "Le texte", "", "block 4", {"position": 4, "value": 1.0}),
        ("typography", "ellipsis", "...", "…"),
    ],
)
def test_make_change_builds_what_change_builds(values):
    built, made = make_change(*values), Change(*values)
    assert built == made and vars(built) == vars(made)
    assert built.to_dict() == made.to_dict()
    assert make_change(*change_values(built)) == built


def test_make_change_gives_each_change_its_own_detail():
    first, second = make_change("t", "r", "a", "b"), make_change("t", "r", "a", "b")
    assert first.detail == {} and first.detail is not second.detail


def test_changes_made_fast_stay_frozen():
    with pytest.raises(AttributeError):
        make_change("t", "r", "a", "b").rule = "other"  # type: ignore[misc]
