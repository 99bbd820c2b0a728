"""Run a command in a fresh process and measure it as the OS sees it.

Wall time is taken around the child's whole life (interpreter start-up
included, as a user waiting for ``pelican`` sees it). CPU time (user + system)
comes from ``wait4``: the child's own ``rusage``, which also counts the
grandchildren it waited for (spaCy's ``n_process`` workers). Peak memory is
the child's own ``VmHWM`` (its program's peak, reset by ``exec``), which the
children report at their end; ``ru_maxrss`` from ``wait4`` is only the fallback, as on Linux it
starts from the parent's high-water mark.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Measured:
    """What one child process cost."""

    wall: float
    user: float
    system: float
    maxrss_mb: float
    returncode: int
    timed_out: bool = False
    # ru_maxrss from wait4, kept for reference (maxrss_mb is replaced by the
    # child's own VmHWM when it reports one).
    ru_maxrss_mb: float | None = None
    # Peak of the summed RSS of the child and every process it started (the
    # model's processes, workers), sampled every SAMPLE_SECONDS; None off Linux.
    tree_peak_mb: float | None = None
    # CPU seconds the rest of the machine used meanwhile (other processes):
    # the measure of how quiet the machine was. None without psutil.
    others_cpu: float | None = None

    @property
    def cpu(self) -> float:
        return self.user + self.system

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    @property
    def others_cores(self) -> float | None:
        """Cores kept busy by other processes during the run, on average."""
        if self.others_cpu is None or self.wall <= 0:
            return None
        return self.others_cpu / self.wall


def machine_busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (None without psutil)."""
    try:
        import psutil
    except ImportError:
        return None
    times = psutil.cpu_times()
    # guest time is already counted in user time; idle, iowait and steal are not work here.
    return sum(getattr(times, name, 0.0) for name in ("user", "nice", "system", "irq", "softirq"))


def _maxrss_mb(value: int) -> float:
    # Linux reports kilobytes, macOS bytes.
    return value / (1024 * 1024) if sys.platform == "darwin" else value / 1024


#: How often the summed RSS of a build's processes is sampled.
SAMPLE_SECONDS = 0.1


def session_rss_mb(session: int) -> float | None:
    """Summed RSS of the processes of ``session`` (a child started in a session of its
    own, and whatever it started); None where /proc cannot tell."""
    page_mb = os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    try:
        pids = [name for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return None
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stream:
                fields = stream.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # a process that just ended
        if len(fields) > 21 and fields[3] == str(session):
            total += int(fields[21])
    return total * page_mb


class _TreePeak(threading.Thread):
    """Samples :func:`session_rss_mb` of one session until stopped; keeps the peak."""

    def __init__(self, session: int) -> None:
        super().__init__(daemon=True)
        self.session = session
        self.peak: float | None = None
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(SAMPLE_SECONDS):
            value = session_rss_mb(self.session)
            if value is not None:
                self.peak = max(self.peak or 0.0, value)


def run_measured(
    command: Sequence[str],
    *,
    cwd: str | os.PathLike[str] | None = None,
    log: str | os.PathLike[str] = os.devnull,
    timeout: float = 1800.0,
    env: Mapping[str, str] | None = None,
) -> Measured:
    """Run ``command`` to its end (or kill it after ``timeout`` s) and measure it."""
    child_env = dict(os.environ if env is None else env)
    # Same conditions for every build: no bytecode writes racing, no colour codes.
    child_env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    child_env.setdefault("NO_COLOR", "1")
    child_env.setdefault("TERM", "dumb")
    child_env.setdefault("COLUMNS", "200")  # rich wraps log lines at the terminal width
    timed_out = threading.Event()
    busy_before = machine_busy_seconds()
    with open(log, "ab") as stream:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            stdout=stream,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=child_env,
            start_new_session=True,
        )

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.daemon = True
        timer.start()
        sampler = _TreePeak(process.pid)
        if sys.platform == "linux":
            sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
            sampler.stopped.set()
        wall = time.perf_counter() - started
    busy_after = machine_busy_seconds()
    process.returncode = os.waitstatus_to_exitcode(status)
    others = None
    if busy_before is not None and busy_after is not None:
        others = max(0.0, busy_after - busy_before - usage.ru_utime - usage.ru_stime)
    return Measured(
        wall=wall,
        user=usage.ru_utime,
        system=usage.ru_stime,
        maxrss_mb=_maxrss_mb(usage.ru_maxrss),
        ru_maxrss_mb=_maxrss_mb(usage.ru_maxrss),
        returncode=process.returncode,
        timed_out=timed_out.is_set(),
        others_cpu=others,
        tree_peak_mb=sampler.peak,
    )


def use_child_peak(measured: Measured, reported: float | None) -> None:
    """Take the peak RSS the child measured itself (see the module docstring)."""
    if reported:
        measured.maxrss_mb = float(reported)


def median(values: Iterable[float | None]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def tail(path: str | os.PathLike[str], lines: int = 12) -> str:
    """The last lines of a log, for an error message."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.rstrip().splitlines()[-lines:])


def error_line(text: str) -> str:
    """The most telling line of a failure's log: its last ``...Error: ...`` line."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if re.search(r"\b\w*(Error|Exception|Interrupt)\b:?", line):
            return line
    return lines[-1] if lines else ""


#: Seconds one run of the benchmarks may spend in all waiting for quiet.
WAIT_BUDGET = 180.0
_waited = 0.0


def wait_until_quiet(
    clock: Clock | None = None, threshold: float = 0.25, patience: float = 0.0
) -> float | None:
    """Wait (up to ``patience`` s) until other processes use under ``threshold`` cores.

    All waits of a run together stop at ``WAIT_BUDGET`` seconds, so a machine
    that stays busy costs a few minutes, not hours. Returns the cores busy in
    the last one-second sample (None without psutil).
    """
    global _waited
    try:
        import psutil
    except ImportError:
        return None
    started = time.perf_counter()
    patience = max(0.0, min(patience, WAIT_BUDGET - _waited))
    deadline = started + patience
    told = False
    while True:
        busy = psutil.cpu_percent(interval=1.0) / 100 * (psutil.cpu_count() or 1)
        if busy < threshold or time.perf_counter() >= deadline:
            _waited += time.perf_counter() - started
            return busy
        if clock is not None and not told:
            clock.say(
                f"  machine busy ({busy:.1f} cores used by others); waiting up to {patience:.0f} s"
            )
            told = True


class Clock:
    """Progress lines on stderr with the time since the run started."""

    def __init__(self) -> None:
        self.started = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def say(self, message: str) -> None:
        minutes, seconds = divmod(int(self.elapsed()), 60)
        print(f"[bench {minutes:02d}:{seconds:02d}] {message}", file=sys.stderr, flush=True)
