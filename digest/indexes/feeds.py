"""Atom feeds: the whole site's latest articles, and one feed per tag."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from feedgen.feed import FeedGenerator

from digest.article import Article
from digest.articles.layout import tag_name_in_path
from digest.articles.ledger import sha1
from digest.indexes.tags import Tag

SITE_FEED = "feed.xml"
SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{}</loc></url>'
    "</urlset>\n"
)
SITE_ENTRIES = 50
TAG_ENTRIES = 30


def tag_feed(slug: str) -> str:
    """Return the site-relative path of a tag's feed."""
    return f"tags/{tag_name_in_path(slug)}/feed.xml"


def aware(value: dt.date | None) -> dt.datetime:
    """Return a time-zone aware datetime; a page without a zone is taken as UTC."""
    if value is None:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def article_url(site_url: str, article: Article) -> str:
    """Return the absolute URL of an article (directory URLs)."""
    return site_url + article.path.removesuffix(".md") + "/"


def build_feed(
    site_url: str, title: str, feed_path: str, page_path: str, articles: Sequence[Article]
) -> bytes:
    """Return an Atom feed of ``articles`` (newest first), as bytes."""
    gen = FeedGenerator()
    gen.id(site_url + feed_path)
    gen.title(title)
    gen.link(href=site_url + page_path, rel="alternate")
    gen.link(href=site_url + feed_path, rel="self")
    gen.updated(max((aware(a.date) for a in articles), default=aware(None)))
    # feedgen prepends entries: add the oldest first so the newest ends on top.
    for article in reversed(articles):
        entry = gen.add_entry()
        url = article_url(site_url, article)
        entry.id(url)
        entry.title(article.title)
        entry.link(href=url)
        entry.published(aware(article.date))
        entry.updated(aware(article.date))
        # The writer when the source names one, else the outlet.
        if article.author or article.source:
            entry.author(name=article.author or article.source)
        if article.summary:
            entry.summary(article.summary)
        for tag in article.tags:
            entry.category(term=tag)
    result: bytes = gen.atom_str(pretty=True)
    return result


@dataclass(frozen=True)
class Feed:
    """One feed of the site: where it goes, its title, its page and its entries."""

    path: str
    title: str
    page_path: str
    articles: Sequence[Article]

    def key(self, site_url: str) -> str:
        """Return a hash of everything the feed shows: equal keys, equal feeds."""
        shown = [
            (a.path, a.title, str(a.date), a.source, a.author, a.summary, tuple(a.tags))
            for a in self.articles
        ]
        return sha1(repr((site_url, self.path, self.title, self.page_path, shown)))


def site_feeds(site_name: str, newest: Sequence[Article], tags: Sequence[Tag]) -> list[Feed]:
    """Return the site feed and one feed per tag."""
    feeds = [Feed(SITE_FEED, site_name, "", newest[:SITE_ENTRIES])]
    for tag in tags:
        page = f"tags/{tag_name_in_path(tag.slug)}/"
        feeds.append(
            Feed(tag_feed(tag.slug), f"{site_name}: {tag.name}", page, tag.articles[:TAG_ENTRIES])
        )
    return feeds


def write_feeds(site_dir: Path, site_url: str, feeds: Sequence[Feed]) -> int:
    """Write ``feeds`` into ``site_dir``; return how many."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    site_dir.mkdir(parents=True, exist_ok=True)
    for feed in feeds:
        target = site_dir / feed.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(build_feed(base, feed.title, feed.path, feed.page_path, feed.articles))
        if feed.path != SITE_FEED:
            # Material reads every <link rel="alternate"> as a language version and fetches
            # sitemap.xml beside it: give it one (this tag's page) instead of a 404.
            page = xml_escape(base + feed.page_path)
            (target.parent / "sitemap.xml").write_text(SITEMAP.format(page), encoding="utf-8")
    return len(feeds)
