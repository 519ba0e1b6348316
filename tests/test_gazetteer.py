"""The gazetteer's disk cache: the same tables as a fresh build, rebuilt when stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.tagging import gazetteer
from digest.tagging.gazetteer import Gazetteer


def load_uncached_by_lru() -> Gazetteer:
    return gazetteer.load.__wrapped__()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(gazetteer.CACHE_ENV, str(tmp_path))
    return tmp_path


def test_cached_gazetteer_equals_a_fresh_build(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = gazetteer.build()
    assert load_uncached_by_lru() == fresh
    assert len(list(cache.glob("gazetteer-*.pickle"))) == 1

    def no_build() -> Gazetteer:
        raise AssertionError("built again despite the cache")

    monkeypatch.setattr(gazetteer, "build", no_build)
    assert load_uncached_by_lru() == fresh


def test_a_damaged_cache_is_rebuilt(cache: Path) -> None:
    load_uncached_by_lru()
    (cached,) = cache.glob("gazetteer-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert load_uncached_by_lru() == gazetteer.build()
    assert cached.read_bytes() != b"not a pickle"


def test_a_new_library_version_means_a_new_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = gazetteer.cache_key()
    monkeypatch.setattr(gazetteer.metadata, "version", lambda name: "0.0.1")
    assert gazetteer.cache_key() != before


def test_an_empty_cache_setting_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(gazetteer.CACHE_ENV, "")
    assert gazetteer.cache_dir() is None
    assert load_uncached_by_lru() == gazetteer.build()
