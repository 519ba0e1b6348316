"""A seed whose reading takes too long is stopped, skipped and named; the rest builds."""

from __future__ import annotations

import logging
import multiprocessing as mp
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import new_project
from mkdocs.config import load_config

from digest import cli
from digest.article import Article
from digest.articles.importer import PARALLEL_FROM, Importer
from digest.articles.ledger import Ledger
from digest.pipeline import Project
from digest.readers import READERS
from digest.readers.text import read_text
from digest.site.plugin import DigestPlugin

SLOW_FOR = 20.0
"""Seconds the slow reader takes: without a budget the test waits this long, then fails."""
# Nested quantifiers: matching "aaa...b" backtracks through every split of the a's.
_CATASTROPHIC = re.compile(r"(a|aa)+$")


def slow_reader(text: str, seed: str) -> Article:
    """Read as text, after a catastrophic match repeated for ``SLOW_FOR`` seconds."""
    started = time.monotonic()
    while time.monotonic() - started < SLOW_FOR:
        _CATASTROPHIC.match("a" * 24 + "b")
    return read_text(text, seed)


def story(n: int) -> str:
    return (
        f"Story number {n} about Brazil\nBy Reuters | 1987-03-{n % 28 + 1:02d} 10:{n % 60:02d}\n"
        f"\nSAO PAULO, March 2 - Petrobras said output rose {n} pct in Brazil.\n\nREUTER\n"
    )


@pytest.fixture
def slow_seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make seeds named ``*.slow`` read slowly (forked workers inherit the registry)."""
    monkeypatch.setitem(READERS, ".slow", slow_reader)


def test_re_checks_signals_during_a_match() -> None:
    """The budget relies on it: an alarm stops a match that would take hours."""
    code = (
        "import re\n"
        "from digest.articles.budget import Overrun, time_budget\n"
        "try:\n"
        "    with time_budget(0.5):\n"
        "        re.match(r'(a|aa)+$', 'a' * 60 + 'b')\n"
        "except Overrun:\n"
        "    print('stopped')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip() == "stopped", done.stderr


@pytest.mark.parametrize("parallel", [True, False], ids=["workers", "one process"])
def test_slow_seed_is_skipped_and_named(
    tmp_path: Path, slow_seeds: None, caplog: pytest.LogCaptureFixture, parallel: bool
) -> None:
    count = PARALLEL_FROM + 20 if parallel else 5
    seeds: dict[str, str | bytes] = {f"{n:04d}.txt": story(n) for n in range(count)}
    seeds["0100-table.slow"] = story(9999)
    root = new_project(tmp_path, seeds)
    ledger = Ledger.load(root / ".digest" / "ledger.json")
    importer = Importer(root / "seeds", root / "site_src", ledger, budget=1.0, parallel=parallel)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        report = importer.run(progress=False)
    assert time.monotonic() - started < SLOW_FOR
    assert [rel for rel, _ in report.skipped] == ["0100-table.slow"]
    assert len(report.imported) == count
    assert "Skipped seed 'seeds/0100-table.slow': reading it took over 1 s, stopped" in caplog.text
    assert mp.active_children() == []  # no worker stays behind
    assert not list((root / "site_src").rglob("*.tmp"))


def test_budget_from_the_command_line(
    tmp_path: Path,
    slow_seeds: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = new_project(tmp_path, {"a.txt": story(1), "b.slow": story(2)})
    monkeypatch.chdir(root)
    monkeypatch.delenv("DIGEST_SEED_BUDGET", raising=False)
    started = time.monotonic()
    status = cli.main(["import", "--seed-budget", "0.5"])
    assert time.monotonic() - started < SLOW_FOR
    out = capsys.readouterr()
    assert status == cli.EXIT_OK  # a skipped seed is reported, as every bad seed is
    assert "Skipped seed 'seeds/b.slow': reading it took over 0.5 s" in out.err
    assert "1 imported, 1 skipped" in out.out


def test_budget_in_mkdocs_yml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = (Path(__file__).parents[1] / "mkdocs.yml").read_text("utf-8")
    assert "      seed_budget: 5\n" in config
    root = new_project(tmp_path, config=config.replace("seed_budget: 5", "seed_budget: 2.5"))
    monkeypatch.delenv("DIGEST_SEED_BUDGET", raising=False)
    assert _project(root).seed_budget == 2.5
    monkeypatch.setenv("DIGEST_SEED_BUDGET", "7")
    assert _project(root).seed_budget == 7.0


def _project(root: Path) -> Project:
    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["digest"]
    assert isinstance(plugin, DigestPlugin)
    plugin.on_config(config)
    assert plugin.project is not None
    return plugin.project
