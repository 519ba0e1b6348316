"""The scraped-text reader: golden pages, date lines, encodings and errors.

Golden files live in ``tests/readers/`` as pairs ``name.txt`` ↔ ``name.expected.json``
(the Article fields the reader fills); saved web pages likewise, ``name.html`` (``.htm``,
``.html.gz``) ↔ ``name.expected.json``, with the Markdown the page's article becomes.
After a deliberate change to a reader, regenerate them and review the diff::

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_readers.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from conftest import corpus_or_skip
from hypothesis import example, given, settings
from hypothesis import strategies as st

from digest.article import Article
from digest.exceptions import ReaderError
from digest.readers import (
    dates,
    encoding,
    raw_reader_for_seed,
    read,
    read_seed,
    reader_for,
    reader_for_seed,
)
from digest.readers import text as text_reader
from digest.readers.dates import (
    _from_common,
    _from_dateutil,
    _parse_with_dateutil,
    find_date,
    is_candidate,
    parse_date_line,
)
from digest.readers.encoding import decode, normalise
from digest.readers.text import read_text

GOLDEN = Path(__file__).parent / "readers"
PAGES = sorted(p for p in GOLDEN.glob("*.txt"))
HTML_PAGES = sorted(p for p in GOLDEN.iterdir() if p.name.endswith((".html", ".htm", ".html.gz")))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def as_json(article: Article) -> dict[str, Any]:
    """Return the fields a reader fills, in a stable JSON form."""
    return {
        "title": article.title,
        "date": article.date.isoformat() if article.date is not None else None,
        "source": article.source,
        "author": article.author,
        "seed": article.seed,
        "caption": article.caption,
        "dateline": article.dateline,
        "extra": article.extra,
        "body": article.body.split("\n\n"),
    }


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_golden_page(page: Path) -> None:
    check_golden(as_json(read(page, GOLDEN)), page.with_name(page.stem + ".expected.json"))


def check_golden(got: dict[str, Any], expected_file: Path) -> None:
    """Compare a reader's result with its golden file (written anew with UPDATE_GOLDEN=1)."""
    if UPDATE or not expected_file.exists():
        expected_file.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", "utf-8")
    assert got == json.loads(expected_file.read_text("utf-8"))


def as_json_html(article: Article) -> dict[str, Any]:
    """Return what the web-page reader fills, the Markdown body one line an item."""
    return {
        **as_json(article),
        "url": article.url,
        "author": article.author,
        "lang": article.lang,
        "markdown": article.markdown.split("\n"),
    }


@pytest.mark.parametrize("page", HTML_PAGES, ids=[p.name for p in HTML_PAGES])
def test_golden_web_page(page: Path) -> None:
    expected_file = page.with_name(page.name.split(".")[0] + ".expected.json")
    check_golden(as_json_html(read(page, GOLDEN)), expected_file)


def test_every_golden_page_has_its_expectation() -> None:
    expectations = {p.name.removesuffix(".expected.json") for p in GOLDEN.glob("*.expected.json")}
    assert expectations == {p.name.split(".")[0] for p in PAGES + HTML_PAGES}


# -- the seed the product was specified from -------------------------------------------------


def test_seed_fields() -> None:
    article = read(GOLDEN / "seed_agencies.txt", GOLDEN)
    assert article.title == "Putin meets top Chinese military official"
    assert article.date == dt.datetime(2013, 11, 1, 9, 42)
    assert article.source == "Agencies"
    assert article.caption == (
        "Putin said he believed military cooperation plays a pivotal role in the strategic"
        " partnership between Russia and China [PPIO]"
    )
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("Russian President Vladimir Putin on Thursday")
    assert article.caption not in paragraphs
    assert (
        "Putin said he believed military cooperation plays a pivotal role in the strategic"
        " partnership between Russia and China." in paragraphs
    )
    assert not article.summary and not article.tags and not article.slug and not article.path


# -- date lines ------------------------------------------------------------------------------

