"""The reader for scraped plain-text news pages.

A scraped page is a title, some page furniture (social links, date line,
byline, breadcrumbs, captions), the paragraphs, and more furniture at the end
(source line, related links, copyright). The reader classifies every line by
what it looks like, never by where a particular site puts it, so that it
works on layouts it has not seen.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from digest.article import Article, DateValue
from digest.exceptions import ReaderError
from digest.readers import markup
from digest.readers.dates import (
    MAX_LENGTH,
    is_candidate,
    parse_candidate,
    parse_date_line,
    text_dates,
)
from digest.readers.evidence import (
    FUNCTION_WORDS,
    SENTENCE_END,
    ends_sentence,
    fields,
    function_share,
    furniture_words,
    has_url,
    is_nav_row,
    is_prose,
    known_label,
    label,
    url_share,
    words,
)
from digest.readers.hints import NO_HINTS, Hints, line_prefix, split_affix

# -- what page furniture looks like --------------------------------------------------------

_BOILERPLATE = [
    r"follow us(?: on)?\b.*",
    r"(?:share|share this|share this (?:article|story|page|post)|share on \w+)\s*:?",
    r"(?:related|related (?:articles?|stories|news|content|coverage)|see also|read more|"
    r"more on this|also read|recommended|most read|trending|you may also like)\b\s*:?.*",
    r"(?:advertisement|advert|sponsored(?: content)?|promoted|ad)\s*",
    r"(?:click here|tap here|sign up|subscribe|newsletter|log ?in|register)\b.*",
    r"(?:tags?|topics?|filed under|categories|category|keywords)\s*:.*",
    r"(?:(?:share(?: this)?(?: on| via)?|print|e-?mail|email this|tweet|facebook|twitter|x|"
    r"whatsapp|linkedin|reddit|telegram|pinterest|copy link|comments?)\s*:?[\s|·•/,]*)+",
    r"\d+\s+comments?|comments?\s*\(\d+\)|leave a comment|join the conversation",
    r"(?:home|news|world|business|markets|politics)\s*(?:[>»›/|]\s*[\w&' ,.-]+\s*)+",
    r"(?:all rights reserved|reporting by|editing by|writing by|compiled by)\b.*",
    r"more (?:from|on|in|stories|news)\b.*",
    r"(?:back to top|skip to (?:main )?content|menu|search|close|next|previous|listen)\s*",
    r"(?:story|article) continues (?:below|after)\b[^.]{0,40}|continue reading\b[^.]{0,40}",
    r"(?:image|photo|picture|video)s?\s*(?:credit)?\s*:\s*[\w &/.,'-]{1,60}",
]
_BOILERPLATE_RE = re.compile(r"^(?:" + "|".join(_BOILERPLATE) + r")$", re.I)
_COPYRIGHT = re.compile(
    r"^(?:(?:\(c\)|©|copyright)\s*)+(?:\d{4}\s*[-–]?\s*)?(?P<name>.*?)"
    r"(?:[\s,]+\d{4})?[\s.,]*(?:all rights reserved\.?)?$",
    re.I,
)
_SOURCE_STARTS = "svc"
_SOURCE = re.compile(r"^(?:source|sources|via|courtesy of|credit)\s*:\s*(?P<name>.+?)\.?$", re.I)
_BYLINE_STARTS = "bfwrstc"
_BYLINE = re.compile(
    r"^(?:(?:written|reported|story|words|text|compiled|filed)\s+)?(?:by|from)\s*:?\s+"
    r"(?P<name>[^|·•]+?)\s*$",
    re.I,
)
# A line that is nothing but an agency's name ("Reuters", "- AFP") is a source line.
_LONE_AGENCY = re.compile(
    r"^[-–—]?\s*(?:reuters?|ap|afp|upi|dpa|xinhua|agencies|associated press|"
    r"agence france-presse)\.?$",
    re.I,
)
# What _LONE_AGENCY may start with (as _first_letter gives it): a dash, a space, an agency.
_AGENCY_STARTS = "-raudx \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
_TIME_ONLY = re.compile(r"^\d{1,2}[:.]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?$", re.I)
# Cheap tests before the full one: a date line has a year or a numeric date; a source line
# starts with its label or is an agency's name.
_NUMERIC_HINT = re.compile(r"\d\d\d\d|\d[-./]\d")
# In ASCII text ``\d`` is [0-9], tested inline instead of by a Unicode lookup per character.
_NUMERIC_HINT_ASCII = re.compile(r"[0-9][0-9][0-9][0-9]|[0-9][-./][0-9]")
_LABEL_HINT = (
    *("by", "from", "source", "via", "courtesy", "credit", "written", "reported", "words"),
    *("story", "text", "compiled", "filed"),
)
_SPLIT = re.compile(r"\s+[|·•]\s+|\s{3,}")
# A photo caption ends with its credit: "[Reuters]", "[AFP/Getty Images]", "(Photo: AP)".
_CAPTION = re.compile(
    r"^.{8,600}?\s*+(?:\[[^\[\]]{1,60}\]|\((?:photo|image|picture|file photo|getty)[^()]{0,60}\)"
    r"|\([^()]{0,40}(?:photo|images?|pictures?)\)"
    # a photographer's credit: "(Reuters/Jane Doe)", "(AP Photo/J. Doe)"
    r"|\([A-Z][\w.&' -]{0,30}/\s?[A-Z][\w.' -]{1,40}\))$",
    re.I,
)
# What a credit looks like: a name or a photo word, not "[sic]" or a footnote number.
_CREDIT = re.compile(
    r"[\[(](?!sic\b)(?:[A-Z]|[^\[\]()]*(?:photo|image|picture|getty))[^\[\]()]*[\])]$", re.I
)
_PHOTO_CREDIT = re.compile(
    r"\S\s+(?:(?:photo|picture|image|photograph)(?:\s+credit)?\s*:\s*[A-Z][\w.&'/ -]{1,40}"
    # an agency's credit in capitals and a photographer's name: "REUTERS/Jane Doe"
    r"|(?-i:(?:REUTERS|AFP|AP|EPA|GETTY IMAGES|GETTY|XINHUA|DPA|ANP|KYODO|YONHAP|BLOOMBERG)"
    r"(?: PHOTO)?/[A-Z][a-z]+(?:[ -][A-Z][a-z.'-]+){0,3}))$",
    re.I,
)
_CAPTION_PREFIX = re.compile(
    r"^(?:(?:photo|image|picture|pictured|caption|above|top)\s*[:|–-]"
    r"|[\[(](?:photo|image|picture|video|graphic|gallery)s?[\])])\s*\S",
    re.I,
)
_AGENCIES = {
    "reuter": "Reuters",
    "reuters": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "upi": "UPI",
    "dpa": "dpa",
    "xinhua": "Xinhua",
    "bloomberg": "Bloomberg",
    "agencies": "Agencies",
    "ians": "IANS",
    "pti": "PTI",
    "efe": "EFE",
    "ansa": "ANSA",
    "kyodo": "Kyodo",
    "tass": "TASS",
    "yonhap": "Yonhap",
    "aap": "AAP",
    "cp": "CP",
    "anadolu": "Anadolu",
    "press association": "PA",
    "pa": "PA",
    "canadian press": "CP",
    "jiji": "Jiji",
    "jiji press": "Jiji",
    "interfax": "Interfax",
    "ria novosti": "RIA Novosti",
    "bernama": "Bernama",
    "antara": "Antara",
    "apa": "APA",
    "notimex": "Notimex",
    "europa press": "Europa Press",
    "belga": "Belga",
    "lusa": "Lusa",
    "ntb": "NTB",
    "ritzau": "Ritzau",
    "agencia efe": "EFE",
    "deutsche presse-agentur": "dpa",
    "united press international": "UPI",
    "reuters news": "Reuters",
    "thomson reuters": "Reuters",
    "reuters news agency": "Reuters",
    "afp news agency": "AFP",
    "the associated press": "AP",
    "bloomberg news": "Bloomberg",
    "dow jones": "Dow Jones",
    "dow jones newswires": "Dow Jones",
}
_SIGNOFF = re.compile(
    r"^(?P<body>.*?)(?:^\s*+[-–—]*\s*+|(?<!\s)\s{2,}+|\t)(?P<word>reuters?|ap|afp|upi|dpa|more|ends?|-\s*30\s*-|###)"
    r"[.…]*\s*$",
    re.I | re.S,
)
_MONTHS = r"(?i:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)"
_DAY = rf"{_MONTHS},?\s+\d{{1,2}}"
# "SANTA CRUZ, Calif., Feb 26": a capitalised place, a comma, a month and a day; wire noise
# also sends places in lower case ("sioux falls, april 7"), then short.
_PLACE_DATE = (
    rf"(?:[A-Z][^\s,()]*+(?: [^\s,()]++)*+(?:,\s*+[^\s,()]++(?: [^\s,()]++)*+)*?,\s*{_DAY}"
    rf"|[a-z][a-z.'-]*(?: [a-z][a-z.'-]*){{0,2}}(?:, [a-z][a-z.]*)?, {_DAY}|{_DAY})"
)
# "WINSTON-SALEM, N.C. - ": a place in capitals without a date.
_PLACE_CAPS = r"[A-Z][A-Z.'/&-]+(?: [A-Z][A-Z.'/&-]+){0,3}(?:, [A-Z][A-Za-z.]*(?: [A-Z][a-z.]*)?)?"
_DATELINE = re.compile(
    rf"^(?P<dateline>{_PLACE_DATE}|{_PLACE_CAPS})\s+[-–—]+\s*(?P<rest>.*)$", re.S
)
_DATELINE_ALONE = re.compile(rf"^(?P<dateline>{_PLACE_DATE})(?:\s+[-–—]+)?$")
# "peoria, april 7 (Reuters) - ...": the agency in brackets marks whatever precedes it as
# the dateline, even in odd case or spelling.
_AGENCY_DATELINE = re.compile(
    r"^(?P<dateline>[^()\s][^()]{0,59}?)\s*\((?P<source>[A-Z][\w.&' -]{0,29})\)\s*[-–—]+\s*"
    r"(?P<rest>.*)$",
    re.S,
)
_CARET = re.compile(r"(?:\^[@A-Z\[\]^_])+\s*$")
# Cheap tests that must pass for the expressions above to match (they scan whole lines and
# backtrack): a sign-off line ends with its word, a dateline paragraph has a dash after a
# space, a dateline on its own ends with a day or a dash, an agency in brackets comes early.
_SIGNOFF_ENDS = ("reuter", "reuters", "ap", "afp", "upi", "dpa", "more", "end", "ends", "-", "###")
_DASH_AFTER_SPACE = re.compile(r"\s[-–—]")
_DAY_OR_DASH_AT_END = re.compile(r"[\d\-–—]\n?\Z")
# Agency names long enough to recognise when a wire sign-off misspells them.
_SIGNOFF_NAMES = ("reuter", "reuters", "xinhua", "kyodo", "bloomberg")
# What the three furniture expressions start with, lower case (a digit: "12 comments").
_FURNITURE_STARTS = (
    *"0123456789",
    *("follow", "share", "related", "see", "read", "more", "also", "recommended", "most"),
    *("trending", "you", "ad", "sponsored", "promoted", "click", "tap", "sign", "subscribe"),
    *("newsletter", "log", "register", "tag", "topic", "filed", "categor", "keywords"),
    *("print", "e-mail", "email", "tweet", "facebook", "twitter", "x", "whatsapp"),
    *("linkedin", "reddit", "telegram", "pinterest", "copy", "comment", "leave", "join"),
    *("home", "news", "world", "business", "markets", "politics", "all", "reporting"),
    *("editing", "writing", "compiled", "back", "skip", "menu", "search", "close", "next"),
    *("previous", "listen", "image", "photo", "picture", "video", "(c)", "copyright"),
    *("caption", "above", "top", "story", "article", "continue"),
)
# The same by first letter: startswith() tries a tuple's prefixes one by one.
_FURNITURE_BY_FIRST = {
    first: tuple(s for s in _FURNITURE_STARTS if s[0] == first)
    for first in {s[0] for s in _FURNITURE_STARTS}
}
_LETTER = re.compile(r"[^\W\d_]")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_INDENT = re.compile(r"^(?:\s{2,}|\t)")
"""What starts a new paragraph in wire copy (``_indented`` tests it without a regex)."""


class Kind(Enum):
    """What a line of a scraped page is."""

    BLANK = "blank"
    BOILERPLATE = "boilerplate"
    DATE = "date"
    SOURCE = "source"
    BYLINE = "byline"
    CAPTION = "caption"
    TEXT = "text"


# The members as plain names: on Python 3.11 each ``Kind.X`` costs a descriptor call, and
# the reader looks kinds up several times for every line of every page.
BLANK = Kind.BLANK
BOILERPLATE = Kind.BOILERPLATE
DATE = Kind.DATE
SOURCE = Kind.SOURCE
BYLINE = Kind.BYLINE
CAPTION = Kind.CAPTION
TEXT = Kind.TEXT


@dataclass(slots=True, init=False)
class Line:
    """One line of the page, numbered from 1, with what it was recognised as."""

    number: int
    raw: str
    kind: Kind
    date: DateValue | None
    source: str
    author: str
    text: str
    """The line without surrounding whitespace or markup (``raw`` never changes)."""
    why: str
    """The evidence that decided ``kind``, for ``digest explain`` (empty: the default)."""
    mark: str
    """What the page's markup made of the line (``markup.HEADING``, ...), or ``""``."""

    def __init__(self, number: int, raw: str, kind: Kind = TEXT) -> None:
        # Written out: a generated __init__ and a __post_init__ cost two calls a line.
        self.number, self.raw, self.kind, self.text = number, raw, kind, raw.strip()
        self.date, self.source, self.author, self.why, self.mark = None, "", "", "", ""


