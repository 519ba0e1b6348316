"""Minify the built site's HTML: the whitespace of the theme's templates is a fifth of a page.

A digest of 100,000 articles has to stay under GitHub Pages' 1 GB: an article page is
16 KB as Material writes it, of which about 3 KB is the indentation and blank lines of
its templates. ``minify-html`` (a spec-following HTML minifier written in Rust) removes
them without changing what the page shows: whitespace inside ``<pre>`` and inline
elements is kept, scripts and styles are left alone, closing tags are kept.

It runs once over ``site_dir`` after MkDocs has written every page, in a process per
core, and only on a full build (``mkdocs serve`` previews the pages as written).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import minify_html

BATCH = 500
"""Pages per task: large enough that sending the paths costs nothing next to the work."""


@dataclass
class Minified:
    """What one run did: pages and bytes before and after."""

    pages: int = 0
    before: int = 0
    after: int = 0

    def add(self, other: Minified) -> None:
        """Count ``other``'s pages and bytes in this one."""
        self.pages += other.pages
        self.before += other.before
        self.after += other.after


def minify(text: str) -> str:
    """Return the page ``text`` minified: the same document, without layout whitespace."""
    return str(
        minify_html.minify(
            text,
            minify_js=False,
            minify_css=False,
            keep_closing_tags=True,
            keep_html_and_head_opening_tags=True,
            keep_comments=False,
        )
    )


def minify_files(paths: Sequence[str]) -> Minified:
    """Minify each HTML file in ``paths`` in place."""
    done = Minified()
    for path in paths:
        data = Path(path).read_bytes()
        out = minify(data.decode("utf-8")).encode("utf-8")
        done.pages += 1
        done.before += len(data)
        done.after += len(out)
        if out != data:
            _replace(path, out)
    return done


def _replace(path: str, data: bytes) -> None:
    temp = f"{path}.min.tmp"
    with open(temp, "wb") as handle:
        handle.write(data)
    os.replace(temp, path)


def html_files(site_dir: Path) -> Iterator[str]:
    """Yield the path of every HTML page under ``site_dir``, in a stable order."""
    for folder, dirs, files in os.walk(site_dir):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".html"):
                yield os.path.join(folder, name)


def minify_site(site_dir: Path, parallel: bool = True) -> Minified:
    """Minify every HTML page of the built site in ``site_dir``; on every core if ``parallel``."""
    paths = list(html_files(site_dir))
    batches = [paths[i : i + BATCH] for i in range(0, len(paths), BATCH)]
    total = Minified()
    if not parallel or len(batches) < 2:
        for batch in batches:
            total.add(minify_files(batch))
        return total
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for done in pool.map(minify_files, batches):
            total.add(done)
    return total
