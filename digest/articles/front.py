"""Article files: YAML front matter plus a Markdown body, written and read back.

The front matter is the truth once written: hand edits are read back here and
checked against a declared schema, and every problem is reported with the
file and line it is on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from digest.article import Article, DateValue
from digest.articles.escape import body_to_markdown
from digest.exceptions import FrontMatterError

try:  # libyaml's C loader and dumper are several times faster than the pure-Python ones.
    from yaml import CSafeDumper as _BaseDumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Same delimiters MkDocs accepts, so MkDocs, ProperDocs and Zensical all read these files.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)

# Order in which a new article's keys are written: what a reader edits first comes first.
KEY_ORDER = (
    "title",
    "date",
    "source",
    "tags",
    "summary",
    "seed",
    "caption",
    "dateline",
    "url",
    "author",
    "lang",
    "places",
    "people",
    "orgs",
    "topics",
)
_LIST_KEYS = ("tags", "places", "people", "orgs", "topics")
_TEXT_KEYS = ("source", "summary", "seed", "caption", "dateline", "url", "author", "lang")


class _Dumper(_BaseDumper):
    """A safe dumper that writes dates as ISO 8601 (``2013-11-01T09:42:00``)."""


def _represent_datetime(dumper: _Dumper, value: dt.datetime) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(dt.datetime, _represent_datetime)


def dump_yaml(data: dict[str, Any]) -> str:
    """Return ``data`` as block-style YAML, keys in the given order, Unicode kept."""
    simple = dump_simple(data)
    return simple if simple is not None else dump_pyyaml(data)


def dump_pyyaml(data: dict[str, Any]) -> str:
    """Return ``data`` as ``dump_yaml`` does, always through PyYAML."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=1000,
        default_flow_style=False,
    )


# -- a fast path for the usual front matter ---------------------------------------------
# PyYAML spends most of its time representing and analysing each scalar. Front matter
# written at import is nearly always strings, lists of strings and dates that libyaml
# writes plain, one per line; ``dump_simple`` writes exactly that text itself, and
# returns ``None`` for anything else (quotes, long lines, other types), which PyYAML
# then writes. tests/test_frontmatter.py compares both on generated and corpus data.

_WIDTH = 1000
"""The line width given to PyYAML: libyaml folds a plain scalar past it."""
_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# What libyaml writes plain in block context: printable characters in its sense (no
# control characters, no NEL, line or paragraph separator, no BOM, nothing beyond the
# Basic Multilingual Plane), not starting with an indicator or a space, no ": " or " #"
# inside. Stricter than needed is fine: whatever this refuses goes through PyYAML.
_FIRST_ASCII = frozenset(" #,[]{}&*!|>'\"%@`?:-")
_PLAIN = re.compile(
    r"(?![\s#,\[\]{}&*!|>'\"%@`?:-]|\.\.\.)"
    r"[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]+"
)
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


# PyYAML's implicit resolvers by first character, each list followed by the wildcard ones.
_Resolvers = list[tuple[str, re.Pattern[str]]]
_WILDCARD: _Resolvers = list(_Dumper.yaml_implicit_resolvers.get(None, []))
_RESOLVERS: dict[str, _Resolvers] = {
    first: [*resolvers, *_WILDCARD]
    for first, resolvers in _Dumper.yaml_implicit_resolvers.items()
    if first is not None
}


def _one_expression(resolvers: _Resolvers) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """Return the resolvers' expressions as one, each in a group (the first expression
    that matches is the group that matched), and their tags in the same order."""
    groups = [f"(?{'x' if r.flags & re.X else ''}:{r.pattern})" for _, r in resolvers]
    return re.compile("|".join(f"({g})" for g in groups)), tuple(tag for tag, _ in resolvers)


# One match instead of one per resolver (a seed's name starting with a digit tries three);
# only where no expression has groups of its own, which would shift the numbers.
_ONE_RESOLVER = {
    first: _one_expression(resolvers)
    for first, resolvers in _RESOLVERS.items()
    if resolvers and not any(r.groups for _, r in resolvers)
}


# What an int, a float or a timestamp starting with a digit ends with, as PyYAML's
# expressions read them (``$`` also matches before a final line feed).
_NUMBER_ENDS = frozenset("0123456789_.abcdefABCDEFZ\n")


def _implicit_tag(value: str) -> str:
    """Return the tag PyYAML's resolver gives ``value`` written plain (as its ``resolve``)."""
    first = value[:1]
    if "0" <= first <= "9" and value[-1] not in _NUMBER_ENDS:
        return _STR_TAG  # a seed's name ("00035_6c407667.txt"), not a number or a time
    if first in _ONE_RESOLVER:
        expression, tags = _ONE_RESOLVER[first]
        match = expression.match(value)
        return tags[match.lastindex - 1] if match and match.lastindex else _STR_TAG
    for tag, regexp in _RESOLVERS.get(first, _WILDCARD):
        if regexp.match(value):
            return tag
    return _STR_TAG


