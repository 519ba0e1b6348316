"""Page templates learned across seeds, and the per-folder override file.

Pages scraped from one site share its template: the same menus, share bars, copyright
and newsletter lines around every story. A line that recurs in many seeds of one folder
is that template's furniture, whatever it says. Before the seeds are read, the importer
counts, for each folder, in how many of its text seeds each line appears; the counts are
kept in ``.digest/templates.json`` so that a page added later to the same folder benefits
from what its site's earlier pages taught. The outcome depends only on which seeds were
counted, never on their order or on the number of workers.

A user fixes a site without code in ``seeds/<folder>/.digest.yml``::

    furniture:            # lines that are never the story (exact, or /an expression/)
      - "Daily Planet - Your news, your way"
      - "/Page \\d+ of \\d+/"
    date: "Filed (.+) by"  # where the date is: the group (else the match) is read as one
    source: Daily Planet   # the source of every page in the folder
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from digest.articles.fsutil import read_all, write_atomic
from digest.exceptions import DigestError
from digest.fetching.sources import FOLDER_FILE
from digest.readers import reader_for_seed
from digest.readers.encoding import decode
from digest.readers.hints import NO_HINTS, Hints, line_key, line_prefix, split_affix
from digest.readers.text import read_text

log = logging.getLogger("mkdocs.plugins.digest")

TEMPLATES_FILE = "templates.json"
"""Where the counts live, in the project's ``.digest/`` folder."""
SHARE = 0.1
"""A line in at least this share of a folder's seeds is its template's furniture ..."""
AT_LEAST = 4
"""... and in at least this many of them (a few pages share no template by chance)."""
LONGEST = 300
"""Longer lines are stories' paragraphs, never counted."""
KEPT = 50_000
"""Lines remembered per folder, the most frequent first (a bound on the file's size)."""
_VERSION = 1


class OverrideError(DigestError):
    """A folder's ``.digest.yml`` cannot be used."""


def folder_of(rel: str) -> str:
    """Return the folder of a seed relative to ``seeds/`` (``""`` for the top)."""
    return rel.rpartition("/")[0]


class Templates:
    """What the importer learned of each folder's pages, and the folders' overrides."""

    def __init__(self, seeds_dir: Path, state_dir: Path, seeds_label: str = "seeds") -> None:
        self.seeds_dir = seeds_dir
        self.path = state_dir / TEMPLATES_FILE
        self.seeds_label = seeds_label
        self.lines: dict[str, Counter[str]] = {}
        """Per folder: in how many counted seeds each line appears."""
        self.counted: dict[str, set[str]] = {}
        """Per folder: the seeds already counted (each is counted once)."""
        self.stories: dict[str, set[str]] = {}
        """Per folder: the stories counted (``_story``): a repeated story counts once."""
        self.stamps: dict[str, str] = {}
        """Per folder: its override file as last seen (``override_stamp``)."""
        self.dirty = False
        """Whether anything changed since the file was loaded or saved."""
        self._overrides: dict[str, Hints] = {}
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return  # none yet, or unreadable: learned again from the seeds
        if not isinstance(data, dict) or data.get("version") != _VERSION:
            return
        for folder, known in data.get("folders", {}).items():
            self.lines[folder] = Counter(known.get("lines", {}))
            self.counted[folder] = set(known.get("counted", []))
            self.stories[folder] = set(known.get("stories", []))
            if known.get("override"):
                self.stamps[folder] = known["override"]

    def save(self) -> None:
        """Write the counts to ``.digest/templates.json`` (atomically), if they changed."""
        if not self.dirty:
            return
        folders = {
            folder: {
                "counted": sorted(self.counted.get(folder, ())),
                "stories": sorted(self.stories.get(folder, ())),
                "lines": dict(_most_common(self.lines.get(folder, Counter()), KEPT)),
                "override": self.stamps.get(folder, ""),
            }
            for folder in sorted({*self.lines, *self.stamps})
        }
        text = json.dumps({"version": _VERSION, "folders": folders}, ensure_ascii=False)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, text)
        self.dirty = False

    def learn(self, rels: Iterable[str]) -> bool:
        """Count the lines of the text seeds among ``rels`` not counted yet; tell whether
        anything was counted."""
        changed = False
        for rel in sorted(rels):
            folder = folder_of(rel)
            counted = self.counted.setdefault(folder, set())
            if rel in counted or reader_for_seed(rel) is not read_text:
                continue
            text = self._text(rel)
            if text is None:
                continue
            counted.add(rel)
            changed = True
            # A story saved twice is one page of the site: its lines count once.
            stories = self.stories.setdefault(folder, set())
            lines = _page_lines(text)
            story = _story(lines)
            if story in stories:
                continue
            stories.add(story)
            self.lines.setdefault(folder, Counter()).update(lines)
        self.dirty = self.dirty or changed
        return changed

    def _text(self, rel: str) -> str | None:
        path = os.path.join(self.seeds_dir, rel)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            try:
                size = os.fstat(fd).st_size
                data = read_all(fd, size, 5_000_000)
            finally:
                os.close(fd)
            return decode(data, f"{self.seeds_label}/{rel}") if data is not None else None
        except (OSError, DigestError):
            return None  # the import says what is wrong with it

    def hints(self, folder: str) -> Hints:
        """Return what is known of the pages of a folder (learned, overridden)."""
        override = self.override(folder)
        lines = self.lines.get(folder)
        seeds = len(self.stories.get(folder, ()))
        if not lines or seeds < AT_LEAST:
            return override
        least = max(AT_LEAST, math.ceil(SHARE * seeds))
        where = f"{self.seeds_label}/{folder}/" if folder else f"{self.seeds_label}/"
        furniture = {
            line: f"furniture: repeats in {count} of {seeds} pages in {where}"
            for line, count in lines.items()
            if count >= least and not line.startswith("\x00")
        }
        affixes = frozenset(
            line.removeprefix(AFFIX)
            for line, count in lines.items()
            if count >= least and line.startswith(AFFIX)
        )
        prefixes = {
            line.removeprefix(PREFIX): f"starts like lines in {count} of {seeds} pages in {where}"
            for line, count in lines.items()
            if count >= least and line.startswith(PREFIX)
        }
        if not furniture and not affixes and not prefixes and override is NO_HINTS:
            return NO_HINTS
        return Hints(
            {**furniture, **override.furniture},
            override.patterns,
            override.date,
            override.source,
            override.origin,
            affixes,
            prefixes,
        )

    def override(self, folder: str) -> Hints:
        """Return the hints of a folder's ``.digest.yml`` (``NO_HINTS`` without one)."""
        if folder not in self._overrides:
            try:
                found = load_override(self.seeds_dir, folder, self.seeds_label)
            except OverrideError as exc:
                log.warning("%s; the folder's pages are read without it", exc)
                found = NO_HINTS
            self._overrides[folder] = found
        return self._overrides[folder]

    def override_stamp(self, folder: str) -> str:
        """Return what identifies the folder's override as it is now (``""``: none)."""
        path = self.seeds_dir.joinpath(*PurePosixPath(folder).parts, FOLDER_FILE)
        try:
            stat = path.stat()
        except OSError:
            return ""
        return f"{stat.st_mtime_ns}:{stat.st_size}"


