"""One site build in a fresh process: ``python _build_child.py INFO.json PELICAN-ARGS...``.

Runs Pelican's own command line (``pelican.main``) in this process, so the
build is what ``pelican content -s ...`` does, then records in INFO.json
what only this process can see: whether spaCy (or thinc) was imported, the
time to import Pelican, the time of the build itself, and the exit status.
Wall time, CPU time and peak RSS are measured by the parent (``wait4``).
"""

from __future__ import annotations

import json
import sys
import time


def peak_rss_mb() -> float | None:
    """Peak RSS of this program (``VmHWM``: reset by ``exec``, unlike ``ru_maxrss``)."""
    try:
        with open("/proc/self/status", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def main() -> int:
    info_path, argv = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    import pelican

    imported = time.perf_counter()
    status = 0
    try:
        pelican.main(argv)
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    finished = time.perf_counter()
    info = {
        "status": status,
        "import_seconds": imported - started,
        "build_seconds": finished - imported,
        "spacy_imported": "spacy" in sys.modules,
        "thinc_imported": "thinc" in sys.modules,
        "newsclean_imported": "pelican_newsclean" in sys.modules,
        "peak_rss_mb": peak_rss_mb(),
    }
    with open(info_path, "w", encoding="utf-8") as stream:
        json.dump(info, stream)
    return status


if __name__ == "__main__":
    sys.exit(main())
