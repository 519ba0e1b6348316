"""Front matter: written with a safe dumper, read back, validated with file:line errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import corpus_or_skip
from hypothesis import example, given, settings
from hypothesis import strategies as st

from digest.article import Article
from digest.articles import front as frontmatter
from digest.articles.front import (
    article_meta,
    dump_pyyaml,
    dump_simple,
    dumps,
    load,
    read_file,
    split,
)
from digest.articles.importer import prepare
from digest.exceptions import FrontMatterError
from digest.readers import read

TRICKY_TITLE = "Oil: \"up\" # 3% - [a] {b} 'c' --- <SRD> yes: no"


def make(title: str = "Putin meets top Chinese military official", **kw: object) -> Article:
    fields: dict[str, object] = {
        "date": dt.datetime(2013, 11, 1, 9, 42),
        "body": "First paragraph.\n\nSecond <b>one</b>.",
        "source": "Agencies",
        "seed": "000.txt",
        "tags": ["China", "Russia"],
        "summary": "First paragraph.",
        **kw,
    }
    return Article(title=title, **fields)  # type: ignore[arg-type]


def test_dates_are_iso_8601() -> None:
    text = dumps(make())
    assert "\ndate: 2013-11-01T09:42:00\n" in text
    aware = dumps(make(date=dt.datetime(1987, 3, 2, 13, 24, tzinfo=dt.UTC)))
    assert "\ndate: 1987-03-02T13:24:00+00:00\n" in aware
    assert "\ndate: 1987-02-26\n" in dumps(make(date=dt.date(1987, 2, 26)))


@pytest.mark.parametrize(
    "date",
    [
        dt.datetime(2013, 11, 1, 9, 42),
        dt.date(1987, 2, 26),
        dt.datetime(1987, 3, 2, 13, 24, 1, 790000, tzinfo=dt.UTC),
    ],
)
def test_round_trip(date: dt.date) -> None:
    original = make(title=TRICKY_TITLE, date=date, caption="A caption [PPIO]")
    back = load(dumps(original), "x.md")
    assert (back.title, back.date, back.tags, back.source) == (
        TRICKY_TITLE,
        date,
        ["China", "Russia"],
        "Agencies",
    )
    assert back.caption == "A caption [PPIO]"


def test_order_and_body() -> None:
    text = dumps(make())
    keys = [line.split(":")[0] for line in text.split("---")[1].splitlines() if ":" in line]
    assert keys[:6] == ["title", "date", "source", "tags", "summary", "seed"]
    assert text.endswith("---\n\nFirst paragraph.\n\nSecond &lt;b&gt;one&lt;/b&gt;.\n")


def test_unknown_keys_are_kept() -> None:
    article = load("---\ntitle: T\ndate: 2020-01-02\nmood: calm\n---\nBody\n", "x.md")
    assert article.extra == {"mood": "calm"}


def problems_of(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    article, problems = read_file(tmp_path / "a.md", tmp_path, "site_src/")
    assert (article is None) == bool(problems)
    return [str(p) for p in problems]


def test_every_schema_problem_with_its_line(tmp_path: Path) -> None:
    text = "---\ntitle: ''\ndate: 1 Nov 2013\ntags: China\nsource: [a]\n---\nBody\n"
    assert problems_of(tmp_path, text) == [
        "site_src/a.md:2: title must be a non-empty string",
        "site_src/a.md:3: date must be a date (YYYY-MM-DD) or a date and time "
        "(YYYY-MM-DDTHH:MM[:SS][+HH:MM]), got '1 Nov 2013'",
        "site_src/a.md:4: tags must be a list of strings, got str 'China'",
        "site_src/a.md:5: source must be a string, got list ['a']",
    ]


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    text = "---\ntitle: ok\ndate: 2020-01-01\ntags: [a, b\n---\nBody\n"
    (problem,) = problems_of(tmp_path, text)
    assert problem.startswith("site_src/a.md:5: YAML syntax error at column 1:")


def test_missing_closing_delimiter(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "---\ntitle: x\ndate: 2020-01-01\nBody\n") == [
        "site_src/a.md:1: front matter is not closed by a '---' line"
    ]


def test_missing_required_keys(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "---\nsource: x\n---\nBody\n") == [
        "site_src/a.md:1: missing required key 'title'",
    ]


def test_undated_article_is_valid() -> None:
    text = dumps(make(date=None))
    assert "\ndate: null\n" in text
    assert load(text, "x.md").date is None


def test_iso_date_strings_are_accepted() -> None:
    article = load("---\ntitle: T\ndate: '2013-11-01T09:42'\n---\n", "x.md")
    assert article.date == dt.datetime(2013, 11, 1, 9, 42)


def test_split_reports_body_line() -> None:
    doc = split("---\ntitle: T\n---\nBody\n", "x.md")
    assert doc.body_line == 4 and doc.body == "Body\n"
    with pytest.raises(FrontMatterError, match="no front matter"):
        split("Just text\n", "x.md")


# -- the fast writer: the same text as PyYAML, or none at all -------------------------

# Plain words, mostly, and everything that makes libyaml quote, fold or escape a scalar.
TRICKY = st.sampled_from(
    [*"#,[]{}&*!|>'\"%@`?:-.~= \t\n\r\x85\xa0\u2028\ufeff\U0001f600é中", "...", "---", ": "]
)
WORDS = st.sampled_from(
    ["Oil", "yes", "No", "null", "~", "true", "1987", "0x1F", "1:30", ".inf", "3.5", "<<", ""]
)
PIECES = st.one_of(WORDS, WORDS, WORDS, TRICKY, st.text(max_size=3))
SCALARS = st.builds(str.join, st.sampled_from(["", " "]), st.lists(PIECES, max_size=6))
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=4),
    st.none(),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=5.5))])),
    st.integers(),
    st.integers(325, 336).map(lambda n: "ab " * n + "c"),  # lines around 1,000 characters
)
KEYS = st.one_of(st.sampled_from(["title", "date", "tags", "y", "on", "a b", "x:"]), SCALARS)


@settings(max_examples=1000, deadline=None)
@given(KEYS, VALUES)
def test_simple_writer_agrees_with_pyyaml_on_each_value(key: str, value: Any) -> None:
    simple = dump_simple({key: value})
    assert simple is None or simple == dump_pyyaml({key: value})


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=6))
def test_simple_writer_agrees_with_pyyaml(meta: dict[str, Any]) -> None:
    simple = dump_simple(meta)
    assert simple is None or simple == dump_pyyaml(meta)


def implicit_tag_one_by_one(value: str) -> str:
    """``frontmatter._implicit_tag`` as PyYAML's resolver does it: each expression in turn."""
    for tag, regexp in frontmatter._RESOLVERS.get(value[:1], frontmatter._WILDCARD):
        if regexp.match(value):
            return tag
    return frontmatter._STR_TAG


