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

from collections.abc import Sequence
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils import meta

from digest.ledger import sha1
from digest.listhtml import ListHTML, list_html, list_safe
from digest.workers import Ahead, quietly


@dataclass
class Rendered:
    """What ``Page.render`` produced for one page."""

    markdown_sha: str
    content: str
    toc: TableOfContents
    title: str | None
    anchors: set[str]


def _render_one(config: MkDocsConfig, files: Files, src_uri: str) -> Rendered | None:
    file = files.get_file_from_path(src_uri)
    if file is None:
        return None
    page = Page(None, file, config)
    page.markdown, _ = meta.get_data(file.content_string)
    page.render(config, files)
    if page.links_to_anchors or page.content is None:
        return None
    return Rendered(
        sha1(page.markdown),
        page.content,
        page.toc,
        page._title_from_render,
        set(page.present_anchor_ids or ()),
    )


def _render_chunk(
    state: tuple[MkDocsConfig, Files], src_uris: Sequence[str]
) -> list[Rendered | None]:
    config, files = state
    return [quietly(_render_one, config, files, uri) for uri in src_uris]


class Prerender:
    """Pages whose Markdown is being converted in worker processes."""

    def __init__(self, config: MkDocsConfig, files: Files, pages: Sequence[File]) -> None:
        uris = [file.src_uri for file in pages]
        self._ahead: Ahead[Rendered] = Ahead(uris, _render_chunk, (config, files))

    def take(self, src_uri: str, markdown: str) -> Rendered | None:
        """Return the worker's rendering of a page holding ``markdown``, if usable."""
        result = self._ahead.take(src_uri)
        return result if result is not None and result.markdown_sha == sha1(markdown) else None

    def close(self) -> None:
        """Stop the workers; pages not taken yet are rendered by the build."""
        self._ahead.close()


class IndexPage(Page):
    """An index page (or another page outside the nav): the quickest exact rendering.

    The generator's own Markdown is rendered by ``digest.listhtml`` where the
    site's extensions allow; otherwise a worker's result is taken if ready,
    else MkDocs renders the page.
    """

    def __init__(self, file: File, config: MkDocsConfig, prerender: Prerender) -> None:
        super().__init__(None, file, config)
        self._prerender = prerender

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Convert the Markdown to HTML, or take an identical result made another way."""
        markdown = self.markdown or ""
        done: ListHTML | Rendered | None = None
        if list_safe(config):
            done = list_html(markdown, self.file, files)
        if done is None:
            done = self._prerender.take(self.file.src_uri, markdown)
        if done is None:
            super().render(config, files)
            return
        self.content, self.toc, self._title_from_render = done.content, done.toc, done.title
        self.present_anchor_ids = done.anchors
        self.links_to_anchors = {}
