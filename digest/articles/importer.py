"""Import raw seeds into article files, never touching what the user edited.

The rules, for each seed in ``seeds/`` (sorted by path):

* new seed: read it, tag and summarise it, write ``articles/YYYY/MM/DD/<slug>.md``;
* seed unchanged: nothing to do;
* seed changed, article untouched since it was written: re-import to the same file;
* seed changed, article edited by hand: keep the edit, warn naming both files;
* article deleted by hand: not recreated (``digest import --force SEED`` does it);
* the same article as an earlier seed (same title and body): skipped as a duplicate.

A feed or a scraper's export holds several articles (``digest.readers.entries``):
the ledger then records the file (to skip it while unchanged) and each entry by
its identity (id, link, url), wherever it is saved, with the rules above: an
entry in two files is imported once, an entry changed upstream replaces its
article only if that was not edited by hand, a deleted one is not recreated.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import multiprocessing as mp
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import count, repeat
from pathlib import Path, PurePosixPath

from digest.article import Article
from digest.articles.budget import DEFAULT_SECONDS, Overrun, alarm_handler, arm, disarm, time_budget
from digest.articles.escape import paragraphs
from digest.articles.front import dumps
from digest.articles.fsutil import read_all, walk_entries, write_temp
from digest.articles.layout import ARTICLES_DIR, article_dir, article_paths, title_slug
from digest.articles.ledger import Entry, Ledger, sha1
from digest.articles.summary import summarize
from digest.articles.templates import Templates, folder_of
from digest.exceptions import DigestError, ReaderError
from digest.fast.background import exit_with_parent
from digest.fetching.sources import add_tags, folder_tags
from digest.readers import raw_reader_for_seed, reader_for_seed
from digest.readers.encoding import decode
from digest.readers.entries import Found, ManyReader, many_reader_for_seed
from digest.readers.hints import NO_HINTS, Hints
from digest.readers.text import TEXT_DATE, read_text
from digest.tagging import tag_text

log = logging.getLogger("mkdocs.plugins.digest")

MAX_SEED_BYTES = 5_000_000
"""A seed larger than this is not a news article (a dump, a log, a binary): skipped."""
MAX_EXPORT_BYTES = 200_000_000
"""The same for a feed or a scraper's export, which holds many articles (a JSON Lines
export of 20,000 articles is about 100 MB); its reader holds it in memory at once."""
MAX_WEB_PAGE_BYTES = 20_000_000
"""The same for a saved web page: inline styles, scripts and images make them large."""
LEDGER_SECONDS = 10.0
"""During a long import, save the ledger this often, not only at the end."""


@dataclass
class ImportReport:
    """What one import did, for the one-line summary and the tests."""

    imported: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(seed, reason) for every seed that could not become an article."""
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    """(seed, earlier seed) for every repeat of a story already imported."""
    written: dict[str, Article] = field(default_factory=dict)
    """Articles written by this import, by path: no need to parse them back (front matter
    only: their ``body`` is empty, as index pages need none)."""
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)
    """(mtime_ns, size) of the files in ``written`` as written (a rename keeps them)."""
    kept_edits: list[tuple[str, str]] = field(default_factory=list)
    """(seed, article) where a changed seed lost to a hand edit."""
    deferred: list[tuple[str, str]] = field(default_factory=list)
    """(seed, why) for every seed still being written: left for the next build."""
    undated: list[str] = field(default_factory=list)
    """Seeds whose article has no date (listed as undated)."""
    unsourced: list[str] = field(default_factory=list)
    """Seeds whose article names no source."""
    guessed: list[str] = field(default_factory=list)
    """Seeds whose title the reader guessed among several lines."""
    text_dated: list[str] = field(default_factory=list)
    """Seeds dated from their story's text, as a last resort (no date line)."""


def fingerprint(article: Article) -> str:
    """Return a hash that is equal for two copies of the same story."""
    # The words of the paragraphs are the words of the body (blank lines are whitespace).
    words = " ".join(paragraphs(article.body)).lower()
    return sha1(" ".join(article.title.split()).lower() + "\n" + words)


