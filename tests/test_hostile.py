"""Hostile and broken seeds: a clear message naming the file, the rest builds, nothing lost.

Every case and its outcome:

| seed | outcome |
| --- | --- |
| empty file, whitespace only | skipped: "empty file" |
| PNG bytes named .txt | skipped: "binary file, not text" |
| a .png file | skipped: "not a supported kind of file" |
| 20 MB of text | skipped: "too large for a news article" |
| no line with letters | skipped: "no title" |
| no date, or an impossible date (30 February) | imported as undated, with a warning |
| a date in the future | imported, with a warning |
| YAML specials in the title | imported; the title round-trips exactly |
| <script>, onerror, javascript: links, comments | imported; shown as text, never run |
| Markdown that would make headings, lists, code, front matter | imported; shown as text |
| spaces, non-ASCII, a leading dash in the file name | imported |
| a link to a file outside seeds/ | skipped: "a link to a file outside seeds/" |
| the same story twice, or with other page furniture | imported once, the repeat reported |
| two stories with the same title and day | both imported, the second at `-2` |
| a web page with <script>, event handlers, javascript: links, iframes, images | text only |
| a web page with no main text (a menu) | skipped: "no main text found in this web page" |
| a .html.gz that is not gzip | skipped: "not a gzip file" |
| a hand-edited `url: javascript:...` in front matter | no link to the original |
| a feed and an export with script, handlers, javascript: links | imported; text only, no link |
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import new_project, run_module

from digest.articles.front import load

pytestmark = pytest.mark.slow

YAML_TITLE = "Oil: \"up\" # 3% - [a] {b} 'c' --- & * ! | > @ `x`"
FUTURE = (dt.date.today() + dt.timedelta(days=400)).strftime("%B %d, %Y")


def page(title: str, date: str, *paragraphs: str, furniture: str = "Follow us on:") -> str:
    return "\n\n".join([furniture, f"{title}\n{date}", *paragraphs, "Source: Reuters"])


SCRIPT_TEXT = (
    "Officials said <script>alert('xss')</script> nothing; "
    '<img src=x onerror="alert(1)"> and <a href="javascript:alert(2)">link</a> '
    "and [click](javascript:alert(3)) and <!-- hidden comment --> stayed text."
)
MARKDOWN_TEXT = [
    "# Not a heading",
    "- not a list",
    "    not code",
    "```",
    "---",
    "1987. Not a list",
]

HOSTILE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Council budget agreed | Evil Gazette</title>
<meta property="og:site_name" content="Evil Gazette">
<link rel="canonical" href="javascript:alert('canonical')">
<meta name="author" content="<script>alert('author')</script>">
<script>window.__pwned = 1; alert('head');</script>
<style>body { background: url(javascript:alert('css')) }</style>
</head>
<body onload="alert('body')">
<article>
<h1 onclick="alert('h1')">Council budget agreed</h1>
<time datetime="2024-05-06T10:00:00+00:00">6 May 2024</time>
<figure><img src="https://evil.example/lead.jpg" onerror="alert('img')" alt="Lead image">
<figcaption>The council chamber <b onclick="alert('cap')">on Monday</b> (Photo: Evil)
</figcaption></figure>
<p>The council met on Tuesday <script>alert('inline')</script>and agreed the budget for
the coming year after a long debate, officials said.</p>
<p>Readers could <a href="javascript:alert('link')">click this link</a> or
<a href="JaVaScRiPt:alert('mixed')">this one</a> or
<a href="data:text/html,&lt;script&gt;alert('data')&lt;/script&gt;">that one</a>,
and nothing would run at all.</p>
<p><img src="https://evil.example/x.png" onerror="window.__pwned = 2"> Spending rises
by 3% &lt;script&gt;alert('escaped')&lt;/script&gt; next year, the council said.</p>
<iframe src="https://evil.example/frame"></iframe>
<p onmouseover="alert('p')">Another paragraph follows, with plenty of words to be kept as
the main text of the article by the extractor.</p>
</article>
<form action="https://evil.example/steal"><input name="password"></form>
</body></html>
"""
MENU_PAGE = "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body>"

