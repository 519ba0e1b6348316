"""Recognise the date line of a scraped page and parse it at the precision shown.

A cheap regular expression picks candidate lines (a year, or a numeric date);
python-dateutil does the parsing, and a line counts as a date line only if
almost nothing but the date is on it: body sentences that mention a date are
not date lines.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterable
from typing import NamedTuple

from dateutil import parser as dateutil_parser
from dateutil import tz

from digest.article import DateValue

MAX_LENGTH = 80
"""A longer line is text, not a date line."""

_PREFIX = re.compile(
    r"^(?:(?:(?:first|last|originally)\s+)?(?:published|posted|updated|update|modified|dated|"
    r"date|filed|released|issued|created|written|sent|edited|revised)"
    r"(?:\s+(?:on|at))?\s*:?\s*|on\s+|as\s+of\s+|at\s+)+",
    re.I,
)
_PREFIX_STARTS = "fpulmdriocwseao"
# Any other short label ending in a colon ("Last modified:", "Sent:", "Dateline:").
_LABEL = re.compile(r"^[A-Za-z][A-Za-z]*(?: [A-Za-z]+){0,2}\s*:\s+")
_WEEKDAY = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b\.?,?",
    re.I,
)
_MONTH_NAMES = (
    *(r"jan(?:uary)?", r"feb(?:ruary)?", r"mar(?:ch)?", r"apr(?:il)?", "may", "june?", "july?"),
    *(r"aug(?:ust)?", r"sep(?:t(?:ember)?)?", r"oct(?:ober)?", r"nov(?:ember)?", r"dec(?:ember)?"),
)
_MONTH = rf"(?:{'|'.join(_MONTH_NAMES)})\.?"
_YEARS = (r"1[89]\d\d", r"2[01]\d\d")
_YEAR = rf"(?:{'|'.join(_YEARS)})"
# Quick filters: a line must contain one of these shapes to be worth parsing: a month name
# and a year (either order), or a numeric date (2/3/87, 1987-03-02).
_MONTH_AND_YEAR = rf"\b{_MONTH}\b.*\b{_YEAR}\b|\b{_YEAR}\b.*\b{_MONTH}\b"
_NUMERIC_DATE = (
    rf"\b\d{{1,2}}[-./]\d{{1,2}}[-./](?:{_YEAR}|\d\d)\b|\b{_YEAR}[-/.]\d{{1,2}}[-/.]\d{{1,2}}(?!\d)"
)
_CANDIDATE = re.compile(rf"(?:{_MONTH_AND_YEAR}|{_NUMERIC_DATE})", re.I)
"""What ``is_candidate`` looks for, in one expression (the tests' reference)."""
# Searched as one case-insensitive expression it is slow (~10 us a line); in parts, the
# numeric dates need no case folding, and a month needs a year as a word beside it.


def _word_start(alternatives: Iterable[str]) -> str:
    """Return ``\\b(?:alternatives)`` for alternatives that start with a word character
    written as itself, as ``c(?<!\\wc)...``: the same matches, and the engine looks for
    the first characters only, instead of trying the expression at every position."""
    return "(?:" + "|".join(rf"{a[0]}(?<!\w{a[0]}){a[1:]}" for a in alternatives) + ")"


# The same matches as _NUMERIC_DATE, each alternative's ``\b`` written after its first digit.
_NUMERIC_DATE_RE = re.compile(
    rf"\d(?<!\w\d)(?:\d?[-./]\d{{1,2}}[-./](?:{_YEAR}|\d\d)\b"
    rf"|(?:(?<=1)[89]|(?<=2)[01])\d\d[-/.]\d{{1,2}}[-/.]\d{{1,2}}(?!\d))"
)
_YEAR_WORD = re.compile(rf"{_word_start(_YEARS)}\b")
_MONTH_AND_YEAR_RE = re.compile(_MONTH_AND_YEAR, re.I)
# The month of _MONTH_AND_YEAR on its own, for lower-case ASCII text: fast without IGNORECASE.
_MONTH_WORD_LOWER = re.compile(rf"{_word_start(_MONTH_NAMES)}\.?\b")
# Every candidate has four digits in a row (a year) or a numeric date: a fast first filter.
_NUMERIC_HINT = re.compile(r"\d\d\d\d|\d[-./]\d")
# In ASCII text ``\d`` is [0-9], tested inline instead of by a Unicode lookup per character.
_NUMERIC_HINT_ASCII = re.compile(r"[0-9][0-9][0-9][0-9]|[0-9][-./][0-9]")
_TIME = re.compile(
    r"\b\d{1,2}[:.h]\d\d(?:[:.]\d\d(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\b", re.I
)
_DOTTED = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{2,4}\b")
_ISO = re.compile(rf"\b{_YEAR}[-/.]\d{{1,2}}[-/.]\d{{1,2}}(?!\d)")
_ISO_FULL = re.compile(
    rf"^{_YEAR}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?$"
)
_DOT_TIME = re.compile(r"(?<![:.\d])\b(\d{1,2})[.h](\d\d)\b(?![./:]\d)")
_FILLER = {
    "at",
    "on",
    "the",
    "of",
    "-",
    "|",
    ",",
    "—",
    "–",
    "/",
    "(",
    ")",
    "gmt",
    "utc",
    "local",
    "time",
    "hrs",
    "h",
    "et",
    "pt",
    "ct",
}

_ZONES = {
    "GMT": 0,
    "UTC": 0,
    "Z": 0,
    "UT": 0,
    "WET": 0,
    "BST": 3600,
    "CET": 3600,
    "CEST": 7200,
    "EET": 7200,
    "EEST": 10800,
    "MSK": 10800,
    "IST": 19800,
    "SGT": 28800,
    "HKT": 28800,
    "JST": 32400,
    "KST": 32400,
    "AEST": 36000,
    "AEDT": 39600,
    "EST": -18000,
    "EDT": -14400,
    "CST": -21600,
    "CDT": -18000,
    "MST": -25200,
    "MDT": -21600,
    "PST": -28800,
    "PDT": -25200,
}
# US pages write "ET"/"PT" for whichever of standard or daylight time applies that day.
_REGIONS = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
            "PT": "America/Los_Angeles"}  # fmt: skip