def prepare(article: Article) -> Article:
    """Fill the derived fields of a freshly read article: summary and tags."""
    tags = tag_text(article.title, article.body, article.dateline)
    article.summary = article.summary or summarize(article.body)
    article.places, article.people = list(tags.places), list(tags.people)
    article.orgs, article.topics = list(tags.orgs), list(tags.topics)
    article.tags = tags.flat()
    return article


@dataclass
class Job:
    """One seed to convert: its bytes, and what the ledger knew of it.

    A new seed's bytes are read by the worker converting it (``data`` and ``stat``
    ``None``): one process reading ten thousand files held up every worker.
    """

    rel: str
    data: bytes | None
    stat: tuple[int, int] | None
    entry: Entry | None
    forced: bool = False


@dataclass
class Converted:
    """What converting one seed gave: the article and its file text, or why not.

    The hashes and the slug are worked out here too, in the worker processes, so
    that the process placing the articles has little left to do for each.
    """

    article: Article | None
    text: str = ""
    error: str = ""
    seed_sha: str = ""
    text_sha: str = ""
    fingerprint: str = ""
    slug: str = ""
    stat: tuple[int, int] | None = None
    """(mtime_ns, size) of the seed, when ``convert`` read it."""
    staged: str = ""
    """The temporary file in the article's folder holding ``text`` (then empty), if any."""
    staged_stat: tuple[int, int] | None = None
    """(mtime_ns, size) of ``staged`` once written."""
    unfinished: bool = False
    """The seed is still being written (``error`` says how it showed): not imported now."""
    parts: list[Converted] | None = None
    """For a seed with several articles (a feed, an export): one result per entry."""
    identity: str = ""
    """For an entry of such a seed: what names it in any file (see ``Found``)."""
    where: str = ""
    """For an entry of such a seed: where it is in the file (``entry 3``, ``line 12``)."""


@dataclass(frozen=True)
class Unfinished:
    """A seed that is still being written: how that showed."""

    reason: str


PARALLEL_FROM = 200
"""Convert in worker processes from this many seeds on (below, a pool costs more)."""


def seed_limit(rel: str) -> int:
    """Return the largest size in bytes that the seed ``rel`` may have."""
    if many_reader_for_seed(rel) is not None:
        return MAX_EXPORT_BYTES
    return MAX_WEB_PAGE_BYTES if raw_reader_for_seed(rel) else MAX_SEED_BYTES


