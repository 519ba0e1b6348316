"""Keep the search index complete across ``--dirty`` builds.

A dirty build re-renders only the pages whose source changed, and Material's
search plugin then writes an index of those pages alone. The entries of the
pages left untouched are taken back from the previous index.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

INDEX = Path("search") / "search_index.json"


def read_index(site_dir: Path) -> dict[str, Any] | None:
    """Return the search index of the previous build, if there is one."""
    try:
        data = json.loads((site_dir / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("docs"), list) else None


def _page(location: str) -> str:
    return location.split("#", 1)[0]


def merge(previous: dict[str, Any], current: dict[str, Any], rebuilt: Collection[str],
          pages: Collection[str]) -> dict[str, Any]:  # fmt: skip
    """Return ``current`` plus the previous entries of pages that exist and were not rebuilt."""
    kept = [
        entry for entry in previous["docs"]
        if _page(entry.get("location", "")) in pages and _page(entry["location"]) not in rebuilt
    ]  # fmt: skip
    return {**current, "docs": kept + current.get("docs", [])}


def complete_index(site_dir: Path, previous: dict[str, Any] | None, rebuilt: Collection[str],
                   pages: Collection[str]) -> bool:  # fmt: skip
    """Merge the previous index into the one just written; return whether it did."""
    current = read_index(site_dir)
    if previous is None or current is None:
        return False
    merged = merge(previous, current, rebuilt, pages)
    (site_dir / INDEX).write_text(json.dumps(merged, separators=(",", ":")), encoding="utf-8")
    return True
