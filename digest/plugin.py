"""The ``digest`` MkDocs plugin: plain ``mkdocs build``/``serve``/``gh-deploy`` do the whole job.

Before every build it imports new seeds and regenerates the index pages (see
``digest.pipeline``); under ``mkdocs serve`` it watches ``seeds/``. While
rendering an article it adds the header a news reader expects (date, source,
tags, photo caption) from the page's front matter, so hand edits show at once.
"""

from __future__ import annotations

import contextlib
import html
import logging
import threading
import time
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from digest.ahead import Populate, reads_as_usual
from digest.article import DateValue
from digest.background import Background
from digest.budget import DEFAULT_SECONDS, from_env
from digest.exceptions import DigestError
from digest.feeds import SITE_FEED, site_feeds, tag_feed, write_feeds
from digest.frontmatter import parse_date
from digest.indexes import GENERATED_DIRS
from digest.indexes.common import Options, format_date, format_datetime
from digest.indexes.home import HOME
from digest.indexes.tags import tag_targets, with_pages
from digest.layout import ARTICLES_DIR, RESERVED_TAG_SLUGS, TAGS_DIR
from digest.listhtml import IndexPage
from digest.pagerender import PageRender, safe_plugins
from digest.pipeline import CACHE_DIR, Project, Report, State, finish, run
from digest.render import ArticlePage
from digest.search import complete_index, read_index
from digest.urls import link_to, relative_url
from digest.watch import FolderWatch

log = logging.getLogger("mkdocs.plugins.digest")

CSS = "assets/digest.css"
HEADER_MARK = "<!-- nd:header -->"
RELATED_MARK = "<!-- nd:related -->"
"""Where an article's header and related list go: filled in after search indexing."""
WATCH_TRIGGER = Path(".digest") / "serve" / "changed"
RETRY_TRIGGER = Path(".digest") / "serve" / "retry"
"""Written under ``mkdocs serve`` once seeds still being written have had time to settle."""
"""The file written when a seed or an article changes under ``mkdocs serve``."""
GENERATED_ENTRIES = {HOME, *GENERATED_DIRS}
"""What the plugin writes at the top of ``docs_dir``."""


class DigestConfig(base.Config):
    """Options of the ``digest`` plugin in ``mkdocs.yml``."""

    seeds_dir = c.Type(str, default="seeds")
    """Folder of raw articles, relative to ``mkdocs.yml``."""
    import_seeds = c.Type(bool, default=True)
    """Import new seeds before each build (off: only regenerate the index pages)."""
    tags_file = c.Type(str, default="tags.yml")
    """Tag renames, merges and hidden tags, relative to ``docs_dir``."""
    home_count = c.Type(int, default=20)
    """How many of the latest articles the home page lists."""
    page_size = c.Type(int, default=100)
    """Articles per page of a tag or day list."""
    min_tag_count = c.Optional(c.Type(int))
    """Articles a tag needs for a page and a feed of its own (default: by the site's size,
    1 below 1,000 articles, then 2, and one more per 2,000 articles from 6,000 on)."""
    seed_budget = c.Type((int, float), default=DEFAULT_SECONDS)
    """Seconds reading one seed may take; a seed still being read then is skipped and
    reported (0: no limit). ``DIGEST_SEED_BUDGET`` in the environment overrides it."""
    settle_seconds = c.Type((int, float), default=2.0)
    """Under ``mkdocs serve``, a seed modified less than this many seconds ago is still
    being written (a scraper saving it): left for a rebuild that follows by itself."""
    parallel = c.Type(bool, default=True)
    """Import many seeds, convert the index pages, fill in the theme's templates and write
    the feeds in worker processes, on every core."""


