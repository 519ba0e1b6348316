"""No script runs in the built site: every page built from hostile seeds, in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, require_browser, serve
from test_hostile import built  # noqa: F401  (the module-scoped site fixture)

pytestmark = pytest.mark.slow

# Elements or attributes that could only come from injected markup.
INJECTED = (
    ".nd-body script, .nd-body img, .nd-body iframe, .nd-body a, .nd-body h1, .nd-body h2, "
    "[onerror], [onload], [onclick], [onmouseover], a[href^='javascript:' i], "
    ".nd-body iframe, .nd-body form, img[src*='evil.example']"
)


def test_no_injected_script_runs_or_exists(built: tuple[Path, str]) -> None:  # noqa: F811
    sync_api = require_browser()
    root, _ = built
    site = root / "site"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert len(pages) > 10
    dialogs: list[str] = []
    errors: list[str] = []
    with serve(site) as base, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        for path in pages:
            page.goto(base + path.removesuffix("index.html"), wait_until="load")
            found = page.eval_on_selector_all(INJECTED, "els => els.map(e => e.outerHTML)")
            assert found == [], (path, found)
            assert page.evaluate("() => window.__pwned === undefined"), path
        text = page.goto(base + "articles/1987/03/03/security-scare-at-the-summit/")
        assert text is not None and text.ok
        body = page.inner_text(".nd-body")
        assert "<script>alert('xss')</script>" in body and "javascript:alert(3)" in body
        # The saved web page: its words as text, its script, handlers and links gone.
        text = page.goto(base + "articles/2024/05/06/council-budget-agreed/")
        assert text is not None and text.ok
        body = page.inner_text(".nd-body")
        assert "<script>alert('escaped')</script>" in body and "click this link" in body
        assert "alert('inline')" not in body
        browser.close()
    assert dialogs == []
    assert errors == []


def test_search_results_show_hostile_text_as_text(built: tuple[Path, str]) -> None:  # noqa: F811
    """Pagefind's results (title, excerpt) put the story's words on the page, never its markup."""
    sync_api = require_browser()
    root, _ = built
    dialogs: list[str] = []
    with serve(root / "site") as base, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base, wait_until="load")
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("alert")
        hit = page.locator(".md-search-result__item", has_text="Security scare")
        sync_api.expect(hit.first).to_be_visible(timeout=15_000)
        results = page.locator(".md-search-result__list")
        assert "<script>alert('xss')</script>" in results.inner_text()
        injected = results.evaluate(
            "el => el.querySelectorAll('script, img, iframe, [onerror], [onclick]').length"
        )
        assert injected == 0
        # Only the marks of the matched words (Pagefind marks whole space-separated words).
        marks = results.evaluate("el => [...el.querySelectorAll('mark')].map(m => m.textContent)")
        assert marks and all("alert" in mark.lower() for mark in marks), marks
        assert page.evaluate("() => window.__pwned === undefined")
        browser.close()
    assert dialogs == []
