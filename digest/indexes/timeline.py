"""The timeline: years → months → days, with article counts at every level."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from digest.article import Article
from digest.articles.layout import (
    day_page,
    month_page,
    relative,
    timeline_index,
    undated_page,
    year_page,
)
from digest.indexes.chart import overview_bars, svg, year_bars
from digest.indexes.common import (
    Options,
    escape_cell,
    format_date,
    format_time,
    link,
    newest_first,
    page_header,
    paginate,
)

Days = dict[dt.date, list[Article]]
Years = dict[int, dict[int, Days]]


def _plural(n: int) -> str:
    return f"{n} article{'s' if n != 1 else ''}"


def _month_name(year: int, month: int) -> str:
    return f"{calendar.month_name[month]} {year}"


def group_by_day(articles: Sequence[Article]) -> tuple[Days, list[Article]]:
    """Return dated articles by day (each day newest first) and the undated ones."""
    days: Days = defaultdict(list)
    undated = []
    for article in articles:
        if article.day is None:
            undated.append(article)
        else:
            days[article.day].append(article)
    return {d: newest_first(days[d]) for d in sorted(days)}, newest_first(undated)


def nest(days: Days) -> Years:
    """Return the days (in date order) by year and month."""
    years: Years = defaultdict(lambda: defaultdict(dict))
    for day, items in days.items():
        years[day.year][day.month][day] = items
    return years


def build(articles: Sequence[Article], options: Options) -> dict[str, str]:
    """Return every timeline page as {path: Markdown}."""
    days, undated = group_by_day(articles)
    years = nest(days)
    pages = {timeline_index(): overview(years, len(undated))}
    for year, months in years.items():
        pages[year_page(year)] = year_text(year, months)
        for month, month_days in months.items():
            pages[month_page(year, month)] = month_text(year, month, month_days)
            for day, items in month_days.items():
                pages.update(day_pages(day, items, options))
    if undated:
        pages.update(undated_pages(undated, options))
    return pages


def undated_pages(undated: Sequence[Article], options: Options) -> dict[str, str]:
    """Return the list of the articles without a date (newest first, as given)."""
    return paginate(undated, options.page_size, undated_page, "Undated articles", _render_table)


def _count(months: dict[int, Days]) -> int:
    return sum(len(items) for days in months.values() for items in days.values())


def overview(years: Years, undated: int) -> str:
    """Return the timeline's first page: a chart, then every year and month with counts."""
    path = timeline_index()
    total = sum(_count(m) for m in years.values()) + undated
    text = page_header("Timeline") + f"{_plural(total)} by year and month, newest first.\n\n"
    counts = [
        (d, len(items))
        for months in years.values()
        for m in months.values()
        for d, items in m.items()
    ]
    # Links in raw HTML are not rewritten by MkDocs: write them as directory URLs.
    links = {(y, m): f"{y:04d}/{m:02d}/" for y, months in years.items() for m in months}
    per, bars = overview_bars(counts, links)
    chart = svg(bars, per)
    if chart:
        text += chart + "\n\n"
    for year in sorted(years, reverse=True):
        months = years[year]
        text += f"## [{year}]({relative(path, year_page(year))}) · {_plural(_count(months))}\n\n"
        for month in sorted(months, reverse=True):
            n = sum(len(v) for v in months[month].values())
            target = relative(path, month_page(year, month))
            text += f"- [{_month_name(year, month)}]({target}): {_plural(n)}\n"
        text += "\n"
    if undated:
        text += f"## [Undated]({relative(path, undated_page())}) · {_plural(undated)}\n"
    return text


def year_text(year: int, months: dict[int, Days]) -> str:
    """Return one year's page: its months with their counts."""
    path = year_page(year)
    text = page_header(str(year)) + f"{_plural(_count(months))}. "
    text += f"[Timeline]({relative(path, timeline_index())})\n\n"
    # Links in raw HTML are not rewritten by MkDocs: directory URLs, as the month pages have.
    text += svg(year_bars(year, {m: _count({m: days}) for m, days in months.items()})) + "\n\n"
    rows = ["| Month | Days | Articles |", "| --- | ---: | ---: |"]
    for month in sorted(months, reverse=True):
        days = months[month]
        target = relative(path, month_page(year, month))
        n = sum(len(v) for v in days.values())
        rows.append(f"| [{_month_name(year, month)}]({target}) | {len(days)} | {n} |")
    return text + "\n".join(rows) + "\n"


def month_text(year: int, month: int, days: Days) -> str:
    """Return one month's page: its days with their counts."""
    path = month_page(year, month)
    n = sum(len(v) for v in days.values())
    text = page_header(_month_name(year, month)) + f"{_plural(n)}. "
    text += f"[{year}]({relative(path, year_page(year))}) · "
    text += f"[Timeline]({relative(path, timeline_index())})\n\n"
    rows = ["| Day | Articles |", "| --- | ---: |"]
    for day in sorted(days, reverse=True):
        target = relative(path, day_page(day))
        rows.append(f"| [{day:%A} {format_date(day)}]({target}) | {len(days[day])} |")
    return text + "\n".join(rows) + "\n"


def day_pages(day: dt.date, items: Sequence[Article], options: Options) -> dict[str, str]:
    """Return one day's (paginated) table of articles, ``items`` newest first."""
    month = month_page(day.year, day.month)

    def intro(path: str) -> str:
        up = f"[{_month_name(day.year, day.month)}]({relative(path, month)})"
        return f"{_plural(len(items))}, newest first. {up}\n\n"

    return paginate(
        items,
        options.page_size,
        lambda n: day_page(day, n),
        f"{day:%A} {format_date(day)}",
        _render_table,
        intro=intro,
    )


def _render_table(path: str, chunk: Sequence[Article]) -> str:
    rows = ["| Time | Title | Source |", "| --- | --- | --- |"]
    for article in chunk:
        time = format_time(article.date) or "–"
        title = link(path, article).replace("|", "\\|")
        rows.append(f"| {time} | {title} | {escape_cell(article.source)} |")
    return "\n".join(rows) + "\n"