AFFIX = "\x00affix "
"""What the count of a line's last part after a separator is kept under."""
PREFIX = "\x00prefix "
"""What the count of a line's label (``Breaking:``) is kept under."""


def _story(lines: set[str]) -> str:
    """Return what tells a page's story from another's, given its ``_page_lines``: a hash
    of its lines of four words or more (two copies of a story differ at most in shorter
    furniture lines)."""
    wordy = sorted(line for line in lines if line.count(" ") >= 3 and line[:1] != "\x00")
    wordy = wordy or sorted(lines)
    return hashlib.sha1("\n".join(wordy).encode("utf-8")).hexdigest()[:16]


def _page_lines(text: str) -> set[str]:
    """Return the distinct lines of a page worth counting (short, not blank), and the last
    parts of lines after a separator (``Headline | Site`` counts ``Site``)."""
    found = set()
    for raw in text.splitlines():
        if raw and len(raw) <= LONGEST and not raw.isspace():
            key = line_key(raw)
            found.add(key)
            # The expressions only where they may match: a separator, a colon early on.
            if _SEPARATOR.search(key) and (parts := split_affix(key)):
                found.add(AFFIX + parts[1])
            if ":" in key[:34] and (prefix := line_prefix(key)) is not None:
                found.add(PREFIX + prefix)
    return found


_SEPARATOR = re.compile(" (?:[|–—·•»-]|::) ")


def _most_common(lines: Counter[str], n: int) -> list[tuple[str, int]]:
    """Return the ``n`` most frequent lines, ties in text order (deterministic)."""
    if len(lines) <= n:
        return sorted(lines.items())
    return sorted(sorted(lines.items()), key=lambda item: -item[1])[:n]


_KEYS = ("furniture", "date", "source", "tags")


def load_override(seeds_dir: Path, folder: str, seeds_label: str = "seeds") -> Hints:
    """Read ``seeds/<folder>/.digest.yml`` into hints; raise ``OverrideError`` naming the
    file if it cannot be used."""
    path = seeds_dir.joinpath(*PurePosixPath(folder).parts, FOLDER_FILE)
    label = f"{seeds_label}/{folder}/{FOLDER_FILE}" if folder else f"{seeds_label}/{FOLDER_FILE}"
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return NO_HINTS
    except (OSError, UnicodeDecodeError) as exc:
        raise OverrideError(f"{label}: cannot be read ({exc})") from exc
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise OverrideError(f"{label}: not valid YAML{where}") from exc
    if data is None:
        return NO_HINTS
    if not isinstance(data, dict):
        raise OverrideError(f"{label}: expected keys {', '.join(_KEYS)}")
    unknown = sorted(str(key) for key in data if key not in _KEYS)
    if unknown:
        raise OverrideError(f"{label}: unknown key '{unknown[0]}' (known: {', '.join(_KEYS)})")
    lines, patterns = _furniture(data.get("furniture") or [], label)
    return Hints(
        lines,
        tuple(patterns),
        _expression(data.get("date"), "date", label),
        _string(data.get("source"), "source", label),
        label,
    )


def _furniture(items: Any, label: str) -> tuple[dict[str, str], list[re.Pattern[str]]]:
    """Return the exact lines (with why) and the expressions of ``furniture:``."""
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise OverrideError(f"{label}: 'furniture' must be a list of lines or /expressions/")
    lines: dict[str, str] = {}
    patterns = []
    for item in items:
        if len(item) > 2 and item.startswith("/") and item.endswith("/"):
            found = _expression(item[1:-1], "furniture", label)
            assert found is not None
            patterns.append(found)
        elif line_key(item):
            lines[line_key(item)] = f"listed under 'furniture' in {label}"
    return lines, patterns


def _expression(value: Any, key: str, label: str) -> re.Pattern[str] | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise OverrideError(f"{label}: '{key}' must be a regular expression")
    try:
        return re.compile(value)
    except re.error as exc:
        raise OverrideError(f"{label}: '{key}' is not a valid expression ({exc})") from exc


def _string(value: Any, key: str, label: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise OverrideError(f"{label}: '{key}' must be text")
    return value.strip()
