"""A reader's path through the published site in a real browser, under the Pages sub-path.

Home page, a tag, an article on that tag, a related article, then Material's search:
each step by clicking, with no console error anywhere. Screenshots of every step go
to ``test-artifacts/`` for a look when it fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, require_browser
from conftest import REPO
from test_links import Published, published, serve_under  # noqa: F401  (module fixture)

pytestmark = pytest.mark.slow

ARTIFACTS = REPO / "test-artifacts"
SEED_TITLE = "Putin meets top Chinese military official"
SEED_PATH = "/articles/2013/11/01/putin-meets-top-chinese-military-official/"
MISSING = "articles/2013/11/01/no-such-story/"

# Known bug in digest/site/plugin.py, tracked by the strict xfail


def browser_api() -> Any:
    """Return Playwright's sync API; skip without chromium or playwright, unless CI needs them.

    ``.ci/run`` installs both and sets ``DIGEST_BROWSER_TESTS=required``, so there a
    missing browser is a failure, not a quiet skip.
    """
    try:
        return require_browser()
    except pytest.skip.Exception as skipped:
        if os.environ.get("DIGEST_BROWSER_TESTS") == "required":
            pytest.fail(f"DIGEST_BROWSER_TESTS=required, but {skipped.msg}")
        raise


class Reader:
    """One browser tab that records errors and failed requests, and screenshots each step."""

    def __init__(self, page: Any, name: str) -> None:
        self.page = page
        self.name = name
        self.errors: list[tuple[str, str]] = []
        """(URL that failed or page it happened on, what happened)"""
        self.step = 0
        page.on("console", self._console)
        page.on("response", self._response)
        page.on("pageerror", lambda exc: self.errors.append((page.url, f"uncaught: {exc}")))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            where = message.location.get("url") or self.page.url
            self.errors.append((where, f"console: {message.text}"))

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.errors.append((response.url, f"HTTP {response.status} on {self.page.url}"))

    def unexpected_errors(self) -> list[str]:
        """Return the errors so far, less the known bug, and forget them all."""
        found = [f"{url}: {what}" for url, what in self.errors]
        self.errors.clear()
        return found

    def shot(self, what: str) -> None:
        """Save a screenshot of the page as it is now."""
        self.step += 1
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{self.name}-{self.step}-{what}.png"))

    def follow(self, link: Any, path: str | None = None) -> None:
        """Click ``link``, wait for the page it leads to, check it ends with ``path``."""
        target = link.evaluate("a => a.href")
        if path is not None:
            assert urlsplit(target).path.endswith(path), target
        link.click()
        self.page.wait_for_url(target)
        self.page.wait_for_load_state("load")


@contextmanager
def home_page(site: Published, name: str) -> Iterator[tuple[Reader, str]]:
    """Open the published site's home page in Chromium, under its sub-path; yield the tab's
    ``Reader`` (screenshots named ``name``) and the home page's URL."""
    sync_api = browser_api()
    with serve_under(site) as home, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            reader = Reader(page, name)  # listening before the first page loads
            page.goto(home, wait_until="load")
            yield reader, home
        finally:
            browser.close()


def test_home_tag_article_related_and_search(published: Published) -> None:  # noqa: F811
    expect = browser_api().expect
    with home_page(published, "browser") as (reader, home):
        page = reader.page
        expect(page.locator("article h1")).to_have_text("Latest news")
        expect(page.get_by_role("link", name=SEED_TITLE)).to_be_visible()
        reader.shot("home")

        # Home -> the tag overview -> one tag.
        main = page.locator("article.md-content__inner")
        reader.follow(main.get_by_role("link", name="tag", exact=True), "/tags/")
        reader.follow(main.get_by_role("link", name="China", exact=True), "/tags/china/")
        expect(page.locator("article h1")).to_have_text("China")
        on_tag = main.locator("li a")
        assert on_tag.count() >= 4, on_tag.all_inner_texts()
        reader.shot("tag")

        # Tag page -> the seed's article -> its first related article.
        reader.follow(main.get_by_role("link", name=SEED_TITLE), SEED_PATH)
        expect(page.locator("article h1")).to_have_text(SEED_TITLE)
        expect(
            page.locator(".nd-tags").get_by_role("link", name="China", exact=True)
        ).to_be_visible()
        related = page.locator(".nd-related li a")
        assert related.count() >= 2, related.all_inner_texts()
        reader.shot("article")
        title = related.first.inner_text()
        reader.follow(related.first)
        expect(page.locator("article h1")).to_have_text(title)
        reader.shot("related")

        # Material's search finds the seed by a name no other story mentions.
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("Sinopec")
        hit = page.locator(".md-search-result__item a", has_text=SEED_TITLE)
        expect(hit.first).to_be_visible(timeout=15_000)
        reader.shot("search")
        reader.follow(hit.first, SEED_PATH)
        expect(page.locator("article h1")).to_have_text(SEED_TITLE)
        assert reader.unexpected_errors() == []

        # A missing page is the site's own 404 page, styled by Material.
        response = page.goto(home + MISSING, wait_until="load")
        assert response is not None and response.status == 404
        expect(page.locator("article h1")).to_have_text("404 - Not found")
        header = page.locator("header.md-header")
        assert header.evaluate("el => getComputedStyle(el).position") == "sticky"
        reader.shot("404")
    # The browser reports the missing page itself, and nothing else.
    assert all(MISSING in error for error in reader.unexpected_errors())


def test_search_by_keyboard_newest_first_and_highlighted(published: Published) -> None:  # noqa: F811
    """The `/` key opens Pagefind's search; results sort newest first on request; the
    article a result leads to marks the words searched for."""
    expect = browser_api().expect
    with home_page(published, "search") as (reader, _):
        page = reader.page
        page.keyboard.press("/")
        field = page.locator("input.md-search__input")
        expect(field).to_be_focused()
        assert page.locator("#__search").is_checked()
        field.press_sequentially("China")
        items = page.locator(".md-search-result__item")
        expect(items.nth(1)).to_be_visible(timeout=15_000)
        expect(page.locator(".md-search-result__meta")).to_contain_text("matching documents")
        page.locator(".nd-search-sort").click()
        expect(page.locator(".nd-search-sort")).to_have_text("Newest first")
        expect(items.nth(1)).to_be_visible(timeout=15_000)
        days = page.locator(".nd-search-meta").evaluate_all(
            "els => els.map(e => Date.parse(e.textContent.split(' · ')[0]))"
        )
        assert len(days) >= 2 and days == sorted(days, reverse=True), days
        reader.shot("newest")
        reader.follow(items.first.locator("a"))
        assert "h=china" in page.url
        expect(page.locator(".nd-body mark").first).to_have_text("China", timeout=15_000)
        page.keyboard.press("Escape")
        assert reader.unexpected_errors() == []
