"""Related articles: those sharing the most tags, nearest in date first.

Only each tag's nearest neighbours in time are considered, so the work grows
with N × tags × window, not with N²: a tag carried by half the archive costs
no more than a rare one. An article's list is worked out when it is first
asked for: a ``--dirty`` rebuild renders a few articles and asks for a few lists.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime

from digest.article import Article
from digest.articles.layout import tag_slug
from digest.indexes.common import SortKey
from digest.indexes.tags import TagRules

WINDOW = 12
"""Neighbours in time looked at on each side, per shared tag."""
COUNT = 5
"""Related articles shown under an article."""


def _timestamp(article: Article) -> float:
    return _key_timestamp(article.sort_key())


def _key_timestamp(key: SortKey) -> float:
    if not key[0]:
        return 0.0
    return datetime.fromisoformat(key[0]).timestamp()


def _slugs(article: Article, rules: TagRules) -> list[str]:
    """Return the slugs of the article's shown tags, each once, in the order written."""
    slugs: list[str] = []
    for raw in article.tags:
        name = rules.apply(raw)
        if name is not None and (slug := tag_slug(name)) not in slugs:
            slugs.append(slug)
    return slugs


class Neighbours:
    """Every tag's articles in time order, kept up to date as articles come and go."""

    def __init__(self, rules: TagRules) -> None:
        self.rules = rules
        self.articles: dict[str, Article] = {}
        self._keys: dict[str, SortKey] = {}
        self._slugs: dict[str, list[str]] = {}
        self._stamps: dict[str, float] = {}
        self._by_tag: dict[str, list[SortKey]] = {}
        """Sort keys (oldest first) of the articles of each tag; a key ends with the path."""

    def add(self, article: Article, key: SortKey) -> None:
        """Take in ``article``, whose sort key is ``key``."""
        path = article.path
        self.articles[path], self._keys[path] = article, key
        self._stamps[path] = _key_timestamp(key)
        self._slugs[path] = slugs = _slugs(article, self.rules)
        for slug in slugs:
            keys = self._by_tag.setdefault(slug, [])
            if not keys or key > keys[-1]:
                keys.append(key)
            else:
                keys.insert(bisect_left(keys, key), key)

    def remove(self, path: str) -> None:
        """Leave out the article at ``path``."""
        key = self._keys.pop(path)
        del self.articles[path], self._stamps[path]
        for slug in self._slugs.pop(path):
            keys = self._by_tag[slug]
            del keys[bisect_left(keys, key)]
            if not keys:
                del self._by_tag[slug]

    def related(self, path: str, count: int = COUNT) -> list[Article]:
        """Return up to ``count`` articles related to the one at ``path``."""
        key = self._keys[path]
        near: list[SortKey] = []
        for slug in self._slugs[path]:
            keys = self._by_tag[slug]
            place = bisect_left(keys, key)
            near += keys[max(0, place - WINDOW) : place + WINDOW + 1]
        shared = Counter(near)
        shared.pop(key, None)
        here, stamps = self._stamps[path], self._stamps
        # Ties in shared tags and time go to the first path in sorted order.
        ranked = sorted((-n, abs(stamps[k[1]] - here), k[1]) for k, n in shared.items())
        return [self.articles[p] for *_, p in ranked[:count]]


class Related(Mapping[str, list[Article]]):
    """Related articles by article path, each list worked out when first asked for.

    A view of ``Neighbours``: valid until they next change (the next digest step).
    """

    def __init__(self, neighbours: Neighbours, count: int = COUNT) -> None:
        self._neighbours = neighbours
        self._count = count
        self._found: dict[str, list[Article]] = {}

    def __getitem__(self, path: str) -> list[Article]:
        found = self._found.get(path)
        if found is None:
            if path not in self._neighbours.articles:
                raise KeyError(path)
            found = self._found[path] = self._neighbours.related(path, self._count)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._neighbours.articles)

    def __len__(self) -> int:
        return len(self._neighbours.articles)


def related(
    articles: Sequence[Article], rules: TagRules, count: int = COUNT
) -> dict[str, list[Article]]:
    """Return up to ``count`` related articles for each article path."""
    neighbours = Neighbours(rules)
    for article in sorted(articles, key=Article.sort_key):
        neighbours.add(article, article.sort_key())
    return {a.path: neighbours.related(a.path, count) for a in articles}
