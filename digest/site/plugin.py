"""The ``digest`` MkDocs plugin: plain ``mkdocs build``/``serve``/``gh-deploy`` do the whole job.

Before every build it imports new seeds and regenerates the index pages (see
``digest.pipeline``); under ``mkdocs serve`` it watches ``seeds/``. While
rendering an article it adds the header a news reader expects (date, source,
tags, photo caption) from the page's front matter, so hand edits show at once.
"""

from __future__ import annotations

import contextlib
import functools
import html
import logging
import threading
import time
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from digest.article import DateValue
from digest.articles.budget import DEFAULT_SECONDS, from_env
from digest.articles.front import parse_date
from digest.articles.layout import ARTICLES_DIR, RESERVED_TAG_SLUGS, TAGS_DIR
from digest.exceptions import DigestError
from digest.fast.background import Background
from digest.fast.fastpath import PlainPath, speed
from digest.indexes import GENERATED_DIRS
from digest.indexes.common import LARGE_SITE, Options, format_date, format_datetime
from digest.indexes.feeds import SITE_FEED, site_feeds, tag_feed, write_feeds
from digest.indexes.home import HOME
from digest.indexes.tags import tag_targets, with_pages
from digest.pipeline import CACHE_DIR, Project, Report, State, finish, run
from digest.site import lean
from digest.site.minify import minify_site
from digest.site.searchindex import BUNDLE_PAGES, Indexer
from digest.site.searchmerge import complete_index, read_index
from digest.site.urls import link_to, relative_url
from digest.site.watch import FolderWatch

log = logging.getLogger("mkdocs.plugins.digest")

CSS = "assets/digest.css"
SEARCH_JS = "assets/search.js"
"""Drives Pagefind from Material's search box (``site/theme/partials/digest-search.html``)."""
HEADER_MARK = "<!-- nd:header -->"
RELATED_MARK = "<!-- nd:related -->"
"""Where an article's header and related list go: filled in after search indexing."""
WATCH_TRIGGER = Path(".digest") / "serve" / "changed"
RETRY_TRIGGER = Path(".digest") / "serve" / "retry"
"""Written under ``mkdocs serve`` once seeds still being written have had time to settle."""
"""The file written when a seed or an article changes under ``mkdocs serve``."""
GENERATED_ENTRIES = {HOME, *GENERATED_DIRS}
"""What the plugin writes at the top of ``docs_dir``."""


class Count(c.Type):  # type: ignore[type-arg]
    """A whole number of at least ``minimum`` (``true`` is no number, though Python says so)."""

    def __init__(self, minimum: int, default: int | None = None) -> None:
        super().__init__(int, default=default)
        self.minimum = minimum

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < self.minimum:
            expected = f"Expected a whole number of {self.minimum} or more"
            raise ValidationError(f"{expected}, got {value!r}")
        return value


