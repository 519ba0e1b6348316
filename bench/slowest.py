"""The seeds that take longest to convert: read, tag, summarise and write one article.

Usage: .venv/bin/python bench/slowest.py [--corpus PATH] [--extra FILE ...] [--top 10]
       [--repeat 3]

Converts every raw file of the research corpus (../shared/corpus/reuters) with
``importer.convert`` (as an import worker does, with the time budget), one
process, and prints the ``--top`` slowest in ms (minimum over ``--repeat`` runs
of each file: other work on the machine adds to a single timing), then each
``--extra`` file (by default the three table stories of tests/readers/).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from digest.articles.importer import convert
from digest.tagging import tag_text

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "reuters"
TABLES = sorted((Path(__file__).resolve().parents[1] / "tests" / "readers").glob("table_*.txt"))


def timed(path: Path, repeat: int) -> tuple[float, str]:
    """Return the best time in ms to convert ``path``, and its error if any."""
    data = path.read_bytes()
    best, error = float("inf"), ""
    for _ in range(repeat):
        started = time.perf_counter()
        result = convert(path.name, data, path.parent)
        best = min(best, (time.perf_counter() - started) * 1000)
        error = result.error
    return best, error


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--extra", type=Path, nargs="*", default=TABLES)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tag_text("", "")  # load the gazetteers first: not the first seed's cost
    files = sorted((args.corpus / "raw").glob("*.txt"))
    # One quick pass to find candidates, then the best of --repeat for the slowest.
    first = sorted(((timed(f, 1)[0], f) for f in files), reverse=True)
    candidates = [f for _, f in first[: args.top * 3]]
    best = sorted(((timed(f, args.repeat), f) for f in candidates), reverse=True)
    total = sum(ms for ms, _ in first)
    print(f"{len(files)} seeds, {total / 1000:.1f} s in all; slowest {args.top} (ms):")
    for (ms, error), path in best[: args.top]:
        print(f"{ms:9.2f}  {path.name}" + (f"  ({error})" if error else ""))
    for path in args.extra:
        ms, error = timed(path, args.repeat)
        print(f"{ms:9.2f}  {path.name}" + (f"  ({error})" if error else ""))


if __name__ == "__main__":
    main()
