"""Pieces every index page shares: dates, article list items, pagination."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from digest.article import Article
from digest.articles.escape import escape_inline
from digest.articles.front import dump_yaml
from digest.articles.layout import relative


@dataclass(frozen=True)
class Options:
    """Settings of the index builders (from the plugin configuration)."""

    home_count: int = 20
    """How many of the latest articles the home page lists."""
    page_size: int = 100
    """Articles per page of a tag or day list; longer lists are split into pages."""
    min_tag_count: int = 1
    """A tag gets its own page from this many articles on; rarer tags show on their articles."""
    tag_summaries: bool = False
    """Whether tag pages repeat each article's summary under its title (the home page always
    does). Off: an article is listed on several tag pages, and its summary each time would
    cost more bytes than the article page's own text."""

    def for_size(self, articles: int, min_tag_count: int | None) -> Options:
        """Return these options with ``min_tag_count`` set; ``None`` picks it by site size.

        A small digest gives every tag a page. From ``LARGE_SITE`` articles on, a tag
        needs two, and one more per further ``LARGE_SITE * 2`` articles (5 at 10,000,
        10 at 20,000): thousands of pages for tags of a handful of articles (mostly
        company names) would cost more to build than all the articles for little use.
        """
        if min_tag_count is None:
            min_tag_count = 1 if articles < LARGE_SITE else max(2, articles // (LARGE_SITE * 2))
        return replace(self, min_tag_count=max(1, min_tag_count))


LARGE_SITE = 1000
"""From this many articles on, the automatic ``min_tag_count`` is 2."""


# Lists of articles stay out of the search index: results lead to the articles.
PAGE_SETTINGS: dict[str, object] = {"hide": ["navigation", "toc"], "search": {"exclude": True}}
"""Front matter every generated page has after its title."""
_PAGE_SETTINGS_YAML = dump_yaml(PAGE_SETTINGS)


def page_header(title: str, **meta: object) -> str:
    """Return front matter and heading of a generated page."""
    if meta:
        front = dump_yaml({"title": title, **PAGE_SETTINGS, **meta})
    else:  # each key of a block mapping is written on lines of its own: the same text
        front = dump_yaml({"title": title}) + _PAGE_SETTINGS_YAML
    return "---\n" + front + "---\n\n" + f"# {escape_inline(title)}\n\n"


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Return ``articles`` newest first (ties by path, so the order is stable)."""
    return sorted(articles, key=Article.sort_key, reverse=True)


SortKey = tuple[str, str]
"""``Article.sort_key()``: oldest first, ties broken by path (so no two articles share one)."""


class SortedArticles:
    """Articles kept oldest first, with their sort keys beside them for bisection."""

    __slots__ = ("articles", "keys")

    def __init__(self) -> None:
        self.articles: list[Article] = []
        self.keys: list[SortKey] = []

    def __len__(self) -> int:
        return len(self.articles)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_sorted_articles, (self.articles, self.keys))

    def add(self, article: Article, key: SortKey) -> None:
        """Insert ``article`` (whose sort key is ``key``) in its place."""
        if not self.keys or key > self.keys[-1]:  # a full build adds in order: append
            self.articles.append(article)
            self.keys.append(key)
            return
        i = bisect_left(self.keys, key)
        self.articles.insert(i, article)
        self.keys.insert(i, key)

    def remove(self, key: SortKey) -> None:
        """Remove the article whose sort key is ``key``."""
        i = bisect_left(self.keys, key)
        if i == len(self.keys) or self.keys[i] != key:
            raise KeyError(key)
        del self.articles[i], self.keys[i]

    def newest_first(self, limit: int | None = None) -> list[Article]:
        """Return the articles newest first (the ``limit`` newest when given)."""
        if limit is None:
            return self.articles[::-1]
        return self.articles[: -limit - 1 : -1] if limit > 0 else []


def _sorted_articles(articles: list[Article], keys: list[SortKey]) -> SortedArticles:
    """Return a ``SortedArticles`` holding these lists (unpickling: faster than its slots)."""
    result = SortedArticles()
    result.articles, result.keys = articles, keys
    return result


class ListItems:
    """Article list entries (``article_item``) already made, by article and folder.

    An entry depends on the article and on the folder of the page listing it
    (the link is relative), and the same article is listed on each of its tags'
    pages: each entry is made once. An entry made for an article object is only
    reused for that same object; a re-read article is a new object.
    """

    def __init__(self, summary: bool = True) -> None:
        self.summary = summary
        """Whether entries carry the article's summary."""
        self._made: dict[str, tuple[Article, tuple[str, str], dict[str, str]]] = {}

    def item(self, from_page: str, article: Article) -> str:
        """Return ``article_item(from_page, article, self.summary)``."""
        made = self._made.get(article.path)
        if made is None or made[0] is not article:
            made = self._made[article.path] = (article, item_parts(article, self.summary), {})
        folder = from_page.rpartition("/")[0]
        text = made[2].get(folder)
        if text is None:
            head, tail = made[1]
            text = made[2][folder] = head + relative(from_page, article.path) + tail
        return text

    def forget(self, path: str) -> None:
        """Drop the entries of the article at ``path`` (it changed or went away)."""
        self._made.pop(path, None)


@lru_cache(maxsize=4096)  # a date is formatted for every article of that day
def format_date(value: dt.date | None) -> str:
    """Return a date as readers write it: ``1 November 2013``."""
    if value is None:
        return "Undated"
    return f"{value.day} {value:%B %Y}"


def format_time(value: dt.date | None) -> str:
    """Return the time of day, with the zone when the page stated one (else empty)."""
    if not isinstance(value, dt.datetime):
        return ""
    text = f"{value.hour:02d}:{value.minute:02d}"  # as %H:%M, without strftime's cost
    offset = value.utcoffset()
    if offset is not None:
        if not offset:
            return text + " UTC"
        zone = f"{value:%z}"
        text += f" {zone[:3]}:{zone[3:5]}"
    return text


def format_datetime(value: dt.date | None) -> str:
    """Return date and time for an article line: ``1 November 2013, 09:42``."""
    time = format_time(value)
    return format_date(value if not isinstance(value, dt.datetime) else value.date()) + (
        f", {time}" if time else ""
    )


def link(from_page: str, article: Article) -> str:
    """Return a Markdown link to ``article`` from ``from_page``."""
    return f"[{escape_inline(article.title)}]({relative(from_page, article.path)})"


def article_item(from_page: str, article: Article, summary: bool = True) -> str:
    """Return one list entry: linked title, date and source, and (``summary``) its summary."""
    head, tail = item_parts(article, summary)
    return head + relative(from_page, article.path) + tail


def item_parts(article: Article, summary: bool = True) -> tuple[str, str]:
    """Return what comes before and after the link target in ``article_item``.

    They do not depend on the page listing the article: lists made of the same
    articles from several folders work them out once.
    """
    meta = " · ".join(x for x in (format_datetime(article.date), article.source) if x)
    tail = f")**<br>\n  <small>{escape_inline(meta)}</small>"
    if summary and article.summary:
        tail += f"<br>\n  {escape_inline(' '.join(article.summary.split()))}"
    return f"- **[{escape_inline(article.title)}](", tail


def escape_cell(text: str) -> str:
    """Escape text for a Markdown table cell."""
    return escape_inline(text).replace("|", "\\|")


def paginate(
    articles: Sequence[Article],
    size: int,
    path_of: Callable[[int], str],
    title: str,
    render: Callable[[str, Sequence[Article]], str],
    intro: Callable[[str], str] = lambda path: "",
) -> dict[str, str]:
    """Split a list into pages of ``size``; return their paths and Markdown."""
    chunks = [articles[i : i + size] for i in range(0, len(articles), size)] or [[]]
    pages = {}
    for number, chunk in enumerate(chunks, start=1):
        path = path_of(number)
        heading = title if number == 1 else f"{title} (page {number} of {len(chunks)})"
        text = page_header(heading) + intro(path) + render(path, chunk)
        pages[path] = text + pager_line(path, number, len(chunks), path_of)
    return pages


def pager_line(path: str, number: int, total: int, path_of: Callable[[int], str]) -> str:
    """Return the "Newer · Page n of N · Older" line of a split list (empty for one page)."""
    if total == 1:
        return ""
    parts = []
    if number > 1:
        parts.append(f"[← Newer]({relative(path, path_of(number - 1))})")
    parts.append(f"Page {number} of {total}")
    if number < total:
        parts.append(f"[Older →]({relative(path, path_of(number + 1))})")
    return "\n\n" + " · ".join(parts) + "\n"
