"""Feeds, related articles, the timeline chart, the sitemap and gh-deploy to a bare remote."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import subprocess
from pathlib import Path

import feedparser
import pytest
from conftest import article, new_project, run_module

from digest.indexes.chart import month_counts, overview_bars, svg, year_bars
from digest.indexes.related import related
from digest.indexes.tags import TagRules

pytestmark = pytest.mark.slow

D = dt.datetime


def story(title: str, day: str, text: str) -> str:
    return f"{title}\nPublished: {day} 10:00 GMT\nBy Reuters\n\n{text}\n"


SEEDS = {
    "a.txt": story(
        "Oil prices rise in Saudi Arabia",
        "2 Mar 1987",
        "Saudi Arabia said oil output would fall, OPEC officials said.",
    ),
    "b.txt": story(
        "Opec ministers meet on oil",
        "3 Mar 1987",
        "OPEC oil ministers met in Vienna to discuss Saudi Arabia's quota.",
    ),
    "c.txt": story(
        "Grain exports to China grow",
        "4 Apr 1987",
        "China bought more wheat from Canada, traders in Winnipeg said.",
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:

    root = new_project(tmp_path_factory.mktemp("publish") / "p", dict(SEEDS))
    result = run_module(root, "mkdocs", "build", "--strict")
    assert result.returncode == 0, result.stderr
    return root


def test_site_feed_is_valid_atom_newest_first(site: Path) -> None:
    feed = feedparser.parse((site / "site" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    titles = [e.title for e in feed.entries]
    assert titles == [
        "Grain exports to China grow",
        "Opec ministers meet on oil",
        "Oil prices rise in Saudi Arabia",
    ]
    first = feed.entries[0]
    assert (
        first.link
        == "https://example.github.io/news-digest/articles/1987/04/04/grain-exports-to-china-grow/"
    )
    assert first.published == "1987-04-04T10:00:00+00:00"
    assert first.author == "Reuters"
    assert first.summary.startswith("China bought more wheat")


def test_tag_feeds_and_alternate_links(site: Path) -> None:
    feeds = sorted((site / "site" / "tags").glob("*/feed.xml"))
    assert feeds, "no tag feeds"
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo and parsed.entries, path
    tag_page = (feeds[0].parent / "index.html").read_text("utf-8")
    slug = feeds[0].parent.name
    assert 'type="application/atom+xml" title="News Digest: ' in tag_page
    assert f'href="../../tags/{slug}/feed.xml"' in tag_page
    home = (site / "site" / "index.html").read_text("utf-8")
    assert (
        '<link rel="alternate" type="application/atom+xml" title="News Digest" href="feed.xml">'
        in home
    )


def test_related_articles_under_an_article(site: Path) -> None:
    page = site / "site/articles/1987/03/02/oil-prices-rise-in-saudi-arabia/index.html"
    text = page.read_text("utf-8")
    assert 'class="nd-related"' in text
    assert 'href="../../03/opec-ministers-meet-on-oil/">Opec ministers meet on oil</a>' in text


def test_timeline_chart_is_inline_svg_without_cdn(site: Path) -> None:
    page = (site / "site" / "timeline" / "index.html").read_text("utf-8")
    assert '<svg class="nd-chart"' in page and "March 1987: 2 articles" in page
    for built in (site / "site").rglob("*.html"):
        text = built.read_text("utf-8")
        assert "fonts.googleapis.com" not in text and "cdn.jsdelivr" not in text, built


def test_sitemap_lists_every_page(site: Path) -> None:
    sitemap = (site / "site" / "sitemap.xml").read_text("utf-8")
    pages = [p for p in (site / "site").rglob("index.html")]
    for page in pages:
        url = page.parent.relative_to(site / "site").as_posix()
        loc = "https://example.github.io/news-digest/" + ("" if url == "." else url + "/")
        assert f"<loc>{loc}</loc>" in sitemap, loc


def test_related_prefers_shared_tags_then_nearest_date() -> None:
    items = [
        article("A", D(1987, 3, 1), ["Oil", "OPEC"]),
        article("B", D(1987, 3, 20), ["Oil", "OPEC"]),
        article("C", D(1987, 3, 2), ["Oil"]),
        article("D", D(1987, 3, 3), ["Grain"]),
    ]
    found = related(items, TagRules())
    assert [a.title for a in found[items[0].path]] == ["B", "C"]
    assert found[items[3].path] == []


def test_chart_months_fill_gaps() -> None:
    months = month_counts([(dt.date(1987, 2, 26), 2), (dt.date(1987, 4, 1), 3)])
    assert months[-3:] == [(1987, 2, 2), (1987, 3, 0), (1987, 4, 3)] and len(months) == 12
    per, bars = overview_bars(
        [(dt.date(1987, 2, 26), 2), (dt.date(1987, 4, 1), 3)],
        {(1987, 2): "1987/02/", (1987, 4): "1987/04/"},
    )
    drawn = svg(bars, per)
    assert per == "month" and drawn.count("<rect") == 12 and drawn.count("<a href=") == 2


def _labels(drawn: str) -> list[str]:
    return re.findall(r"<text [^>]*>([^<]*)</text>", drawn)


def _label_positions(drawn: str) -> list[float]:
    return [float(x) for x in re.findall(r'<text x="([\d.]+)"', drawn)]


def test_chart_of_an_archive_with_an_outlier_shows_every_year_with_articles() -> None:
    days = [(dt.date(1987, 2, 26) + dt.timedelta(days=n % 300), 1) for n in range(2992)]
    days.append((dt.date(2013, 6, 1), 1))
    links = {(1987, m): f"1987/{m:02d}/" for m in range(1, 13)} | {(2013, 6): "2013/06/"}

    per, bars = overview_bars(days, links)
    drawn = svg(bars, per)

    assert per == "year" and 'aria-label="Articles per year"' in drawn
    labels = _labels(drawn)
    assert labels[0] == "1987" and labels[-1] == "2013"
    assert "<title>1987: 2992 articles</title>" in drawn
    assert "<title>2013: 1 article</title>" in drawn
    assert '<a href="2013/">' in drawn and '<a href="1987/">' in drawn
    # The one article of 2013 is a bar one can see beside the 2,992 of 1987.
    (height,) = re.findall(r'height="([\d.]+)"><title>2013', drawn)
    assert float(height) >= 2
    # Readable: no two labels closer than a year's width in the chart's type.
    xs = _label_positions(drawn)
    assert all(b - a >= 30 for a, b in itertools.pairwise(xs))


def test_chart_of_a_long_archive_with_far_apart_years_keeps_only_years_with_articles() -> None:
    days = [(dt.date(1900 + 40 * n, 1, 1), n + 1) for n in range(4)]  # 1900 ... 2020

    per, bars = overview_bars(days, {})

    assert per == "year" and [bar.label for bar in bars] == ["1900", "1940", "1980", "2020"]
    assert _labels(svg(bars, per)) == ["1900", "1940", "1980", "2020"]


def test_chart_of_a_year_shows_its_months() -> None:
    drawn = svg(year_bars(1987, {3: 20, 10: 1}))

    assert drawn.count("<rect") == 12
    assert '<a href="03/">' in drawn and '<a href="10/">' in drawn and drawn.count("<a ") == 2
    assert "<title>October 1987: 1 article</title>" in drawn
    labels = _labels(drawn)
    assert labels[0] == "Jan" and labels[-1] in ("Nov", "Dec") and len(labels) >= 6
    xs = _label_positions(drawn)
    assert all(b - a >= 30 for a, b in itertools.pairwise(xs))


def test_gh_deploy_to_a_local_bare_remote(site: Path, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--bare", "-q", str(remote)], check=True)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
    }
    for cmd in (
        ["init", "-q", "-b", "main"],
        ["remote", "add", "origin", str(remote)],
        ["add", "seeds", "mkdocs.yml"],
        ["commit", "-q", "-m", "init"],
    ):
        subprocess.run(["git", *cmd], cwd=site, env=env, check=True)
    result = run_module(site, "mkdocs", "gh-deploy", "--force", env=env)
    assert result.returncode == 0, result.stderr
    tree = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", "gh-pages"],
        cwd=remote,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert {"index.html", ".nojekyll", "404.html", "feed.xml", "sitemap.xml"} <= set(tree)
    articles = [p for p in tree if p.startswith("articles/") and p.endswith("/index.html")]
    assert len(articles) == len(SEEDS)
