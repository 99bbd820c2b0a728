"""spaCy in a process of its own, so that the model loads while Pelican reads.

A build that must run NER (a post changed, or no cache) first pays for
spaCy's import and the model's load: seconds, before its first text.
Loaded in a thread of the build process, that work only takes turns with
Pelican's under the interpreter lock (and each file read or hash in the
build then waits for the lock again); in a process started with the build,
it runs on another core while Pelican reads the posts. The process keeps
its model for the next builds of the same Pelican object
(``pelican --autoreload``). A large batch (a cold build) is shared with
more such processes, one per core (``entities.n_process``), each with its
own model: spaCy's own ``n_process``, from a spawned process, spawns
workers that each unpickle the model, slower here than one process.

:class:`NerProcess` and :class:`LocalNer` (the model in this process: tests,
``newsclean check``) both offer :meth:`mentions`, which is all the entity
stage asks of a model.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..spawn import spawn_context
from .canonical.candidates import GazetteerEntry
from .extract import Mention, extract_mentions, load_pipeline

logger = logging.getLogger("pelican_newsclean")

#: Texts per request to a process: progress is reported between requests, and
#: two processes share a batch in requests this size.
TEXTS_PER_REQUEST = 64

#: Longest wait for the model's load or one request (a stopped or stuck process):
#: then the build process does the work itself. A request takes a few seconds.
TIMEOUT_SECONDS = 600.0


class LocalNer:
    """A loaded spaCy pipeline, run in this process."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp

    def mentions(
        self,
        texts: Sequence[str],
        *,
        batch_size: int,
        n_process: int,
        progress: Callable[[int], None] | None = None,
    ) -> Iterator[list[Mention]]:
        """Each text's mentions, in order (see :func:`extract_mentions`), in this one
        process (``n_process``, the processes a :class:`NerProcess` may use, is
        not spaCy's here: it would start processes that load the model again)."""
        return extract_mentions(self.nlp, texts, batch_size=batch_size, progress=progress)


class NerProcess:
    """Spawned processes, up to ``processes``, each loading ``model`` as it starts,
    then finding mentions in the texts it is sent.

    The first starts at once; more start only when a large batch keeps more than
    one request in flight (:meth:`mentions`' ``n_process``), and load the model
    while the first works. If the processes cannot start or die, the build process
    loads the model itself, with a warning (after :data:`TIMEOUT_SECONDS` if one
    stopped answering); a model that cannot load raises its error here
    (:class:`~pelican_newsclean.entities.extract.ModelNotInstalledError`).
    """

    def __init__(self, model: str, gazetteer: Sequence[GazetteerEntry], processes: int = 1):
        self.model = model
        self.gazetteer = tuple(gazetteer)
        self.processes = max(1, processes)
        self._local: LocalNer | None = None
        self._executor: ProcessPoolExecutor | None = None
        self._loaded: Future[Any] | None = None
        self._pids: set[int] = set()  # the processes started, to stop them if stuck
        context = spawn_context()
        self._started = context.SimpleQueue()  # each process puts its pid as it starts
        try:
            self._executor = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=context,
                initializer=_load_here,
                initargs=(model, self.gazetteer, self._started),
            )
            self._loaded = self._executor.submit(_check_loaded)
        except (OSError, RuntimeError) as error:  # no more processes allowed...
            self._give_up(error)

    def wait_loaded(self) -> None:
        """Return once the model is loaded (in a process, or here if they failed)."""
        if self._loaded is not None:
            try:
                self._loaded.result(timeout=TIMEOUT_SECONDS)
                return
            except (BrokenProcessPool, TimeoutError) as error:
                self._give_up(error)
        self._local_ner()

    def mentions(
        self,
        texts: Sequence[str],
        *,
        batch_size: int,
        n_process: int,
        progress: Callable[[int], None] | None = None,
    ) -> Iterator[list[Mention]]:
        """Each text's mentions, in order, as :func:`extract_mentions` gives them;
        ``n_process`` requests in flight at a time (so as many processes at work)."""
        self.wait_loaded()
        requests = [
            texts[start : start + TEXTS_PER_REQUEST]
            for start in range(0, len(texts), TEXTS_PER_REQUEST)
        ]
        in_flight = max(1, min(n_process, self.processes))
        futures = [self._submit(r, batch_size) for r in requests[:in_flight]]
        done = 0
        for index, request in enumerate(requests):
            if index + in_flight < len(requests):
                futures.append(self._submit(requests[index + in_flight], batch_size))
            yield from self._result(futures[index], request, batch_size)
            done += len(request)
            if progress is not None:
                progress(done)

    def pids(self) -> set[int]:
        """The processes started so far (each tells its pid as it starts)."""
        while not self._started.empty():
            self._pids.add(self._started.get())
        return self._pids

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def _submit(self, texts: Sequence[str], batch_size: int) -> Future[Any] | None:
        if self._executor is None:
            return None
        try:
            return self._executor.submit(_mentions_here, list(texts), batch_size)
        except (BrokenProcessPool, RuntimeError) as error:
            self._give_up(error)
            return None

    def _result(
        self, future: Future[Any] | None, texts: Sequence[str], batch_size: int
    ) -> list[list[Mention]]:
        if future is not None:
            try:
                return list(future.result(timeout=TIMEOUT_SECONDS))
            except (BrokenProcessPool, TimeoutError) as error:
                self._give_up(error)
        local = self._local_ner()
        return list(local.mentions(texts, batch_size=batch_size, n_process=1))

    def _local_ner(self) -> LocalNer:
        if self._local is None:
            self._local = LocalNer(load_pipeline(self.model, self.gazetteer))
        return self._local

    def _give_up(self, error: BaseException) -> None:
        logger.warning(
            "newsclean: the NER process failed or stalled (%s: %s); running NER in the "
            "build process",
            type(error).__name__,
            error,
        )
        for pid in self.pids():  # a stopped process only dies of SIGKILL
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        self._loaded = None


# -- in the spawned processes ------------------------------------------------------

# The process's one model, for every later request (or why it could not load).
_LOADED: LocalNer | Exception | None = None


def _load_here(model: str, gazetteer: tuple[GazetteerEntry, ...], started: Any) -> None:
    global _LOADED
    started.put(os.getpid())
    try:
        _LOADED = LocalNer(load_pipeline(model, gazetteer))
    except Exception as error:  # raised again by each request, with its message
        _LOADED = error


def _loaded_ner() -> LocalNer:
    if isinstance(_LOADED, Exception):
        raise _LOADED
    assert _LOADED is not None, "the process loads the model as it starts"
    return _LOADED


def _check_loaded() -> None:
    _loaded_ner()


def _mentions_here(texts: list[str], batch_size: int) -> list[list[Mention]]:
    return list(_loaded_ner().mentions(texts, batch_size=batch_size, n_process=1))
