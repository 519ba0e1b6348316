"""Tag pages: an overview with counts and one (paginated) list per tag.

Tags are grouped by their slug, so ``china``, ``China`` and ``CHINA`` are one
tag shown under its most used spelling. ``tags.yml`` renames, merges and hides
tags without rewriting any article.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from digest.article import Article
from digest.articles.layout import relative, tag_page, tag_slug, tags_index, tags_index_page
from digest.exceptions import ConfigError
from digest.indexes.common import (
    ListItems,
    Options,
    SortedArticles,
    SortKey,
    escape_cell,
    page_header,
    pager_line,
    paginate,
)

KINDS = ("places", "people", "orgs", "topics")
KIND_NAMES = {"places": "Place", "people": "Person", "orgs": "Organisation", "topics": "Topic"}


@dataclass
class TagRules:
    """Hand-edited tag rules from ``tags.yml``: renames/merges and hidden tags."""

    aliases: dict[str, str] = field(default_factory=dict)
    """Slug of a tag as written → the display name to show instead."""
    hidden: set[str] = field(default_factory=set)
    """Slugs of tags never shown."""
    _names: dict[str, str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """What ``apply`` answered so far: each tag is on many articles."""

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_names": {}}  # made again on demand

    def key(self) -> str:
        """Return a text equal for equal rules, in every process (sets are unordered)."""
        return repr((sorted(self.aliases.items()), sorted(self.hidden)))

    def apply(self, tag: str) -> str | None:
        """Return the name to show for ``tag``, or ``None`` if it is hidden."""
        try:
            return self._names[tag]
        except KeyError:
            name = self.aliases.get(tag_slug(tag), tag)
            shown = self._names[tag] = None if tag_slug(name) in self.hidden else name
            return shown


def _yaml_message(label: str, exc: yaml.YAMLError) -> str:
    """Return the error as one line naming the file and line (PyYAML's own spans lines)."""
    mark = getattr(exc, "problem_mark", None)
    what = " ".join(str(getattr(exc, "problem", None) or exc).split())
    if mark is None:
        return f"{label}: YAML syntax error: {what}"
    return f"{label}:{mark.line + 1}: YAML syntax error at column {mark.column + 1}: {what}"


def load_rules(path: Path, label: str) -> TagRules:
    """Read ``tags.yml`` (``aliases: {old: new}``, ``hidden: [tag]``); missing is empty."""
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return TagRules()
    except OSError as exc:
        raise ConfigError(f"{label}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(_yaml_message(label, exc)) from None
    data = data or {}
    aliases, hidden = data.get("aliases") or {}, data.get("hidden") or []
    if not isinstance(data, dict) or not isinstance(aliases, dict) or not isinstance(hidden, list):
        raise ConfigError(f"{label}: expected 'aliases:' (a mapping) and 'hidden:' (a list)")
    return TagRules(
        aliases={tag_slug(str(k)): str(v) for k, v in aliases.items()},
        hidden={tag_slug(str(h)) for h in hidden},
    )


@dataclass
class Tag:
    """One tag and the articles carrying it."""

    slug: str
    name: str
    kind: str
    articles: list[Article]


def collect(articles: Iterable[Article], rules: TagRules) -> list[Tag]:
    """Group articles by tag, sorted by count (descending) then name."""
    tallies: dict[str, TagTally] = {}
    for article in sorted(articles, key=Article.sort_key):
        add_to_tallies(tallies, article, article.sort_key(), rules)
    return sort_tags(tally.tag(slug) for slug, tally in tallies.items())


def sort_tags(tags: Iterable[Tag]) -> list[Tag]:
    """Return tags most used first, then by name."""
    return sorted(tags, key=lambda t: (-len(t.articles), t.name.lower(), t.slug))


def tag_uses(article: Article, rules: TagRules) -> list[tuple[str, str, str]]:
    """Return (slug, spelling, kind or "") for each of the article's tags that is shown."""
    kind_of = {tag_slug(t): k for k in KINDS for t in getattr(article, k)}
    uses = []
    for raw in article.tags:
        name = rules.apply(raw)
        if name is None or not name.strip():
            continue
        uses.append((tag_slug(name), name.strip(), kind_of.get(tag_slug(raw), "")))
    return uses


@dataclass
class TagTally:
    """What the articles carrying one tag say about it: which they are, how they spell it."""

    members: SortedArticles = field(default_factory=SortedArticles)
    # Plain dicts, not Counters: a Counter is slow to unpickle, and thousands are cached.
    spellings: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)

    def tag(self, slug: str) -> Tag:
        """Return the tag: its most used spelling and kind, its articles newest first."""
        kind = _best(self.kinds) if self.kinds else ""
        return Tag(slug, _best(self.spellings), kind, self.members.newest_first())


def add_to_tallies(
    tallies: dict[str, TagTally], article: Article, key: SortKey, rules: TagRules
) -> set[str]:
    """Count ``article`` (sort key ``key``) in the tallies of its tags; return their slugs."""
    slugs = set()
    for slug, spelling, kind in tag_uses(article, rules):
        tally = tallies.get(slug)
        if tally is None:
            tally = tallies[slug] = TagTally()
        if slug not in slugs:
            tally.members.add(article, key)
            slugs.add(slug)
        tally.spellings[spelling] = tally.spellings.get(spelling, 0) + 1
        if kind:
            tally.kinds[kind] = tally.kinds.get(kind, 0) + 1
    return slugs


def remove_from_tallies(
    tallies: dict[str, TagTally], article: Article, key: SortKey, rules: TagRules
) -> set[str]:
    """Undo ``add_to_tallies`` for ``article``; return the slugs of its tags."""
    slugs = set()
    for slug, spelling, kind in tag_uses(article, rules):
        tally = tallies[slug]
        if slug not in slugs:
            tally.members.remove(key)
            slugs.add(slug)
        _decrement(tally.spellings, spelling)
        if kind:
            _decrement(tally.kinds, kind)
    for slug in slugs:
        if not tallies[slug].members:
            del tallies[slug]
    return slugs


def _decrement(counter: dict[str, int], key: str) -> None:
    counter[key] -= 1
    if counter[key] <= 0:
        del counter[key]


def _best(counter: dict[str, int]) -> str:
    """Return the most frequent key, ties broken alphabetically."""
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def tag_targets(names: Sequence[str], rules: TagRules) -> list[tuple[str, str]]:
    """Return (display name, tag page path) for an article's tags, hidden ones left out."""
    seen, result = set(), []
    for raw in names:
        name = rules.apply(raw)
        if name is None or tag_slug(name) in seen:
            continue
        seen.add(tag_slug(name))
        result.append((name, tag_page(tag_slug(name))))
    return result


def with_pages(tags: Sequence[Tag], options: Options) -> list[Tag]:
    """Return the tags common enough to have a page (and a feed) of their own."""
    return [tag for tag in tags if len(tag.articles) >= options.min_tag_count]


def build(tags: Sequence[Tag], options: Options, items: ListItems | None = None) -> dict[str, str]:
    """Return the overview and the pages of every tag common enough, as {path: Markdown}."""
    items = items or ListItems(options.tag_summaries)
    browsable = with_pages(tags, options)
    pages = overview(browsable, len(tags) - len(browsable), options)
    for tag in browsable:
        pages.update(tag_pages(tag, options, items))
    return pages


def tag_pages(tag: Tag, options: Options, items: ListItems) -> dict[str, str]:
    """Return the (paginated) list of one tag's articles, newest first."""
    count = len(tag.articles)

    def intro(path: str) -> str:
        plural = "s" if count != 1 else ""
        return (
            f"{count} article{plural}, newest first. [All tags]({relative(path, tags_index())})\n\n"
        )

    def render(path: str, chunk: Sequence[Article]) -> str:
        return "\n".join([items.item(path, a) for a in chunk]) + "\n"

    return paginate(
        tag.articles,
        options.page_size,
        lambda n: tag_page(tag.slug, n),
        tag.name,
        render,
        intro=intro,
    )


OVERVIEW_ROWS = 500
"""Tags per page of the overview (keeps every page small at 20,000 articles)."""


def overview(tags: Sequence[Tag], rare: int, options: Options) -> dict[str, str]:
    """Return the table of the tags with pages (``rare`` more have none), paginated."""
    intro = f"{len(tags)} tags, most used first.\n\n"
    if rare:
        intro += (
            f"{rare} more tags name fewer than {options.min_tag_count} articles each: "
            "they are shown on their articles, and search finds them.\n\n"
        )
    if not tags:
        return {tags_index(): page_header("Tags") + intro + "No tags yet.\n"}
    chunks = [tags[i : i + OVERVIEW_ROWS] for i in range(0, len(tags), OVERVIEW_ROWS)]
    pages = {}
    for number, chunk in enumerate(chunks, start=1):
        path = tags_index_page(number)
        title = "Tags" if number == 1 else f"Tags (page {number} of {len(chunks)})"
        rows = ["| Tag | Kind | Articles |", "| --- | --- | ---: |"]
        for tag in chunk:
            target = relative(path, tag_page(tag.slug))
            kind = KIND_NAMES.get(tag.kind, "")
            rows.append(f"| [{escape_cell(tag.name)}]({target}) | {kind} | {len(tag.articles)} |")
        pager = pager_line(path, number, len(chunks), tags_index_page)
        pages[path] = page_header(title) + intro + "\n".join(rows) + "\n" + pager
    return pages
