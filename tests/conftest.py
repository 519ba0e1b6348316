"""Shared fixtures: the repository, the research corpus, tiny projects built from dicts."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from digest.article import Article

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "reuters"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def corpus_or_skip() -> Path:
    """Return the Reuters corpus folder, or skip when ../shared is not beside the repo."""
    if not (CORPUS / "truth.jsonl").is_file():
        pytest.skip(f"research corpus not found at {CORPUS}")
    return CORPUS


def load_truth() -> list[dict[str, Any]]:
    """Return the corpus truth rows."""
    with (corpus_or_skip() / "truth.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def new_project(
    root: Path,
    seeds: dict[str, str | bytes] | None = None,
    *,
    seed_dir: Path | None = None,
    articles: dict[str, str] | None = None,
    config: str | None = None,
) -> Path:
    """Make a project in ``root``: the repo's mkdocs.yml, seeds copied from ``seed_dir``
    and written from ``seeds``, article files from ``articles``."""
    if seed_dir is not None:
        shutil.copytree(seed_dir, root / "seeds")
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "site_src").mkdir(exist_ok=True)
    text = config if config is not None else (REPO / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    for folder, files in (("seeds", seeds), ("site_src", articles)):
        for name, content in (files or {}).items():
            target = root / folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            target.write_bytes(data)
    return root


def run_module(
    root: Path, module: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m module args`` in ``root``: a real process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """Return a factory for a project folder: mkdocs.yml from the repo, seeds from a dict."""

    def make(
        seeds: dict[str, str | bytes] | None = None,
        articles: dict[str, str] | None = None,
        config: str | None = None,
    ) -> Path:
        return new_project(tmp_path / "project", seeds, articles=articles, config=config)

    return make


@pytest.fixture
def seed_project(make_project: Callable[..., Path]) -> Path:
    """Return a project holding the repository's own seeds."""
    return new_project(make_project().parent / "seeded", seed_dir=REPO / "seeds")


def article(
    title: str,
    date: dt.date | None,
    tags: list[str],
    path: str = "",
    source: str = "Wire",
    summary: str = "",
) -> Article:
    """Return an article as the index builders see it (loaded from front matter)."""
    day = date.date() if isinstance(date, dt.datetime) else date
    folder = f"articles/{day:%Y/%m/%d}" if day else "articles/undated"
    slug = title.lower().replace(" ", "-")
    return Article(
        title=title,
        date=date,
        body="",
        source=source,
        tags=tags,
        summary=summary or f"About {title}.",
        path=path or f"{folder}/{slug}.md",
    )


def site_files(site: Path) -> dict[str, bytes]:
    """Return the site's files by path; Pagefind's index by what it holds (its filter and
    meta files are named by a hash of an order Pagefind does not keep from run to run)."""
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    for name in [n for n in files if n.startswith("pagefind/")]:
        if name.startswith("pagefind/filter/") or name.endswith((".pf_meta", "-entry.json")):
            del files[name]
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    files["pagefind: pages"] = str(
        sum(language["page_count"] for language in entry["languages"].values())
    ).encode()
    return files