def read_seed_file(
    path: str, settle: float = 0.0, limit: int | None = None
) -> tuple[bytes, tuple[int, int]] | str | Unfinished:
    """Return a seed's bytes and its (mtime_ns, size), or why it cannot be imported, or
    ``Unfinished`` if it is still being written: it changed while it was read, or
    (``settle`` > 0) it was modified less than ``settle`` seconds ago."""
    # os.read, not a file object: making one costs twice the read of a small seed.
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            stat = os.fstat(fd)
            data = after = None
            most = seed_limit(path) if limit is None else limit
            if stat.st_size <= most:
                data = read_all(fd, stat.st_size, most)
                after = os.fstat(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        return f"cannot read: {exc.strerror}"
    if after is not None and (after.st_mtime_ns, after.st_size) != (
        stat.st_mtime_ns,
        len(data or b""),
    ):
        return Unfinished("it changed while it was read")
    age = time.time() - stat.st_mtime_ns / 1e9
    if 0 <= age < settle:
        return Unfinished(f"modified {age:.1f} s ago")
    if data is None:
        size = max(stat.st_size, most + 1) / 1e6
        return f"too large for a news article ({size:.1f} MB, limit {most // 1_000_000} MB)"
    return data, (stat.st_mtime_ns, stat.st_size)


def convert(
    rel: str,
    data: bytes | None,
    seeds_dir: Path,
    budget: float = DEFAULT_SECONDS,
    settle: float = 0.0,
    hints: Hints = NO_HINTS,
) -> Converted:
    """Read, tag and summarise one seed and write its article text (no file writes).

    ``data``: the seed's bytes, or ``None`` to read them from ``seeds_dir`` here.
    ``budget``: seconds the work may take before the seed is skipped (0: no limit).
    ``settle``: a seed modified more recently is left for later (see ``read_seed_file``).
    ``hints``: what is known of the pages of the seed's folder (``Templates.hints``).
    The article comes back without its body: it is in ``text``, and the index pages
    never need it (sending it back to the main process would cost more than the rest).
    """
    stat = None
    many = many_reader_for_seed(rel)
    if data is None:
        read = read_seed_file(os.path.join(seeds_dir, rel), settle)
        if isinstance(read, Unfinished):
            return Converted(None, error=read.reason, unfinished=True)
        if isinstance(read, str):
            return Converted(None, error=read)
        data, stat = read
    if many is not None:
        return _convert_many(many, rel, data, stat, budget, seeds_dir)
    raw = raw_reader_for_seed(rel)
    reader = reader_for_seed(rel) if raw is None else None
    if raw is None and reader is None:
        suffix = PurePosixPath(rel).suffix
        return Converted(None, error=f"not a supported kind of file ('{suffix}')")
    # The budget: armed here if convert_all installed the handler, else a context.
    armed = arm(budget)
    try:
        with contextlib.nullcontext() if armed else time_budget(budget):
            try:
                # read_seed(rel, data, seeds_dir.name), without finding the reader again
                if raw is not None:
                    article = prepare(raw(data, rel))
                else:
                    assert reader is not None
                    text = decode(data, f"{seeds_dir.name}/{rel}")
                    if reader is read_text and hints is not NO_HINTS:
                        article = prepare(read_text(text, rel, hints))
                    else:
                        article = prepare(reader(text, rel))
                # Tags a source adds (sources.yml, saved by `digest fetch` beside its seeds).
                article.tags = add_tags(article.tags, folder_tags(seeds_dir, rel))
                text = dumps(article)
                story = fingerprint(article)
            finally:
                if armed:
                    disarm()
    except Overrun:
        return Converted(None, error=overrun_message(budget))
    except ReaderError as exc:
        return Converted(None, error=exc.message + (f" (line {exc.line})" if exc.line else ""))
    except DigestError as exc:
        return Converted(None, error=str(exc))
    except Exception as exc:  # a bug: it must not stop the import of every other seed
        problem = f"{exc.__class__.__name__}: {exc}"
        return Converted(None, error=f"could not be converted ({problem}); please report it")
    article.body = ""
    slug = title_slug(article.title)
    return Converted(article, text, "", sha1(data), sha1(text), story, slug, stat)


@contextlib.contextmanager
def _within(budget: float) -> Iterator[None]:
    """Run the block within ``budget`` seconds (armed cheaply where convert_all allows)."""
    armed = arm(budget)
    try:
        with contextlib.nullcontext() if armed else time_budget(budget):
            yield
    finally:
        if armed:
            disarm()


def _failure(exc: BaseException, budget: float) -> str:
    """Return why a seed or an entry could not be converted."""
    if isinstance(exc, Overrun):
        return overrun_message(budget)
    if isinstance(exc, ReaderError):
        return exc.message + (f" (line {exc.line})" if exc.line else "")
    if isinstance(exc, DigestError):
        return str(exc)
    problem = f"{exc.__class__.__name__}: {exc}"
    return f"could not be converted ({problem}); please report it"


def _convert_many(
    reader: ManyReader,
    rel: str,
    data: bytes,
    stat: tuple[int, int] | None,
    budget: float,
    seeds_dir: Path,
) -> Converted:
    """Convert a seed with several articles: one result per entry, each within ``budget``."""
    # Parsing takes time in proportion to the size: the budget of a seed per 5 MB.
    try:
        with _within(budget * max(1.0, len(data) / MAX_SEED_BYTES)):
            found = reader(data, rel)
    except (Overrun, Exception) as exc:  # a bug too must not stop every other seed's import
        return Converted(None, error=_failure(exc, budget))
    tags = folder_tags(seeds_dir, rel)
    parts = [_convert_entry(item, rel, budget, tags) for item in found]
    return Converted(None, seed_sha=sha1(data), stat=stat, parts=parts)


def _convert_entry(found: Found, rel: str, budget: float, tags: list[str]) -> Converted:
    article = found.article
    if article is None:
        return Converted(None, error=found.problem, identity=found.identity, where=found.where)
    # What the entry says, before this seed's name is added: equal in every file holding it.
    entry_sha = sha1(repr(article))
    article.seed = rel
    try:
        with _within(budget):
            article = prepare(article)
            # Tags a source adds (sources.yml, saved by `digest fetch` beside its seeds).
            article.tags = add_tags(article.tags, tags)
            text = dumps(article)
            story = fingerprint(article)
    except (Overrun, Exception) as exc:
        error = f"{found.where}: {_failure(exc, budget)}"
        return Converted(None, error=error, identity=found.identity, where=found.where)
    article.body = ""
    slug = title_slug(article.title)
    return Converted(
        article,
        text,
        "",
        entry_sha,
        sha1(text),
        story,
        slug,
        identity=found.identity,
        where=found.where,
    )


def overrun_message(budget: float) -> str:
    """Return why a seed that ran out of time was skipped."""
    return (
        f"reading it took over {budget:g} s, stopped (a page the reader cannot handle: "
        "please report it; the limit is seed_budget in mkdocs.yml)"
    )


def stage(
    rel: str,
    data: bytes | None,
    seeds_dir: Path,
    docs_dir: Path,
    budget: float = DEFAULT_SECONDS,
    settle: float = 0.0,
    hints: Hints = NO_HINTS,
) -> Converted:
    """``convert``, then write the article's text to a temporary file in its folder.

    The text then needs no sending from a worker to the process that places the
    articles: that process renames the file into place (``Converted.staged``).
    """
    result = convert(rel, data, seeds_dir, budget, settle, hints)
    if result.parts is not None:
        result.parts = [_stage_one(part, docs_dir) for part in result.parts]
        return result
    return _stage_one(result, docs_dir)


def _stage_one(result: Converted, docs_dir: Path) -> Converted:
    """Write one converted article's text to a temporary file in its folder."""
    if result.article is None:
        return result
    try:
        result.staged = write_temp(
            os.path.join(docs_dir, article_dir(result.article.day)), result.text
        )
        stat = os.stat(result.staged)
    except OSError as exc:
        _discard(result)
        error = f"cannot write its article: {exc.strerror}"
        return Converted(None, error=error, identity=result.identity, where=result.where)
    result.text, result.staged_stat = "", (stat.st_mtime_ns, stat.st_size)
    return result


_StageArgs = tuple[str, bytes | None, Path, Path, float, float, Hints]
"""What ``stage`` takes: seed, bytes, seeds and docs folders, budget, settle, hints."""


def _stage_job(args: _StageArgs) -> Converted:
    return stage(*args)


_FORKED_JOBS: dict[int, list[_StageArgs]] = {}
"""The seeds of each running ``convert_all``: forked workers inherit them with the memory
of the parent, so only their numbers are pickled to the workers, not their bytes."""
_CALLS = count()


def _stage_forked_job(call: int, index: int) -> Converted:
    return stage(*_FORKED_JOBS[call][index])


def convert_all(
    jobs: Sequence[Job],
    seeds_dir: Path,
    docs_dir: Path,
    budget: float = DEFAULT_SECONDS,
    parallel: bool = True,
    settle: float = 0.0,
    templates: Templates | None = None,
) -> Iterator[Converted]:
    """``stage`` ``jobs`` in order, on every core when there are many of them (and
    ``parallel``); each seed within ``budget`` seconds.

    Whoever stops early removes the staged files of what it did not take.
    """
    hints: dict[str, Hints] = {}
    if templates is not None:
        for folder in sorted({folder_of(job.rel) for job in jobs}):
            hints[folder] = templates.hints(folder)
    args = [
        (
            job.rel,
            job.data,
            seeds_dir,
            docs_dir,
            budget,
            settle,
            hints.get(folder_of(job.rel), NO_HINTS),
        )
        for job in jobs
    ]
    workers = (os.cpu_count() or 1) if parallel else 1
    if jobs:
        # Load the gazetteers first: before forking, so workers share them, and outside
        # the first seed's time budget.
        tag_text("", "")
    with alarm_handler():  # installed once, not per seed; forked workers inherit it
        if len(jobs) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
            yield from map(_stage_job, args)
        else:
            yield from _convert_forked(args, workers)


def _convert_forked(args: list[_StageArgs], workers: int) -> Iterator[Converted]:
    call = next(_CALLS)
    _FORKED_JOBS[call] = args  # before the pool forks its workers (at the first task)
    context = mp.get_context("fork")
    try:
        with ProcessPoolExecutor(workers, context, exit_with_parent, (os.getpid(),)) as pool:
            yield from pool.map(_stage_forked_job, repeat(call), range(len(args)), chunksize=64)
    finally:
        del _FORKED_JOBS[call]


class Importer:
    """Import seeds from ``seeds_dir`` into ``docs_dir`` following the ledger."""

    def __init__(
        self,
        seeds_dir: Path,
        docs_dir: Path,
        ledger: Ledger,
        labels: tuple[str, str] = ("seeds", "docs"),
        *,
        budget: float = DEFAULT_SECONDS,
        parallel: bool = True,
        settle: float = 0.0,
        templates: Templates | None = None,
    ) -> None:
        self.seeds_dir = seeds_dir
        self.templates = templates
        """What the text seeds of each folder share (learned before reading), if kept."""
        self.budget = budget
        """Seconds reading one seed may take before it is skipped (0: no limit)."""
        self.parallel = parallel
        """Whether many seeds are converted in worker processes."""
        self.settle = settle
        """A seed modified less than this many seconds ago is still being written."""
        self.docs_dir = docs_dir
        self.seeds_label, self.docs_label = labels
        """How messages name the two folders (relative to the project root)."""
        self.ledger = ledger
        self.report = ImportReport()
        self._reserved: set[str] | None = None
        """Lower-cased article paths the ledger owns (case-insensitive file systems)."""
        self._existing: set[str] = set()
        self._fingerprints = ledger.by_fingerprint()
        self._changed = False
        """Whether the ledger needs saving."""
        self._latest_day = dt.date.today() + dt.timedelta(days=1)
        """A later date is in the future wherever the article was written."""
        self._reread: set[str] = set()
        """Seeds to read again though unchanged: their folder's override changed."""
        self._links: set[str] = set()
        """Seeds that are, or lie under, a symbolic link: checked before reading."""

    def run(
        self, force: Sequence[str] = (), progress: bool = True, *, save: bool = True
    ) -> ImportReport:
        """Import every seed that needs it; ``force`` lists seeds to re-import regardless.

        ``save=False``: leave the last save of the ledger to the caller (``save``).
        """
        forced = set(force)
        found = list(walk_entries(self.seeds_dir, links=self._links))
        # 1. Learn what the pages of each folder share; a folder whose override changed
        # is read again (what was edited by hand stays).
        self._reread = self._learn([rel for rel, _ in found]) if self.templates else set()
        # 2. Decide from stat, then from content hashes, which seeds need converting.
        jobs = [
            job
            for rel, file in found
            if self._needs_work(rel, file, forced)
            if (job := self._plan(rel, rel in forced)) is not None
        ]
        # 3. Convert (read, tag, summarise, write Markdown) in parallel when there are many:
        # each article's text is written to a temporary file in its folder.
        staged = convert_all(
            jobs,
            self.seeds_dir,
            self.docs_dir,
            self.budget,
            self.parallel,
            self.settle,
            self.templates,
        )
        converted = self._progress(staged, len(jobs), progress)
        # 4. Place each article in seed order (a rename), or remove it (a duplicate).
        saved = time.monotonic()
        results = zip(jobs, converted, strict=True)
        try:
            for job, result in results:
                self._apply(job, result)
                if time.monotonic() - saved > LEDGER_SECONDS:
                    self.save()  # a killed import then redoes little
                    saved = time.monotonic()
        except Exception:
            # Remove what the workers still write (a killed import's files are swept by
            # the next run: remove_stale_temps).
            with contextlib.suppress(Exception):
                for _, result in results:
                    _discard(result)
            raise
        if save:
            self.save()
        return self.report

    def _learn(self, rels: list[str]) -> set[str]:
        """Count the lines of seeds not counted yet; return the seeds of folders whose
        override file changed since the last import (to read again)."""
        assert self.templates is not None
        if self.templates.learn(rels):
            self._changed = True
        reread: set[str] = set()
        for folder in sorted({folder_of(rel) for rel in rels}):
            stamp = self.templates.override_stamp(folder)
            if self.templates.stamps.get(folder, "") != stamp:
                self.templates.stamps[folder] = stamp
                self.templates.dirty = True
                reread.update(rel for rel in rels if folder_of(rel) == folder)
                self._changed = True
        return reread

    def save(self) -> None:
        """Save the ledger if it changed (every file it names is in place)."""
        if self._changed:
            self.ledger.save()
        if self.templates is not None:
            self.templates.save()

    def _progress(
        self, items: Iterable[Converted], total: int, enabled: bool
    ) -> Iterable[Converted]:
        # No bar off a terminal (as tqdm's disable=None decides): then tqdm, slow to import
        # (~40 ms), is not imported at all. delay hides the bar for quick runs.
        isatty = getattr(sys.stderr, "isatty", None)
        if not enabled or (isatty is not None and not isatty()):
            return items
        from tqdm import tqdm

        return tqdm(
            items,
            total=total,
            desc="Importing",
            unit="article",
            delay=1.0,
            leave=False,
        )

    def _needs_work(self, rel: str, file: os.DirEntry[str], forced: set[str]) -> bool:
        """Tell, from the file's stat alone where possible, whether a seed needs reading."""
        entry = self.ledger.entries.get(rel)
        if rel in forced or entry is None:
            return True  # a new seed: read by a worker, which takes its stat then
        try:
            stat = file.stat()
        except OSError:  # gone since it was listed: reading it says so
            return True
        if entry.seed_stat == (stat.st_mtime_ns, stat.st_size) and rel not in self._reread:
            self.report.unchanged += 1
            return False
        return True

    def _plan(self, rel: str, forced: bool) -> Job | None:
        """Return the work for one seed, or ``None`` when it is up to date or must not change."""
        path = os.path.join(self.seeds_dir, rel)  # a str: Path arithmetic costs, 10,000 times
        entry = self.ledger.entries.get(rel)
        self._changed = True
        if rel in self._links and not self._inside_seeds(path):
            self._skip(rel, f"a link to a file outside {self.seeds_label}/: not followed")
            return None
        if entry is None or entry.duplicate_of:  # new, or a repeat that changed: as new
            return Job(rel, None, None, None, forced)  # read by the worker converting it
        read = read_seed_file(path, self.settle, seed_limit(rel))
        if isinstance(read, Unfinished):
            self._defer(rel, read.reason)
            return None
        if isinstance(read, str):
            self._skip(rel, read)
            return None
        data, seed_stat = read
        if not forced:
            if entry.seed_sha == sha1(data) and rel not in self._reread:
                entry.seed_stat = seed_stat
                self.report.unchanged += 1
                return None
            # A file of several articles: each entry is checked on its own (_apply_entry).
            if entry.article and not self._may_replace(rel, entry):
                entry.seed_stat = seed_stat
                return None
        return Job(rel, data, seed_stat, entry, forced)

    def _inside_seeds(self, path: str) -> bool:
        """Tell whether ``path`` (after following links) stays inside the seeds folder."""
        root = os.path.realpath(self.seeds_dir)
        return os.path.commonpath([root, os.path.realpath(path)]) == root

    def _may_replace(self, rel: str, entry: Entry) -> bool:
        """Tell whether a changed seed may overwrite its article (not edited, not deleted)."""
        target = self.docs_dir / entry.article
        if not target.exists():
            log.info(
                "Seed '%s/%s' changed but its article '%s/%s' was deleted by hand; "
                "not recreated (digest import --force to do so)",
                self.seeds_label,
                rel,
                self.docs_label,
                entry.article,
            )
            return False
        if sha1(target.read_bytes()) != entry.article_sha:
            seed = f"{self.seeds_label}/{rel}"
            log.warning(
                "Seed '%s' changed but '%s/%s' was edited by hand: keeping your edit "
                "(digest import --force %s replaces it)",
                seed,
                self.docs_label,
                entry.article,
                seed,
            )
            self.report.kept_edits.append((rel, entry.article))
            return False
        return True

    def _apply(self, job: Job, result: Converted) -> None:
        """Put a converted seed's article in place, or report why it was skipped or repeated."""
        rel, entry = job.rel, job.entry
        if result.unfinished:
            self._defer(rel, result.error)
            return
        if result.parts is not None:
            self._apply_many(job, result)
            return
        if result.article is None:
            self._skip(rel, result.error)
            return
        article = result.article
        stat = result.stat or job.stat
        assert stat is not None  # read by this process, or by the worker
        self._check_date(rel, article)
        fp = result.fingerprint
        twin = self._fingerprints.get(fp)
        if twin is not None and twin != rel and twin in self.ledger.entries:
            log.info(
                "Seed '%s/%s' repeats '%s/%s': imported once",
                self.seeds_label,
                rel,
                self.seeds_label,
                twin,
            )
            self.report.duplicates.append((rel, twin))
            _discard(result)
            self.ledger.entries[rel] = Entry("", result.seed_sha, "", fp, stat, duplicate_of=twin)
            return
        try:
            article.path = entry.article if entry else self._choose_path(article, result)
            os.replace(result.staged, os.path.join(self.docs_dir, article.path))
        except BaseException:
            _discard(result)
            raise
        self.ledger.entries[rel] = Entry(article.path, result.seed_sha, result.text_sha, fp, stat)
        self._fingerprints[fp] = rel
        (self.report.updated if entry else self.report.imported).append(article.path)
        self.report.written[article.path] = article
        if result.staged_stat is not None:
            self.report.stats[article.path] = result.staged_stat

    def _apply_many(self, job: Job, result: Converted) -> None:
        """Place the articles of a seed with several, entry by entry, then record the seed."""
        assert result.parts is not None
        stat = result.stat or job.stat
        assert stat is not None
        for index, part in enumerate(result.parts):
            try:
                self._apply_entry(job, part)
            except BaseException:
                for rest in result.parts[index:]:
                    _discard(rest)
                raise
        # The file itself: no article of its own, its hash and stat skip it while unchanged.
        self.ledger.entries[job.rel] = Entry("", result.seed_sha, "", "", stat)

    def _apply_entry(self, job: Job, part: Converted) -> None:
        """Place one entry's article following the ledger's rules, keyed by its identity."""
        rel = job.rel
        if part.article is None:
            self._skip(rel, part.error)
            return
        label = f"{rel} ({part.where})"
        key = ENTRY_KEY + part.identity
        entry = self.ledger.entries.get(key)
        article = part.article
        self._changed = True
        if entry is not None and not entry.duplicate_of:
            if not job.forced and (
                entry.seed_sha == part.seed_sha  # as imported (from this file or another)
                or not self._may_replace(label, entry)  # edited or deleted by hand: kept
            ):
                _discard(part)
                return
            target: str | None = entry.article
        else:
            target = None
            twin = self._fingerprints.get(part.fingerprint)
            if twin is not None and twin != key and twin in self.ledger.entries:
                earlier = (
                    f"the entry {twin.removeprefix(ENTRY_KEY)}"
                    if twin.startswith(ENTRY_KEY)
                    else f"'{self.seeds_label}/{twin}'"
                )
                log.info("Seed '%s/%s' repeats %s: imported once", self.seeds_label, label, earlier)
                self.report.duplicates.append((label, twin))
                _discard(part)
                self.ledger.entries[key] = Entry(
                    "", part.seed_sha, "", part.fingerprint, duplicate_of=twin
                )
                return
        self._check_date(label, article)
        try:
            article.path = target or self._choose_path(article, part)
            os.replace(part.staged, os.path.join(self.docs_dir, article.path))
        except BaseException:
            _discard(part)
            raise
        self.ledger.entries[key] = Entry(
            article.path, part.seed_sha, part.text_sha, part.fingerprint
        )
        self._fingerprints[part.fingerprint] = key
        (self.report.updated if target else self.report.imported).append(article.path)
        self.report.written[article.path] = article
        if part.staged_stat is not None:
            self.report.stats[article.path] = part.staged_stat

    def _check_date(self, rel: str, article: Article) -> None:
        """Warn about an article without a date, or dated in the future; note what the
        reader was unsure of."""
        seed = f"{self.seeds_label}/{rel}"
        if not article.source:
            self.report.unsourced.append(rel)
            log.info("Seed '%s': no source found", seed)
        for doubt in article.doubts:
            found = self.report.text_dated if doubt.startswith(TEXT_DATE) else self.report.guessed
            found.append(rel)
            log.info("Seed '%s': %s ('%s')", seed, doubt, article.title)
        if article.date is None:
            self.report.undated.append(rel)
            log.warning(
                "Seed '%s': no date found; listed as undated until you add 'date:' "
                "to its front matter",
                seed,
            )
        elif article.day is not None and article.day > self._latest_day:
            log.warning("Seed '%s': its date %s is in the future", seed, article.day.isoformat())

    def _skip(self, rel: str, reason: str) -> None:
        log.warning("Skipped seed '%s/%s': %s", self.seeds_label, rel, reason)
        self.report.skipped.append((rel, reason))

    def _defer(self, rel: str, reason: str) -> None:
        # Not in the ledger: the next build reads it again (under serve, soon: plugin.py).
        log.info(
            "Seed '%s/%s' is still being written (%s): left for the next build",
            self.seeds_label,
            rel,
            reason,
        )
        self.report.deferred.append((rel, reason))

    def _choose_path(self, article: Article, result: Converted) -> str:
        """Return the first free path for a new article.

        A file there that holds exactly its text was left by an interrupted build
        (written, but not yet in the ledger): it is taken over, so a re-run ends
        where an uninterrupted build would have.
        """
        if self._reserved is None:
            folder = self.docs_dir / ARTICLES_DIR
            self._existing = {f"{ARTICLES_DIR}/{rel}".lower() for rel, _ in walk_entries(folder)}
            self._reserved = {e.article.lower() for e in self.ledger.entries.values()}
        for candidate in article_paths(article, result.slug):
            key = candidate.lower()
            if key in self._reserved:
                continue
            if key in self._existing and not self._holds(candidate, result.text_sha):
                continue
            self._reserved.add(key)
            return candidate
        raise AssertionError("article_paths() is endless")

    def _holds(self, path: str, text_sha: str) -> bool:
        try:
            return sha1((self.docs_dir / path).read_bytes()) == text_sha
        except OSError:
            return False


def _discard(result: Converted) -> None:
    """Remove the file a worker staged for an article that is not placed."""
    for part in result.parts or ():
        _discard(part)
    if result.staged:
        with contextlib.suppress(OSError):
            os.unlink(result.staged)


ENTRY_KEY = "/"
"""Ledger keys of feed and export entries start with this, then the entry's identity: no
seed path (relative to ``seeds/``) starts with it."""

_SEED_PREFIX = re.compile(r"^(?:\./)?seeds/")


def normalise_seed_arg(arg: str) -> str:
    """Accept ``seeds/x.txt`` or ``x.txt`` on the command line for ``--force``."""
    return _SEED_PREFIX.sub("", arg.replace("\\", "/"))
