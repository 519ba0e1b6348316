"""What `digest fetch` fetches: the sources listed in ``sources.yml``, and per-folder tags.

``sources.yml`` at the project root is a list under ``sources:``; each item is a URL or::

    - url: https://example.com/feed.xml   # a feed (RSS/Atom) or a single page
      name: example                       # the folder under seeds/ (default: from the host)
      tags: [economy]                     # tags added to every article from this source
      follow: true                        # summary-only feed: fetch each entry's page

The tags reach the articles through ``seeds/<name>/.digest.yml`` (``tags:``), a hidden
file the importer reads for every seed in that folder (``folder_tags``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml
from slugify import slugify

from digest.exceptions import FileError

SOURCES_FILE = "sources.yml"
FOLDER_FILE = ".digest.yml"


@dataclass
class Source:
    """One URL to fetch, the seeds folder it is saved in, and what to do with it."""

    url: str
    name: str
    tags: list[str] = field(default_factory=list)
    follow: bool = False


def default_name(url: str) -> str:
    """Name a source's folder after its host (``www.`` dropped): ``news-example-com``."""
    host = (urlsplit(url).hostname or "source").removeprefix("www.")
    return slugify(host) or "source"


def source_for(url: str) -> Source:
    """Return the source for a URL given on the command line."""
    return Source(url=url, name=default_name(url))


def load_sources(path: Path) -> list[Source]:
    """Read ``sources.yml``; every problem names the file and the item."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FileError(path.name, f"cannot be read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise FileError(path.name, "is not valid YAML", None if line is None else line + 1) from exc
    items = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise FileError(path.name, "expected a list under 'sources:'")
    return [_source(path.name, index, item) for index, item in enumerate(items, 1)]


def _source(file: str, index: int, item: Any) -> Source:
    """Check one item of ``sources:``."""
    where = f"source {index}"
    if isinstance(item, str):
        item = {"url": item}
    if not isinstance(item, dict) or not isinstance(item.get("url"), str):
        raise FileError(file, f"{where}: expected a URL or a mapping with 'url:'")
    unknown = sorted(set(item) - {"url", "name", "tags", "follow"})
    if unknown:
        raise FileError(file, f"{where}: unknown key '{unknown[0]}'")
    url: str = item["url"]
    name = item.get("name", default_name(url))
    if not isinstance(name, str) or not _is_folder_name(name):
        raise FileError(file, f"{where}: 'name' must be a plain folder name, not '{name}'")
    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) and tag for tag in tags):
        raise FileError(file, f"{where}: 'tags' must be a list of words")
    follow = item.get("follow", False)
    if not isinstance(follow, bool):
        raise FileError(file, f"{where}: 'follow' must be true or false")
    return Source(url=url, name=name, tags=list(tags), follow=follow)


def _is_folder_name(name: str) -> bool:
    """Say whether ``name`` is one visible path component (no '..', no '/')."""
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".")


def folder_tags(seeds_dir: Path, rel: str) -> list[str]:
    """Return the ``tags:`` of ``.digest.yml`` in the seed's folder (none if it has none).

    An unreadable file adds no tags rather than failing the seed: the tags are an extra.
    """
    folder = PurePosixPath(rel).parent
    path = seeds_dir.joinpath(*folder.parts, FOLDER_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    tags = data.get("tags") if isinstance(data, dict) else None
    if not isinstance(tags, list):
        return []
    return [tag for tag in tags if isinstance(tag, str) and tag]


def add_tags(tags: list[str], extra: list[str]) -> list[str]:
    """Return ``tags`` followed by the ``extra`` ones it lacks (compared case-insensitively)."""
    seen = {tag.lower() for tag in tags}
    added = [tag for tag in dict.fromkeys(extra) if tag.lower() not in seen]
    return tags + added