@dataclass
class _Sources:
    """Source names found on the page, by how sure a line is about it."""

    explicit: str = ""
    byline: str = ""
    dateline: str = ""
    copyright: str = ""
    signoff: str = ""

    def best(self) -> str:
        """Return the surest source, a news agency's name first: a site that republishes
        an agency's story names itself too (its copyright, its newsletter's sender)."""
        found = (self.explicit, self.byline, self.dateline, self.copyright, self.signoff)
        return next((name for name in found if name and _known_agency(name)), "") or next(
            (name for name in found if name), ""
        )


@dataclass
class _Page:
    lines: list[Line]
    sources: _Sources = field(default_factory=_Sources)
    captions: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)


_AGENCY_FIRST_WORDS = frozenset(name.split()[0] for name in _AGENCIES)


def agency(name: str) -> str:
    """Return the usual spelling of a news agency (``Reuter`` → ``Reuters``), else ``name``."""
    cleaned = " ".join(name.split()).strip(" .,;:-")
    known = _AGENCIES.get(cleaned.lower()) or _AGENCIES.get(_STAFF.sub("", cleaned).lower())
    return known or cleaned


def _is_agency(name: str) -> bool:
    cleaned = " ".join(name.split()).strip(" .,;:-").lower()
    return cleaned in _AGENCIES or any(
        w in cleaned for w in ("news", "agency", "press", "wire", "times", "post", "journal")
    )


