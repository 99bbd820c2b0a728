"""The processes the plugin starts: fresh interpreters that do not run the build's script.

Python's ``spawn`` start method (the portable one: no thread or state of the
build is inherited) makes each new process import the script the build was
started with, ``sys.modules["__main__"]``, so that functions defined there can
be found. The plugin sends none: its cleaning workers and model processes run
this package's code only. Importing the script again cost each process
Pelican's own import (about 0.2 s and 25 MB for the ``pelican`` command), and
a build script without an ``if __name__ == "__main__":`` guard
(``pelican.main([...])`` at its top level) ran a whole second build inside every
process, writing the same output folder.

:func:`spawn_context` is ``multiprocessing.get_context("spawn")`` whose
processes start with the main module's file and spec hidden, so the new
process imports nothing for it.
"""

from __future__ import annotations

import multiprocessing.context
import sys
import threading

# Two threads starting processes at once (cleaning workers, model processes)
# must not hide and restore the main module's attributes across each other.
_HIDING = threading.Lock()


class _ProcessWithoutMain(multiprocessing.context.SpawnProcess):
    def start(self) -> None:
        main = sys.modules.get("__main__")
        if main is None:
            super().start()
            return
        with _HIDING:
            # multiprocessing reads __spec__ (``python -m``), else __file__.
            names: tuple[str, ...] = ("__file__", "__spec__")
            saved = {name: main.__dict__[name] for name in names if name in main.__dict__}
            main.__dict__.pop("__file__", None)
            main.__spec__ = None
            try:
                super().start()  # what the new process imports is decided here
            finally:
                main.__dict__.pop("__spec__", None)
                main.__dict__.update(saved)


class _SpawnWithoutMain(multiprocessing.context.SpawnContext):
    Process = _ProcessWithoutMain


def spawn_context() -> multiprocessing.context.SpawnContext:
    """The ``spawn`` context, but its processes do not import the build's script."""
    return _SpawnWithoutMain()