UTC = dt.UTC
EST = dt.timezone(dt.timedelta(hours=-5))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("November 1, 2013, 9:42 am", dt.datetime(2013, 11, 1, 9, 42)),
        ("February 26, 1987, 3:01 pm", dt.datetime(1987, 2, 26, 15, 1)),
        ("26-FEB-1987 15:01:01.79", dt.datetime(1987, 2, 26, 15, 1, 1, 790000)),
        ("Published: 2 Mar 1987 13:24 GMT", dt.datetime(1987, 3, 2, 13, 24, tzinfo=UTC)),
        ("Posted on Thursday, February 26, 1987", dt.date(1987, 2, 26)),
        ("Updated: 02.03.1987 14:01", dt.datetime(1987, 3, 2, 14, 1)),
        ("2.3.1987", dt.date(1987, 3, 2)),
        (
            "2013-11-01T09:42:00+01:00",
            dt.datetime(2013, 11, 1, 9, 42, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        ),
        ("Mon, 02 Mar 1987 14:01:00 +0000", dt.datetime(1987, 3, 2, 14, 1, tzinfo=UTC)),
        ("March 2, 1987 at 2:01 PM EST", dt.datetime(1987, 3, 2, 14, 1, tzinfo=EST)),
        ("2013-11-01 09:42Z", dt.datetime(2013, 11, 1, 9, 42, tzinfo=UTC)),
        ("1987/03/02", dt.date(1987, 3, 2)),
        ("Feb. 26, 1987", dt.date(1987, 2, 26)),
        ("Thursday 26 February 1987 15.01", dt.datetime(1987, 2, 26, 15, 1)),
        ("Last modified: 2 Mar 1987 14:01:00.5", dt.datetime(1987, 3, 2, 14, 1, 0, 500000)),
    ],
)
def test_date_line(line: str, expected: dt.date) -> None:
    got = parse_date_line(line)
    assert got == expected
    assert type(got) is type(expected)
    if isinstance(got, dt.datetime) and isinstance(expected, dt.datetime):
        assert (got.tzinfo is None) == (expected.tzinfo is None)
        assert got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "line",
    [
        "payable April one to holders of record March 20",
        "The company said on March 2, 1987 that profits rose sharply in the year",
        "February 30, 1987",
        "30.02.1987",
        "In 1987",
        "Shr 22 cts vs 15 cts",
        "Updated 2 hours ago",
        "",
    ],
)
def test_not_a_date_line(line: str) -> None:
    assert parse_date_line(line) is None


def same_date(got: object, expected: object) -> bool:
    """Tell whether two parsed dates are the same value, type and time zone."""
    if isinstance(got, dt.datetime) and isinstance(expected, dt.datetime):
        return repr(got) == repr(expected)  # == alone ignores the zone of aware datetimes
    return type(got) is type(expected) and got == expected


# Lines in the layouts parsed without dateutil, and near misses of them.
NUMBERS = st.integers(0, 40).map(str) | st.sampled_from(["00", "02", "09", "99", "123"])
MONTHS = st.sampled_from(["Mar", "MAR", "March", "Sept", "Sep", "Mayo", "Febr", "June", "jun"])
YEARS = st.sampled_from(["1987", "2013", "1899", "87", "2200"])
TIMES = st.builds(
    "{}:{}{}{}{}".format,
    st.sampled_from(["0", "00", "1", "09", "11", "12", "13", "23", "24"]),
    st.sampled_from(["00", "01", "59", "60", "7"]),
    st.sampled_from(["", ":26", ":26.69", ":59.1234567", ":61"]),
    st.sampled_from(["", " am", " pm", " PM", " Am"]),
    st.sampled_from(["", " GMT", " UTC", " EST", " ET", " PT", " Z", " gmt", " XYZ", " +0100"]),
)
DATE_LINES = st.builds(
    "{}{}".format,
    st.one_of(
        st.builds("{}-{}-{}".format, NUMBERS, MONTHS, YEARS),
        st.builds("{} {} {}".format, NUMBERS, MONTHS, YEARS),
        st.builds("{} {}, {}".format, MONTHS, NUMBERS, YEARS),
        st.builds("{} {} {}".format, MONTHS, NUMBERS, YEARS),
    ),
    st.one_of(st.just(""), st.builds("{}{}".format, st.sampled_from([" ", ", ", "  "]), TIMES)),
)


