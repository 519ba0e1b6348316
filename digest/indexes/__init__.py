"""Index builders: they consume articles and return generated pages as Markdown."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Container, Iterable, Mapping, Sequence
from pathlib import Path

from digest.article import Article
from digest.articles.fsutil import walk_entries, write_if_changed
from digest.articles.layout import TAGS_DIR, TIMELINE_DIR
from digest.indexes import home, tags, timeline
from digest.indexes.common import Options
from digest.indexes.tags import Tag, TagRules

GENERATED_DIRS = (TAGS_DIR, TIMELINE_DIR)
"""Folders of ``docs_dir`` that belong to the generator: stale files there are removed."""

__all__ = [
    "GENERATED_DIRS",
    "Options",
    "TagRules",
    "build_pages",
    "remove_stale",
    "update_pages",
    "write_changed",
    "write_pages",
]


def build_pages(
    articles: Sequence[Article], tag_list: Sequence[Tag], options: Options
) -> dict[str, str]:
    """Return every index page, {docs_dir-relative path: Markdown}."""
    pages = home.build(articles, options)
    pages.update(tags.build(tag_list, options))
    pages.update(timeline.build(articles, options))
    return pages


def write_pages(docs_dir: Path, pages: dict[str, str]) -> tuple[int, int]:
    """Write pages whose content changed and remove stale generated ones.

    Return (written, removed). Unchanged pages keep their mtime, so
    ``mkdocs serve --dirty`` only re-renders what changed.
    """
    return write_changed(docs_dir, pages), remove_stale(docs_dir, pages)


def write_changed(docs_dir: Path, pages: Mapping[str, str]) -> int:
    """Write the pages whose content changed; return how many were written."""
    return sum(write_if_changed(docs_dir / path, text) for path, text in pages.items())


def remove_stale(docs_dir: Path, keep: Container[str]) -> int:
    """Remove the generated pages not in ``keep`` (and folders left empty); return how many."""
    removed = 0
    for folder in GENERATED_DIRS:
        for rel, _ in walk_entries(docs_dir / folder, ".md"):
            if f"{folder}/{rel}" not in keep:
                os.unlink(docs_dir / folder / rel)
                removed += 1
        _remove_empty_dirs(docs_dir / folder)
    return removed


def update_pages(docs_dir: Path, pages: dict[str, str], gone: Iterable[str]) -> int:
    """Write ``pages`` whose content changed, remove the ``gone`` ones; return how many written.

    ``write_pages`` for a few pages: the other generated files are left as they are.
    """
    written = write_changed(docs_dir, pages)
    folders: set[Path] = set()
    for path in gone:
        file = docs_dir / path
        file.unlink(missing_ok=True)
        # As write_pages does, remove the folders left empty, not the generated folders.
        folders.update(file.parents[: max(0, len(file.relative_to(docs_dir).parts) - 2)])
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return written


def _remove_empty_dirs(root: Path) -> None:
    """Remove the folders under ``root`` (not ``root``) left empty, deepest first."""
    for folder, _, _ in os.walk(root, topdown=False):
        if folder != str(root):
            with contextlib.suppress(OSError):  # not empty (or gone): kept
                os.rmdir(folder)
