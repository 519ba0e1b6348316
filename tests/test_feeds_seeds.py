"""Feeds (RSS 2.0, RSS 1.0, Atom) and scraper exports (JSON, JSON Lines) as seeds."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, run_module
from test_hand_edits import project

from digest.articles import importer
from digest.articles.front import load
from digest.articles.importer import convert
from digest.articles.ledger import Ledger
from digest.pipeline import run
from digest.readers.entries import MANY_READERS, Found, read_feed, read_json, read_jsonl

RSS2 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Times</title><link>https://harbour.example/</link>
<language>en-gb</language>
{items}
</channel></rss>
"""
ITEM_FULL = """<item><title>Port workers agree new pay deal</title>
<link>https://harbour.example/news/pay-deal</link>
<guid isPermaLink="false">harbour-1001</guid>
<pubDate>Tue, 02 Mar 2021 10:15:00 +0100</pubDate>
<author>desk@harbour.example (Ann Writer)</author>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>Dock workers voted to accept the offer on Monday.</p>
<script>alert("x")</script>
<p onclick="steal()">The deal ends a <a href="javascript:alert(1)">month-long</a> dispute
over <b>overtime</b> rates.</p>]]></content:encoded></item>"""
ITEM_SUMMARY = """<item><title>Ferry timetable changes from April</title>
<link>https://harbour.example/news/ferry</link>
<guid>https://harbour.example/news/ferry</guid>
<pubDate>Wed, 03 Mar 2021 08:00:00 -0500</pubDate>
<description>&lt;p&gt;The morning ferry will leave twenty minutes earlier.&lt;/p&gt;</description>
</item>"""
ITEM_THIRD = """<item><title>Lighthouse reopens to visitors</title>
<link>https://harbour.example/news/lighthouse</link>
<pubDate>Thu, 04 Mar 2021 09:30:00 +0000</pubDate>
<description>The restored lighthouse opened its doors to the public again.</description>
</item>"""
ITEM_NO_TITLE = """<item><link>https://harbour.example/news/x</link>
<description>A text without a title.</description></item>"""

