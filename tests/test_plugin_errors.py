"""Under plain ``mkdocs build`` every error is one line naming the file, never a traceback.

MkDocs prints a ``PluginError`` (and a bad option in ``mkdocs.yml``) as one
``ERROR`` line and exits 1; anything else a plugin raises ends in a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, new_project, run_module

from digest.site.plugin import DigestPlugin

SEED = "Oil prices rise\n\nLONDON, April 3 - Oil prices rose on Friday, traders said.\n"


def _build(root: Path) -> list[str]:
    """Run ``mkdocs build`` as a user does; return its error lines (after checking it failed)."""
    result = run_module(root, "mkdocs", "build")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("ERROR")]


def _with_option(option: str) -> str:
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    assert "      page_size: 100\n" in config
    return config.replace("      page_size: 100\n", f"      {option}\n")


def test_a_broken_tags_file_is_one_line_with_its_line(tmp_path: Path) -> None:
    root = new_project(tmp_path, {"oil.txt": SEED}, articles={"tags.yml": "hidden: [\n  oil"})

    assert _build(root) == [
        "ERROR   -  site_src/tags.yml:2: YAML syntax error at column 6: "
        "expected ',' or ']', but got '<stream end>'"
    ]


def test_a_tags_file_that_is_a_folder_is_one_line(tmp_path: Path) -> None:
    root = new_project(tmp_path, {"oil.txt": SEED})
    (root / "site_src" / "tags.yml").mkdir()

    (line,) = _build(root)
    assert line.startswith("ERROR   -  site_src/tags.yml: cannot be read (")


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("page_size: 0", "Expected a whole number of 1 or more, got 0"),
        ("page_size: many", "Expected a whole number of 1 or more, got 'many'"),
        ("home_count: true", "Expected a whole number of 1 or more, got True"),
        ("min_tag_count: -2", "Expected a whole number of 1 or more, got -2"),
        ("import_seeds: sometimes", "Expected type: <class 'bool'> but received: <class 'str'>"),
    ],
)
def test_a_bad_plugin_option_is_one_line_naming_it(
    tmp_path: Path, option: str, expected: str
) -> None:
    root = new_project(tmp_path, {"oil.txt": SEED}, config=_with_option(option))
    name = option.split(":")[0]

    assert _build(root) == [
        f"ERROR   -  Config value 'plugins': Plugin 'digest' option '{name}': {expected}"
    ]


def test_seeds_that_are_no_folder_are_one_line(tmp_path: Path) -> None:
    root = new_project(tmp_path)
    (root / "seeds").rmdir()
    (root / "seeds").write_text("not a folder\n", "utf-8")

    assert _build(root) == ["ERROR   -  seeds: not a folder (the seeds folder, 'seeds_dir')"]


def test_seeds_that_cannot_be_listed_are_one_line(tmp_path: Path) -> None:
    root = new_project(tmp_path, {"oil.txt": SEED})
    (root / "seeds").chmod(0)
    try:
        if any(True for _ in (root / "seeds").iterdir()):  # root reads anything: nothing to test
            pytest.skip("running as root: a folder of mode 000 can still be listed")
    except PermissionError:
        assert _build(root) == ["ERROR   -  seeds: cannot be read (Permission denied)"]
    finally:
        (root / "seeds").chmod(0o755)


def test_every_event_of_the_plugin_raises_plugin_errors() -> None:
    events = [name for name in vars(DigestPlugin) if name.startswith("on_")]
    assert len(events) > 10
    assert all(getattr(DigestPlugin, name).__wrapped__ for name in events)
