"""Build sites of N articles made from the Reuters corpus and print how the build scales.

Usage: .venv/bin/python bench/scale.py [--sizes 1000,5000,10000,20000] [--corpus PATH]
       [--workdir DIR] [--no-floor] [--incremental] [--repeat R] [--html DIR]

``--html DIR``: the seeds are saved web pages instead, the ``html/*.html.gz`` of DIR
(a WCXB-style split, kept outside the repository) written as ``.html`` files and
repeated under new names, each copy's headline numbered so that it is a story of its
own; ``digest art/s`` is then the web-page reader's throughput in the import workers.

For each N it writes N raw seeds (beyond the corpus size, stories repeat with a
distinct title and date), then runs ``digest build`` in a fresh process and
prints: the digest step (import + tags + index pages), the MkDocs build, the
total, peak RSS, the size of site/, of the search index (Pagefind's, or Material's
with a ``search: material`` config) and of the largest HTML page, the bytes per
article all in and the size that makes at 100,000 articles (linear), and, when
both sizes ran, the 100k/50k ratio of the totals. The floor is the same article
pages built by a plain MkDocs Material configuration (no plugin, no index pages),
in the same run; ratio = total/floor.
``--incremental`` also times, at each N, a no-op rebuild of the digest step and
a rebuild after adding one article (full and ``--dirty``).

Timings on a shared or virtual disk vary from run to run (deleting or writing a
few hundred megabytes slows the next build down). So every timed build starts in
a fresh folder, after ``sync`` and a short pause, nothing is deleted until the
end, and ``--repeat R`` runs our build and the floor R times, alternately, and
prints the medians (the ratio is the median of the per-round ratios).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "reuters"
FLOOR_CONFIG = """site_name: Floor
site_url: https://example.github.io/floor/
docs_dir: site_src
theme:
  name: material
  font: false
nav:
  - Home: index.md
not_in_nav: |
  /articles/
plugins:
  - search
"""


def write_seeds(corpus: Path, seeds: Path, n: int) -> None:
    """Write ``n`` raw seeds; repeats get a numbered title and a later date."""
    rows = [json.loads(line) for line in (corpus / "truth.jsonl").open(encoding="utf-8")]
    seeds.mkdir(parents=True)
    for i in range(n):
        row, round_ = rows[i % len(rows)], i // len(rows)
        if round_ == 0:
            shutil.copy(corpus / row["file"], seeds / Path(row["file"]).name)
            continue
        date = dt.datetime.fromisoformat(row["date"]) + dt.timedelta(days=400 * round_)
        title = f"{row['title']} (part {round_ + 1})"
        text = f"{title}\nBy Reuters | {date:%Y-%m-%d %H:%M}\n\n{row['body']}\n"
        (seeds / f"r{round_}_{Path(row['file']).name}").write_text(text, encoding="utf-8")


def write_html_seeds(pages: Path, seeds: Path, n: int) -> None:
    """Write ``n`` web-page seeds from the pages in ``pages/html``, numbered copies."""
    files = sorted((pages / "html").glob("*.html.gz"))
    data = [gzip.decompress(f.read_bytes()) for f in files[: min(n, len(files))]]
    seeds.mkdir(parents=True)
    for i in range(n):
        page = data[i % len(data)]
        for end in (b"</h1>", b"</title>"):
            if end in page:
                page = page.replace(end, f" {i}".encode() + end, 1)
                break
        (seeds / f"p{i:05d}.html").write_bytes(page)


# Runs a command and prints the peak RSS of that command alone (its only child).
_RSS_WRAPPER = (
    "import resource, subprocess, sys; rc = subprocess.call(sys.argv[1:]); "
    "print('MAXRSS', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(rc)"
)


LAST_TREE_PEAK: dict[str, float | str] = {}
"""The last run's peak memory of its whole process tree (MB), and the largest process then."""


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(ppid, []).append(int(entry))
    return tree


