"""Reader accuracy on the Reuters research corpus (../shared/corpus/reuters).

Usage: .venv/bin/python bench/accuracy.py [--corpus PATH] [--show N]

Reads every raw file through ``digest.readers.read`` and compares with
``truth.jsonl``: title exact, date as shown (at the precision the page shows,
ignoring a time zone the page adds), source, body (word-level match >= 0.98
after dropping ``body_prefix``), page furniture leaked into bodies.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digest.article import Article
from digest.articles.templates import Templates
from digest.exceptions import DigestError
from digest.readers import read
from digest.readers.encoding import decode
from digest.readers.hints import NO_HINTS
from digest.readers.text import read_text

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "reuters"
BODY_THRESHOLD = 0.98
# Page furniture of any scraped layout; none of it may appear as a body paragraph.
FURNITURE = re.compile(
    r"^(?:follow us|share (?:this|on)|related:|\(c\)|©|copyright|source:|by \w+(?: \| .*)?$|"
    r"published:|posted on|updated:|advertisement$|read more$|click here|subscribe|tags:|"
    r"home\s*[>/]|reuters?\W*$)",
    re.I,
)


@dataclass
class Score:
    """Counts for one group of stories (a layout, or all)."""

    files: int = 0
    imported: int = 0
    errors: int = 0
    title: int = 0
    date: int = 0
    source: int = 0
    body: int = 0
    leaked: int = 0
    failures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def pct(self, n: int) -> str:
        return f"{100 * n / self.files:6.2f} %" if self.files else "     -"


def words(text: str) -> list[str]:
    return text.split()


def body_match(extracted: str, truth: dict[str, Any]) -> float:
    """Return the word-level similarity of an extracted body to the true body."""
    got = words(extracted)
    prefix = words(truth["body_prefix"])
    if prefix and got[: len(prefix)] == prefix:
        got = got[len(prefix) :]
    want = words(truth["body"])
    if got == want:
        return 1.0
    return difflib.SequenceMatcher(None, got, want, autojunk=False).ratio()


def date_matches(value: dt.date | None, shown: str) -> bool:
    """Compare a parsed date with the truth's ISO text at the precision it shows."""
    if value is None:
        return False
    if isinstance(value, dt.datetime):
        value = value.replace(tzinfo=None)
        iso = value.isoformat(timespec="microseconds")
        if "." in shown:
            whole, frac = shown.split(".")
            return iso.startswith(whole + ".") and iso.split(".")[1].startswith(frac.ljust(2, "0"))
        return iso.startswith(shown) and (len(shown) <= 16 or iso[len(shown) :] in ("", ".000000"))
    return value.isoformat() == shown


def furniture_lines(raw: str, truth: dict[str, Any]) -> set[str]:
    """Return the page's lines that are neither title nor story text (dates, sources...)."""
    body = " ".join(truth["body"].split())
    lines = {" ".join(line.split()) for line in raw.splitlines()}
    return {line for line in lines if line and line != truth["title"] and line not in body}


def leaked(article: Article, truth: dict[str, Any], raw: str) -> int:
    """Count body paragraphs that are page furniture, the caption or a date/source line."""
    furniture = furniture_lines(raw, truth)
    caption = truth.get("caption")
    count = 0
    for para in article.body.split("\n\n"):
        text = para.strip()
        if FURNITURE.match(text) or text == caption or text in furniture:
            count += 1
    return count


def evaluate(corpus: Path, learned: bool = False) -> tuple[dict[str, Score], float]:
    """Read the whole corpus; return scores by layout (and ``all``) and articles/second.

    ``learned``: read each page with what the import learns from all the corpus's pages
    (one folder of seeds, as ``make site`` would import them), the learning included in
    the time.
    """
    rows = [json.loads(line) for line in (corpus / "truth.jsonl").open(encoding="utf-8")]
    scores: dict[str, Score] = defaultdict(Score)
    started = time.perf_counter()
    hints = NO_HINTS
    if learned:
        with tempfile.TemporaryDirectory() as state:
            templates = Templates(corpus / "raw", Path(state))
            templates.learn([Path(row["file"]).name for row in rows])
            hints = templates.hints("")
    results: list[tuple[dict[str, Any], Article | None, str]] = []
    for row in rows:
        path = corpus / row["file"]
        try:
            if learned:
                text = decode(path.read_bytes(), path)
                results.append((row, read_text(text, path.name, hints), ""))
            else:
                results.append((row, read(path, path.parent), ""))
        except DigestError as exc:
            results.append((row, None, str(exc)))
    rate = len(rows) / (time.perf_counter() - started)
    for row, article, error in results:
        raw = (corpus / row["file"]).read_text(encoding="utf-8", errors="replace")
        for key in ("all", row["layout"]):
            _score(scores[key], row, article, error, raw)
    return dict(scores), rate


def _score(s: Score, row: dict[str, Any], article: Article | None, error: str, raw: str) -> None:
    s.files += 1
    name = Path(row["file"]).name
    if article is None:
        s.errors += 1
        s.failures["error"].append(f"{name}: {error}")
        return
    s.imported += 1
    checks = {
        "title": article.title == row["title"],
        "date": date_matches(article.date, row["date_shown"]),
        "source": article.source == row["source"],
        "body": body_match(article.body, row) >= BODY_THRESHOLD,
    }
    for key, ok in checks.items():
        if ok:
            setattr(s, key, getattr(s, key) + 1)
        else:
            got = {
                "title": article.title,
                "date": article.date,
                "source": article.source,
                "body": article.body[:120],
            }[key]
            s.failures[key].append(f"{name}: got {got!r}")
    n = leaked(article, row, raw)
    s.leaked += n
    if n:
        s.failures["leaked"].append(name)


def main(argv: list[str] | None = None) -> int:
    """Print the accuracy table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--show", type=int, default=0, help="print N failures per check")
    parser.add_argument(
        "--learned", action="store_true", help="with what the import learns across the pages"
    )
    args = parser.parse_args(argv)
    if not (args.corpus / "truth.jsonl").is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    scores, rate = evaluate(args.corpus, args.learned)
    print(
        f"{'layout':8} {'files':>6} {'imported':>8} {'errors':>6} {'title':>9} {'date':>9} "
        f"{'source':>9} {'body':>9} {'leaked':>6}"
    )
    for key in ["all", *sorted(k for k in scores if k != "all")]:
        s = scores[key]
        print(
            f"{key:8} {s.files:6} {s.imported:8} {s.errors:6} {s.pct(s.title)} {s.pct(s.date)} "
            f"{s.pct(s.source)} {s.pct(s.body)} {s.leaked:6}"
        )
    print(f"reader speed: {rate:,.0f} articles/s (one process)")
    if args.show:
        for check, items in scores["all"].failures.items():
            print(f"\n{check}: {len(items)} failures")
            for item in items[: args.show]:
                print("  " + item)
    return 0


if __name__ == "__main__":
    sys.exit(main())
