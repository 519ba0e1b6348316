"""One digest step at a time per project: a lock file in ``.digest/``.

Two builds at once (``mkdocs serve`` in one terminal, ``make site`` in another)
would rename each other's staged articles and save each other's ledger. The lock
is ``flock`` on ``.digest/build.lock``: the system drops it when the holder ends,
even killed, so a stale lock file never blocks a build. Held once per process
(re-entrant): ``digest build`` holds it for the whole build and the plugin's
import step inside it takes it again.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from digest.exceptions import DigestError

log = logging.getLogger("mkdocs.plugins.digest")

LOCK_PATH = Path(".digest") / "build.lock"
WAIT = True
"""Whether a second build waits for the first (``digest --no-wait`` sets it off)."""

_held: dict[str, int] = {}
"""Depth of each lock this process holds, by path."""


class LockedError(DigestError):
    """Another build of the same project is running (and waiting was not wanted)."""


@contextmanager
def build_lock(root: Path, wait: bool | None = None) -> Iterator[None]:
    """Hold the project's build lock for the block; wait for another holder (unless
    ``wait`` is false: then raise ``LockedError``). ``wait=None``: as ``WAIT`` says."""
    path = root / LOCK_PATH
    key = os.path.abspath(path)
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        _acquire(fd, WAIT if wait is None else wait)
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, wait: bool) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    where = LOCK_PATH.as_posix()  # as messages name files: from the project root
    if not wait:
        raise LockedError(
            f"another digest build or import of this project is running (lock: {where}); "
            "run again once it is done"
        )
    log.info("Waiting for another digest build or import of this project to finish (%s)", where)
    fcntl.flock(fd, fcntl.LOCK_EX)