RESOLVED = st.lists(
    st.sampled_from([*"0123456789+-._:eExXbBoOTtZ ~", "inf", "nan", "yes", "No", "null", "txt"]),
    max_size=12,
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(RESOLVED | SCALARS)
@example("2013-11-01 09:42:00")
@example("2013-11-01t09:42:00.5 Z")
@example("1:30")
@example("1_000.5e+3")
@example("1987\n")
def test_implicit_tags_are_pyyamls(value: str) -> None:
    assert frontmatter._implicit_tag(value) == implicit_tag_one_by_one(value)


@pytest.mark.parametrize("digit", "abcdefABCDEF")
def test_hexadecimal_numbers_are_ints(digit: str) -> None:
    assert frontmatter._implicit_tag(f"0x1{digit}") == implicit_tag_one_by_one(f"0x1{digit}")


# UTC offsets in whole minutes, and with seconds or microseconds (written +05:30:15).
OFFSETS = st.one_of(
    st.integers(-1439, 1439).map(lambda m: dt.timedelta(minutes=m)),
    st.integers(-86399, 86399).map(lambda s: dt.timedelta(seconds=s)),
    st.sampled_from([dt.timedelta(hours=-5, seconds=-15), dt.timedelta(microseconds=1)]),
)
TIMEZONES = st.none() | OFFSETS.map(dt.timezone)


@settings(max_examples=2000, deadline=None)
@given(st.dates() | st.datetimes(timezones=TIMEZONES))
def test_dates_are_plain_as_the_resolver_says(value: dt.date) -> None:
    expected = frontmatter._plain(value.isoformat(), frontmatter._TIMESTAMP_TAG)
    assert frontmatter._plain_date(value) == expected


def test_simple_writer_writes_usual_front_matter() -> None:
    meta = article_meta(make(dateline="SALVADOR, Feb 26", caption="A caption [PPIO]"))
    assert dump_simple(meta) == dump_pyyaml(meta)
    assert dump_simple(meta) is not None
    shared = ["China"]
    assert dump_simple({"a": shared, "b": shared}) is None  # PyYAML writes an alias


@pytest.mark.corpus
def test_simple_writer_on_the_corpus() -> None:
    seeds = corpus_or_skip() / "raw"
    fast = 0
    for path in sorted(seeds.iterdir()):
        meta = article_meta(prepare(read(path, seeds)))
        simple = dump_simple(meta)
        assert simple is None or simple == dump_pyyaml(meta), path.name
        fast += simple is not None
    assert fast >= 2900  # nearly every article takes the fast path


def test_url_author_lang_round_trip() -> None:
    import datetime as dt

    from digest.article import Article
    from digest.articles.front import dumps, load

    article = Article(
        title="Sea wall approved",
        date=dt.date(2024, 3, 5),
        body="Text.",
        url="https://herald.example/a?b=1#c",
        author="Mary Fisher",
        lang="en-GB",
        markdown="## Heading\n\n- item\n",
    )
    text = dumps(article)
    assert text.endswith("---\n\n## Heading\n\n- item\n")  # the reader's Markdown, as is
    back = load(text, "a.md")
    assert (back.url, back.author, back.lang) == (article.url, article.author, article.lang)
    assert back.extra == {}
