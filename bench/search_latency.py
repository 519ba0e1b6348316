"""Time Pagefind's search in a real browser: last key press to first result, bytes fetched.

Usage: .venv/bin/python bench/search_latency.py SITE_DIR [--query WORD ...] [--repeat R]

SITE_DIR is a built digest (``site/``, e.g. one left by ``bench/scale.py --workdir``).
It is served on a loopback port; for each query a fresh browser context (empty cache)
opens the home page, focuses the search box (which loads Pagefind's entry files, as a
reader's click would), waits for that loading to end (``--cold``: does not), types the
query, and waits for the complete result list. Printed per query, timed in the page
(from the last key press, through a 150 ms pause in typing that search.js waits for):
milliseconds to the first result on screen (for a digest searched in bundles, the
newest bundle's results come first), to the complete list (every bundle searched and
merged), the number of results, the kilobytes fetched from ``pagefind/`` while typing,
and those fetched when the box was focused (each bundle's search code, entry files and
page metadata: once per visit) (``--repeat``: medians). The default queries are a rare
name, a common word and a two-letter prefix.
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

QUERIES = ["Volcker", "oil", "the", "ba"]


QUIET = 0.7
"""Seconds without a response from ``pagefind/`` after which the focus's loading is done."""


# Timed in the page, so that the figures are the reader's, without the driver's round trips:
# the last key press, the first result added to the list, and the complete list.
CLOCK = """
window.__nd = {};
document.addEventListener("keydown", function () {
  window.__nd = { key: performance.now() };
}, true);
new MutationObserver(function () {
  var nd = window.__nd;
  if (nd.key == null) return;
  if (nd.first == null && document.querySelector(".md-search-result__item")) {
    nd.first = performance.now();
  }
  if (nd.done == null && document.querySelector("[data-nd-complete]")) nd.done = performance.now();
}).observe(document, { subtree: true, childList: true, attributes: true });
"""


def one_query(
    browser: Any, base: str, query: str, cold: bool
) -> tuple[float, float, int, int, int]:
    """Return (ms to first result, ms to the complete list, result count, bytes fetched from
    pagefind/ while typing, and on focus) for ``query``."""
    context = browser.new_context()
    context.add_init_script(CLOCK)
    page = context.new_page()
    responses: list[tuple[bool, Any]] = []
    typing: list[bool] = [False]
    focused: list[bool] = [False]
    last: list[float] = [0.0]

    def on_response(response: Any) -> None:
        if focused[0] and "/pagefind/" in response.url:
            last[0] = time.perf_counter()
            responses.append((typing[0], response))  # sizes read after the timing

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
    field.press_sequentially(query)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=120_000)
    page.locator("[data-nd-complete]").wait_for(state="attached", timeout=120_000)
    clock = page.evaluate("window.__nd")
    meta = page.locator(".md-search-result__meta").inner_text()
    page.wait_for_load_state("networkidle")
    count = int("".join(ch for ch in meta.split(" ")[0] if ch.isdigit()) or 0)
    fetched = [0, 0]
    for while_typing, response in responses:
        with contextlib.suppress(Exception):  # a request the page gave up on
            fetched[0 if while_typing else 1] += len(response.body())
    context.close()
    return clock["first"] - clock["key"], clock["done"] - clock["key"], count, *fetched


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
        print("| query | ms to first result | ms to all results | results | KB fetched "
              "| KB on focus |")  # fmt: skip
        print("|---|---|---|---|---|---|")
        for query in args.queries or QUERIES:
            runs = [one_query(browser, base, query, args.cold) for _ in range(args.repeat)]
            ms = statistics.median(r[0] for r in runs)
            done = statistics.median(r[1] for r in runs)
            kb = statistics.median(r[3] for r in runs) / 1e3
            focus = statistics.median(r[4] for r in runs) / 1e3
            print(f"| {query} | {ms:.0f} | {done:.0f} | {runs[0][2]:,} | {kb:.0f} | {focus:.0f} |",
                  flush=True)  # fmt: skip
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
