"""Related articles: most shared tags first, then nearest in time, then by path."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from conftest import article
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.article import Article
from digest.articles.layout import tag_slug
from digest.indexes.related import WINDOW, _timestamp, related
from digest.indexes.tags import TagRules


def reference(articles: list[Article], rules: TagRules, count: int = 5) -> dict[str, list[str]]:
    """Return the related paths by the definition, written for clarity, not speed."""
    by_tag: dict[str, list[Article]] = {}
    for item in sorted(articles, key=Article.sort_key):
        slugs = {tag_slug(name) for raw in item.tags if (name := rules.apply(raw)) is not None}
        for slug in slugs:
            by_tag.setdefault(slug, []).append(item)
    result = {}
    for item in articles:
        shared: Counter[str] = Counter()
        for items in by_tag.values():
            if item in items:
                i = items.index(item)
                near = items[max(0, i - WINDOW) : i + WINDOW + 1]
                shared.update(other.path for other in near if other.path != item.path)
        stamp = {a.path: _timestamp(a) for a in articles}
        here = stamp[item.path]
        ranked = sorted(shared, key=lambda p: (-shared[p], abs(stamp[p] - here), p))
        result[item.path] = ranked[:count]
    return result


ITEMS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d", "e", "f"]),
        st.one_of(
            st.none(), st.integers(1, 40).map(lambda d: dt.date(1987, 3, 1) + dt.timedelta(d))
        ),
        st.lists(st.sampled_from(["Oil", "oil", "OPEC", "Grain", "Iran", "Hidden"]), max_size=4),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(ITEMS)
def test_related_follows_its_definition(items: list[tuple[str, dt.date | None, list[str]]]) -> None:
    articles = [
        article(title, day, tags, path=f"articles/{n:03d}-{title}.md")
        for n, (title, day, tags) in enumerate(items)
    ]
    rules = TagRules(aliases={"grain": "Oil"}, hidden={"hidden"})
    found = related(articles, rules)
    assert list(found) == [a.path for a in articles]
    assert {path: [a.path for a in got] for path, got in found.items()} == reference(
        articles, rules
    )
