"""Index pages built from articles: counts, ordering, links, pagination."""

from __future__ import annotations

import datetime as dt
import pickle
import posixpath
import re
from pathlib import Path

from conftest import article
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.articles.front import dump_pyyaml
from digest.articles.layout import relative, tag_slug
from digest.indexes import Options, build_pages, write_pages
from digest.indexes.common import format_time, page_header
from digest.indexes.tags import TagRules, collect, load_rules

D = dt.datetime


def sample() -> list:  # type: ignore[type-arg]
    return [
        article("Oil rises", D(1987, 3, 2, 14, 1), ["Oil", "Saudi Arabia"]),
        article("Oil falls", D(1987, 3, 3, 9, 0), ["oil", "OPEC"]),
        article("Grain talks", D(1987, 4, 1, 12, 0), ["Grain", "Saudi Arabia"]),
        article("Opec meets", dt.date(1987, 3, 2), ["OPEC", "Oil"]),
        article("Putin meets", D(2013, 11, 1, 9, 42), ["China", "Russia"], source="Agencies"),
        article("No date", None, ["Oil"]),
    ]


def links(text: str) -> list[tuple[str, str]]:
    return re.findall(r"\[([^\]]+)\]\(([^)]+)\)", text)


def test_tags_are_case_insensitive_and_sorted_by_count_then_name() -> None:
    tags = collect(sample(), TagRules())
    assert [(t.name, len(t.articles)) for t in tags] == [
        ("Oil", 4),
        ("OPEC", 2),
        ("Saudi Arabia", 2),
        ("China", 1),
        ("Grain", 1),
        ("Russia", 1),
    ]


def test_tag_overview_and_tag_page() -> None:
    pages = build_pages(sample(), collect(sample(), TagRules()), Options())
    overview = pages["tags/index.md"]
    assert "| [Oil](oil.md) |  | 4 |" in overview
    assert overview.index("[Oil]") < overview.index("[OPEC]") < overview.index("[China]")
    oil = pages["tags/oil.md"]
    assert oil.count("\n- **[") == 4 and "4 articles, newest first" in oil
    titles = [t for t, _ in links(oil) if t != "All tags"]
    assert titles == ["Oil falls", "Oil rises", "Opec meets", "No date"]
    assert "(../articles/1987/03/03/oil-falls.md)" in oil


def test_tag_pages_leave_summaries_to_the_home_page_unless_asked() -> None:
    """Each article is on several tag pages: its summary there would outweigh its own page."""
    stories = sample()
    for story in stories:
        story.summary = f"What happened: {story.title.lower()}."
    lean = build_pages(stories, collect(stories, TagRules()), Options())
    assert "What happened: oil falls." not in lean["tags/oil.md"]
    assert "What happened: oil falls." in lean["index.md"]
    full = build_pages(stories, collect(stories, TagRules()), Options(tag_summaries=True))
    assert "What happened: oil falls." in full["tags/oil.md"]


def test_home_lists_latest_newest_first_with_limit() -> None:
    pages = build_pages(sample(), collect(sample(), TagRules()), Options(home_count=3))
    home = pages["index.md"]
    titles = [t for t, href in links(home) if href.startswith("articles/")]
    assert titles == ["Putin meets", "Grain talks", "Oil falls"]
    assert "1 November 2013, 09:42 · Agencies" in home
    assert "About Putin meets." in home


def test_timeline_levels_with_counts() -> None:
    pages = build_pages(sample(), collect(sample(), TagRules()), Options())
    top = pages["timeline/index.md"]
    assert "6 articles by year and month" in top
    assert "## [2013](2013/index.md) · 1 article" in top
    assert "- [March 1987](1987/03/index.md): 3 articles" in top
    assert "[Undated](undated.md) · 1 article" in top
    assert "| [March 1987](03/index.md) | 2 | 3 |" in pages["timeline/1987/index.md"]
    month = pages["timeline/1987/03/index.md"]
    assert "| [Monday 2 March 1987](02.md) | 2 |" in month
    day = pages["timeline/1987/03/02.md"]
    rows = [line for line in day.splitlines() if line.startswith("| ") and "](" in line]
    assert rows == [
        "| 14:01 | [Oil rises](../../../articles/1987/03/02/oil-rises.md) | Wire |",
        "| – | [Opec meets](../../../articles/1987/03/02/opec-meets.md) | Wire |",
    ]


def test_long_lists_are_paginated() -> None:
    many = [article(f"Story {i}", D(1987, 3, 2, 0, i % 60), ["Oil"]) for i in range(250)]
    pages = build_pages(many, collect(many, TagRules()), Options(page_size=100))
    assert {"tags/oil.md", "tags/oil/2.md", "tags/oil/3.md"} <= set(pages)
    assert "Page 1 of 3 · [Older →](oil/2.md)" in pages["tags/oil.md"]
    assert "[← Newer](../oil.md) · Page 2 of 3 · [Older →](3.md)" in pages["tags/oil/2.md"]
    assert pages["tags/oil/3.md"].count("\n- **[") == 50
    assert {"timeline/1987/03/02.md", "timeline/1987/03/02/3.md"} <= set(pages)


def test_tag_rules_rename_merge_and_hide(tmp_path: Path) -> None:
    (tmp_path / "tags.yml").write_text(
        "aliases:\n  Saudi Arabia: Arabia\n  OPEC: Oil\nhidden:\n  - Grain\n", encoding="utf-8"
    )
    rules = load_rules(tmp_path / "tags.yml", "tags.yml")
    names = {t.name: len(t.articles) for t in collect(sample(), rules)}
    assert names == {"Oil": 4, "Arabia": 2, "China": 1, "Russia": 1}