@settings(max_examples=2000, deadline=None)
@given(DATE_LINES)
def test_common_layouts_parse_as_dateutil_parses_them(text: str) -> None:
    fast = _from_common(text)
    assert fast is None or same_date(fast, _from_dateutil(text))


def test_common_layouts_skip_dateutil() -> None:
    for line in ("26-FEB-1987 15:01:01.79", "2 Mar 1987 13:24 GMT", "March 2, 1987, 2:01 pm"):
        assert _from_common(line) is not None


@pytest.mark.corpus
def test_common_layouts_on_the_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        line
        for path in sorted((corpus_or_skip() / "raw").iterdir())
        for line in path.read_text("utf-8", errors="replace").splitlines()
        if is_candidate(line)
    ]
    taken = []

    def counted(text: str) -> dt.date | None:
        taken.append(value := _from_common(text))
        return value

    monkeypatch.setattr(dates, "_from_common", counted)
    fast = [parse_date_line(line) for line in lines]
    monkeypatch.setattr(dates, "_from_common", lambda text: None)
    slow = [parse_date_line(line) for line in lines]
    assert all(same_date(a, b) for a, b in zip(fast, slow, strict=True))
    assert sum(value is not None for value in taken) >= 2500  # most date lines: no dateutil


# Short lines that mention a date: dateutil must be asked unless a word rules it out.
WORDS = st.sampled_from(
    ["March", "mar", "Sept", "Thursday", "thu", "at", "on", "of", "and", "the", "GMT", "gmt",
     "Z", "ET", "XYZ", "ABCDEF", "am", "pm", "a", "h", "hours", "m", "nan", "inf", "T", "st",
     "th", "said", "Reuters", "in", "due", "local", "time", "é", "Zürich"]
)  # fmt: skip
PIECES = st.one_of(WORDS, NUMBERS, YEARS, TIMES, st.sampled_from([",", "-", "/", ".", ":", " "]))
MIXED_LINES = st.lists(PIECES, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(MIXED_LINES, DATE_LINES))
def test_stray_words_rule_out_what_dateutil_rules_out(text: str) -> None:
    assert same_date(_from_dateutil(text), _parse_with_dateutil(text))


@pytest.mark.corpus
def test_stray_words_on_the_corpus() -> None:
    texts = [
        dates._AMPM.sub(r"\1m", dates.strip_prefix(line))
        for path in sorted((corpus_or_skip() / "raw").iterdir())
        for line in path.read_text("utf-8", errors="replace").splitlines()
        if is_candidate(line)
    ]
    assert all(same_date(_from_dateutil(t), _parse_with_dateutil(t)) for t in texts)


def test_find_date_takes_the_first_date_line() -> None:
    lines = ["Title", "No date here", "Posted on Thursday, February 26, 1987", "2.3.1987"]
    assert find_date(lines) == (2, dt.date(1987, 2, 26))
    assert find_date(["Title", "Body text."]) is None


# -- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbfBOM and CRLF\r\nnext\rlast", "BOM and CRLF\nnext\nlast"),
        (b"\x93Quoted\x94 \x96 dash, it\x92s", "“Quoted” – dash, it’s"),
        ("Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e".encode("latin-1"), "Café crème brûlée"),
        ("non\u00a0breaking\u2009thin\u3000wide".encode(), "non breaking thin wide"),
        ("zero\u200bwidth\u200d joiner\ufeff".encode(), "zerowidth joiner"),
        (b"", ""),
    ],
)
def test_decode(data: bytes, expected: str) -> None:
    assert decode(data, "seeds/x.txt") == expected


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"text\x00with a NUL", bytes(range(256)) * 4],
)
def test_binary_data_is_an_error_naming_the_file(data: bytes) -> None:
    with pytest.raises(ReaderError, match=r"^seeds/photo\.txt: "):
        decode(data, "seeds/photo.txt")


