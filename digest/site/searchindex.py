"""Pagefind search: a chunked index a browser loads by the piece a query needs.

Material's own search downloads one index of every page and builds it in the
browser before the first result: seconds at 10,000 articles, and a page that dies
at 100,000. Pagefind splits the index by word and each page's excerpt into a
fragment of its own, so a query fetches a few hundred kilobytes whatever the size
of the digest. It runs once over the built site, after MkDocs has written it.

What it indexes is marked in the article pages (``digest.site.plugin``): the article's
text (``data-pagefind-body``), its date and source as metadata, its year and tags
as filters, its date as a sort. Index pages are not indexed: a search finds
stories, not the lists that name them.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.exceptions import SearchIndexError

log = logging.getLogger("mkdocs.plugins.digest")

OUTPUT_DIR = "pagefind"
"""Where the index goes, relative to ``site_dir`` (Pagefind's default)."""
ARTICLES = "articles"
GLOB = f"{ARTICLES}/**/*.html"
"""The pages indexed: the articles only."""
BUNDLE_PAGES = 20_000
"""Most articles in one Pagefind run. Its memory grows with the pages of a run (4 GB at
50,000 articles, 8 GB at 100,000): a larger digest is indexed in several runs, each into
a bundle of its own, which the search box searches together (``assets/search.js``)."""
BUNDLE_TEXT = 50_000_000
"""Most bytes of story (a page's bytes beyond the theme's) in one Pagefind run. Its memory
follows the text it indexes, about 35 to 40 bytes a byte: 1.7 GB for 20,000 Reuters stories
(2 KB each), 3.7 GB for 10,000 long web pages (13 KB each). A digest of long pages is
indexed in more, smaller runs."""
NEWEST_SHARE = 4
"""The newest bundle holds at most ``1/NEWEST_SHARE`` of the others' articles. The search
box searches it first and alone, and shows its results while the older bundles are searched:
Pagefind's time grows with the pages a word is found on ("the": nearly all), so a smaller
newest bundle shows the first results sooner, and they are the latest news."""
MANIFEST = "bundles.json"
"""In ``OUTPUT_DIR``: the bundles' folders, newest articles first (``[""]``: one bundle)."""
TIMEOUT = 3600.0
"""Seconds after which an indexing run is taken for hung (100,000 pages take about a minute)."""


@dataclass
class Indexed:
    """What one indexing run did."""

    pages: int
    seconds: float


BINARY_ENV = "DIGEST_PAGEFIND"
"""Environment variable naming another Pagefind binary to run (e.g. a newer release)."""


def executable() -> Path:
    """Return the Pagefind binary: ``$DIGEST_PAGEFIND``, else the ``pagefind_bin`` package's.

    PyPI's ``pagefind_bin`` is 1.5.2, whose ranking is slow for words found on most
    pages of a very large site (seconds at 50,000 articles); npm's ``pagefind`` 1.6
    is not, and ``DIGEST_PAGEFIND`` lets a build use it (see README, "Search").
    """
    chosen = os.environ.get(BINARY_ENV, "").strip()
    if chosen:
        path = Path(chosen)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise SearchIndexError(f"search: {BINARY_ENV}={chosen} is not an executable file")
        return path
    try:
        import pagefind_bin
    except ImportError as exc:
        raise SearchIndexError(
            "search: pagefind needs the pagefind_bin package (pip install pagefind_bin)"
        ) from exc
    try:
        return Path(pagefind_bin.get_executable())
    except FileNotFoundError as exc:
        raise SearchIndexError(f"search: no Pagefind binary for this platform ({exc})") from exc


@dataclass(frozen=True)
class Bundle:
    """One Pagefind run: the article pages it indexes and where its index goes."""

    glob: str
    folder: str
    """Relative to ``OUTPUT_DIR``: ``""`` for the whole site's one bundle, else ``"0"``…"""


def command(site_dir: Path, bundle: Bundle | None = None) -> list[str]:
    """Return the command line that indexes ``bundle`` (default: all articles) of ``site_dir``."""
    bundle = bundle or Bundle(GLOB, "")
    output = f"{OUTPUT_DIR}/{bundle.folder}" if bundle.folder else OUTPUT_DIR
    site = ["--site", str(site_dir), "--glob", bundle.glob, "--output-subdir", output]
    return [str(executable()), *site]


@dataclass(frozen=True)
class Group:
    """The article pages of one folder of ``articles/``: a month, or ``undated``."""

    key: str
    pages: int
    size: int
    """Their bytes, all told."""
    smallest: int
    """The bytes of the smallest of them: the page around a story, nearly all of it."""


def article_groups(site_dir: Path) -> list[Group]:
    """Return the article folders a bundle is made of, newest first, with their pages:
    each month (``1987/03``), then any other folder of ``articles/`` (``undated``)."""
    dated: dict[str, Group] = {}
    other: dict[str, Group] = {}
    for top in _folders(site_dir / ARTICLES):
        if not top.name.isdigit():
            other[top.name] = _group(top.name, _sizes_below(Path(top)))
            continue
        for month in _folders(Path(top)):
            sizes = [size for day in _folders(Path(month)) for size in _sizes(Path(day))]
            key = f"{top.name}/{month.name}"
            dated[key] = _group(key, sizes)
    keys = sorted(dated, reverse=True)
    return [dated[k] for k in keys] + [other[k] for k in sorted(other)]


def _group(key: str, sizes: list[int]) -> Group:
    return Group(key, len(sizes), sum(sizes), min(sizes, default=0))


def _sizes(day: Path) -> list[int]:
    """Return the bytes of each article of a day's folder: ``<slug>/index.html`` or
    ``<slug>.html``."""
    pages = []
    try:
        with os.scandir(day) as entries:
            for entry in entries:
                if entry.is_dir():
                    pages.append(Path(entry.path, "index.html"))
                elif entry.name.endswith(".html"):
                    pages.append(Path(entry.path))
    except OSError:
        return []
    return [size for page in pages if (size := _size(page)) is not None]


def _sizes_below(folder: Path) -> list[int]:
    pages = (
        Path(root, "index.html") for root, _, files in os.walk(folder) if "index.html" in files
    )
    return [size for page in pages if (size := _size(page)) is not None]


def _size(page: Path) -> int | None:
    """The bytes of ``page``; ``None`` if there is no such page (a folder of something else)."""
    try:
        return page.stat().st_size
    except OSError:
        return None


def _folders(path: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(path) as entries:
            return [entry for entry in entries if entry.is_dir()]
    except OSError:
        return []


def plan(site_dir: Path, most: int = BUNDLE_PAGES, text: int = BUNDLE_TEXT) -> list[Bundle]:
    """Return the Pagefind runs that index the articles: one, or one per ``most`` pages
    or ``text`` bytes of story (whichever comes first) or fewer, of consecutive months,
    newest first (a month is never split), the newest of them at most a
    ``NEWEST_SHARE``th of that. A page's story is its bytes beyond the smallest page's:
    the theme's part is the same on every page."""
    groups = article_groups(site_dir)
    around = min((g.smallest for g in groups if g.pages), default=0)
    stories = {g.key: max(0, g.size - g.pages * around) for g in groups}
    if sum(g.pages for g in groups) <= most and sum(stories.values()) <= text:
        return [Bundle(GLOB, "")]
    packs: list[list[str]] = [[]]
    pages = story = 0
    for group in groups:
        share = NEWEST_SHARE if len(packs) == 1 else 1
        full = pages + group.pages > max(1, most // share)
        full = full or story + stories[group.key] > text // share
        if packs[-1] and full:
            packs.append([])
            pages = story = 0
        packs[-1].append(group.key)
        pages += group.pages
        story += stories[group.key]
    return [Bundle(_glob(keys), str(n)) for n, keys in enumerate(packs)]


def _glob(keys: Sequence[str]) -> str:
    inner = keys[0] if len(keys) == 1 else "{" + ",".join(keys) + "}"
    return f"{ARTICLES}/{inner}/**/*.html"


def run_pagefind(site_dir: Path, bundle: Bundle) -> int:
    """Run Pagefind over ``bundle``; return the pages it indexed."""
    try:
        done = subprocess.run(
            command(site_dir, bundle),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SearchIndexError(f"search: Pagefind did not finish in {TIMEOUT:.0f} s") from None
    except OSError as exc:
        raise SearchIndexError(f"search: could not run Pagefind: {exc}") from None
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines() or ["no output"]
        raise SearchIndexError(f"search: Pagefind failed (exit {done.returncode}): {lines[-1]}")
    return _indexed_pages(done.stdout)


def index_site(site_dir: Path, most: int = BUNDLE_PAGES) -> Indexed:
    """Index the article pages of the built site in ``site_dir`` into ``site_dir/pagefind``:
    one Pagefind run after the other, so the memory of one run is the build's peak."""
    started = time.perf_counter()
    pages = 0
    for bundle in prepare(site_dir, most):
        _empty(site_dir, bundle)
        pages += run_pagefind(site_dir, bundle)
    return Indexed(pages=pages, seconds=time.perf_counter() - started)


def _empty(site_dir: Path, bundle: Bundle) -> None:
    """Remove what an earlier run left in ``bundle``'s folder. Pagefind writes only the
    files that changed and never removes one: after ``--dirty`` builds the index pieces of
    changed and deleted pages would pile up in the published site. (Not under ``serve``,
    where a run goes on in the background while the reader may be searching, in a site
    folder that goes away with the server.)"""
    folder = site_dir / OUTPUT_DIR / bundle.folder
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.name == MANIFEST:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def prepare(site_dir: Path, most: int = BUNDLE_PAGES) -> list[Bundle]:
    """Plan the runs and name their bundles in the manifest; a folder planned otherwise by
    an earlier build is emptied first (its bundles would be searched too)."""
    bundles = plan(site_dir, most)
    output = site_dir / OUTPUT_DIR
    folders = [f"{b.folder}/" if b.folder else "" for b in bundles]
    try:
        before = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = None
    if output.is_dir() and before != folders:
        shutil.rmtree(output, ignore_errors=True)
    output.mkdir(parents=True, exist_ok=True)
    (output / MANIFEST).write_text(json.dumps(folders), encoding="utf-8")
    return bundles


class Indexer:
    """Pagefind runs of one MkDocs session: in the foreground for a build, in the background
    under ``mkdocs serve`` (a rebuild need not wait for its search index)."""

    def __init__(self) -> None:
        self._running: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._chain: threading.Thread | None = None

    def index(self, site_dir: Path, background: bool, most: int = BUNDLE_PAGES) -> Indexed | None:
        """Index ``site_dir`` (``most`` articles a run); return what was done, or ``None``
        when it goes on meanwhile."""
        self.stop()  # a run still under way indexes a site that has changed since
        if not background:
            return index_site(site_dir, most)
        bundles = prepare(site_dir, most)
        self._stopped = threading.Event()
        self._running = _start(site_dir, bundles[0])
        if len(bundles) > 1:
            args = (site_dir, bundles[1:], self._running, self._stopped)
            self._chain = threading.Thread(target=self._run_rest, args=args, daemon=True)
            self._chain.start()
        return None

    def _run_rest(
        self,
        site_dir: Path,
        bundles: Sequence[Bundle],
        first: subprocess.Popen[bytes],
        stopped: threading.Event,
    ) -> None:
        """Run the other bundles' Pagefind, each once the one before has ended; return when
        the last has ended, or the runs were stopped."""
        running = first
        for bundle in bundles:
            running.wait()
            with self._lock:
                if stopped.is_set():
                    return
                try:
                    running = self._running = _start(site_dir, bundle)
                except SearchIndexError as exc:
                    log.warning("%s", exc)
                    return
        running.wait()  # the chain ends with the index complete

    def stop(self) -> None:
        """Stop a background run (the server is going away, or the site changed)."""
        with self._lock:
            self._stopped.set()
            running, self._running = self._running, None
        if running is not None:
            if running.poll() is None:
                running.kill()
            running.wait()
        if self._chain is not None:
            self._chain.join()
            self._chain = None


def _start(site_dir: Path, bundle: Bundle) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            command(site_dir, bundle), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    except OSError as exc:
        raise SearchIndexError(f"search: could not run Pagefind: {exc}") from None


def _indexed_pages(output: str) -> int:
    """Return the page count Pagefind prints (``Indexed 2992 pages``, ``Indexed 1 page``),
    0 if none."""
    for line in output.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] == "Indexed" and words[2] in ("page", "pages"):
            return int(words[1]) if words[1].isdigit() else 0
    return 0
