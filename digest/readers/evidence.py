"""Evidence about one line of a scraped page that holds for any site's layout.

The text reader decides a line's role (title, date line, byline, furniture, body) from
these features rather than from one pattern per layout: prose has many function words
and ends its sentences, furniture is short, link-heavy, labelled or a row of short fields.
Each function is pure and cheap; none looks at another line.
"""

from __future__ import annotations

import re

# The commonest English function words: prose has many (a quarter to a half of its words),
# navigation, share bars and labels almost none.
_FUNCTION_TEXT = """a an the and or but nor of to in on at by for with from as into onto over
under about after before than that this these those which who whom whose what when where
while is are was were be been being has have had do does did will would shall should can
could may might must not no it its it's he she they them their his her we our you your i me
my there here if then so also said says up out more most some any all each other such only
very just because since until"""
FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b[\w-]+\.(?:com|org|net|co\.uk)/\S*")
SENTENCE_END = (".", "!", "?", '."', '!"', '?"', ".”", "!”", "?”", ".'", ".)", ":")
"""How a sentence (or the lead-in to a quote or a list) ends."""

# Words of page furniture in any layout: what a site says around a story, never in it.
# Matched as whole words in a short line, with no sentence around them. The strong ones
# are never a headline's words; the weak ones may be ("share", "video"), so they count
# only outside the story.
_STRONG = (
    r"subscribe[sd]?|subscription|unsubscribe|newsletters?|sign(?:ed)? (?:in|up)|log ?in|"
    r"log ?out|privacy(?: policy)?|cookie (?:policy|settings)|terms of (?:use|service)|"
    r"contact us|about us|advertise with us|advertisement|all rights reserved|"
    r"rights reserved|skip to|jump to|back to top|main menu|read more|read next|"
    r"most (?:read|popular|viewed)|share this|print this|e-?mail this|leave a (?:reply|comment)|"
    r"posted in|filed (?:in|under)|min(?:ute)? read|reading time|download (?:the|our) app|"
    r"app store|google play|powered by|follow us|report an? (?:error|issue|problem)|"
    r"recommended for you|you may also like|more stories|latest news|top stories|"
    r"accessibility(?: help)?|open menu|close menu|main menu|menu search|site map|sitemap|"
    r"(?:additional )?reporting by|editing by|edited by|writing by|written by|compiled by|"
    r"produced by|translated by|unsubscribe|enter your e-?mail|e-?mail address|"
    r"was this (?:article|story|page) (?:helpful|useful)|on social media|sent by|"
    r"forward this (?:e-?mail|to|article|story|page)|back to (?:home|top|index)|"
    r"get our (?:daily |weekly )?newsletter|"
    r"(?:story|article) continues|continue reading|continues (?:below|after)|"
    r"\(c\)|©|copyright"
)
_WEAK = (
    r"share|print|e-?mail|tweet|comments?|reply|replies|bookmark|save|editor(?:ial)?s?|"
    r"edited|corrections?|related|see also|trending|recommended|sponsored|advertise|"
    r"register|menu|search|home|homepage|permalink|tags?|topics?|categor(?:y|ies)|keywords|"
    r"whatsapp|facebook|twitter|linkedin|reddit|telegram|pinterest|mastodon|rss|feedback|"
    r"listen|video|audio|gallery|photos?|copyright|reproduction|permission"
)
_STRONG_WORDS = re.compile(rf"\b(?:{_STRONG})\b", re.I)
_FURNITURE_WORDS = re.compile(rf"\b(?:{_STRONG}|{_WEAK})\b", re.I)
# A field row's separators: a bar, a middle dot, a bullet, a slash, a dash or a semicolon
# between spaces, or three spaces (columns).
FIELD_SPLIT = re.compile(r"\s+[|¦·•/—–]\s+|\s*;\s+|\s+::?\s+|\s+-\s+|\s{3,}|\s*[|¦·•]\s*(?=\S)")
_LABEL = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ]{0,24}?)\s*:\s*(?P<value>.*)$")