SEEDS: dict[str, str | bytes] = {
    "hostile.html": HOSTILE_PAGE,
    "menu.html": MENU_PAGE,
    "not-gzip.html.gz": b"<html><body><p>Not compressed.</p></body></html>",
    "empty.txt": "",
    "blank.txt": "   \n\n\t \n",
    "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
    "photo.png": b"\x89PNG\r\n\x1a\n",
    "no-title.txt": "1234 5678\n\n---\n\n!!! ???\n",
    "no-date.txt": page("Talks resume in Geneva", "", "Delegates met again on Monday."),
    "feb-30.txt": page(
        "Impossible day for markets", "February 30, 1987", "Traders saw a quiet session."
    ),
    "future.txt": page("Budget talks planned", FUTURE, "Ministers will meet next year."),
    "yaml-title.txt": page(YAML_TITLE, "March 2, 1987, 2:01 pm", "Prices rose 3% on Monday."),
    "script.txt": page("Security scare at the summit", "March 3, 1987, 9:00 am", SCRIPT_TEXT),
    "markdown.txt": page("Markdown in the wire", "March 4, 1987, 9:00 am", *MARKDOWN_TEXT),
    "with space.txt": page("Spaces in names", "March 5, 1987, 9:00 am", "Some text here."),
    "ünïcödé.txt": page("Café owners protest", "March 6, 1987, 9:00 am", "Ça va, they said."),
    "-dash.txt": page("Dash leads the way", "March 7, 1987, 9:00 am", "A dash of news."),
    "story.txt": page("Grain deal signed", "March 8, 1987, 9:00 am", "Wheat will ship in May."),
    "story-again.txt": page(
        "Grain deal signed", "March 8, 1987, 9:00 am", "Wheat will ship in May."
    ),
    "story-other-furniture.txt": page(
        "Grain deal signed",
        "March 8, 1987, 9:00 am",
        "Wheat will ship in May.",
        furniture="Share this article",
    ),
    "same-title.txt": page(
        "Grain deal signed", "March 8, 1987, 4:00 pm", "A different story with the same headline."
    ),
    # A feed and an export carrying script, handlers and javascript: links, in their HTML
    # and in their links: none of it reaches a page.
    "hostile.rss": (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile Feed</title>'
        "<item><title>Feed entry with a script</title>"
        "<link>javascript:alert(4)</link><pubDate>Mon, 09 Mar 1987 09:00:00 +0000</pubDate>"
        "<description><![CDATA[<p>Calm words <script>alert('feed')</script>"
        '<img src=x onerror="alert(5)"><a href="javascript:alert(6)">here</a>.</p>'
        "<p>Second &lt;script&gt;alert(7)&lt;/script&gt; paragraph.</p>]]></description>"
        "</item></channel></rss>"
    ),
    "hostile.jsonl": (
        '{"title": "Export entry with a script", "date": "1987-03-10", "url": '
        '"javascript:alert(8)", "content": "<p onclick=\\"alert(9)\\">Export words.</p>"}\n'
    ),
}


