"""Every corpus article, built by MkDocs, shows exactly the text the reader extracted.

Python-Markdown would otherwise eat tickers like ``<SRD>`` as HTML, turn ``*``
and ``_`` into emphasis and ``1987.`` at a line start into a list.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import corpus_or_skip, new_project, run_module

from digest.articles.front import split
from digest.readers import read

pytestmark = [pytest.mark.slow, pytest.mark.corpus]


class BodyText(HTMLParser):
    """Collect the text inside ``<div class="nd-body">`` and the page's ``<h1>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.body: list[str] = []
        self.in_h1 = False
        self.h1: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag == "div"
            self.body.append(" ")  # paragraphs are blocks: words never run across them
        elif tag == "div" and ("class", "nd-body") in attrs:
            self.depth = 1
        if tag == "h1":
            self.in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.depth:
            self.depth -= 1
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.body.append(data)
        if self.in_h1:
            self.h1.append(data)


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = corpus_or_skip()
    root = new_project(tmp_path_factory.mktemp("fidelity") / "p", seed_dir=corpus / "raw")
    result = run_module(root, "mkdocs", "build", "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    (root / "build.log").write_text(result.stderr, encoding="utf-8")
    return root


def test_every_article_renders_its_exact_text(corpus_site: Path) -> None:
    ledger = json.loads((corpus_site / ".digest/ledger.json").read_text("utf-8"))["seeds"]
    truth_files = {
        Path(json.loads(line)["file"]).name
        for line in (corpus_or_skip() / "truth.jsonl").open(encoding="utf-8")
    }
    # Every raw file is in the ledger; only exact repeats of an earlier story have no page.
    assert truth_files == set(ledger)
    duplicates = {seed for seed, entry in ledger.items() if entry["duplicate_of"]}
    logged = re.findall(r"Seed 'seeds/([^']+)' repeats", (corpus_site / "build.log").read_text())
    assert duplicates == set(logged) and len(duplicates) <= 10
    mismatches = []
    for seed, entry in ledger.items():
        if entry["duplicate_of"]:
            continue
        source = read(corpus_site / "seeds" / seed, corpus_site / "seeds")
        md_path = corpus_site / "site_src" / entry["article"]
        doc = split(md_path.read_text("utf-8"), entry["article"])
        url = re.sub(r"\.md$", "/index.html", entry["article"])
        parser = BodyText()
        parser.feed((corpus_site / "site" / url).read_text("utf-8"))
        if words("".join(parser.body)) != words(source.body):
            mismatches.append(f"{seed}: body differs")
        if words(html.unescape("".join(parser.h1))) != words(doc.meta["title"]):
            mismatches.append(f"{seed}: title differs")
    assert mismatches == []
    assert len(ledger) >= 2990
