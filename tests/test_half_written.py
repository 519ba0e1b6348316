"""A seed still being written is never imported as a finished article."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import REPO, new_project
from test_serve import fetch, mkdocs_serving, wait_for

from digest.articles import fsutil, importer
from digest.articles.importer import Importer
from digest.articles.ledger import Ledger

STORY = (
    "Markets calm after trade talks\nMarch 2, 1987, 2:01 pm\n\n\n"
    "Exporters in Japan said trade talks with the United States went well.\n\n"
    "The yen held steady against the dollar in Tokyo.\n\n"
    "Dealers said the last sentence of the story arrived late.\n\n"
    "Source: Reuters"
)


def run_import(root: Path, settle: float = 0.0) -> importer.ImportReport:
    ledger = Ledger.load(root / ".digest" / "ledger.json")
    report = Importer(root / "seeds", root / "site_src", ledger, settle=settle).run(progress=False)
    ledger.save()
    return report


def articles(root: Path) -> list[Path]:
    return sorted((root / "site_src" / "articles").rglob("*.md"))


def test_a_seed_modified_moments_ago_waits_for_the_next_build(tmp_path: Path) -> None:
    root = new_project(tmp_path, {"new.txt": STORY})
    report = run_import(root, settle=30)
    assert report.deferred == [("new.txt", report.deferred[0][1])]
    assert report.deferred[0][1].startswith("modified ")
    assert report.imported == [] and report.skipped == [] and articles(root) == []
    an_hour_ago = time.time() - 3600
    os.utime(root / "seeds" / "new.txt", (an_hour_ago, an_hour_ago))
    report = run_import(root, settle=30)
    assert len(report.imported) == 1 and report.deferred == []


def test_a_seed_that_grows_while_read_is_left_for_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = new_project(tmp_path, {"new.txt": STORY[:60]})
    read_all = fsutil.read_all

    def read_then_grow(fd: int, size: int, limit: int) -> bytes | None:
        data = read_all(fd, size, limit)
        with (root / "seeds" / "new.txt").open("a", encoding="utf-8") as handle:
            handle.write(STORY[60:])  # the scraper writes the rest meanwhile
        return data

    monkeypatch.setattr(importer, "read_all", read_then_grow)
    report = run_import(root)
    assert report.deferred == [("new.txt", "it changed while it was read")]
    assert articles(root) == []
    monkeypatch.setattr(importer, "read_all", read_all)
    report = run_import(root)
    assert len(report.imported) == 1
    assert "arrived late" in articles(root)[0].read_text("utf-8")


@pytest.mark.slow
def test_a_seed_written_slowly_while_serving(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(REPO / "seeds", root / "seeds")
    (root / "site_src").mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    # Saved just before the server starts: its first build leaves it, a later one takes it.
    fresh = STORY.replace("Markets calm after trade talks", "Grain prices firm at the close")
    (root / "seeds" / "fresh.txt").write_text(fresh, encoding="utf-8")
    with mkdocs_serving(root) as server:
        base = server.base
        seed = root / "seeds" / "scraped.txt"
        with seed.open("w", encoding="utf-8") as handle:
            for start in range(0, len(STORY), 40):  # a scraper saving as it downloads
                handle.write(STORY[start : start + 40])
                handle.flush()
                time.sleep(0.3)
                # Never an article before the whole story is there.
                assert "Markets calm" not in fetch(base)
                assert articles_of(root) == []
        wait_for(lambda: "Markets calm after trade talks" in fetch(base), 60)
        wait_for(lambda: "Grain prices firm at the close" in fetch(base), 60)
        [article] = articles_of(root)
        assert "arrived late" in article.read_text("utf-8")
    assert "still being written" in server.stderr
    assert "Traceback" not in server.stderr


def articles_of(root: Path) -> list[Path]:
    return sorted((root / "site_src" / "articles").rglob("markets-calm*.md"))
