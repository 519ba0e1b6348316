"""Readers turn one input file into an ``Article``; chosen by file suffix from a registry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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


def reader_for(path: Path) -> Reader | None:
    """Return the reader for ``path``, or ``None`` if no reader handles its kind."""
    if path.name.startswith("."):
        return None  # hidden files (.DS_Store, editor swap files) are never articles
    return READERS.get(path.suffix.lower())


def read(path: Path, seeds_dir: Path, data: bytes | None = None) -> Article:
    """Read the seed at ``path`` (``data``: its bytes, if already read) into an ``Article``."""
    seed = path.relative_to(seeds_dir).as_posix()
    reader = reader_for(path) or read_text
    raw = path.read_bytes() if data is None else data
    return reader(decode(raw, f"{seeds_dir.name}/{seed}"), seed)
