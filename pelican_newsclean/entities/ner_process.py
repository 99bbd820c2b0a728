"""spaCy in a process of its own, so that the model loads while Pelican reads.

A build that must run NER (a post changed, or no cache) first pays for
spaCy's import and the model's load: seconds, before its first text.
Loaded in a thread of the build process, that work only takes turns with
Pelican's under the interpreter lock (and each file read or hash in the
build then waits for the lock again); in a process started with the build,
it runs on another core while Pelican reads the posts. The process keeps
its model for the next builds of the same Pelican object
(``pelican --autoreload``).

:class:`NerProcess` and :class:`LocalNer` (the model in this process: tests,
``newsclean check``) both offer :meth:`mentions`, which is all the entity
stage asks of a model.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .canonical.candidates import GazetteerEntry
from .extract import Mention, extract_mentions, load_pipeline

logger = logging.getLogger("pelican_newsclean")

#: Texts per request to the process: progress is reported between requests.
TEXTS_PER_REQUEST = 256

#: Longest wait for the model's load or one request (a stopped or stuck process):
#: then the build process does the work itself. A request takes ~10 s on 2 cores.
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
        """Each text's mentions, in order (see :func:`extract_mentions`)."""
        return extract_mentions(
            self.nlp, texts, batch_size=batch_size, n_process=n_process, progress=progress
        )


class NerProcess:
    """A spawned process that loads ``model`` as soon as it is created, then finds
    mentions in the texts it is sent.

    If the process cannot start or dies, :meth:`mentions` loads the model in
    this process instead, with a warning (after :data:`TIMEOUT_SECONDS` if it
    stopped answering); a model that cannot load raises its error here
    (:class:`~pelican_newsclean.entities.extract.ModelNotInstalledError`).
    """

    def __init__(self, model: str, gazetteer: Sequence[GazetteerEntry]) -> None:
        self.model = model
        self.gazetteer = tuple(gazetteer)
        self._local: LocalNer | None = None
        self._executor: ProcessPoolExecutor | None = None
        self._loaded: Future[Any] | None = None
        before = set(multiprocessing.active_children())
        try:
            self._executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
            self._loaded = self._executor.submit(_load_here, model, self.gazetteer)
        except (OSError, RuntimeError) as error:  # no more processes allowed...
            self._give_up(error)
        self._processes = set(multiprocessing.active_children()) - before

    def wait_loaded(self) -> None:
        """Return once the model is loaded (in the process, or here if it failed)."""
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
        """Each text's mentions, in order, as :func:`extract_mentions` gives them."""
        self.wait_loaded()
        requests = [
            texts[start : start + TEXTS_PER_REQUEST]
            for start in range(0, len(texts), TEXTS_PER_REQUEST)
        ]
        futures = [self._submit(r, batch_size, n_process) for r in requests]
        done = 0
        for request, future in zip(requests, futures, strict=True):
            found = self._result(future, request, batch_size, n_process)
            yield from found
            done += len(request)
            if progress is not None:
                progress(done)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def _submit(self, texts: Sequence[str], batch_size: int, n_process: int) -> Future[Any] | None:
        if self._executor is None:
            return None
        try:
            return self._executor.submit(_mentions_here, list(texts), batch_size, n_process)
        except (BrokenProcessPool, RuntimeError) as error:
            self._give_up(error)
            return None

    def _result(
        self, future: Future[Any] | None, texts: Sequence[str], batch_size: int, n_process: int
    ) -> list[list[Mention]]:
        if future is not None:
            try:
                return list(future.result(timeout=TIMEOUT_SECONDS))
            except (BrokenProcessPool, TimeoutError) as error:
                self._give_up(error)
        local = self._local_ner()
        return list(local.mentions(texts, batch_size=batch_size, n_process=n_process))

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
        for process in getattr(self, "_processes", ()):  # a stopped one only dies of SIGKILL
            process.kill()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        self._loaded = None


# -- in the spawned process ------------------------------------------------------

_LOADED: LocalNer | None = None


def _load_here(model: str, gazetteer: tuple[GazetteerEntry, ...]) -> None:
    global _LOADED  # the process's one model, for every later request
    _LOADED = LocalNer(load_pipeline(model, gazetteer))


def _mentions_here(texts: list[str], batch_size: int, n_process: int) -> list[list[Mention]]:
    assert _LOADED is not None, "the model loads first (the process's first task)"
    return list(_LOADED.mentions(texts, batch_size=batch_size, n_process=n_process))
