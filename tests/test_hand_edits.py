"""Hand edits are the truth: never overwritten, and index pages follow them."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import REPO

from digest.indexes.common import Options
from digest.pipeline import Project, run

SEED = next((REPO / "seeds").glob("*.txt")).read_text("utf-8")
ARTICLE = "articles/2013/11/01/putin-meets-top-chinese-military-official.md"
OTHER = """Follow us on:

Second story about trade
March 2, 1987, 2:01 pm


Exporters in Japan said trade talks with the United States went well.

Source: Reuters"""


def project(root: Path) -> Project:
    return Project(
        root=root,
        docs_dir=root / "site_src",
        seeds_dir=root / "seeds",
        tags_file=root / "site_src" / "tags.yml",
        options=Options(),
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "site_src").mkdir()
    (tmp_path / "seeds" / "putin.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "seeds" / "trade.txt").write_text(OTHER, encoding="utf-8")
    run(project(tmp_path), progress=False)
    return tmp_path


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text("utf-8")
    assert old in text
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def test_edited_article_survives_rebuilds(tree: Path) -> None:
    article = tree / "site_src" / ARTICLE
    edited = edit(article, "title: Putin meets", "title: Mr Putin meets")
    run(project(tree), progress=False)
    run(project(tree), progress=False)
    assert article.read_text("utf-8") == edited
    # The URL does not move with the title.
    assert not list((tree / "site_src/articles/2013/11/01").glob("mr-*"))


def test_changed_seed_loses_to_hand_edit_with_a_warning(
    tree: Path, caplog: pytest.LogCaptureFixture
) -> None:
    article = tree / "site_src" / ARTICLE
    edited = edit(article, "- China\n", "- China\n- Diplomacy\n")
    edit(tree / "seeds" / "putin.txt", "Moscow and Beijing", "Moscow and Beijing today")
    with caplog.at_level(logging.WARNING):
        report = run(project(tree), progress=False)
    assert article.read_text("utf-8") == edited
    assert report.imports.kept_edits == [("putin.txt", ARTICLE)]
    assert f"'site_src/{ARTICLE}' was edited by hand" in caplog.text
    assert "'seeds/putin.txt' changed" in caplog.text


def test_changed_seed_reimports_untouched_article(tree: Path) -> None:
    edit(tree / "seeds" / "putin.txt", "Moscow and Beijing", "Moscow and Beijing today")
    report = run(project(tree), progress=False)
    assert report.imports.updated == [ARTICLE]
    assert "Moscow and Beijing today" in (tree / "site_src" / ARTICLE).read_text("utf-8")


def test_deleted_article_is_not_recreated_unless_forced(tree: Path) -> None:
    (tree / "site_src" / ARTICLE).unlink()
    run(project(tree), progress=False)
    assert not (tree / "site_src" / ARTICLE).exists()
    run(project(tree), force=["putin.txt"], progress=False)
    assert (tree / "site_src" / ARTICLE).exists()


def test_index_pages_follow_front_matter(tree: Path) -> None:
    article = tree / "site_src" / ARTICLE
    edit(article, "- China\n", "- Diplomacy\n")
    edit(article, "date: 2013-11-01T09:42:00", "date: 2012-05-06T10:00:00")
    run(project(tree), progress=False)
    docs = tree / "site_src"
    assert "1 article" in (docs / "tags/diplomacy.md").read_text("utf-8")
    assert (
        "Putin" not in (docs / "tags/china.md").read_text("utf-8")
        if (docs / "tags/china.md").exists()
        else True
    )
    assert (docs / "timeline/2012/05/06.md").exists()
    assert not (docs / "timeline/2013").exists()
    assert "6 May 2012, 10:00" in (docs / "index.md").read_text("utf-8")


def test_no_op_rebuild_writes_nothing(tree: Path) -> None:
    stamps = {p: p.stat().st_mtime_ns for p in (tree / "site_src").rglob("*.md")}
    report = run(project(tree), progress=False)
    assert report.pages_written == 0 and report.imports.imported == []
    assert stamps == {p: p.stat().st_mtime_ns for p in (tree / "site_src").rglob("*.md")}


def test_new_seed_is_imported_next_to_existing(tree: Path) -> None:
    (tree / "seeds" / "more.txt").write_text(
        OTHER.replace("Second story", "Third story"), encoding="utf-8"
    )
    report = run(project(tree), progress=False)
    assert report.imports.imported == ["articles/1987/03/02/third-story-about-trade.md"]
    assert report.articles == 3
