"""The fast path makes the site plain MkDocs makes, byte for byte; outside the versions
it is tested with, the build takes the plain way.

``fast: false`` leaves every page to MkDocs (no shortcut renderer, no worker);
``fast: true`` takes ``digest.fast.fastpath``. Every page, the search index, the
feeds and the sitemap must be the same.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from conftest import REPO, new_project, run_module, site_files

from digest.fast import fastpath
from digest.fast.fastpath import FastPath, PlainPath, speed

TAGS = ["Oil", "Grain", "Gold", "OPEC", "Japan", "Coffee"]


def _story(n: int) -> str:
    """A varied article: tags shared with others (related lists), a caption, odd text."""
    tags = "".join(f"- {TAGS[(n + k) % len(TAGS)]}\n" for k in range(1 + n % 3))
    caption = f"caption: 'Photo {n}: a <b>bold</b> & \"quoted\" caption'\n" if n % 4 == 0 else ""
    body = f"Story {n} says *this* & that, at 10 < 11.\n\nA second paragraph, [not a link].\n"
    return (
        f"---\ntitle: 'Story {n}: \"markets\" & <more>'\ndate: 1987-03-{1 + n % 28:02d}T"
        f"{n % 24:02d}:00:00\nsource: Wire {n % 3}\ntags:\n{tags}{caption}---\n\n{body}"
    )


ARTICLES = {
    **{f"articles/1987/03/{1 + n % 28:02d}/story-{n}.md": _story(n) for n in range(80)},
    "about.md": "# About\n\nA page of the user's, with a [link](index.md).\n",
}


def _build(root: Path, fast: bool, parallel: bool) -> str:
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    for option, value in (("fast", fast), ("parallel", parallel)):
        assert f"      {option}: true\n" in text
        text = text.replace(f"      {option}: true\n", f"      {option}: {str(value).lower()}\n")
    config.write_text(text, "utf-8")
    result = run_module(root, "mkdocs", "build", "--strict", "--verbose")
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("lean", [False, True])
def test_the_fast_path_makes_the_plain_site_byte_for_byte(tmp_path: Path, lean: bool) -> None:
    plain = new_project(tmp_path / "plain", seed_dir=REPO / "seeds", articles=ARTICLES)
    config = plain / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace(
            "      search: pagefind\n",
            f"      search: pagefind\n      lean: {str(lean).lower()}\n",
            1,
        ),
        "utf-8",
    )
    fast, fast_single = tmp_path / "fast", tmp_path / "fast-single"
    shutil.copytree(plain, fast)
    shutil.copytree(plain, fast_single)

    _build(plain, fast=False, parallel=False)
    log = _build(fast, fast=True, parallel=True)
    _build(fast_single, fast=True, parallel=False)

    assert "Page workers rendered" in log  # the workers did take part
    expected = site_files(plain / "site")
    for name in ("pagefind: pages", "feed.xml", "tags/oil/feed.xml", "sitemap.xml"):
        assert name in expected
    assert sum(name.startswith("articles/") for name in expected) == 81
    article = next(expected[n] for n in expected if n.startswith("articles/"))
    assert (b"nd-i-material-magnify" in article) == lean  # the lean page, or Material's
    for root in (fast, fast_single):
        built = site_files(root / "site")
        assert built.keys() == expected.keys()
        assert [name for name in expected if built[name] != expected[name]] == [], root.name


def test_the_fast_path_is_taken_within_the_tested_versions() -> None:
    assert isinstance(speed(True, True, False, False), FastPath)
    assert type(speed(False, True, False, False)) is PlainPath


@pytest.mark.parametrize(
    ("name", "version"), [("mkdocs", "1.7.0"), ("mkdocs", "2.0.0"), ("mkdocs-material", "9.6.1")]
)
def test_outside_the_tested_versions_the_build_takes_the_plain_way(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, name: str, version: str
) -> None:
    real = fastpath.installed
    monkeypatch.setattr(fastpath, "installed", lambda n: version if n == name else real(n))

    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.digest"):
        chosen = speed(True, True, False, False)

    assert type(chosen) is PlainPath
    ((level, message),) = [(r.levelno, r.getMessage()) for r in caplog.records]
    assert level == logging.INFO
    assert message.startswith(f"Digest: the fast path is not tested with {name} {version} (")
    assert message.endswith("): building the plain way")


def test_a_build_outside_the_tested_versions_still_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = new_project(
        tmp_path / "p", seed_dir=REPO / "seeds", articles=dict(list(ARTICLES.items())[:3])
    )
    shim = tmp_path / "shim"
    shim.mkdir()
    # Loaded at start-up by Python (a .pth-free way): makes MkDocs look like a future release.
    (shim / "sitecustomize.py").write_text(
        "from importlib import metadata\n"
        "_real = metadata.version\n"
        "metadata.version = lambda n: '3.0.0' if n == 'mkdocs' else _real(n)\n",
        "utf-8",
    )
    monkeypatch.setenv("PYTHONPATH", str(shim))

    stderr = _build(root, fast=True, parallel=True)

    assert "Digest: the fast path is not tested with mkdocs 3.0.0 (" in stderr
    assert "Page workers rendered" not in stderr
    assert (root / "site" / "articles" / "1987" / "03" / "01").is_dir()
