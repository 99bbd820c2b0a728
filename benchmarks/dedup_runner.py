"""Run the dedup engineer's ``benchmarks/bench_dedup.py`` (its ``run()``), if present.

It runs in its own process, from the repository root, with a time limit,
so a slow or broken dedup benchmark cannot stop the others. ``run`` gets
``quick=...`` when its signature takes it. Whatever it returns (Markdown
text, or data shown as JSON) goes into the results, after what it printed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from .measure import Clock, Measured, error_line, run_measured

REPO = Path(__file__).resolve().parent.parent
MODULE = Path(__file__).resolve().parent / "bench_dedup.py"
MARK = "@@newsclean-bench-result@@"

CHILD_CODE = f"""
import inspect, json, sys
import benchmarks.bench_dedup as bench
run = getattr(bench, "run", None)
if run is None:
    print("benchmarks/bench_dedup.py has no run()")
    sys.exit(3)
kwargs = {{}}
try:
    parameters = inspect.signature(run).parameters
except (TypeError, ValueError):
    parameters = {{}}
if "quick" in parameters:
    kwargs["quick"] = sys.argv[1] == "1"
result = run(**kwargs)
print({MARK!r})
if isinstance(result, str):
    print(result)
elif result is not None:
    print("```json")
    print(json.dumps(result, default=str, ensure_ascii=False, indent=1))
    print("```")
"""


@dataclass
class DedupResult:
    status: str  # "missing", "ok", "failed"
    printed: str = ""
    returned: str = ""
    measured: Measured | None = None
    error: str = ""


def run_dedup(workdir: Path, quick: bool, clock: Clock, timeout: float) -> DedupResult:
    if not MODULE.exists():
        clock.say("dedup: benchmarks/bench_dedup.py not there yet; skipped")
        return DedupResult("missing")
    clock.say("dedup: running benchmarks/bench_dedup.run()")
    log = workdir / "bench_dedup.log"
    log.unlink(missing_ok=True)
    command = [sys.executable, "-c", CHILD_CODE, "1" if quick else "0"]
    measured = run_measured(command, cwd=REPO, log=log, timeout=timeout)
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    printed, _, returned = text.partition(MARK + "\n")
    result = DedupResult("ok" if measured.ok else "failed", printed.rstrip(), returned.rstrip())
    result.measured = measured
    if measured.timed_out:
        result.error = f"timed out after {timeout:.0f} s"
    elif not measured.ok:
        result.error = error_line(text) or f"exit code {measured.returncode}"
    clock.say(
        f"dedup: {result.status} in {measured.wall:.1f} s"
        + (f": {result.error}" if result.error else "")
    )
    return result