# -- line classification -------------------------------------------------------------------


def classify(line: Line) -> None:
    """Set ``line.kind`` (and date, source) from what the line looks like on its own."""
    text = line.text
    if not text:
        line.kind = BLANK
        return
    if text[-1] in ")]" and _CAPTION.match(text) and _CREDIT.search(text):
        line.kind = CAPTION
        return
    if ("/" in text[-45:] or ":" in text[-45:]) and len(text) <= 600 and _PHOTO_CREDIT.search(text):
        line.kind, line.why = CAPTION, "a photo caption (it ends with the photo's credit)"
        return
    if len(text) > 160:
        return  # furniture is short; a long line is text
    meta = _may_be_meta(text)
    if meta or _may_be_furniture(text):
        line.kind, line.date, line.source, line.author = _classify_short(text, meta)
    if (line.kind is TEXT or line.kind is BOILERPLATE) and _may_hold_fields(text):
        # A breadcrumb may hold the date and the agency ("Business / 26 Feb 1987 / Reuters").
        kind, date, source, author, why = _classify_fields(text)
        if line.kind is TEXT or kind is not TEXT:
            line.kind, line.date, line.source, line.author, line.why = (
                kind,
                date,
                source,
                author,
                why,
            )


def _may_hold_fields(text: str) -> bool:
    """Tell cheaply whether a short line may be a row of fields, a label or a link."""
    return (
        _HOLDS_FIELDS.search(text) is not None
        or not (text.isascii() and text.isprintable())  # other whitespace splits fields too
        or (len(text) <= 60 and _may_name_agency(text))
    )


# What a row's separators (FIELD_SPLIT), a label, a bracket, a link or an address hold.
_HOLDS_FIELDS = re.compile(r"[:|;(@]| [-/] |   |www\.")


def _may_name_agency(text: str) -> bool:
    """Tell whether a short line is an agency's name, leads to one (``Via X``) or ends
    with one after a comma (``Jane Doe, X``)."""
    return (
        (len(text) <= 40 and _known_agency(text))
        or _LEAD_IN.match(text) is not None
        or ("," in text and _known_agency(text.rpartition(",")[2]))
    )


_Evidence = tuple[Kind, DateValue | None, str, str, str]
_STAFF = re.compile(r"\s+(?:staff|staff reporters?|reporters?|correspondents?|desk|wire)$", re.I)
_COUNTED = re.compile(
    r"^\(?\d[\d,.]*\)?\s*(?:min(?:ute)?s?(?: read)?|words|comments?|shares?|views?|"
    r"replies|likes)\b.*$|^(?:comments?|shares?|views?)\s*\(?\d[\d,.]*\)?$",
    re.I,
)
_BRACKETED = re.compile(r"^(?P<rest>.*?)\s*[(\[](?P<name>[^()\[\]]{2,40})[)\]]\s*$")


@lru_cache(maxsize=4096)
def _classify_fields(text: str) -> _Evidence:
    """Classify a short line by its fields: a row of labelled dates, sources, authors and
    furniture (``Updated: ... | Agency: X | 3 min read``), a link, a row of short links."""
    if url_share(text) >= 0.5:
        return BOILERPLATE, None, "", "", "mostly a link"
    row = _field_row(text)
    if row is not None:
        return row
    if is_nav_row(text, columns=False):
        return BOILERPLATE, None, "", "", "a row of short links with few function words"
    return TEXT, None, "", "", ""


def _field_row(text: str) -> _Evidence | None:
    """Read a row of fields; ``None`` unless every field is a date, a source, an author or
    furniture."""
    parts = [piece for part in fields(text) for piece in _unbracket(part)]
    if len(parts) <= 4 and any(", " in part for part in parts):
        # "3/26/1987 10:05 AM, Revised 3/27/1987 4:11 AM": two dates in one field.
        parts = [piece for part in parts for piece in _split_dates(part)]
    if not 1 <= len(parts) <= 8:
        return None
    dates: list[str] = []
    source = author = ""
    furniture = unknown = 0
    for part in parts:
        found = _field(part)
        if found is None:
            if len(parts) < 2 or not _may_name_a_section(part):
                return None
            unknown += 1  # a section's name ("Markets") beside a date or a source
            continue
        kind, value = found
        if kind == "date":
            dates.append(value)
        elif kind == "source":
            source = source or value
        elif kind == "author":
            found_source, person = _byline(value)
            source, author = source or found_source, author or person
        else:
            furniture += 1
    if furniture and len(parts) == 1 and not label(parts[0]):
        return None  # a lone word of furniture is decided by where it stands
    if unknown and (unknown > 2 or not (dates or source or author)):
        return None
    date = parse_date_line(" ".join(dates)) if dates else None
    if dates and date is None:
        if len(dates) == 1:
            return None
        date = parse_date_line(dates[0])
        if date is None:
            return None
    why = f"a row of fields ({len(parts)})" if len(parts) > 1 else "a labelled field"
    if date is not None:
        return DATE, date, source, author, why + ": a date"
    if source:
        return SOURCE, None, source, author, why + ": a source"
    if author:
        return BYLINE, None, "", author, why + ": an author"
    return BOILERPLATE, None, "", "", why + ": furniture"


def _split_dates(part: str) -> list[str]:
    """Split a field at a comma where each side holds a date of its own."""
    pieces = [piece.strip() for piece in part.split(", ")]
    if len(pieces) > 1 and sum(is_candidate(piece) for piece in pieces) > 1:
        merged: list[str] = []
        for piece in pieces:
            if merged and not is_candidate(piece):
                merged[-1] += ", " + piece  # "March 2, 1987" stays whole
            else:
                merged.append(piece)
        return merged
    return [part]


def _unbracket(part: str) -> list[str]:
    """Split an agency in brackets off a field (``2/26/1987 3:01 PM (Reuters)``)."""
    if part[-1:] in ")]" and (bracketed := _BRACKETED.match(part)):
        name = bracketed.group("name")
        if _known_agency(name):
            rest = bracketed.group("rest").strip(" -–—,")
            return [rest, name] if rest else [name]
    return [part]


