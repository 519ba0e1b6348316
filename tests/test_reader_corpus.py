"""Reader accuracy on the Reuters research corpus stays near what it reaches today.

The scoring is ``bench/accuracy.py``'s, so the test and the benchmark cannot disagree.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "reuters"
BENCH = Path(__file__).resolve().parents[1] / "bench" / "accuracy.py"

pytestmark = pytest.mark.corpus


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_accuracy", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores() -> Any:
    """Read the whole corpus once; return the benchmark's score for all stories."""
    if not (CORPUS / "truth.jsonl").is_file():
        pytest.skip(f"research corpus not found at {CORPUS} (needs ../shared beside the repo)")
    by_layout, _rate = _bench().evaluate(CORPUS)
    return by_layout["all"]


def test_reader_accuracy_on_the_corpus(scores: Any) -> None:
    s = scores
    assert (s.files, s.imported, s.errors) == (3000, 3000, 0)
    assert s.title / s.files >= 0.999
    assert s.date / s.files >= 0.999
    assert s.source / s.files >= 0.999
    assert s.body / s.files >= 0.999
    assert s.leaked <= 1  # one C story whose Reuters "dateline" is table text: "(totals"
