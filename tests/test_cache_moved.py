"""Caches in ``.digest/cache/`` naming classes that have since moved are a miss, not a crash.

A pickle names each class by its module; after an upgrade that moves a module,
loading an old cache raises ``ModuleNotFoundError``. The next run must rebuild
what the cache held and end as a run without a cache does.
"""

from __future__ import annotations

import logging
import pickle
import re
from pathlib import Path

import pytest
from conftest import new_project, run_module

from digest.fast import cachefile

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


DAMAGED = {
    "moved module": (b"cdigest.zz_gone\nArticle\n.", "ModuleNotFoundError"),
    "renamed class": (b"cdigest.article\nNoSuchClass\n.", "AttributeError"),
    "cut short": (pickle.dumps({"a": list(range(50))})[:-7], "UnpicklingError"),
    "empty": (b"", "EOFError"),
    "not a pickle": (b"<html>not a pickle</html>", "UnpicklingError"),
}


@pytest.mark.parametrize("kind", DAMAGED)
def test_an_unusable_cache_is_a_miss_logged_with_its_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    data, error = DAMAGED[kind]
    path = tmp_path / "articles.pickle"
    path.write_bytes(data)

    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.digest"):
        assert cachefile.load(path, pickle.load) is None

    (record,) = caplog.records
    assert record.levelno == logging.DEBUG
    assert record.getMessage().startswith(f"Cache articles.pickle not used ({error}: ")


def test_a_missing_cache_is_a_quiet_miss(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.digest"):
        assert cachefile.load(tmp_path / "none.pickle", pickle.load) is None
    assert caplog.records == []


def test_damaged_caches_are_rebuilt(tmp_path: Path) -> None:
    root = new_project(tmp_path / "project", {"oil.txt": SEED})
    assert run_module(root, "digest", "import").returncode == 0
    pages = {p: p.read_bytes() for p in (root / "site_src").rglob("*.md")}
    for cache in (root / ".digest" / "cache").glob("*.pickle"):
        cache.write_bytes(cache.read_bytes()[: len(cache.read_bytes()) // 2])

    again = run_module(root, "digest", "--verbose", "import")

    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr
    assert "Cache articles.pickle not used (" in again.stderr + again.stdout
    assert {p: p.read_bytes() for p in (root / "site_src").rglob("*.md")} == pages
