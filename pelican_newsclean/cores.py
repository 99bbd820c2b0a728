"""How many CPU cores a build may use (worker processes, NER processes)."""

from __future__ import annotations

import os


def usable_cores() -> int:
    """The CPU cores this process may use (its affinity, where the OS tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
