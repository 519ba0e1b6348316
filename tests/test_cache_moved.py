"""Caches in ``.digest/cache/`` naming classes that have since moved are a miss, not a crash.

A pickle names each class by its module; after an upgrade that moves a module,
loading an old cache raises ``ModuleNotFoundError``. The next run must rebuild
what the cache held and end as a run without a cache does.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import new_project, run_module

SEED = "Oil prices rise\n\nLONDON, April 3 - Oil prices rose on Friday, traders said.\n"


def _move_every_class(cache: Path) -> int:
    """Rename every ``digest.*`` module a pickle names to one that does not exist."""
    data = cache.read_bytes()
    # Same length, so the pickle's length prefixes stay valid and only the import fails.
    moved, count = re.subn(rb"digest\.[a-z_.]+", lambda m: b"digest." + b"z" * len(m[0][7:]), data)
    cache.write_bytes(moved)
    return count


def test_caches_naming_moved_classes_are_rebuilt(tmp_path: Path) -> None:
    root = new_project(tmp_path / "project", {"oil.txt": SEED})
    first = run_module(root, "digest", "import")
    assert first.returncode == 0, first.stderr
    pages = {p: p.read_bytes() for p in (root / "site_src").rglob("*.md")}
    caches = sorted((root / ".digest" / "cache").glob("*.pickle"))
    assert [c.name for c in caches] == ["articles.pickle", "catalog.pickle"]
    assert all(_move_every_class(cache) for cache in caches)

    again = run_module(root, "digest", "import")

    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr
    assert {p: p.read_bytes() for p in (root / "site_src").rglob("*.md")} == pages
    # Written anew: loadable again by this version.
    assert not any(b"digest.zz" in cache.read_bytes() for cache in caches)
