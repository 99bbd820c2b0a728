"""``python -m benchmarks``: what newsclean costs, side by side (``make bench``).

    python -m benchmarks                      # the full run, written to benchmarks/results.md
    python -m benchmarks --quick              # smoke run: N = 50, 1 repetition, small inputs
    python -m benchmarks --sizes 200,1000 --repeat 3 --only builds,ner

Sections: ``builds`` (whole-site builds: plain Pelican, TYPOGRIFY, newsclean
without entities, complete cold and warm), ``typography`` (throughput against
typographeur, polytypo and typogrify), ``ner`` (the entity stage against bare
spaCy), ``dedup`` (``benchmarks/bench_dedup.run()`` when it exists) and ``edit``
(one post of 300 edited, then rebuilt: ``benchmarks/edit_loop.py``). Each
section runs even if another fails; the results page says what failed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from datetime import datetime
from pathlib import Path

from . import results
from .builds import VARIANTS, run_builds
from .dedup_runner import run_dedup
from .edit_loop import run_edit_loop
from .measure import Clock
from .ner_bench import run_ner
from .typography_bench import run_typography

HERE = Path(__file__).resolve().parent
SECTIONS = ("builds", "typography", "ner", "dedup", "edit")


def _ints(text: str) -> list[int]:
    try:
        values = [int(v.replace("_", "")) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected integers separated by commas: {text!r}"
        ) from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"expected positive integers: {text!r}")
    return values


def _sections(text: str) -> list[str]:
    names = [v.strip() for v in text.split(",") if v.strip()]
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown section(s) {', '.join(unknown)}; accepted: {', '.join(SECTIONS)}"
        )
    return names


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure what pelican-newsclean costs next to plain Pelican and its peers.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: N = 50, 1 repetition, small stage inputs "
        "(written to benchmarks/results-quick.md)",
    )
    parser.add_argument("--sizes", type=_ints, help="site sizes to build (default 200,1000)")
    parser.add_argument("--repeat", type=int, help="builds per variant and size (default 3)")
    parser.add_argument(
        "--only",
        type=_sections,
        default=list(SECTIONS),
        help=f"sections to run, among {','.join(SECTIONS)} (default all)",
    )
    parser.add_argument(
        "--variants",
        type=lambda t: [v.strip() for v in t.split(",")],
        default=list(VARIANTS),
        help=f"build variants (default {','.join(VARIANTS)})",
    )
    parser.add_argument(
        "--report-repeat",
        type=int,
        default=1,
        help="repetitions that also run the '+ JSON report' twins of the newsclean builds "
        "(they only give stage times; default 1)",
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--ner-posts", type=int, help="posts for the NER benchmark (default 500)")
    parser.add_argument("--ner-repeat", type=int, help="NER runs per mode (default: --repeat)")
    parser.add_argument(
        "--typo-posts", type=int, help="~2 KB posts for the typography benchmark (default 1000)"
    )
    parser.add_argument(
        "--typo-budget", type=float, help="seconds per typography tool and input (default 45)"
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        help="before each build or NER run, wait up to this many seconds for "
        "other processes to go quiet (default 10, 3 min in all; 0 with --quick)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800.0,
        help="seconds before one build or NER process is killed (default 1800)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="results file (default benchmarks/results.md, "
        "benchmarks/results-quick.md with --quick)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="where sites are generated and built (default: a temporary "
        "folder, removed at the end unless --keep)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    unknown = [v for v in args.variants if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s) {', '.join(unknown)}; accepted: {', '.join(VARIANTS)}")
    quick = args.quick
    args.sizes = args.sizes or ([50] if quick else [200, 1000])
    args.repeat = args.repeat or (1 if quick else 3)
    args.ner_posts = args.ner_posts or (50 if quick else 500)
    args.ner_repeat = args.ner_repeat or args.repeat
    args.typo_posts = args.typo_posts or (100 if quick else 1000)
    args.typo_budget = args.typo_budget or (10.0 if quick else 45.0)
    if args.quiet_wait is None:
        args.quiet_wait = 0.0 if quick else 10.0
    args.output = args.output or HERE / ("results-quick.md" if quick else "results.md")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    clock = Clock()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newsclean-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    command = "python -m benchmarks " + " ".join(sys.argv[1:] if argv is None else argv)
    run = results.Run(
        command=command.strip(),
        sizes=args.sizes,
        repeat=args.repeat,
        seed=args.seed,
        quick=args.quick,
        started=datetime.now().astimezone(),
        report_repeat=args.report_repeat,
        source_at_start=results.source_digest(),
    )
    clock.say(f"sections {','.join(args.only)}; sizes {args.sizes}; repeat {args.repeat}")

    def section(name: str, function) -> None:
        if name not in args.only:
            return
        try:
            function()
        except Exception as error:
            run.section_errors[name] = f"{error.__class__.__name__}: {error}"
            clock.say(f"{name} FAILED: {error.__class__.__name__}: {error}")
            traceback.print_exc()

    def builds() -> None:
        run.builds = run_builds(
            workdir,
            args.sizes,
            args.repeat,
            args.seed,
            clock,
            args.timeout,
            tuple(args.variants),
            args.quiet_wait,
            args.report_repeat,
        )

    def typography() -> None:
        run.typography = run_typography(
            args.typo_posts, 1 if args.quick else 3, args.seed, clock, args.typo_budget
        )

    def ner() -> None:
        run.ner = run_ner(
            workdir,
            args.ner_posts,
            args.ner_repeat,
            args.seed,
            clock,
            args.timeout,
            args.quiet_wait,
        )

    def dedup() -> None:
        run.dedup = run_dedup(workdir, args.quick, clock, timeout=300 if args.quick else 900)

    # Builds first: they are the headline, and nothing else has warmed anything yet.
    section("builds", builds)
    section("typography", typography)
    section("ner", ner)
    section("dedup", dedup)
    section(
        "edit",
        lambda: setattr(
            run,
            "edit_loop",
            run_edit_loop(workdir, 50 if args.quick else 300, args.repeat, args.seed, args.timeout),
        ),
    )

    run.seconds = clock.elapsed()
    run.source_at_end = results.source_digest()
    scrub = {
        str(workdir): "<work>",
        str(results.REPO): "<repo>",
        str(Path.home()): "~",
        sys.executable: "python",
        tempfile.gettempdir(): "<tmp>",
    }
    text = results.render(run, scrub)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    clock.say(
        f"written to {args.output.name} in {time.strftime('%M:%S', time.gmtime(run.seconds))}"
    )
    if args.keep:
        clock.say(f"work folder kept: {workdir}")
    elif args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if run.section_errors else 0


if __name__ == "__main__":
    sys.exit(main())
