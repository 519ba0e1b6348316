"""Time the digest step of rebuilds after a one-article edit, in one process as under serve.

Usage: .venv/bin/python bench/edit_rebuild.py PROJECT [--repeat 5] [--profile]

PROJECT is a folder with ``mkdocs.yml``, ``seeds/`` and imported articles (make
one as ``bench/scale.py`` does). The script loads the configuration once and
keeps one ``digest`` plugin instance, as ``mkdocs serve --dirty`` does; it runs
the plugin's ``on_pre_build`` once (the first build), then REPEAT times changes
one article's title and date and runs it again. It prints the wall and CPU
seconds of each digest step (CPU time is the steadier figure on a busy
machine). ``--profile`` prints the top functions of the edit rebuilds.

The article's original text is restored at the end (and the step run once more).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

from mkdocs.config import load_config

from digest.site.plugin import DigestPlugin


def timed(plugin: DigestPlugin, config: object) -> tuple[float, float]:
    """Run the digest step once; return (wall, CPU) seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    plugin.on_pre_build(config)  # type: ignore[arg-type]
    return time.perf_counter() - wall, time.process_time() - cpu


def edit(article: Path, original: str, n: int) -> None:
    """Retitle the article and move it to a new date (a new day, month and year)."""
    text = re.sub(r"^title: .*$", f"title: Probe edit {n}", original, count=1, flags=re.M)
    day = f"2001-0{n % 9 + 1}-0{n % 9 + 1}"
    text = re.sub(r"^date: .*$", f"date: {day}T10:00:00", text, count=1, flags=re.M)
    article.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Print the digest step's seconds for the first build and for each edit rebuild."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.chdir(args.project)
    config = load_config("mkdocs.yml")
    plugin = config.plugins["digest"]
    assert isinstance(plugin, DigestPlugin)
    plugin.on_startup(command="serve", dirty=True)
    plugin.on_config(config)
    first = timed(plugin, config)
    print(f"first build:  wall {first[0]:.2f} s, CPU {first[1]:.2f} s")
    articles = sorted((Path(config.docs_dir) / "articles").rglob("*.md"))
    article = articles[len(articles) // 2]
    original = article.read_text("utf-8")
    profile = cProfile.Profile() if args.profile else None
    walls, cpus = [], []
    try:
        for n in range(args.repeat):
            edit(article, original, n)
            if profile:
                profile.enable()
            wall, cpu = timed(plugin, config)
            if profile:
                profile.disable()
            walls.append(wall)
            cpus.append(cpu)
            print(f"edit rebuild: wall {wall:.3f} s, CPU {cpu:.3f} s", flush=True)
    finally:
        article.write_text(original, encoding="utf-8")
        timed(plugin, config)
    print(
        f"one-article edit, {len(articles)} articles: median wall {statistics.median(walls):.3f} s,"
        f" CPU {statistics.median(cpus):.3f} s over {args.repeat} rebuilds"
    )
    if profile:
        pstats.Stats(profile, stream=sys.stdout).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
