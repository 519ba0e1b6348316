"""Read every article file in ``docs_dir`` back into ``Article`` objects.

Index pages are built from what is here, never from ``seeds/``: a hand edit to
an article's front matter is what the tag pages and the timeline show.
Parsed front matter is cached by (mtime, size) so a rebuild only re-reads the
files that changed.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO

from digest.article import Article
from digest.articles.front import read_file
from digest.articles.fsutil import walk_entries
from digest.articles.layout import ARTICLES_DIR
from digest.articles.ledger import sha1
from digest.exceptions import FrontMatterError
from digest.fast import cachefile

CACHE_VERSION = 1
_Cached = tuple[tuple[int, int], Article | None, list[FrontMatterError]]
"""(mtime_ns, size) of an article file, and what reading it gave."""


@dataclass
class Collection:
    """The articles that load cleanly and the problems of those that do not."""

    articles: list[Article] = field(default_factory=list)
    problems: list[FrontMatterError] = field(default_factory=list)
    invalid: set[str] = field(default_factory=set)
    """Files (relative to ``docs_dir``) that did not load."""
    files: dict[str, _Cached] = field(default_factory=dict, repr=False)
    """Every article file's (mtime_ns, size) and what reading it gave, by path."""
    previous: dict[str, _Cached] = field(default_factory=dict, repr=False)
    """``files`` as the store knew them before this load (from its cache file at first)."""

    def stamp(self) -> str:
        """Return a hash of every file's path, mtime and size: equal stamps, equal articles."""
        return sha1("\n".join(f"{k} {v[0]}" for k, v in self.files.items()))


def article_files(docs_dir: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """Return (path relative to ``docs_dir``, its entry) of every article file, sorted."""
    return [
        (f"{ARTICLES_DIR}/{rel}", entry)
        for rel, entry in walk_entries(docs_dir / ARTICLES_DIR, ".md")
    ]


def load_articles(
    docs_dir: Path,
    cache_file: Path | None = None,
    prefix: str = "",
    known: dict[str, Article] | None = None,
) -> Collection:
    """Load and validate every article in ``docs_dir``, reusing cached parses.

    Problems name files as ``prefix`` + their path in ``docs_dir``. ``known`` holds
    articles just written by the import, which need no parsing.
    """
    return ArticleStore(cache_file).load(docs_dir, prefix, known)


UNSAVED_LIMIT = 200
"""A store kept in memory rewrites its cache file once this many parses are not in it."""


class ArticleStore:
    """Every article file's parse, kept in memory between builds and in a file between runs.

    The first ``load`` reads the cache file and writes it back if anything changed.
    Later loads (``mkdocs serve`` keeps the store) write it only once
    ``UNSAVED_LIMIT`` files changed since: rewriting the whole cache after each
    edit would cost more than parsing again the few files edited since.
    """

    def __init__(self, cache_file: Path | None = None) -> None:
        self.cache_file = cache_file
        self._entries: dict[str, _Cached] | None = None
        self._unsaved: set[str] = set()
        """Files whose entry in the cache file is missing or out of date."""
        self._save: Callable[[], None] | None = None

    def load(
        self,
        docs_dir: Path,
        prefix: str = "",
        known: dict[str, Article] | None = None,
        *,
        stats: dict[str, tuple[int, int]] | None = None,
        defer_save: bool = False,
    ) -> Collection:
        """Load and validate every article in ``docs_dir``; parse only files that changed.

        ``known``: articles just written, which need no parsing; ``stats``: the
        (mtime_ns, size) some of them were written with (no need to ask the disk).
        ``defer_save``: leave the writing of the cache file to the caller
        (``take_save``), who may do it while other work goes on.
        """
        first = self._entries is None
        if self._entries is None:
            self._entries = _read_cache(self.cache_file)
        before = self._entries
        result = _scan(docs_dir, before, prefix, known or {}, stats or {})
        result.previous = before
        self._entries = result.files
        if self.cache_file is not None:
            # Files parsed again, new or gone: the cache file's entries for them are stale.
            self._unsaved.update(
                k for k, entry in result.files.items() if before.get(k) is not entry
            )
            self._unsaved.update(before.keys() - result.files.keys())
            if len(self._unsaved) > (0 if first else UNSAVED_LIMIT):
                self._save = partial(_write_cache, self.cache_file, result.files)
                self._unsaved.clear()
        if not defer_save and (save := self.take_save()) is not None:
            save()
        return result

    def take_save(self) -> Callable[[], None] | None:
        """Return the write that brings the cache file up to date, if one is due.

        The store counts it as done: call it (in this process or a forked one).
        """
        save, self._save = self._save, None
        return save


def _scan(
    docs_dir: Path,
    cache: dict[str, _Cached],
    prefix: str,
    known: dict[str, Article],
    stats: dict[str, tuple[int, int]],
) -> Collection:
    """Return every article file's article or problems, parsing only files not in ``cache``."""
    fresh: dict[str, _Cached] = {}
    result = Collection(files=fresh)
    for key, file in article_files(docs_dir):
        stamp = stats.get(key) if key in known else None
        if stamp is None:
            stat = file.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        cached = cache.get(key)
        if key in known:
            entry: _Cached = (stamp, known[key], [])
            known[key].body = ""  # index pages never need it; keeps the cache small
        elif cached is not None and cached[0] == stamp:
            entry = cached
        else:
            article, problems = read_file(docs_dir / key, docs_dir, prefix)
            if article is not None:
                article.body = ""
            entry = (stamp, article, problems)
        fresh[key] = entry
        if entry[1] is not None:
            result.articles.append(entry[1])
        if entry[2]:
            result.problems.extend(entry[2])
            result.invalid.add(key)
    return result


def _read_cache(cache_file: Path | None) -> dict[str, _Cached]:
    if cache_file is None:
        return {}
    loaded = cachefile.load(cache_file, _unpickle_cache)
    if loaded is None:
        return {}
    version, data = loaded
    if version != CACHE_VERSION:
        cachefile.miss(cache_file, f"written by cache version {version}")
        return {}
    return data


def _unpickle_cache(handle: IO[bytes]) -> tuple[object, dict[str, _Cached]]:
    version, data = pickle.load(handle)  # a file of other contents fails here: a miss
    return version, data


def _write_cache(cache_file: Path, data: object) -> None:
    with contextlib.suppress(OSError):
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps((CACHE_VERSION, data), protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(cache_file)
