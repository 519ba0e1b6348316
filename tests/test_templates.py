"""Page templates learned across seeds, the per-folder override and ``digest explain``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import run_module

from digest.articles.store import load_articles
from digest.articles.templates import Templates
from digest.readers.text import read_text

STORY = (
    "The town council approved on Tuesday the building of a new bridge over the river, "
    "ending a dispute that had lasted for more than ten years between the two banks.\n\n"
    "Work is to start in the spring and should take about two years, the mayor said."
)
# A page the generic reader gets wrong: the site's name comes first, the date is written
# in words the reader does not take for a date line, and a page counter ends it.
PAGE = (
    "Riverside Gazette\n\n"
    "Council approves new bridge over the river\n\n"
    "Stamped 1987-02-26 by the night desk\n\n"
    f"{STORY}\n\n"
    "Page 1 of 1\n"
)
OVERRIDE = """\
furniture:
  - Riverside Gazette
  - /Page \\d+ of \\d+/
date: "Stamped (\\\\S+)"
source: Riverside Gazette
"""


def front(root: Path) -> dict[str, object]:
    """Return the front matter of the project's only article."""
    collection = load_articles(root / "site_src", None, "site_src/")
    (article,) = collection.articles
    return {"title": article.title, "date": article.date, "source": article.source}


def test_override_fixes_a_page_the_reader_gets_wrong(make_project: Callable[..., Path]) -> None:
    root = make_project({"gazette/bridge.txt": PAGE})
    assert run_module(root, "digest", "import").returncode == 0
    wrong = front(root)
    assert wrong["title"] == "Riverside Gazette"
    assert wrong["date"] is None and wrong["source"] == ""
    explained = run_module(root, "digest", "explain", "seeds/gazette/bridge.txt")
    assert explained.returncode == 0, explained.stderr
    assert "title      Riverside Gazette" in explained.stdout
    assert "(none: undated)" in explained.stdout

    (root / "seeds" / "gazette" / ".digest.yml").write_text(OVERRIDE, "utf-8")
    result = run_module(root, "digest", "import")
    assert result.returncode == 0, result.stderr
    fixed = front(root)
    assert fixed["title"] == "Council approves new bridge over the river"
    assert str(fixed["date"]) == "1987-02-26"
    assert fixed["source"] == "Riverside Gazette"
    body = next((root / "site_src" / "articles").rglob("*.md")).read_text("utf-8")
    assert "Page 1 of 1" not in body and "Stamped" not in body
    explained = run_module(root, "digest", "explain", "gazette/bridge.txt").stdout
    override = "seeds/gazette/.digest.yml"
    assert "furniture  Riverside Gazette" in explained
    assert f"listed under 'furniture' in {override}" in explained
    assert f"matches furniture 'Page \\d+ of \\d+' in {override}" in explained
    assert f"the date, as 'date' in {override} says" in explained
    assert "title      Council approves new bridge over the river" in explained


def test_a_broken_override_is_named_and_the_page_still_imported(
    make_project: Callable[..., Path],
) -> None:
    root = make_project({"gazette/bridge.txt": PAGE, "gazette/.digest.yml": "date: '('\n"})
    result = run_module(root, "digest", "import")
    assert result.returncode == 0
    assert "seeds/gazette/.digest.yml: 'date' is not a valid expression" in result.stderr
    assert front(root)["title"] == "Riverside Gazette"
    explained = run_module(root, "digest", "explain", "seeds/gazette/bridge.txt")
    assert explained.returncode == 1
    assert "seeds/gazette/.digest.yml: 'date' is not a valid expression" in explained.stderr


def site_page(number: int) -> str:
    """A page of one site: its name and menu above the story, its footer below."""
    return (
        "The Harbour Ledger\n"
        "Ships | Ports | Weather\n\n"
        f"Dock workers number {number} vote on new contract\n"
        f"Published: 1987-03-{number:02d} 10:00\n\n"
        f"Dock workers at berth {number} voted on Monday to accept a new contract that "
        "raises their pay over three years, the union said after the count.\n\n"
        f"The vote ended a dispute that had closed berth {number} for two weeks.\n\n"
        "Harbour Ledger: the port's own paper since 1901\n"
    )


def test_lines_a_site_repeats_are_learned_as_its_furniture(
    make_project: Callable[..., Path],
) -> None:
    root = make_project({f"harbour/p{n}.txt": site_page(n) for n in range(1, 9)})
    assert run_module(root, "digest", "import").returncode == 0
    bodies = [p.read_text("utf-8") for p in (root / "site_src" / "articles").rglob("*.md")]
    assert len(bodies) == 8
    assert not any("the port's own paper" in body for body in bodies)
    learned = json.loads((root / ".digest" / "templates.json").read_text("utf-8"))
    assert learned["folders"]["harbour"]["lines"]["The Harbour Ledger"] == 8
    # A new page of the same site, alone in its import, benefits from what was learned.
    (root / "seeds" / "harbour" / "p9.txt").write_text(site_page(9), "utf-8")
    explained = run_module(root, "digest", "explain", "seeds/harbour/p9.txt").stdout
    line = "furniture: repeats in 9 of 9 pages in seeds/harbour/"
    assert "Harbour Ledger: the port's own paper since 1901" in explained
    assert line in explained
    # Without what was learned, the generic reader keeps the footer as the story's text.
    alone = read_text(site_page(9), "p9.txt")
    assert "the port's own paper" in alone.body


def test_learning_ignores_the_order_of_the_seeds(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "harbour").mkdir(parents=True)
    names = [f"harbour/p{n}.txt" for n in range(1, 9)]
    for n, name in enumerate(names, start=1):
        (seeds / name).write_text(site_page(n), "utf-8")
    forward = Templates(seeds, tmp_path / "a")
    forward.learn(names)
    backward = Templates(seeds, tmp_path / "b")
    backward.learn(names[4:])
    backward.learn(reversed(names))
    assert forward.hints("harbour") == backward.hints("harbour")
    assert "The Harbour Ledger" in forward.hints("harbour").furniture


def test_a_page_without_a_date_line_is_dated_from_its_text_as_a_last_resort(
    make_project: Callable[..., Path],
) -> None:
    page = (
        "Ferry service resumes\n\n"
        "The ferry between the two islands sailed again on 3 March 1987 after a week of "
        "storms had kept it in port, the operator said.\n\n"
        "Crossings run every hour.\n"
    )
    root = make_project({"ferry.txt": page})
    result = run_module(root, "digest", "import")
    assert result.returncode == 0, result.stderr
    assert str(front(root)["date"]) == "1987-03-03"
    assert "1 dated from their text" in result.stdout
    assert (
        "Seed 'seeds/ferry.txt': date taken from the story's text ('3 March 1987' in its "
        "first paragraph)" in result.stderr
    )
