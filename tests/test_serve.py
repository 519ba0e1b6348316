"""A real ``mkdocs serve``: hand edits and new seeds show up on reload, no restart."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

pytestmark = pytest.mark.slow

ARTICLE = "site_src/articles/2013/11/01/putin-meets-top-chinese-military-official.md"
NEW_SEED = """Follow us on:

Markets calm after trade talks
March 2, 1987, 2:01 pm


Exporters in Japan said trade talks with the United States went well.

Source: Reuters"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(check: Callable[[], bool], seconds: float = 60) -> float:
    """Poll ``check`` until it holds; return how long it took (fail after ``seconds``)."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if check():
            return time.monotonic() - started
        time.sleep(0.2)
    pytest.fail(f"condition not met within {seconds} s")


@dataclass
class Server:
    """A running ``mkdocs serve``: its address, and what it printed once it stopped."""

    base: str
    stderr: str = ""


@contextmanager
def mkdocs_serving(root: Path) -> Iterator[Server]:
    """Run ``mkdocs serve`` in ``root`` (which holds the repository's seed) on a free port
    until its home page is up; stop it after the block."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    server = Server(f"http://127.0.0.1:{port}/news-digest/")
    try:
        wait_for(lambda: "Putin meets" in fetch(server.base), 90)
        yield server
    finally:
        process.terminate()
        try:
            _, server.stderr = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            _, server.stderr = process.communicate()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = tmp_path / "project"
    shutil.copytree(REPO / "seeds", root / "seeds")
    (root / "site_src").mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    with mkdocs_serving(root) as server:
        yield root, server.base


def test_front_matter_edit_updates_tag_pages(served: tuple[Path, str]) -> None:
    root, base = served
    article = root / ARTICLE
    text = article.read_text("utf-8")
    article.write_text(text.replace("tags:\n", "tags:\n- Hand Edited\n", 1), encoding="utf-8")
    wait_for(lambda: "Putin meets" in fetch(base + "tags/hand-edited/"))
    assert "Hand Edited" in fetch(base + "tags/")
    if Observer is not PollingObserver:
        # Noticed through the system's file events, not MkDocs' polling of every article.
        assert (root / ".digest/serve/changed").read_text("utf-8") != "0\n"


def test_new_seed_appears_on_reload(served: tuple[Path, str]) -> None:
    root, base = served
    (root / "seeds" / "new.txt").write_text(NEW_SEED, encoding="utf-8")
    wait_for(lambda: "Markets calm after trade talks" in fetch(base))
    assert "Markets calm" in fetch(base + "articles/1987/03/02/markets-calm-after-trade-talks/")


def test_search_index_follows_a_new_seed_under_serve(served: tuple[Path, str]) -> None:
    """Pagefind indexes the served site in the background after each rebuild."""

    def pages() -> int:
        text = fetch(base + "pagefind/pagefind-entry.json")
        if not text:
            return 0
        languages = json.loads(text)["languages"].values()
        return sum(language["page_count"] for language in languages)

    root, base = served
    wait_for(lambda: pages() >= 1)
    before = pages()
    (root / "seeds" / "new.txt").write_text(NEW_SEED, encoding="utf-8")
    wait_for(lambda: pages() == before + 1)
