"""The plugin installed from a wheel (``pip install .``, not ``-e``) builds a new MkDocs project.

An editable install reads every file from the repository, so a file the package
reads at run time but the wheel leaves out goes unnoticed until a user installs
it. This builds the wheel, installs it alone into a fresh venv and builds a
project that has never seen the repository.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.slow

SEED = """OIL PRICES RISE ON OPEC CUTS
2-MAR-1987 14:01:05.10

    LONDON, March 2 - Oil prices rose sharply on Monday after
the Organization of Petroleum Exporting Countries agreed to
cut output, traders said.
 REUTER
"""
CONFIG = "site_name: Fresh\ntheme:\n  name: material\nplugins:\n  - search\n  - digest\n"


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def _fresh_venv(folder: Path) -> Path:
    """Make a venv whose dependencies come from this one's site-packages, not the network.

    The path is appended by a ``.pth`` line, which (unlike a site dir) runs none of
    that folder's own ``.pth`` files: the editable install there stays out of sight,
    and the wheel's copy in the venv's own site-packages comes first.
    """
    venv.create(folder, with_pip=False)
    python = folder / "bin" / "python"
    purelib = _run(
        python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=folder
    )
    deps = "\n".join(site.getsitepackages())
    (Path(purelib.stdout.strip()) / "dependencies.pth").write_text(deps + "\n", "utf-8")
    return python


def _clean_copy(target: Path) -> Path:
    """Copy the package's sources as a fresh clone has them (no egg-info, no venv, no build)."""
    anywhere = shutil.ignore_patterns("*.egg-info", "__pycache__", ".*_cache")
    # Generated at the top only: the package has a digest/site/ of its own.
    top = {".venv", "build", "site", ".digest", "seeds"}

    def skip(folder: str, names: list[str]) -> set[str]:
        left = set(anywhere(folder, names))
        return left | (top & set(names)) if Path(folder) == REPO else left

    shutil.copytree(REPO, target, ignore=skip)
    return target


def test_a_new_project_builds_with_the_plugin_from_a_wheel(tmp_path: Path) -> None:
    built = _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        "-w",
        tmp_path / "dist",
        _clean_copy(tmp_path / "src"),
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("news_digest-*.whl")
    python = _fresh_venv(tmp_path / "venv")
    installed = _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "-q",
        wheel,
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stderr
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "seeds").mkdir()
    (project / "seeds" / "oil.txt").write_text(SEED, "utf-8")
    (project / "docs" / "about.md").write_text("# About\n\nA new site.\n", "utf-8")
    (project / "mkdocs.yml").write_text(CONFIG, "utf-8")
    where = _run(python, "-c", "import digest; print(digest.__file__)", cwd=project)
    assert where.stdout.startswith(str(tmp_path / "venv")), where.stdout + where.stderr

    result = _run(python, "-m", "mkdocs", "build", "--strict", cwd=project)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    site_dir = project / "site"
    css = site_dir / "assets" / "digest.css"
    assert css.is_file() and css.stat().st_size > 0
    (article,) = (site_dir / "articles").rglob("*.html")
    page = article.read_text("utf-8")
    assert "Oil prices rose sharply on Monday" in page
    assert "assets/digest.css" in page
    assert '<p class="nd-meta">' in page  # the header, from the wheel's digest/site/theme/