# -- errors and the registry ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t\n  \n", "\u3000\x1c\n\x0b\u2028\n"])
def test_empty_page_is_an_error(text: str) -> None:
    with pytest.raises(ReaderError, match=r"^world/empty\.txt: .*empty"):
        read_text(text, "world/empty.txt")


def test_page_without_a_title_is_an_error() -> None:
    with pytest.raises(ReaderError, match=r"^a\.txt: .*title"):
        read_text("Share this article\n\n2.3.1987\n\n(c) Reuters 1987\n", "a.txt")


def test_page_without_a_body_is_an_error_at_the_title_line() -> None:
    with pytest.raises(ReaderError, match=r"^a\.txt:2: .*text") as info:
        read_text("Follow us on:\nJust A Headline\nMarch 2, 1987\n\nSource: Reuters\n", "a.txt")
    assert info.value.line == 2


def test_read_names_the_seed_relative_to_the_seeds_folder(tmp_path: Path) -> None:
    (tmp_path / "world").mkdir()
    page = tmp_path / "world" / "story.text"
    page.write_text("Headline Here\n\nSome body text for the story.\n", "utf-8")
    assert read(page, tmp_path).seed == "world/story.text"
    empty = tmp_path / "world" / "empty.txt"
    empty.write_bytes(b"\n\n")
    with pytest.raises(ReaderError, match=r"world/empty\.txt"):
        read(empty, tmp_path)
    binary = tmp_path / "world" / "pic.txt"
    binary.write_bytes(b"GIF89a\x00\x01\x00")
    with pytest.raises(ReaderError, match=r"world/pic\.txt: .*binary"):
        read(binary, tmp_path)


@pytest.mark.parametrize(
    ("name", "known"),
    [
        ("a.txt", True),
        ("a.TXT", True),
        ("a.text", True),
        ("README", True),
        ("a.md", True),
        ("a.markdown", True),
        ("a.png", False),
        (".DS_Store", False),
        ("a.pdf", False),
        ("a.html", False),  # read from bytes: raw_reader_for_seed
    ],
)
def test_reader_for(name: str, known: bool) -> None:
    assert (reader_for(Path(name)) is not None) is known
    assert (reader_for_seed(name) is not None) is known


@settings(max_examples=3000)
@given(
    st.lists(
        st.sampled_from(["a", "b.txt", ".", "..", "/", "//", ".md", "x.", "..txt", "README",
                         "a.TXT", "a.tar.gz", ".hidden", "é.text", "a.markdown", "a.b.md"]),
        max_size=5,
    ).map("".join)
    | st.text(st.sampled_from("a./txTXmd"), max_size=12)
)  # fmt: skip
def test_reader_for_seed_is_reader_for_its_path(seed: str) -> None:
    assert reader_for_seed(seed) is reader_for(PurePosixPath(seed))


