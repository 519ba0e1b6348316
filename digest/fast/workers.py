"""Work on a build's pages in forked worker processes, ahead of MkDocs' own loop.

MkDocs goes through the pages one after the other on one core. A worker pool
forked from the build inherits its state (configuration, files, pages) and
does the same work on the pages from the last back, while the build goes on
from the first; the build takes the workers' results where they are ready,
until the two meet. A result is used only if the worker logged nothing:
warnings must come from the build itself, so ``--strict`` counts them.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from typing import Any, Generic, ParamSpec, TypeVar

from digest.fast.background import exit_with_parent

T = TypeVar("T")
P = ParamSpec("P")

CHUNK = 16
"""Pages per task: large enough to pay for the round trip, small enough to share out."""


class _Logged(logging.Handler):
    """Notes that a record was logged: the page must then be rendered by the build."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno > logging.DEBUG:
            self.count += 1


_LOGGED = _Logged()
_STATE: Any = None
"""What the build handed the workers (its configuration, files...), inherited by fork."""


def _start_worker(parent: int, state: Any) -> None:
    """Keep the build's state; silence the worker's logging and count the records instead."""
    global _STATE
    _STATE = state
    exit_with_parent(parent)
    for name in ("", "mkdocs", "MARKDOWN"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(_LOGGED)


def quietly(function: Callable[P, T | None], *args: P.args, **kwargs: P.kwargs) -> T | None:
    """Return ``function(*args)`` in a worker, or ``None`` if it failed or logged anything."""
    before = _LOGGED.count
    try:
        result = function(*args, **kwargs)
    except Exception:
        return None
    return result if _LOGGED.count == before else None


class Ahead(Generic[T]):
    """Work on a build's items (pages) in forked worker processes, ahead of the build.

    The build goes through the items from the first on; the workers take
    chunks from the last back, so the two meet in the middle. One core stays
    with the build. ``task(state, names)`` runs in a worker, where ``state`` is
    what the build handed over (inherited by ``fork``, never pickled), and
    returns one result per name, ``None`` where the build must do the work.
    """

    def __init__(
        self,
        names: Sequence[str],
        task: Callable[[Any, Sequence[str]], list[T | None]],
        state: Any,
        *,
        chunk: int = CHUNK,
        minimum: int = CHUNK,
    ) -> None:
        self._futures: dict[str, tuple[Future[list[T | None]], int]] = {}
        self._pool: ProcessPoolExecutor | None = None
        workers = (os.cpu_count() or 1) - 1
        if len(names) < minimum or workers < 1 or "fork" not in mp.get_all_start_methods():
            return
        context = mp.get_context("fork")
        self._pool = ProcessPoolExecutor(workers, context, _start_worker, (os.getpid(), state))
        for start in reversed(range(0, len(names), chunk)):
            part = list(names[start : start + chunk])
            future = self._pool.submit(_run_task, task, part)
            for i, name in enumerate(part):
                self._futures[name] = (future, i)

    @property
    def running(self) -> bool:
        """Tell whether worker processes were started."""
        return self._pool is not None

    def take(self, name: str, wait: bool = False) -> T | None:
        """Return the workers' result for ``name``; ``None``: the build does it.

        A chunk no worker has started is cancelled (the build goes on rather
        than wait) unless ``wait``; a chunk under way is waited for.
        """
        entry = self._futures.pop(name, None)
        if entry is None:
            return None
        future, i = entry
        if not wait and future.cancel():
            return None
        try:
            return future.result()[i]
        except (Exception, CancelledError):  # cancelled, or a lost worker: the build does it
            return None

    def close(self) -> None:
        """Stop the workers; items not taken yet are the build's."""
        self._futures.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _run_task(
    task: Callable[[Any, Sequence[str]], list[T | None]], names: Sequence[str]
) -> list[T | None]:
    return task(_STATE, names)
