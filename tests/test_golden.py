"""Golden output: the real seed becomes exactly the committed article file.

After a deliberate change, regenerate with
``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

from conftest import REPO

from digest.articles.front import dumps
from digest.articles.importer import prepare
from digest.readers import read

GOLDEN = Path(__file__).parent / "golden"


def test_seed_article_matches_golden() -> None:
    seeds = REPO / "seeds"
    (seed,) = sorted(seeds.glob("*.txt"))
    text = dumps(prepare(read(seed, seeds)))
    expected = GOLDEN / (seed.stem + ".expected.md")
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")