_TZINFOS: dict[str, dt.tzinfo | None] = {
    **{name: tz.tzoffset(name, offset) for name, offset in _ZONES.items()},
    **{name: tz.gettz(region) for name, region in _REGIONS.items()},
}
_ZONE_WORD = re.compile(r"\b(?:" + "|".join([*_ZONES, *_REGIONS]) + r")\b|[+-]\d\d:?\d\d\b|\dZ\b")
# dateutil reads "26-FEB-1987" but trips on a weekday in capitals after stripping, or "a.m.".
_AMPM = re.compile(r"\b([ap])\.m\.?", re.I)


def strip_prefix(line: str) -> str:
    """Remove ``Published:``, ``Posted on`` and weekday words from a date line."""
    line = line.strip()
    # Both expressions are anchored: a prefix starts with one of a few letters (ASCII, in
    # any case, else any letter: IGNORECASE folds "ı" onto "i"), a label has a colon.
    first = line[:1]
    if not first.isascii() or first.lower() in _PREFIX_STARTS:
        line = _PREFIX.sub("", line)
    if ":" in line:
        line = _LABEL.sub("", line)
    if _may_name_a_weekday(line):
        line = _WEEKDAY.sub(" ", line)
    return line.strip(" ,-|")


_WEEKDAY_STEMS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _may_name_a_weekday(line: str) -> bool:
    """Tell cheaply whether ``_WEEKDAY`` may match: every weekday word starts with a stem."""
    # re.IGNORECASE equates "ſ" with "s" and "ı" with "i": only ASCII is ruled out this way.
    if not line.isascii():
        return True
    lowered = line.lower()
    return any(stem in lowered for stem in _WEEKDAY_STEMS)


def is_candidate(line: str) -> bool:
    """Tell cheaply whether ``line`` may be a date line."""
    hint = _NUMERIC_HINT_ASCII if line.isascii() else _NUMERIC_HINT
    if len(line) > MAX_LENGTH or hint.search(line) is None:
        return False
    if _NUMERIC_DATE_RE.search(line) is not None:
        return True
    if _YEAR_WORD.search(line) is None:
        return False
    if line.isascii() and "\n" not in line:
        # A month and a year cannot overlap (letters, digits): on one line, the expression
        # matches when both are there, in either order. In ASCII, IGNORECASE is lower case.
        return _MONTH_WORD_LOWER.search(line.lower()) is not None
    return _MONTH_AND_YEAR_RE.search(line) is not None


def parse_date_line(line: str) -> DateValue | None:
    """Return the date on a date line, or ``None`` if the line is not one.

    A day-only line gives a ``date``; a time gives a ``datetime`` with its seconds
    and fractions as shown, time-zone aware only when the line names a zone.
    """
    return parse_candidate(line) if is_candidate(line) else None


def parse_candidate(line: str) -> DateValue | None:
    """Return the date on a line ``is_candidate`` accepted, or ``None``."""
    text = strip_prefix(line)
    if ".m" in text or ".M" in text:  # what _AMPM needs (no other letter folds to "m")
        text = _AMPM.sub(r"\1m", text)
    if not text:
        return None
    value = _from_iso(text)
    if value is None:
        value = _from_common(text)
    if value is None:
        value = _from_dateutil(text)
    return value


