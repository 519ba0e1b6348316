"""The one content object: readers return it, writers and index builders consume it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

DateValue = dt.datetime | dt.date


@dataclass
class Article:
    """One news article, as read from a seed or from an article file's front matter."""

    title: str
    """Headline, in the case the page showed it."""
    date: DateValue | None
    """Publication date at the precision the page showed (a ``date`` when no time was given).
    A ``datetime`` is time-zone aware only when the page stated a zone."""
    body: str
    """Plain text (not Markdown): paragraphs separated by one blank line, no dateline prefix."""
    source: str = ""
    """Who published it (``Reuters``, ``Agencies``), from the page's source line."""
    seed: str = ""
    """Path of the raw file relative to ``seeds/`` (POSIX separators)."""
    caption: str | None = None
    """Photo caption including its bracketed credit, kept out of the body."""
    dateline: str | None = None
    """Wire dateline such as ``SALVADOR, Feb 26``, removed from the first paragraph."""
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    """Flat list of display names (what the site and Material show)."""
    places: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    slug: str = ""
    """Last URL segment; fixed at import so that a hand-edited title does not move the page."""
    path: str = ""
    """Article file relative to ``docs_dir`` (POSIX), e.g. ``articles/2013/11/01/x.md``."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Front matter keys this tool does not know; kept untouched."""
    url: str = ""
    """Address of the original (an ``http(s)`` URL), where the seed gave it."""
    author: str = ""
    """Who wrote it, where the seed named them."""
    lang: str = ""
    """Language of the text as a BCP 47 tag (``en``, ``pt-BR``), where the seed gave it."""
    doubts: list[str] = field(default_factory=list, compare=False)
    """What the reader was unsure of (a guessed title), for the import's log; never
    written to the article file."""
    markdown: str = ""
    """The body already as escaped Markdown, when the reader kept the page's structure
    (subheadings, lists, quotes, tables, links); empty: written from ``body``. Never read
    back from an article file (there ``body`` is the Markdown)."""

    @property
    def day(self) -> dt.date | None:
        """Return the calendar day of publication."""
        if isinstance(self.date, dt.datetime):
            return self.date.date()
        return self.date

    def sort_key(self) -> tuple[str, str]:
        """Return a key that orders articles oldest first, ties broken by path."""
        if self.date is None:
            return ("", self.path)
        if isinstance(self.date, dt.datetime):
            return (self.date.replace(tzinfo=None).isoformat(), self.path)
        return (self.date.isoformat() + "T00:00:00", self.path)
