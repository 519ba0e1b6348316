"""No broken links on the published site, served under its sub-path as GitHub Pages serves it.

A project site lives at ``https://USER.github.io/REPO/``, so every page, stylesheet,
script and feed must resolve under ``/REPO/``; a link to ``/assets/…`` works in
``mkdocs serve`` and breaks on Pages. The site is built from the repository's seeds
plus a few related stories, served over loopback under the path of its ``site_url``,
and crawled from the home page. ``test_browser.py`` uses the same site and server.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from browser import serve
from conftest import REPO, new_project, run_module

pytestmark = pytest.mark.slow


def story(title: str, day: str, dateline: str, *paragraphs: str) -> str:
    """Return a wire story as scraped: title, date line, byline, paragraphs."""
    first, *rest = paragraphs
    body = "\n\n".join([f"{dateline} (Reuters) - {first}", *rest])
    return f"{title}\nPublished: {day} GMT\nBy Reuters\n\n{body}\n"


# Stories that share places and people with the repository's seed (Putin meets top
# Chinese military official), so tag pages list several articles and related ones exist.
EXTRA_SEEDS = {
    "summit.txt": story(
        "Putin and Xi pledge closer ties at Moscow summit",
        "22 Mar 2013 17:40",
        "MOSCOW",
        "Chinese President Xi Jinping chose Russia for his first trip abroad as head of state,"
        " and he and Russian President Vladimir Putin pledged on Friday to deepen their"
        " strategic partnership.",
        "The two leaders signed agreements on energy, including oil supplies to China, and said"
        " their countries shared views on Syria.",
        '"Our relations are at their best in history," Xi said in Moscow.',
    ),
    "drill.txt": story(
        "Russian and Chinese navies hold joint drill in Sea of Japan",
        "10 Jul 2013 06:15",
        "VLADIVOSTOK, Russia",
        "Russian and Chinese warships began joint military exercises in the Sea of Japan on"
        " Friday, the largest drill the two navies have ever held together.",
        "Japan and the United States are watching the exercise closely. Russia and China say the"
        " drill is not aimed at any third country.",
        "President Vladimir Putin said military cooperation with China had reached a new level.",
    ),
    "oil.txt": story(
        "Oil prices climb as Chinese demand grows",
        "3 Dec 2013 09:30",
        "LONDON",
        "Oil prices rose on Tuesday after data showed China imported record volumes of crude oil"
        " in November, and traders expected demand to stay strong.",
        "Brent crude for January delivery rose 80 cents to $111.20 a barrel. Russia, one of the"
        " largest oil exporters, has been signing long-term supply deals with China.",
    ),
    "gas.txt": story(
        "Russia and China sign 30-year gas supply deal",
        "21 May 2014 14:05",
        "SHANGHAI",
        "Russia and China signed a 30-year deal on Wednesday for Russia to supply gas to China,"
        " the culmination of a decade of negotiations between the two countries.",
        "Russian President Vladimir Putin and Chinese President Xi Jinping attended the signing"
        " ceremony in Shanghai.",
        '"This is an epochal event," Putin told reporters.',
    ),
}


@dataclass(frozen=True)
class Published:
    """A built site and the address mkdocs.yml says it will have."""

    site: Path
    site_url: str

    @property
    def prefix(self) -> str:
        """Return the path the site is served under, e.g. ``/news-digest/``."""
        return urlsplit(self.site_url).path


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """Build the repository's seeds plus EXTRA_SEEDS with the repository's mkdocs.yml."""
    root = new_project(
        tmp_path_factory.mktemp("published") / "p", dict(EXTRA_SEEDS), seed_dir=REPO / "seeds"
    )
    # mkdocs.yml's own site_url, not whatever the shell running the tests exports.
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = run_module(root, "mkdocs", "build", "--strict", env=env)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    canonical = _Links.of((site / "index.html").read_text("utf-8")).canonical
    assert canonical is not None and canonical.endswith("/"), canonical
    return Published(site=site, site_url=canonical)


@contextmanager
def serve_under(published: Published) -> Iterator[str]:
    """Serve the site on a free loopback port under its prefix; yield the home page URL."""
    with serve(published.site, published.prefix) as url:
        yield url


class _Links(HTMLParser):
    """Collect a page's link targets, its element ids and its stylesheets."""

    ATTRS = frozenset({"href", "src"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []
        self.ids: set[str] = set()
        self.stylesheets: list[str] = []
        self.alternates: list[str] = []
        self.canonical: str | None = None

    @classmethod
    def of(cls, html: str) -> _Links:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name])
        self.targets += [values[name] for name in self.ATTRS if values.get(name)]
        if tag == "link" and values.get("rel") == "stylesheet":
            self.stylesheets.append(values["href"])
        if tag == "link" and values.get("rel") == "alternate":
            self.alternates.append(values["href"])
        if tag == "link" and values.get("rel") == "canonical":
            self.canonical = values["href"]