def test_write_pages_only_writes_changes_and_removes_stale(tmp_path: Path) -> None:
    pages = build_pages(sample(), collect(sample(), TagRules()), Options())
    assert write_pages(tmp_path, pages)[0] == len(pages)
    stamp = (tmp_path / "tags/oil.md").stat().st_mtime_ns
    assert write_pages(tmp_path, pages) == (0, 0)
    assert (tmp_path / "tags/oil.md").stat().st_mtime_ns == stamp
    fewer = build_pages(sample()[:1], collect(sample()[:1], TagRules()), Options())
    _, removed = write_pages(tmp_path, fewer)
    assert removed > 0 and not (tmp_path / "tags/china.md").exists()
    assert not (tmp_path / "timeline/2013").exists()


def test_every_link_on_every_page_resolves() -> None:
    many = [article(f"Story {i}", D(1987, 3, 2, 0, i % 60), ["Oil"]) for i in range(250)]
    items = many + sample()
    pages = build_pages(items, collect(items, TagRules()), Options(page_size=100))
    known = set(pages) | {a.path for a in items}
    for path, text in pages.items():
        for _, target in links(text):
            resolved = "/".join([*path.split("/")[:-1], target])
            parts: list[str] = []
            for piece in resolved.split("/"):
                if piece == "..":
                    parts.pop()
                elif piece:
                    parts.append(piece)
            assert "/".join(parts) in known, (path, target)


def test_rare_tags_get_no_page_from_the_threshold_on() -> None:
    options = Options().for_size(5000, None)
    assert options.min_tag_count == 2
    pages = build_pages(sample(), collect(sample(), TagRules()), options)
    assert "tags/oil.md" in pages and "tags/china.md" not in pages
    assert "3 more tags name fewer than 2 articles each" in pages["tags/index.md"]
    assert Options().for_size(10, None).min_tag_count == 1
    assert Options().for_size(10_000, None).min_tag_count == 5
    assert Options().for_size(10, 3).min_tag_count == 3


def test_tag_overview_is_split_and_reserved_names_are_kept_apart() -> None:
    items = [article(f"Story {i}", D(1987, 3, 2), [f"Tag {i}", "Index"]) for i in range(1200)]
    pages = build_pages(items, collect(items, TagRules()), Options())
    assert {"tags/index.md", "tags/all/2.md", "tags/all/3.md"} <= set(pages)
    assert "Page 1 of 3 · [Older →](all/2.md)" in pages["tags/index.md"]
    # A tag called "Index" does not overwrite the overview.
    assert "| [Index](index-tag.md) |  | 1200 |" in pages["tags/index.md"]
    assert "tags/index-tag.md" in pages and "Story 0" in pages["tags/index-tag/12.md"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.dictionaries(st.sampled_from(["x", "hide"]), st.text()))
def test_page_header_writes_the_settings_after_the_title(title: str, meta: dict[str, str]) -> None:
    data = {"title": title, "hide": ["navigation", "toc"], "search": {"exclude": True}, **meta}
    front = page_header(title, **meta).split("---\n")[1]
    assert front == dump_pyyaml(data)


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(
        timezones=st.one_of(
            st.none(),
            st.builds(dt.timezone, st.timedeltas(dt.timedelta(hours=-23), dt.timedelta(hours=23))),
        )
    )
)
def test_time_of_day_as_strftime_writes_it(value: dt.datetime) -> None:
    zone = f"{value:%z}"
    expected = f"{value:%H:%M}" + ("" if not zone else " UTC" if zone == "+0000" else "")
    if zone and zone != "+0000":
        expected += f" {zone[:3]}:{zone[3:5]}"
    assert format_time(value) == expected


@given(
    st.lists(st.sampled_from(["articles", "tags", "a", "b", "x.md", "index.md"]), max_size=4),
    st.lists(st.sampled_from(["articles", "tags", "a", "b", "y.md", "index.md"]), max_size=4),
)
def test_relative_links_resolve_to_their_target(source: list[str], target: list[str]) -> None:
    """A link made by ``relative`` from one docs_dir file leads to the other one."""
    from_path, to_path = "/".join([*source, "page.md"]), "/".join([*target, "to.md"])
    link = relative(from_path, to_path)
    assert link == posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


RULE_TAGS = st.sampled_from(["Oil", "oil", "OIL ", "Grain", "grain", "Iran", "Crude oil", " "])


@given(
    st.lists(RULE_TAGS, max_size=12),
    st.dictionaries(RULE_TAGS, RULE_TAGS, max_size=3),
    st.sets(RULE_TAGS, max_size=2),
)
def test_tag_rules_give_each_tag_the_same_answer_every_time(
    tags: list[str], aliases: dict[str, str], hidden: set[str]
) -> None:
    """``apply`` remembers its answers: they are still those of the rules, tag by tag."""
    rules = TagRules({tag_slug(k): v for k, v in aliases.items()}, {tag_slug(h) for h in hidden})

    def rule(tag: str) -> str | None:
        name = rules.aliases.get(tag_slug(tag), tag)
        return None if tag_slug(name) in rules.hidden else name

    expected = [rule(tag) for tag in tags]
    assert [rules.apply(tag) for tag in tags] == expected
    assert [rules.apply(tag) for tag in reversed(tags)] == expected[::-1]
    copy = pickle.loads(pickle.dumps(rules))  # as in the catalog's cache
    assert copy == rules and copy.key() == rules.key() and copy._names == {}
