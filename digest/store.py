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
from dataclasses import dataclass, field
from pathlib import Path

from digest.article import Article
from digest.exceptions import FrontMatterError
from digest.frontmatter import read_file
from digest.fsutil import walk_files
from digest.layout import ARTICLES_DIR
from digest.ledger import sha1

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
    stamp: str = ""
    """Hash of every article file's path, mtime and size: equal stamps, equal articles."""


def article_files(docs_dir: Path) -> list[tuple[str, os.stat_result]]:
    """Return (path relative to ``docs_dir``, stat) of every article file, sorted."""
    return [
        (f"{ARTICLES_DIR}/{rel}", stat) for rel, stat in walk_files(docs_dir / ARTICLES_DIR, ".md")
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
    known = known or {}
    cache = _read_cache(cache_file)
    fresh: dict[str, _Cached] = {}
    result = Collection()
    for key, stat in article_files(docs_dir):
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = cache.get(key)
        article: Article | None
        if key in known:
            article, problems = known[key], []
        elif cached is not None and cached[0] == stamp:
            article, problems = cached[1], cached[2]
        else:
            article, problems = read_file(docs_dir / key, docs_dir, prefix)
        fresh[key] = (stamp, article, problems)
        if article is not None:
            article.body = ""  # index pages never need it; keeps the cache small
            result.articles.append(article)
        if problems:
            result.problems.extend(problems)
            result.invalid.add(key)
    result.stamp = sha1("\n".join(f"{k} {v[0]}" for k, v in fresh.items()))
    if cache_file is not None and (
        fresh.keys() != cache.keys() or _stamps(fresh) != _stamps(cache)
    ):
        _write_cache(cache_file, fresh)
    return result


def _stamps(data: dict[str, _Cached]) -> list[tuple[int, int]]:
    return [entry[0] for entry in data.values()]


def _read_cache(cache_file: Path | None) -> dict[str, _Cached]:
    if cache_file is None:
        return {}
    try:
        with cache_file.open("rb") as handle:
            version, data = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return {}
    return data if version == CACHE_VERSION else {}


def _write_cache(cache_file: Path, data: object) -> None:
    with contextlib.suppress(OSError):
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps((CACHE_VERSION, data), protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(cache_file)