def _field(part: str) -> tuple[str, str] | None:
    """Return what one field of a row is (``date``, ``source``, ``author``, ``other``) and
    its value, or ``None`` if it is text."""
    found = label(part)
    if found is not None:
        name, value = found
        what = known_label(name)
        if what == "date":
            return ("date", value) if is_candidate(value) or _TIME_ONLY.match(value) else None
        if what == "source":
            return ("source", value) if value and len(value) <= 60 else None
        if what == "author":
            return ("author", value) if value and _is_name(value) else None
        if what == "other":
            return "other", value
        if not value and name in ("by", "from"):
            return None
    if is_candidate(part) or (part[:1].isdecimal() and _TIME_ONLY.match(part)):
        return "date", part
    if _known_agency(part):
        return "source", agency(part.strip(" -–—."))
    if (byline := _BYLINE.match(part)) and _is_name(byline.group("name")):
        return "author", byline.group("name")
    if "," in part and _is_name(part) and _known_agency(part.rpartition(",")[2]):
        return "author", part  # "Jane Doe, Reuters"
    if (lead := _LEAD_IN.match(part)) and _known_agency(lead.group("name")):
        return "source", agency(lead.group("name"))
    if _COUNTED.match(part):
        return "other", part
    if len(part) <= 40 and furniture_words(part) and not ends_sentence(part):
        return "other", part
    return None


def _may_name_a_section(part: str) -> bool:
    """Tell whether an unknown field of a row may be a section's name: a few words, no
    sentence, no digits."""
    found = words(part)
    return (
        0 < len(found) <= 3
        and len(part) <= 30
        and not any(c.isdigit() for c in part)
        and not part.endswith(SENTENCE_END)
        and function_share(part) < 0.34
    )


_LEAD_IN = re.compile(
    r"^(?:via|courtesy(?: of)?|source|sources|agency|wire|(?:provided|supplied|distributed|"
    r"syndicated|content|brought to you|sent|published|reported) by|content from)\s+(?P<name>.+)$",
    re.I,
)


def _known_agency(name: str) -> bool:
    """Tell whether ``name`` is a news agency's name (``Reuters``, ``AFP staff``)."""
    first = name.split(None, 1)[0].strip(" .,;:-–—").lower() if name.strip() else ""
    if first not in _AGENCY_FIRST_WORDS:
        return False  # most lines: their first word starts no agency's name
    cleaned = _STAFF.sub("", " ".join(name.split()).strip(" .,;:-–—")).lower()
    return cleaned in _AGENCIES


_Classified = tuple[Kind, DateValue | None, str, str]


@lru_cache(maxsize=4096)
def _classify_short(text: str, meta: bool) -> _Classified:
    """Return kind, date, source and author of a short line that may be furniture (``meta``:
    whether ``_may_be_meta(text)``); remembered, as pages repeat their furniture."""
    line = Line(0, text)
    if meta and _meta_parts(line, text):
        return line.kind, line.date, line.source, line.author
    if not _may_be_furniture(text):
        return TEXT, None, "", ""
    if _BOILERPLATE_RE.match(text):
        return BOILERPLATE, None, "", ""
    if (match := _COPYRIGHT.match(text)) and len(text) < 100:
        return SOURCE, None, _strip_year(match.group("name")), ""
    if _CAPTION_PREFIX.match(text):
        return CAPTION, None, "", ""
    return TEXT, None, "", ""


_NAME_WORDS = {
    "and",
    "of",
    "the",
    "&",
    "in",
    "with",
    "for",
    "staff",
    "writer",
    "reporter",
    "correspondent",
    "editor",
    "our",
    "de",
    "van",
    "von",
    "da",
    "al",
    "bin",
}


def _is_name(text: str) -> bool:
    """Tell whether a byline names someone: a few capitalised words (``Jane Doe, Staff``)."""
    words = text.replace(",", " ").split()
    return 0 < len(words) <= 7 and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in _NAME_WORDS for w in words
    )


def _strip_year(name: str) -> str:
    """Return a copyright holder's name without years or what follows its first sentence
    (``Reuters. All rights reserved.``)."""
    name = _YEAR.sub("", name).strip(" .,-")
    return name.split(". ", 1)[0].strip(" .,-")


def _may_be_meta(text: str) -> bool:
    """Tell cheaply whether a line may be a date or source line."""
    if text[:9].lower().startswith(_LABEL_HINT):
        return True
    if len(text) > MAX_LENGTH and not _may_split(text):
        # In one piece, a line this long is a source line or a byline (a label first) or
        # text: a date line, an agency's name or a time on its own is shorter.
        return False
    return bool(
        (_NUMERIC_HINT_ASCII if text.isascii() else _NUMERIC_HINT).search(text)
        or (len(text) < 25 and _first_letter(text) in _AGENCY_STARTS and _LONE_AGENCY.match(text))
    )


def _first_letter(text: str) -> str:
    """Return the first character of ``text`` in lower case if it is ASCII, else ``""``.

    The line expressions start with a few letters; ``x in letters`` rules out those that
    cannot match (``""`` is in every string: IGNORECASE also folds a few non-ASCII letters
    onto ASCII ones, "ſ" onto "s").
    """
    first = text[:1]
    return first.lower() if first.isascii() else ""


def _may_be_furniture(text: str) -> bool:
    """Tell cheaply whether ``_BOILERPLATE_RE``, ``_COPYRIGHT`` or ``_CAPTION_PREFIX`` may
    match: each starts with one of a few words (ASCII: by its first letters)."""
    # re.IGNORECASE also equates a few non-ASCII letters with ASCII ones ("ſ" and "s").
    if not text.isascii():
        return True
    lowered = text[:16].lower()
    starts = _FURNITURE_BY_FIRST.get(lowered[:1])
    return starts is not None and lowered.startswith(starts)


def _meta_parts(line: Line, text: str) -> bool:
    """Recognise date and source lines, also combined (``Reuters | March 2, 1987 | 2:01 PM``)."""
    parts = [p.strip() for p in _SPLIT.split(text) if p.strip()] if _may_split(text) else [text]
    if len(parts) > 4:
        return False
    source = author = ""
    date_parts: list[str] = []
    candidates = 0
    for part in parts:
        first = _first_letter(part)
        if first in _AGENCY_STARTS and _LONE_AGENCY.match(part):
            source = source or part.strip(" -–—.")
        elif is_candidate(part):
            date_parts.append(part)
            candidates += 1
        elif part[:1].isdecimal() and _TIME_ONLY.match(part):
            date_parts.append(part)
        elif first in _SOURCE_STARTS and (match := _SOURCE.match(part)):
            if len(fields(match.group("name"))) > 1:
                return False  # "Source: Reuters — 3 min read": a row for the field reader
            source = source or match.group("name")
        elif (
            first in _BYLINE_STARTS
            and (match := _BYLINE.match(part))
            and _is_name(match.group("name"))
        ):
            found, person = _byline(match.group("name"))
            source, author = source or found, author or person
        else:
            return False
    if len(date_parts) == 1 and candidates == 1:
        found_date = parse_candidate(date_parts[0])  # a candidate: not tested again
    else:
        found_date = parse_date_line(" ".join(date_parts)) if date_parts else None
    if date_parts and found_date is None:
        return False
    if found_date is not None:
        line.kind, line.date = DATE, found_date
    elif source:
        line.kind = SOURCE
    elif author:
        line.kind = BYLINE
    else:
        return False
    line.source, line.author = source, author
    return True


