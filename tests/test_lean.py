"""The page budget of a large digest: the lean page, and a search index made in several runs.

The lean page (``theme/digest/lean.html``, the plugin's ``lean`` option) must look and work
like Material's page in fewer bytes; a site's ``custom_dir`` still overrides it. Pagefind's
memory grows with the pages of one run, so a large digest is indexed in bundles of
``search_bundle`` articles, which the search box searches together: the same stories must
come back as from one index, newest first across the bundles.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, new_project, run_module
from test_links import EXTRA_SEEDS, Published

from digest.site.searchindex import GLOB, Bundle, plan

ARTICLE = "articles/2013/11/01/putin-meets-top-chinese-military-official/index.html"


def _config(**options: object) -> str:
    """Return the repository's mkdocs.yml with the digest plugin's ``options`` set."""
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    for key, value in options.items():
        line = f"      {key}: {str(value).lower()}\n"
        text, found = re.subn(rf"^      {key}: .*\n", line, text, count=1, flags=re.M)
        if not found:
            text = text.replace("      search: pagefind\n", "      search: pagefind\n" + line, 1)
    return text


def _build(root: Path) -> Path:
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = run_module(root, "mkdocs", "build", "--strict", env=env)
    assert result.returncode == 0, result.stderr
    return root / "site"


def _project(root: Path, **options: object) -> Path:
    return new_project(root, dict(EXTRA_SEEDS), seed_dir=REPO / "seeds", config=_config(**options))


# The plan of Pagefind runs


def _site(root: Path, months: dict[str, int]) -> Path:
    for month, count in months.items():
        for n in range(count):
            page = root / "articles" / month / f"{n % 28 + 1:02d}" / f"story-{n}" / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text("<p>story</p>", encoding="utf-8")
    return root


def test_a_small_digest_is_one_run(tmp_path: Path) -> None:
    site = _site(tmp_path, {"2013/11": 3, "2014/01": 2})
    assert plan(site, most=5) == [Bundle(GLOB, "")]


def test_runs_hold_whole_months_newest_first_up_to_the_limit(tmp_path: Path) -> None:
    site = _site(tmp_path, {"2013/11": 3, "2013/12": 2, "2014/01": 4, "2014/02": 7, "undated": 1})
    (site / "articles" / "undated" / "no-date").mkdir(parents=True)
    (site / "articles" / "undated" / "no-date" / "index.html").write_text("x", "utf-8")

    bundles = plan(site, most=6)

    assert bundles == [
        Bundle("articles/2014/02/**/*.html", "0"),  # over the limit alone: a month stays whole
        Bundle("articles/{2014/01,2013/12}/**/*.html", "1"),
        Bundle("articles/{2013/11,undated}/**/*.html", "2"),  # the undated ones come last
    ]


def test_the_newest_run_is_a_quarter_of_the_others(tmp_path: Path) -> None:
    months = {f"2014/{m:02d}": 3 for m in range(1, 10)}
    site = _site(tmp_path, months)

    bundles = plan(site, most=12)

    assert bundles == [
        Bundle("articles/2014/09/**/*.html", "0"),  # 3 articles: searched first, alone
        Bundle("articles/{2014/08,2014/07,2014/06,2014/05}/**/*.html", "1"),
        Bundle("articles/{2014/04,2014/03,2014/02,2014/01}/**/*.html", "2"),
    ]


# The lean page


def test_the_lean_page_keeps_materials_parts_in_fewer_bytes(tmp_path: Path) -> None:
    full = _build(_project(tmp_path / "full", minify="true"))
    lean = _build(_project(tmp_path / "lean", minify="true", lean="true"))

    page = (lean / ARTICLE).read_text("utf-8")
    before = (full / ARTICLE).read_text("utf-8")
    assert len(page) < 0.6 * len(before), (len(page), len(before))
    # The same story, header, tabs and footer in Material's classes; icons from the stylesheet.
    for part in ("nd-body", "nd-meta", "nd-related", "md-header", "md-tabs", "md-footer"):
        assert part in page and part in before
    assert "<path" not in page and '<svg class="nd-i nd-i-material-magnify"' in page
    assert "md-sidebar--secondary" not in page  # no table of contents
    icons = (lean / "assets" / "digest-icons.css").read_text("utf-8")
    assert ".nd-i-material-magnify{--nd-i:url(" in icons
    script = (lean / "assets" / "digest-lean.js").read_text("utf-8")
    assert "__palette_0" in script and "md-search__input" in script
    # A page the digest did not make keeps Material's own template.
    assert "md-sidebar--secondary" in (lean / "404.html").read_text("utf-8")


def test_a_site_overrides_the_lean_page(tmp_path: Path) -> None:
    config = _config(lean="true")
    config = config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1)
    root = new_project(tmp_path, dict(EXTRA_SEEDS), seed_dir=REPO / "seeds", config=config)
    mine = root / "overrides" / "digest" / "lean.html"
    mine.parent.mkdir(parents=True)
    mine.write_text("<html><body class=mine>{{ page.content }}</body></html>", "utf-8")

    page = (_build(root) / ARTICLE).read_text("utf-8")

    assert "<body class=mine>" in page and "nd-body" in page and "md-header" not in page


def test_a_small_digest_keeps_materials_page(tmp_path: Path) -> None:
    page = (_build(_project(tmp_path)) / ARTICLE).read_text("utf-8")
    assert "md-sidebar--secondary" in page and "nd-i" not in page


# In the browser


QUERIES = ("china", "the", "oil", "pu", "ch", "Xi")


def _results(page: Any, expect: Any, query: str) -> list[str]:
    """Search for ``query`` in the open page's search box; return the result links, all."""
    field = page.locator("input.md-search__input")
    field.fill("")
    field.press_sequentially(query)
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_contain_text("matching", timeout=15_000)
    # every bundle searched (the newest bundle's results are shown before the rest)
    expect(page.locator("[data-nd-complete]")).to_have_count(1, timeout=15_000)
    more = page.locator(".nd-search-more")
    while more.is_visible():
        more.click()
    hrefs: list[str] = page.locator(".md-search-result__link").evaluate_all(
        "els => els.map(e => new URL(e.href).pathname)"
    )
    return hrefs


