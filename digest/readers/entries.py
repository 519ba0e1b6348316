"""Readers for seeds holding several articles: news feeds and scraper exports.

A feed (RSS 2.0, RSS 1.0, Atom) holds one article per entry; a scraper's export
(a JSON array or object, JSON Lines) one per object. Each entry comes back with
a stable identity (the feed entry's id or link, the object's url or id, else a
hash of its title and date), so that the importer recognises an entry found in
two files (a feed saved again tomorrow holds yesterday's entries too).

Entries that cannot become articles come back with the problem and where they
are ("entry 3", "line 12"); the others still import. HTML in a feed or an
export becomes plain text (paragraphs kept): the site never shows raw HTML.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from digest.article import Article, DateValue
from digest.exceptions import ReaderError
from digest.readers.dates import parse_candidate


@dataclass
class Found:
    """One entry of a seed: its article, or why it cannot be one."""

    identity: str
    """What names the entry wherever it is saved (id, link, url, else a content hash)."""
    where: str
    """Where it is in its file, for messages: ``entry 3``, ``line 12``."""
    article: Article | None
    problem: str = ""


ManyReader = Callable[[bytes, str], list[Found]]
"""A pure function from (raw bytes, seed path) to the entries of the seed."""


# -- HTML fragments to plain text ---------------------------------------------------------

_BLOCKS = frozenset(
    (
        *("address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption"),
        *("figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main"),
        *("nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"),
    )
)
_HIDDEN = frozenset(("script", "style", "template", "noscript", "iframe", "object", "svg"))
_SPACES = re.compile(r"\s+")


class _TextParser(HTMLParser):
    """Collect the visible text of an HTML fragment, one paragraph per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._hidden = 0

    def _end_paragraph(self) -> None:
        text = _SPACES.sub(" ", "".join(self._current)).strip()
        if text:
            self.paragraphs.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCKS or tag == "br":
            self._end_paragraph()
        elif tag == "img":  # an image's words are its alt text; no image is embedded
            alt = dict(attrs).get("alt")
            if alt and not self._hidden:
                self._current.append(f" {alt} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self._end_paragraph()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._current.append(data)


def html_to_text(fragment: str) -> str:
    """Return the visible words of an HTML fragment: paragraphs separated by a blank line."""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    parser._end_paragraph()
    return "\n\n".join(parser.paragraphs)


_LOOKS_HTML = re.compile(r"<(?:p|br|div|h[1-6]|li|span|a|em|strong|b|i|img)\b[^<>]{0,200}>", re.I)


def _text_of(value: str) -> str:
    """Return the plain text of a text that may be HTML."""
    if _LOOKS_HTML.search(value):
        return html_to_text(value)
    # Plain text: keep its paragraphs, tidy the spaces inside them.
    parts = (_SPACES.sub(" ", p).strip() for p in re.split(r"\n\s*\n", value))
    return "\n\n".join(p for p in parts if p)


# -- dates ------------------------------------------------------------------------------


def parse_entry_date(value: str) -> DateValue | None:
    """Parse a feed or export date (RFC 822, ISO 8601, or a date line), zone kept."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)  # RSS: "Tue, 02 Mar 2021 10:00 +0100"
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed
    try:
        iso = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return parse_candidate(value[:200])
    return iso.date() if len(value) == 10 else iso


def _content_identity(title: str, date: object) -> str:
    return "sha1:" + hashlib.sha1(f"{title}\n{date}".encode(), usedforsecurity=False).hexdigest()


# -- feeds ------------------------------------------------------------------------------


def read_feed(data: bytes, seed: str) -> list[Found]:
    """Read an RSS or Atom feed: one article per entry (full content, else the summary)."""
    import feedparser  # imported on first use: text-only imports never pay for it

    # A stream, never a string: feedparser fetches a string that looks like a URL.
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f" ({problem})" if problem else ""
        raise ReaderError(seed, f"not a well-formed RSS or Atom feed{why}")
    feed = parsed.get("feed", {})
    outlet = str(feed.get("title") or "").strip()
    lang = str(feed.get("language") or "").strip()
    return [
        _feed_entry(entry, number, outlet, lang)
        for number, entry in enumerate(parsed.entries, start=1)
    ]


def _feed_entry(entry: Mapping[str, Any], number: int, outlet: str, lang: str) -> Found:
    where = f"entry {number}"
    title = _text_of(str(entry.get("title") or "")).replace("\n\n", " ")
    raw_date = str(entry.get("published") or entry.get("updated") or entry.get("dc_date") or "")
    date = parse_entry_date(raw_date)
    link = str(entry.get("link") or "").strip()
    identity = str(entry.get("id") or "").strip() or link or _content_identity(title, raw_date)
    contents = entry.get("content") or []
    full = "\n\n".join(str(c.get("value") or "") for c in contents)
    body = _text_of(full) if full.strip() else ""
    excerpt = not body
    if excerpt:
        body = _text_of(str(entry.get("summary") or ""))
    if not title or not body:
        missing = "title" if not title else "text"
        return Found(identity, where, None, f"{where} has no {missing}")
    content_lang = next((str(c.get("language")) for c in contents if c.get("language")), "")
    article = Article(
        title=title,
        date=date,
        body=body,
        source=outlet,
        url=link,
        author=_feed_author(entry),
        lang=content_lang or lang,
        extra={"excerpt": True} if excerpt else {},
    )
    return Found(identity, where, article)


def _feed_author(entry: Mapping[str, Any]) -> str:
    # RSS writes "mail@example.com (Name)": the name alone is the author (feedparser's own
    # split cuts some addresses wrongly).
    raw = _name(entry.get("author"))
    named = _MAIL_AND_NAME.match(raw)
    if named:
        return named.group(1).strip()
    detail = entry.get("author_detail") or {}
    return raw or _name(detail.get("name"))


_MAIL_AND_NAME = re.compile(r"[^\s()@]+@[^\s()]+\s*\(([^()]+)\)")


# -- scraper exports ----------------------------------------------------------------------

_TITLE_KEYS = ("title", "headline")
_DATE_KEYS = ("date", "published", "pubDate", "datePublished", "publish_date", "date_publish")
_TEXT_KEYS = ("text", "body", "content", "articleBody", "maintext", "raw_text")
_URL_KEYS = ("url", "link", "canonical_url", "source_url")
_AUTHOR_KEYS = ("author", "byline", "authors")
_SOURCE_KEYS = ("source", "site_name", "publisher", "sitename", "hostname")
_LANG_KEYS = ("lang", "language", "inLanguage")
_SUMMARY_KEYS = ("summary", "description")
_MAPPED = frozenset(
    (
        *_TITLE_KEYS,
        *_DATE_KEYS,
        *_TEXT_KEYS,
        *_URL_KEYS,
        *_AUTHOR_KEYS,
        *_SOURCE_KEYS,
        *_LANG_KEYS,
        *_SUMMARY_KEYS,
        "id",
    )
)
_RESERVED = frozenset(
    (
        *("title", "date", "source", "author", "url", "lang", "tags", "summary", "seed"),
        *("caption", "dateline", "places", "people", "orgs", "topics", "slug", "excerpt"),
        # Keys MkDocs and Material act on (a page's template, hiding, search, status).
        *("template", "hide", "search", "status", "icon", "subtitle", "comments", "path"),
    )
)
"""Front matter keys the tool writes or MkDocs reads: an export's own key of that name is
kept as ``export_<key>`` (an export's ``template`` must not choose the page's template)."""


def _first(obj: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = obj.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _name(value: Any) -> str:
    """Return a name from a string, a list of names, or an object with a ``name``."""
    if isinstance(value, Mapping):
        return _name(value.get("name"))
    if isinstance(value, list):
        return ", ".join(n for n in map(_name, value) if n)
    return "" if value is None else _SPACES.sub(" ", str(value)).strip()


def _json_article(obj: Any, where: str) -> Found:
    if not isinstance(obj, Mapping):
        return Found("", where, None, f"{where} is not a JSON object")
    title = _name(_first(obj, _TITLE_KEYS))
    raw_date = _first(obj, _DATE_KEYS)
    date = parse_entry_date(str(raw_date)) if raw_date is not None else None
    url = _name(_first(obj, _URL_KEYS))
    ident = obj.get("id")
    identity = url or (str(ident) if ident not in (None, "") else "")
    identity = identity or _content_identity(title, raw_date)
    text = _first(obj, _TEXT_KEYS)
    body = _text_of(text if isinstance(text, str) else "\n\n".join(map(str, text or [])))
    if not title or not body:
        missing = "title" if not title else "text"
        return Found(identity, where, None, f"{where} has no {missing}")
    extra = {
        (f"export_{key}" if key in _RESERVED else key): value
        for key, value in obj.items()
        if key not in _MAPPED and isinstance(key, str) and key
    }
    summary = _first(obj, _SUMMARY_KEYS)
    article = Article(
        title=title.replace("\n", " "),
        date=date,
        body=body,
        source=_name(_first(obj, _SOURCE_KEYS)),
        summary=_SPACES.sub(" ", summary).strip() if isinstance(summary, str) else "",
        url=url,
        author=_name(_first(obj, _AUTHOR_KEYS)),
        lang=_name(_first(obj, _LANG_KEYS)),
        extra=extra,
    )
    return Found(identity, where, article)


def _decode(data: bytes, seed: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReaderError(seed, f"not UTF-8 text (byte {exc.start}); JSON must be UTF-8") from None


def read_json(data: bytes, seed: str) -> list[Found]:
    """Read a scraper's JSON export: an array of articles, an object, or ``{"items": [...]}``."""
    text = _decode(data, seed)
    try:
        value = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        raise ReaderError(seed, f"not valid JSON ({exc})", line) from None
    if isinstance(value, Mapping):
        # A wrapper around the list ({"articles": [...]}) or one article.
        lists = [v for v in value.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if len(lists) == 1 and _first(value, _TEXT_KEYS) is None:
            value = lists[0]
        else:
            return [_json_article(value, "the object")]
    if not isinstance(value, list):
        raise ReaderError(seed, "a JSON export must be an array of objects or an object")
    return [_json_article(obj, f"item {n}") for n, obj in enumerate(value, start=1)]


def read_jsonl(data: bytes, seed: str) -> list[Found]:
    """Read JSON Lines: one article object per line; a line that does not parse is skipped."""
    return list(_jsonl(_decode(data, seed)))


def _jsonl(text: str) -> Iterator[Found]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield Found("", where, None, f"{where} is not valid JSON ({exc.args[0]})")
            continue
        yield _json_article(obj, where)


def read_xml(data: bytes, seed: str) -> list[Found]:
    """Read an ``.xml`` seed, which is only an article source when it is a feed."""
    head = data[:4096].lower()
    if b"<rss" not in head and b"<feed" not in head and b"<rdf" not in head:
        raise ReaderError(seed, "an XML file that is not an RSS or Atom feed")
    return read_feed(data, seed)


MANY_READERS: dict[str, ManyReader] = {
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_xml,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}
"""Readers of seeds with several articles, by lower-case file suffix."""


def many_reader_for_seed(seed: str) -> ManyReader | None:
    """Return the reader for a seed with several articles, by its suffix, or ``None``."""
    name = seed.rpartition("/")[2]
    dot = name.rfind(".")
    if dot <= 0 or dot == len(name) - 1:
        return None  # no suffix, or a hidden file
    return MANY_READERS.get(name[dot:].lower())