def _plain(text: str, tag: str = _STR_TAG) -> bool:
    """Tell whether libyaml writes ``text`` (a scalar tagged ``tag``) plain, unchanged."""
    if not text:
        return False  # PyYAML quotes the empty string (plain, it would read as null)
    if text.isascii():  # the common case, tested faster than by the expression
        chars_ok = text.isprintable() and text[:1] not in _FIRST_ASCII and text[:3] != "..."
    else:
        chars_ok = _PLAIN.fullmatch(text) is not None
    return (
        chars_ok
        and ": " not in text
        and " #" not in text
        and text[-1] not in ": "
        and _implicit_tag(text) == tag
    )


@lru_cache(maxsize=256)
def _plain_key(key: str) -> bool:
    """Tell whether ``key`` is a short name that libyaml writes plain."""
    return _KEY.fullmatch(key) is not None and _plain(key)


_NAME_MAX = 64
"""Strings up to this long (tags, sources, datelines) repeat from article to article."""


@lru_cache(maxsize=8192)
def _plain_name(text: str) -> bool:
    """Return ``_plain(text)``, remembered: the same tags come back in most articles."""
    return _plain(text)


def _plain_str(text: str) -> bool:
    return _plain_name(text) if len(text) <= _NAME_MAX else _plain(text)


def _plain_date(value: dt.date) -> bool:
    """Return ``_plain(value.isoformat(), _TIMESTAMP_TAG)`` for a ``date`` or ``datetime``.

    Python writes ``YYYY-MM-DD[THH:MM:SS[.ffffff]][+HH:MM]``, which is what PyYAML's
    timestamp expression reads, unless a UTC offset has seconds (``+05:30:15``).
    """
    offset = value.utcoffset() if type(value) is dt.datetime else None
    return offset is None or not (offset.seconds % 60 or offset.microseconds)


def _simple_value(value: Any) -> list[str] | None:
    """Return the lines that follow ``key:`` for ``value``, or ``None`` if not simple."""
    kind = type(value)
    if kind is str:
        return [" " + value] if _plain_str(value) else None
    if value is None:
        return [" null"]
    if kind is dt.datetime or kind is dt.date:
        return [" " + value.isoformat()] if _plain_date(value) else None
    if kind is list:
        if not value:
            return [" []"]
        if all(type(item) is str and _plain_str(item) for item in value):
            return ["", *("- " + item for item in value)]
    return None


def dump_simple(data: dict[str, Any]) -> str | None:
    """Return ``data`` as ``dump_pyyaml`` writes it, or ``None`` if it is not simple.

    Simple: keys are short names, values are strings, lists of strings, dates or
    ``None``, each written plain on one line, and no list or date object appears
    twice (PyYAML would write an anchor and an alias).
    """
    if not data:
        return None
    shared = [id(v) for v in data.values() if type(v) is not str and v is not None]
    if len(set(shared)) != len(shared):
        return None
    lines: list[str] = []
    for key, value in data.items():
        if type(key) is not str or not _plain_key(key):
            return None
        # Strings and lists of strings, most of the front matter, without _simple_value's
        # and _plain_str's calls: the same lines.
        kind = type(value)
        if kind is str:
            if not (_plain_name(value) if len(value) <= _NAME_MAX else _plain(value)):
                return None
            lines.append(key + ": " + value)
        elif kind is list and value:
            for item in value:
                if type(item) is not str or not (
                    _plain_name(item) if len(item) <= _NAME_MAX else _plain(item)
                ):
                    return None
            lines.append(key + ":\n- " + "\n- ".join(value))  # one string for all its lines
        else:
            rest = _simple_value(value)
            if rest is None:
                return None
            lines.append(key + ":" + rest[0])
            lines.extend(rest[1:])
    text = "\n".join(lines) + "\n"
    # No line is longer than the whole text (usual front matter is shorter than the width).
    if len(text) > _WIDTH and max(map(len, text.split("\n"))) > _WIDTH:
        return None
    return text


def article_meta(article: Article) -> dict[str, Any]:
    """Return the front matter of a newly imported article, empty optional keys left out."""
    meta: dict[str, Any] = {
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "tags": list(article.tags),
        "summary": article.summary,
        "seed": article.seed,
        "caption": article.caption,
        "dateline": article.dateline,
        "url": article.url,
        "author": article.author,
        "lang": article.lang,
        "places": list(article.places),
        "people": list(article.people),
        "orgs": list(article.orgs),
        "topics": list(article.topics),
    }
    meta.update(article.extra)
    return {
        k: v for k, v in meta.items() if v not in (None, "", []) or k in ("title", "date", "tags")
    }


def dumps(article: Article) -> str:
    """Return the whole article file: front matter, a blank line, the Markdown body."""
    return (
        "---\n"
        + dump_yaml(article_meta(article))
        + "---\n\n"
        + (article.markdown or body_to_markdown(article.body))
    )


