"""A time budget for reading one seed: a safety net against a page that hangs a reader.

The readers' expressions are linear-time (tests/test_linear_time.py), but a reader
added later, or a page nobody thought of, must not hold a build for minutes with a
worker at 100 % CPU. The budget is a real-time alarm (``SIGALRM``) in the process
doing the reading: ``re`` checks for signals while it matches (checked on a
catastrophic expression by the tests), so the alarm stops even a match that would
take hours, and the seed is skipped with a message naming it. Forked import workers
run jobs on their main thread, so each worker stops its own overrun and stays usable.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

DEFAULT_SECONDS = 5.0
"""Reading a seed takes milliseconds; a seed still being read after this is skipped."""
ENV = "DIGEST_SEED_BUDGET"
"""Environment variable that sets the budget in seconds (over ``seed_budget`` in mkdocs.yml)."""


class Overrun(BaseException):
    """Raised in the reading process when a seed's budget runs out.

    A ``BaseException``: a reader's own ``except Exception`` must not swallow it.
    """


def from_env(configured: float) -> float:
    """Return the budget from ``DIGEST_SEED_BUDGET`` if set (and a number), else ``configured``."""
    value = os.environ.get(ENV, "").strip()
    try:
        return float(value) if value else configured
    except ValueError:
        return configured


_handled_in: int | None = None
"""The thread ``alarm_handler`` installed the handler for (forked workers inherit it: a
forked child's only thread keeps the ident of the thread that forked it)."""


def _overrun(signum: int, frame: FrameType | None) -> None:
    raise Overrun


def can_enforce() -> bool:
    """Tell whether this thread can set an alarm (signals reach the main thread only)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def alarm_handler() -> Iterator[None]:
    """Install the handler ``time_budget`` needs for the block (forked workers inherit
    it), so that each seed costs two ``setitimer`` calls and no more."""
    global _handled_in
    if not can_enforce() or _handled_in is not None:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _overrun)
    _handled_in = threading.get_ident()
    try:
        yield
    finally:
        _handled_in = None
        signal.signal(signal.SIGALRM, previous)


def arm(seconds: float) -> bool:
    """Start a budget of ``seconds`` if ``alarm_handler`` is in force in this thread (the
    import's hot path: a context manager costs more than the two system calls)."""
    if seconds > 0 and _handled_in is not None and threading.get_ident() == _handled_in:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        return True
    return False


def disarm() -> None:
    """Stop the budget ``arm`` started."""
    signal.setitimer(signal.ITIMER_REAL, 0)


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise ``Overrun`` in the block once it has run ``seconds`` (0 or less: no budget)."""
    if seconds <= 0 or not can_enforce():
        yield
        return
    with alarm_handler():
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
