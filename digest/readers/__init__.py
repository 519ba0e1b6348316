"""Readers turn one input file into an ``Article``; chosen by file suffix from a registry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePath, PurePosixPath

from digest.article import Article
from digest.readers.encoding import decode
from digest.readers.text import read_text

Reader = Callable[[str, str], Article]
"""A pure function from (decoded text, seed path) to an article."""

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    "": read_text,
    # Scraped pages saved as Markdown are plain text with a few marks; read them as text.
    ".md": read_text,
    ".markdown": read_text,
}
"""Readers by lower-case file suffix; register another kind of input here."""


def reader_for(path: PurePath) -> Reader | None:
    """Return the reader for ``path``, or ``None`` if no reader handles its kind."""
    if path.name.startswith("."):
        return None  # hidden files (.DS_Store, editor swap files) are never articles
    return READERS.get(path.suffix.lower())


def reader_for_seed(seed: str) -> Reader | None:
    """Return ``reader_for(PurePosixPath(seed))``, for a seed's POSIX path as a string."""
    name = seed.rpartition("/")[2]
    if not name or name == ".":
        return reader_for(PurePosixPath(seed))  # a path to normalise first ("a/", "a/.")
    if name.startswith("."):
        return None
    # PurePath.suffix: from the last dot, if the name neither starts nor ends with it.
    dot = name.rfind(".")
    return READERS.get(name[dot:].lower() if 0 < dot < len(name) - 1 else "")


def read(path: Path, seeds_dir: Path, data: bytes | None = None) -> Article:
    """Read the seed at ``path`` (``data``: its bytes, if already read) into an ``Article``."""
    raw = path.read_bytes() if data is None else data
    return read_seed(path.relative_to(seeds_dir).as_posix(), raw, seeds_dir.name)


def read_seed(seed: str, data: bytes, folder: str = "seeds") -> Article:
    """Read a seed from its bytes: ``seed`` is its POSIX path in the folder named ``folder``."""
    reader = reader_for(PurePosixPath(seed)) or read_text
    return reader(decode(data, f"{folder}/{seed}"), seed)
