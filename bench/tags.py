"""Tagger accuracy and speed on the Reuters research corpus (../shared/corpus/reuters).

Usage: .venv/bin/python bench/tags.py [--corpus PATH] [--errors KIND] [--show N]

Tags each labelled article from the truth ``title``, ``body`` and
``dateline`` and prints precision, recall and F1 per kind, tags per article
and articles per second (tagging only, one core, gazetteers already loaded).

How precision is counted (details in ``tagscoring``):

* places and people: every predicted tag counts; a tag with no counterpart in
  the labels is a false positive. People labels are mostly surnames, so a
  predicted full name matches its surname label.
* orgs and topics: the labels cover only intergovernmental institutions and
  Reuters' market codes. ``P``/``F1`` count only predictions that map into
  that vocabulary (companies, ministries, ``Military`` are not counted);
  ``strict P``/``F1`` count every prediction as a false positive when it is
  not a labelled code.

``--errors places`` prints, for N articles, the labels missed and the tags
added, to see what to fix.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import tagscoring as scoring

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "reuters"


def _errors(rows: list[dict[str, object]], kind: str, show: int) -> None:
    """Print the labels missed and the tags added, article by article."""
    shown = 0
    for tags, row in scoring.tag_rows(rows):
        labels = set(scoring._labels(row, kind))
        names: tuple[str, ...] = getattr(tags, kind)
        if kind == "people":
            got = {n for n in names if not any(scoring.person_matches(n, x) for x in labels)}
            missed = {x for x in labels if not any(scoring.person_matches(n, x) for n in names)}
        else:
            code = {
                "places": scoring.place_code,
                "orgs": scoring.org_code,
                "topics": scoring.topic_code,
            }[kind]
            codes = {n: code(n) for n in names}
            got = {f"{n}={c}" for n, c in codes.items() if c is not None and c not in labels}
            missed = labels - {c for c in codes.values() if c}
        if got or missed:
            print(f"{row['id']} [{row['dateline']}] {row['title']}\n  missed {sorted(missed)}")
            print(f"  extra  {sorted(got)}")
            shown += 1
            if shown >= show:
                return


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--errors", choices=scoring.KINDS)
    parser.add_argument("--show", type=int, default=40)
    args = parser.parse_args(argv)
    if not (args.corpus / "truth.jsonl").is_file():
        print(f"no truth.jsonl in {args.corpus}", file=sys.stderr)
        return 2
    rows = scoring.load_truth(args.corpus)
    if args.errors:
        _errors(rows, args.errors, args.show)
        return 0
    print(f"corpus: {args.corpus}")
    for line in scoring.summary(scoring.evaluate(rows)):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
