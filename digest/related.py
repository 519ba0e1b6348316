"""Related articles: those sharing the most tags, nearest in date first.

Only each tag's nearest neighbours in time are considered, so the work grows
with N × tags × window, not with N²: a tag carried by half the archive costs
no more than a rare one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime

from digest.article import Article
from digest.indexes.tags import TagRules
from digest.layout import tag_slug

WINDOW = 12
"""Neighbours in time looked at on each side, per shared tag."""


def _timestamp(article: Article) -> float:
    key = article.sort_key()[0]
    if not key:
        return 0.0
    return datetime.fromisoformat(key).timestamp()


def related(
    articles: Sequence[Article], rules: TagRules, count: int = 5
) -> dict[str, list[Article]]:
    """Return up to ``count`` related articles for each article path."""
    by_tag: dict[str, list[Article]] = defaultdict(list)
    tags_of: dict[str, list[str]] = {}
    for article in sorted(articles, key=Article.sort_key):
        slugs = []
        for raw in article.tags:
            name = rules.apply(raw)
            if name is not None and (slug := tag_slug(name)) not in slugs:
                slugs.append(slug)
                by_tag[slug].append(article)
        tags_of[article.path] = slugs
    position = {slug: {a.path: i for i, a in enumerate(items)} for slug, items in by_tag.items()}
    stamp = {a.path: _timestamp(a) for a in articles}
    result: dict[str, list[Article]] = {}
    for article in articles:
        shared: Counter[str] = Counter()
        found: dict[str, Article] = {}
        for slug in tags_of[article.path]:
            items, i = by_tag[slug], position[slug][article.path]
            for other in items[max(0, i - WINDOW) : i + WINDOW + 1]:
                if other.path != article.path:
                    shared[other.path] += 1
                    found[other.path] = other
        here = stamp[article.path]
        ranked = sorted(shared, key=lambda p: (-shared[p], abs(stamp[p] - here), p))
        result[article.path] = [found[p] for p in ranked[:count]]
    return result
