"""Worker processes change how fast a site builds, never what it is.

The index pages are converted by forked workers and the feeds written by
another process (``parallel: true``, the default). The same project built
with ``parallel: false`` must give the same files, byte for byte, and a
problem in a page the workers converted must still be reported by the build.
A dirty rebuild (``mkdocs serve --dirty``) writes only the feeds that changed.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from conftest import REPO, new_project, run_module
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config


def build(root: Path, *args: str) -> str:
    result = run_module(root, "mkdocs", "build", *args)
    assert result.returncode == 0, result.stderr
    return result.stderr


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_parallel_build_equals_single_process_build(tmp_path: Path) -> None:
    parallel = new_project(tmp_path / "parallel", seed_dir=REPO / "seeds")
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


def test_warnings_in_pages_the_workers_convert_still_fail_strict(tmp_path: Path) -> None:
    root = new_project(
        tmp_path / "p",
        seed_dir=REPO / "seeds",
        articles={"about.md": "# About\n\nSee [the archive](archive.md).\n"},
    )
    result = run_module(root, "mkdocs", "build", "--strict")
    assert result.returncode == 1
    assert "Doc file 'about.md' contains a link 'archive.md'" in result.stderr
    assert result.stderr.count("archive.md") == 1


def test_dirty_rebuild_writes_only_the_feeds_that_changed(tmp_path: Path) -> None:
    def story(title: str, tag: str) -> str:
        return f"---\ntitle: {title}\ndate: 1987-03-02T10:00:00\ntags:\n- {tag}\n---\n\nText.\n"

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
