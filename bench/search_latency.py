"""Time Pagefind's search in a real browser: last key press to first result, bytes fetched.

Usage: .venv/bin/python bench/search_latency.py SITE_DIR [--query WORD ...] [--repeat R]

SITE_DIR is a built digest (``site/``, e.g. one left by ``bench/scale.py --workdir``).
It is served on a loopback port; for each query a fresh browser context (empty cache)
opens the home page, focuses the search box (which loads Pagefind's entry files, as a
reader's click would), waits for that loading to end (``--cold``: does not), types the
query, and waits for the first result. Printed per
query: milliseconds from the last key press to the first result on screen, the number
of results, the kilobytes fetched from ``pagefind/`` while typing, and those fetched when
the box was focused (the bundles' entry files and search code: once per visit) (``--repeat``:
medians). The default queries are a rare name, a common word and a two-letter prefix.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

QUERIES = ["Sinopec", "oil", "ba"]


QUIET = 0.7
"""Seconds without a response from ``pagefind/`` after which the focus's loading is done."""


def one_query(browser: Any, base: str, query: str, cold: bool) -> tuple[float, int, int, int]:
    """Return (ms to first result, result count, bytes fetched from pagefind/ while typing,
    and on focus) for ``query``."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[int] = [0, 0]
    typing: list[bool] = [False]
    focused: list[bool] = [False]
    last: list[float] = [0.0]

    def on_response(response: Any) -> None:
        if focused[0] and "/pagefind/" in response.url:
            last[0] = time.perf_counter()
            with contextlib.suppress(Exception):  # a request the page gave up on
                fetched[0 if typing[0] else 1] += len(response.body())

    page.on("response", on_response)
    page.goto(base, wait_until="load")
    field = page.locator("input.md-search__input")
    focused[0] = True
    field.click()
    clicked = time.perf_counter()
    # A reader clicks, then types: what the focus loads (each bundle's search code, entry
    # files and filters) is loaded by the first key press, unless --cold.
    while not cold and time.perf_counter() - clicked < 60:
        page.wait_for_timeout(100)
        ready = page.locator("[data-nd-ready]").count() > 0  # search.js: Pagefind loaded
        if ready and last[0] and time.perf_counter() - last[0] > QUIET:
            break
    typing[0] = True
    field.press_sequentially(query[:-1])
    started = time.perf_counter()
    field.press(query[-1])
    first = page.locator(".md-search-result__item").first
    first.wait_for(state="visible", timeout=120_000)
    ms = (time.perf_counter() - started) * 1000
    meta = page.locator(".md-search-result__meta").inner_text()
    page.wait_for_load_state("networkidle")
    count = int("".join(ch for ch in meta.split(" ")[0] if ch.isdigit()) or 0)
    context.close()
    return ms, count, fetched[0], fetched[1]


def main(argv: list[str] | None = None) -> int:
    """Run the queries and print one line per query."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", action="append", dest="queries")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="type as soon as the box has focus")
    args = parser.parse_args(argv)
    index = args.site / "pagefind"
    if not ((index / "pagefind.js").is_file() or (index / "bundles.json").is_file()):
        print(f"no Pagefind index in {args.site}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    pages = sum(1 for _ in (args.site / "articles").rglob("index.html"))
    print(f"{pages:,} article pages in {args.site}")
    with serve(args.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print("| query | ms to first result | results | KB fetched | KB on focus |")
        print("|---|---|---|---|---|")
        for query in args.queries or QUERIES:
            runs = [one_query(browser, base, query, args.cold) for _ in range(args.repeat)]
            ms = statistics.median(r[0] for r in runs)
            kb = statistics.median(r[2] for r in runs) / 1e3
            focus = statistics.median(r[3] for r in runs) / 1e3
            print(f"| {query} | {ms:.0f} | {runs[0][1]:,} | {kb:.0f} | {focus:.0f} |", flush=True)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
