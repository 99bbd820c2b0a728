"""The entity evaluation's scores: precision, recall and F1 by type."""

from __future__ import annotations

import pytest

from benchmarks.entity_eval import scores


def test_scores_by_type_and_overall():
    predicted = [{("Person", "a"), ("Place", "b")}, {("Organization", "c")}]
    gold = [{("Person", "a"), ("Organization", "b")}, {("Organization", "c")}]
    table = scores(predicted, gold)
    assert table["Person"] == (1.0, 1.0, 1.0, 1)
    assert table["Place"][:3] == (0.0, 0.0, 0.0)  # a wrong type is a miss and a false hit
    assert table["Organization"] == (1.0, 0.5, pytest.approx(2 / 3), 2)
    assert table["all"][:2] == (pytest.approx(2 / 3), pytest.approx(2 / 3))