def normalise_every_time(text: str) -> str:
    """``normalise`` without its shortcut: all three substitutions."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = encoding._INVISIBLE.sub("", encoding._SPACES.sub(" ", text))
    return encoding._CONTROL.sub("", text)


@settings(max_examples=3000)
@given(st.text(st.sampled_from("ab \t\f\v\r\n\x00\x1f\x7f\u00a0\u200b\u2028\ufeff\u00ad\u3000é")))
def test_normalise_shortcut_changes_nothing(text: str) -> None:
    assert normalise(text) == normalise_every_time(text)
    assert normalise(text + "plain") == normalise_every_time(text + "plain")


def decode_every_time(data: bytes) -> str:
    """``decode`` without its shortcut for plain ASCII pages."""
    if b"\x00" in data[:8192] or encoding._looks_binary(data[:8192]):
        raise ReaderError("seeds/x.txt", "binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = encoding._decode_legacy(data, "seeds/x.txt")
    return normalise_every_time(text)


def decoded(decoder: Callable[[bytes], str], data: bytes) -> str:
    try:
        return decoder(data)
    except ReaderError as exc:
        return f"error: {exc}"


@settings(max_examples=3000)
@given(
    st.binary(max_size=200)
    | st.text(st.sampled_from("ab \t\f\v\r\n\x00\x01\x1f\x7f\x80\u00a0é")).map(str.encode)
    | st.lists(st.sampled_from([b"a", b" ", b"\n", b"\r", b"\x0c", b"\x00", b"\x1b"])).map(b"".join)
)
def test_decode_shortcut_changes_nothing(data: bytes) -> None:
    expected = decoded(decode_every_time, data)
    assert decoded(lambda d: decode(d, "seeds/x.txt"), data) == expected


def strip_prefix_every_time(line: str) -> str:
    """``strip_prefix`` without its shortcut: the weekday expression always runs."""
    line = dates._LABEL.sub("", dates._PREFIX.sub("", line.strip()))
    return dates._WEEKDAY.sub(" ", line).strip(" ,-|")


def from_iso_every_time(text: str) -> dt.date | None:
    """``dates._from_iso`` without its shortcut: the expression always decides."""
    if not dates._ISO_FULL.match(text):
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if len(text) > 10 else value.date()


def parse_date_line_every_time(line: str) -> dt.date | None:
    """``parse_date_line`` without its shortcuts."""
    if not is_candidate(line):
        return None
    text = dates._AMPM.sub(r"\1m", strip_prefix_every_time(line))
    if not text:
        return None
    value = from_iso_every_time(text)
    if value is None:
        value = _from_common(text)
    if value is None:
        value = _parse_with_dateutil(text)
    return value


DATE_WORDS = st.sampled_from(
    ["Thursday", "thurs", "SAT", "ſat", "frı", "Sun.", "Monday,", "Published:", "Posted on",
     "a.m.", "P.M", "am", "p.m", "Mar", "1987", "26", "15:01", "-", "|", "  ", "Updated",
     "last updated:", "First published", "dated", "FILED", "released", "issued on", "ıssued",
     "Modified at", "Sent:", "1987-03-02", "2013-11-01T09:42:00Z", "1987-03-02 13:24:00+01:00"]
)  # fmt: skip
DATE_LIKE = st.lists(DATE_WORDS | PIECES, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=3000, deadline=None)
@given(DATE_LIKE | DATE_LINES)
def test_date_line_shortcuts_change_nothing(line: str) -> None:
    assert strip_prefix_every_time(line) == dates.strip_prefix(line)
    assert same_date(parse_date_line(line), parse_date_line_every_time(line))


@settings(max_examples=3000, deadline=None)
@given(DATE_LIKE | DATE_LINES | st.sampled_from(["1987-03-02", "2013-11-01T09:42:00Z"]))
def test_iso_shortcut_changes_nothing(line: str) -> None:
    assert same_date(dates._from_iso(line.strip()), from_iso_every_time(line.strip()))


@pytest.mark.corpus
def test_date_line_shortcuts_on_the_corpus() -> None:
    lines = [
        line
        for path in sorted((corpus_or_skip() / "raw").iterdir())
        for line in path.read_text("utf-8").splitlines()
    ]
    assert all(same_date(parse_date_line(x), parse_date_line_every_time(x)) for x in lines)


@settings(max_examples=3000)
@given(st.text(st.sampled_from(" \t\u3000\xa0\x1c\n\u200ba")))
def test_indented_is_the_indent_expression(raw: str) -> None:
    assert text_reader._indented(raw) == bool(text_reader._INDENT.match(raw))


def paragraphs_every_time(block: list[text_reader.Line]) -> list[str]:
    """The reader's paragraphs of a block, whitespace collapsed with no shortcut; a line
    starts one when it is indented from the block's margin."""
    paragraphs: list[list[str]] = []
    base = min(len(line.raw) - len(line.raw.lstrip()) for line in block)
    for line in block:
        if not paragraphs or text_reader._INDENT.match(line.raw[base:]):
            paragraphs.append([])
        paragraphs[-1].append(line.text)
    return [" ".join(" ".join(p).split()) for p in paragraphs]


