"""Property-based tests of the reader and the writer (hypothesis)."""

from __future__ import annotations

import datetime as dt
import html
import re

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.article import Article
from digest.articles.escape import body_to_markdown
from digest.articles.front import dumps, load
from digest.exceptions import ReaderError
from digest.readers.text import read_text

# Printable text of any script; no control characters or lone surrogates (not text).
CHARS = st.characters(blacklist_categories=("Cs", "Cc"))
TEXT = st.text(CHARS, max_size=300)
LINES = st.lists(
    st.one_of(
        TEXT,
        st.sampled_from(
            [
                "",
                "Follow us on:",
                "Source: Reuters",
                "By Reuters | 1987-03-02 14:01",
                "REUTER",
                "Share this article",
                "February 30, 1987",
                "March 2, 1987, 2:01 pm",
                "    indented",
                "Related: x",
                "(c) Reuters 1987",
                "---",
                "# heading",
                "[PPIO]",
                "Photo: AP",
            ]
        ),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_reader_never_crashes(lines: list[str]) -> None:
    try:
        article = read_text("\n".join(lines), "x.txt")
    except ReaderError as exc:
        assert exc.path == "x.txt"
        return
    assert article.title.strip() and article.body.strip()
    assert "\n\n\n" not in article.body


TITLES = st.text(CHARS, min_size=1, max_size=120).filter(lambda s: s.strip() == s and s != "")
DATES = st.one_of(
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.datetimes(
        min_value=dt.datetime(1900, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-5))]),
    ),
)


@settings(max_examples=300, deadline=None)
@given(TITLES, DATES, st.lists(TITLES, max_size=5), TITLES)
def test_front_matter_round_trips(
    title: str, date: dt.date | None, tags: list[str], source: str
) -> None:
    article = Article(
        title=title, date=date, body="Text.", source=source, tags=tags, summary=source, seed="a.txt"
    )
    back = load(dumps(article), "a.md")
    assert (back.title, back.date, back.tags, back.source, back.summary) == (
        title,
        date,
        tags,
        source,
        source,
    )


def visible(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@settings(max_examples=400, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=5))
def test_rendered_text_equals_source_text(paragraphs: list[str]) -> None:
    body = "\n\n".join(paragraphs)
    rendered = markdown.markdown(body_to_markdown(body), extensions=["toc", "tables"])
    assert visible(rendered) == " ".join(body.split())
