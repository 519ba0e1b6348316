"""Rebuilds update the index pages article by article.

In one process (``mkdocs serve``) and from one process to the next (``digest
build``, the catalog cached on disk): whatever the edits, the pages on disk,
the tags, the newest-first list and the related articles after an incremental
run are those a run from scratch gives.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import tempfile
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest import pipeline
from digest.article import Article
from digest.articles.store import ArticleStore
from digest.indexes import build_pages
from digest.indexes.catalog import Catalog
from digest.indexes.common import Options
from digest.indexes.tags import TagRules, collect
from digest.pipeline import Project, Report, State, run

TITLES = ["Oil rises", "Oil falls", "Grain talks", "Opec meets", "Trade | war", "Ölpreis sinkt"]
TAGS = ["Oil", "oil", "OPEC", "Grain", "Iran", "Hidden", "Saudi Arabia", "Index", " "]
PLACES = {"Iran", "Saudi Arabia"}
DAY = dt.datetime(1987, 12, 30, 9, 0)

days = st.integers(0, 40).map(lambda d: DAY + dt.timedelta(days=d))
dates = st.one_of(
    st.none(),
    st.builds(lambda day, h: day + dt.timedelta(hours=h), days, st.integers(0, 3)),
    days.map(lambda day: day.date()),
)
tag_lists = st.lists(st.sampled_from(TAGS), max_size=4)
which = st.integers(0, 1000)
operations = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(TITLES), dates, tag_lists),
    st.tuples(st.just("retitle"), which, st.sampled_from(TITLES)),
    st.tuples(st.just("retag"), which, tag_lists),
    st.tuples(st.just("redate"), which, dates),
    st.tuples(st.just("delete"), which),
    st.tuples(st.just("break"), which),
    st.tuples(st.just("rules"), st.booleans()),
)


@dataclass
class Story:
    title: str
    date: dt.date | None
    tags: list[str]
    broken: bool = False

    def text(self) -> str:
        if self.broken:
            return "---\ntitle: [unclosed\n---\n\nText.\n"
        lines = ["---", f"title: '{self.title}'"]
        if self.date is not None:
            lines.append(f"date: {self.date.isoformat()}")
        lines += ["source: Wire", "summary: A summary.", "tags: []" if not self.tags else "tags:"]
        lines += [f"- '{tag}'" for tag in self.tags]
        places = [tag for tag in self.tags if tag in PLACES]
        lines += ["places:", *[f"- '{p}'" for p in places]] if places else []
        return "\n".join([*lines, "---", "", "Text.", ""])


@dataclass
class Site:
    root: Path
    options: Options
    min_tag_count: int | None
    stories: dict[str, Story] = field(default_factory=dict)
    added: int = 0
    clock: int = 1_600_000_000_000_000_000

    def project(self, root: Path | None = None) -> Project:
        root = root or self.root
        return Project(
            root=root,
            docs_dir=root / "site_src",
            seeds_dir=root / "seeds",
            tags_file=root / "site_src" / "tags.yml",
            options=self.options,
            min_tag_count=self.min_tag_count,
        )

    def write(self, path: str) -> None:
        file = self.root / "site_src" / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(self.stories[path].text(), encoding="utf-8")
        # Each save a second later: edits within one clock tick are not what is tested here.
        self.clock += 1_000_000_000
        os.utime(file, ns=(self.clock, self.clock))

    def apply(self, op: tuple[Any, ...]) -> None:
        kind, *args = op
        paths = sorted(self.stories)
        if kind == "add":
            self.added += 1
            day = f"{self.added % 3:02d}"
            path = f"articles/{day}/story-{self.added}.md"
            self.stories[path] = Story(*args)
            self.write(path)
        elif kind == "rules":
            rules = self.root / "site_src" / "tags.yml"
            if args[0]:
                rules.write_text("aliases:\n  grain: Oil\nhidden:\n- hidden\n", encoding="utf-8")
            else:
                rules.unlink(missing_ok=True)
        elif paths:
            path = paths[args[0] % len(paths)]
            story = self.stories[path]
            if kind == "delete":
                del self.stories[path]
                (self.root / "site_src" / path).unlink()
                return
            if kind == "retitle":
                story.title = args[1]
            elif kind == "retag":
                story.tags = args[1]
            elif kind == "redate":
                story.date = args[1]
            story.broken = kind == "break"
            self.write(path)


def generated(docs: Path) -> tuple[dict[str, str], set[str]]:
    """Return the text of every generated file and every generated folder."""
    files, folders = {}, set()
    for item in docs.rglob("*"):
        rel = item.relative_to(docs).as_posix()
        if rel.startswith("articles") or rel == "tags.yml":
            continue
        if item.is_dir():
            folders.add(rel)
        else:
            files[rel] = item.read_text("utf-8")
    return files, folders


def results(report: Report) -> dict[str, Any]:
    """Return what the plugin uses from a report, as plain data."""
    return {
        "tags": [(t.slug, t.name, t.kind, [a.path for a in t.articles]) for t in report.tag_list],
        "newest": [(a.path, a.title, a.date) for a in report.newest],
        "related": {a.path: [r.path for r in report.related[a.path]] for a in report.newest},
        "counts": (report.articles, report.tags, report.pages, sorted(report.invalid)),
    }


def check_same_as_fresh(site: Site, report: Report, tmp: Path) -> None:
    fresh_root = tmp / "fresh"
    shutil.rmtree(fresh_root, ignore_errors=True)
    shutil.copytree(site.root / "site_src" / "articles", fresh_root / "site_src" / "articles")
    if (site.root / "site_src" / "tags.yml").exists():
        shutil.copy(site.root / "site_src" / "tags.yml", fresh_root / "site_src" / "tags.yml")
    fresh = run(site.project(fresh_root), import_seeds=False, progress=False)
    assert generated(site.root / "site_src") == generated(fresh_root / "site_src")
    assert results(report) == results(fresh)


@pytest.mark.parametrize(
    ("restart", "background"),
    [(False, False), (True, False), (True, True)],
    ids=["one-process", "new-processes", "new-processes-forked"],
)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(st.tuples(st.sampled_from(TITLES), dates, tag_lists), min_size=0, max_size=6),
    st.lists(operations, min_size=1, max_size=8),
    st.sampled_from([(Options(), None), (Options(home_count=3, page_size=2), 2)]),
)
def test_incremental_runs_equal_runs_from_scratch(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    restart: bool,
    background: bool,
    initial: list[tuple[str, dt.date | None, list[str]]],
    ops: list[tuple[Any, ...]],
    settings_: tuple[Options, int | None],
) -> None:
    monkeypatch.setattr(pipeline, "CHANGES_LIMIT", 0)  # never fall back to a full build
    # The caches written and half of a full build's pages made by forked processes (as
    # from 1,000 articles on), or all by this one.
    monkeypatch.setattr(pipeline, "BACKGROUND_SAVE_FROM", 0 if background else 10**9)
    monkeypatch.setattr(pipeline, "SPLIT_PAGES_FROM", 0 if background else 10**9)
    built_anew = []
    catalog_of = Catalog.of.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Catalog], *args: Any) -> Catalog:
        built_anew.append(args)
        return catalog_of(cls, *args)  # type: ignore[no-any-return]

    monkeypatch.setattr(Catalog, "of", classmethod(counted))
    tmp = tmp_path_factory.mktemp("incremental")
    site = Site(tmp / "site", *settings_)
    (site.root / "site_src" / "articles").mkdir(parents=True)
    for story in initial:
        site.apply(("add", *story))
    state = State()
    report = run(site.project(), import_seeds=False, progress=False, state=state)
    check_same_as_fresh(site, report, tmp)
    for op in ops:
        catalog = state.catalog
        site.apply(op)
        if restart:
            state = State()  # what a new `digest build` has: the caches on disk
        built_anew.clear()
        report = run(site.project(), import_seeds=False, progress=False, state=state)
        if op[0] != "rules":
            assert not built_anew  # updated, not built again
            assert restart or state.catalog is catalog
        check_same_as_fresh(site, report, tmp)


STORY_LISTS = st.lists(st.tuples(st.sampled_from(TITLES), dates, tag_lists), max_size=12)
INDEX_OPTIONS = st.sampled_from([Options(), Options(home_count=3, page_size=2, min_tag_count=2)])
RULES = TagRules(aliases={"grain": "Oil"}, hidden={"hidden"})


def stories_of(items: list[tuple[str, dt.date | None, list[str]]]) -> list[Article]:
    return [
        article(title, date, tags, path=f"articles/{n % 3}/{n}.md")
        for n, (title, date, tags) in enumerate(items)
    ]


@settings(max_examples=60, deadline=None)
@given(STORY_LISTS, INDEX_OPTIONS)
def test_catalog_pages_are_those_of_build_pages(
    items: list[tuple[str, dt.date | None, list[str]]], options: Options
) -> None:
    stories, rules = stories_of(items), RULES
    catalog = Catalog.of(stories, rules, options)
    groups = catalog.groups()
    pages, gone = catalog.build(groups)
    assert pages == build_pages(stories, collect(stories, rules), options) and gone == []
    assert set(catalog.pages()) == set(pages)
    # Shared out in two, each group once (make_every_page makes one share in another process).
    mine, theirs = catalog.split(groups)
    assert sorted(mine + theirs) == sorted(groups)


@settings(max_examples=25, deadline=None)
@given(STORY_LISTS, INDEX_OPTIONS)
def test_pages_made_by_two_processes_are_those_of_one(
    items: list[tuple[str, dt.date | None, list[str]]], options: Options
) -> None:
    stories, rules = stories_of(items), RULES
    one = Catalog.of(stories, rules, options)
    pages, _ = one.build(one.groups())
    two = Catalog.of(stories, rules, options)
    with tempfile.TemporaryDirectory() as folder:
        docs = Path(folder)
        assert pipeline.make_every_page(docs, two, split=True) == len(pages)
        on_disk = {p.relative_to(docs).as_posix(): p.read_text("utf-8") for p in docs.rglob("*.md")}
    assert on_disk == pages
    # This process's catalog knows the pages the other one made: later updates remove them.
    assert two.pages() == one.pages()


SEED = next((REPO / "seeds").glob("*.txt")).read_text("utf-8")
OTHER = """Follow us on:

