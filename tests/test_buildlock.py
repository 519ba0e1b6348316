"""One build at a time: a second import or build waits (or stops cleanly), never breaks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, new_project
from test_serve import fetch, mkdocs_serving, wait_for

from digest.articles.buildlock import build_lock


def story(n: int) -> str:
    return (
        f"Harvest report number {n} from Iowa\nMarch {n % 28 + 1}, 1987, 2:01 pm\n\n"
        f"DES MOINES, March 2 - Farmers in Iowa said crop {n} grew by {n % 90} pct.\n\n"
        "Source: Reuters"
    )


def start(root: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "digest", *args],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def articles(root: Path) -> list[Path]:
    return sorted((root / "site_src" / "articles").rglob("*.md"))


@pytest.mark.slow
def test_two_imports_started_together(tmp_path: Path) -> None:
    count = 1200
    root = new_project(tmp_path, {f"{n:05d}.txt": story(n) for n in range(count)})
    first, second = start(root, "import"), start(root, "import")
    outputs = [process.communicate(timeout=300) for process in (first, second)]
    for process, (_out, err) in zip((first, second), outputs, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in err
    summaries = sorted(out.strip().splitlines()[-1] for out, _ in outputs)
    assert summaries[0].startswith("Digest: 0 imported")
    assert summaries[1].startswith(f"Digest: {count} imported")
    assert any("Waiting for another digest build" in err for _, err in outputs)
    ledger = json.loads((root / ".digest" / "ledger.json").read_text("utf-8"))
    seeds = ledger["seeds"]
    assert len(seeds) == count
    assert len({entry["article"] for entry in seeds.values()}) == count
    assert len(articles(root)) == count  # every article once
    assert not list((root / "site_src").rglob("*.tmp"))


def test_second_import_waits_then_runs(tmp_path: Path) -> None:
    root = new_project(tmp_path, {"a.txt": story(1)})
    with build_lock(root):
        waiting = start(root, "import")
        time.sleep(2)
        assert waiting.poll() is None  # still waiting for the lock
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "Waiting for another digest build or import of this project to finish" in err
    assert "Traceback" not in err
    assert out.strip().splitlines()[-1].startswith("Digest: 1 imported")


@pytest.mark.parametrize("command", ["import", "build"])
def test_no_wait_stops_with_one_line(tmp_path: Path, command: str) -> None:
    root = new_project(tmp_path, {"a.txt": story(1)})
    with build_lock(root):
        done = start(root, command, "--no-wait")
        _out, err = done.communicate(timeout=120)
    assert done.returncode == 1
    assert err.strip().splitlines() == [
        "Error: another digest build or import of this project is running "
        "(lock: .digest/build.lock); run again once it is done"
    ]
    assert articles(root) == []


@pytest.mark.slow
def test_digest_build_while_serving(tmp_path: Path) -> None:
    root = new_project(tmp_path, seed_dir=REPO / "seeds")
    with mkdocs_serving(root) as server:
        base = server.base
        before = len(articles(root))
        count = 300
        for n in range(count):  # serve rebuilds for these while digest build imports them
            (root / "seeds" / f"new-{n:04d}.txt").write_text(story(n), encoding="utf-8")
        build = start(root, "build")
        _out, err = build.communicate(timeout=300)
        assert build.returncode == 0, err
        assert "Traceback" not in err
        wait_for(lambda: "Harvest report number" in fetch(base), 90)
        assert len(articles(root)) == before + count  # every article once
        assert (root / "site" / "index.html").is_file()
    assert "Traceback" not in server.stderr
    assert "Error" not in server.stderr
