"""Reading a pickled cache: anything wrong with it is a miss, logged with the reason.

A cache only saves time. One that is missing, cut short, written by another
version, or that names a class which has since moved or been renamed (as
after an upgrade that moves modules) must never stop a build: it is dropped,
and the work it held is done again.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import IO, TypeVar

log = logging.getLogger("mkdocs.plugins.digest")

T = TypeVar("T")

UNREADABLE = (
    OSError,
    EOFError,  # cut short
    pickle.UnpicklingError,
    ValueError,  # an unsupported protocol, a bad value
    TypeError,
    LookupError,  # a memo or an opcode a damaged file refers to
    AttributeError,  # a class renamed in its module
    ImportError,  # a module moved or renamed (ModuleNotFoundError is one)
)
"""What loading a pickle can raise when the file is damaged or outdated."""


def load(path: Path, read: Callable[[IO[bytes]], T]) -> T | None:
    """Return ``read`` of the open cache file, or ``None`` when it is missing or unusable."""
    try:
        with path.open("rb") as handle:
            return read(handle)
    except FileNotFoundError:
        return None
    except UNREADABLE as exc:
        miss(path, f"{type(exc).__name__}: {exc}")
        return None


def miss(path: Path, reason: str) -> None:
    """Log at debug level that the cache ``path`` was not used, and why."""
    log.debug("Cache %s not used (%s): building anew", path.name, reason)