@settings(max_examples=3000)
@given(st.lists(st.text(st.sampled_from("ab  \t\r\x1c\x0b\u3000\xa0é.")), min_size=1, max_size=5))
def test_paragraphs_shortcut_changes_nothing(raws: list[str]) -> None:
    block = [text_reader.Line(n, raw) for n, raw in enumerate(raws, start=1)]
    spaced = text_reader._single_spaced("\n".join(raws))
    assert text_reader._paragraphs(block, spaced) == paragraphs_every_time(block)


@pytest.mark.corpus
def test_paragraphs_shortcut_on_the_corpus() -> None:
    for path in sorted((corpus_or_skip() / "raw").iterdir()):
        page = decode(path.read_bytes(), path.name)
        lines = [text_reader.Line(n, raw.rstrip()) for n, raw in enumerate(page.split("\n"))]
        spaced = text_reader._single_spaced(page)
        blocks = text_reader._blocks([line for line in lines if line.text])
        for block in blocks:
            assert text_reader._paragraphs(block, spaced) == paragraphs_every_time(block)


def is_candidate_every_time(line: str) -> bool:
    """``is_candidate`` without its shortcut: the full expression always decides."""
    return (
        len(line) <= dates.MAX_LENGTH
        and dates._NUMERIC_HINT.search(line) is not None
        and dates._CANDIDATE.search(line) is not None
    )


NUMERIC_BITS = st.sampled_from(
    ["1987", "2013", "87", "02", "2", "12", "-", "/", ".", " ", ",", "Feb", "march", "x",
     "19870", "5.93", "\n", "٣", "_", "ſep", "DEC", "Jan.", "octo", "may"]
)  # fmt: skip


@settings(max_examples=5000)
@given(st.lists(NUMERIC_BITS, max_size=12).map("".join) | DATE_LIKE)
def test_is_candidate_shortcut_changes_nothing(line: str) -> None:
    assert is_candidate(line) == is_candidate_every_time(line)


@settings(max_examples=5000)
@given(st.lists(NUMERIC_BITS, max_size=12).map("".join) | DATE_LIKE)
@example("2113-02-26")
@example("x1987-03-02 on 2/3/87")
@example("a2/3/87, 02.03.1987 or 1899/12/31")
def test_fast_scanning_expressions_find_what_the_originals_find(line: str) -> None:
    lowered = line.lower()
    assert bool(dates._NUMERIC_DATE_RE.search(line)) == bool(re.search(dates._NUMERIC_DATE, line))
    assert bool(dates._YEAR_WORD.search(line)) == bool(re.search(rf"\b{dates._YEAR}\b", line))
    month = re.search(rf"\b{dates._MONTH}\b", lowered)
    assert bool(dates._MONTH_WORD_LOWER.search(lowered)) == bool(month)


@pytest.mark.corpus
def test_is_candidate_shortcut_on_the_corpus() -> None:
    for path in sorted((corpus_or_skip() / "raw").iterdir()):
        for line in path.read_text("utf-8").splitlines():
            assert is_candidate(line) == is_candidate_every_time(line), line


@pytest.mark.parametrize(
    ("seed", "known"),
    [
        ("a.html", True),
        ("news/a.HTM", True),
        ("a.html.gz", True),
        ("a.htm.GZ", True),
        ("a.txt.gz", False),
        (".html", False),
        ("a.gz", False),
        ("a.txt", False),
        ("dir.html/a.txt", False),
    ],
)
def test_raw_reader_for_seed(seed: str, known: bool) -> None:
    assert (raw_reader_for_seed(seed) is not None) is known


def test_web_page_without_main_text_is_an_error() -> None:
    page = b"<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body>"
    with pytest.raises(ReaderError, match=r"world/menu\.html: no main text found"):
        read_seed("world/menu.html", page)


