"""What the text reader knows about a page before reading it.

Two things can tell it: the other seeds of the same folder (lines that recur across many
of them are the site's template, learned at import time by ``digest.articles.templates``)
and the folder's override file, ``seeds/<folder>/.digest.yml``, where a user fixes a site
without code. Both arrive as one ``Hints``; the reader stays pure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field


def line_key(text: str) -> str:
    """Return the form a line is learned and looked up in: whitespace collapsed."""
    return " ".join(text.split())


_AFFIX = re.compile(r"^(?P<head>.{8,}?)\s+(?:\||::|-|–|—|·|•|»)\s+(?P<tail>[^|:–—·•»]{2,60})$")


_PREFIX = re.compile(r"^(?P<label>[^\W\d_][\w'’]{0,15}(?: [\w'’]{1,15})?):\s+\S")


def line_prefix(line: str) -> str | None:
    """Return the label a line starts with (``Breaking:`` of ``Breaking: Oil ...``)."""
    match = _PREFIX.match(line)
    return match.group("label") + ":" if match else None


def split_affix(line: str) -> tuple[str, str] | None:
    """Split ``Headline | Site name`` into its two parts (``None``: no separator)."""
    match = _AFFIX.match(line)
    return (match.group("head"), match.group("tail")) if match else None


@dataclass(frozen=True)
class Hints:
    """Furniture lines, patterns and fixed values for the pages of one folder."""

    furniture: Mapping[str, str] = field(default_factory=dict)
    """Lines (as ``line_key`` gives them) that are the site's template, with the evidence
    (``repeats in 214 of 230 pages in seeds/site-a/``)."""
    patterns: tuple[re.Pattern[str], ...] = ()
    """Override: expressions a furniture line matches in full."""
    date: re.Pattern[str] | None = None
    """Override: an expression searched in each line; its first group (else the match) is
    the page's date."""
    source: str = ""
    """Override: the source of every page in the folder."""
    origin: str = ""
    """The override file, as messages name it (empty: none)."""
    affixes: frozenset[str] = frozenset()
    """What many lines of the folder end with after a separator: the site's name, taken
    off a title (``Headline | Site``)."""
    prefixes: Mapping[str, str] = field(default_factory=dict)
    """Labels many lines of the folder start with (``Breaking:``), with the evidence: a
    line above the story that starts with one is not its title."""

    def furniture_why(self, text: str) -> str:
        """Return why a line is the folder's furniture, or ``""`` if it is not."""
        key = line_key(text)
        if self.furniture and (why := self.furniture.get(key)):
            return why
        for pattern in self.patterns:
            if pattern.fullmatch(key):
                return f"matches furniture '{pattern.pattern}' in {self.origin}"
        return ""


NO_HINTS = Hints()
