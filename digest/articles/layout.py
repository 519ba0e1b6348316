"""Where things live in ``docs_dir``: article files and the generated index pages.

Every URL of the site is decided here, so that index builders, the MkDocs
plugin and the tests agree on them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

from slugify import slugify, smart_truncate

from digest.article import Article

ARTICLES_DIR = "articles"
TAGS_DIR = "tags"
TIMELINE_DIR = "timeline"
UNDATED = "undated"
SLUG_MAX = 80


# python-slugify on ASCII text without "&" (no character entity to decode, nothing to
# transliterate or normalise) comes down to these steps: commas between digits dropped,
# every run of other characters than [a-z0-9] one hyphen, hyphens stripped at the ends.
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")
_NOT_SLUG = re.compile(r"[^a-z0-9][^a-z0-9]*")  # the same as [^a-z0-9]+, found faster


def title_slug(title: str) -> str:
    """Return the URL slug for a title (``untitled`` when nothing is left)."""
    if title.isascii() and "&" not in title:
        return _ascii_slug(title) or "untitled"
    return slugify(title, max_length=SLUG_MAX, word_boundary=True) or "untitled"


def _ascii_slug(text: str) -> str:
    """Return ``slugify(text, max_length=SLUG_MAX, word_boundary=True)`` for ASCII text
    without ``&``, without its Unicode and entity steps (tests/test_layout.py compares)."""
    text = text.lower()
    if "," in text:
        text = _DIGIT_COMMA.sub("", text)
    slug = _NOT_SLUG.sub("-", text).strip("-")
    return slug if len(slug) < SLUG_MAX else smart_truncate(slug, SLUG_MAX, True, "-")


@lru_cache(maxsize=65536)
def tag_slug(tag: str) -> str:
    """Return the URL slug for a tag; tags with the same slug are one tag."""
    return slugify(tag, max_length=SLUG_MAX, word_boundary=True) or "tag"


def article_dir(day: dt.date | None) -> str:
    """Return the folder of an article published on ``day``."""
    if day is None:
        return f"{ARTICLES_DIR}/{UNDATED}"
    if day.year >= 1000:  # what %Y/%m/%d gives, without strftime's cost (twice the rest)
        return f"{ARTICLES_DIR}/{day.year}/{day.month:02d}/{day.day:02d}"
    return f"{ARTICLES_DIR}/{day:%Y/%m/%d}"  # the platform's %Y for years before 1000


def article_paths(article: Article, slug: str = "") -> Iterator[str]:
    """Yield the ``docs_dir``-relative paths a new article may take, best first.

    Two articles with the same title on the same day get ``-2``, ``-3``... in
    the order they are imported (seeds are imported in sorted order). ``slug``:
    the title's slug when already known.
    """
    folder, slug = article_dir(article.day), slug or title_slug(article.title)
    yield f"{folder}/{slug}.md"
    for n in itertools.count(2):
        yield f"{folder}/{slug}-{n}.md"


RESERVED_TAG_SLUGS = {"index", "all"}
"""Names the tag overview uses inside ``tags/``; a tag with such a slug gets ``-tag``."""


def tag_name_in_path(slug: str) -> str:
    """Return the name of a tag's page and feed folder in ``tags/``."""
    return f"{slug}-tag" if slug in RESERVED_TAG_SLUGS else slug


def tag_page(slug: str, page: int = 1) -> str:
    """Return the path of page ``page`` of a tag's article list."""
    slug = tag_name_in_path(slug)
    return f"{TAGS_DIR}/{slug}.md" if page == 1 else f"{TAGS_DIR}/{slug}/{page}.md"


def tags_index_page(page: int = 1) -> str:
    """Return the path of page ``page`` of the tag overview."""
    return f"{TAGS_DIR}/index.md" if page == 1 else f"{TAGS_DIR}/all/{page}.md"


def tags_index() -> str:
    """Return the path of the tag overview (its first page)."""
    return tags_index_page(1)


def timeline_index() -> str:
    """Return the path of the timeline overview (all years)."""
    return f"{TIMELINE_DIR}/index.md"


def year_page(year: int) -> str:
    """Return the path of one year's page."""
    return f"{TIMELINE_DIR}/{year:04d}/index.md"


def month_page(year: int, month: int) -> str:
    """Return the path of one month's page."""
    return f"{TIMELINE_DIR}/{year:04d}/{month:02d}/index.md"


def day_page(day: dt.date, page: int = 1) -> str:
    """Return the path of page ``page`` of one day's article list."""
    base = f"{TIMELINE_DIR}/{day:%Y/%m/%d}"
    return f"{base}.md" if page == 1 else f"{base}/{page}.md"


def undated_page(page: int = 1) -> str:
    """Return the path of the list of articles without a date."""
    return f"{TIMELINE_DIR}/{UNDATED}.md" if page == 1 else f"{TIMELINE_DIR}/{UNDATED}/{page}.md"


def relative(from_path: str, to_path: str) -> str:
    """Return a Markdown link from one ``docs_dir`` file to another (MkDocs resolves it)."""
    src = from_path.split("/")[:-1]
    if not src or not to_path.startswith(src[0] + "/"):
        return "../" * len(src) + to_path  # no folder in common: a list page to an article
    dst = to_path.split("/")
    common = 0
    while common < len(src) and common < len(dst) - 1 and src[common] == dst[common]:
        common += 1
    return "/".join([".."] * (len(src) - common) + dst[common:])