ARTICLES = {
    "articles/2024/01/02/hand-edited-url.md": (
        '---\ntitle: Hand-edited address\ndate: 2024-01-02\nurl: "javascript:alert(1)"\n'
        "author: <script>alert(2)</script>\n---\n\nSomeone edited the address by hand.\n"
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = new_project(tmp_path_factory.mktemp("hostile"), SEEDS, articles=ARTICLES)
    seeds = root / "seeds"
    (seeds / "huge.txt").write_bytes(b"Huge title\n\n" + b"word " * 4_200_000)
    (root / "outside.txt").write_text(page("Secret file", "March 9, 1987", "Private."), "utf-8")
    (seeds / "link.txt").symlink_to(root / "outside.txt")
    result = run_module(root, "digest", "build")
    assert result.returncode == 0, result.stderr
    return root, result.stderr


@pytest.mark.parametrize(
    ("seed", "reason"),
    [
        ("empty.txt", "empty file"),
        ("blank.txt", "empty file"),
        ("image.txt", "binary file, not text"),
        ("photo.png", "not a supported kind of file ('.png')"),
        ("huge.txt", "too large for a news article (21.0 MB, limit 5 MB)"),
        ("no-title.txt", "no title"),
        ("link.txt", "a link to a file outside seeds/: not followed"),
        ("menu.html", "no main text found in this web page"),
        (
            "not-gzip.html.gz",
            "not a gzip file (Error -3 while decompressing data: incorrect header check)",
        ),
    ],
)
def test_unusable_seeds_are_skipped_with_their_name(
    built: tuple[Path, str], seed: str, reason: str
) -> None:
    _, log = built
    assert f"Skipped seed 'seeds/{seed}': {reason}" in log


def test_warnings_for_dates(built: tuple[Path, str]) -> None:
    root, log = built
    assert "Seed 'seeds/no-date.txt': no date found" in log
    assert "Seed 'seeds/feb-30.txt': no date found" in log
    assert "Seed 'seeds/future.txt': its date" in log and "is in the future" in log
    assert (root / "site_src/articles/undated/talks-resume-in-geneva.md").is_file()
    assert (root / "site/timeline/undated/index.html").is_file()


def test_repeats_are_imported_once(built: tuple[Path, str]) -> None:
    root, log = built
    # Seeds are imported in sorted order: the first copy wins, the others are reported.
    assert "Seed 'seeds/story-again.txt' repeats" not in log
    assert "Seed 'seeds/story.txt' repeats 'seeds/story-again.txt': imported once" in log
    assert "Seed 'seeds/story-other-furniture.txt' repeats 'seeds/story-again.txt'" in log
    day = root / "site_src/articles/1987/03/08"
    assert sorted(p.name for p in day.iterdir()) == [
        "grain-deal-signed-2.md",
        "grain-deal-signed.md",
    ]


def test_yaml_specials_round_trip(built: tuple[Path, str]) -> None:
    root, _ = built
    (path,) = (root / "site_src/articles/1987/03/02").glob("*.md")
    assert load(path.read_text("utf-8"), path.name).title == YAML_TITLE
    html = root / "site" / path.relative_to(root / "site_src").with_suffix("") / "index.html"
    assert "Oil: &quot;up&quot; # 3% - [a] {b} &#x27;c&#x27; --- &amp; * ! | &gt; @ `x`" in (
        html.read_text("utf-8")
    )


def test_no_markup_is_injected(built: tuple[Path, str]) -> None:
    root, _ = built
    for html in (root / "site" / "articles").rglob("index.html"):
        body = (
            html.read_text("utf-8")
            .split('<div class="nd-body" data-pagefind-body>', 1)[1]
            .split("</div>", 1)[0]
        )
        assert "<script" not in body and "<img" not in body and "<a " not in body, html
        assert "<h1" not in body and "<h2" not in body and "<li>" not in body, html
        assert "<pre" not in body and "<code" not in body and "<hr" not in body, html
    script = root / "site/articles/1987/03/03/security-scare-at-the-summit/index.html"
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in script.read_text("utf-8") or (
        "&lt;script&gt;alert('xss')&lt;/script&gt;" in script.read_text("utf-8")
    )


def test_feed_and_export_markup_never_reaches_a_page(built: tuple[Path, str]) -> None:
    root, _ = built
    pages = {p: p.read_text("utf-8") for p in (root / "site" / "articles").rglob("index.html")}
    feed = next(t for t in pages.values() if "Feed entry with a script" in t)
    export = next(t for t in pages.values() if "Export entry with a script" in t)
    for text in (feed, export):
        assert "javascript:" not in text and "onerror" not in text and "onclick" not in text
        assert "alert(" not in text.replace("&lt;script&gt;alert(7)&lt;/script&gt;", "")
    assert "Calm words here." in feed and "Export words." in export
    assert "&lt;script&gt;alert(7)&lt;/script&gt;" in feed  # escaped text stays words


def test_odd_file_names_are_imported(built: tuple[Path, str]) -> None:
    root, _ = built
    seeds = {
        load(p.read_text("utf-8"), p.name).seed for p in (root / "site_src/articles").rglob("*.md")
    }
    assert {"with space.txt", "ünïcödé.txt", "-dash.txt"} <= seeds


def test_seeds_are_never_modified(built: tuple[Path, str]) -> None:
    root, _ = built
    for name, content in SEEDS.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        assert (root / "seeds" / name).read_bytes() == data, name


def test_strict_build_fails_on_skipped_seeds(built: tuple[Path, str]) -> None:
    root, _ = built
    result = run_module(root, "digest", "build", "--strict")
    assert result.returncode == 1
    assert "Skipped seed 'seeds/empty.txt'" in result.stderr


def test_web_page_is_text_only(built: tuple[Path, str]) -> None:
    root, _ = built
    page = root / "site/articles/2024/05/06/council-budget-agreed/index.html"
    html = page.read_text("utf-8")
    body = html.split('<div class="nd-body" data-pagefind-body>', 1)[1].split("</div>", 1)[0]
    assert "<script" not in body and "<img" not in body and "<iframe" not in body
    assert "<a " not in body and "javascript:" not in body.lower() and "<form" not in body
    assert "onerror" not in html and "onclick" not in html and "onload" not in html
    assert "evil.example" not in html  # no remote image, frame or form target
    assert "&lt;script&gt;alert(&#x27;escaped&#x27;)&lt;/script&gt;" in body or (
        "&lt;script&gt;alert('escaped')&lt;/script&gt;" in body
    )
    assert "click this link" in body
    assert "nd-original" not in html  # its canonical address was javascript:


def test_hand_edited_javascript_url_is_not_linked(built: tuple[Path, str]) -> None:
    root, _ = built
    html = (root / "site/articles/2024/01/02/hand-edited-url/index.html").read_text("utf-8")
    assert "nd-original" not in html and "javascript:alert(1)" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
