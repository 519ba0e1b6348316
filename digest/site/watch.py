"""Notice edits in large folders under ``mkdocs serve`` from the system's file events.

``mkdocs serve`` finds changes by polling: every half second it lists and
stats every file it watches, in a thread of the serving process. With ten
thousand seeds and as many articles that is a fifth of a second of CPU per
poll, most of the time the build has, and it slows every rebuild down while
it holds the interpreter.

So the plugin watches the seeds and the articles with the operating system's
file events (inotify, FSEvents, ReadDirectoryChangesW, through watchdog, which
MkDocs already depends on) and, when one of their files changes, writes a
small trigger file that MkDocs watches instead (``server.watch``). Where the
system offers no such events the folders are left to MkDocs' polling.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.plugins.digest")


def _hidden(path: str | bytes) -> bool:
    """Tell whether a path names a hidden file (editor swap files, our temporary files)."""
    name = os.path.basename(os.fsdecode(path))
    return name.startswith(".")


class _Touch(FileSystemEventHandler):
    """Writes the trigger file when a (visible) file changes."""

    def __init__(self, trigger: Path) -> None:
        self.trigger = trigger
        self.count = 0
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        # Reading a file is no change (the build reads them all).
        if event.is_directory or event.event_type in ("opened", "closed", "closed_no_write"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        if all(not path or _hidden(path) for path in paths):
            return
        log.debug("Changed: %s", os.fsdecode(paths[-1] or paths[0]))
        with self.lock:
            self.count += 1
            try:
                self.trigger.write_text(f"{self.count}\n", encoding="utf-8")
            except OSError as exc:
                log.warning("Could not write %s (%s): edits may go unnoticed", self.trigger, exc)


class FolderWatch:
    """Large folders watched through the system's file events, reported through a trigger file."""

    def __init__(self, trigger: Path) -> None:
        self.trigger = trigger
        self._observer: BaseObserver | None = None

    def start(self, folders: Iterable[Path]) -> bool:
        """Watch ``folders``; return ``False`` (nothing started) without native file events."""
        if Observer is PollingObserver:
            return False
        observer = Observer()
        handler = _Touch(self.trigger)
        try:
            self.trigger.parent.mkdir(parents=True, exist_ok=True)
            self.trigger.write_text("0\n", encoding="utf-8")
            for folder in folders:
                observer.schedule(handler, str(folder), recursive=True)
            observer.daemon = True
            observer.start()
        except OSError as exc:  # e.g. out of inotify watches
            log.info("Watching by polling: no system file events (%s)", exc)
            observer.unschedule_all()
            return False
        self._observer = observer
        return True

    def stop(self) -> None:
        """Stop watching."""
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)
