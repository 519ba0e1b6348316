"""Worker processes change how fast a site builds, never what it is.

The pages are read and converted by forked workers, the theme's templates filled
in by forked workers and the feeds written by another process
(``parallel: true``, the default). The same project built with
``parallel: false`` must give the same files, byte for byte, and a problem in
a page the workers converted must still be reported by the build. A dirty
rebuild (``mkdocs serve --dirty``) writes only the feeds that changed.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import REPO, new_project, run_module, site_files
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from digest.fast import ahead, pagerender
from digest.fast.workers import Ahead, quietly

needs_two_cores = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2, reason="the workers leave one core to the build"
)


def build(root: Path, *args: str) -> str:
    result = run_module(root, "mkdocs", "build", *args)
    assert result.returncode == 0, result.stderr
    return result.stderr


def with_extension(root: Path, extension: str | None) -> Path:
    """Add a Markdown extension to a project (``nl2br`` sends index pages to the workers)."""
    if extension is not None:
        config = root / "mkdocs.yml"
        text = config.read_text("utf-8")
        assert "markdown_extensions:\n" in text
        text = text.replace("markdown_extensions:\n", f"markdown_extensions:\n  - {extension}\n")
        config.write_text(text, encoding="utf-8")
    return root


# Without extra extensions the index pages take digest.fast.listhtml's shortcut; with
# nl2br, Python-Markdown converts them.
EXTENSIONS = pytest.mark.parametrize("extension", [None, "nl2br"], ids=["lists", "workers"])


@EXTENSIONS
def test_parallel_build_equals_single_process_build(tmp_path: Path, extension: str | None) -> None:
    parallel = with_extension(
        new_project(tmp_path / "parallel", seed_dir=REPO / "seeds"), extension
    )
    build(parallel, "--strict")
    single = tmp_path / "single"
    shutil.copytree(parallel, single, ignore=shutil.ignore_patterns("site"))
    config = single / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "parallel: true" in text
    config.write_text(text.replace("parallel: true", "parallel: false"), encoding="utf-8")
    build(single, "--strict")
    one, other = site_files(parallel / "site"), site_files(single / "site")
    assert len(one) > 40 and one.keys() == other.keys()
    assert [name for name in one if one[name] != other[name]] == []


def story(title: str, tag: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 1987-03-02T10:00:00\ntags:\n- {tag}\n{extra}---\n\nText.\n"


def _echo(state: str, names: list[str]) -> list[str | None]:
    def one(name: str) -> str:
        if name == "warns":
            logging.getLogger("mkdocs.test").warning("careful")
        if name == "fails":
            raise ValueError(name)
        return f"{state}:{name}"

    return [quietly(one, name) for name in names]


@needs_two_cores
def test_what_a_worker_logged_or_failed_on_is_left_to_the_build() -> None:
    names = ["a", "warns", "b", "fails", "c"]
    ahead: Ahead[str] = Ahead(names, _echo, "state", chunk=2, minimum=1)
    try:
        assert ahead.running
        taken = [ahead.take(name, wait=True) for name in names]
        assert taken == ["state:a", None, "state:b", None, "state:c"]
    finally:
        ahead.close()


def worker_counts(caplog: pytest.LogCaptureFixture, message: str) -> list[tuple[int, ...]]:
    return [r.args for r in caplog.records if r.msg.startswith(message)]  # type: ignore[misc]


@needs_two_cores
@EXTENSIONS
def test_pages_the_workers_read_and_fill_in_equal_the_builds_own(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    extension: str | None,
) -> None:
    """Every page read, converted and filled in by workers is the page the build makes."""
    articles = {
        "articles/1987/03/02/a.md": story("Grain news", "Grain"),
        "articles/1987/03/02/b.md": story("Oil <news>", "Oil", "template: main.html\n"),
        # Links to another page's anchor are checked by the build: left to it.
        "articles/1987/03/02/c.md": story("Gold news", "Gold").replace(
            "Text.", "See [about](../../../../about.md#about)."
        ),
        "about.md": "# About\n\nA page of the user's, with a [link](index.md).\n",
    }
    workers = with_extension(
        new_project(tmp_path / "workers", seed_dir=REPO / "seeds", articles=articles), extension
    )
    single = tmp_path / "single"
    shutil.copytree(workers, single)
    config = single / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("parallel: true", "parallel: false"))
    build(single, "--strict")
    # The build waits for the workers' result of every page instead of doing any itself.
    monkeypatch.setattr(pagerender, "WAIT_FOR_WORKERS", True)
    monkeypatch.setattr(pagerender, "MINIMUM_PAGES", 1)
    monkeypatch.setattr(ahead, "WAIT_FOR_WORKERS", True)
    monkeypatch.setattr(ahead, "MINIMUM_PAGES", 1)
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.digest")
    mkdocs_build(load_config(str(workers / "mkdocs.yml"), strict=True))
    ((taken, pages),) = worker_counts(caplog, "Page workers rendered")
    assert taken == pages > 15
    # Every page but those of the nav (index, tags and timeline overviews) was read ahead.
    ((read, converted),) = worker_counts(caplog, "Read workers read")
    assert read == pages - 3
    assert converted == read - 1  # c.md
    one, other = site_files(workers / "site"), site_files(single / "site")
    assert one.keys() == other.keys()
    assert [name for name in one if one[name] != other[name]] == []


@EXTENSIONS
def test_warnings_in_pages_the_workers_convert_still_fail_strict(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    extension: str | None,
) -> None:
    root = new_project(
        tmp_path / "p",
        seed_dir=REPO / "seeds",
        articles={"about.md": "# About\n\nSee [the archive](archive.md).\n"},
    )
    with_extension(root, extension)
    result = run_module(root, "mkdocs", "build", "--strict")
    assert result.returncode == 1
    assert "Doc file 'about.md' contains a link 'archive.md'" in result.stderr
    assert result.stderr.count("archive.md") == 1
    # The same with every page read by the workers: the build reports it, once.
    monkeypatch.setattr(ahead, "WAIT_FOR_WORKERS", True)
    monkeypatch.setattr(ahead, "MINIMUM_PAGES", 1)
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.digest")
    with pytest.raises(Abort):
        mkdocs_build(load_config(str(root / "mkdocs.yml"), strict=True))
    warnings = [r.getMessage() for r in caplog.records if "archive.md" in r.getMessage()]
    assert len(warnings) == 1 and "contains a link 'archive.md'" in warnings[0]
    ((read, converted),) = worker_counts(caplog, "Read workers read")
    assert read > 5 and converted == read


def test_dirty_rebuild_writes_only_the_feeds_that_changed(tmp_path: Path) -> None:
    root = new_project(
        tmp_path / "p",
        articles={
            "articles/1987/03/02/a.md": story("Grain news", "Grain"),
            "articles/1987/03/02/b.md": story("Oil news", "Oil"),
        },
    )
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=True)
    mkdocs_build(config, dirty=True)
    site = root / "site"
    grain, oil = site / "tags/grain/feed.xml", site / "tags/oil/feed.xml"
    before = {path: path.stat().st_mtime_ns for path in (grain, oil, site / "feed.xml")}
    time.sleep(0.05)
    (root / "site_src/articles/1987/03/02/a.md").write_text(story("Grain news, later", "Grain"))
    # As under `mkdocs serve --dirty`: the configuration is read again, the plugin kept.
    config = load_config(str(root / "mkdocs.yml"))
    mkdocs_build(config, dirty=True)
    assert oil.stat().st_mtime_ns == before[oil]
    assert grain.stat().st_mtime_ns != before[grain]
    assert b"Grain news, later" in grain.read_bytes()
    assert b"Grain news, later" in (site / "feed.xml").read_bytes()
    # The feeds are those a clean build writes.
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("site", ".digest"))
    build(clean)
    for path in (grain, oil, site / "feed.xml"):
        assert path.read_bytes() == (clean / "site" / path.relative_to(site)).read_bytes()