def _pss_kb(pid: int) -> int:
    """Return a process's proportional set size: shared pages counted once over the tree."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _sample_tree(root: int, done: threading.Event, peak: dict[str, float | str]) -> None:
    """Sample the memory of ``root`` and its descendants until ``done``: their PSS summed,
    the peak of the whole build; and the name of the largest process at that peak."""
    while not done.wait(0.5):
        tree, pids, todo = _children(), [], [root]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            todo.extend(tree.get(pid, []))
        sizes = {pid: _pss_kb(pid) for pid in pids}
        total = sum(sizes.values()) / 1024
        if total > float(peak.get("total", 0)):
            largest = max(sizes, key=lambda p: sizes[p])
            try:
                name = Path(f"/proc/{largest}/comm").read_text().strip()
            except OSError:
                name = "?"
            peak.update(total=round(total), largest=round(sizes[largest] / 1024), name=name)


def run(cmd: list[str], cwd: Path) -> tuple[float, int, str]:
    """Run ``cmd``; return wall seconds, the peak RSS in MB of its largest process and its
    output. The peak of the whole process tree (PSS, sampled) is left in LAST_TREE_PEAK."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _RSS_WRAPPER, *cmd],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    done, peak = threading.Event(), dict[str, float | str]()
    sampler = threading.Thread(target=_sample_tree, args=(proc.pid, done, peak), daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    done.set()
    sampler.join()
    LAST_TREE_PEAK.clear()
    LAST_TREE_PEAK.update(peak)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{stderr[-2000:]}")
    match = re.search(r"MAXRSS (\d+)", stderr)
    return seconds, int(match.group(1)) // 1024 if match else 0, stdout + stderr


def tree_size(path: Path) -> tuple[int, int]:
    """Return (total bytes, largest HTML file bytes) under ``path``."""
    total = largest = 0
    for file in path.rglob("*"):
        if file.is_file():
            size = file.stat().st_size
            total += size
            if file.suffix == ".html":
                largest = max(largest, size)
    return total, largest


def mb(n: float) -> str:
    return f"{n / 1e6:.1f}"


def settle() -> None:
    """Let the disk finish writing what earlier steps wrote before the next timed build."""
    os.sync()
    time.sleep(2)


def measure(
    n: int,
    corpus: Path,
    work: Path,
    floor: bool,
    incremental: bool,
    repeat: int,
    html: Path | None = None,
) -> dict[str, str]:
    """Build N articles ``repeat`` times (and the floor as often, alternately); return medians."""
    base = work / f"n{n}"
    shutil.rmtree(base, ignore_errors=True)
    if html is not None:
        write_html_seeds(html, base / "seeds", n)
    else:
        write_seeds(corpus, base / "seeds", n)
    digest = [sys.executable, "-m", "digest", "build"]
    rounds: list[dict[str, float]] = []
    root = base
    for round_ in range(repeat):
        root = base / f"round{round_ + 1}"
        root.mkdir()
        shutil.copytree(base / "seeds", root / "seeds")
        (root / "site_src").mkdir()
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        settle()
        total, rss, out = run(digest, root)
        step = float(re.search(r"Digest: .* in ([\d.]+) s", out).group(1))  # type: ignore[union-attr]
        indexed = re.search(r"indexed by Pagefind in ([\d.]+) s", out)
        figures = {"step": step, "total": total, "rss": rss}
        figures["tree"] = float(LAST_TREE_PEAK.get("total", 0.0))
        print(f"  N {n}: build peak {LAST_TREE_PEAK}", flush=True)
        figures["search"] = float(indexed.group(1)) if indexed else 0.0
        if floor:
            floor_root = base / f"floor{round_ + 1}"
            shutil.copytree(root / "site_src" / "articles", floor_root / "site_src" / "articles")
            (floor_root / "site_src" / "index.md").write_text("# Floor\n", encoding="utf-8")
            (floor_root / "mkdocs.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
            settle()
            floor_s, floor_rss, _ = run([sys.executable, "-m", "mkdocs", "build"], floor_root)
            figures |= {"floor": floor_s, "floor rss": floor_rss, "ratio": total / floor_s}
        rounds.append(figures)
        if repeat > 1:
            shown = ", ".join(f"{k} {v:.2f}" for k, v in figures.items())
            print(f"  N {n} round {round_ + 1}: {shown}", flush=True)

    def median(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    size, largest = tree_size(root / "site")
    parts = {name: tree_size(root / "site" / name)[0] for name in ("articles", "tags", "timeline")}
    pagefind = root / "site" / "pagefind"
    index = tree_size(pagefind)[0] if pagefind.is_dir() else 0
    material = root / "site" / "search" / "search_index.json"
    index += material.stat().st_size if material.is_file() else 0
    step, total = median("step"), median("total")
    row = {
        "N": str(n),
        "digest s": f"{step:.1f}",
        "mkdocs s": f"{statistics.median(r['total'] - r['step'] for r in rounds):.1f}",
        "total s": f"{total:.1f}",
        "RSS MB": f"{median('rss'):.0f}",
        "build PSS MB": f"{median('tree'):.0f}",
        "site MB": mb(size),
        "search s": f"{median('search'):.1f}",
        "search MB": mb(index),
        "KB/article": f"{size / n / 1e3:.1f}",
        "articles KB/a": f"{parts['articles'] / n / 1e3:.1f}",
        "lists KB/a": f"{(parts['tags'] + parts['timeline']) / n / 1e3:.1f}",
        "search KB/a": f"{index / n / 1e3:.1f}",
        "at 100k GB": f"{size / n * 100_000 / 1e9:.2f}",
        "max page KB": f"{largest / 1e3:.0f}",
        "digest art/s": f"{n / step:,.0f}",
    }
    if floor:
        row |= {
            "floor s": f"{median('floor'):.1f}",
            "floor RSS": f"{median('floor rss'):.0f}",
            "total/floor": f"{median('ratio'):.2f}",
        }
    if incremental:
        row |= incremental_figures(root, digest)
    return row


def incremental_figures(root: Path, digest: list[str]) -> dict[str, str]:
    """Time a no-op digest step, then one added article: full rebuild and --dirty."""
    settle()
    _, _, out = run([sys.executable, "-m", "digest", "import"], root)
    noop = float(re.search(r" in ([\d.]+) s", out).group(1))  # type: ignore[union-attr]
    extra = root / "seeds" / "zz-extra.txt"
    extra.write_text("One more story\nBy Reuters | 1999-01-01 10:00\n\nA new paragraph.\n")
    settle()
    full, _, _ = run(digest, root)
    extra.write_text("One more story, again\nBy Reuters | 1999-01-02 10:00\n\nAnother.\n")
    (root / "seeds" / "zz-extra2.txt").write_text(extra.read_text().replace("again", "twice"))
    settle()
    dirty, _, _ = run([*digest, "--dirty"], root)
    return {
        "no-op digest s": f"{noop:.2f}",
        "+1 full s": f"{full:.1f}",
        "+1 dirty s": f"{dirty:.1f}",
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one row per N."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000,20000")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--no-floor", action="store_true")
    parser.add_argument("--incremental", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="rounds per N (medians)")
    parser.add_argument("--html", type=Path, help="seeds are the web pages of this folder")
    args = parser.parse_args(argv)
    if args.html is None and not (args.corpus / "truth.jsonl").is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    work = args.workdir or Path(tempfile.mkdtemp(prefix="digest-scale-"))
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        floor = not args.no_floor
        row = measure(n, args.corpus, work, floor, args.incremental, args.repeat, args.html)
        rows.append(row)
        print(" | ".join(f"{k} {v}" for k, v in rows[-1].items()), flush=True)
    totals = {row["N"]: float(row["total s"]) for row in rows}
    if "100000" in totals and "50000" in totals:
        print(f"100k/50k total: {totals['100000'] / totals['50000']:.2f} (linear: 2.00)")
    keys = list(rows[0])
    print("\n| " + " | ".join(keys) + " |\n|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(row.get(k, "") for k in keys) + " |")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
