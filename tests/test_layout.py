"""Article slugs: the ASCII shortcut gives python-slugify's slug, character for character."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import load_truth
from hypothesis import given, settings
from hypothesis import strategies as st
from slugify import slugify

from digest.articles.layout import SLUG_MAX, article_dir, title_slug


def library_slug(title: str) -> str:
    """Return the slug of ``title`` as python-slugify makes it, no shortcut."""
    return slugify(title, max_length=SLUG_MAX, word_boundary=True) or "untitled"


# Pieces that exercise each step the shortcut leaves out or does its own way: quotes,
# commas between digits, runs of punctuation and hyphens, long words at the length limit.
PIECES = st.sampled_from(
    ["Brown-Forman", " ", "  ", "<BFDB>", "1,000", "1,", ",5", "'", "''", "--", "-", "x" * 30,
     "word", "U.S.", "Co's", "(part 2)", "&amp;", "&", "&#39;", "é", "ﬁ", "\t", "\n", ",", "9",
     "A" * 79, "ab" * 40, "Ü", "_", "©", "½"]
)  # fmt: skip
TITLES = st.lists(PIECES, max_size=12).map("".join) | st.text(max_size=120)
ASCII_TITLES = st.text(st.characters(max_codepoint=127), max_size=200)


@settings(max_examples=3000, deadline=None)
@given(title=TITLES | ASCII_TITLES)
def test_title_slug_is_the_library_slug(title: str) -> None:
    assert title_slug(title) == library_slug(title)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Brown-Forman <BFDB> Splits, Ups Payout", "brown-forman-bfdb-splits-ups-payout"),
        ("Net up 1,000 pct, 5 vs 6", "net-up-1000-pct-5-vs-6"),
        ("Reagan's 'Star Wars' -- a review", "reagan-s-star-wars-a-review"),
        ("!!!", "untitled"),
    ],
)  # fmt: skip
def test_title_slug_examples(title: str, slug: str) -> None:
    assert title_slug(title) == slug == library_slug(title)


@pytest.mark.corpus
def test_title_slug_on_the_corpus() -> None:
    titles = [row["title"] for row in load_truth()]
    titles += [f"{title} (part {n})" for title in titles[:300] for n in (2, 13)]
    assert [title_slug(t) for t in titles] == [library_slug(t) for t in titles]


@given(st.dates())
def test_article_folders_are_those_strftime_names(day: dt.date) -> None:
    """The folder of a day, made without strftime, is the one ``%Y/%m/%d`` gives."""
    assert article_dir(day) == f"articles/{day:%Y/%m/%d}"
    assert article_dir(None) == "articles/undated"
