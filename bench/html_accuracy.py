"""Score the web-page reader against pages with ground truth, beside trafilatura alone.

Usage: python bench/html_accuracy.py DIR [--all-types] [--limit N] [--workers N]
                                     [--show N [--misses title|date|both]]

DIR holds pages and their ground truth in the layout of WCXB's splits
(``html/NNNN.html.gz`` and ``ground-truth/NNNN.json`` with ``title``,
``publish_date`` and ``main_content``); only pages whose type is ``article`` are
scored unless ``--all-types``. Keep such data outside the repository.

Figures, for each extractor on the same pages:
- text: 4-word shingles of ``\\w+`` tokens (lower case); the mean precision and the
  mean recall over pages, and the F1 of those two means. A page an extractor
  finds no text in scores 0 for both.
- title: exact match after lower-casing and removing punctuation and spaces.
- date: the calendar day equal to the ground truth's, over the pages that have one.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from digest.exceptions import DigestError
from digest.readers.html import read_html

_WORD = re.compile(r"\w+")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass
class Case:
    """One page and its ground truth."""

    name: str
    html: bytes
    title: str
    date: str
    text: str


@dataclass
class Score:
    """How one extractor did on one page."""

    precision: float
    recall: float
    title: bool
    date: bool | None
    """``None`` when the ground truth has no date."""
    seconds: float


def shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
    """Return the set of ``size``-word shingles of ``text``'s ``\\w+`` tokens, lower case."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def text_score(found: str, truth: str) -> tuple[float, float]:
    """Return (precision, recall) of ``found``'s shingles against ``truth``'s."""
    got, want = shingles(found), shingles(truth)
    if not got or not want:
        return (0.0, 0.0) if want else (float(not got), 1.0)
    common = len(got & want)
    return common / len(got), common / len(want)


def same_title(found: str, truth: str) -> bool:
    """Tell whether two titles are equal once case, punctuation and spaces are dropped."""
    return _NOT_WORD.sub("", found.casefold()) == _NOT_WORD.sub("", truth.casefold())


def score(case: Case, text: str, title: str, date: str, seconds: float) -> Score:
    """Score one extractor's answer for ``case``."""
    precision, recall = text_score(text, case.text)
    day = date[:10] if date else ""
    return Score(
        precision,
        recall,
        same_title(title, case.title),
        (day == case.date[:10]) if case.date else None,
        seconds,
    )


def run_reader(case: Case) -> Score:
    """Score the project's reader on one page."""
    start = time.perf_counter()
    try:
        article = read_html(case.html, case.name)
    except DigestError:
        return score(case, "", "", "", time.perf_counter() - start)
    seconds = time.perf_counter() - start
    date = article.date.isoformat() if article.date else ""
    return score(case, article.body, article.title, date, seconds)


def run_trafilatura(case: Case) -> Score:
    """Score trafilatura alone (its defaults, metadata on) on one page."""
    start = time.perf_counter()
    doc = trafilatura.bare_extraction(case.html, with_metadata=True)
    seconds = time.perf_counter() - start
    if doc is None or isinstance(doc, dict):
        return score(case, "", "", "", seconds)
    return score(case, doc.text or "", doc.title or "", doc.date or "", seconds)


def both(case: Case) -> tuple[str, Score, Score]:
    return case.name, run_trafilatura(case), run_reader(case)


def load(folder: Path, all_types: bool, limit: int | None) -> list[Case]:
    """Read the pages of ``folder`` that have ground truth."""
    cases = []
    for truth_file in sorted((folder / "ground-truth").glob("*.json")):
        meta = json.loads(truth_file.read_text(encoding="utf-8"))
        kind = meta.get("_internal", {}).get("page_type", {}).get("primary")
        if not all_types and kind != "article":
            continue
        page = folder / "html" / (truth_file.stem + ".html.gz")
        if not page.exists():
            continue
        truth = meta["ground_truth"]
        cases.append(
            Case(
                truth_file.stem + ".html",
                gzip.decompress(page.read_bytes()),
                truth.get("title") or "",
                truth.get("publish_date") or "",
                truth.get("main_content") or "",
            )
        )
        if limit and len(cases) >= limit:
            break
    return cases


def summary(scores: list[Score]) -> dict[str, float]:
    """Return the figures of one extractor over all pages."""
    n = len(scores)
    precision = sum(s.precision for s in scores) / n
    recall = sum(s.recall for s in scores) / n
    dated = [s.date for s in scores if s.date is not None]
    seconds = sorted(s.seconds for s in scores)
    return {
        "text_precision": precision,
        "text_recall": recall,
        "text_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "title": sum(s.title for s in scores) / n,
        "date": sum(dated) / len(dated) if dated else 0.0,
        "dated_pages": len(dated),
        "ms_mean": 1000 * sum(seconds) / n,
        "ms_median": 1000 * seconds[n // 2],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--all-types", action="store_true", help="score every page type")
    parser.add_argument("--limit", type=int, help="score the first N pages only")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show", type=int, default=0, help="list N pages the reader missed")
    parser.add_argument(
        "--misses", choices=("title", "date", "both"), default="both", help="what --show lists"
    )
    args = parser.parse_args()
    cases = load(args.folder, args.all_types, args.limit)
    if not cases:
        sys.exit(f"no pages with ground truth in {args.folder}")
    by_name = {c.name: c for c in cases}
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(both, cases, chunksize=4))
    print(f"{len(cases)} pages from {args.folder}")
    print(f"{'':12}" + "".join(f"{k:>15}" for k in summary([results[0][1]])))
    for label, index in (("trafilatura", 1), ("digest", 2)):
        figures = summary([r[index] for r in results])  # type: ignore[misc]
        print(f"{label:12}" + "".join(f"{v:>15.4f}" for v in figures.values()))
    if args.show:
        titles, dates = args.misses != "date", args.misses != "title"
        misses = [
            (n, o) for n, _, o in results if (titles and not o.title) or (dates and o.date is False)
        ]
        for name, ours in misses[: args.show]:
            case = by_name[name]
            article = None
            with contextlib.suppress(DigestError):
                article = read_html(case.html, name)
            print(f"--- {name} title={ours.title} date={ours.date}")
            print(f"  truth: {case.title!r} {case.date}")
            if article:
                print(f"  ours:  {article.title!r} {article.date}")


if __name__ == "__main__":
    main()
