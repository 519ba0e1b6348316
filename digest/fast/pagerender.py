"""Fill the theme's template for the pages on every core, while MkDocs writes them.

Once every page is converted (``on_env``), MkDocs fills the theme's template
for one page after the other: for a site of thousands of articles that is
most of a build, on one core. The plugin forks workers (see
``digest.fast.workers``) that do what MkDocs does for a page up to and including
the template (the page's context, every plugin's ``on_page_context``, the
template itself), from the last page back. Just before MkDocs builds a page
whose result is ready, the page is pointed at a template that outputs that
result (``template`` in a page's meta is MkDocs' own per-page choice of
template). MkDocs still runs every plugin's ``on_page_context`` and
``on_post_page`` on the page and writes it, so the search index, the other
plugins and the warnings see every page as usual.

Results travel and wait compressed: the build holds the workers' pages
until it gets to them, half a site of HTML otherwise.

Material's search plugin indexes a page in ``on_page_context`` by parsing its
HTML, which the worker has done already: a worker's result carries the
entries it added, and the build's search plugin is told to skip the page
(Material's ``search: exclude`` page setting, for that one call) while the
plugin's index takes the worker's entries, at the place its own would have
had. The search index is the same, byte for byte (tested).

This is only done with plugins known to keep no state that changes how later
pages render (``SAFE_PLUGINS``); drafts shown by ``mkdocs serve`` are left to
the build, as is any page whose worker logged something.
"""

from __future__ import annotations

import logging
import pickle
import zlib
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment
from material.plugins.search.plugin import SearchPlugin
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from digest.fast.workers import CHUNK, Ahead, quietly

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
_UNSET = object()


def safe_plugins(config: MkDocsConfig) -> bool:
    """Tell whether every configured plugin (and hook) is known to allow this."""
    return set(config.plugins) <= SAFE_PLUGINS


def search_entries(config: MkDocsConfig) -> list[dict[str, Any]] | None:
    """Return the entries of Material's search index, if that is the site's one search plugin."""
    plugins = [p for p in config.plugins.values() if isinstance(p, SearchPlugin)]
    if len(plugins) != 1 or not plugins[0].config.enabled:
        return None
    entries = getattr(getattr(plugins[0], "search_index", None), "entries", None)
    return entries if isinstance(entries, list) else None


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
    """Render pages; return each with its search entries, compressed (they wait in the build)."""
    config, nav, env, files, doc_files = state
    entries = search_entries(config)
    results: list[bytes | None] = []
    for src_uri in src_uris:
        file = files.get_file_from_path(src_uri)
        page = file.page if file is not None else None
        known = len(entries) if entries is not None else 0
        output = None if page is None else quietly(render_page, page, config, doc_files, nav, env)
        added = None
        if entries is not None:
            added = entries[known:]
            del entries[known:]
        result = None if output is None else pickle.dumps((output, added), pickle.HIGHEST_PROTOCOL)
        results.append(None if result is None else zlib.compress(result, 1))
    return results


class _Ready:
    """A worker's page, waiting for the build to get to it."""

    __slots__ = ("entries", "output", "search", "template")

    def __init__(self, output: str, entries: list[dict[str, Any]] | None, page: Page) -> None:
        self.output, self.entries = output, entries
        self.template = page.meta.get("template", _UNSET)
        self.search = page.meta.get("search", _UNSET)

    def restore(self, page: Page) -> None:
        """Give the page back the settings the build's template and search saw changed."""
        for key, value in (("template", self.template), ("search", self.search)):
            if value is _UNSET:
                page.meta.pop(key, None)
            else:
                page.meta[key] = value


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
        self._ready: dict[str, _Ready] = {}
        self._entries = search_entries(config)
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
        output, entries = pickle.loads(zlib.decompress(packed))
        if self._entries is None:
            entries = None
        self._ready[src_uri] = _Ready(output, entries, page)
        page.meta["template"] = TEMPLATE
        if entries is not None:
            page.meta["search"] = {"exclude": True}  # indexed by the worker
        self.taken += 1

    def built(self, page: Page) -> None:
        """After MkDocs built ``page``: prepare the next one."""
        following = self._next.get(page.file.src_uri)
        if following is not None and following.page is not None:
            self.prepare(following.page)

    def has(self, page: Page) -> bool:
        """Tell whether ``page`` is about to be built from a worker's result."""
        return page.file.src_uri in self._ready

    def context(self, context: Any, page: Page) -> Any:
        """In ``on_page_context``: hand the template of a rendered page its result.

        Runs after the search plugin's turn: the worker's search entries go
        where the plugin's own would have gone.
        """
        ready = self._ready.pop(page.file.src_uri, None)
        if ready is not None:
            ready.restore(page)
            if ready.entries is not None and self._entries is not None:
                self._entries.extend(ready.entries)
            context[CONTEXT_KEY] = ready.output
        return context

    def close(self) -> None:
        """Stop the workers."""
        if self._ahead.running:
            log.debug("Page workers rendered %d of %d pages", self.taken, self._count)
        self._ahead.close()
        self._ready.clear()
