"""Turn plain text into Markdown that renders back to exactly the same visible text.

Python-Markdown passes raw HTML through and reads ``*``, ``_``, backticks,
``[x](y)``, ``#`` or ``1987.`` at a line start, indented lines and ``---`` as
markup. Article text is news, not markup: every such character is escaped so
the built page shows the words of the seed, and nothing in a seed can inject
HTML or script into the site.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Characters Python-Markdown un-escapes after a backslash and that can start markup
# anywhere in a line. ``<``, ``>`` and ``&`` become entities instead: Python-Markdown
# has no backslash escape for ``<``.
_ESCAPES = {
    **{char: "\\" + char for char in "\\`*_[]{}"},
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
}
_INLINE = re.compile(r"[\\`*_\[\]{}&<>]")
_INLINE_CHARS = "\\`*_[]{}&<>"
# Markup that only counts at the start of a line: headings, lists, rules, quotes,
# admonitions, fences, definition lists and tables.
_LINE_START = re.compile(r"^([#+\-!])")
_ORDERED = re.compile(r"^(\d+)([.)])(?=\s|$)")
# No backslash escape exists for these in every extension set: use a character reference.
_LINE_START_ENTITY = re.compile(r"^[~=:|]")
_BLANK_LINE = re.compile(r"\n\s*\n")
_MAY_START_MARKUP = frozenset("#+-!~=:|")


def escape_inline(text: str) -> str:
    """Escape ``text`` for use inside a line of Markdown (a link text, a list item)."""
    return _INLINE.sub(lambda m: _ESCAPES[m.group(0)], text)


def escape_paragraph(text: str) -> str:
    """Escape one paragraph of plain text as one line of Markdown."""
    return _escape_line(" ".join(text.split()))


def _escape_line(line: str) -> str:
    """Escape a paragraph whose whitespace is already collapsed to single spaces."""
    return _escape_line_start(escape_inline(line))


def escape_line_start(line: str) -> str:
    """Escape the markup at the start of a line of Markdown whose inline escapes are done."""
    return _escape_line_start(line)


def _escape_line_start(line: str) -> str:
    """Escape the markup at the start of a paragraph whose inline escapes are done."""
    if not (line[:1] in _MAY_START_MARKUP or line[:1].isdigit()):
        return line  # most lines: none of the three expressions below can match
    line = _LINE_START.sub(r"\\\1", line)
    line = _ORDERED.sub(r"\1\\\2", line)
    return _LINE_START_ENTITY.sub(lambda m: f"&#{ord(m.group(0))};", line)


def paragraphs(body: str, limit: int | None = None) -> list[str]:
    """Split plain text into paragraphs at blank lines, whitespace collapsed (the first
    ``limit`` only, when given)."""
    return list(_paragraphs(body)[:limit])


@lru_cache(maxsize=1)
def _paragraphs(body: str) -> tuple[str, ...]:
    # Remembered for the last body: an import summarises, writes and fingerprints it.
    parts = body.split("\n\n")
    if _is_split_form(body, parts):
        return tuple(parts)
    return split_paragraphs(body)


def split_paragraphs(body: str) -> tuple[str, ...]:
    """Return the paragraphs of ``body``, whitespace collapsed (``paragraphs`` without its
    shortcut, for the tests)."""
    return tuple(filter(None, (" ".join(p.split()) for p in _BLANK_LINE.split(body))))


# Whitespace str.split() splits at in ASCII text, but for the space and the line feed.
_OTHER_ASCII_SPACE = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f"


def _is_split_form(body: str, parts: list[str]) -> bool:
    """Tell whether ``body`` is already paragraphs joined by blank lines, as the reader
    writes it (``parts``: ``body`` split at each blank line): ASCII, single spaces, every
    line feed one of a pair between two words."""
    if not body or not body.isascii() or any(char in body for char in _OTHER_ASCII_SPACE):
        return False
    # An empty part, a line feed in a part or a space at either end of one shows as a
    # line feed, two spaces in a row or a space at an end once they are joined by spaces.
    spaced = " ".join(parts)
    return "\n" not in spaced and "  " not in spaced and spaced[0] != " " and spaced[-1] != " "


def body_to_markdown(body: str) -> str:
    """Return the Markdown for a plain-text article body."""
    # The inline escapes run once over the whole text (most bodies need none): escaping
    # adds no line break, so the paragraphs come apart again at the blank lines.
    parts = paragraphs(body)
    joined = "\n\n".join(parts)
    text = _replace_inline(joined)
    if text is not joined:
        parts = text.split("\n\n")
    # Most paragraphs start with a letter: no call to _escape_line_start for them.
    starts = _MAY_START_MARKUP
    escaped = [_escape_line_start(p) if p[:1] in starts or p[:1].isdigit() else p for p in parts]
    return "\n\n".join(escaped) + "\n"


# _INLINE_CHARS is in an order that escapes no escape twice: the backslash before the
# characters whose escapes add one, "&" before those whose entities add one.
_ESCAPE_ORDER = tuple((char, _ESCAPES[char]) for char in _INLINE_CHARS)


def _replace_inline(text: str) -> str:
    """Return ``escape_inline(text)``: each character looked for with ``in`` and replaced
    with ``str.replace`` (memchr; cheaper than _INLINE's scan and a call per match)."""
    for char, escaped in _ESCAPE_ORDER:
        if char in text:
            text = text.replace(char, escaped)
    return text