Second story about trade
March 2, 1987, 2:01 pm


Exporters in Japan said trade talks with the United States went well.

Source: Reuters"""


@pytest.fixture
def served(tmp_path: Path) -> tuple[Site, State]:
    """Return a project of two imported seeds and the state of a first build."""
    site = Site(tmp_path / "site", Options(), None)
    (site.root / "seeds").mkdir(parents=True)
    (site.root / "site_src").mkdir()
    (site.root / "seeds" / "putin.txt").write_text(SEED, encoding="utf-8")
    (site.root / "seeds" / "trade.txt").write_text(OTHER, encoding="utf-8")
    state = State()
    run(site.project(), progress=False, state=state)
    return site, state


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_cycles_alive_during_a_later_step_are_collected_once_dropped(
    served: tuple[Site, State],
) -> None:
    """Only a process's first step freezes what it leaves: later garbage is collected."""
    site, state = served  # the first step in this process ran before, at the latest here
    cycle = _Cycle()
    ref = weakref.ref(cycle)
    run(site.project(), progress=False, state=state)  # `cycle` is alive during the step
    del cycle
    gc.collect()
    assert ref() is None
    assert gc.isenabled() and pipeline._frozen


def test_ledger_saved_by_another_process_is_read_again(served: tuple[Site, State]) -> None:
    site, state = served
    (site.root / "seeds" / "more.txt").write_text(OTHER.replace("Second", "Third"), "utf-8")
    run(site.project(), progress=False)  # `digest import` in another terminal
    report = run(site.project(), progress=False, state=state)
    assert report.imports.imported == [] and report.articles == 3
    assert not list((site.root / "site_src").rglob("*-2.md"))


