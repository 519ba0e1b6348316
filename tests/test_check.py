"""``digest check`` reports every problem in every article file as path:line, exit 1."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from digest.cli import main

GOOD = "---\ntitle: Fine\ndate: 2020-01-02\ntags: [A]\n---\n\nText.\n"
BROKEN = {
    "articles/2020/01/02/yaml.md": "---\ntitle: Bad\ndate: 2020-01-02\ntags: [a, b\n---\nText\n",
    "articles/2020/01/02/list.md": "---\ntitle: [not, a, string]\ndate: 2020-01-02\n---\nText\n",
    "articles/2020/01/02/open.md": "---\ntitle: No end\ndate: 2020-01-02\nText\n",
}


@pytest.fixture
def broken_tree(make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a project with one good and three broken articles, as the working directory."""
    root = make_project(articles={"articles/2020/01/02/good.md": GOOD, **BROKEN})
    monkeypatch.chdir(root)
    return root


def test_check_reports_all_three(broken_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "site_src/articles/2020/01/02/list.md:2: title must be a non-empty string",
        "site_src/articles/2020/01/02/open.md:1: front matter is not closed by a '---' line",
        "site_src/articles/2020/01/02/yaml.md:5: YAML syntax error at column 1: "
        "did not find expected ',' or ']'",
        "Checked 4 article files: 3 with problems, 3 problems in all",
    ]


def test_check_passes_on_clean_tree(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_project(articles={"articles/2020/01/02/good.md": GOOD}))
    assert main(["check"]) == 0


def test_build_skips_broken_articles_and_strict_fails(
    broken_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = broken_tree
    assert main(["build"]) == 0
    err = capsys.readouterr().err
    assert "site_src/articles/2020/01/02/list.md:2: title must be" in err
    assert (root / "site/articles/2020/01/02/good/index.html").is_file()
    assert not (root / "site/articles/2020/01/02/list").exists()
    assert "Fine" in (root / "site_src/tags/a.md").read_text("utf-8")
    assert "Fine" in (root / "site_src/timeline/2020/01/02.md").read_text("utf-8")
    # Nothing the user wrote was touched.
    assert (root / "site_src" / "articles/2020/01/02/yaml.md").read_text("utf-8") == BROKEN[
        "articles/2020/01/02/yaml.md"
    ]
    assert main(["build", "--strict"]) == 1