def test_web_page_not_gzip_is_an_error() -> None:
    with pytest.raises(ReaderError, match=r"bad\.html\.gz: not a gzip file"):
        read_seed("bad.html.gz", b"<html><body><p>plain</p></body></html>")


def test_web_page_gzip_bomb_is_refused() -> None:
    import gzip

    bomb = gzip.compress(b"<p>" + b" " * 30_000_000)
    with pytest.raises(ReaderError, match="too large once unpacked"):
        read_seed("bomb.html.gz", bomb)


def test_web_page_title_without_site_name() -> None:
    from digest.readers.html import strip_site

    assert strip_site("Rail strike called off | Northern Times", "Northern Times", "") == (
        "Rail strike called off"
    )
    assert strip_site(
        "Northern Times: Rail strike called off", "", "https://northerntimes.example/a"
    ) == ("Rail strike called off")
    # A separator in the headline itself, not followed by the site's name, stays.
    assert strip_site("Oil: prices rise again", "Daily News", "") == "Oil: prices rise again"


def _titled(head: str, h1: str) -> str:
    body = "The council voted on Tuesday to close the old bridge to traffic. " * 8
    return read_seed(
        "t.html",
        f"<html><head>{head}</head><body><h1>{h1}</h1><article><p>{body}</p>"
        "</article></body></html>".encode(),
    ).title


def test_web_page_heading_of_the_site_gives_way_to_the_declared_title() -> None:
    head = (
        "<title>Old bridge to close | Riverside Gazette</title>"
        '<meta property="og:site_name" content="Riverside Gazette">'
    )
    # A heading that shares no word with the page's declared titles is the site's own.
    assert _titled(head, "Contact Us") == "Old bridge to close"
    assert _titled('<meta property="og:title" content="Old bridge to close">', "Perspectives") == (
        "Old bridge to close"
    )
    # An edited headline shares words with its search-engine title: the heading stays.
    assert _titled(head, "Council votes to close the old bridge") == (
        "Council votes to close the old bridge"
    )
    # Without a declared title, the heading is all there is.
    assert _titled("", "Council votes to close the old bridge") == (
        "Council votes to close the old bridge"
    )


def test_web_page_heading_loses_the_date_byline_or_section_run_into_it() -> None:
    head = "<title>Old bridge to close after vote</title>"
    assert _titled(head, "Blog: Old bridge to close after vote") == "Old bridge to close after vote"
    assert _titled(head, "12 March 2024 Old bridge to close after vote") == (
        "Old bridge to close after vote"
    )
    assert _titled(head, "Old bridge to close after vote By Jane Doe") == (
        "Old bridge to close after vote"
    )
    # A subtitle is the headline's own: it stays.
    assert _titled(head, "Old bridge to close after vote: what it means for commuters") == (
        "Old bridge to close after vote: what it means for commuters"
    )


def test_web_page_title_with_an_entity_left_escaped_is_read() -> None:
    assert _titled("<title>Salt &amp;#x26; pepper shortage hits the city</title>", "") == (
        "Salt & pepper shortage hits the city"
    )


def test_web_page_without_a_title_is_named_by_its_first_words() -> None:
    words = "Rain fell on the city all day and the river rose above its banks by the evening"
    page = f"<html><body><article><p>{words}, residents said.</p></article></body></html>"
    article = read_seed("untitled.html", page.encode())
    assert (
        article.title == "Rain fell on the city all day and the river rose above its banks by the…"
    )
    assert article.body == words + ", residents said."


def test_web_page_whose_article_trafilatura_passes_over_is_read() -> None:
    # trafilatura's precise pass drops a <footer>, and with it an article a theme put in one.
    sentence = "The harbour council voted on Tuesday to build a new sea wall along the quay."
    page = f"<html><body><footer><h1>Sea wall approved</h1><p>{sentence}</p></footer></body></html>"
    article = read_seed("news/sea-wall.html", page.encode())
    assert article.title == "Sea wall approved"
    assert article.body == sentence