RSS1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://valley.example/"><title>Valley Post</title>
<link>https://valley.example/</link><description>News</description></channel>
<item rdf:about="https://valley.example/bridge"><title>New bridge opens over the river</title>
<link>https://valley.example/bridge</link>
<description>The bridge carries two lanes and a cycle path.</description>
<dc:date>2022-05-06T07:08:09+02:00</dc:date><dc:creator>Bo Reporter</dc:creator>
<dc:language>de</dc:language></item>
</rdf:RDF>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
<title>Mountain Daily</title><id>urn:mountain</id><updated>2023-01-02T03:04:05Z</updated>
<entry><title>Snow closes the pass</title><id>urn:mountain:snow</id>
<link href="https://mountain.example/snow"/>
<published>2023-01-02T03:04:05-07:00</published><updated>2023-01-02T03:04:05-07:00</updated>
<author><name>Cy Writer</name></author>
<summary>Short.</summary>
<content type="html">&lt;p&gt;Heavy snow closed the pass overnight.&lt;/p&gt;&lt;p&gt;Crews expect
to reopen it by noon.&lt;/p&gt;</content></entry>
</feed>
"""


def rss(*items: str) -> str:
    return RSS2.format(items="\n".join(items))


def articles(root: Path) -> dict[str, str]:
    folder = root / "site_src" / "articles"
    return {p.relative_to(folder).as_posix(): p.read_text("utf-8") for p in folder.rglob("*.md")}


def by_title(root: Path) -> dict[str, str]:
    return {load(text, name).title: text for name, text in articles(root).items()}


# -- readers --------------------------------------------------------------------------------


def test_rss2_full_content_with_zone_author_link_and_no_markup() -> None:
    found = read_feed(rss(ITEM_FULL, ITEM_SUMMARY).encode(), "h.rss")
    first, second = (f.article for f in found)
    assert first is not None and second is not None
    assert found[0].identity == "harbour-1001"
    assert first.title == "Port workers agree new pay deal"
    assert first.date == dt.datetime(2021, 3, 2, 10, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert first.url == "https://harbour.example/news/pay-deal"
    assert first.author == "Ann Writer"
    assert first.source == "Harbour Times"
    assert first.lang == "en-gb"
    assert first.body == (
        "Dock workers voted to accept the offer on Monday.\n\n"
        "The deal ends a month-long dispute over overtime rates."
    )
    assert "excerpt" not in first.extra
    # Only a summary: kept, marked as an excerpt.
    assert second.body == "The morning ferry will leave twenty minutes earlier."
    assert second.extra == {"excerpt": True}
    assert second.date == dt.datetime(2021, 3, 3, 8, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


def test_rss1_and_atom() -> None:
    (bridge,) = read_feed(RSS1.encode(), "v.rdf.xml")
    assert bridge.article is not None
    assert bridge.article.title == "New bridge opens over the river"
    assert bridge.article.author == "Bo Reporter"
    assert bridge.article.url == bridge.identity == "https://valley.example/bridge"
    assert bridge.article.date == dt.datetime(
        2022, 5, 6, 7, 8, 9, tzinfo=dt.timezone(dt.timedelta(hours=2))
    )
    (snow,) = read_feed(ATOM.encode(), "m.atom")
    assert snow.article is not None and snow.identity == "urn:mountain:snow"
    assert snow.article.body == (
        "Heavy snow closed the pass overnight.\n\nCrews expect to reopen it by noon."
    )
    assert snow.article.author == "Cy Writer"
    assert snow.article.lang == "fr"
    assert snow.article.url == "https://mountain.example/snow"
    assert snow.article.date == dt.datetime(
        2023, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=-7))
    )


def test_json_keys_of_common_scrapers_and_unknown_keys_kept() -> None:
    objects = [
        {  # newspaper4k-like
            "headline": "Council approves budget",
            "publish_date": "2024-02-03T04:05:06+00:00",
            "text": "The council approved the budget.\n\nIt passed by nine votes.",
            "url": "https://town.example/budget",
            "authors": ["Di Author", "Ed Author"],
            "site_name": "Town News",
            "top_image": "https://town.example/a.jpg",
            "tags": ["council"],
            "template": "main.html",
        },
        {  # schema.org-like, no url: identity from title and date
            "headline": "Library extends hours",
            "datePublished": "2024-02-04",
            "articleBody": "<p>The library will open until nine.</p>",
            "publisher": {"name": "Town News"},
        },
    ]
    budget, library = read_json(json.dumps(objects).encode(), "x.json")
    assert budget.article is not None and library.article is not None
    assert budget.identity == "https://town.example/budget"
    assert budget.article.author == "Di Author, Ed Author"
    assert budget.article.source == "Town News"
    assert budget.article.body == "The council approved the budget.\n\nIt passed by nine votes."
    assert budget.article.extra == {
        "top_image": "https://town.example/a.jpg",
        "export_tags": ["council"],
        "export_template": "main.html",
    }
    assert library.article.date == dt.date(2024, 2, 4)
    assert library.article.body == "The library will open until nine."
    assert library.article.source == "Town News"
    assert library.identity.startswith("sha1:")
    # One object alone is one article.
    (one,) = read_json(json.dumps(objects[0]).encode(), "one.json")
    assert one.article is not None and one.article.title == "Council approves budget"


def test_bad_lines_and_entries_are_named_and_the_rest_kept() -> None:
    lines = [
        json.dumps({"title": "Good one", "text": "Words of the first.", "url": "u1"}),
        "{not json",
        json.dumps({"title": "", "text": "no title"}),
        json.dumps({"title": "Good two", "text": "Words of the second.", "url": "u2"}),
    ]
    found = read_jsonl("\n".join(lines).encode(), "e.jsonl")
    assert [f.article.title for f in found if f.article] == ["Good one", "Good two"]
    problems = [f.problem for f in found if not f.article]
    assert problems[0].startswith("line 2 is not valid JSON")
    assert problems[1] == "line 3 has no title"
    found = read_feed(rss(ITEM_THIRD, ITEM_NO_TITLE).encode(), "f.rss")
    assert found[1].problem == "entry 2 has no title"


# -- import ---------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "site_src").mkdir()
    return tmp_path


def test_feed_saved_twice_imports_each_entry_once(tree: Path) -> None:
    seeds = tree / "seeds"
    (seeds / "harbour-monday.rss").write_text(rss(ITEM_FULL, ITEM_SUMMARY), "utf-8")
    (seeds / "harbour-tuesday.rss").write_text(rss(ITEM_SUMMARY, ITEM_THIRD), "utf-8")
    (seeds / "valley.xml").write_text(RSS1, "utf-8")
    (seeds / "mountain.atom").write_text(ATOM, "utf-8")
    report = run(project(tree), progress=False)
    titles = by_title(tree)
    assert sorted(titles) == [
        "Ferry timetable changes from April",
        "Lighthouse reopens to visitors",
        "New bridge opens over the river",
        "Port workers agree new pay deal",
        "Snow closes the pass",
    ]
    assert len(report.imports.imported) == 5
    pay = titles["Port workers agree new pay deal"]
    assert "date: 2021-03-02T10:15:00+01:00" in pay
    assert "author: Ann Writer" in pay
    assert "url: https://harbour.example/news/pay-deal" in pay
    assert "<script" not in pay and "javascript:" not in pay and "onclick" not in pay
    assert "excerpt: true" in titles["Ferry timetable changes from April"]
    # A third save with the same entries: nothing new; and a second run does nothing.
    (seeds / "harbour-wednesday.rss").write_text(rss(ITEM_THIRD, ITEM_FULL), "utf-8")
    before = articles(tree)
    report = run(project(tree), progress=False)
    assert report.imports.imported == [] and report.imports.updated == []
    assert articles(tree) == before


def test_entry_edited_by_hand_then_changed_upstream_keeps_the_edit(
    tree: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seeds = tree / "seeds"
    (seeds / "monday.rss").write_text(rss(ITEM_THIRD, ITEM_SUMMARY), "utf-8")
    run(project(tree), progress=False)
    ledger = Ledger.load(tree / ".digest" / "ledger.json")
    lighthouse = ledger.entries["/https://harbour.example/news/lighthouse"].article
    ferry = ledger.entries["/https://harbour.example/news/ferry"].article
    edited = tree / "site_src" / lighthouse
    edited.write_text(edited.read_text("utf-8").replace("restored", "newly restored"), "utf-8")
    mine = edited.read_text("utf-8")
    # Tomorrow's save: both entries changed upstream.
    changed = [
        ITEM_THIRD.replace("opened its doors", "threw open its doors"),
        ITEM_SUMMARY.replace("twenty minutes", "half an hour"),
    ]
    (seeds / "tuesday.rss").write_text(rss(*changed), "utf-8")
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.digest"):
        report = run(project(tree), progress=False)
    assert edited.read_text("utf-8") == mine
    assert any("was edited by hand: keeping your edit" in r.getMessage() for r in caplog.records)
    assert "half an hour" in (tree / "site_src" / ferry).read_text("utf-8")
    assert report.imports.updated == [ferry]
    # A deleted article is not recreated by a later save of the feed.
    (tree / "site_src" / ferry).unlink()
    (seeds / "wednesday.rss").write_text(
        rss(changed[1].replace("half an hour", "an hour")), "utf-8"
    )
    run(project(tree), progress=False)
    assert not (tree / "site_src" / ferry).exists()


def test_jsonl_of_1000_articles_imports_in_one_step(tree: Path) -> None:
    lines = [
        json.dumps(
            {
                "title": f"Market report number {n}",
                "date": f"2020-{n % 12 + 1:02d}-{n % 28 + 1:02d}T12:00:00Z",
                "text": f"Shares of company {n} rose by {n % 9 + 1} percent in trading.",
                "url": f"https://markets.example/{n}",
                "byline": "Fay Reporter",
                "source": "Markets Wire",
            }
        )
        for n in range(1000)
    ]
    lines.insert(500, '{"title": "broken",')
    (tree / "seeds" / "export.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    report = run(project(tree), progress=False)
    assert len(report.imports.imported) == 1000
    assert report.imports.skipped == [("export.jsonl", report.imports.skipped[0][1])]
    assert report.imports.skipped[0][1].startswith("line 501 is not valid JSON")
    assert len(articles(tree)) == 1000
    report = run(project(tree), progress=False)
    assert report.imports.imported == [] and report.imports.updated == []


def test_feed_that_is_not_well_formed_is_skipped_by_name(tree: Path) -> None:
    (tree / "seeds" / "broken.rss").write_text("this is not a feed <<<", "utf-8")
    (tree / "seeds" / "notes.xml").write_text("<notes><n>hi</n></notes>", "utf-8")
    (tree / "seeds" / "good.atom").write_text(ATOM, "utf-8")
    report = run(project(tree), progress=False)
    skipped = dict(report.imports.skipped)
    assert "not a well-formed RSS or Atom feed" in skipped["broken.rss"]
    assert "not an RSS or Atom feed" in skipped["notes.xml"]
    assert len(report.imports.imported) == 1


def test_site_with_text_web_page_feed_and_json_seeds_builds_strict(
    make_project: Callable[..., Path],
) -> None:
    text = next((REPO / "seeds").glob("*.txt")).read_text("utf-8")
    web_page = (Path(__file__).parent / "readers" / "news_structure.html").read_bytes()
    export = [
        {
            "title": "Harvest festival draws crowds",
            "date": "2019-09-09",
            "content": "<p>Thousands came to the festival.</p><p>It ran <i>all</i> day.</p>",
            "link": "https://fair.example/harvest",
            "author": "Gil Writer",
        },
        {
            "title": "Hostile link in an export",
            "date": "2019-09-10",
            "text": 'Text with <script>alert("x")</script> in it, as words.',
            "url": "javascript:alert(9)",
        },
    ]
    root = make_project(
        {
            "story.txt": text,
            "web/sea-wall.html": web_page,
            "harbour.rss": rss(ITEM_FULL, ITEM_SUMMARY),
            "mountain.atom": ATOM,
            "fair.json": json.dumps(export),
        }
    )
    result = run_module(root, "mkdocs", "build", "--strict")
    assert result.returncode == 0, result.stderr
    pages = {p.read_text("utf-8") for p in (root / "site" / "articles").rglob("index.html")}
    pay = next(p for p in pages if "Port workers agree new pay deal" in p)
    assert 'href="https://harbour.example/news/pay-deal"' in pay
    assert "Ann Writer" in pay
    assert "alert" not in pay and "steal()" not in pay
    assert any("Thousands came to the festival." in p for p in pages)
    assert any("Harbour council approves new sea wall" in p for p in pages)  # the web page
    assert len(pages) == 7  # the text seed, the web page, 2 RSS items, 1 Atom entry, 2 objects
    hostile = next(p for p in pages if "Hostile link in an export" in p)
    assert "javascript:" not in hostile and "<script>alert" not in hostile
    assert "&lt;script&gt;" in hostile  # shown as the words it is
    feed = (root / "site" / "feed.xml").read_text("utf-8")
    assert "<name>Ann Writer</name>" in feed


def test_a_reader_that_hangs_is_stopped_by_the_seed_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def hang(data: bytes, seed: str) -> list[Found]:
        while True:
            time.sleep(0.01)

    monkeypatch.setitem(MANY_READERS, ".jsonl", hang)
    result = convert("slow.jsonl", b"{}", tmp_path, budget=0.2)
    assert result.article is None and result.parts is None
    assert "took over 0.2 s" in result.error


def test_url_author_lang_round_trip_and_are_checked() -> None:
    from digest.article import Article
    from digest.articles.front import dumps
    from digest.exceptions import FrontMatterError

    original = Article(
        title="Round trip",
        date=dt.datetime(2021, 3, 2, 10, 15, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        body="Words.",
        url="https://example.org/a?b=1#c",
        author="Ann Writer: desk",
        lang="en-GB",
    )
    back = load(dumps(original), "a.md")
    assert (back.url, back.author, back.lang) == (original.url, original.author, original.lang)
    assert back.extra == {}
    with pytest.raises(FrontMatterError, match="url must be a string"):
        load("---\ntitle: T\nurl: [1, 2]\n---\n\nText\n", "b.md")


def test_a_story_already_imported_from_text_is_not_imported_again_from_a_feed(
    tree: Path,
) -> None:
    text = "Lighthouse reopens to visitors\nMarch 4, 2021\n\n" + (
        "The restored lighthouse opened its doors to the public again."
    )
    (tree / "seeds" / "a-lighthouse.txt").write_text(text, "utf-8")
    (tree / "seeds" / "b-harbour.rss").write_text(rss(ITEM_THIRD, ITEM_SUMMARY), "utf-8")
    report = run(project(tree), progress=False)
    assert len(report.imports.imported) == 2
    assert report.imports.duplicates == [("b-harbour.rss (entry 1)", "a-lighthouse.txt")]


def test_an_export_may_be_larger_than_a_single_article(tree: Path) -> None:
    line = json.dumps({"title": "T {n}", "text": "Words " * 1000 + "{n}.", "url": "u{n}"})
    lines = [line.replace("{n}", str(n)) for n in range(1000)]  # about 6 MB
    data = ("\n".join(lines) + "\n").encode()
    assert len(data) > importer.MAX_SEED_BYTES
    (tree / "seeds" / "big.jsonl").write_bytes(data)
    (tree / "seeds" / "big.txt").write_bytes(b"Title\n\n" + b"word " * 1_100_000)
    report = run(project(tree), progress=False)
    assert len(report.imports.imported) == 1000
    assert [seed for seed, _ in report.imports.skipped] == ["big.txt"]