def _from_dateutil(text: str) -> DateValue | None:
    """Parse a date line (prefix stripped) with python-dateutil: any layout, slowly."""
    if _has_stray_word(text):
        return None  # what dateutil would say, 100 times sooner (a sentence, not a date)
    return _parse_with_dateutil(text)


# Words python-dateutil makes something of (or may: a zone name after a time is any word
# of up to five capitals; "nan" and "inf" read as numbers). dateutil skips any other word
# with ``fuzzy_with_tokens``, and a skipped word that is not filler makes the line text,
# not a date line. In ASCII text dateutil's words are exactly the runs of letters.
_INFO = dateutil_parser.parserinfo
_DATEUTIL_WORDS = frozenset(
    word.lower()
    for word in (
        *(
            name
            for names in (*_INFO.WEEKDAYS, *_INFO.MONTHS, *_INFO.HMS, *_INFO.AMPM)
            for name in names
        ),
        *_INFO.JUMP,
        *_INFO.UTCZONE,
        *_INFO.PERTAIN,
        *_FILLER,
        "nan",
        "inf",
        "infinity",
    )
)
_WORD = re.compile(r"[A-Za-z]+")


def _has_stray_word(text: str) -> bool:
    """Tell whether dateutil would skip a word that is not filler (ASCII text only)."""
    return text.isascii() and any(
        word.lower() not in _DATEUTIL_WORDS and not (len(word) <= 5 and word.isupper())
        for word in _WORD.findall(text)
    )