def _may_split(text: str) -> bool:
    """Tell cheaply whether ``_SPLIT`` may split ``text``: a bar or three spaces in a row."""
    # In printable ASCII the only character ``\s`` matches is the space.
    return not (text.isascii() and text.isprintable()) or "|" in text or "   " in text


def _byline(name: str) -> tuple[str, str]:
    """Split a byline into (agency, person): ``Jane Doe, Reuters`` → (Reuters, Jane Doe)."""
    if _known_agency(name):
        return agency(_STAFF.sub("", name.strip())), ""  # "Reuters Staff"
    if _is_agency(name):
        return name, ""
    for separator in (" via ", " for ", ", ", " of ", " and "):
        head, sep, tail = name.partition(separator)
        if sep and _known_agency(head) and not _known_agency(tail):
            return agency(_STAFF.sub("", head.strip())), ""  # "Reuters via Site"
    head, sep, tail = name.rpartition(",")
    if not sep:
        head, sep, tail = name.rpartition(" of ")
    if not sep:
        head, sep, tail = name.rpartition(" for ")
    if sep and _is_agency(tail):
        return tail.strip(), head.strip()
    return "", name


# -- the reader ------------------------------------------------------------------------------


def read_text(text: str, seed: str, hints: Hints = NO_HINTS) -> Article:
    """Turn the text of one scraped page into an ``Article`` (pure: no I/O).

    ``hints``: what is known of the page's site (learned furniture, the folder's override).
    """
    article, _ = read_lines(text, seed, hints)
    return article


def read_lines(text: str, seed: str, hints: Hints = NO_HINTS) -> tuple[Article, list[Line]]:
    """Return the article and the page's lines with the role each got (``digest explain``)."""
    if not text or text.isspace():
        raise ReaderError(seed, "empty file: no text at all")
    page = _Page(_lines(text, hints))
    title_line = _find_title(page, seed, hints)
    title_line.why = title_line.why or "title: the first line of text"
    body_lines = _collect_body(page, title_line)
    blocks = _blocks(body_lines)
    blocks = _trim_edges(page, blocks)
    blocks = _take_signoff(page, blocks)
    blocks = _take_captions(page, blocks)
    spaced = _single_spaced(text)
    paragraphs = [p for block in blocks for p in _paragraphs(block, spaced)]
    dateline, paragraphs = _take_dateline(page, paragraphs)
    if not paragraphs:
        raise ReaderError(seed, "no article text after the title", title_line.number)
    best = page.sources.best()
    source = hints.source or (agency(best) if best else "")
    article = Article(
        title=_without_affix(" ".join(title_line.text.split()), hints),
        date=_find_date(page, title_line, hints),
        body="\n\n".join(paragraphs),
        source=source,
        seed=seed,
        caption="\n".join(page.captions) or None,
        dateline=dateline,
        author=", ".join(dict.fromkeys(page.authors)),
    )
    if title_line.why.startswith("guessed"):
        article.doubts.append(title_line.why)
    if article.date is None and hints.date is None:
        # A last resort: the first full date the story's lead writes (a day, a month's
        # name and a year; an ISO or dotted date), marked as such in the import's log.
        found = text_dates(paragraphs[0][:600])
        if found:
            article.date = found[0].day
            shown = paragraphs[0][found[0].start : found[0].end]
            article.doubts.append(f"{TEXT_DATE} ('{shown}' in its first paragraph)")
    return article, page.lines


TEXT_DATE = "date taken from the story's text"
"""How the import's log says an article was dated from its text (``Article.doubts``)."""


def _without_affix(title: str, hints: Hints) -> str:
    """Remove the site's name from either end of a title (``Headline | Site``)."""
    if not hints.affixes:
        return title
    parts = split_affix(title)
    if parts is None:
        return title
    head, tail = parts
    if tail in hints.affixes:
        return head
    return title


def _lines(text: str, hints: Hints = NO_HINTS) -> list[Line]:
    """Return the lines of a page, classified."""
    lines = []
    marks = "[" in text and markup.has_link_marks(text)
    for number, raw in enumerate(text.split("\n"), start=1):
        line = Line(number, raw.rstrip())
        if marks and "[" in raw:
            line.text = markup.strip_link_marks(line.text).strip()
        if line.text:
            _unmark(line)
            if line.kind is TEXT and line.text:
                classify(line)
            elif not line.text and line.kind is TEXT:
                line.kind = BLANK
        else:
            line.kind = BLANK
        lines.append(line)
    _underlines(lines)
    _email_headers(lines)
    _references(lines)
    if hints is not NO_HINTS:
        _apply_hints(lines, hints)
    return lines


# What a line may start with, or hold, to carry Markdown marks (else ``_unmark`` is a no-op).
_MARK_FIRST = frozenset("#*_=-+~!")


_TITLE_LABEL = re.compile(r"^(?:headline|title|hed|head)\s*:\s+(?P<title>\S.*)$", re.I)


def _unmark(line: Line) -> None:
    """Take a line's Markdown marks off (``# Title``, ``**By x**``, ``* [Share](url)``);
    a line labelled as the headline (``Headline: x``) is the title."""
    text = line.text
    if text[:1] in "HhTt" and (titled := _TITLE_LABEL.match(text)):
        line.text, line.mark = titled.group("title"), markup.HEADING
        line.why = "title: labelled as the headline"
        return
    if text[0] not in _MARK_FIRST and "](" not in text and "**" not in text:
        return
    cleaned, mark = markup.clean(text)
    line.text, line.mark = cleaned, mark
    if mark == markup.RULE:
        line.kind, line.why = BLANK, "a rule (a line of marks)"
    elif mark in (markup.LINKS, markup.IMAGE):
        line.kind, line.why = BOILERPLATE, "nothing but links or images (a menu, a share bar)"


