"""Shared fixtures: the repository, the research corpus, tiny projects built from dicts."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
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


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """Return a factory for a project folder: mkdocs.yml from the repo, seeds from a dict."""

    def make(
        seeds: dict[str, str | bytes] | None = None,
        articles: dict[str, str] | None = None,
        config: str | None = None,
    ) -> Path:
        root = tmp_path / "project"
        (root / "seeds").mkdir(parents=True)
        (root / "site_src").mkdir()
        text = config if config is not None else (REPO / "mkdocs.yml").read_text("utf-8")
        (root / "mkdocs.yml").write_text(text, encoding="utf-8")
        for name, content in (seeds or {}).items():
            target = root / "seeds" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        for name, content in (articles or {}).items():
            target = root / "site_src" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        return root

    return make


@pytest.fixture
def seed_project(make_project: Callable[..., Path]) -> Path:
    """Return a project holding the repository's own seeds."""
    root: Path = make_project()
    shutil.rmtree(root / "seeds")
    shutil.copytree(REPO / "seeds", root / "seeds")
    return root


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
