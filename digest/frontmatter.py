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
from pathlib import Path
from typing import Any

import yaml

from digest.article import Article, DateValue
from digest.exceptions import FrontMatterError
from digest.markdown import body_to_markdown

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
    "places",
    "people",
    "orgs",
    "topics",
)
_LIST_KEYS = ("tags", "places", "people", "orgs", "topics")
_TEXT_KEYS = ("source", "summary", "seed", "caption", "dateline")


class _Dumper(_BaseDumper):
    """A safe dumper that writes dates as ISO 8601 (``2013-11-01T09:42:00``)."""


def _represent_datetime(dumper: _Dumper, value: dt.datetime) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(dt.datetime, _represent_datetime)


def dump_yaml(data: dict[str, Any]) -> str:
    """Return ``data`` as block-style YAML, keys in the given order, Unicode kept."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=1000,
        default_flow_style=False,
    )


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
    return "---\n" + dump_yaml(article_meta(article)) + "---\n\n" + body_to_markdown(article.body)


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
