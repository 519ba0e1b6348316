"""The seeds and articles are watched through system file events under ``mkdocs serve``."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from digest.site.watch import FolderWatch

pytestmark = pytest.mark.skipif(Observer is PollingObserver, reason="no native file events")


def settled(check: Callable[[], object], seconds: float = 10) -> object:
    """Wait until ``check()`` has stopped changing (or ``seconds``); return its value."""
    last, since, started = check(), time.monotonic(), time.monotonic()
    while time.monotonic() - started < seconds:
        time.sleep(0.1)
        value = check()
        if value != last:
            last, since = value, time.monotonic()
        elif time.monotonic() - since > 0.8:
            break
    return last


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    folder = tmp_path / "seeds"
    (folder / "old").mkdir(parents=True)
    (folder / "old" / "a.txt").write_text("a")
    watch = FolderWatch(tmp_path / ".digest" / "serve" / "changed")
    assert watch.start([folder])
    try:
        yield folder, watch.trigger
    finally:
        watch.stop()


def test_a_changed_file_writes_the_trigger(watched: tuple[Path, Path]) -> None:
    folder, trigger = watched
    assert trigger.read_text() == "0\n"
    (folder / "old" / "a.txt").write_text("changed")
    assert settled(trigger.read_text) != "0\n"
    before = trigger.read_text()
    (folder / "new").mkdir()
    (folder / "new" / "b.txt").write_text("new")
    assert settled(trigger.read_text) != before
    before = trigger.read_text()
    (folder / "new" / "b.txt").unlink()
    assert settled(trigger.read_text) != before


def test_reads_hidden_files_and_folders_alone_do_not(watched: tuple[Path, Path]) -> None:
    folder, trigger = watched
    (folder / "old" / "a.txt").read_text()
    (folder / ".a.txt.swp").write_text("editor")
    (folder / "empty").mkdir()
    # A temporary file renamed onto a visible name is a change (atomic writes).
    assert settled(trigger.read_text) == "0\n"
    (folder / ".tmp").write_text("new text")
    (folder / ".tmp").rename(folder / "old" / "a.txt")
    assert settled(trigger.read_text) != "0\n"


def test_a_folder_that_cannot_be_watched_falls_back(tmp_path: Path) -> None:
    watch = FolderWatch(tmp_path / "changed")
    assert not watch.start([tmp_path / "missing"])
    watch.stop()
