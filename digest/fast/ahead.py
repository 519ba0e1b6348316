"""Read and convert the pages on every core, ahead of MkDocs' own reading loop.

Before it fills in any template, MkDocs reads every page and converts its
Markdown, one page after the other on one core: for a site of thousands of
articles that is seconds with the other cores idle. Once the pages exist
(``on_files``) the plugin forks workers (see ``digest.fast.workers``) that do the
same for the pages outside the nav -- read the file, split the front matter,
convert the Markdown -- from the last page back, while MkDocs builds the
navigation and reads pages from the first on. A page MkDocs gets to takes the
worker's result if it is ready, until the two meet.

A result stands for exactly what MkDocs would have done:

- the pages are read the way the build reads them, and workers only start
  when no plugin changes that (``on_pre_page`` or ``on_page_read_source``);
- the conversion is used only if the Markdown after every plugin's
  ``on_page_markdown`` is the Markdown the worker converted;
- a worker that logged anything for a page, or found links to anchors in
  other pages (MkDocs checks those against the other pages' objects), leaves
  the page to the build, so warnings and ``--strict`` are unchanged.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from digest.fast.workers import CHUNK, Ahead, quietly

MINIMUM_PAGES = 4 * CHUNK
"""Fewer pages than this to read: not worth starting workers."""
WAIT_FOR_WORKERS = False
"""Take the workers' result of every page they can read (tests): the build waits for them."""


@dataclass
class Rendered:
    """What converting a page's Markdown left on the page (a worker's, or a shortcut's)."""

    content: str
    toc: TableOfContents
    title: str | None
    anchors: set[str]


@dataclass
class Populated:
    """A page as a worker read it, and its Markdown converted if that was exact."""

    markdown: str
    meta: MutableMapping[str, Any]
    converted: Rendered | None


def _populate_one(config: MkDocsConfig, files: Files, src_uri: str) -> Populated | None:
    file = files.get_file_from_path(src_uri)
    page = file.page if file is not None else None
    if not isinstance(page, AheadPage):
        return None
    config._current_page = page
    try:
        page.read_own(config)
        assert page.markdown is not None
        populated = Populated(page.markdown, page.meta, None)
        page.render_own(config, files)
        if page.content is not None and not page.links_to_anchors:
            populated.converted = Rendered(
                page.content,
                page.toc,
                page._title_from_render,
                set(page.present_anchor_ids or ()),
            )
        return populated
    finally:
        config._current_page = None


def _populate_chunk(
    state: tuple[MkDocsConfig, Files], src_uris: Sequence[str]
) -> list[Populated | None]:
    config, files = state
    return [quietly(_populate_one, config, files, uri) for uri in src_uris]


def reads_as_usual(config: MkDocsConfig) -> bool:
    """Tell whether no plugin takes part in reading a page (a worker reads it as the build)."""
    events = config.plugins.events
    return not events["pre_page"] and not events["page_read_source"]


class Populate:
    """Pages being read and converted by worker processes."""

    def __init__(self, config: MkDocsConfig, files: Files, pages: Sequence[File]) -> None:
        """Start on the ``AheadPage`` objects of ``pages``, in the order the build reads them."""
        names = []
        for file in pages:
            if isinstance(file.page, AheadPage):
                file.page._ahead = self
                names.append(file.src_uri)
        state = (config, files)
        self._ahead: Ahead[Populated] = Ahead(names, _populate_chunk, state, minimum=MINIMUM_PAGES)
        self.taken = self.converted = 0
        """Pages the build took from the workers, and of those, conversions it used."""

    def take(self, src_uri: str) -> Populated | None:
        """Return the workers' result for a page; ``None``: the build reads it."""
        result = self._ahead.take(src_uri, wait=WAIT_FOR_WORKERS)
        if result is not None:
            self.taken += 1
        return result

    @property
    def running(self) -> bool:
        """Tell whether worker processes were started."""
        return self._ahead.running

    def close(self) -> None:
        """Stop the workers; pages not taken yet are read by the build."""
        self._ahead.close()


class AheadPage(Page):
    """A page a worker may have read and converted already.

    Subclasses say how the page is read and converted (``read_own``,
    ``render_own``); the build takes a worker's result instead when it is
    the same.
    """

    _ahead: Populate | None = None
    _populated: Populated | None = None

    def read_own(self, config: MkDocsConfig) -> None:
        """Read the page's source (``Page.read_source``)."""
        super().read_source(config)

    def render_own(self, config: MkDocsConfig, files: Files) -> None:
        """Convert the page's Markdown (``Page.render``)."""
        super().render(config, files)

    def read_source(self, config: MkDocsConfig) -> None:
        """Take the page as a worker read it, or read it."""
        done = self._ahead.take(self.file.src_uri) if self._ahead is not None else None
        self._populated = done
        if done is None:
            self.read_own(config)
        else:
            self.markdown, self.meta = done.markdown, done.meta

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Take the worker's conversion of this very Markdown, or convert it."""
        done, self._populated = self._populated, None
        if done is None or done.converted is None or self.markdown != done.markdown:
            self.render_own(config, files)
            return
        if self._ahead is not None:
            self._ahead.converted += 1
        self.take_converted(done.converted)

    def take_converted(self, converted: Rendered) -> None:
        """Leave on the page what ``Page.render`` leaves (a page without links to anchors)."""
        self.content, self.toc = converted.content, converted.toc
        self._title_from_render = converted.title
        self.present_anchor_ids = converted.anchors
        self.links_to_anchors = {}