def _underlines(lines: list[Line]) -> None:
    """Mark a line underlined with ``===`` or ``---`` (a Setext heading) as a heading."""
    for index in range(1, len(lines)):
        line, above = lines[index], lines[index - 1]
        rule = line.raw.strip()
        if (
            line.mark == markup.RULE
            and above.kind is TEXT
            and rule[:1] in "=-"
            and abs(len(rule) - len(above.text)) <= max(3, len(above.text) // 3)
        ):
            above.mark, line.why = markup.HEADING, "underlines the line above (a heading)"


def _email_headers(lines: list[Line]) -> None:
    """Read an e-mail's headers at the top of the page (``Subject:``, ``From:``, ``Date:``)."""
    found: list[tuple[Line, str, str]] = []
    for line in lines:
        if line.kind is BLANK and not line.mark:
            if found:
                break
            continue
        parsed = markup.header(line.text)
        if parsed is None:
            break
        found.append((line, *parsed))
    names = {name for _, name, _ in found}
    if len(found) < 2 or not names & {"subject", "from", "date", "sent"}:
        return
    for line, name, value in found:
        line.why = f"e-mail header '{name}'"
        if name == "subject" and value:
            line.kind, line.text, line.mark = TEXT, markup.subject(value), markup.HEADING
        elif name in ("date", "sent") and (value_date := parse_date_line(value)) is not None:
            line.kind, line.date = DATE, value_date
        elif name == "from" and (sender := markup.sender(value)):
            line.kind, line.source, line.author = BYLINE, *_byline(sender)
            if line.source:
                line.kind = SOURCE
        else:
            line.kind = BOILERPLATE


def _references(lines: list[Line]) -> None:
    """Mark a text browser's list of links at the end of a page (``References``, numbered
    URLs) as furniture."""
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if line.kind is BLANK or markup.is_numbered_url(line.raw):
            continue
        if markup.is_references_heading(line.text) and index < len(lines) - 1:
            for rest in lines[index:]:
                if rest.kind is not BLANK:
                    rest.kind, rest.why = BOILERPLATE, "a text browser's list of links"
        return


def _apply_hints(lines: list[Line], hints: Hints) -> None:
    """Mark the lines the site's template (learned or written) calls furniture; a date,
    source or byline line keeps its role (every page of a day's folder shows the date)."""
    for line in lines:
        if line.kind is BLANK or line.kind is DATE or line.kind is SOURCE or line.kind is BYLINE:
            continue
        if len(line.raw) <= 300:
            why = hints.furniture_why(line.raw) or hints.furniture_why(line.text)
            if why:
                line.kind, line.why = BOILERPLATE, why
    if hints.date is not None:
        _override_date(lines, hints.date, hints.origin)


def _override_date(lines: list[Line], expression: re.Pattern[str], origin: str) -> None:
    """Mark the line where the folder's override expression finds the date."""
    for line in lines:
        if line.kind is not BLANK and (match := expression.search(line.text)):
            value = parse_date_line(match.group(1) if match.groups() else match.group(0))
            if value is not None:
                line.kind, line.date = DATE, value
                line.why = f"the date, as 'date' in {origin} says"
                return


def _find_title(page: _Page, seed: str, hints: Hints = NO_HINTS) -> Line:
    """Return the title: the first line of text above the story, unless a heading mark
    says otherwise or the line stands among the site's menus (its name, a row of links)."""
    lines = page.lines
    prose = _first_prose(lines)
    end = prose.number - 1 if prose is not None else len(lines)
    candidates = [line for line in lines[:end] if line.kind is TEXT and _LETTER.search(line.text)]
    learned = [
        line
        for line in lines[:end]
        if line.why.startswith(_TEMPLATE) and _classify_short(line.text, False)[0] is TEXT
    ]
    if not candidates and learned:
        # Every line above the story repeats on other pages: the title too (a story
        # saved under several names); the last of them stands nearest the story.
        title = learned[-1]
        title.kind, title.why = TEXT, "guessed title: the lines above the story all repeat"
        return title
    if not candidates:
        for line in lines:
            if line.kind is TEXT and _LETTER.search(line.text):
                return line
        raise ReaderError(seed, "no title: no line of text found")
    for line in candidates[:12]:
        if line.mark == markup.HEADING:
            line.why = "title: marked as a heading"
            return line
    for line in candidates[:12]:
        why = _site_like(lines, line, hints)
        if not why:
            if line is not candidates[0]:
                line.why = "title: the first line of text that is not the site's furniture"
            return line
        line.kind, line.why = BOILERPLATE, why
    first = candidates[0]
    first.kind, first.why = TEXT, "guessed title: every line above the story looks like furniture"
    return first


_AD = re.compile(r"(?:story|article) continues (?:below|after)\b|continue reading\b", re.I)
"""An advertisement's stand-in in the middle of a story: never a wrapped line of it."""
_TEMPLATE = ("furniture: repeats", "matches furniture")
"""How the evidence of the site's template starts (``Line.why``): never story text."""
_MENUS = ("nothing but links", "a row of short")
"""How the evidence for a menu starts (``Line.why``)."""


_TICKER = re.compile(
    r"^(?:breaking(?: news)?|now|latest|just in|trending|live|developing|watch|listen|"
    r"top story|most read|popular)\s*:\s+\S",
    re.I,
)
_WEATHER = re.compile(r"-?\d{1,3}\s?°\s?[CF]?\b|\b\d{1,3}\s?(?:degrees|deg)\b", re.I)
_ARROWS = "»›→>"


def _site_like(lines: list[Line], line: Line, hints: Hints = NO_HINTS) -> str:
    """Say why a line of text above the story is the site's furniture, or ``""``."""
    text = line.text
    if hints.prefixes and (prefix := line_prefix(text)) and prefix in hints.prefixes:
        return f"furniture: {hints.prefixes[prefix]} ('{prefix}')"
    if text.endswith(":"):
        return "a label (it ends with a colon)"
    if _TICKER.match(text):
        return "another story's headline in a ticker"
    if _WEATHER.search(text):
        return "the weather"
    if text[:1] in _ARROWS or text[-1:] in "»›→":  # not ">": tickers end "<ABC>"
        return "a link to a section (an arrow)"
    if _listed(text) and len(words(text)) <= 4:
        return "an item of a menu"
    if is_nav_row(text, columns=True) and not any(c.isdigit() for c in text):
        return "a row of short fields with few function words"
    if len(words(text)) <= 8 and furniture_words(text, strong=True) and not ends_sentence(text):
        return "furniture words above the story"
    index = line.number - 1
    for near in lines[max(0, index - 1) : index + 2]:
        if near is not line and near.kind is BOILERPLATE and near.why.startswith(_MENUS):
            return "in the site's header, beside its menus"
    return ""


def _first_prose(lines: list[Line]) -> Line | None:
    """Return the first line of the first paragraph that reads as story text."""
    block: list[Line] = []
    for line in lines:
        if line.kind is TEXT:
            block.append(line)
            continue
        if block and _opens_story(block):
            return block[0]
        block = []
    if block and _opens_story(block):
        return block[0]
    return None


def _opens_story(block: list[Line]) -> bool:
    """Tell whether a block may be the story's first paragraph: prose, and not one short
    line (a headline, however it ends: "... to U.S.")."""
    return (len(block) > 1 or len(block[0].text) >= 80) and _is_prose_block(block)


def _find_date(page: _Page, title: Line, hints: Hints = NO_HINTS) -> DateValue | None:
    """Return the first date line after the title (else before it); the override's."""
    if hints.date is not None:
        for line in page.lines:
            if line.why.startswith("the date, as"):
                return line.date
    before = None
    for line in page.lines:
        if line.kind is DATE:
            if line.number > title.number:
                return line.date
            if before is None and line.number < title.number:
                before = line
    return before.date if before is not None else None


def _collect_body(page: _Page, title: Line) -> list[Line]:
    """Return the lines after the title, furniture left out, noting sources and authors."""
    lines = page.lines
    # Lines are numbered from 1: the title's number is the index of the line after it.
    for line in lines[: title.number]:
        _note(page, line)
    body: list[Line] = []
    heading: Line | None = None
    """The furniture heading of a list of links the lines below may belong to."""
    for index in range(title.number, len(lines)):
        line = lines[index]
        kind = line.kind
        if kind is TEXT and heading is not None and _under_heading(lines, index):
            line.kind, line.why = BOILERPLATE, f"listed under '{heading.text}'"
            continue
        heading = line if kind is BOILERPLATE and _LIST_HEADING.search(line.text) else None
        if kind is not TEXT and kind is not BLANK:
            if kind is CAPTION:
                if body and body[-1].kind is not BLANK:
                    # Inside a block of text: taken out, the block split around it.
                    page.captions.append(" ".join(line.text.split()))
                    body.append(Line(line.number, "", BLANK))
                    continue
            elif (
                _continues(lines, index, title)
                and not line.why.startswith(_TEMPLATE)
                and not _AD.match(line.text)
            ):
                line.kind = TEXT  # a wrapped line of text that happens to look like furniture
                line.why = "continues the paragraph above"
            else:
                _note(page, line)
                continue
        body.append(line)
    return body


_LIST_HEADING = re.compile(
    r"^(?:related|recommended|most (?:read|popular|viewed|shared)|more (?:stories|news|from|on)|"
    r"in other news|also read|see also|read (?:more|next|also)|trending|you may also like|"
    r"top stories|latest(?: news| stories)?|editor'?s'? picks|what to read next|"
    r"related (?:coverage|stories|articles|news|links))\b[^.]{0,40}$",
    re.I,
)


def _under_heading(lines: list[Line], index: int) -> bool:
    """Tell whether a line is an item of the list below a furniture heading: right under
    it or under another item, short, no sentence."""
    text = lines[index].text
    return (
        lines[index - 1].kind is not BLANK
        and len(text) <= 120
        and not (text.endswith(SENTENCE_END[:3]) and function_share(text) >= 0.2)
    )


def _trim_edges(page: _Page, blocks: list[list[Line]]) -> list[list[Line]]:
    """Drop furniture above the story's first paragraph and below its last one: short
    lines that are no sentences and say what page furniture says."""
    # Only the first and the last paragraph of prose matter: looked for from either end.
    top = next((i for i, block in enumerate(blocks) if _is_prose_block(block)), None)
    bottom = None
    if top is not None:
        bottom = next(
            (i for i in range(len(blocks) - 1, top, -1) if _is_prose_block(blocks[i])), top
        )
    prose = [] if top is None or bottom is None else [top, bottom]
    if not prose:
        # No paragraph reads as prose (a table of results): only lists below the text go.
        prose = [i for i, block in enumerate(blocks) if not all(_edge_why(x) for x in block)]
        if not prose:
            return blocks
        prose = [0, prose[-1]]
    first, last = prose[0], prose[-1]
    kept = []
    for index, block in enumerate(blocks):
        if index > first and _signed(page.lines, blocks[index - 1][-1], block[0]):
            for line in (line for rest in blocks[index:] for line in rest):
                line.kind, line.why = BOILERPLATE, "below the signature delimiter ('--')"
            break
        if first <= index <= last:
            kept.append(_without_credits(block) if index == last else block)
            continue
        if index < first:
            for line in block:
                if _lone_name(line.text):
                    line.kind, line.why = BYLINE, "a name alone above the story: its author"
                    page.authors.append(line.text)
                elif _section_name(line.text):
                    line.kind, line.why = BOILERPLATE, "a section's name above the story"
        rest = [
            line
            for line in block
            if line.kind is CAPTION or (line.kind is TEXT and not _edge_furniture(line))
        ]
        if rest:
            kept.append(rest)
    return kept


def _without_credits(block: list[Line]) -> list[Line]:
    """Drop credit lines from the end of the story's last block (``(Editing by X)``),
    each a line of its own after a finished sentence."""
    end = len(block)
    while (
        end > 1
        and block[end - 2].text.endswith(SENTENCE_END)
        and (block[end - 1].text[:1] in "([" or furniture_words(block[end - 1].text, strong=True))
        and _edge_furniture(block[end - 1])
    ):
        end -= 1
    return block[:end]


def _signed(lines: list[Line], last: Line, first: Line) -> bool:
    """Tell whether an e-mail's signature delimiter (``--``) lies between two lines."""
    return any(
        line.mark == markup.RULE and line.raw.strip() == "--"
        for line in lines[last.number : first.number - 1]
    )


def _is_prose_block(block: list[Line]) -> bool:
    """Tell whether a block is story text (a list of links or headlines is not)."""
    if all(_listed(line.text) for line in block):
        return False
    return is_prose(" ".join(line.text for line in block))


def _listed(text: str) -> bool:
    """Tell whether a line is an item of a list (a bullet or a number first)."""
    return (
        text[:1] in _BULLETS
        or text[:2] in ("- ", "* ", "+ ")
        or (text[:1].isdigit() and _NUMBERED.match(text) is not None)
    )


_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+\S")


def _section_name(text: str) -> bool:
    """Tell whether a line is a section's name in capitals (``MARKETS``, ``WORLD NEWS``)."""
    return 0 < len(text.split()) <= 2 and text.isupper() and not any(c.isdigit() for c in text)


def _lone_name(text: str) -> bool:
    """Tell whether a line is nothing but a person's name (``Jane Doe``)."""
    found = text.split()
    return (
        2 <= len(found) <= 4
        and all(w[:1].isupper() and w.replace(".", "").replace("-", "").isalpha() for w in found)
        and not any(w.lower() in FUNCTION_WORDS for w in found)
        and not _known_agency(text)
    )


def _edge_furniture(line: Line) -> bool:
    """Tell whether a line outside the story's paragraphs is furniture, and say why."""
    why = _edge_why(line)
    if why:
        line.kind, line.why = BOILERPLATE, why
    return bool(why)


def _edge_why(line: Line) -> str:
    """Say why a line outside the story's paragraphs is furniture (``""``: it is not)."""
    text = line.text
    if _listed(text) and len(text) <= 200:
        return "a list item outside the story"
    if len(text) > 200:
        return ""
    count = len(words(text))
    if ends_sentence(text):
        # A sentence is the story's, unless it is short and says what only a site says.
        if count <= 14 and furniture_words(text, strong=True):
            return "furniture words outside the story"
        return ""
    if has_url(text) and count <= 12:
        return "a link outside the story"
    if count <= (16 if furniture_words(text, strong=True) else 6) and furniture_words(text):
        return "furniture words outside the story"
    if (found := label(text)) is not None and known_label(found[0]):
        return f"a '{found[0]}' field outside the story"
    return ""


_BULLETS = "•·»›>▪■◦‣●○→"


def _continues(lines: list[Line], index: int, title: Line) -> bool:
    """Tell whether a line continues the hard-wrapped paragraph on the line before it."""
    before = lines[index - 1] if index > 0 else None
    return (
        before is not None
        and before.kind is TEXT
        and before is not title
        and len(before.text) >= 50
        and not _indented(lines[index].raw)
    )


def _indented(raw: str) -> bool:
    """Tell whether ``_INDENT`` matches ``raw`` (``\\s`` is what ``str.isspace`` accepts)."""
    return raw[:1] == "\t" or (len(raw) > 1 and raw[:2].isspace())


def _note(page: _Page, line: Line) -> None:
    if line.kind is SOURCE and line.source:
        if _COPYRIGHT.match(line.text) and not _SOURCE.match(line.text):
            # The agency's copyright beats the site's: the site republished its story.
            known = page.sources.copyright
            if not known or (_known_agency(line.source) and not _known_agency(known)):
                page.sources.copyright = line.source
        elif _BYLINE.match(line.text.split("|")[0].strip()):
            page.sources.byline = page.sources.byline or line.source
        else:
            page.sources.explicit = page.sources.explicit or line.source
    elif line.kind is DATE and line.source:
        page.sources.byline = page.sources.byline or line.source
    if line.author:
        page.authors.append(line.author)


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Group lines into blocks separated by blank lines."""
    blocks: list[list[Line]] = [[]]
    for line in lines:
        if line.kind is BLANK:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(line)
    return [b for b in blocks if b]


def _take_signoff(page: _Page, blocks: list[list[Line]]) -> list[list[Line]]:
    """Remove a wire sign-off (``REUTER``, ``More``) from the end of the text."""
    if not blocks:
        return blocks
    last = blocks[-1][-1]
    # Wire copy spells deleted control codes in caret notation ("REUTER...^M").
    raw = _CARET.sub("", last.raw) if "^" in last.raw else last.raw
    word = _misspelt_agency(raw)
    match = _SIGNOFF.match(raw) if _may_end_with_signoff(raw) else None
    if word is None and (
        match is None or (match.group("body").strip() and not _spaced_last_word(raw))
    ):
        return blocks
    rest = ""
    if word is None and match is not None:
        word, rest = match.group("word"), match.group("body").rstrip()
    if word and (word.lower().startswith("reuter") or word.lower() in _AGENCIES):
        page.sources.signoff = agency(word)
    if rest.strip():
        blocks[-1][-1] = Line(last.number, rest, TEXT)
    else:
        blocks[-1].pop()
    return [b for b in blocks if b]


def _spaced_last_word(line: str) -> bool:
    """Tell whether the last word of ``line`` follows two or more spaces (``\\s{2,}\\S+\\s*$``
    searched, without its quadratic time on a long run of spaces)."""
    stripped = line.rstrip()
    if not stripped:
        return False
    start = len(stripped) - len(stripped.rsplit(None, 1)[-1])
    return start >= 2 and stripped[start - 2 : start].isspace()


def _may_end_with_signoff(line: str) -> bool:
    """Tell cheaply whether ``_SIGNOFF`` may match ``line`` (ASCII: by its last word)."""
    # re.IGNORECASE also equates a few non-ASCII letters with ASCII ones ("ſ" and "s").
    return not line.isascii() or line.rstrip().rstrip(".").lower().endswith(_SIGNOFF_ENDS)


def _misspelt_agency(line: str) -> str | None:
    """Return the agency a lone capitalised last word misspells (``REUETER``), else ``None``."""
    word = line.strip().rstrip(".")
    if not (5 <= len(word) <= 9 and word.isalpha() and word.isupper()):
        return None
    return _agency_spelt(word.lower())


@lru_cache(maxsize=1024)
def _agency_spelt(word: str) -> str | None:
    """Return the agency name ``word`` is close to (remembered: wire copy signs off alike)."""
    for name in _SIGNOFF_NAMES:
        if difflib.SequenceMatcher(None, word, name).ratio() >= 0.8:
            return name
    return None


def _take_captions(page: _Page, blocks: list[list[Line]]) -> list[list[Line]]:
    """Move photo captions (a line of its own ending in a credit) out of the text."""
    kept = []
    for block in blocks:
        if len(block) == 1 and block[0].kind is CAPTION:
            page.captions.append(" ".join(block[0].text.split()))
        else:
            kept.append(block)
    return kept


def _paragraphs(block: list[Line], spaced: bool = False) -> list[str]:
    """Join hard-wrapped lines; an indented line starts a new paragraph (``spaced``: the
    page has no other whitespace than spaces and line feeds, as ``_single_spaced`` tells)."""
    if len(block) == 1:
        return [_collapsed(block[0].text, spaced)]
    paragraphs: list[list[str]] = []
    # Indentation counts from the block's own margin: a text browser indents everything.
    base = _margin(block)
    for line in block:
        # Most lines start with a letter: no call to _indented for them.
        if not paragraphs or (line.raw[base : base + 1].isspace() and _indented(line.raw[base:])):
            paragraphs.append([])
        paragraphs[-1].append(line.text)
    return [_collapsed(" ".join(p), spaced) for p in paragraphs]


def _margin(block: list[Line]) -> int:
    """Return how many leading whitespace characters every line of a block has."""
    if not block[0].raw[:1].isspace():
        return 0  # most blocks: no margin
    return min(len(line.raw) - len(line.raw.lstrip()) for line in block)


# Whitespace str.split() splits at in ASCII text, but for the space and the line feed.
_OTHER_ASCII_SPACE = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f"


def _single_spaced(text: str) -> bool:
    """Tell whether the only whitespace in ``text`` is spaces and line feeds (as decoded)."""
    return text.isascii() and not any(char in text for char in _OTHER_ASCII_SPACE)


def _collapsed(text: str, spaced: bool) -> str:
    """Return ``" ".join(text.split())``; ``spaced``: ``text`` has no line feed and no other
    whitespace than spaces (then only two spaces in a row or one at an end need work)."""
    if spaced and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def _take_dateline(page: _Page, paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """Remove the wire dateline (``SALVADOR, Feb 26 -``) from the first paragraph."""
    if not paragraphs:
        return None, paragraphs
    first = paragraphs[0]
    if (
        len(paragraphs) > 1
        and _ends_with_day_or_dash(first)
        and (alone := _DATELINE_ALONE.match(first))
    ):
        return alone.group("dateline"), paragraphs[1:]
    match = _AGENCY_DATELINE.match(first) if _may_hold_agency(first) else None
    if match is not None and _is_name(match.group("source")):
        page.sources.dateline = match.group("source")
    else:
        match = _DATELINE.match(first) if _DASH_AFTER_SPACE.search(first) else None
    if match is None:
        return None, paragraphs
    rest = match.group("rest").strip()
    dateline = " ".join(match.group("dateline").split())
    return dateline, ([rest] if rest else []) + paragraphs[1:]


def _ends_with_day_or_dash(text: str) -> bool:
    """Tell whether ``_DAY_OR_DASH_AT_END`` matches, looking at the end only (``\\d``: a
    character of category Nd, as ``str.isdecimal`` tells)."""
    last = text[-2:-1] if text.endswith("\n") else text[-1:]
    return last != "" and (last in "-–—" or last.isdecimal())


def _may_hold_agency(paragraph: str) -> bool:
    """Tell cheaply whether ``_AGENCY_DATELINE`` may match: a bracket after <= 60 characters."""
    bracket = paragraph.find("(")
    return bracket > 0 and len(paragraph[:bracket].rstrip()) <= 60