class DigestConfig(base.Config):
    """Options of the ``digest`` plugin in ``mkdocs.yml``."""

    seeds_dir = c.Type(str, default="seeds")
    """Folder of raw articles, relative to ``mkdocs.yml``."""
    import_seeds = c.Type(bool, default=True)
    """Import new seeds before each build (off: only regenerate the index pages)."""
    tags_file = c.Type(str, default="tags.yml")
    """Tag renames, merges and hidden tags, relative to ``docs_dir``."""
    home_count = Count(1, default=20)
    """How many of the latest articles the home page lists."""
    page_size = Count(1, default=100)
    """Articles per page of a tag or day list."""
    min_tag_count = c.Optional(Count(1))
    """Articles a tag needs for a page and a feed of its own (default: by the site's size,
    1 below 1,000 articles, then 2, and one more per 2,000 articles from 6,000 on)."""
    seed_budget = c.Type((int, float), default=DEFAULT_SECONDS)
    """Seconds reading one seed may take; a seed still being read then is skipped and
    reported (0: no limit). ``DIGEST_SEED_BUDGET`` in the environment overrides it."""
    settle_seconds = c.Type((int, float), default=2.0)
    """Under ``mkdocs serve``, a seed modified less than this many seconds ago is still
    being written (a scraper saving it): left for a rebuild that follows by itself."""
    fast = c.Type(bool, default=True)
    """Take the fast path (``digest.fast.fastpath``): shortcut renderers for the pages outside
    the nav and, with ``parallel``, workers. Off: MkDocs builds every page itself."""
    parallel = c.Type(bool, default=True)
    """Use other processes, on every core: the import's workers, the fast path's workers,
    and the feeds' writer."""
    tag_summaries = c.Type(bool, default=False)
    """Repeat each article's summary on its tag pages (the home page always shows them)."""
    minify = c.Optional(c.Type(bool))
    """Minify the HTML of a full build (not under ``mkdocs serve``): a fifth of a page.
    Unset: from ``LARGE_SITE`` articles on, where the bytes add up."""
    lean = c.Optional(c.Type(bool))
    """Render the articles and index pages with the lean page (``theme/digest/lean.html``):
    Material's look in a fifth of its bytes. Unset: from ``LARGE_SITE`` articles on, unless
    the site's ``custom_dir`` has a ``main.html`` of its own."""
    search = c.Choice(("pagefind", "material"), default="pagefind")
    """``pagefind``: a chunked index that loads what a query needs (any size of digest);
    ``material``: Material's own search plugin, which loads one index of every page."""
    search_bundle = Count(1, default=BUNDLE_PAGES)
    """Most articles one Pagefind run indexes: a larger digest is indexed in several runs,
    searched together. Pagefind's memory grows with a run's pages (about 80 KB each)."""


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
        self._speed: PlainPath = PlainPath()
        """The fast path, or the plain one that leaves everything to MkDocs."""
        self._nav: Navigation | None = None
        self.serving = False
        """Built by ``mkdocs serve`` (which shows drafts)."""
        self._watch: FolderWatch | None = None
        self._indexer = Indexer()
        """Pagefind, run after each build (in the background under ``mkdocs serve``)."""
        self._templates: Templates | None = None
        """The article's partials, from the theme's folders (``overrides/`` first)."""
        self._lean = False
        """This build renders the articles and index pages with the lean page."""
        self._icons: lean.Icons | None = None

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
            options=Options(
                home_count=self.config.home_count,
                page_size=self.config.page_size,
                tag_summaries=self.config.tag_summaries,
            ),
            min_tag_count=self.config.min_tag_count,
            seed_budget=from_env(float(self.config.seed_budget)),
            parallel=self.config.parallel,
        )
        config.extra_css.append(CSS)
        if self.config.search == "pagefind":
            config.extra_javascript.append(SEARCH_JS)
        add_theme_dir(config)
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
        self._templates = Templates(config.theme.get_env())  # before the workers fork
        self._speed = speed(self.config.fast, self.config.parallel, self.dirty, self.serving)
        self._speed.read(files, config, nav_paths(config.nav))
        css = resources.files("digest.site").joinpath("assets", "digest.css").read_text("utf-8")
        files.append(File.generated(config, CSS, content=css))
        if self.config.search == "pagefind":
            script = (
                resources.files("digest.site").joinpath("assets", "search.js").read_text("utf-8")
            )
            files.append(File.generated(config, SEARCH_JS, content=script))
        self._lean = self._leans(config)
        self._icons = lean.Icons(config.theme.get_env(), lean.chrome_icons(config))
        if self._lean:
            files.append(File.generated(config, lean.ICONS_CSS, content=self._icons.css()))
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

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Keep the site navigation: the page workers render with it."""
        self._nav = nav
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Every page is converted by now: the fast path's page workers may start.

        The theme's templates are compiled once and kept in ``.digest/cache/``
        (Jinja checks each template's source): every build and every rebuild
        under ``mkdocs serve`` compiled them anew.
        """
        assert self.project is not None
        env.globals["digest_search"] = self.config.search
        assert self._icons is not None
        env.globals["digest_icon"] = lean.icon_function(self._icons)
        env.globals["digest_material"] = lean.material_assets(env)
        if self._lean:  # the theme's templates are known now: the lean page's script
            files.append(File.generated(config, lean.SCRIPT, content=lean.script(env, config)))
        if env.bytecode_cache is None:
            folder = self.project.root / CACHE_DIR / "jinja"
            with contextlib.suppress(OSError):
                folder.mkdir(parents=True, exist_ok=True)
                env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        if self._nav is not None:
            self._speed.render(config, self._nav, env, files)
        return env

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
        rendered = self._speed.context(context, page)
        if rendered is not None:
            return rendered
        context[lean.CONTEXT_KEY] = page.meta.get("template") == lean.TEMPLATE
        if is_article(page) and page.content is not None and self._templates is not None:
            header = self._templates.header(page, self._urls, self.report)
            content = page.content.replace(HEADER_MARK, header, 1)
            before, mark, after = content.rpartition(RELATED_MARK)
            if mark:
                content = before + self._templates.related(page, self._urls, self.report) + after
            page.content = content
        return context

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when a seed or an article changes, not when the index pages are rewritten.

        The index pages are written during the build; were they watched, every
        edit would be built twice. So ``docs_dir`` is watched entry by entry,
        leaving out the generated ones. The seeds and the articles, thousands
        of files, are watched through the system's file events rather than
        MkDocs' polling (``digest.site.watch``).
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
        """Stop watching the seeds and the articles, and Pagefind indexing a site that is
        going away; let the caches be written."""
        if self._watch is not None:
            self._watch.stop()
            self._watch = None
        self._indexer.stop()
        with contextlib.suppress(DigestError):  # reported by the build, if it got that far
            finish()

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Escape the page title: MkDocs and Material insert titles into HTML unescaped."""
        title = page.meta.get("title")
        if isinstance(title, str):
            page.meta["title"] = html.escape(title)
        if self._lean and "template" not in page.meta and is_digest_page(page):
            page.meta["template"] = lean.TEMPLATE
        return markdown

    def on_page_content(self, html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Wrap an article's text with its photo caption and marks for its header and links.

        The header and the related articles are filled in by ``on_page_context``.
        """
        if not is_article(page) or self._templates is None:
            return html_
        body = f'<div class="nd-body" data-pagefind-body>\n{html_}\n</div>\n'
        return HEADER_MARK + self._templates.caption(page) + body + RELATED_MARK

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Announce the site feed (and a tag's own) in ``<head>``."""
        self.rendered.add(page.url)
        links = [_alternate(page, config.site_name, SITE_FEED)]
        slug = _tag_slug_of(page.file.src_uri)
        if slug is not None:
            links.append(_alternate(page, f"{config.site_name}: {page.title}", tag_feed(slug)))
        self._speed.built(page)
        return output.replace("</head>", "".join(links) + "</head>", 1)

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Wait for the feeds and caches; after a dirty build, complete the search index."""
        self._speed.close()
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

        if self._minifies() and not self.serving:
            small = minify_site(Path(config.site_dir), parallel=self.config.parallel)
            saved = small.before - small.after
            log.info("Minified %d pages: %.1f MB less", small.pages, saved / 1e6)
        if self.config.search == "pagefind":
            site_dir, most = Path(config.site_dir), self.config.search_bundle
            done = self._indexer.index(site_dir, background=self.serving, most=most)
            if done is not None:
                log.info(
                    "Search: %d articles indexed by Pagefind in %.1f s", done.pages, done.seconds
                )

    def _leans(self, config: MkDocsConfig) -> bool:
        if self.config.lean is not None:
            return bool(self.config.lean)
        large = self.report is not None and self.report.articles >= LARGE_SITE
        return large and not lean.has_own_main(config)

    def _minifies(self) -> bool:
        if self.config.minify is not None:
            return bool(self.config.minify)
        return self.report is not None and self.report.articles >= LARGE_SITE

    def on_build_error(self, error: Exception) -> None:
        """Stop the workers and the feeds of a build that failed; let the caches be written."""
        self._speed.close()
        if self._feeds is not None:
            self._feeds.cancel()
            self._feeds = None
        with contextlib.suppress(DigestError):  # the build's error is the one to show
            finish()


Event = TypeVar("Event", bound=Callable[..., Any])


def one_line_errors(event: Event) -> Event:
    """Make ``event`` raise what goes wrong as ``PluginError``: one line, no traceback.

    Under plain ``mkdocs build``/``serve``/``gh-deploy`` MkDocs prints a
    ``PluginError`` as its message and exits 1; anything else as a traceback.
    Every message of the project's own errors names the file (and line); so
    does an ``OSError``'s.
    """

    @functools.wraps(event)  # keeps MkDocs' event priority, set on the function
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return event(*args, **kwargs)
        except (DigestError, OSError) as exc:
            raise PluginError(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


for _name, _event in list(vars(DigestPlugin).items()):
    if _name.startswith("on_") and callable(_event):
        setattr(DigestPlugin, _name, one_line_errors(_event))


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


def is_digest_page(page: Page) -> bool:
    """Tell whether ``page`` is the digest's: an article or a generated index page."""
    src_uri = page.file.src_uri
    return src_uri == HOME or src_uri.split("/", 1)[0] in (ARTICLES_DIR, *GENERATED_DIRS)


THEME_DIR = Path(__file__).parent / "theme"
"""The plugin's own templates, as a theme's: ``partials/digest/*.html``."""


def add_theme_dir(config: MkDocsConfig) -> None:
    """Put the plugin's templates after the user's ``custom_dir``, before the theme's own.

    So a site overrides them the way it overrides Material's partials: a file
    of the same name in its ``overrides/`` folder.
    """
    dirs, folder = config.theme.dirs, str(THEME_DIR)
    if folder not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, folder)


