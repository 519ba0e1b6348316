"""The home page: the latest articles, newest first."""

from __future__ import annotations

from collections.abc import Sequence

from digest.article import Article
from digest.articles.layout import relative, tags_index, timeline_index
from digest.indexes.common import Options, article_item, newest_first, page_header

HOME = "index.md"


def build(articles: Sequence[Article], options: Options) -> dict[str, str]:
    """Return the home page as {path: Markdown}."""
    return page(newest_first(articles)[: options.home_count], len(articles))


def page(latest: Sequence[Article], total: int) -> dict[str, str]:
    """Return the home page listing ``latest`` (newest first) of ``total`` articles."""
    text = page_header("Latest news")
    if not latest:
        text += "No articles yet: put raw articles in `seeds/` and build again.\n"
        return {HOME: text}
    by_date, by_tag = relative(HOME, timeline_index()), relative(HOME, tags_index())
    text += (
        f"The latest {len(latest)} of {total} articles. "
        f"Browse them all by [date]({by_date}) or by [tag]({by_tag}).\n\n"
    )
    text += "\n".join(article_item(HOME, a) for a in latest) + "\n"
    return {HOME: text}
