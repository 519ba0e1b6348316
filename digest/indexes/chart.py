"""Pre-rendered SVG bar charts of articles per month or per year: no script, no web font.

The timeline's chart shows every year that has articles: bars per month while
the archive spans ten years or less, else bars per year (so one article far
from the rest cannot push the others off the chart). A year's page has its
twelve months. A bar with articles is never too short to see, and labels are
spaced so that they never overlap.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import itertools
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MAX_MONTHS = 120
"""Up to ten years from the first article to the last: a bar per month, else per year."""
MIN_MONTHS = 12
"""And at least a year, so that one busy month is not one wall-wide bar."""
MAX_EMPTY_YEARS = 50
"""Years per-year bars may span, empty ones included; beyond, only years with articles."""
WIDTH, HEIGHT, LABEL = 720, 120, 18
MIN_BAR = 2.0
"""The height of the shortest bar with articles: one article beside thousands still shows."""
LABEL_SPACE = 40.0
"""Room a label needs (a year in the chart's 11px type is about 26 units wide)."""


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: what it counts, how many, the text under it (if any) and its link."""

    title: str
    count: int
    label: str = ""
    href: str | None = None


def month_counts(days: Iterable[tuple[dt.date, int]]) -> list[tuple[int, int, int]]:
    """Return (year, month, count) for every month from the first to the last, gaps as 0."""
    counts: Counter[tuple[int, int]] = Counter()
    for day, n in days:
        counts[(day.year, day.month)] += n
    if not counts:
        return []
    (y, m), last = min(counts), max(counts)
    span = (last[0] - y) * 12 + last[1] - m + 1
    for _ in range(MIN_MONTHS - span):
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    months = []
    while (y, m) <= last:
        months.append((y, m, counts[(y, m)]))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def year_counts(months: Iterable[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Return (year, count) from the first year with articles to the last, gaps as 0.

    When that spans more than ``MAX_EMPTY_YEARS``, only the years with articles.
    """
    counts: Counter[int] = Counter()
    for year, _month, n in months:
        if n:
            counts[year] += n
    if not counts:
        return []
    first, last = min(counts), max(counts)
    years = range(first, last + 1) if last - first < MAX_EMPTY_YEARS else sorted(counts)
    return [(year, counts[year]) for year in years]


def overview_bars(
    days: Iterable[tuple[dt.date, int]], link_of: Mapping[tuple[int, int], str]
) -> tuple[str, list[Bar]]:
    """Return the timeline's bars (per month, or per year for a long archive) and what they count.

    ``link_of``: the URL of each month page (``YYYY/MM/``); a year's is its first part.
    """
    months = month_counts(days)
    if len(months) <= MAX_MONTHS:
        return "month", [_month_bar(y, m, n, link_of, i == 0) for i, (y, m, n) in enumerate(months)]
    years = {y for y, _m in link_of}
    return "year", [
        Bar(f"{year}: {_plural(n)}", n, str(year), f"{year:04d}/" if year in years else None)
        for year, n in year_counts(months)
    ]


def year_bars(year: int, counts: Mapping[int, int]) -> list[Bar]:
    """Return the twelve months of ``year`` (links to the month pages that exist)."""
    return [
        Bar(
            f"{calendar.month_name[m]} {year}: {_plural(counts.get(m, 0))}",
            counts.get(m, 0),
            calendar.month_abbr[m],
            f"{m:02d}/" if counts.get(m) else None,
        )
        for m in range(1, 13)
    ]


def _month_bar(
    year: int, month: int, n: int, link_of: Mapping[tuple[int, int], str], first: bool
) -> Bar:
    title = f"{calendar.month_name[month]} {year}: {_plural(n)}"
    label = str(year) if month == 1 or first else ""
    return Bar(title, n, label, link_of.get((year, month)))


def _plural(n: int) -> str:
    return f"{n} article{'s' * (n != 1)}"


def svg(bars: list[Bar], per: str = "month") -> str:
    """Return an inline SVG with one bar per item, linked where there is a page to go to."""
    if not bars:
        return ""
    peak = max(bar.count for bar in bars) or 1
    step = WIDTH / len(bars)
    width = max(step * 0.8, 1.0)
    parts = [
        f'<svg class="nd-chart" viewBox="0 0 {WIDTH} {HEIGHT + LABEL}" role="img" '
        f'aria-label="Articles per {per}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, bar in enumerate(bars):
        h = round(max(HEIGHT * bar.count / peak, MIN_BAR if bar.count else 0.0), 1)
        x, y = round(i * step, 1), round(HEIGHT - h, 1)
        rect = (
            f'<rect x="{x}" y="{y}" width="{width:.1f}" height="{h}">'
            f"<title>{html.escape(bar.title)}</title></rect>"
        )
        parts.append(f'<a href="{html.escape(bar.href)}">{rect}</a>' if bar.href else rect)
    for centre, text in _labels(bars, step, width):
        parts.append(
            f'<text x="{round(centre, 1)}" y="{HEIGHT + LABEL - 4}" text-anchor="middle">'
            f"{html.escape(text)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _labels(bars: list[Bar], step: float, width: float) -> list[tuple[float, str]]:
    """Return the labels to draw (centre, text), at least ``LABEL_SPACE`` apart.

    The first and the last bars with articles are always labelled (the range
    the chart covers); between them, every ``stride``-th labelled bar.
    """
    labelled = [i for i, bar in enumerate(bars) if bar.label]
    if not labelled:
        return []

    def centre(i: int) -> float:  # under its bar, but never cut off at either end
        return min(max(i * step + width / 2, LABEL_SPACE / 2), WIDTH - LABEL_SPACE / 2)

    stride = max(1, math.ceil(LABEL_SPACE / step / _spacing(labelled)))
    counted = [i for i in labelled if bars[i].count] or labelled
    wanted = sorted({counted[0], counted[-1]}) + labelled[::stride]
    chosen: list[int] = []
    for i in wanted:
        if all(abs(centre(i) - centre(j)) >= LABEL_SPACE for j in chosen):
            chosen.append(i)
    return [(centre(i), bars[i].label) for i in sorted(chosen)]


def _spacing(labelled: list[int]) -> int:
    """Return the usual number of bars between two labelled ones (1: every bar has one)."""
    gaps = [b - a for a, b in itertools.pairwise(labelled)]
    return min(gaps) if gaps else 1
