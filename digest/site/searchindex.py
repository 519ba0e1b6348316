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

import logging
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from digest.exceptions import SearchIndexError

log = logging.getLogger("mkdocs.plugins.digest")

OUTPUT_DIR = "pagefind"
"""Where the index goes, relative to ``site_dir`` (Pagefind's default)."""
GLOB = "articles/**/*.html"
"""The pages indexed: the articles only."""
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


def command(site_dir: Path) -> list[str]:
    """Return the command line that indexes the articles of ``site_dir``."""
    return [
        str(executable()),
        "--site",
        str(site_dir),
        "--glob",
        GLOB,
        "--output-subdir",
        OUTPUT_DIR,
    ]


def index_site(site_dir: Path) -> Indexed:
    """Index the article pages of the built site in ``site_dir`` into ``site_dir/pagefind``."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command(site_dir),
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
    return Indexed(pages=_indexed_pages(done.stdout), seconds=time.perf_counter() - started)


class Indexer:
    """Pagefind runs of one MkDocs session: in the foreground for a build, in the background
    under ``mkdocs serve`` (a rebuild need not wait for its search index)."""

    def __init__(self) -> None:
        self._running: subprocess.Popen[bytes] | None = None

    def index(self, site_dir: Path, background: bool) -> Indexed | None:
        """Index ``site_dir``; return what was done, or ``None`` when it goes on meanwhile."""
        self.stop()  # a run still under way indexes a site that has changed since
        if not background:
            return index_site(site_dir)
        try:
            self._running = subprocess.Popen(
                command(site_dir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        except OSError as exc:
            raise SearchIndexError(f"search: could not run Pagefind: {exc}") from None
        return None

    def stop(self) -> None:
        """Stop a background run (the server is going away, or the site changed)."""
        if self._running is not None:
            if self._running.poll() is None:
                self._running.kill()
            self._running.wait()
            self._running = None


def _indexed_pages(output: str) -> int:
    """Return the page count Pagefind prints (``Indexed 2992 pages``), 0 if none."""
    for line in output.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] == "Indexed" and words[2] == "pages":
            return int(words[1]) if words[1].isdigit() else 0
    return 0
