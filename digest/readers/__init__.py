"""Readers turn one input file into an ``Article``; chosen by file suffix from a registry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePath, PurePosixPath

from digest.article import Article
from digest.readers.encoding import decode
from digest.readers.text import read_text

Reader = Callable[[str, str], Article]
"""A pure function from (decoded text, seed path) to an article."""
RawReader = Callable[[bytes, str], Article]
"""A pure function from (the seed's bytes, seed path) to an article, for kinds of file
that declare their own encoding (a web page's ``<meta charset>``)."""

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    "": read_text,
    # Scraped pages saved as Markdown are plain text with a few marks; read them as text.
    ".md": read_text,
    ".markdown": read_text,
}
"""Readers by lower-case file suffix; register another kind of input here."""


def read_html(data: bytes, seed: str) -> Article:
    """Read a saved web page: ``digest.readers.html.read_html``, imported on first use."""
    # trafilatura and htmldate take about 0.4 s to import: only a site with web pages pays.
    from digest.readers import html

    return html.read_html(data, seed)


RAW_READERS: dict[str, RawReader] = {
    ".html": read_html,
    ".htm": read_html,
    ".html.gz": read_html,
    ".htm.gz": read_html,
}
"""Readers of raw bytes by lower-case suffix (two for a compressed file); looked up first."""


def raw_reader_for_seed(seed: str) -> RawReader | None:
    """Return the reader of raw bytes for a seed's POSIX path, if its kind has one."""
    name = seed.rpartition("/")[2].lower()
    if name.startswith("."):
        return None
    if name.endswith(".gz"):
        name = name[:-3]
        return RAW_READERS.get(name[name.rfind(".") :] + ".gz") if "." in name[1:] else None
    dot = name.rfind(".")
    return RAW_READERS.get(name[dot:]) if dot > 0 else None


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
    raw = raw_reader_for_seed(seed)
    if raw is not None:
        return raw(data, seed)
    reader = reader_for(PurePosixPath(seed)) or read_text
    return reader(decode(data, f"{folder}/{seed}"), seed)