def test_new_seed_under_a_kept_state_is_indexed(served: tuple[Site, State], tmp_path: Path) -> None:
    site, state = served
    (site.root / "seeds" / "more.txt").write_text(OTHER.replace("Second", "Third"), "utf-8")
    report = run(site.project(), progress=False, state=state)
    assert report.imports.imported == ["articles/1987/03/02/third-story-about-trade.md"]
    check_same_as_fresh(site, report, tmp_path)


def test_deleted_index_page_is_written_again(served: tuple[Site, State]) -> None:
    site, state = served
    page = site.root / "site_src" / "timeline" / "1987" / "03" / "02.md"
    text = page.read_text("utf-8")
    page.unlink()
    report = run(site.project(), progress=False, state=state)
    assert page.read_text("utf-8") == text and report.pages_written == 1


def test_article_cache_is_not_rewritten_after_each_edit(served: tuple[Site, State]) -> None:
    site, state = served
    cache = site.project().cache_file
    written = cache.stat().st_mtime_ns
    article = (
        site.root / "site_src" / "articles" / "1987" / "03" / "02" / ("second-story-about-trade.md")
    )
    article.write_text(article.read_text("utf-8").replace("title: ", "title: New "), "utf-8")
    report = run(site.project(), progress=False, state=state)
    assert [a.title for a in report.newest][1] == "New Second story about trade"
    assert cache.stat().st_mtime_ns == written
    # The next process parses the edited file again: its cache entry is out of date.
    report = run(site.project(), progress=False)
    assert [a.title for a in report.newest][1] == "New Second story about trade"


