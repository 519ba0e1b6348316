"""Time from saving a front matter edit to the reloaded tag page under ``mkdocs serve``.

Usage: .venv/bin/python bench/serve_latency.py [--count 3000] [--repeat 3] [--corpus PATH]
       [--modes full,dirty]

Builds a project of COUNT raw seeds made from the corpus (as ``bench/scale.py``
makes them: beyond the corpus size, stories repeat retitled), starts a real
``mkdocs serve`` (once plain, once with ``--dirty``) on a free loopback port,
then REPEAT times adds a new tag to one article and polls until the new tag's
page is served. Prints the seconds from saving to the page, per mode.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from scale import write_seeds
from slugify import slugify

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "reuters"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def served(url: str, needle: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return needle in response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def wait(url: str, needle: str, limit: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if served(url, needle):
            return time.monotonic() - started
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {needle!r} within {limit} s")


def measure(root: Path, dirty: bool, repeat: int) -> list[float]:
    port = free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [*cmd, *(["--dirty"] if dirty else [])],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/news-digest/"
    try:
        wait(base, "Latest news", 600)
        article, slug = probe_article(root / "site_src")
        times = []
        for n in range(repeat):
            # Retitle the article and make it the newest, so page 1 of its tag shows it.
            marker = f"Probe {'dirty' if dirty else 'full'} {n}"
            text = article.read_text("utf-8")
            text = re.sub(r"^title: .*$", f"title: {marker}", text, count=1, flags=re.M)
            text = re.sub(
                r"^date: .*$", f"date: 2001-01-0{n + 1}T10:00:00", text, count=1, flags=re.M
            )
            time.sleep(2)  # let the previous rebuild settle
            article.write_text(text, encoding="utf-8")
            times.append(wait(f"{base}tags/{slug}/", marker, 600))
        return times

    finally:
        server.terminate()
        server.wait(timeout=30)


def probe_article(docs: Path) -> tuple[Path, str]:
    """Return an article and the slug of one of its tags that has a page of its own."""
    for article in sorted((docs / "articles").rglob("*.md")):
        head = article.read_text("utf-8").split("\n---", 1)[0]
        for tag in re.findall(r"^- (.+)$", head.split("tags:", 1)[-1], flags=re.M):
            slug = slugify(tag.strip("'\""))
            if (docs / "tags" / f"{slug}.md").is_file():
                return article, slug
    raise SystemExit("no article with a tag page")


def main(argv: list[str] | None = None) -> int:
    """Print edit-to-page seconds with and without --dirty."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--modes", default="full,dirty")
    args = parser.parse_args(argv)
    if not (args.corpus / "truth.jsonl").is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="digest-serve-") as tmp:
        root = Path(tmp)
        write_seeds(args.corpus, root / "seeds", args.count)
        (root / "site_src").mkdir()
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        subprocess.run(
            [sys.executable, "-m", "digest", "import"], cwd=root, check=True, capture_output=True
        )
        modes = args.modes.split(",")
        for dirty in [mode == "dirty" for mode in ("full", "dirty") if mode in modes]:
            times = measure(root, dirty, args.repeat)
            label = "mkdocs serve --dirty" if dirty else "mkdocs serve"
            print(
                f"{label:22} N={args.count}: edit → tag page "
                f"median {statistics.median(times):.1f} s, runs {[round(t, 1) for t in times]}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
