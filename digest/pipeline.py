"""The digest step: seeds → article files → index pages, all inside ``docs_dir``.

Called by the MkDocs plugin before every build (so ``mkdocs build``, ``serve``
and ``gh-deploy`` do the whole job) and by ``digest import``.
"""

from __future__ import annotations

import contextlib
import logging
import pickle
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from digest.article import Article
from digest.exceptions import FrontMatterError
from digest.fsutil import remove_stale_temps
from digest.importer import Importer, ImportReport
from digest.indexes import Options, build_pages, write_pages
from digest.indexes.common import newest_first
from digest.indexes.tags import Tag, TagRules, collect, load_rules
from digest.ledger import LEDGER_PATH, Ledger, sha1
from digest.related import related
from digest.store import Collection, load_articles

log = logging.getLogger("mkdocs.plugins.digest")

CACHE_DIR = Path(".digest") / "cache"


@dataclass
class Project:
    """Where a digest lives: the folder of ``mkdocs.yml`` and the folders it names."""

    root: Path
    docs_dir: Path
    seeds_dir: Path
    tags_file: Path
    site_name: str = ""
    options: Options = field(default_factory=Options)
    min_tag_count: int | None = None
    """Articles a tag needs for its own page; ``None``: chosen by the site's size."""

    @property
    def ledger_file(self) -> Path:
        """Return the import ledger's path."""
        return self.root / LEDGER_PATH

    @property
    def cache_file(self) -> Path:
        """Return the parsed-front-matter cache's path."""
        return self.root / CACHE_DIR / "articles.pickle"

    def label(self, path: Path) -> str:
        """Return ``path`` relative to the project root, as messages show it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


@dataclass
class Report:
    """What the digest step did: the CLI prints it as one line."""

    imports: ImportReport = field(default_factory=ImportReport)
    articles: int = 0
    tags: int = 0
    pages: int = 0
    pages_written: int = 0
    problems: list[FrontMatterError] = field(default_factory=list)
    seconds: float = 0.0
    invalid: set[str] = field(default_factory=set)
    """Article files (docs_dir-relative) left out of the site because of their problems."""
    rules: TagRules = field(default_factory=TagRules)
    options: Options = field(default_factory=Options)
    """The index options in effect (``min_tag_count`` resolved)."""
    newest: list[Article] = field(default_factory=list)
    """Every valid article, newest first (front matter only)."""
    tag_list: list[Tag] = field(default_factory=list)
    related: dict[str, list[Article]] = field(default_factory=dict)
    """Related articles by article path."""

    def summary(self) -> str:
        """Return the one-line summary of the step."""
        imp = self.imports
        skipped = f"{len(imp.skipped)} skipped" + (" (see warnings above)" if imp.skipped else "")
        parts = [
            f"{len(imp.imported)} imported",
            *([f"{len(imp.updated)} re-imported"] if imp.updated else []),
            skipped,
            *([f"{len(imp.duplicates)} duplicates"] if imp.duplicates else []),
            *([f"{len(self.problems)} front matter problems"] if self.problems else []),
            f"{self.articles} articles",
            f"{self.tags} tags",
            f"{self.pages} index pages ({self.pages_written} written)",
        ]
        return "Digest: " + ", ".join(parts) + f" in {self.seconds:.1f} s"


def run(
    project: Project, *, import_seeds: bool = True, force: Sequence[str] = (), progress: bool = True
) -> Report:
    """Import new seeds, then regenerate the index pages from the article files."""
    started = time.perf_counter()
    report = Report()
    # 1. A build killed mid-write leaves only temporary files: remove them.
    remove_stale_temps(project.docs_dir)
    # 2. Import seeds the ledger has not seen (or that changed and were not edited).
    if import_seeds:
        ledger = Ledger.load(project.ledger_file)
        labels = (project.label(project.seeds_dir), project.label(project.docs_dir))
        importer = Importer(project.seeds_dir, project.docs_dir, ledger, labels)
        report.imports = importer.run(force=force, progress=progress)
    # 3. Read the articles back: hand edits to front matter are the truth.
    prefix = project.label(project.docs_dir) + "/"
    written = report.imports.written
    collection = load_articles(project.docs_dir, project.cache_file, prefix, written)
    report_problems(collection, report)
    # 4. Apply tags.yml; nothing changed since the last run: reuse its results.
    report.rules = load_rules(project.tags_file, project.label(project.tags_file))
    report.options = project.options.for_size(len(collection.articles), project.min_tag_count)
    key = sha1(f"{CACHE_VERSION} {collection.stamp} {report.rules.key()} {report.options!r}")
    derived = _load_derived(project, key)
    if derived is None:
        # 5. Build every index page from the front matter; write only pages whose
        # text changed, so unchanged pages keep their mtime (fast --dirty).
        tag_list = collect(collection.articles, report.rules)
        pages = build_pages(collection.articles, tag_list, report.options)
        report.pages_written, _ = write_pages(project.docs_dir, pages)
        # 6. Keep what article pages and feeds need: tags, related articles, newest first.
        derived = Derived(
            sorted(pages),
            tag_list,
            newest_first(collection.articles),
            related(collection.articles, report.rules),
        )
        _save_derived(project, key, derived)
    report.tag_list, report.newest, report.related = derived.tags, derived.newest, derived.related
    report.articles, report.pages = len(collection.articles), len(derived.pages)
    report.tags = len(report.tag_list)
    report.seconds = time.perf_counter() - started
    return report


CACHE_VERSION = 1


@dataclass
class Derived:
    """What the index step derives from the articles, cached between runs."""

    pages: list[str]
    tags: list[Tag]
    newest: list[Article]
    related: dict[str, list[Article]]


def _derived_file(project: Project) -> Path:
    return project.root / CACHE_DIR / "derived.pickle"


def _load_derived(project: Project, key: str) -> Derived | None:
    """Return the cached results for ``key`` if every page they name is still there."""
    try:
        with _derived_file(project).open("rb") as handle:
            cached_key, derived = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None
    if cached_key != key or not isinstance(derived, Derived):
        return None
    if not all((project.docs_dir / page).is_file() for page in derived.pages):
        return None
    return derived


def _save_derived(project: Project, key: str, derived: Derived) -> None:
    target = _derived_file(project)
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps((key, derived), protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(target)


def report_problems(collection: Collection, report: Report) -> None:
    """Log every front matter problem of every file; note the files to leave out."""
    for problem in collection.problems:
        log.warning("%s (article skipped)", problem)
    report.invalid = set(collection.invalid)
    report.problems = list(collection.problems)
