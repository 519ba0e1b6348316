"""The speed layer behind one interface: the fast path, or plain MkDocs doing it all.

The fast path (``fast: true``, the default) gives the pages outside the nav
shortcut readers and renderers (``digest.fast.bodyhtml``, ``digest.fast.listhtml``) and,
with ``parallel: true``, worker processes that read and convert pages ahead of
the build (``digest.fast.ahead``) and fill in the theme's templates
(``digest.fast.pagerender``). It leans on MkDocs' and Material's internals
(``get_context``, ``_build_page``'s steps, the search plugin's entries), so it
runs only with the versions it is tested with (``SUPPORTED``); outside them,
and with ``fast: false``, the build is MkDocs' own (``PlainPath``). Both make
the same site, byte for byte (``tests/test_fastpath.py``).

``parallel`` only says whether other processes may be used: the fast path's
workers and the feeds' writer. ``fast: false`` with ``parallel: true`` still
writes the feeds in another process.
"""

from __future__ import annotations

import logging
import re
from importlib import metadata
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from digest.articles.layout import ARTICLES_DIR
from digest.fast.ahead import Populate, reads_as_usual
from digest.fast.bodyhtml import ArticlePage
from digest.fast.listhtml import IndexPage
from digest.fast.pagerender import PageRender, safe_plugins

log = logging.getLogger("mkdocs.plugins.digest")

SUPPORTED = {"mkdocs": ((1, 6), (1, 7)), "mkdocs-material": ((9, 7), (9, 9))}
"""Releases the fast path is tested with, per distribution: from the first (major, minor)
included to the second excluded."""


class PlainPath:
    """No shortcut and no worker: MkDocs reads, converts and renders every page itself."""

    def read(self, files: Files, config: MkDocsConfig, listed: set[str] | None) -> None:
        """Before MkDocs reads the pages (``on_files``)."""

    def render(self, config: MkDocsConfig, nav: Navigation, env: Environment, files: Files) -> None:
        """Before MkDocs fills in the templates (``on_env``), every page converted."""

    def context(self, context: Any, page: Page) -> Any | None:
        """In ``on_page_context``: the page's context if a worker rendered it, else ``None``."""
        return None

    def built(self, page: Page) -> None:
        """After MkDocs built ``page`` (``on_post_page``)."""

    def close(self) -> None:
        """Stop whatever runs beside the build."""


class FastPath(PlainPath):
    """Shortcut readers and renderers for the pages outside the nav; workers when parallel."""

    def __init__(self, parallel: bool, dirty: bool, serving: bool) -> None:
        self.parallel, self.dirty, self.serving = parallel, dirty, serving
        self._populate: Populate | None = None
        self._pages: PageRender | None = None

    def read(self, files: Files, config: MkDocsConfig, listed: set[str] | None) -> None:
        """Give the pages outside the nav their faster readers and renderers.

        Articles take the plain-text shortcut, the index pages the list one
        (``digest.fast.listhtml``). Worker processes read and convert them from the
        last back while MkDocs builds the navigation and reads from the first
        (``digest.fast.ahead``). Pages in the nav are left to MkDocs, which names them.
        """
        pages = []
        for file in files.documentation_pages():
            in_nav = file.inclusion.is_in_nav()  # type: ignore[no-untyped-call]
            if file.src_uri in listed if listed is not None else in_nav:
                continue
            pages.append(file)
        for file in pages:
            if file.src_uri.startswith(ARTICLES_DIR + "/"):
                ArticlePage(None, file, config)
            else:
                IndexPage(None, file, config)
        # A dirty build reads only the pages that changed: a few, not worth the workers.
        if self.parallel and not self.dirty and reads_as_usual(config):
            self._populate = Populate(config, files, pages)

    def render(self, config: MkDocsConfig, nav: Navigation, env: Environment, files: Files) -> None:
        """Stop the read workers; start the workers that fill in the templates."""
        self._close_readers()
        if self.parallel and safe_plugins(config):
            inclusion = InclusionLevel.is_in_serve if self.serving else InclusionLevel.is_included
            doc_files = files.documentation_pages(inclusion=inclusion)
            # What MkDocs builds next, in its order (with --dirty: what changed).
            order = [file for file in doc_files if not self.dirty or file.is_modified()]
            self._pages = PageRender(config, nav, env, files, doc_files, order)

    def context(self, context: Any, page: Page) -> Any | None:
        if self._pages is not None and self._pages.has(page):
            return self._pages.context(context, page)
        return None

    def built(self, page: Page) -> None:
        if self._pages is not None:
            self._pages.built(page)

    def close(self) -> None:
        self._close_readers()
        if self._pages is not None:
            self._pages.close()
            self._pages = None

    def _close_readers(self) -> None:
        if self._populate is not None:
            if self._populate.running:
                populate = self._populate
                log.debug(
                    "Read workers read %d pages, converted %d", populate.taken, populate.converted
                )
            self._populate.close()
            self._populate = None


def outside_versions() -> str | None:
    """Return the installed MkDocs or Material release the fast path is not tested with."""
    for name, (first, end) in SUPPORTED.items():
        version = installed(name)
        if not first <= _major_minor(version) < end:
            tested = f"{first[0]}.{first[1]} to before {end[0]}.{end[1]}"
            return f"{name} {version} (tested: {tested})"
    return None


def installed(name: str) -> str:
    """Return the installed version of the distribution ``name`` ("0" when unknown)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "0"


def _major_minor(version: str) -> tuple[int, int]:
    """Return (major, minor) of a release (``9.8.2``, ``1.7.0rc1``); unknown as ``(0, 0)``."""
    match = re.match(r"(\d+)(?:\.(\d+))?", version)
    return (0, 0) if match is None else (int(match[1]), int(match[2] or 0))


def speed(fast: bool, parallel: bool, dirty: bool, serving: bool) -> PlainPath:
    """Return the fast path if asked for and the versions allow, else the plain one."""
    if not fast:
        return PlainPath()
    release = outside_versions()
    if release is not None:
        log.info("Digest: the fast path is not tested with %s: building the plain way", release)
        return PlainPath()
    return FastPath(parallel, dirty, serving)