@dataclass
class Document:
    """An article file split into its parts."""

    meta: dict[str, Any]
    body: str
    body_line: int
    """1-based line number where the body starts."""


def split(text: str, path: str) -> Document:
    """Split an article file into front matter and body; raise on unreadable YAML."""
    if text.startswith("\ufeff"):
        text = text[1:]
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.lstrip().startswith("---"):
            raise FrontMatterError(path, "front matter is not closed by a '---' line", 1)
        raise FrontMatterError(path, "no front matter: the file must start with a '---' line", 1)
    try:
        meta = yaml.load(match.group(1) or "", Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(path, "front matter must be a mapping of keys to values", 2)
    body_line = text.count("\n", 0, match.end()) + 1
    return Document(
        meta={str(k): v for k, v in meta.items()}, body=text[match.end() :], body_line=body_line
    )


def _yaml_error(path: str, exc: yaml.YAMLError) -> FrontMatterError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is None:
        return FrontMatterError(path, f"YAML syntax error: {problem}", 1)
    # The YAML starts on line 2 of the file, after the opening '---'.
    line, column = mark.line + 2, mark.column + 1
    return FrontMatterError(path, f"YAML syntax error at column {column}: {problem}", line)


# -- the schema -------------------------------------------------------------------------


def _check_title(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "title must be a non-empty string"
    return None


def _check_date(value: Any) -> str | None:
    if value is None or isinstance(value, dt.date):
        return None
    if isinstance(value, str) and parse_date(value) is not None:
        return None
    return (
        f"date must be a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM[:SS][+HH:MM]),"
        f" got {value!r}"
    )


def _check_list(key: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return None
        return f"{key} must be a list of strings, got {_describe(value)}"

    return check


def _check_text(key: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value is None or isinstance(value, str):
            return None
        return f"{key} must be a string, got {_describe(value)}"

    return check


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:120]


SCHEMA: dict[str, Callable[[Any], str | None]] = {
    "title": _check_title,
    "date": _check_date,
    **{key: _check_list(key) for key in _LIST_KEYS},
    **{key: _check_text(key) for key in _TEXT_KEYS},
}
"""Known keys and their checks; unknown keys are allowed and kept."""
REQUIRED = ("title",)


def parse_date(value: str) -> DateValue | None:
    """Parse an ISO 8601 date or date-time string as written in front matter."""
    value = value.strip()
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def validate(doc: Document, path: str, text: str) -> list[FrontMatterError]:
    """Return every schema problem of ``doc``, each with the line of its key."""
    problems = []
    for key in REQUIRED:
        if key not in doc.meta:
            problems.append(FrontMatterError(path, f"missing required key '{key}'", 1))
    for key, check in SCHEMA.items():
        if key in doc.meta and (message := check(doc.meta[key])):
            problems.append(FrontMatterError(path, message, _key_line(text, key)))
    return problems


def _key_line(text: str, key: str) -> int | None:
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


def to_article(doc: Document, path: str) -> Article:
    """Build an ``Article`` from validated front matter (the body stays Markdown)."""
    meta = dict(doc.meta)
    date = meta.pop("date", None)
    if isinstance(date, str):
        date = parse_date(date)
    known = {k: meta.pop(k, None) for k in (*_LIST_KEYS, *_TEXT_KEYS)}
    return Article(
        title=str(meta.pop("title")).strip(),
        date=date,
        body=doc.body,
        source=known["source"] or "",
        seed=known["seed"] or "",
        caption=known["caption"],
        dateline=known["dateline"],
        url=known["url"] or "",
        author=known["author"] or "",
        lang=known["lang"] or "",
        summary=known["summary"] or "",
        tags=list(known["tags"] or []),
        places=list(known["places"] or []),
        people=list(known["people"] or []),
        orgs=list(known["orgs"] or []),
        topics=list(known["topics"] or []),
        path=path,
        extra=meta,
    )


def load(text: str, path: str) -> Article:
    """Parse and validate an article file; raise the first problem if any."""
    doc = split(text, path)
    problems = validate(doc, path, text)
    if problems:
        raise problems[0]
    return to_article(doc, path)


def read_file(
    file: Path, docs_dir: Path, prefix: str = ""
) -> tuple[Article | None, list[FrontMatterError]]:
    """Read one article file; return it, or ``None`` and every problem found.

    Problems name the file as ``prefix`` + its path in ``docs_dir`` (``site_src/...``).
    """
    rel = file.relative_to(docs_dir).as_posix()
    path = prefix + rel
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [FrontMatterError(path, f"not UTF-8 text ({exc.reason})", None)]
    try:
        doc = split(text, path)
    except FrontMatterError as exc:
        return None, [exc]
    problems = validate(doc, path, text)
    return (None, problems) if problems else (to_article(doc, rel), [])