@pytest.mark.slow
def test_bundles_find_what_one_index_finds_newest_first(tmp_path: Path) -> None:
    from test_browser import browser_api, home_page

    root = _project(tmp_path / "p", lean="true", search_bundle=1)
    split = _build(root)
    assert len(list((split / "pagefind").glob("*/pagefind.js"))) >= 4
    shutil.move(split, tmp_path / "split")
    root_one = _project(tmp_path / "one", lean="true")
    one = _build(root_one)
    assert (one / "pagefind" / "pagefind.js").is_file()

    expect = browser_api().expect
    found: dict[str, dict[str, list[str]]] = {}
    for name, site in (("one", one), ("split", tmp_path / "split")):
        published = Published(site=site, site_url="https://example.github.io/news-digest/")
        with home_page(published, f"lean-{name}") as (reader, _):
            page = reader.page
            page.keyboard.press("/")
            found[name] = {query: sorted(_results(page, expect, query)) for query in QUERIES}
            page.locator(".nd-search-sort").click()
            expect(page.locator(".nd-search-sort")).to_have_text("Newest first")
            expect(page.locator(".md-search-result__item").nth(1)).to_be_visible(timeout=15_000)
            days = page.locator(".nd-search-meta").evaluate_all(
                "els => els.map(e => Date.parse(e.textContent.split(' · ')[0]))"
            )
            assert len(days) >= 3 and days == sorted(days, reverse=True), days
            # The palette switch works as Material's does, and the choice stays on the
            # next page (Material's inline palette script, now in digest-lean.js).
            page.keyboard.press("Escape")
            switch = page.locator("form[data-md-component=palette] label:visible")
            switch.click()  # system -> light
            switch.click()  # light -> dark
            assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
            page.goto(page.url.split("#")[0] + ARTICLE.removesuffix("index.html"))
            assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
            icon = page.locator(".md-search__form .md-search__icon svg").first
            assert icon.is_visible()
            assert "url(" in icon.evaluate("el => getComputedStyle(el).maskImage")
            reader.shot("palette")
            assert reader.unexpected_errors() == []
    assert found["split"] == found["one"]
    assert all(found["one"][query] for query in QUERIES)


