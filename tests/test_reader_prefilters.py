"""The reader's cheap tests before its costly expressions never turn away a match."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

import pytest
from conftest import corpus_or_skip
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.readers import text

# (cheap test, the expression it guards): the test may say yes wrongly, never no.
GUARDS: list[tuple[str, Callable[[str], object], re.Pattern[str]]] = [
    ("signoff", text._may_end_with_signoff, text._SIGNOFF),
    ("dateline", text._DASH_AFTER_SPACE.search, text._DATELINE),
    ("dateline alone", text._ends_with_day_or_dash, text._DATELINE_ALONE),
    ("agency dateline", text._may_hold_agency, text._AGENCY_DATELINE),
    ("boilerplate", text._may_be_furniture, text._BOILERPLATE_RE),
    ("copyright", text._may_be_furniture, text._COPYRIGHT),
    ("caption prefix", text._may_be_furniture, text._CAPTION_PREFIX),
    ("lone agency", lambda s: text._first_letter(s) in text._AGENCY_STARTS, text._LONE_AGENCY),
    ("source label", lambda s: text._first_letter(s) in text._SOURCE_STARTS, text._SOURCE),
    ("byline", lambda s: text._first_letter(s) in text._BYLINE_STARTS, text._BYLINE),
    ("time", lambda s: s[:1].isdecimal(), text._TIME_ONLY),
]
PIECES = st.sampled_from(
    ["SALVADOR", "Santa Cruz", "Calif.", ", ", "Feb", "march", " 26", "7", " - ", "–", "—",
     "(Reuters)", "(AP)", "(", ")", " ", "  ", "\t", "\n", "Reuter", "REUTER", "reuterſ",
     "upı", "More", "ends", "-30-", "###", "...", "…", "the price rose", "x" * 61,
     "Share", "ſhare", "Follow us", "Related:", "12 comments", "Copyright", "(c)", "©",
     "Photo:", "Tags:", "x", "|", "»", "Home", "All rights reserved", "Keywords", "K",
     " | ", "·", " • ", "   ", "\x1c\x1d\x1e", "REUETER", "XINHUAA", "^M", "REUTER^M",
     "1987", "٣", "12", "1.5", "2-3", "٣/٤", "By", "SOURCE:", "Xinhua", "dpa", "AP", "ap",
     "Agencies", "Associated Press", "Via:", "courtesy of", "Credit:", "ſource:", "From",
     "12:30", "9.45 pm", "٣:٤٥", "ꓢource:"]
)  # fmt: skip
LINES = st.lists(PIECES, max_size=10).map("".join) | st.text(max_size=80)


def agree(guard: Callable[[str], object], pattern: re.Pattern[str], line: str) -> bool:
    return bool(guard(line)) or pattern.match(line) is None


@pytest.mark.parametrize(("name", "guard", "pattern"), GUARDS, ids=[g[0] for g in GUARDS])
@settings(max_examples=3000, deadline=None)
@given(line=LINES)
def test_guards_never_turn_away_a_match(
    name: str, guard: Callable[[str], object], pattern: re.Pattern[str], line: str
) -> None:
    assert agree(guard, pattern, line)


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "guard", "pattern"), GUARDS, ids=[g[0] for g in GUARDS])
def test_guards_on_the_corpus(
    name: str, guard: Callable[[str], object], pattern: re.Pattern[str]
) -> None:
    lines = []
    for path in sorted((corpus_or_skip() / "raw").iterdir()):
        page = path.read_text("utf-8")
        lines += page.splitlines()  # last lines, sign-offs
        lines += [" ".join(p.split()) for p in page.split("\n\n")]  # first paragraphs
    assert all(agree(guard, pattern, line) for line in lines)


@settings(max_examples=3000, deadline=None)
@given(line=LINES)
def test_lines_the_split_guard_turns_away_stay_whole(line: str) -> None:
    assert text._may_split(line) or text._SPLIT.split(line) == [line]


def may_be_meta_every_time(line: str) -> bool:
    """``_may_be_meta`` with the Unicode digit expression on every line."""
    return bool(
        line[:9].lower().startswith(text._LABEL_HINT)
        or (
            (len(line) <= text.MAX_LENGTH or text._may_split(line))
            and (
                text._NUMERIC_HINT.search(line)
                or (len(line) < 25 and text._LONE_AGENCY.match(line))
            )
        )
    )


@settings(max_examples=3000, deadline=None)
@given(line=LINES)
def test_meta_guard_is_the_same_in_ascii(line: str) -> None:
    assert text._may_be_meta(line) == may_be_meta_every_time(line)


@settings(max_examples=3000, deadline=None)
@given(line=LINES | st.text(st.sampled_from("7٣x-–—\n ")))
def test_end_test_is_the_end_expression(line: str) -> None:
    assert text._ends_with_day_or_dash(line) == bool(text._DAY_OR_DASH_AT_END.search(line))


@settings(max_examples=300, deadline=None)
@given(line=LINES)
def test_remembered_misspellings_are_the_same(line: str) -> None:
    line = line.upper()
    word = line.strip().rstrip(".")
    expected = next(
        (n for n in text._SIGNOFF_NAMES
         if difflib.SequenceMatcher(None, word.lower(), n).ratio() >= 0.8),
        None,
    )  # fmt: skip
    if 5 <= len(word) <= 9 and word.isalpha() and word.isupper():
        assert text._misspelt_agency(line) == expected


@pytest.mark.parametrize(
    "line",
    ["SALVADOR, Feb 26", "santa cruz, calif, march 7 -", "NEW YORK, June 2 —", "March 2\n"],
)
def test_datelines_on_their_own_pass_the_guard(line: str) -> None:
    assert text._DATELINE_ALONE.match(line)
    assert text._DAY_OR_DASH_AT_END.search(line)
    assert text._ends_with_day_or_dash(line)


# Lines near the length limit of the date-line guard: wrapped text, spaced date and source
# lines.
LONG_LINES = st.lists(
    st.sampled_from(
        ["By Reuters", "Reuters", " ", "  ", "   ", "|", "March 2, 1987", "2:01 PM", "12.00",
         "1987-03-02", "Source: AP", "Jane Doe", "x" * 30, "the price rose 12 pct", "AFP", "\t"]
    ),
    max_size=12,
).map("".join)  # fmt: skip


def classified(raw: str) -> tuple[object, ...]:
    line = text.Line(1, raw)
    text.classify(line)
    return line.kind, line.date, line.source, line.author


def meta_parts_every_time(line: text.Line, stripped: str) -> bool:
    """``text._meta_parts`` without its first-letter tests: every expression is tried."""
    parts = [p.strip() for p in text._SPLIT.split(stripped) if p.strip()]
    if len(parts) > 4:
        return False
    source = author = ""
    date_parts: list[str] = []
    for part in parts:
        if text._LONE_AGENCY.match(part):
            source = source or part.strip(" -–—.")
        elif text.is_candidate(part) or text._TIME_ONLY.match(part):
            date_parts.append(part)
        elif match := text._SOURCE.match(part):
            if len(text.fields(match.group("name"))) > 1:
                return False
            source = source or match.group("name")
        elif (match := text._BYLINE.match(part)) and text._is_name(match.group("name")):
            found, person = text._byline(match.group("name"))
            source, author = source or found, author or person
        else:
            return False
    found_date = text.parse_date_line(" ".join(date_parts)) if date_parts else None
    if date_parts and found_date is None:
        return False
    if not (found_date or source or author):
        return False
    line.kind = text.DATE if found_date else text.SOURCE if source else text.BYLINE
    line.date, line.source, line.author = found_date, source, author
    return True


def classified_every_time(raw: str) -> tuple[object, ...]:
    """``classified`` as the reader did before it remembered lines and gave long lines
    in one piece no chance to be date lines; a short line of text then goes to the field
    reader without the cheap test of what it may hold (a line of furniture too, which a
    date or a source in its fields makes a date or source line)."""
    found = classified_by_patterns(raw)
    stripped = raw.strip()
    if found[0] in (text.TEXT, text.BOILERPLATE) and stripped and len(stripped) <= 160:
        fields = text._classify_fields(stripped)
        if found[0] is text.TEXT or fields[0] is not text.TEXT:
            return fields[:4]
    return found


def classified_by_patterns(raw: str) -> tuple[object, ...]:
    """The line patterns alone, every one tried."""
    line = text.Line(1, raw)
    stripped = line.text
    if not stripped:
        return text.BLANK, None, "", ""
    if stripped[-1] in ")]" and text._CAPTION.match(stripped) and text._CREDIT.search(stripped):
        return text.CAPTION, None, "", ""
    if len(stripped) <= 600 and text._PHOTO_CREDIT.search(stripped):
        return text.CAPTION, None, "", ""
    if len(stripped) > 160:
        return text.TEXT, None, "", ""
    hinted = bool(
        text._NUMERIC_HINT.search(stripped)
        or stripped[:9].lower().startswith(text._LABEL_HINT)
        or (len(stripped) < 25 and text._LONE_AGENCY.match(stripped))
    )
    if hinted and meta_parts_every_time(line, stripped):
        return line.kind, line.date, line.source, line.author
    if not text._may_be_furniture(stripped):
        return text.TEXT, None, "", ""
    if text._BOILERPLATE_RE.match(stripped):
        return text.BOILERPLATE, None, "", ""
    if (match := text._COPYRIGHT.match(stripped)) and len(stripped) < 100:
        return text.SOURCE, None, text._strip_year(match.group("name")), ""
    if text._CAPTION_PREFIX.match(stripped):
        return text.CAPTION, None, "", ""
    return text.TEXT, None, "", ""


@settings(max_examples=3000, deadline=None)
@given(lines=st.lists(LINES | LONG_LINES, max_size=6))
def test_remembered_lines_are_classified_as_every_time(lines: list[str]) -> None:
    for raw in lines:
        classified(raw)  # remembered
    assert [classified(raw) for raw in lines] == [classified_every_time(raw) for raw in lines]


@pytest.mark.parametrize(
    "raw",
    ["Reuters | March 2, 1987 | 2:01 PM", "March 2, 1987   14:05", "Xinhua | 02.03.1987 | 9.45",
     "By Jane Doe | 2 March 1987 | 9.45 pm", "Source: AP | 1987-03-02", "Via: Reuters",
     "Courtesy of Getty | March 2, 1987", "Credit: AFP", "From Jane Doe, Reuters | 2:01 PM",
     "- AFP", "ſource: AP", "Dpa | 1987-03-02 13:24", "From Reuters", "FROM Jane Doe, AP | 1987"],
)  # fmt: skip
def test_date_and_source_lines_are_classified_as_every_time(raw: str) -> None:
    assert classified(raw) == classified_every_time(raw)


@pytest.mark.corpus
def test_remembered_lines_on_the_corpus() -> None:
    lines = []
    for path in sorted((corpus_or_skip() / "raw").iterdir()):
        lines += path.read_text("utf-8").splitlines()
    assert [classified(raw) for raw in lines] == [classified_every_time(raw) for raw in lines]