class DigestPlugin(BasePlugin[DigestConfig]):
    """Import seeds, generate index pages and dress article pages."""

    def __init__(self) -> None:
        self.report: Report | None = None
        self.project: Project | None = None
        self.state = State()
        """What the digest step keeps from one build to the next (``mkdocs serve``)."""
        self.progress = False
        self.dirty = False
        self.previous_index: dict[str, Any] | None = None
        self.rendered: set[str] = set()
        """URLs of the pages rendered by this build (all of them unless dirty)."""
        self._urls: dict[str, str] = {}
        """URL of every page of the site, rendered or not, by source path."""
        self._feeds: Background | None = None
        """The feeds, written by another process while MkDocs renders the pages."""
        self._feed_keys: dict[str, str] = {}
        """What each feed on disk shows (by path), as of the last build that wrote them."""
        self._new_feed_keys: dict[str, str] = {}
        """What the feeds of this build show, once they are written."""
        self._populate: Populate | None = None
        self._nav: Navigation | None = None
        self._pages: PageRender | None = None
        self.serving = False
        """Built by ``mkdocs serve`` (which shows drafts)."""
        self._watch: FolderWatch | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note a ``--dirty`` build: the search index then needs completing."""
        self.dirty = dirty
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Resolve the project's folders from ``mkdocs.yml``."""
        root = Path(config.config_file_path).resolve().parent
        docs_dir = Path(config.docs_dir)
        self.project = Project(
            root=root,
            docs_dir=docs_dir,
            seeds_dir=root / self.config.seeds_dir,
            tags_file=docs_dir / self.config.tags_file,
            site_name=config.site_name,
            options=Options(home_count=self.config.home_count, page_size=self.config.page_size),
            min_tag_count=self.config.min_tag_count,
            seed_budget=from_env(float(self.config.seed_budget)),
            parallel=self.config.parallel,
        )
        config.extra_css.append(CSS)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Import new seeds and regenerate the index pages before MkDocs reads ``docs_dir``."""
        assert self.project is not None
        self.rendered = set()
        self.previous_index = read_index(Path(config.site_dir)) if self.dirty else None
        # A scraper may be saving seeds while serve rebuilds on each of its writes.
        self.project.settle = float(self.config.settle_seconds) if self.serving else 0.0
        self.report = run(
            self.project,
            import_seeds=self.config.import_seeds,
            progress=self.progress,
            state=self.state,
        )
        log.info(self.report.summary())
        if self.report.imports.deferred:
            self._retry_later(self.project.settle + 0.5)

    def _retry_later(self, seconds: float) -> None:
        """Have ``mkdocs serve`` build again in ``seconds`` (it watches ``RETRY_TRIGGER``):
        the last write of a seed still being written triggered the build that left it."""
        assert self.project is not None
        trigger = self.project.root / RETRY_TRIGGER

        def touch() -> None:
            with contextlib.suppress(OSError):
                trigger.parent.mkdir(parents=True, exist_ok=True)
                trigger.write_text(f"{time.time()}\n", encoding="utf-8")

        timer = threading.Timer(seconds, touch)
        timer.daemon = True
        timer.start()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Leave out broken articles and ``tags.yml``; add the stylesheet; start the workers."""
        assert self.report is not None
        for src in (*sorted(self.report.invalid), self.config.tags_file):
            file = files.get_file_from_path(src)
            if file is not None:
                files.remove(file)
        self._urls = {file.src_uri: file.url for file in files.documentation_pages()}
        self._give_renderers(files, config)
        css = resources.files("digest").joinpath("assets", "digest.css").read_text("utf-8")
        files.append(File.generated(config, CSS, content=css))
        # site_dir has been cleaned by now: the feeds can be written while pages render.
        self._start_feeds(config)
        return files

    def _start_feeds(self, config: MkDocsConfig) -> None:
        """Start writing the feeds: all of them, or after a dirty build those that changed."""
        assert self.report is not None
        site_dir, site_url = Path(config.site_dir), config.site_url or "/"
        tags = with_pages(self.report.tag_list, self.report.options)
        feeds = site_feeds(config.site_name, self.report.newest, tags)
        keys = {feed.path: feed.key(site_url) for feed in feeds}
        if self.dirty:
            feeds = [
                feed
                for feed in feeds
                if self._feed_keys.get(feed.path) != keys[feed.path]
                or not (site_dir / feed.path).is_file()
            ]
        self._feed_keys, self._new_feed_keys = {}, keys  # known again once written
        self._feeds = Background(
            "writing the feeds", self.config.parallel, write_feeds, site_dir, site_url, feeds
        )

    def _give_renderers(self, files: Files, config: MkDocsConfig) -> None:
        """Give the pages outside the nav their faster readers and renderers.

        Articles take the plain-text shortcut, the index pages the list one
        (``digest.listhtml``). Worker processes read and convert them from the
        last back while MkDocs builds the navigation and reads from the first
        (``digest.ahead``). Pages in the nav are left to MkDocs, which names them.
        """
        listed = nav_paths(config.nav)
        pages = []
        for file in files.documentation_pages():
            if file.src_uri in listed if listed is not None else file.inclusion.is_in_nav():
                continue
            pages.append(file)
        for file in pages:
            if file.src_uri.startswith(ARTICLES_DIR + "/"):
                ArticlePage(None, file, config)
            else:
                IndexPage(None, file, config)
        # A dirty build reads only the pages that changed: a few, not worth the workers.
        if self.config.parallel and not self.dirty and reads_as_usual(config):
            self._populate = Populate(config, files, pages)

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Keep the site navigation: the page workers render with it."""
        self._nav = nav
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Every page is converted by now: stop those workers, start the page workers.

        The theme's templates are compiled once and kept in ``.digest/cache/``
        (Jinja checks each template's source): every build and every rebuild
        under ``mkdocs serve`` compiled them anew.
        """
        self._close_workers()
        assert self.project is not None
        if env.bytecode_cache is None:
            folder = self.project.root / CACHE_DIR / "jinja"
            with contextlib.suppress(OSError):
                folder.mkdir(parents=True, exist_ok=True)
                env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        if self.config.parallel and self._nav is not None and safe_plugins(config):
            inclusion = InclusionLevel.is_in_serve if self.serving else InclusionLevel.is_included
            doc_files = files.documentation_pages(inclusion=inclusion)
            # What MkDocs builds next, in its order (with --dirty: what changed).
            order = [file for file in doc_files if not self.dirty or file.is_modified()]
            self._pages = PageRender(config, self._nav, env, files, doc_files, order)
        return env

    def _close_workers(self) -> None:
        if self._populate is not None:
            if self._populate.running:
                populate = self._populate
                log.debug(
                    "Read workers read %d pages, converted %d", populate.taken, populate.converted
                )
            self._populate.close()
            self._populate = None
        if self._pages is not None:
            self._pages.close()
            self._pages = None

    @event_priority(-100)
    def on_page_context(
        self, context: Any, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        """Fill in an article's header and related articles, or hand a page its worker's result.

        This runs after every other plugin's turn, so the search plugin has
        indexed the article's own words: the header (date, source, tags) and
        the related titles are not the article's words, and parsing them for
        every page would be costly.
        """
        if self._pages is not None and self._pages.has(page):
            return self._pages.context(context, page)
        if is_article(page) and page.content is not None:
            header = article_header(page, self._urls, self.report)
            content = page.content.replace(HEADER_MARK, header, 1)
            before, mark, after = content.rpartition(RELATED_MARK)
            if mark:
                content = before + related_section(page, self._urls, self.report) + after
            page.content = content
        return context

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when a seed or an article changes, not when the index pages are rewritten.

        The index pages are written during the build; were they watched, every
        edit would be built twice. So ``docs_dir`` is watched entry by entry,
        leaving out the generated ones. The seeds and the articles, thousands
        of files, are watched through the system's file events rather than
        MkDocs' polling (``digest.watch``).
        """
        assert self.project is not None
        docs_dir = self.project.docs_dir
        (docs_dir / ARTICLES_DIR).mkdir(parents=True, exist_ok=True)
        server.unwatch(str(docs_dir))
        large = [docs_dir / ARTICLES_DIR]
        if self.project.seeds_dir.is_dir():
            large.append(self.project.seeds_dir)
        retry = self.project.root / RETRY_TRIGGER
        retry.parent.mkdir(parents=True, exist_ok=True)
        retry.touch()
        server.watch(str(retry))
        if self.report is not None and self.report.imports.deferred:
            # The first build's retry may come before the server watches anything.
            self._retry_later(self.project.settle + 0.5)
        self._watch = FolderWatch(self.project.root / WATCH_TRIGGER)
        if self._watch.start(large):
            server.watch(str(self._watch.trigger))
        else:
            self._watch = None
            for folder in large:
                server.watch(str(folder))
        for entry in sorted(docs_dir.iterdir()):
            if entry.name not in GENERATED_ENTRIES and entry.name != ARTICLES_DIR:
                server.watch(str(entry))
        return server

    def on_shutdown(self) -> None:
        """Stop watching the seeds and the articles; let the caches be written."""
        if self._watch is not None:
            self._watch.stop()
            self._watch = None
        with contextlib.suppress(DigestError):  # reported by the build, if it got that far
            finish()

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Escape the page title: MkDocs and Material insert titles into HTML unescaped."""
        title = page.meta.get("title")
        if isinstance(title, str):
            page.meta["title"] = html.escape(title)
        return markdown

    def on_page_content(self, html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Wrap an article's text with its photo caption and marks for its header and links.

        The header and the related articles are filled in by ``on_page_context``.
        """
        if not is_article(page):
            return html_
        body = f'<div class="nd-body">\n{html_}\n</div>\n'
        return HEADER_MARK + caption_html(page) + body + RELATED_MARK

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Announce the site feed (and a tag's own) in ``<head>``."""
        self.rendered.add(page.url)
        links = [_alternate(page, config.site_name, SITE_FEED)]
        slug = _tag_slug_of(page.file.src_uri)
        if slug is not None:
            links.append(_alternate(page, f"{config.site_name}: {page.title}", tag_feed(slug)))
        if self._pages is not None:
            self._pages.built(page)
        return output.replace("</head>", "".join(links) + "</head>", 1)

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Wait for the feeds and caches; after a dirty build, complete the search index."""
        self._close_workers()
        if self.dirty:
            pages = set(self._urls.values())
            complete_index(Path(config.site_dir), self.previous_index, self.rendered, pages)
        try:
            if self._feeds is not None:
                feeds, self._feeds = self._feeds, None
                feeds.wait()
                self._feed_keys = self._new_feed_keys
            finish()  # the digest step's caches, written while the pages were
        except DigestError as exc:
            raise PluginError(str(exc)) from None

    def on_build_error(self, error: Exception) -> None:
        """Stop the workers and the feeds of a build that failed; let the caches be written."""
        self._close_workers()
        if self._feeds is not None:
            self._feeds.cancel()
            self._feeds = None
        with contextlib.suppress(DigestError):  # the build's error is the one to show
            finish()


def nav_paths(nav: Any) -> set[str] | None:
    """Return the pages named in the ``nav`` setting (``None``: no nav set, MkDocs makes one)."""
    if nav is None:
        return None
    paths: set[str] = set()
    items = [nav]
    while items:
        item = items.pop()
        if isinstance(item, str):
            paths.add(item.lstrip("/"))
        elif isinstance(item, dict):
            items.extend(item.values())
        elif isinstance(item, list):
            items.extend(item)
    return paths


def _alternate(page: Page, title: str, target: str) -> str:
    href = html.escape(relative_url(page.url, target))
    name = html.escape(title, quote=True)
    return f'<link rel="alternate" type="application/atom+xml" title="{name}" href="{href}">'


def _tag_slug_of(src_uri: str) -> str | None:
    """Return the tag of a tag page (``tags/china.md``, ``tags/china/2.md``), else ``None``."""
    parts = src_uri.removesuffix(".md").split("/")
    if len(parts) < 2 or parts[0] != TAGS_DIR or parts[1] in RESERVED_TAG_SLUGS:
        return None
    return parts[1] if len(parts) in (2, 3) else None


def is_article(page: Page) -> bool:
    """Tell whether ``page`` is an article (not an index page or one the user added)."""
    return page.file.src_uri.startswith(ARTICLES_DIR + "/")


def related_section(page: Page, urls: Mapping[str, str], report: Report | None) -> str:
    """Return the list of related articles shown under an article."""
    if report is None:
        return ""
    items = []
    for other in report.related.get(page.file.src_uri, []):
        url = urls.get(other.path)
        if url is None:
            continue
        href = html.escape(link_to(page.url, url))
        when = html.escape(format_date(other.day))
        items.append(
            f'<li><a href="{href}">{html.escape(other.title)}</a> <small>{when}</small></li>'
        )
    if not items:
        return ""
    # Other articles' titles would make every search hit this page too.
    return (
        '<aside class="nd-related" data-search-exclude><p class="nd-related-title">'
        "Related articles</p><ul>" + "".join(items) + "</ul></aside>\n"
    )


def _date(value: Any) -> DateValue | None:
    if isinstance(value, str):
        return parse_date(value)
    return value if hasattr(value, "year") else None


def article_header(page: Page, urls: Mapping[str, str], report: Report | None) -> str:
    """Return the HTML shown above an article: date · author · source · original, then tags."""
    meta = page.meta
    date, source = _date(meta.get("date")), str(meta.get("source") or "")
    parts = []
    if date is not None:
        parts.append(
            f'<time datetime="{date.isoformat()}">{html.escape(format_datetime(date))}</time>'
        )
    author = str(meta.get("author") or "")
    if author:
        parts.append(f'<span class="nd-author">{html.escape(author)}</span>')
    if source:
        parts.append(f'<span class="nd-source">{html.escape(source)}</span>')
    original = str(meta.get("url") or "")
    # Only web addresses become links: a "javascript:" or "data:" URL in a feed never does.
    if original.lower().startswith(("http://", "https://")):
        href = html.escape(original, quote=True)
        parts.append(f'<a class="nd-original" href="{href}" rel="noopener nofollow">Original</a>')
    out = f'<p class="nd-meta">{" · ".join(parts)}</p>\n' if parts else ""
    tags = meta.get("tags") or []
    if isinstance(tags, list) and report is not None:
        links = []
        for name, target in tag_targets([str(t) for t in tags], report.rules):
            url = urls.get(target)
            if url is not None:
                href = html.escape(link_to(page.url, url))
                links.append(f'<a class="nd-tag" href="{href}">{html.escape(name)}</a>')
        if links:
            out += f'<nav class="nd-tags" aria-label="Tags">{" ".join(links)}</nav>\n'
    return out


def caption_html(page: Page) -> str:
    """Return an article's photo caption as a figure, or nothing."""
    caption = page.meta.get("caption")
    if isinstance(caption, str) and caption.strip():
        return (
            f'<figure class="nd-caption"><figcaption>{html.escape(caption)}</figcaption></figure>\n'
        )
    return ""
