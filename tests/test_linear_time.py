"""No page can make reading a seed take long: every expression runs in linear time.

Python's ``re`` backtracks; an expression with nested or overlapping quantifiers
(``(?:[ /-]\\S+)*`` after ``\\S*``) can take hours on a table of numbers and dashes.
The rewritten expressions are checked equal to the old ones on short strings (where
the old ones are still quick), and adversarial pages are read under a generous bound.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.articles.importer import convert
from digest.readers import text

BOUND = 5.0
"""Seconds: reading a page takes milliseconds; this catches a hang, it is no speed goal."""

# The expressions as they were before they were made linear (reference for equality).
_OLD_PLACE_DATE = (
    rf"(?:[A-Z][^\s,()]*(?:[ /-][^\s,()]+)*(?:,\s*[^\s,()]+(?: [^\s,()]+)*)*?,\s*{text._DAY}"
    rf"|[a-z][a-z.'-]*(?: [a-z][a-z.'-]*){{0,2}}(?:, [a-z][a-z.]*)?, {text._DAY}|{text._DAY})"
)
OLD = {
    "dateline": re.compile(
        rf"^(?P<dateline>{_OLD_PLACE_DATE}|{text._PLACE_CAPS})\s+[-–—]+\s*(?P<rest>.*)$", re.S
    ),
    "dateline alone": re.compile(rf"^(?P<dateline>{_OLD_PLACE_DATE})(?:\s+[-–—]+)?$"),
    "signoff": re.compile(
        r"^(?P<body>.*?)(?:^\s*[-–—]*\s*|\s{2,}|\t)(?P<word>reuters?|ap|afp|upi|dpa|more|ends?|"
        r"-\s*30\s*-|###)[.…]*\s*$",
        re.I | re.S,
    ),
    "caption": re.compile(
        r"^.{8,600}?\s*(?:\[[^\[\]]{1,60}\]|\((?:photo|image|picture|file photo|getty)[^()]{0,60}"
        r"\)|\([^()]{0,40}(?:photo|images?|pictures?)\))$",
        re.I,
    ),
}
NEW = {
    "dateline": text._DATELINE,
    "dateline alone": text._DATELINE_ALONE,
    "signoff": text._SIGNOFF,
    "caption": text._CAPTION,
}
PIECES = st.sampled_from(
    ["SALVADOR", "Santa Cruz", "N.C.", "A", "a", ",", ", ", "Feb", "march", " 26", "7", "-",
     " - ", "–", "/", " ", "  ", "\t", "\n", "---", "149.25", "Reuter", "more", "-30-", "- 30 -",
     "###", "...", "…", "(", ")", "[", "]", "[Reuters]", "(Photo: AP)", "photo", "x", "Mar"]
)  # fmt: skip
SHORT = st.lists(PIECES, max_size=9).map("".join)


def _groups(match: re.Match[str] | None) -> dict[str, str | None] | None:
    return None if match is None else {"all": match.group(0), **match.groupdict()}


@pytest.mark.parametrize("name", sorted(NEW))
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=SHORT)
def test_rewritten_expressions_match_as_before(name: str, line: str) -> None:
    assert _groups(NEW[name].match(line)) == _groups(OLD[name].match(line))


@settings(max_examples=2000, deadline=None)
@given(line=SHORT)
def test_spaced_last_word_as_the_expression(line: str) -> None:
    expected = re.search(r"\s{2,}\S+\s*$", line) is not None
    assert text._spaced_last_word(line) == expected


# -- adversarial pages --------------------------------------------------------------------

# fmt: off
UNITS = ["--- ", "149.25 ", " ", "-", ". ", "A", "A ", "Ab ", ", ", "(", "[", "|", "\t", "1/",
         "Mar ", "Mar, 1 ", "A, ", "A.", "'", "*", "_", "\\", "&", "A-", "x  ", "Reuters ",
         ": ", "**[", "[a](", "Jan 1, ", "said ", "Mr. A ", "(c) ", "By ", "Photo: ", "1987 ",
         "**a ", "__a ", "# ", "• ", "1. ", "[1]a ", "» ", "a@b ", "Via ", "A | ", "A ; "]
# fmt: on
ENDS = ["", " Reuter", " - x", ")", " (Reuters) - x", "y  Reuter"]
SHAPES = ["long line", "first paragraph", "title", "short lines", "table", "e-mail"]


def page(shape: str, unit: str, end: str, size: int) -> str:
    """Return a page of ``shape`` made of ``unit`` repeated to about ``size`` characters."""
    line = unit * (size // len(unit)) + end
    short = [unit * 3 + end] * (size // (3 * len(unit) + len(end)))
    table = [" " + unit * 8 + end] * (size // (8 * len(unit) + len(end) + 1))
    return {
        "long line": f"TITLE\n\n{line}\n",
        "first paragraph": f"TITLE\nMarch 2, 1987\n\n{line}\n\nMore text here.\n",
        "title": f"{line}\n\nSome text.\n",
        "short lines": "TITLE\n\n" + "\n".join(short) + "\n",
        "table": "TABLE\n7-APR-1987 09:41:28.43\n\n" + "\n".join(table) + "\n Reuter\n",
        "e-mail": f"From: {line}\nSubject: {line}\nDate: March 2, 1987\n\nSome text.\n",
    }[shape]


@contextmanager
def stop_after(seconds: float, message: str) -> Iterator[None]:
    """Fail the test if the block runs longer than ``seconds`` (``re`` checks signals)."""

    def overrun(signum: int, frame: object) -> None:
        pytest.fail(message)

    previous = signal.signal(signal.SIGALRM, overrun)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_within_bound(tmp_path: Path, content: str) -> None:
    """Read, tag and summarise ``content`` as a seed; fail if it takes over ``BOUND``."""
    with stop_after(BOUND, f"over {BOUND} s to read a {len(content):,}-character page"):
        convert("page.txt", content.encode(), tmp_path)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("unit", UNITS)
def test_adversarial_pages_of_100_kb(tmp_path: Path, shape: str, unit: str) -> None:
    for end in ENDS:
        read_within_bound(tmp_path, page(shape, unit, end, 100_000))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(
        st.tuples(st.sampled_from(UNITS + ENDS + ["\n", "\n\n", "  "]), st.integers(1, 3000)),
        min_size=1,
        max_size=8,
    )
)
def test_generated_pages(
    tmp_path_factory: pytest.TempPathFactory, parts: list[tuple[str, int]]
) -> None:
    content = "A TITLE\n\n" + "".join(unit * times for unit, times in parts)
    read_within_bound(tmp_path_factory.mktemp("seeds"), content)


def test_thousands_of_short_lines(tmp_path: Path) -> None:
    lines = ["Mar --- 149.25", "  A, B - ", "(c) X", "By A", "---", "Reuter"] * 2000
    read_within_bound(tmp_path, "TITLE\n\n" + "\n".join(lines) + "\n")


def test_the_three_table_stories_read_at_once() -> None:
    """The stories that took minutes to read (tests/readers/table_*.txt)."""
    folder = Path(__file__).parent / "readers"
    seeds = sorted(folder.glob("table_*.txt"))
    assert len(seeds) == 3
    for seed in seeds:
        with stop_after(BOUND, f"over {BOUND} s to read {seed.name}"):
            result = convert(seed.name, seed.read_bytes(), folder)
        assert result.article is not None, result.error
