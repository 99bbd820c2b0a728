"""The entity evaluation's scores: precision, recall and F1 by type."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.entity_eval import only_types, read_bio, scores


def test_scores_by_type_and_overall():
    predicted = [{("Person", "a"), ("Place", "b")}, {("Organization", "c")}]
    gold = [{("Person", "a"), ("Organization", "b")}, {("Organization", "c")}]
    table = scores(predicted, gold)
    assert table["Person"] == (1.0, 1.0, 1.0, 1)
    assert table["Place"][:3] == (0.0, 0.0, 0.0)  # a wrong type is a miss and a false hit
    assert table["Organization"] == (1.0, 0.5, pytest.approx(2 / 3), 2)
    assert table["all"][:2] == (pytest.approx(2 / 3), pytest.approx(2 / 3))


def test_read_bio_documents_and_gold():
    lines = ["-DOCSTART- O", "Le O", "général O", "Jean B-PER", "Jaurès I-PER", "à O"]
    lines += ["Paris B-LOC", "Lyon B-LOC", ". O", "", "l' O", "Ouest-Eclair I-ORG", ". O"]
    docs = list(read_bio(lines))
    assert [d["text"] for d in docs] == ["Le général Jean Jaurès à Paris Lyon.", "l'Ouest-Eclair."]
    assert docs[0]["gold"] == [["Person", "Jean Jaurès"], ["Place", "Paris"], ["Place", "Lyon"]]
    assert docs[1]["gold"] == [["Organization", "Ouest-Eclair"]]


def test_read_bio_cuts_long_runs_at_sentence_ends():
    lines = ["Paris I-LOC", "dort O", ". O"] * 4
    docs = list(read_bio(lines, doc_tokens=5))
    assert [len(d["gold"]) for d in docs] == [2, 2]


def test_read_bio_names_a_malformed_line():
    with pytest.raises(ValueError, match="line 2"):
        list(read_bio(["Paris I-LOC", "orphan"]))


def test_public_sample_reads_with_its_gold():
    sample = Path(__file__).parent / "data" / "entities" / "enp_fr_sample.bio"
    docs = list(read_bio(sample.read_text(encoding="utf-8").splitlines(), doc_tokens=100))
    assert len(docs) >= 2
    gold = {tuple(pair) for d in docs for pair in d["gold"]}
    assert {("Person", "Lamboul"), ("Place", "Mayenne")} <= gold
    assert ("Organization", "l'instruction publique et des beaux-arts") in gold
    kinds = only_types([{("Person", "a"), ("Thing", "b")}], ("Person",))
    assert kinds == [{("Person", "a")}]
