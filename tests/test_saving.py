"""The ledger and the caches are written by forked processes while the build goes on.

The ledger is saved by the process that makes half of the index pages (a full
build of a large site), or at the end of the step; the caches are written after
it, while MkDocs builds, and waited for by whoever ends the process (``digest
import``, the plugin).
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO
from test_incremental import OTHER, SEED

from digest import pipeline
from digest.articles.ledger import Ledger
from digest.exceptions import DigestError
from digest.pipeline import State, run

SEEDS = {"putin.txt": SEED, "trade.txt": OTHER}


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "in-process"])
def test_the_ledger_is_saved_by_the_end_of_the_step(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    monkeypatch.setattr(pipeline, "SPLIT_PAGES_FROM", 0 if fork else 10**9)
    root = make_project(SEEDS)
    state = State()
    report = run(pipeline_project(root), progress=False, state=state)
    ledger = root / ".digest" / "ledger.json"
    assert sorted(json.loads(ledger.read_text("utf-8"))["seeds"]) == sorted(SEEDS)
    assert len(report.imports.imported) == 2
    # Known to be the ledger this state holds: the next run does not read it again.
    assert state.ledger is not None and state.ledger_stamp == pipeline._file_stamp(ledger)


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "in-process"])
def test_a_ledger_that_cannot_be_saved_is_an_error_naming_it(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    monkeypatch.setattr(pipeline, "SPLIT_PAGES_FROM", 0 if fork else 10**9)
    root = make_project(SEEDS)

    def disk_full(self: Ledger) -> bool:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.path))

    monkeypatch.setattr(Ledger, "save", disk_full)
    state = State()
    with pytest.raises(DigestError, match=r"Error saving the import ledger: OSError: .*ledger"):
        run(pipeline_project(root), progress=False, state=state)
    assert state.ledger is None  # its changes were not saved: read again next time
    # The articles and index pages were made all the same.
    assert len(list((root / "site_src" / "articles").rglob("*.md"))) == 2
    assert "Second story about trade" in (root / "site_src" / "index.md").read_text("utf-8")


# Runs a command with the caches written by a forked process that takes a second to
# write the catalog's: the process must wait for it before it ends.
DRIVER = """
import sys, time
from digest import pipeline
pipeline.BACKGROUND_SAVE_FROM = 0
save = pipeline._save_catalog
def slow(*args):
    time.sleep(1.0)
    save(*args)
pipeline._save_catalog = slow
if sys.argv[1] == "import":
    from digest.cli import main
    raise SystemExit(main(["import"]))
from mkdocs.__main__ import cli
cli(["build", "--quiet"])
"""


@pytest.mark.parametrize("command", ["import", "mkdocs-build"])
def test_the_caches_are_written_before_the_process_ends(
    make_project: Callable[..., Path], command: str
) -> None:
    root = make_project(SEEDS)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, command], cwd=root, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    cache = root / ".digest" / "cache"
    assert (cache / "catalog.pickle").is_file() and (cache / "articles.pickle").is_file()
    assert not list(cache.glob("*.tmp"))


def pipeline_project(root: Path) -> pipeline.Project:
    return pipeline.Project(
        root=root,
        docs_dir=root / "site_src",
        seeds_dir=root / "seeds",
        tags_file=root / "site_src" / "tags.yml",
    )