def test_edit_undone_with_its_old_mtime_shows_after_a_restart(
    served: tuple[Site, State], monkeypatch: pytest.MonkeyPatch
) -> None:
    site, state = served
    monkeypatch.setattr(pipeline, "CHANGES_LIMIT", 0)  # one edit in two articles: incremental
    article = (
        site.root / "site_src" / "articles" / "1987" / "03" / "02" / ("second-story-about-trade.md")
    )
    original, stat = article.read_text("utf-8"), article.stat()
    article.write_text(original.replace("title: ", "title: Edited "), "utf-8")
    run(site.project(), progress=False, state=state)
    home = site.root / "site_src" / "index.md"
    assert "Edited Second story" in home.read_text("utf-8")
    # Undone as a backup tool or `cp -p` would: the old text and the old mtime.
    article.write_text(original, "utf-8")
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    run(site.project(), progress=False)  # the next `mkdocs serve` or `digest build`
    assert "Edited" not in home.read_text("utf-8")


def test_cached_parses_survive_a_broken_article(tmp_path: Path) -> None:
    """The article cache holds a broken article's problems; the next run still reads it."""
    site = Site(tmp_path / "site", Options(), None)
    (site.root / "site_src" / "articles").mkdir(parents=True)
    site.apply(("add", "Oil rises", DAY, ["Oil"]))
    site.apply(("add", "Grain talks", DAY, ["Grain"]))
    site.apply(("break", 0))
    first = run(site.project(), import_seeds=False, progress=False, state=State())
    store = ArticleStore(site.project().cache_file)
    collection = store.load(site.project().docs_dir, "site_src/")
    assert collection.previous.keys() == collection.files.keys()
    # Nothing was parsed again: every entry is the cached one, problems included.
    assert all(collection.files[k] is collection.previous[k] for k in collection.files)
    assert [str(p) for p in collection.problems] == [str(p) for p in first.problems] != []
