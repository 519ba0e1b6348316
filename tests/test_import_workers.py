"""Seeds converted by forked workers come back exactly as converted in-process."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from digest.articles import importer
from digest.articles.importer import PARALLEL_FROM, Converted, Importer, Job, convert, convert_all
from digest.articles.ledger import Ledger


def seed(n: int) -> bytes:
    return (
        f"Story number {n} about Brazil\nBy Reuters | 1987-03-{n % 28 + 1:02d} 10:{n % 60:02d}\n\n"
        f"SAO PAULO, March 2 - Petrobras said output rose {n} pct in Brazil.\n\nREUTER\n"
    ).encode()


def unstaged(result: Converted, docs: Path) -> Converted:
    """Return ``result`` as ``convert`` gives it: the text read back from the staged file."""
    if not result.staged:
        return result
    staged = Path(result.staged)
    assert staged.parent.parent.parent.parent.parent == docs  # articles/YYYY/MM/DD/
    assert staged.name.startswith(".") and staged.suffix == ".tmp"
    stat = staged.stat()
    assert result.staged_stat == (stat.st_mtime_ns, stat.st_size)
    return replace(result, text=staged.read_text("utf-8"), staged="", staged_stat=None)


@pytest.mark.skipif("fork" not in importer.mp.get_all_start_methods(), reason="no fork")
def test_workers_convert_as_one_process_does(tmp_path: Path) -> None:
    jobs = [Job(f"{n:04d}.txt", seed(n), (0, 0), None) for n in range(PARALLEL_FROM + 50)]
    jobs.append(Job("image.png", b"\x89PNG", (0, 0), None))  # an error comes back too
    expected = [convert(job.rel, job.data, tmp_path) for job in jobs]
    docs = tmp_path / "docs"
    results = list(convert_all(jobs, tmp_path, docs))
    assert all(r.text == "" for r in results)  # the text is in the staged file only
    assert [unstaged(r, docs) for r in results] == expected
    assert expected[0].article is not None and expected[-1].error
    assert importer._FORKED_JOBS == {}  # the seeds are not kept once converted


@pytest.mark.skipif("fork" not in importer.mp.get_all_start_methods(), reason="no fork")
def test_workers_read_new_seeds_themselves(tmp_path: Path) -> None:
    """A job without bytes is read by the worker: same article, and the file's stat."""
    jobs = []
    for n in range(PARALLEL_FROM + 10):
        (tmp_path / f"{n:04d}.txt").write_bytes(seed(n))
        jobs.append(Job(f"{n:04d}.txt", None, None, None))
    (tmp_path / "huge.txt").write_bytes(b"x" * (importer.MAX_SEED_BYTES + 1))
    jobs += [Job("huge.txt", None, None, None), Job("gone.txt", None, None, None)]
    docs = tmp_path / "docs"
    results = list(convert_all(jobs, tmp_path, docs))
    for n, (job, result) in enumerate(zip(jobs[:-2], results, strict=False)):
        stat = (tmp_path / job.rel).stat()
        assert result.stat == (stat.st_mtime_ns, stat.st_size)
        expected = replace(convert(job.rel, seed(n), tmp_path), stat=result.stat)
        assert unstaged(result, docs) == expected
    assert results[-2].article is None and results[-2].error.startswith("too large")
    assert results[-1].article is None and results[-1].error.startswith("cannot read")


def test_an_article_that_cannot_be_staged_is_skipped(tmp_path: Path) -> None:
    """A write error in a worker skips that seed and says why (the rest goes on)."""
    (tmp_path / "docs").write_text("a file where the folder should be")
    result = importer.stage("a.txt", seed(1), tmp_path, tmp_path / "docs")
    assert result.article is None and result.error.startswith("cannot write its article")


@pytest.mark.parametrize("count", [3, PARALLEL_FROM + 10], ids=["in-process", "workers"])
def test_every_staged_file_is_placed_or_removed(tmp_path: Path, count: int) -> None:
    """Articles renamed into place, repeats and failures leave no temporary file behind."""
    seeds, docs = tmp_path / "seeds", tmp_path / "docs"
    seeds.mkdir()
    for n in range(count):
        (seeds / f"{n:04d}.txt").write_bytes(seed(n))
    (seeds / "repeat.txt").write_bytes(seed(0))
    other = seed(0).replace(b"output rose", b"exports fell")  # same title and day
    (seeds / "same-title.txt").write_bytes(other)
    (seeds / "image.png").write_bytes(b"\x89PNG")
    importer_ = Importer(seeds, docs, Ledger(tmp_path / "ledger.json"))
    report = importer_.run(progress=False)
    assert len(report.imported) == count + 1 and report.duplicates == [("repeat.txt", "0000.txt")]
    assert "articles/1987/03/01/story-number-0-about-brazil-2.md" in report.imported
    files = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())
    assert files == sorted(report.imported)  # no hidden temporary file left
    for path in report.imported:
        assert (docs / path).read_text("utf-8").startswith("---\n")
        # What the article store takes instead of asking the disk for each file.
        stat = (docs / path).stat()
        assert report.stats[path] == (stat.st_mtime_ns, stat.st_size)
    assert report.stats.keys() == report.written.keys()


def test_a_seed_that_trips_a_bug_is_skipped_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected error converting one seed skips it, naming the error; the rest imports."""
    real = importer.tag_text

    def tag_text(title: str, body: str, dateline: str | None = None) -> object:
        if "number 1 " in title:
            raise KeyError("diyarbakir")
        return real(title, body, dateline)

    monkeypatch.setattr(importer, "tag_text", tag_text)
    seeds, docs = tmp_path / "seeds", tmp_path / "docs"
    seeds.mkdir()
    for n in range(3):
        (seeds / f"{n}.txt").write_bytes(seed(n))
    report = Importer(seeds, docs, Ledger(tmp_path / "ledger.json")).run(progress=False)
    assert len(report.imported) == 2
    assert report.skipped == [
        ("1.txt", "could not be converted (KeyError: 'diyarbakir'); please report it")
    ]


def test_saved_web_pages_may_be_larger_than_text_seeds(tmp_path: Path) -> None:
    """Inline scripts and images make saved pages large: 5 MB of them is still a page."""
    words = " ".join(f"word{n}" for n in range(40))
    # An inline image, as a browser's "save page" writes it.
    padding = '<link rel="icon" href="data:image/png;base64,' + "A" * importer.MAX_SEED_BYTES + '">'
    page = f"<html><head>{padding}<title>Big page</title></head><body><article>"
    page += f"<h1>A large saved page</h1><p>{words}.</p></article></body></html>"
    (tmp_path / "big.html").write_text(page, "utf-8")
    (tmp_path / "big.txt").write_text("Big text\n\n" + "x" * importer.MAX_SEED_BYTES, "utf-8")
    (tmp_path / "huge.html").write_bytes(b"x" * (importer.MAX_WEB_PAGE_BYTES + 1))
    page_result = convert("big.html", None, tmp_path)
    assert page_result.article is not None and page_result.article.title == "A large saved page"
    assert convert("big.txt", None, tmp_path).error.startswith("too large")
    assert convert("huge.html", None, tmp_path).error == (
        "too large for a news article (20.0 MB, limit 20 MB)"
    )