def _parse_with_dateutil(text: str) -> DateValue | None:
    # Day-first is the rule wherever dates are written with dots (02.03.1987).
    dayfirst = bool(_DOTTED.search(text))
    without_date = _DOTTED.sub(" ", text)
    has_time = bool(_TIME.search(without_date))
    # "06.00" and "14h30" are times too; dateutil wants a colon.
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", "/"), text) if dayfirst else text
    text = _DOT_TIME.sub(r"\1:\2", text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value, skipped = dateutil_parser.parse(
                text,
                fuzzy_with_tokens=True,
                dayfirst=dayfirst,
                yearfirst=bool(_ISO.search(text)),
                tzinfos=_TZINFOS,
                default=dt.datetime(1, 1, 1),
            )
    except (ValueError, OverflowError, TypeError):
        return None
    if value.year == 1 or not _only_filler(skipped):
        return None
    if not has_time:
        return value.date()
    offset = value.utcoffset() if _ZONE_WORD.search(text) else None
    return value.replace(tzinfo=None if offset is None else dt.timezone(offset))


def _from_iso(text: str) -> DateValue | None:
    if text[:1] not in ("1", "2") or not _ISO_FULL.match(text):  # a year of 18xx to 21xx
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if len(text) > 10 else value.date()


# The layouts most pages use, read without dateutil: "2-MAR-1987 04:17:26.69",
# "2 Mar 1987 14:01 GMT", "March 2, 1987, 2:01 pm". Anything else, or anything these
# cannot build (a 30 February, a zone of a region), goes to dateutil; tests/test_readers.py
# checks that both agree on every line this takes.
_COMMON = re.compile(
    rf"(?:(?P<day>\d{{1,2}})(?P<sep>[- ])(?P<month>[A-Za-z]{{3,9}})(?P=sep)"
    rf"|(?P<month_first>[A-Za-z]{{3,9}}) (?P<day_after>\d{{1,2}}), )(?P<year>{_YEAR})"
    r"(?:,? (?P<hour>\d{1,2}):(?P<minute>\d\d)(?::(?P<second>\d\d)(?:\.(?P<fraction>\d+))?)?"
    r"(?: (?P<ampm>[ap]m))?(?: (?P<zone>[A-Z]{1,4}))?)?",
    re.I,
)
# Month names as dateutil knows them ("Sept" too), by lower case.
_MONTH_NUMBERS = {
    name.lower(): number
    for number, names in enumerate(dateutil_parser.parserinfo.MONTHS, start=1)
    for name in names
}


def _from_common(text: str) -> DateValue | None:
    """Parse a date line in one of the common layouts exactly as dateutil would, or ``None``."""
    match = _COMMON.fullmatch(text)
    if match is None:
        return None
    parts = match.groupdict()
    month = _MONTH_NUMBERS.get((parts["month"] or parts["month_first"]).lower())
    day = int(parts["day"] or parts["day_after"])
    if month is None:
        return None
    try:
        if parts["hour"] is None:
            return dt.date(int(parts["year"]), month, day)
        hour, ampm, zone = int(parts["hour"]), parts["ampm"], parts["zone"]
        if ampm is not None:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
        if zone is not None and zone not in _ZONES:
            return None
        fraction = parts["fraction"] or ""
        return dt.datetime(
            int(parts["year"]),
            month,
            day,
            hour,
            int(parts["minute"]),
            int(parts["second"] or 0),
            int(fraction.ljust(6, "0")[:6]),
            None if zone is None else dt.timezone(dt.timedelta(seconds=_ZONES[zone])),
        )
    except ValueError:
        return None


def _only_filler(skipped: tuple[str, ...]) -> bool:
    words = " ".join(skipped).replace(",", " ").split()
    return all(w.lower().strip(".:") in _FILLER or not w.strip(".:") for w in words)


def find_date(lines: list[str]) -> tuple[int, DateValue] | None:
    """Return the index and date of the first date line among ``lines``."""
    for index, line in enumerate(lines):
        if is_candidate(line) and (value := parse_date_line(line)) is not None:
            return index, value
    return None


# -- dates written out in a sentence, in several languages ------------------------------------

_MONTH_WORDS = (
    "january jan januar janvier janv enero ene gennaio gen janeiro januari",
    "february feb februar février fevrier févr fevr febrero febbraio fevereiro fev februari",
    "march mar märz maerz mär mars marzo março marco maart mrt",
    "april apr avril avr abril abr aprile",
    "may mai mayo maggio mag maio mei",
    "june jun juni juin junio giugno giu junho",
    "july jul juli juillet juil julio luglio lug julho",
    "august aug août aout agosto ago augustus",
    "september sep sept septembre septiembre setiembre settembre set setembro",
    "october oct oktober octobre octubre ottobre ott outubro out",
    "november nov novembre noviembre novembro",
    "december dec dezember dez décembre decembre déc diciembre dic dicembre dezembro",
)
MONTH_WORDS = {word: n for n, words in enumerate(_MONTH_WORDS, start=1) for word in words.split()}
"""Month names and their short forms in English, German, French, Spanish, Italian,
Portuguese and Dutch, by lower case."""
_MONTH_WORD = "|".join(sorted(MONTH_WORDS, key=len, reverse=True))
_TEXT_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
# "5 March 2024", "5. März 2024", "1er mars 2024", "3 de marzo de 2024", "12th Feb. 2025",
# "04-ago-2021".
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\w)(\d{{1,2}})(?:st|nd|rd|th|er|º|°|\.)?(?:\s*|-)(?:de\s+)?({_MONTH_WORD})\b\.?"
    rf"(?:,?\s+|-)(?:de\s+)?({_TEXT_YEAR})\b",
    re.I,
)
# "March 5, 2024", "Sept. 5th 2024", "mayo 3, 2024".
_MONTH_DAY_YEAR = re.compile(
    rf"(?<!\w)({_MONTH_WORD})\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+({_TEXT_YEAR})\b", re.I
)
_YEAR_MONTH_DAY = re.compile(rf"(?<![\w.])({_TEXT_YEAR})-(\d\d)-(\d\d)(?!\d)")
_DAY_DOT_MONTH_YEAR = re.compile(rf"(?<![\w.])(\d{{1,2}})\.(\d{{1,2}})\.({_TEXT_YEAR})\b")


class TextDate(NamedTuple):
    """A date written in a text, and where: ``text[start:end]``."""

    start: int
    end: int
    day: dt.date


def text_dates(text: str) -> list[TextDate]:
    """Return the calendar dates written in ``text``, in text order: a day, a month's
    name and a year in any of the languages of ``MONTH_WORDS``, an ISO date or a
    day-first dotted date. Slashed dates are left out: 03/01 is ambiguous."""
    found = []
    for match in _DAY_MONTH_YEAR.finditer(text):
        day, month, year = match.groups()
        found.append((match, _day(year, MONTH_WORDS[month.lower()], day)))
    for match in _MONTH_DAY_YEAR.finditer(text):
        month, day, year = match.groups()
        found.append((match, _day(year, MONTH_WORDS[month.lower()], day)))
    for match in _YEAR_MONTH_DAY.finditer(text):
        year, month, day = match.groups()
        found.append((match, _day(year, month, day)))
    for match in _DAY_DOT_MONTH_YEAR.finditer(text):
        day, month, year = match.groups()
        found.append((match, _day(year, month, day)))
    dates = [TextDate(m.start(), m.end(), day) for m, day in found if day is not None]
    return sorted(dates)


def _day(year: str, month: str | int, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
