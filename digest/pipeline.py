"""The digest step: seeds → article files → index pages, all inside ``docs_dir``.

Called by the MkDocs plugin before every build (so ``mkdocs build``, ``serve``
and ``gh-deploy`` do the whole job) and by ``digest import``.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO

from digest.article import Article
from digest.articles.budget import DEFAULT_SECONDS
from digest.articles.buildlock import build_lock
from digest.articles.fsutil import remove_stale_temps
from digest.articles.importer import Importer, ImportReport
from digest.articles.ledger import LEDGER_PATH, Ledger, sha1
from digest.articles.store import ArticleStore, Collection
from digest.articles.templates import Templates
from digest.exceptions import ConfigError, DigestError, FrontMatterError
from digest.fast import cachefile
from digest.fast.background import Background
from digest.indexes import Options, remove_stale, update_pages, write_changed
from digest.indexes.catalog import EVERY_TIME, Catalog, Group
from digest.indexes.tags import Tag, TagRules, load_rules

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
    seed_budget: float = DEFAULT_SECONDS
    """Seconds reading one seed may take before it is skipped (0: no limit)."""
    parallel: bool = True
    """Whether the import converts many seeds in worker processes."""
    settle: float = 0.0
    """A seed modified less than this many seconds ago is left for the next build."""

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
    related: Mapping[str, list[Article]] = field(default_factory=dict)
    """Related articles by article path (valid until the next run: each list is made
    when first asked for)."""

    def summary(self) -> str:
        """Return the one-line summary of the step."""
        imp = self.imports
        skipped = f"{len(imp.skipped)} skipped" + (" (see warnings above)" if imp.skipped else "")
        parts = [
            f"{len(imp.imported)} imported",
            *([f"{len(imp.updated)} re-imported"] if imp.updated else []),
            skipped,
            *([f"{len(imp.duplicates)} duplicates"] if imp.duplicates else []),
            *([f"{len(imp.deferred)} still being written"] if imp.deferred else []),
            *([f"{len(imp.undated)} without a date"] if imp.undated else []),
            *([f"{len(imp.unsourced)} without a source"] if imp.unsourced else []),
            *([f"{len(imp.guessed)} with a guessed title"] if imp.guessed else []),
            *([f"{len(imp.text_dated)} dated from their text"] if imp.text_dated else []),
            *([f"{len(self.problems)} front matter problems"] if self.problems else []),
            f"{self.articles} articles",
            f"{self.tags} tags",
            f"{self.pages} index pages ({self.pages_written} written)",
        ]
        return "Digest: " + ", ".join(parts) + f" in {self.seconds:.1f} s"


@dataclass
class State:
    """What the digest step keeps in memory from one run to the next in one process.

    The MkDocs plugin keeps one for as long as it lives (under ``mkdocs serve``,
    across rebuilds) and hands it to every ``run``; without one, ``run`` starts
    from the caches on disk, as the first build of ``mkdocs serve`` does.
    """

    folders: tuple[Path, Path, Path] | None = None
    """The project's root, ``docs_dir`` and ``seeds_dir``: another project starts afresh."""
    store: ArticleStore = field(default_factory=ArticleStore)
    catalog: Catalog | None = None
    """The articles of the last run grouped as the index pages on disk show them."""
    ledger: Ledger | None = None
    ledger_stamp: tuple[int, int, int] | None = None
    """(mtime_ns, size, inode) of the ledger file ``ledger`` was read from or saved as."""

    def begin(self, project: Project) -> bool:
        """Forget what belongs to another project; tell whether this is a first run."""
        folders = (project.root, project.docs_dir, project.seeds_dir)
        if folders == self.folders:
            return False
        self.folders, self.store, self.catalog = folders, ArticleStore(project.cache_file), None
        self.ledger = self.ledger_stamp = None
        return True

    def load_ledger(self, path: Path) -> Ledger:
        """Return the import ledger, read again only if the file changed since."""
        stamp = _file_stamp(path)
        if self.ledger is None or stamp is None or stamp != self.ledger_stamp:
            self.ledger, self.ledger_stamp = Ledger.load(path), stamp
        return self.ledger


