"""Worker processes change how fast a site builds, never what it is.

The index pages are converted by forked workers and the feeds written by
another process (``parallel: true``, the default). The same project built
with ``parallel: false`` must give the same files, byte for byte, and a
problem in a page the workers converted must still be reported by the build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO, new_project, run_module


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
