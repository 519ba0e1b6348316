"""Render the index pages' Markdown on every core, ahead of MkDocs' own page loop.

MkDocs converts pages one after the other on one core, and the index pages
(long lists of links) are the slowest to convert. When the build starts, the
plugin forks worker processes (one per core but one) that run MkDocs' own
``Page.render`` on them, from the last page back, while MkDocs reads the
articles; MkDocs then converts the index pages from the first on, taking the
workers' results where they are ready, until the two meet.

A result is used only when it is certain to be what MkDocs would have made:
the worker rendered the very Markdown the page holds after every plugin's
``on_page_markdown`` (compared by hash), logged nothing (warnings must come
from the build itself, so ``--strict`` counts them) and found no links to
anchors in other pages. Otherwise the page is rendered the usual way.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
from collections.abc import Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils import meta

from digest.background import exit_with_parent
from digest.ledger import sha1

CHUNK = 16
"""Pages per task: large enough to pay for the round trip, small enough to share out."""


@dataclass
class Rendered:
    """What ``Page.render`` produced for one page."""

    markdown_sha: str
    content: str
    toc: TableOfContents
    title: str | None
    anchors: set[str]


_STATE: tuple[MkDocsConfig, Files] | None = None
"""The build's configuration and files, inherited by the forked workers."""


class _Logged(logging.Handler):
    """Notes that a record was logged: the page must then be rendered by the build."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno > logging.DEBUG:
            self.count += 1


_LOGGED = _Logged()


def _start_worker(parent: int) -> None:
    """Silence the worker's logging (the build logs) and count the records instead."""
    exit_with_parent(parent)
    for name in ("", "mkdocs", "MARKDOWN"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(_LOGGED)


def _render_one(config: MkDocsConfig, files: Files, src_uri: str) -> Rendered | None:
    file = files.get_file_from_path(src_uri)
    if file is None:
        return None
    page = Page(None, file, config)
    page.markdown, _ = meta.get_data(file.content_string)
    before = _LOGGED.count
    page.render(config, files)
    if _LOGGED.count != before or page.links_to_anchors or page.content is None:
        return None
    return Rendered(
        sha1(page.markdown),
        page.content,
        page.toc,
        page._title_from_render,
        set(page.present_anchor_ids or ()),
    )


def _render_chunk(src_uris: Sequence[str]) -> list[Rendered | None]:
    assert _STATE is not None
    config, files = _STATE
    results: list[Rendered | None] = []
    for src_uri in src_uris:
        try:
            results.append(_render_one(config, files, src_uri))
        except Exception:
            results.append(None)
    return results


class Prerender:
    """Pages whose Markdown is being converted in worker processes."""

    def __init__(self, config: MkDocsConfig, files: Files, pages: Sequence[File]) -> None:
        global _STATE
        self._futures: dict[str, tuple[Future[list[Rendered | None]], int]] = {}
        self._pool: ProcessPoolExecutor | None = None
        # One core stays with the build, which reads the articles meanwhile and then
        # takes over any chunk of index pages no worker has started.
        workers = (os.cpu_count() or 1) - 1
        if len(pages) < CHUNK or workers < 1 or "fork" not in mp.get_all_start_methods():
            return
        _STATE = (config, files)
        context = mp.get_context("fork")
        self._pool = ProcessPoolExecutor(workers, context, _start_worker, (os.getpid(),))
        uris = [file.src_uri for file in pages]
        # The build converts pages from the first on: the workers start from the last,
        # and the two meet in the middle.
        for start in reversed(range(0, len(uris), CHUNK)):
            chunk = uris[start : start + CHUNK]
            future = self._pool.submit(_render_chunk, chunk)
            for i, uri in enumerate(chunk):
                self._futures[uri] = (future, i)

    def take(self, src_uri: str, markdown: str) -> Rendered | None:
        """Return the worker's rendering of a page holding ``markdown``, if usable."""
        entry = self._futures.pop(src_uri, None)
        if entry is None:
            return None
        future, i = entry
        if future.cancel():
            return None  # not started yet: the build renders it now rather than wait
        try:
            result = future.result()[i]
        except (Exception, CancelledError):  # cancelled, or a lost worker: the build renders
            return None
        return result if result is not None and result.markdown_sha == sha1(markdown) else None

    def close(self) -> None:
        """Stop the workers; pages not taken yet are rendered by the build."""
        global _STATE
        self._futures.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        _STATE = None


class PrerenderedPage(Page):
    """A page that takes its HTML from a ``Prerender`` when it can."""

    def __init__(self, file: File, config: MkDocsConfig, prerender: Prerender) -> None:
        super().__init__(None, file, config)
        self._prerender = prerender

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Convert the Markdown to HTML, or take the workers' identical result."""
        done = self._prerender.take(self.file.src_uri, self.markdown or "")
        if done is None:
            super().render(config, files)
            return
        self.content, self.toc, self._title_from_render = done.content, done.toc, done.title
        self.present_anchor_ids = done.anchors
        self.links_to_anchors = {}
