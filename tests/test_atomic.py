"""A build killed mid-way leaves no half-written file; the next build ends where an
uninterrupted one would have."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

from digest.articles.front import load

pytestmark = pytest.mark.slow

COUNT = 1500


def make_seeds(folder: Path) -> None:
    folder.mkdir(parents=True)
    for i in range(COUNT):
        day = 1 + i % 28
        text = (
            f"Story number {i} about trade\nMarch {day}, 1987, {1 + i % 12}:{i % 60:02d} pm\n\n"
            f"Exporters said volume {i} rose. " * 20 + "\n\nSource: Reuters"
        )
        (folder / f"s{i:05d}.txt").write_text(text, encoding="utf-8")


def project(root: Path) -> Path:
    make_seeds(root / "seeds")
    (root / "site_src").mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def digest_import(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "digest", "import"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def children(pid: int) -> list[int]:
    """Return the child process ids of ``pid`` (Linux)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def snapshot(docs: Path) -> dict[str, bytes]:
    return {
        p.relative_to(docs).as_posix(): p.read_bytes()
        for p in sorted(docs.rglob("*"))
        if p.is_file()
    }


def test_killed_import_resumes_to_the_same_result(tmp_path: Path) -> None:
    reference = project(tmp_path / "reference")
    assert digest_import(reference).wait(timeout=600) == 0

    root = project(tmp_path / "killed")
    proc = digest_import(root)
    articles = root / "site_src" / "articles"
    deadline = time.monotonic() + 300
    # Kill it once it is well into writing articles.
    while time.monotonic() < deadline and proc.poll() is None:
        if articles.is_dir() and sum(1 for _ in articles.rglob("*.md")) >= COUNT // 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the import finished before it could be killed"
    workers = children(proc.pid)
    assert workers, "the import converts in worker processes"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # Its worker processes end with it instead of lingering as orphans.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    written = list(articles.rglob("*.md"))
    assert 0 < len(written) < COUNT
    for path in written:  # every file is whole: its front matter parses
        load(path.read_text("utf-8"), path.name)

    assert digest_import(root).wait(timeout=600) == 0
    assert not list((root / "site_src").rglob(".*.tmp"))
    assert snapshot(root / "site_src") == snapshot(reference / "site_src")
