"""``digest explain``: show the role the reader gave each line of a seed, and why.

What the reader knows of the seed's site is what an import would know: the lines the
folder's seeds share (``.digest/templates.json``, plus the folder's seeds as they are now)
and the folder's ``.digest.yml``.
"""

from __future__ import annotations

import os
from pathlib import Path

from digest.article import Article
from digest.articles.templates import Templates, folder_of, load_override
from digest.exceptions import DigestError, ReaderError
from digest.readers import read_seed, reader_for_seed
from digest.readers.encoding import decode
from digest.readers.text import BLANK, Kind, Line, read_lines, read_text

ROLES = {
    Kind.BOILERPLATE: "furniture",
    Kind.DATE: "date",
    Kind.SOURCE: "source",
    Kind.BYLINE: "byline",
    Kind.CAPTION: "caption",
    Kind.TEXT: "body",
}
_DEFAULT_WHY = {
    Kind.BOILERPLATE: "a line of page furniture (a pattern)",
    Kind.DATE: "a date line",
    Kind.SOURCE: "names the source",
    Kind.BYLINE: "a byline",
    Kind.CAPTION: "a photo caption (it ends with a credit)",
    Kind.TEXT: "",
}
_WIDTH = 60
_TITLE = ("title", "guessed title")


def explain(seeds_dir: Path, state_dir: Path, rel: str, seeds_label: str = "seeds") -> str:
    """Return the report of how the seed ``rel`` (relative to ``seeds_dir``) is read."""
    path = seeds_dir / rel
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DigestError(f"{seeds_label}/{rel}: cannot be read ({exc.strerror})") from exc
    folder = folder_of(rel)
    load_override(seeds_dir, folder, seeds_label)  # its errors, named, before anything
    templates = Templates(seeds_dir, state_dir, seeds_label)
    templates.learn(_folder_seeds(seeds_dir, folder))
    hints = templates.hints(folder)
    name = f"{seeds_label}/{rel}"
    if reader_for_seed(rel) is not read_text:
        article = read_seed(rel, data, seeds_label)
        head = f"{name}: not a text page; read whole by its own reader"
        return "\n".join([head, "", *_fields(article)])
    try:
        article, lines = read_lines(decode(data, name), rel, hints)
    except ReaderError as exc:
        raise DigestError(str(exc)) from exc
    seeds = len(templates.stories.get(folder, ()))
    where = f"{seeds_label}/{folder}/" if folder else f"{seeds_label}/"
    head = f"{name}: read with what {seeds} pages in {where} share"
    if hints.origin:
        head += f" and {hints.origin}"
    title = next((line.number for line in lines if line.why.startswith(_TITLE)), 0)
    rows = [_row(line, line.number < title) for line in lines]
    return "\n".join([head, "", *(row for row in rows if row), "", *_fields(article)])


def _folder_seeds(seeds_dir: Path, folder: str) -> list[str]:
    """Return the seeds directly in a folder of ``seeds/`` (as the importer names them)."""
    try:
        with os.scandir(seeds_dir / folder) as entries:
            names = sorted(e.name for e in entries if e.is_file() and not e.name.startswith("."))
    except OSError:
        return []
    return [f"{folder}/{name}" if folder else name for name in names]


def _row(line: Line, above_title: bool) -> str:
    if line.kind is BLANK and not line.why:
        return ""
    role = ROLES.get(line.kind, "")
    why = line.why or _DEFAULT_WHY.get(line.kind, "")
    if line.why.startswith(_TITLE):
        role = "title"
    elif line.kind is Kind.TEXT and above_title:
        role, why = "furniture", "above the title"
    elif line.kind is BLANK:
        role = "rule"
    text = line.raw.strip()
    if len(text) > _WIDTH:
        text = text[: _WIDTH - 1] + "…"
    return f"{line.number:4}  {role:<9}  {text:<{_WIDTH}}  {why}".rstrip()


def _fields(article: Article) -> list[str]:
    date = article.date.isoformat() if article.date is not None else "(none: undated)"
    return [
        f"title:   {article.title}",
        f"date:    {date}",
        f"source:  {article.source or '(none)'}",
        f"author:  {article.author or '(none)'}",
        *([f"doubts:  {'; '.join(article.doubts)}"] if article.doubts else []),
    ]
