"""Change records: immutable tuples with named fields, an empty detail stored as None;
post reports whose changes stay encoded until read."""

import gc
import json
import pickle

import pytest

from pelican_newsclean.cache import json_text
from pelican_newsclean.report import Change, PostReport, count_rules

CASES = [
    ("typography", "quotes", "a", "b", "block 1"),
    ("dedup", "exact-repeat", "Le texte", "", "block 4", {"position": 4, "value": 1.0}),
    ("typography", "ellipsis", "...", "…"),
]


@pytest.mark.parametrize("values", CASES)
def test_a_change_survives_json_and_pickle(values):
    change = Change(*values)
    assert Change(*json.loads(json.dumps(change))) == change
    assert pickle.loads(pickle.dumps(change)) == change
    assert Change(**change.to_dict()) == change


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        (CASES[0], ("typography", "quotes", "a", "b", "block 1", {})),
        (CASES[1], (*CASES[1][:5], {"position": 4, "value": 1.0})),
        (CASES[2], ("typography", "ellipsis", "...", "…", "", {})),
    ],
)
def test_fields_and_dict(values, fields):
    change = Change(*values)
    names = ("stage", "rule", "before", "after", "where", "detail")
    assert change.to_dict() == dict(zip(names, fields, strict=True))
    assert tuple(getattr(change, name) for name in names) == fields
    assert repr(change).startswith(f"Change(stage={values[0]!r}, rule={values[1]!r}")


def test_an_empty_detail_is_none_inside_and_a_dict_outside():
    bare, empty = Change("t", "r", "a", "b"), Change("t", "r", "a", "b", detail={})
    assert bare == empty and bare.stored_detail is None and bare.detail == {}
    assert bare.to_dict()["detail"] == {}


def test_a_change_is_one_object_for_the_cycle_collector():
    # A frozen dataclass instance was two (its __dict__ holds a dict): a site's
    # tens of thousands of changes are walked by every full collection.
    gc.collect()
    before = len(gc.get_objects())
    changes = [Change("typography", "quotes", f"a{i}", "b") for i in range(100)]
    gc.collect()
    assert len(gc.get_objects()) - before <= len(changes) + 3
    assert all(c.stored_detail is None for c in changes)


def test_replace_gives_a_new_change():
    change = Change("typography", "quotes", "a", "b", "block 1")
    moved = change.replace(where="title, block 1")
    assert (moved.where, change.where) == ("title, block 1", "block 1")
    assert moved.replace(detail={"x": 1}).detail == {"x": 1}


def test_changes_stay_frozen():
    with pytest.raises(AttributeError):
        Change("t", "r", "a", "b").rule = "other"  # type: ignore[misc]


def _reports() -> tuple[PostReport, PostReport]:
    changes = [Change(*values) for values in CASES + CASES[:1]]
    plain = PostReport(source="a.md", changes=changes, errors=["e"])
    encoded = json_text(changes)
    lazy = PostReport.with_encoded_changes(
        encoded, count_rules(changes), source="a.md", errors=["e"]
    )
    return plain, lazy


def test_encoded_changes_are_decoded_when_read_and_are_the_same():
    plain, lazy = _reports()
    assert (
        lazy.stage_rule_counts()
        == plain.stage_rule_counts()
        == [
            ("typography", "quotes", 2),
            ("dedup", "exact-repeat", 1),
            ("typography", "ellipsis", 1),
        ]
    )
    assert "changes" not in vars(lazy)  # counted without decoding
    assert lazy.changes == plain.changes and lazy == plain
    assert [c.rule for c in lazy.removed] == ["exact-repeat"]
    lazy.changes.append(Change("typography", "quotes", "x", "y"))  # a list like any other
    assert lazy.stage_rule_counts()[0] == ("typography", "quotes", 3)


def test_encoded_changes_survive_pickle_and_stay_encoded():
    # Pelican's content cache pickles articles, and their report with them.
    plain, lazy = _reports()
    again = pickle.loads(pickle.dumps(lazy))
    assert "changes" not in vars(again)
    assert again == plain and again.to_dict() == plain.to_dict()
    with pytest.raises(AttributeError):
        again.not_a_field  # noqa: B018
