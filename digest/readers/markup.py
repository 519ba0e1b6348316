"""Page conventions that are not plain text: Markdown dumps, e-mail headers, text browsers.

Scrapers save pages as html-to-Markdown output (``# Title``, ``**By ...**``, share links as
list items), as e-mail (``Subject:``/``From:``/``Date:`` headers) or as a text browser's
dump (``[12]`` link markers, a numbered list of URLs at the end). ``clean`` takes the
marks off one line and says what the marks made of it; ``email_headers`` and
``references_start`` look at the page as a whole. Pure functions, no I/O.
"""

from __future__ import annotations

import re

HEADING = "heading"
LINKS = "links"
RULE = "rule"
IMAGE = "image"

_ATX = re.compile(r"^#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
_RULE_CHARS = frozenset("=-*_~#+. ")
_IMAGE = re.compile(r"!\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)")
# A link to a web address, a path or an anchor: what an html-to-Markdown dump writes (a
# "javascript:" or "data:" address is not a page's link; such text is kept as written).
_LINK = re.compile(
    r"\[(?P<text>[^\]\n]{0,300})\]\((?P<url>(?:https?://|www\.|/|#|\.\.?/)[^)\s]{0,500})"
    r"(?:\s+\"[^\"\n]{0,200}\")?\)"
)
_LIST_ITEM = re.compile(r"^(?:[*+-]|\d{1,3}[.)])[ \t]+")
# The text between two marks holds no mark and is bounded: linear time on any line.
_EMPHASIS = re.compile(r"(\*\*|__)(?=[^\s*_])(?P<text>[^*_\n]{1,500}?)(?<=[^\s*_])\1")
_WRAPPED = re.compile(r"^(?P<mark>[*_]{1,3})(?=\S)(?P<text>.+?)(?<=\S)(?P=mark)$")
_LYNX_MARK = re.compile(r"\[\d{1,4}\](?=\S)")
_NUMBERED_URL = re.compile(r"^\s*\d{1,4}\.\s+(?:https?|ftp|file|mailto):\S*\s*$", re.I)
_REFERENCES = frozenset(["references", "visible links", "hidden links", "links", "links:"])
# E-mail and news headers: the names a mail program writes at the top of a message.
EMAIL_HEADERS = frozenset(
    [
        "from",
        "to",
        "cc",
        "bcc",
        "date",
        "sent",
        "subject",
        "reply-to",
        "message-id",
        "newsgroups",
        "organization",
        "organisation",
        "x-mailer",
        "mime-version",
        "content-type",
        "content-transfer-encoding",
        "return-path",
        "received",
        "sender",
        "in-reply-to",
        "references",
        "importance",
        "priority",
        "list-id",
        "keywords",
        "summary",
        "lines",
        "path",
        "x-source",
        "delivered-to",
    ]
)
_HEADER = re.compile(r"^(?P<name>[A-Za-z][A-Za-z-]{0,30}):[ \t]*(?P<value>.*)$")
_REPLY_PREFIX = re.compile(r"^(?:(?:re|fwd?|fw|tr|aw|wg)\s*:\s*)+", re.I)


def clean(text: str) -> tuple[str, str]:
    """Return a stripped line without its Markdown marks, and what the marks made of it:
    ``heading``, ``links`` (nothing but links: a menu or a share bar), ``rule`` (a line of
    ``===``/``---``), ``image``, or ``""``."""
    first = text[:1]
    if (
        len(text) >= 3
        and first in _RULE_CHARS
        and set(text) <= _RULE_CHARS
        and text.count(" ") <= len(text) - 3
    ):
        return "", RULE
    if text == "--":
        return "", RULE  # the e-mail signature delimiter
    kind = ""
    if first == "#" and (heading := _ATX.match(text)):
        text, kind = heading.group("text"), HEADING
    if "](" in text:
        if "![" in text:
            without = _IMAGE.sub("", text)
            if not without.strip(" *_-|·•,"):
                return "", IMAGE
            text = without
        linked = _LINK.sub(r"\g<text>", text)
        rest = _LINK.sub("", text)
        if linked != text and not _LIST_ITEM.sub("", rest).strip(" *_-|·•,;/:()"):
            return " ".join(linked.split()), LINKS  # only links: a menu, a share bar
        text = linked
    if "**" in text or "__" in text:
        text = _EMPHASIS.sub(r"\g<text>", text)
    if text[:1] in "*_" and (wrapped := _WRAPPED.match(text)):
        text = wrapped.group("text")
    return text, kind


def strip_link_marks(text: str) -> str:
    """Remove a text browser's ``[12]`` link markers from a line."""
    return _LYNX_MARK.sub("", text)


def has_link_marks(text: str) -> bool:
    """Tell whether a page carries a text browser's link markers (three or more)."""
    return "[" in text and len(_LYNX_MARK.findall(text, 0, 200_000)) >= 3


def is_numbered_url(text: str) -> bool:
    """Tell whether a line is an entry of a text browser's list of links (``12. https://``)."""
    return _NUMBERED_URL.match(text) is not None


def is_references_heading(text: str) -> bool:
    """Tell whether a line heads a text browser's list of links."""
    return text.lower() in _REFERENCES


def header(text: str) -> tuple[str, str] | None:
    """Return (name in lower case, value) of an e-mail header line, else ``None``."""
    match = _HEADER.match(text)
    if match is None:
        return None
    name = match.group("name").lower()
    if name not in EMAIL_HEADERS and not name.startswith(("x-", "list-", "content-", "dkim")):
        return None
    return match.group("name").lower(), match.group("value").strip()


def subject(value: str) -> str:
    """Return an e-mail subject without ``Re:``/``Fwd:`` prefixes."""
    return _REPLY_PREFIX.sub("", value).strip()


_ADDRESS = re.compile(r"<[^<>\s]*@[^<>\s]*>|\S+@\S+")


def sender(value: str) -> str:
    """Return the name in a ``From:`` header (``Jane Doe <jd@x.org>`` → ``Jane Doe``)."""
    if len(value) > 200:
        return ""  # not a sender (and the address expression is slow on long words)
    return _ADDRESS.sub("", value).strip(" \"'()")