@dataclass
class _Crawl:
    """What a crawl of the site found: pages, their ids, and every link by the page it is on."""

    base: str
    fetched: dict[str, int] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)
    alternates: dict[str, list[str]] = field(default_factory=dict)

    def internal(self, url: str) -> bool:
        # Anything on this host counts, so a link that escapes the sub-path is found too.
        return urlsplit(url).netloc == urlsplit(self.base).netloc

    def run(self) -> None:
        """Fetch every page and resource reachable from the home page."""
        queue = [self.base]
        while queue:
            url = queue.pop()
            if url in self.fetched:
                continue
            status, content_type, body = fetch(url)
            self.fetched[url] = status
            if status != 200 or not content_type.startswith("text/html"):
                continue
            parsed = _Links.of(body.decode("utf-8"))
            self.ids[url] = parsed.ids
            self.alternates[url] = [urljoin(url, href) for href in parsed.alternates]
            for target in parsed.targets:
                absolute = urljoin(url, target)
                if urlsplit(absolute).scheme not in ("http", "https"):
                    continue
                self.links.append((url, absolute))
                page = urldefrag(absolute).url
                if self.internal(page) and page not in self.fetched:
                    queue.append(page)

    def broken(self) -> list[str]:
        """Return one line per broken internal link: the page it is on, the target, why."""
        out = []
        for page, target in self.links:
            url, fragment = urldefrag(target)
            if not self.internal(url):
                continue
            status = self.fetched.get(url)
            if status != 200:
                out.append(f"{self.path(page)}: {self.path(target)} (HTTP {status})")
            elif fragment and url in self.ids and fragment not in self.ids[url]:
                out.append(f"{self.path(page)}: {self.path(target)} (no id {fragment!r})")
        return sorted(set(out))

    def path(self, url: str) -> str:
        return urlsplit(url)._replace(scheme="", netloc="").geturl()


def fetch(url: str) -> tuple[int, str, bytes]:
    """Return the status, content type and body of a GET request."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def test_served_under_the_sub_path_only(published: Published, home: str) -> None:
    assert published.prefix == "/news-digest/"
    assert fetch(home)[0] == 200
    assert fetch(urljoin(home, "/index.html"))[0] == 404


@pytest.fixture(scope="module")
def home(published: Published) -> Iterator[str]:
    """Serve the site for the whole module; yield its home page URL."""
    with serve_under(published) as url:
        yield url


@pytest.fixture(scope="module")
def crawl(home: str) -> _Crawl:
    """Crawl the served site from its home page."""
    found = _Crawl(home)
    found.run()
    return found


def test_no_broken_internal_links(crawl: _Crawl) -> None:
    pages = [url for url in crawl.ids if "/articles/" in url]
    # Every article, tag and timeline page is reachable from the home page.
    assert len(pages) == 1 + len(EXTRA_SEEDS), sorted(pages)
    assert any(url.endswith("/tags/china/") for url in crawl.ids)
    assert any(url.endswith("/timeline/2013/11/01/") for url in crawl.ids)
    assert any(url.endswith("/feed.xml") for url in crawl.fetched)
    broken = crawl.broken()
    assert not broken, "broken links (page: target):\n" + "\n".join(broken)


def test_every_page_is_reachable_from_the_home_page(published: Published, crawl: _Crawl) -> None:
    built = {
        p.parent.relative_to(published.site).as_posix() for p in published.site.rglob("index.html")
    }
    reached = {urlsplit(url).path.removeprefix(published.prefix).rstrip("/") for url in crawl.ids}
    assert {"" if p == "." else p for p in built} <= reached


def test_no_alternate_link_makes_material_fetch_a_missing_sitemap(crawl: _Crawl) -> None:
    """Material takes every <link rel="alternate"> for a language version of the site.

    It fetches ``sitemap.xml`` beside each one (to keep the reader on the same page when
    switching language), so a feed link outside the site root costs every visit a 404
    and a console error. test_browser.py tolerates exactly that 404 until this passes.
    """
    missing = {
        crawl.path(page): crawl.path(urljoin(alternate, "sitemap.xml"))
        for page, alternates in crawl.alternates.items()
        for alternate in alternates
        if fetch(urljoin(alternate, "sitemap.xml"))[0] != 200
    }
    assert missing == {}


def test_sitemap_and_feed_links_resolve_at_the_site_url(published: Published, home: str) -> None:
    sitemap = ET.parse(published.site / "sitemap.xml").getroot()
    locs = [
        el.text or "" for el in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    atom = "{http://www.w3.org/2005/Atom}"
    feeds = [published.site / "feed.xml", *published.site.glob("tags/*/feed.xml")]
    hrefs = [
        link.get("href", "")
        for feed in feeds
        for link in ET.parse(feed).getroot().iter(f"{atom}link")
    ]
    urls = sorted(set(locs + hrefs))
    assert len(locs) > 10 and len(feeds) > 5 and urls
    statuses = {
        url: fetch(home + url.removeprefix(published.site_url))[0]
        for url in urls
        if url.startswith(published.site_url)
    }
    outside = [url for url in urls if not url.startswith(published.site_url)]
    assert outside == [], "links that leave the site_url"
    assert {url: s for url, s in statuses.items() if s != 200} == {}


def test_404_page_keeps_its_styles_under_the_sub_path(home: str) -> None:
    # A deep missing URL: a relative stylesheet link would resolve to the wrong place.
    missing = home + "articles/2013/11/01/no-such-story/"
    status, content_type, body = fetch(missing)
    assert status == 404 and content_type == "text/html"
    links = _Links.of(body.decode("utf-8"))
    assert any("assets/stylesheets/main." in href for href in links.stylesheets)
    assert any(href.endswith("assets/digest.css") for href in links.stylesheets)
    assets = [urljoin(missing, target) for target in links.targets if not target.startswith("#")]
    host = urlsplit(home).netloc
    results = {url: fetch(url)[:2] for url in assets if urlsplit(url).netloc == host}
    for href in links.stylesheets:
        assert results[urljoin(missing, href)] == (200, "text/css"), href
    assert {url: r for url, r in results.items() if r[0] != 200} == {}
