"""Atomic writes: whole files, private temporary files, new folders made on demand."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from digest.articles import fsutil
from digest.articles.fsutil import remove_stale_temps, write_atomic
from digest.articles.importer import read_seed_file


def test_write_atomic_makes_folders_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "x.md"
    write_atomic(target, "héllo\n")
    write_atomic(tmp_path / "a" / "b" / "y.bin", b"\x00\x01")
    assert target.read_bytes() == "héllo\n".encode()
    assert (tmp_path / "a" / "b" / "y.bin").read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.md", "y.bin"]


def test_files_are_written_private_as_mkstemp_makes_them(tmp_path: Path) -> None:
    write_atomic(tmp_path / "x.md", "text")
    assert stat.S_IMODE((tmp_path / "x.md").stat().st_mode) == 0o600


def test_a_taken_temporary_name_falls_back_to_mkstemp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fsutil, "_TEMPS", iter([7, 7]))
    (tmp_path / f".{os.getpid()}-7.tmp").write_text("left by a killed build")
    write_atomic(tmp_path / "x.md", "new")
    assert (tmp_path / "x.md").read_text() == "new"
    assert remove_stale_temps(tmp_path) == 1  # only the stale one remains


@pytest.mark.parametrize("size", [0, 1, 4096, 3 * 1024 * 1024 + 7])
def test_whole_files_are_written_and_read_back(tmp_path: Path, size: int) -> None:
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    target = tmp_path / "seed.txt"
    write_atomic(target, data)
    assert target.read_bytes() == data
    read = read_seed_file(str(target))
    stat_ = target.stat()
    assert read == (data, (stat_.st_mtime_ns, stat_.st_size))


def test_a_file_that_grew_since_its_size_was_taken_is_read_to_its_end(tmp_path: Path) -> None:
    target = tmp_path / "seed.txt"
    target.write_bytes(b"a" * 5000)
    fd = os.open(target, os.O_RDONLY)
    try:
        assert fsutil.read_all(fd, 100, limit=10_000) == b"a" * 5000  # its size was 100
    finally:
        os.close(fd)
    fd = os.open(target, os.O_RDONLY)
    try:
        assert fsutil.read_all(fd, 100, limit=1000) is None  # grew past the limit
    finally:
        os.close(fd)


def test_only_temporary_files_are_swept(tmp_path: Path) -> None:
    """What remove_stale_temps removes is what the ``.*.tmp`` pattern names, at any depth."""
    names = [".1-2.tmp", ".x.tmp", ".tmp", "x.tmp", ".1-2.tmpx", ".1.TMP", "a.md", ".hidden"]
    for folder in ("", "a/", "a/.b/"):
        for name in names:
            (tmp_path / folder).mkdir(parents=True, exist_ok=True)
            (tmp_path / folder / name).write_text("x")
    expected = {p for p in tmp_path.rglob("*") if p.is_file() and not p.match(".*.tmp")}
    assert remove_stale_temps(tmp_path) == 6
    assert {p for p in tmp_path.rglob("*") if p.is_file()} == expected