def _file_stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def run(
    project: Project,
    *,
    import_seeds: bool = True,
    force: Sequence[str] = (),
    progress: bool = True,
    state: State | None = None,
) -> Report:
    """Import new seeds, then bring the index pages up to date with the article files.

    ``state``: what an earlier run in this process kept (see ``State``).
    """
    with build_lock(project.root):  # waits for another build of the project
        started = time.perf_counter()
        finish()  # an earlier run's caches: this one reads them
        with _collector_paused():
            report = _run(project, import_seeds, force, progress, state)
    report.seconds = time.perf_counter() - started
    return report


_frozen = False
"""Whether a digest step in this process froze what it left (see below)."""


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep Python's cycle collector from running during the digest step.

    The step makes hundreds of thousands of objects that live on (articles, the
    catalog, pages), which the collector would go through again and again (0.4 s
    of 6 at 10,000 articles); the step leaves almost no cycles behind (about two
    hundred objects at 10,000 articles). The import's forked workers inherit the
    pause; they make no cycles at all.

    At the end of the first step in a process, what is alive is frozen
    (``gc.freeze``): the MkDocs build that follows does not go through it again
    either, nor do its forked workers (which would copy the pages to do so).
    Once only: a cycle frozen then and dropped later (under ``mkdocs serve``) is
    never collected, so freezing again at every rebuild would keep every build's
    garbage.
    """
    global _frozen
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if not _frozen:
            gc.freeze()
            _frozen = True
        gc.enable()


def _run(
    project: Project,
    import_seeds: bool,
    force: Sequence[str],
    progress: bool,
    state: State | None,
) -> Report:
    report = Report()
    state = state if state is not None else State()
    first = state.begin(project)
    # 1. A build killed mid-write leaves only temporary files: remove them (a process
    # that is still running was not killed, so once per process).
    if first:
        remove_stale_temps(project.docs_dir)
    # 2. Import seeds the ledger has not seen (or that changed and were not edited).
    # The ledger is saved by the end of the step (while the index pages are made).
    if not import_seeds:
        return _index(project, state, report, None)
    check_seeds_dir(project)
    report.imports, importer = _import(project, state, force, progress)
    ledger = LedgerSave(importer)
    try:
        return _index(project, state, report, ledger)
    finally:
        ledger.finish(project, state)


class LedgerSave:
    """The import ledger's last save, done once by the end of the digest step.

    A full build of a large site has it done by the forked process that makes
    half of the index pages (``make_every_page``); otherwise ``finish`` does it.
    """

    def __init__(self, importer: Importer) -> None:
        self.importer = importer
        self.done = False
        """Whether another process saved it."""

    def save(self) -> None:
        """Save the ledger (in this process or a forked one)."""
        self.importer.save()

    def finish(self, project: Project, state: State) -> None:
        """Save the ledger unless that was done; note the file ``state`` holds."""
        try:
            if not self.done:
                try:
                    self.save()
                except OSError as exc:
                    message = f"{exc.__class__.__name__}: {exc}"
                    raise DigestError(f"Error saving the import ledger: {message}") from exc
        except BaseException:
            state.ledger = None  # it may hold changes that were not saved
            raise
        state.ledger_stamp = _file_stamp(project.ledger_file)


def _index(project: Project, state: State, report: Report, ledger: LedgerSave | None) -> Report:
    """Steps 3 to 6 of ``_run``: the articles, tags and index pages."""
    # 3. Read the articles back: hand edits to front matter are the truth.
    prefix = project.label(project.docs_dir) + "/"
    imports = report.imports
    collection = state.store.load(
        project.docs_dir, prefix, imports.written, stats=imports.stats, defer_save=True
    )
    report_problems(collection, report)
    # 4. Apply tags.yml and the options, which depend on the number of articles.
    report.rules = load_rules(project.tags_file, project.label(project.tags_file))
    report.options = project.options.for_size(len(collection.articles), project.min_tag_count)
    # 5. Bring the index pages up to date: only the pages of what changed since the
    # last run, else every page. Unchanged pages keep their mtime (fast --dirty).
    catalog, report.pages_written = _update_indexes(project, state, collection, report, ledger)
    # 6. Keep what article pages and feeds need: tags, related articles, newest first.
    report.tag_list, report.newest = catalog.tag_list(), catalog.newest_first()
    report.related = catalog.related()
    report.articles, report.pages = len(collection.articles), len(catalog.pages())
    report.tags = len(report.tag_list)
    return report


def check_seeds_dir(project: Project) -> None:
    """Raise ``ConfigError`` when the seeds folder is there but is no readable folder.

    A missing folder is a project with no seeds yet; a file, or a folder that
    cannot be listed, would otherwise import nothing without a word.
    """
    label = project.label(project.seeds_dir)
    try:
        with os.scandir(project.seeds_dir):
            pass
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise ConfigError(f"{label}: not a folder (the seeds folder, 'seeds_dir')") from None
    except OSError as exc:
        raise ConfigError(f"{label}: cannot be read ({exc.strerror})") from None


def _import(
    project: Project, state: State, force: Sequence[str], progress: bool
) -> tuple[ImportReport, Importer]:
    """Run the importer with the ledger kept in ``state``; the ledger's last save is left
    to the caller (``LedgerSave``)."""
    ledger = state.load_ledger(project.ledger_file)
    labels = (project.label(project.seeds_dir), project.label(project.docs_dir))
    importer = Importer(
        project.seeds_dir,
        project.docs_dir,
        ledger,
        labels,
        budget=project.seed_budget,
        parallel=project.parallel,
        settle=project.settle,
        templates=Templates(project.seeds_dir, project.ledger_file.parent, labels[0]),
    )
    try:
        imports = importer.run(force=force, progress=progress, save=False)
    except BaseException:
        state.ledger = None  # it may hold changes that were not saved
        raise
    return imports, importer


CHANGES_LIMIT = 4
"""Above one changed article in this many, the index pages are all built again."""


def _update_indexes(
    project: Project,
    state: State,
    collection: Collection,
    report: Report,
    ledger: LedgerSave | None,
) -> tuple[Catalog, int]:
    """Bring the index pages up to date; return the catalog and how many pages were written.

    The catalog of the last run (kept in memory under ``mkdocs serve``, else in
    ``.digest/cache/``) is brought up to date one changed article at a time, and
    only the pages of what changed are made again; with no catalog, or too many
    changes, every page is.
    """
    rules, options = report.rules, report.options
    key = sha1(f"{CACHE_VERSION} {rules.key()} {options!r}")
    catalog, state.catalog = state.catalog, None  # kept again once it matches the pages
    from_disk = catalog is None
    if catalog is None and (cached := _load_catalog(project, key, collection)) is not None:
        catalog, stamp = cached
        if stamp == collection.stamp() and not missing_pages(project.docs_dir, catalog):
            if (save := state.store.take_save()) is not None:
                save()
            state.catalog = catalog
            return catalog, 0
    if catalog is not None and catalog.rules == rules and catalog.options == options:
        current = {article.path: article for article in collection.articles}
        changed = changed_paths(catalog.articles, current)
        if len(changed) * CHANGES_LIMIT <= len(current):
            groups = set(EVERY_TIME)
            for path in changed:
                if path in catalog.articles:
                    groups |= catalog.remove(path)
                if path in current:
                    groups |= catalog.add(current[path])
            groups |= missing_pages(project.docs_dir, catalog)
            built, gone = catalog.build(groups)
            written = update_pages(project.docs_dir, built, gone)
            _save_caches(project, state, collection, (key, catalog) if from_disk else None)
            if not from_disk and changed:
                # Not saved under serve (it costs more than the update): the cached catalog
                # no longer matches the pages, even should the articles get their old mtimes.
                _catalog_file(project).unlink(missing_ok=True)
            state.catalog = catalog
            return catalog, written
    catalog = Catalog.of(collection.articles, rules, options)
    split = len(collection.files) >= SPLIT_PAGES_FROM
    if split and ledger is not None:
        cost = LEDGER_COST * len(ledger.importer.ledger.entries)
        written = make_every_page(project.docs_dir, catalog, True, ledger.save, cost)
        ledger.done = True
    else:
        written = make_every_page(project.docs_dir, catalog, split)
    remove_stale(project.docs_dir, catalog.pages())
    _save_caches(project, state, collection, (key, catalog))
    state.catalog = catalog
    return catalog, written


SPLIT_PAGES_FROM = 1000
"""From this many articles, half the index pages are made by a forked process."""
LEDGER_COST = 1
"""Saving the ledger costs about as much per seed as making one list entry (measured)."""


def make_every_page(
    docs_dir: Path,
    catalog: Catalog,
    split: bool,
    also: Callable[[], object] | None = None,
    also_cost: int = 0,
) -> int:
    """Make and write every page of ``catalog``; return how many were written.

    ``split``: make and write about half of them in a forked process meanwhile
    (where there is no ``fork``, one after the other); that process then does
    ``also`` too, which costs as much as making ``also_cost`` list entries. Other
    work rides along rather than in a process of its own: while forked processes
    live, each copies every memory page it writes to (reference counts
    included), which slowed the catalog by half.
    """
    groups = catalog.groups()
    if not split:
        written = _make_pages(docs_dir, catalog, groups)[0]
        if also is not None:
            also()
        return written
    catalog.tag_list()  # needed by both shares: made once, before forking
    theirs, mine = catalog.split(groups, also_cost if also else 0)
    what = "making the index pages" + (" and saving the import ledger" if also else "")
    other = Background(what, True, _make_pages, docs_dir, catalog, theirs, also)
    try:
        written = _make_pages(docs_dir, catalog, mine)[0]
    except BaseException:
        other.cancel()
        raise
    their_written, paths = other.wait()
    catalog.adopt_pages(theirs, paths)
    return written + int(their_written)


def _make_pages(
    docs_dir: Path,
    catalog: Catalog,
    groups: Iterable[Group],
    also: Callable[[], object] | None = None,
) -> tuple[int, dict[Group, list[str]]]:
    """Make and write the pages of ``groups``, then do ``also``; return how many pages were
    written, and their paths."""
    groups = list(groups)
    built, _ = catalog.build(groups)
    written = write_changed(docs_dir, built)
    if also is not None:
        also()
    return written, catalog.page_paths(groups)


BACKGROUND_SAVE_FROM = 1000
"""From this many articles, the caches are written by a forked process, while this one
goes on (below, forking costs more than it saves)."""

_writing_caches: list[Background] = []
"""Cache writes started by a digest step and not waited for yet (see ``finish``)."""


def finish() -> None:
    """Wait for the caches the last digest step writes after it returned.

    Nothing of the site needs them, only the next run, which waits for them
    first: the MkDocs build goes on meanwhile. Whoever ends the process calls
    this (``digest import``, the plugin after the build), or the caches are lost.
    """
    while _writing_caches:
        _writing_caches.pop(0).wait()


def _save_caches(
    project: Project,
    state: State,
    collection: Collection,
    catalog: tuple[str, Catalog] | None = None,
) -> None:
    """Start writing the caches: the article store's if due, and ``catalog`` (key, catalog).

    Caches only: a failure to write them (a full disk) leaves the next run more to do.
    """
    store_save = state.store.take_save()
    if store_save is None and catalog is None:
        return

    def save() -> None:
        if store_save is not None:
            store_save()
        if catalog is not None:
            _save_catalog(project, catalog[0], catalog[1], collection)

    fork = len(collection.files) >= BACKGROUND_SAVE_FROM
    _writing_caches.append(Background("writing the caches", fork, save))
    if not fork:
        finish()


def changed_paths(before: dict[str, Article], after: dict[str, Article]) -> list[str]:
    """Return the paths of the articles added, removed or changed, sorted."""
    changed = {path for path, article in after.items() if before.get(path) is not article}
    changed = {path for path in changed if before.get(path) != after[path]}
    return sorted(changed | (before.keys() - after.keys()))


def missing_pages(docs_dir: Path, catalog: Catalog) -> set[Group]:
    """Return the groups of the index pages deleted since they were written."""
    folder = str(docs_dir)
    return {
        group
        for path, group in catalog.pages().items()
        if not os.path.isfile(os.path.join(folder, path))
    }


CACHE_VERSION = 4


def _catalog_file(project: Project) -> Path:
    # Not the name of the cache of earlier versions: they cannot read a Catalog and fail.
    return project.root / CACHE_DIR / "catalog.pickle"


def _load_catalog(project: Project, key: str, collection: Collection) -> tuple[Catalog, str] | None:
    """Return the catalog cached for ``key``, and the stamp of the articles it was made of.

    It holds its articles as they were then: each as the file is now if it did
    not change, else as the article store had it before this run.
    """
    path = _catalog_file(project)
    loaded = cachefile.load(path, lambda handle: _unpickle_catalog(handle, collection))
    if loaded is None:
        return None
    cached_key, stamp, catalog = loaded
    if cached_key != key or not isinstance(catalog, Catalog) or not isinstance(stamp, str):
        cachefile.miss(path, "made for other articles or options")
        return None
    return catalog, stamp


def _unpickle_catalog(handle: IO[bytes], collection: Collection) -> tuple[object, object, object]:
    cached_key, stamp, catalog = _ArticleUnpickler(handle, collection).load()  # else a miss
    return cached_key, stamp, catalog


def _save_catalog(project: Project, key: str, catalog: Catalog, collection: Collection) -> None:
    target = _catalog_file(project)
    tmp = target.with_suffix(".tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as handle:
            pickler = _ArticlePickler(handle, collection, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.dump((key, collection.stamp(), catalog))
        tmp.replace(target)
        (target.parent / "derived.pickle").unlink(missing_ok=True)  # earlier versions' cache
    except (OSError, pickle.PicklingError):  # a cache: the next run builds every page
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
            target.unlink(missing_ok=True)


# The article store caches the articles already: the catalog's cache names each by its
# path and the (mtime, size) of its file, which makes it less than half as large. The
# loaded catalog shares the store's articles; one whose file changed since is the store's
# previous parse of it, which the catalog needs to take the article out of its groups.


def _stored_article(path: str, stamp: tuple[int, int]) -> Article:
    """Stand in, in the catalog's cache, for the article store's article at ``path``.

    Only ``_ArticleUnpickler`` can load it (it resolves the two to the article).
    """
    raise pickle.UnpicklingError(f"no article {path!r} (stamp {stamp!r}) outside a catalog")


class _ArticlePickler(pickle.Pickler):
    # reducer_override, not persistent_id: the pickler calls persistent_id for every
    # object it saves (half a million strings and tuples at 10,000 articles), and
    # reducer_override only for the objects that are not built-in containers or memoised.
    def __init__(self, file: BinaryIO, collection: Collection, protocol: int) -> None:
        super().__init__(file, protocol=protocol)
        self.files = collection.files

    def reducer_override(self, obj: object) -> Any:  # NotImplemented, or how to reduce obj
        if type(obj) is not Article:
            return NotImplemented
        entry = self.files.get(obj.path)
        # An article whose file was saved again unchanged is still the earlier, equal, parse.
        if entry is None or (entry[1] is not obj and entry[1] != obj):
            raise pickle.PicklingError(f"{obj.path} is not the article store's")
        return _stored_article, (obj.path, entry[0])


class _ArticleUnpickler(pickle.Unpickler):
    def __init__(self, file: IO[bytes], collection: Collection) -> None:
        super().__init__(file)
        self.sources = (collection.files, collection.previous)

    def find_class(self, module: str, name: str) -> object:
        if module == __name__ and name == _stored_article.__name__:
            return self._article
        return super().find_class(module, name)

    def _article(self, path: str, stamp: tuple[int, int]) -> Article:
        for files in self.sources:
            entry = files.get(path)
            if entry is not None and entry[0] == stamp and entry[1] is not None:
                return entry[1]
        raise pickle.UnpicklingError(f"no article {path!r}")


def report_problems(collection: Collection, report: Report) -> None:
    """Log every front matter problem of every file; note the files to leave out."""
    for problem in collection.problems:
        log.warning("%s (article skipped)", problem)
    report.invalid = set(collection.invalid)
    report.problems = list(collection.problems)
