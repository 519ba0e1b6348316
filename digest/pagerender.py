"""Fill the theme's template for the pages on every core, while MkDocs writes them.

Once every page is converted (``on_env``), MkDocs fills the theme's template
for one page after the other: for a site of thousands of articles that is
most of a build, on one core. The plugin forks workers (see
``digest.workers``) that do what MkDocs does for a page up to and including
the template (the page's context, every plugin's ``on_page_context``, the
template itself), from the last page back. Just before MkDocs builds a page
whose result is ready, the page is pointed at a template that outputs that
result (``template`` in a page's meta is MkDocs' own per-page choice of
template). MkDocs still runs every plugin's ``on_page_context`` and
``on_post_page`` on the page and writes it, so the search index, the other
plugins and the warnings see every page as usual.

Results travel and wait compressed: the build holds the workers' pages
until it gets to them, half a site of HTML otherwise.

This is only done with plugins known to keep no state that changes how later
pages render (``SAFE_PLUGINS``); drafts shown by ``mkdocs serve`` are left to
the build, as is any page whose worker logged something.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from digest.workers import CHUNK, Ahead, quietly

log = logging.getLogger("mkdocs.plugins.digest")

TEMPLATE = "digest/rendered.html"
"""The template of a page rendered by a worker: it outputs the worker's result."""
CONTEXT_KEY = "digest_rendered"
SAFE_PLUGINS = frozenset({"search", "material/search", "digest"})
"""Plugins whose ``on_page_context`` may run in a worker, then again in the build."""
MINIMUM_PAGES = 4 * CHUNK
"""Fewer pages than this to build: not worth starting workers."""
WAIT_FOR_WORKERS = False
"""Let the workers render every page they can (tests): the build waits for them."""
_NO_TEMPLATE = object()


def safe_plugins(config: MkDocsConfig) -> bool:
    """Tell whether every configured plugin (and hook) is known to allow this."""
    return set(config.plugins) <= SAFE_PLUGINS


def render_page(
    page: Page, config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation, env: Environment
) -> str:
    """Return what MkDocs renders for ``page`` before ``on_post_page`` (as ``_build_page``)."""
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        return template.render(context)
    finally:
        page.active = False
        config._current_page = None


_State = tuple[MkDocsConfig, Navigation, Environment, Files, Sequence[File]]


def _render_chunk(state: _State, src_uris: Sequence[str]) -> list[bytes | None]:
    """Render pages; return each compressed (the build holds results until it gets there)."""
    config, nav, env, files, doc_files = state
    results: list[bytes | None] = []
    for src_uri in src_uris:
        file = files.get_file_from_path(src_uri)
        page = file.page if file is not None else None
        output = None if page is None else quietly(render_page, page, config, doc_files, nav, env)
        results.append(None if output is None else zlib.compress(output.encode("utf-8"), 1))
    return results


class PageRender:
    """Pages whose template is being filled in by worker processes."""

    def __init__(
        self,
        config: MkDocsConfig,
        nav: Navigation,
        env: Environment,
        files: Files,
        doc_files: Sequence[File],
        order: Sequence[File],
    ) -> None:
        """Start on ``order``, the pages the build is about to build (in its order).

        ``doc_files`` are the pages every page's context lists, as MkDocs
        passes them. Adds the template of rendered pages to ``env``.
        """
        assert env.loader is not None
        env.loader = ChoiceLoader(
            [env.loader, DictLoader({TEMPLATE: "{{ " + CONTEXT_KEY + " | safe }}"})]
        )
        self._next = {a.src_uri: b for a, b in pairwise(order)}
        names = [file.src_uri for file in order if not file.inclusion.is_excluded()]  # type: ignore[no-untyped-call]
        state: _State = (config, nav, env, files, doc_files)
        self._ahead: Ahead[bytes] = Ahead(names, _render_chunk, state, minimum=MINIMUM_PAGES)
        self._ready: dict[str, tuple[str, object]] = {}
        self._count = len(order)
        self.taken = 0
        """Pages the build took from the workers."""
        if order and order[0].page is not None:
            self.prepare(order[0].page)

    def prepare(self, page: Page) -> None:
        """Before MkDocs builds ``page``: if a worker rendered it, point it at the result."""
        src_uri = page.file.src_uri
        packed = self._ahead.take(src_uri, wait=WAIT_FOR_WORKERS)
        if packed is None:
            return
        output = zlib.decompress(packed).decode("utf-8")
        self._ready[src_uri] = (output, page.meta.get("template", _NO_TEMPLATE))
        page.meta["template"] = TEMPLATE
        self.taken += 1

    def built(self, page: Page) -> None:
        """After MkDocs built ``page``: prepare the next one."""
        following = self._next.get(page.file.src_uri)
        if following is not None and following.page is not None:
            self.prepare(following.page)

    def context(self, context: Any, page: Page) -> Any:
        """In ``on_page_context``: hand the template of a rendered page its result."""
        ready = self._ready.pop(page.file.src_uri, None)
        if ready is not None:
            output, template = ready
            if template is _NO_TEMPLATE:
                del page.meta["template"]
            else:
                page.meta["template"] = template
            context[CONTEXT_KEY] = output
        return context

    def close(self) -> None:
        """Stop the workers."""
        if self._ahead.running:
            log.debug("Page workers rendered %d of %d pages", self.taken, self._count)
        self._ahead.close()
        self._ready.clear()
