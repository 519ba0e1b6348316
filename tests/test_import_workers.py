"""Seeds converted by forked workers come back exactly as converted in-process."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from digest import importer
from digest.importer import PARALLEL_FROM, Job, convert, convert_all


def seed(n: int) -> bytes:
    return (
        f"Story number {n} about Brazil\nBy Reuters | 1987-03-{n % 28 + 1:02d} 10:{n % 60:02d}\n\n"
        f"SAO PAULO, March 2 - Petrobras said output rose {n} pct in Brazil.\n\nREUTER\n"
    ).encode()


@pytest.mark.skipif("fork" not in importer.mp.get_all_start_methods(), reason="no fork")
def test_workers_convert_as_one_process_does(tmp_path: Path) -> None:
    jobs = [Job(f"{n:04d}.txt", seed(n), (0, 0), None) for n in range(PARALLEL_FROM + 50)]
    jobs.append(Job("image.png", b"\x89PNG", (0, 0), None))  # an error comes back too
    expected = [convert(job.rel, job.data, tmp_path) for job in jobs]
    assert list(convert_all(jobs, tmp_path)) == expected
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
    results = list(convert_all(jobs, tmp_path))
    for n, (job, result) in enumerate(zip(jobs[:-2], results, strict=False)):
        stat = (tmp_path / job.rel).stat()
        assert result.stat == (stat.st_mtime_ns, stat.st_size)
        assert result == replace(convert(job.rel, seed(n), tmp_path), stat=result.stat)
    assert results[-2].article is None and results[-2].error.startswith("too large")
    assert results[-1].article is None and results[-1].error.startswith("cannot read")