DATE_LABELS = frozenset(
    [
        "date",
        "dated",
        "published",
        "posted",
        "updated",
        "modified",
        "filed",
        "released",
        "issued",
        "created",
        "time",
        "sent",
        "last updated",
        "first published",
        "publication date",
        "published on",
        "posted on",
        "updated on",
        "date published",
        "date posted",
        "pubdate",
        "last modified",
    ]
)
SOURCE_LABELS = frozenset(
    [
        "source",
        "sources",
        "agency",
        "via",
        "credit",
        "credits",
        "courtesy",
        "courtesy of",
        "wire",
        "news agency",
        "provider",
        "from",
        "publisher",
        "origin",
        "feed",
        "wire service",
        "news service",
        "service",
        "distributed by",
        "syndicated by",
        "supplied by",
        "content from",
    ]
)
AUTHOR_LABELS = frozenset(
    [
        "by",
        "author",
        "authors",
        "writer",
        "written by",
        "reporter",
        "reported by",
        "correspondent",
        "byline",
        "words",
        "story by",
        "text",
    ]
)
OTHER_LABELS = frozenset(
    [
        "editor",
        "editors",
        "edited by",
        "editing by",
        "copy editor",
        "photo",
        "photos",
        "image",
        "images",
        "picture",
        "caption",
        "tags",
        "tag",
        "topics",
        "topic",
        "filed under",
        "category",
        "categories",
        "section",
        "keywords",
        "share",
        "print",
        "email",
        "e-mail",
        "comments",
        "read more",
        "related",
        "see also",
        "reading time",
        "read time",
        "length",
        "word count",
        "contact",
        "subject",
        "to",
        "cc",
        "reply-to",
        "message-id",
        "location",
        "place",
        "dateline",
        "region",
        "language",
        "lang",
        "url",
        "link",
        "permalink",
        "id",
        "story id",
        "reference",
        "ref",
        "translated by",
        "additional reporting",
        "additional reporting by",
        "compiled by",
        "produced by",
        "follow",
        "follow us",
    ]
)


def words(text: str) -> list[str]:
    """Return the words of ``text`` (letters first; numbers are not words here)."""
    return _WORD.findall(text)


def function_share(text: str) -> float:
    """Return the share of function words among the words of ``text`` (0 without words)."""
    found = words(text)
    if not found:
        return 0.0
    return sum(w.lower() in FUNCTION_WORDS for w in found) / len(found)


def is_prose(text: str) -> bool:
    """Tell whether a paragraph is story text: a long run of words with function words."""
    # The first 400 characters tell the share of function words of a long paragraph.
    found = _WORD.findall(text, 0, 400)
    if len(found) < 8:
        return False
    share = sum(map(FUNCTION_WORDS.__contains__, map(str.lower, found))) / len(found)
    if share >= 0.12 and (len(found) >= 25 or len(text) > 400):
        return True
    return share >= 0.15 and text.rstrip().endswith(SENTENCE_END)


def url_share(text: str) -> float:
    """Return the share of the line's characters inside URLs or e-mail addresses."""
    covered = sum(len(m.group(0)) for m in _URL.finditer(text))
    return covered / max(1, len(text.strip()))


def has_url(text: str) -> bool:
    """Tell whether the line holds a URL or an e-mail address."""
    return _URL.search(text) is not None


def furniture_words(text: str, strong: bool = False) -> bool:
    """Tell whether a short line says what page furniture says (share, subscribe, ...);
    ``strong``: words no headline uses (subscribe, all rights reserved)."""
    return (_STRONG_WORDS if strong else _FURNITURE_WORDS).search(text) is not None


def ends_sentence(text: str) -> bool:
    """Tell whether a short line is a sentence: a few words, function words, a full stop."""
    found = words(text)
    return (
        len(found) >= 3
        and text.rstrip().endswith(SENTENCE_END[:-1])
        and any(w.lower() in FUNCTION_WORDS for w in found)
    )


def fields(text: str) -> list[str]:
    """Split a row into its fields (``Date: x | By y``); one field if it is not a row."""
    return [part.strip() for part in FIELD_SPLIT.split(text) if part.strip()]


def label(field: str) -> tuple[str, str] | None:
    """Return (label in lower case, value) of a ``Label: value`` field, else ``None``."""
    match = _LABEL.match(field)
    if match is None:
        return None
    return " ".join(match.group("label").lower().split()), match.group("value").strip()


def known_label(name: str) -> str:
    """Return what a field label is about: ``date``, ``source``, ``author``, ``other`` or ``""``."""
    if name in DATE_LABELS:
        return "date"
    if name in SOURCE_LABELS:
        return "source"
    if name in AUTHOR_LABELS:
        return "author"
    if name in OTHER_LABELS:
        return "other"
    return ""


_LINK_SPLIT = re.compile(r"\s*[|¦·•]\s*|\s+::\s+")


def is_nav_row(text: str, columns: bool = False) -> bool:
    """Tell whether a line is a row of short links (navigation, sections, share buttons)
    split by bars, dots or bullets (``columns``: also by runs of spaces, as tables are)."""
    parts = [p.strip() for p in (FIELD_SPLIT if columns else _LINK_SPLIT).split(text) if p.strip()]
    if len(parts) < 3:
        return False
    return all(len(words(p)) <= 3 and not p.endswith(SENTENCE_END[:3]) for p in parts) and (
        function_share(text) < 0.2
    )
