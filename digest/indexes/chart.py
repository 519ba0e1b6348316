"""A pre-rendered SVG bar chart of articles per month: no script, no web font, works offline."""

from __future__ import annotations

import calendar
import datetime as dt
import html
from collections import Counter
from collections.abc import Iterable

MAX_MONTHS = 120
"""The chart shows at most the last ten years of months."""
MIN_MONTHS = 12
"""And at least a year, so that one busy month is not one wall-wide bar."""
WIDTH, HEIGHT, LABEL = 720, 120, 18


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
    return months[-MAX_MONTHS:]


def svg(months: list[tuple[int, int, int]], link_of: dict[tuple[int, int], str]) -> str:
    """Return an inline SVG with one bar per month, linked to the month pages that exist."""
    if not months:
        return ""
    peak = max(n for _, _, n in months) or 1
    step = WIDTH / len(months)
    bar = max(step * 0.8, 1.0)
    parts = [
        f'<svg class="nd-chart" viewBox="0 0 {WIDTH} {HEIGHT + LABEL}" role="img" '
        f'aria-label="Articles per month" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (year, month, n) in enumerate(months):
        h = round(HEIGHT * n / peak, 1)
        x, y = round(i * step, 1), round(HEIGHT - h, 1)
        label = html.escape(f"{calendar.month_name[month]} {year}: {n} article{'s' * (n != 1)}")
        rect = f'<rect x="{x}" y="{y}" width="{bar:.1f}" height="{h}"><title>{label}</title></rect>'
        href = link_of.get((year, month))
        parts.append(f'<a href="{href}">{rect}</a>' if href and n else rect)
        if month == 1 or i == 0:
            parts.append(f'<text x="{x}" y="{HEIGHT + LABEL - 4}">{year}</text>')
    parts.append("</svg>")
    return "".join(parts)
