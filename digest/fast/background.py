"""Run one piece of a build in another process while the rest goes on.

MkDocs renders pages on one core; the feeds need nothing but the digest
step's results, so a forked process writes them on the other core. Where
``fork`` is not available (Windows) the work simply runs when it is waited for.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from digest.exceptions import DigestError

log = logging.getLogger("mkdocs.plugins.digest")


def exit_with_parent(parent: int) -> None:
    """Make a worker process end when the build that started it is killed (no orphans)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _child(conn: Connection, target: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        result = target(*args)
    except BaseException as exc:
        conn.send(((f"{exc.__class__.__name__}: {exc}", traceback.format_exc()), None))
    else:
        conn.send((None, result))
    finally:
        conn.close()


class Background:
    """``target(*args)`` started now in a forked process; ``wait()`` for its outcome.

    Without ``fork`` (or where the system has none) the call runs in ``wait()``.
    What ``target`` returns (pickled, from a forked process) is what ``wait()`` returns.
    """

    def __init__(self, what: str, fork: bool, target: Callable[..., Any], *args: Any) -> None:
        self.what = what
        """What the work is, for error messages ("writing the feeds")."""
        self._call: tuple[Callable[..., Any], tuple[Any, ...]] | None = None
        self._process: Any = None
        if not fork or "fork" not in mp.get_all_start_methods():
            self._call = (target, args)
            return
        context = mp.get_context("fork")
        self._conn, child_conn = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_child, args=(child_conn, target, args), name=what, daemon=True
        )
        self._process.start()
        child_conn.close()

    def wait(self) -> Any:  # what target returned
        """Return what the work returned, once done; raise ``DigestError`` if it failed."""
        if self._call is not None:
            target, args = self._call
            self._call = None
            try:
                return target(*args)
            except Exception as exc:
                raise DigestError(f"Error {self.what}: {exc.__class__.__name__}: {exc}") from exc
        failure: tuple[str, str] | None
        try:
            failure, result = self._conn.recv()
        except EOFError:  # the process died without a word (killed, out of memory)
            failure, result = ("the process ended unexpectedly", ""), None
        finally:
            self._conn.close()
            self._process.join()
        if failure is None and self._process.exitcode != 0:
            failure = (f"the process ended with exit code {self._process.exitcode}", "")
        if failure is not None:
            message, details = failure
            log.debug("%s failed:\n%s", self.what, details)
            raise DigestError(f"Error {self.what}: {message}")
        return result

    def cancel(self) -> None:
        """Stop the work if it is still running."""
        self._call = None
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
        if self._process is not None:
            self._process.join()
            self._conn.close()