class Templates:
    """The partials an article is dressed with, filled in from the page's front matter."""

    def __init__(self, env: Environment) -> None:
        self._header = env.get_template("partials/digest/header.html")
        self._related = env.get_template("partials/digest/related.html")
        self._caption = env.get_template("partials/digest/caption.html")

    def header(self, page: Page, urls: Mapping[str, str], report: Report | None) -> str:
        """Return the HTML shown above an article: date · source · author · link to the
        original, then its tags."""
        meta = page.meta
        date = _date(meta.get("date"))
        when = None
        if date is not None:
            when = {"iso": date.isoformat(), "text": format_datetime(date), "year": date.year}
        tags = meta.get("tags") or []
        links = []
        if isinstance(tags, list) and report is not None:
            for name, target in tag_targets([str(t) for t in tags], report.rules):
                url = urls.get(target)
                if url is not None:
                    links.append({"name": name, "url": link_to(page.url, url)})
        source = str(meta.get("source") or "")
        author, original = str(meta.get("author") or ""), original_url(meta.get("url"))
        return self._header.render(
            page=page, date=when, source=source, author=author, original=original, tags=links
        )

    def related(self, page: Page, urls: Mapping[str, str], report: Report | None) -> str:
        """Return the list of related articles shown under an article."""
        items = []
        for other in [] if report is None else report.related.get(page.file.src_uri, []):
            url = urls.get(other.path)
            if url is not None:
                when = format_date(other.day)
                items.append({"title": other.title, "url": link_to(page.url, url), "date": when})
        return self._related.render(page=page, related=items)

    def caption(self, page: Page) -> str:
        """Return an article's photo caption as a figure, or nothing."""
        caption = page.meta.get("caption")
        text = caption if isinstance(caption, str) and caption.strip() else ""
        return self._caption.render(page=page, caption=text)


def _date(value: Any) -> DateValue | None:
    if isinstance(value, str):
        return parse_date(value)
    return value if hasattr(value, "year") else None


def original_url(value: object) -> str:
    """Return a front matter ``url`` fit for a link: an ``http(s)`` address, else nothing
    (a hand-edited ``javascript:`` address must never become a link)."""
    if not isinstance(value, str):
        return ""
    url = value.strip()
    scheme, sep, rest = url.partition("://")
    ok = sep and scheme.lower() in ("http", "https") and rest and not any(c.isspace() for c in url)
    return url if ok else ""
