"""File writes that never leave a half-written file behind."""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import tempfile
from pathlib import Path

_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC
_TEMPS = itertools.count()


def _create_temp(folder: str) -> tuple[int, str]:
    """Create a new hidden ``.tmp`` file in ``folder`` as ``mkstemp`` does (mode 0600).

    Named by process and a counter, not by mkstemp's random letters: picking those
    cost more CPU than writing the file. A name taken already falls back to mkstemp.
    """
    tmp = os.path.join(folder, f".{os.getpid()}-{next(_TEMPS)}.tmp")
    try:
        return os.open(tmp, _TEMP_FLAGS, 0o600), tmp
    except FileExistsError:
        return tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)


def write_temp(folder: str, text: str | bytes) -> str:
    """Write ``text`` (UTF-8, or bytes) to a new hidden temporary file in ``folder``.

    ``folder`` is made if missing. Return the file's path: the caller renames it
    into place (``os.replace``, atomic) or removes it.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        fd, tmp = _create_temp(folder)
    except FileNotFoundError:  # the folder is new (rare: not worth a mkdir for every file)
        os.makedirs(folder, exist_ok=True)
        fd, tmp = _create_temp(folder)
    try:
        # os.write, not a file object: making one costs more than writing a small file.
        try:
            write_all(fd, data)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to the file descriptor ``fd``."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if not written:  # a regular file takes bytes or raises: never expected
            raise OSError(errno.EIO, "nothing written")
        view = view[written:]


def read_all(fd: int, size: int, limit: int) -> bytes | None:
    """Read a file from ``fd`` to its end, ``size`` being its size when opened.

    Return ``None`` once more than ``limit`` bytes were read (the file grew).
    """
    data = os.read(fd, size + 1)
    if len(data) <= size:  # short of what was asked for: the end of the file
        return data
    parts = [data]
    total = len(data)
    while chunk := os.read(fd, 1 << 20):
        total += len(chunk)
        if total > limit:
            return None
        parts.append(chunk)
    return b"".join(parts)


def write_atomic(path: Path | str, text: str | bytes) -> None:
    """Write ``text`` (UTF-8, or bytes) to ``path`` through a temporary file and a rename."""
    tmp = write_temp(os.path.dirname(path), text)
    try:
        # The rename is atomic: a killed build leaves the old file or the new one, never half
        # of one. (No fsync: it would make imports 30x slower and only matters on power loss.)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless ``path`` already holds it; return whether it was written.

    Unchanged files keep their mtime, so ``mkdocs serve --dirty`` skips them.
    """
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError, IsADirectoryError):
        pass
    write_atomic(path, text)
    return True


def remove_stale_temps(root: Path) -> int:
    """Remove temporary files a killed build left under ``root``; return how many."""
    count = 0
    for folder, _, files in os.walk(root):  # a third of rglob's time: no pattern matching
        for name in files:
            if name.startswith(".") and name.endswith(".tmp") and len(name) > 4:
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))
                    count += 1
    return count


def walk_entries(
    root: Path, suffix: str = "", links: set[str] | None = None
) -> list[tuple[str, os.DirEntry[str]]]:
    """Return (POSIX path relative to ``root``, entry) of every file below ``root``, sorted.

    Hidden files and folders (``.git``, ``.DS_Store``, editor swap files) are left out.
    One ``scandir`` pass: a no-op rebuild of a large site must stay cheap. A file's
    ``entry.stat()`` costs a system call, made only by who needs it. Paths that are,
    or lie under, a symbolic link are added to ``links`` when it is given.
    """
    found: list[tuple[str, os.DirEntry[str]]] = []
    stack = [(root, "", False)]
    while stack:
        folder, prefix, linked = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            is_link = linked or entry.is_symlink()
            if entry.is_dir():
                stack.append((Path(entry.path), rel + "/", is_link))
            elif entry.name.endswith(suffix) and entry.is_file():
                found.append((rel, entry))
                if is_link and links is not None:
                    links.add(rel)
    return sorted(found, key=lambda item: item[0])
