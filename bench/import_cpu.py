"""CPU cost of the seed import, per article and at start-up, measured in one process.

Usage: .venv/bin/python bench/import_cpu.py [--seeds DIR | --count N] [--repeat 3]
       [--profile FILE]

Prints, in CPU time (user + system; other work on the machine inflates wall
clock, not this much): the start-up of a fresh ``digest`` process up to a
built tagger (imports, gazetteer, regexes), the work a worker does per seed
(``importer.convert``: read, tag, summarise, write the text, hashes, slug) as
the minimum over ``--repeat`` runs, and what sending each result back to the
main process costs (pickled size, dump and load time). Without ``--seeds``
it writes ``--count`` seeds from the research corpus the way bench/scale.py
does. ``--profile`` also saves a cProfile of one convert run.
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale import DEFAULT_CORPUS, write_seeds

from digest.articles.budget import alarm_handler
from digest.articles.importer import Converted, convert
from digest.tagging import tag_text

STARTUP = """
import resource
import digest.cli
from digest.tagging import tag_text
tag_text("", "")
usage = resource.getrusage(resource.RUSAGE_SELF)
print(usage.ru_utime + usage.ru_stime)
"""


def startup_seconds(runs: int) -> float:
    """Return the least CPU time a fresh process needs to import digest and build its tagger."""
    # The first run may fill the gazetteer's disk cache; it is not counted.
    times = [
        float(subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True,
                             check=True).stdout)
        for _ in range(runs + 1)
    ][1:]  # fmt: skip
    return min(times)


def convert_all(seeds: list[tuple[str, bytes]], folder: Path) -> tuple[float, list[Converted]]:
    """Return the CPU time to convert every seed, and the results."""
    start = time.process_time()
    with alarm_handler():  # as in the import's workers: each seed's time budget is armed
        results = [convert(rel, data, folder) for rel, data in seeds]
    return time.process_time() - start, results


def main(argv: list[str] | None = None) -> int:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, help="a folder of seeds (default: write some)")
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.seeds
        if folder is None:
            folder = Path(tmp) / "seeds"
            write_seeds(args.corpus, folder, args.count)
        seeds = [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()]
    n = len(seeds)
    print(f"start-up (imports, gazetteer, tagger): {startup_seconds(args.repeat):.3f} s CPU")
    tag_text("", "")
    runs = [convert_all(seeds, folder) for _ in range(args.repeat)]
    seconds, results = min(runs, key=lambda run: run[0])
    print(f"convert: {seconds / n * 1e3:.3f} ms CPU per article ({n} seeds, best of {len(runs)})")
    start = time.process_time()
    dumped = [pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in results]
    middle = time.process_time()
    for data in dumped:
        pickle.loads(data)
    end = time.process_time()
    size = sum(map(len, dumped)) / n
    print(
        f"result to the main process: {size:,.0f} bytes pickled, dump"
        f" {(middle - start) / n * 1e6:.1f} us, load {(end - middle) / n * 1e6:.1f} us per article"
    )
    if args.profile:
        cProfile.runctx("convert_all(seeds, folder)", globals(), locals(), str(args.profile))
        print(f"profile saved to {args.profile}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
