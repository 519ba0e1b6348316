"""Atom feeds: the whole site's latest articles, and one feed per tag."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from feedgen.feed import FeedGenerator

from digest.article import Article
from digest.indexes.tags import Tag
from digest.layout import tag_name_in_path

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
        if article.source:
            entry.author(name=article.source)
        if article.summary:
            entry.summary(article.summary)
        for tag in article.tags:
            entry.category(term=tag)
    result: bytes = gen.atom_str(pretty=True)
    return result


def write_feeds(
    site_dir: Path, site_url: str, site_name: str, newest: Sequence[Article], tags: Sequence[Tag]
) -> int:
    """Write the site feed and one feed per tag into ``site_dir``; return how many."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    site_dir.mkdir(parents=True, exist_ok=True)
    (site_dir / SITE_FEED).write_bytes(
        build_feed(base, site_name, SITE_FEED, "", newest[:SITE_ENTRIES])
    )
    for tag in tags:
        target = site_dir / tag_feed(tag.slug)
        target.parent.mkdir(parents=True, exist_ok=True)
        feed = build_feed(
            base,
            f"{site_name}: {tag.name}",
            tag_feed(tag.slug),
            f"tags/{tag_name_in_path(tag.slug)}/",
            tag.articles[:TAG_ENTRIES],
        )
        target.write_bytes(feed)
        # Material reads every <link rel="alternate"> as a language version and fetches
        # sitemap.xml beside it: give it one (this tag's page) instead of a 404.
        page = xml_escape(f"{base}tags/{tag_name_in_path(tag.slug)}/")
        (target.parent / "sitemap.xml").write_text(SITEMAP.format(page), encoding="utf-8")
    return 1 + len(tags)