@pytest.mark.slow
def test_the_newest_bundle_answers_first_and_the_rest_complete_the_list(tmp_path: Path) -> None:
    from test_browser import browser_api, home_page

    site = _build(_project(tmp_path / "p", lean="true", search_bundle=1))
    bundles = len(list((site / "pagefind").glob("*/pagefind.js")))
    assert bundles >= 4
    expect = browser_api().expect
    published = Published(site=site, site_url="https://example.github.io/news-digest/")
    with home_page(published, "lean-early") as (reader, _):
        page = reader.page
        held: list[Any] = []  # the older bundles' index: held back until the test lets it go
        older = re.compile(r"/pagefind/[1-9][0-9]*/index/")
        page.route(older, lambda route: held.append(route))
        page.keyboard.press("/")
        page.keyboard.type("the")
        meta = page.locator(".md-search-result__meta")
        expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
        expect(meta).to_contain_text("+ matching")
        early = page.locator(".md-search-result__item").count()
        assert page.locator("[data-nd-complete]").count() == 0
        assert held, "the older bundles were not searched"
        for route in held:
            route.continue_()
        page.unroute(older)
        expect(page.locator("[data-nd-complete]")).to_have_count(1, timeout=15_000)
        expect(meta).not_to_contain_text("+")
        total = int(re.sub(r"\D", "", meta.inner_text().split(" ")[0]))
        assert total > early
        assert reader.unexpected_errors() == []


def test_long_stories_make_smaller_runs(tmp_path: Path) -> None:
    # Pagefind's memory follows the text it indexes: runs are bounded by the bytes of the
    # stories (a page's bytes beyond the smallest page's) as well as by their number.
    site = _site(tmp_path, {"2014/01": 2, "2014/02": 2, "2014/03": 2})
    for page in (site / "articles").rglob("index.html"):  # the theme's part: not story
        page.write_text("<nav>" + "menu " * 80 + "</nav><p>story</p>", "utf-8")
    (site / "articles" / "2014" / "03" / "01" / "not-a-story").mkdir()  # no page: no bytes
    assert plan(site, most=100, text=1500) == [Bundle(GLOB, "")]
    for page in (site / "articles" / "2014" / "02").rglob("index.html"):
        page.write_text("<p>" + "words " * 200 + "</p>", "utf-8")

    assert plan(site, most=100, text=1500) == [
        Bundle("articles/2014/03/**/*.html", "0"),
        Bundle("articles/2014/02/**/*.html", "1"),  # 2,400 bytes of story: a run alone
        Bundle("articles/2014/01/**/*.html", "2"),
    ]
    assert plan(site, most=100, text=10_000) == [Bundle(GLOB, "")]


def test_a_second_run_leaves_nothing_of_the_pages_gone(tmp_path: Path) -> None:
    from digest.site.searchindex import index_site

    site = _site(tmp_path, {"2014/01": 3, "2014/02": 3})
    pages = sorted((site / "articles").rglob("index.html"))
    for n, page in enumerate(pages):
        page.write_text(f"<html><body><p>story {n}</p></body></html>", "utf-8")
    assert index_site(site, most=4).pages == 6  # two bundles
    shutil.rmtree(pages[-1].parent)
    pages[0].write_text("<html><body><p>another story</p></body></html>", "utf-8")

    assert index_site(site, most=4).pages == 5

    fragments = list((site / "pagefind").rglob("*.pf_fragment"))
    assert len(fragments) == 5, sorted(f.name for f in fragments)
    assert (site / "pagefind" / "bundles.json").read_text("utf-8") == '["0/", "1/"]'


def test_under_serve_the_runs_follow_one_another_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from digest.site.searchindex import Indexer

    log = tmp_path / "runs.log"
    fake = tmp_path / "bin" / "pagefind"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\nsleep 0.2\necho "$6" >> {log}\n', encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("DIGEST_PAGEFIND", str(fake))
    site = _site(tmp_path / "site", {"2013/11": 2, "2013/12": 2, "2014/01": 2})

    indexer = Indexer()
    assert indexer.index(site, background=True, most=2) is None
    assert indexer._chain is not None
    indexer._chain.join(timeout=30)

    assert log.read_text("utf-8").split() == ["pagefind/0", "pagefind/1", "pagefind/2"]
    assert (site / "pagefind" / "bundles.json").read_text("utf-8") == '["0/", "1/", "2/"]'
    indexer.index(site, background=True, most=2)
    indexer.stop()  # stops the run under way, and no other starts
    assert len(log.read_text("utf-8").split()) < 6
