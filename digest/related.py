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
    # Articles are numbered oldest first; each tag lists the numbers of its articles,
    # and each article knows its place in the lists of its tags.
    ordered = sorted(articles, key=Article.sort_key)
    number = {a.path: i for i, a in enumerate(ordered)}
    by_tag: dict[str, list[int]] = defaultdict(list)
    places: list[list[tuple[list[int], int]]] = []
    for i, article in enumerate(ordered):
        slugs: list[str] = []
        for raw in article.tags:
            name = rules.apply(raw)
            if name is not None and (slug := tag_slug(name)) not in slugs:
                slugs.append(slug)
                by_tag[slug].append(i)
        places.append([(by_tag[slug], len(by_tag[slug]) - 1) for slug in slugs])
    stamp = [_timestamp(a) for a in ordered]
    # Ties in shared tags and time go to the first path in sorted order.
    path_rank = [0] * len(ordered)
    for rank, i in enumerate(sorted(range(len(ordered)), key=lambda i: ordered[i].path)):
        path_rank[i] = rank
    result: dict[str, list[Article]] = {}
    for article in articles:
        i = number[article.path]
        near: list[int] = []
        for items, place in places[i]:
            near += items[max(0, place - WINDOW) : place + WINDOW + 1]
        shared = Counter(near)
        shared.pop(i, None)
        here = stamp[i]
        ranked = sorted((-n, abs(stamp[j] - here), path_rank[j], j) for j, n in shared.items())
        result[article.path] = [ordered[j] for *_, j in ranked[:count]]
    return result
