"""The one exception tree of News Digest.

Every error a user can cause names the file it is about (relative to the
project root where known) and, where there is one, the line.
"""

from __future__ import annotations

from pathlib import Path


class DigestError(Exception):
    """Base of every error News Digest raises on purpose."""


class ConfigError(DigestError):
    """The project configuration (mkdocs.yml, tags.yml) is unusable."""


class SearchIndexError(DigestError):
    """The search index (Pagefind) could not be built."""


class FileError(DigestError):
    """A problem with one input file; the message names the file and line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.message = message
        self.line = line
        super().__init__(self.location() + ": " + message)

    def __reduce__(self) -> tuple[type[FileError], tuple[str, str, int | None]]:
        # Pickled with the cached parse of a broken article: rebuilt from the arguments (by
        # default pickle would pass the formatted message alone, and loading would fail).
        return type(self), (self.path, self.message, self.line)

    def location(self) -> str:
        """Return ``path`` or ``path:line`` as editors and compilers print it."""
        return f"{self.path}:{self.line}" if self.line else self.path


class ReaderError(FileError):
    """A raw seed file cannot be turned into an article."""


class FrontMatterError(FileError):
    """An article's front matter is unreadable or breaks the schema."""
