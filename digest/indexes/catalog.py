"""The articles grouped as the index pages show them, kept up to date one article at a time.

Every index page belongs to one group: the home page, the tag overview, one
tag's list, the timeline overview, a year, a month, a day, the undated list.
Adding or removing an article returns the groups whose pages it changes (the
groups of its tags and of its day, month and year); the home page and the two
overviews count every article, so they are rebuilt every time. After an edit
to one article a rebuild makes a few dozen pages, not every page of the site,
and the pages are the same as a build from scratch makes (``build_pages``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from digest.article import Article
from digest.articles.layout import month_page, timeline_index, year_page
from digest.indexes import home, tags, timeline
from digest.indexes.common import ListItems, Options, SortedArticles, SortKey
from digest.indexes.related import Neighbours, Related
from digest.indexes.tags import (
    Tag,
    TagRules,
    TagTally,
    add_to_tallies,
    remove_from_tallies,
    sort_tags,
    with_pages,
)

Group = tuple[str, str]
"""What a set of index pages shows: ``("tag", slug)``, ``("day", "2013-11-01")``..."""
HOME: Group = ("home", "")
TAGS: Group = ("tags", "")
TIMELINE: Group = ("timeline", "")
UNDATED: Group = ("undated", "")
EVERY_TIME = frozenset({HOME, TAGS, TIMELINE})
"""Groups whose pages count or list every article: rebuilt on every change."""
PAGE_COST = 15
"""Writing a page costs about as much time as making this many list entries (measured)."""


def date_groups(day: dt.date | None) -> set[Group]:
    """Return the timeline groups an article of ``day`` is counted in."""
    if day is None:
        return {UNDATED}
    year, month = f"{day.year:04d}", f"{day.year:04d}-{day.month:02d}"
    return {("day", day.isoformat()), ("month", month), ("year", year)}


class Catalog:
    """Articles by tag, by day and newest first, with the index pages last made from them."""

    def __init__(self, rules: TagRules, options: Options) -> None:
        self.rules = rules
        self.options = options
        self.articles: dict[str, Article] = {}
        self.neighbours = Neighbours(rules)
        """Each tag's articles in time order, for related articles."""
        self._keys: dict[str, SortKey] = {}
        self._all = SortedArticles()
        self._tallies: dict[str, TagTally] = {}
        self._days: dict[dt.date, SortedArticles] = {}
        self._undated = SortedArticles()
        self._pages: dict[Group, list[str]] = {}
        """The paths of every group's pages, as last built."""
        self._tags: dict[str, Tag] = {}
        """Tags made from their tallies, until an article of theirs changes."""
        self._tag_list: list[Tag] | None = None
        self._items = ListItems(self.options.tag_summaries)

    @classmethod
    def of(cls, articles: Iterable[Article], rules: TagRules, options: Options) -> Catalog:
        """Return the catalog of ``articles``."""
        catalog = cls(rules, options)
        for key, article in sorted([(a.sort_key(), a) for a in articles], key=itemgetter(0)):
            catalog._add(article, key)  # every group changes: no need to say which
        return catalog

    def __getstate__(self) -> dict[str, Any]:
        # Made again on demand: pickled, they would only make the cache larger.
        return {**self.__dict__, "_tags": {}, "_tag_list": None, "_items": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._items = ListItems(self.options.tag_summaries)

    def add(self, article: Article) -> set[Group]:
        """Take in ``article`` (its path not in the catalog); return the groups it changes."""
        return self._changed(*self._add(article, article.sort_key()))

    def _add(self, article: Article, key: SortKey) -> tuple[set[str], dt.date | None]:
        """Take in ``article``, whose sort key is ``key``; return its tags' slugs and its day."""
        path = article.path
        if path in self.articles:
            raise ValueError(f"{path} is in the catalog already")
        self.articles[path], self._keys[path] = article, key
        self._all.add(article, key)
        slugs = add_to_tallies(self._tallies, article, key, self.rules)
        day = article.day
        if day is None:
            self._undated.add(article, key)
        else:
            self._days.setdefault(day, SortedArticles()).add(article, key)
        self.neighbours.add(article, key)
        return slugs, day

    def remove(self, path: str) -> set[Group]:
        """Leave out the article at ``path``; return the groups this changes."""
        article, key = self.articles.pop(path), self._keys.pop(path)
        self._all.remove(key)
        slugs = remove_from_tallies(self._tallies, article, key, self.rules)
        day = article.day
        if day is None:
            self._undated.remove(key)
        else:
            self._days[day].remove(key)
            if not self._days[day]:
                del self._days[day]
        self.neighbours.remove(path)
        self._items.forget(path)
        return self._changed(slugs, day)

    def _changed(self, slugs: set[str], day: dt.date | None) -> set[Group]:
        self._tag_list = None
        for slug in slugs:
            self._tags.pop(slug, None)
        return {("tag", slug) for slug in slugs} | date_groups(day)

    def newest_first(self) -> list[Article]:
        """Return every article, newest first."""
        return self._all.newest_first()

    def tag_list(self) -> list[Tag]:
        """Return every tag, most used first (as ``tags.collect`` does)."""
        if self._tag_list is None:
            for slug, tally in self._tallies.items():
                if slug not in self._tags:
                    self._tags[slug] = tally.tag(slug)
            self._tag_list = sort_tags(self._tags.values())
        return self._tag_list

    def related(self) -> Related:
        """Return the related articles of every article (each list made when asked for)."""
        return Related(self.neighbours)

    def groups(self) -> set[Group]:
        """Return every group that has articles (and the three built every time)."""
        groups = set(EVERY_TIME) | {("tag", slug) for slug in self._tallies}
        for day in self._days:
            groups |= date_groups(day)
        if self._undated:
            groups.add(UNDATED)
        return groups

    def pages(self) -> dict[str, Group]:
        """Return the group of every index page, by path, as last built."""
        return {path: group for group, paths in self._pages.items() for path in paths}

    def page_paths(self, groups: Iterable[Group]) -> dict[Group, list[str]]:
        """Return the paths of the pages of ``groups`` (those that have pages), as last built."""
        return {group: self._pages[group] for group in groups if group in self._pages}

    def adopt_pages(self, groups: Iterable[Group], paths: dict[Group, list[str]]) -> None:
        """Take ``page_paths(groups)`` of a copy of this catalog that built ``groups``."""
        for group in groups:
            self._pages.pop(group, None)
            if group in paths:
                self._pages[group] = paths[group]

    def split(
        self, groups: Iterable[Group], head_start: int = 0
    ) -> tuple[list[Group], list[Group]]:
        """Share ``groups`` out in two lists whose pages take about as long to make.

        The work of a group is counted as the entries its pages list, plus the
        cost of writing each page as that of ``PAGE_COST`` entries. Whoever makes
        the first list has other work too, worth ``head_start`` entries.
        """
        options = self.options
        shares: tuple[list[Group], list[Group]] = ([], [])
        loads = [head_start, 0]

        def entries(group: Group) -> int:
            kind, value = group
            if kind == "tag":
                tally = self._tallies.get(value)
                count = len(tally.members) if tally is not None else 0
                return count if count >= options.min_tag_count else 0
            if kind == "day":
                return len(self._days.get(dt.date.fromisoformat(value), ()))
            if kind == "undated":
                return len(self._undated)
            if kind == "home":
                return options.home_count
            if kind == "tags":
                return len(self._tallies)
            return len(self._days)  # the timeline's overview, years and months: a line a day

        def work(group: Group) -> int:
            count = entries(group)
            return count + PAGE_COST * (1 + count // max(1, options.page_size))

        for cost, group in sorted(((work(g), g) for g in groups), reverse=True):
            lighter = 0 if loads[0] <= loads[1] else 1
            shares[lighter].append(group)
            loads[lighter] += cost
        return shares

    def build(self, groups: Iterable[Group]) -> tuple[dict[str, str], list[str]]:
        """Build the pages of ``groups``; return them and the paths of pages they no longer have.

        A group without articles (a tag no longer used, a day now empty) has no pages.
        """
        tag_list = self.tag_list()
        years: timeline.Years | None = None
        built: dict[str, str] = {}
        gone: list[str] = []
        for group in sorted(groups):
            if group[0] in ("timeline", "year", "month") and years is None:
                years = timeline.nest({d: self._days[d].articles for d in sorted(self._days)})
            pages = self._build(group, tag_list, years)
            gone += [path for path in self._pages.pop(group, []) if path not in pages]
            if pages:
                self._pages[group] = list(pages)
            built.update(pages)
        return built, gone

    def _build(
        self, group: Group, tag_list: list[Tag], years: timeline.Years | None
    ) -> dict[str, str]:
        """Return the pages of one group."""
        kind, value = group
        options = self.options
        if kind == "home":
            return home.page(self._all.newest_first(options.home_count), len(self.articles))
        if kind == "tags":
            browsable = with_pages(tag_list, options)
            return tags.overview(browsable, len(tag_list) - len(browsable), options)
        if kind == "tag":
            tag = self._tags.get(value)
            if tag is None or len(tag.articles) < options.min_tag_count:
                return {}
            return tags.tag_pages(tag, options, self._items)
        if kind == "day":
            day = dt.date.fromisoformat(value)
            items = self._days.get(day)
            return timeline.day_pages(day, items.newest_first(), options) if items else {}
        if kind == "undated":
            undated = self._undated.newest_first()
            return timeline.undated_pages(undated, options) if undated else {}
        assert years is not None
        if kind == "timeline":
            return {timeline_index(): timeline.overview(years, len(self._undated))}
        year = int(value[:4])
        if kind == "year":
            return {year_page(year): timeline.year_text(year, years[year])} if year in years else {}
        month = int(value[5:])
        days = years[year].get(month) if year in years else None
        return {month_page(year, month): timeline.month_text(year, month, days)} if days else {}
