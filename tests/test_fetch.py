"""`digest fetch` against a real HTTP server on 127.0.0.1: feeds, pages, and bad servers."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, new_project

from digest.articles.importer import convert
from digest.cli import main
from digest.exceptions import FileError
from digest.fetching.fetch import USER_AGENT, Client, Fetcher, Limits, Report
from digest.fetching.sources import Source, load_sources
from digest.readers import reader_for_seed
from digest.readers.entries import many_reader_for_seed

Route = tuple[int, dict[str, str], bytes]


@dataclass
class Site:
    """What the test server serves, and what it was asked."""

    routes: dict[str, Route | Callable[[dict[str, str]], Route]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base: str = ""

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(1 for asked, _ in self.requests if asked == path)


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            headers = {key.lower(): value for key, value in self.headers.items()}
            state.requests.append((self.path, headers))
            route = state.routes.get(self.path, (404, {}, b"not found"))
            status, extra, body = route(headers) if callable(route) else route
            self.send_response(status)
            for key, value in extra.items():
                self.send_header(key, value)
            if "Content-Length" not in extra:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


RSS = "application/rss+xml"
ATOM = "application/atom+xml"
HTML = "text/html; charset=utf-8"


def rss(site: Site, count: int, full: bool = True, start: int = 0, path: str = "/a") -> bytes:
    """Return an RSS feed of ``count`` entries; each links to ``path/N.html``."""
    items = []
    for n in range(start, start + count):
        content = (
            f"<content:encoded><![CDATA[<p>Full text of story {n}.</p>]]></content:encoded>"
            if full
            else ""
        )
        items.append(
            f"<item><title>Story {n}</title><link>{site.url(f'{path}/{n}.html')}</link>"
            f"<guid>urn:story:{n}</guid><description>Summary {n}.</description>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Test wire</title>{''.join(items)}</channel></rss>"
    ).encode()


def atom(count: int) -> bytes:
    entries = "".join(
        f'<entry><id>urn:atom:{n}</id><title>Atom {n}</title><link href="/x/{n}.html"/>'
        f'<updated>2026-12-0{1 + n % 9}T00:00:00Z</updated><content type="html">Text {n}'
        "</content></entry>"
        for n in range(count)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Atom wire</title><id>urn:feed</id>{entries}</feed>"
    ).encode()


def page(n: int) -> bytes:
    """Return a news page the HTML reader finds an article in."""
    return (
        f"<html><head><title>Harbour {n} reopens after storm</title></head><body><article>"
        f"<h1>Harbour {n} reopens after storm</h1><p>The harbour of Kiel {n} reopened on "
        "Tuesday after a storm closed it for three days, port officials said.</p><p>Ships "
        "waiting in the bay began to enter in the morning, and the port expects normal "
        "traffic by Friday.</p></article></body></html>"
    ).encode()


def with_etag(route: Route, etag: str) -> Callable[[dict[str, str]], Route]:
    """Serve ``route`` with an ETag, and a 304 to a request that already has it."""

    def serve(headers: dict[str, str]) -> Route:
        if headers.get("if-none-match") == etag:
            return 304, {"ETag": etag}, b""
        status, extra, body = route
        return status, {**extra, "ETag": etag}, body

    return serve


LIMITS = Limits(timeout=0.5, retries=1, backoff=0.01, delay=0.2, max_bytes=50_000)


class Run:
    """Fetch into a project folder; a fake sleep records the pauses instead of waiting."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pauses: list[float] = []
        self.clock = dt.datetime(2026, 12, 4, 6, 0, tzinfo=dt.UTC)

    def __call__(self, *sources: Source, limits: Limits = LIMITS) -> Report:
        self.clock += dt.timedelta(days=1)
        client = Client(limits, sleep=self.pauses.append)
        state = self.root / ".digest" / "fetch.json"
        fetcher = Fetcher(self.root, self.root / "seeds", state, client, now=lambda: self.clock)
        return fetcher.run(sources)

    def files(self) -> dict[str, bytes]:
        return {
            p.relative_to(self.root).as_posix(): p.read_bytes()
            for p in sorted(self.root.rglob("*"))
            if p.is_file()
        }

    def stats(self) -> dict[str, int]:
        return {
            p.relative_to(self.root).as_posix(): p.stat().st_mtime_ns
            for p in self.root.rglob("*")
            if p.is_file()
        }


@pytest.fixture
def run(tmp_path: Path) -> Run:
    (tmp_path / "seeds").mkdir()
    return Run(tmp_path)


def source(site: Site, path: str, **options: object) -> Source:
    return Source(url=site.url(path), name="wire", **options)  # type: ignore[arg-type]


# Feeds -------------------------------------------------------------------------------


def test_rss_feed_is_saved_as_served_with_its_url_time_and_etag(site: Site, run: Run) -> None:
    body = rss(site, 5)
    site.routes["/feed.xml"] = with_etag((200, {"Content-Type": RSS}, body), '"v1"')
    report = run(source(site, "/feed.xml"))
    assert report.failures == [] and report.new_entries == 5
    assert run.files()["seeds/wire/feed-20261205T060000Z.rss"] == body
    state = json.loads(run.files()[".digest/fetch.json"])
    assert state["urls"][site.url("/feed.xml")] == {
        "file": "wire/feed-20261205T060000Z.rss",
        "fetched": "2026-12-05T06:00:00+00:00",
        "etag": '"v1"',
    }
    assert site.requests[0][1]["user-agent"] == USER_AGENT


def test_not_modified_changes_no_file(site: Site, run: Run) -> None:
    site.routes["/feed.xml"] = with_etag((200, {"Content-Type": RSS}, rss(site, 5)), '"v1"')
    run(source(site, "/feed.xml"))
    before, stats = run.files(), run.stats()
    report = run(source(site, "/feed.xml"))
    assert site.requests[-1][1]["if-none-match"] == '"v1"'
    assert report.written == [] and report.new_entries == 0
    assert run.files() == before and run.stats() == stats


def test_same_entries_without_validators_change_no_file(site: Site, run: Run) -> None:
    site.routes["/feed.xml"] = (200, {"Content-Type": RSS}, rss(site, 5))
    run(source(site, "/feed.xml"))
    before, stats = run.files(), run.stats()
    assert run(source(site, "/feed.xml")).written == []
    assert run.files() == before and run.stats() == stats


def test_new_entries_save_the_feed_again_and_count_only_the_new(site: Site, run: Run) -> None:
    site.routes["/feed.xml"] = (200, {"Content-Type": RSS}, rss(site, 50))
    assert run(source(site, "/feed.xml")).new_entries == 50
    site.routes["/feed.xml"] = (200, {"Content-Type": RSS}, rss(site, 60))
    report = run(source(site, "/feed.xml"))
    assert report.new_entries == 10
    assert "seeds/wire/feed-20261206T060000Z.rss" in report.written
    assert len(json.loads(run.files()[".digest/fetch.json"])["entries"]) == 60


def test_atom_feed_is_saved_as_atom(site: Site, run: Run) -> None:
    site.routes["/atom"] = (200, {"Content-Type": ATOM}, atom(3))
    report = run(source(site, "/atom"))
    assert report.new_entries == 3
    assert run.files()["seeds/wire/atom-20261205T060000Z.atom"] == atom(3)


def test_generic_xml_is_sniffed(site: Site, run: Run) -> None:
    site.routes["/feed"] = (200, {"Content-Type": "text/xml"}, atom(1))
    run(source(site, "/feed"))
    assert "seeds/wire/feed-20261205T060000Z.atom" in run.files()


def test_summary_feed_followed_fetches_pages_once_and_honours_robots(site: Site, run: Run) -> None:
    site.routes["/robots.txt"] = (200, {}, b"User-agent: *\nDisallow: /private/\n")
    site.routes["/feed.xml"] = (200, {"Content-Type": RSS}, rss(site, 3, full=False))
    for n in range(3):
        site.routes[f"/a/{n}.html"] = (200, {"Content-Type": HTML}, page(n))
    followed = source(site, "/feed.xml", follow=True)
    report = run(followed)
    assert report.failures == [] and report.new_entries == 3
    files = run.files()
    assert files["seeds/wire/a-1-html.html"] == page(1)
    assert site.hits("/robots.txt") == 1  # read once per host and run
    # The summary feed is kept, hidden from the importer: the pages are the articles.
    assert "seeds/wire/.feed-20261205T060000Z.rss" in files
    # Again: nothing new, no page fetched twice.
    asked = len(site.requests)
    assert run(followed).written == []
    assert [path for path, _ in site.requests[asked:]] == ["/robots.txt", "/feed.xml"]
    # A new entry whose page robots.txt forbids: one line, the rest saved.
    site.routes["/feed.xml"] = (
        200,
        {"Content-Type": RSS},
        rss(site, 4, full=False).replace(b"/a/3.html", b"/private/3.html"),
    )
    report = run(followed)
    assert report.failures == [
        f"1 entries' pages failed (forbidden by robots.txt: {site.url('/private/3.html')}): "
        + site.url("/feed.xml")
    ]
    assert site.hits("/private/3.html") == 0


def test_entry_whose_page_failed_is_fetched_again_next_run(site: Site, run: Run) -> None:
    feed = (200, {"Content-Type": RSS}, rss(site, 2, full=False))
    site.routes["/feed.xml"] = with_etag(feed, '"v1"')
    site.routes["/a/0.html"] = (200, {"Content-Type": HTML}, page(0))
    followed = source(site, "/feed.xml", follow=True)
    assert run(followed).failures == [
        f"1 entries' pages failed (HTTP 404: {site.url('/a/1.html')}): {site.url('/feed.xml')}"
    ]
    site.routes["/a/1.html"] = (200, {"Content-Type": HTML}, page(1))
    report = run(followed)
    assert report.failures == [] and report.new_entries == 1
    assert "seeds/wire/a-1-html.html" in report.written
    assert site.hits("/a/0.html") == 1


def test_full_text_feed_is_not_followed(site: Site, run: Run) -> None:
    site.routes["/feed.xml"] = (200, {"Content-Type": RSS}, rss(site, 2, full=True))
    run(source(site, "/feed.xml", follow=True))
    assert site.hits("/a/0.html") == 0
    assert "seeds/wire/feed-20261205T060000Z.rss" in run.files()


def test_one_request_at_a_time_per_host_with_a_delay(site: Site, run: Run) -> None:
    site.routes["/feed.xml"] = (200, {"Content-Type": RSS}, rss(site, 3, full=False))
    for n in range(3):
        site.routes[f"/a/{n}.html"] = (200, {"Content-Type": HTML}, page(n))
    run(source(site, "/feed.xml", follow=True))
    # feed, robots.txt, 3 pages: a pause (up to the delay) before each but the first.
    assert len(run.pauses) == 4
    assert all(0 < pause <= LIMITS.delay for pause in run.pauses)


# Pages ---------------------------------------------------------------------------------


def test_page_is_saved_once_and_redirects_are_followed(site: Site, run: Run) -> None:
    site.routes["/old"] = (301, {"Location": "/story.html"}, b"")
    site.routes["/story.html"] = (200, {"Content-Type": HTML}, page(7))
    report = run(source(site, "/old"))
    assert report.failures == []
    assert run.files()["seeds/wire/old.html"] == page(7)
    before = run.files()
    assert run(source(site, "/old")).written == [] and run.files() == before


# Bad servers: one line each, the other sources go on -----------------------------------


def failures(run: Run, site: Site, path: str, limits: Limits = LIMITS) -> list[str]:
    site.routes["/ok.html"] = (200, {"Content-Type": HTML}, page(1))
    asked = site.hits("/ok.html")
    report = run(source(site, path), source(site, "/ok.html"), limits=limits)
    assert site.hits("/ok.html") == asked + 1  # the next source went on
    assert (run.root / "seeds" / "wire" / "ok-html.html").read_bytes() == page(1)
    return report.failures


def test_server_error_is_retried_a_bounded_number_of_times(site: Site, run: Run) -> None:
    site.routes["/broken"] = (500, {}, b"oops")
    assert failures(run, site, "/broken") == [f"HTTP 500: {site.url('/broken')}"]
    assert site.hits("/broken") == LIMITS.retries + 1
    assert LIMITS.backoff in run.pauses


def test_slow_response_times_out(site: Site, run: Run) -> None:
    def slow(headers: dict[str, str]) -> Route:
        time.sleep(LIMITS.timeout * 3)
        return 200, {"Content-Type": HTML}, page(1)

    site.routes["/slow"] = slow
    assert failures(run, site, "/slow") == [f"timed out: {site.url('/slow')}"]
    assert site.hits("/slow") == LIMITS.retries + 1


def test_redirect_loop_is_an_error(site: Site, run: Run) -> None:
    site.routes["/loop-a"] = (302, {"Location": "/loop-b"}, b"")
    site.routes["/loop-b"] = (302, {"Location": "/loop-a"}, b"")
    assert failures(run, site, "/loop-a") == [f"redirect loop: {site.url('/loop-a')}"]


def test_too_many_redirects_is_an_error(site: Site, run: Run) -> None:
    for n in range(10):
        site.routes[f"/hop{n}"] = (302, {"Location": f"/hop{n + 1}"}, b"")
    assert failures(run, site, "/hop0") == [f"more than 5 redirects: {site.url('/hop6')}"]


def test_oversized_response_is_refused(site: Site, run: Run) -> None:
    big = b"<html>" + b"x" * LIMITS.max_bytes + b"</html>"
    site.routes["/big"] = (200, {"Content-Type": HTML}, big)
    expected = [f"larger than {LIMITS.max_bytes} bytes: {site.url('/big')}"]
    assert failures(run, site, "/big") == expected
    # Without a Content-Length the cap holds while reading.
    site.routes["/big2"] = (200, {"Content-Type": HTML, "Content-Length": ""}, big)
    assert "larger than" in failures(run, site, "/big2")[0]
    assert not any("big" in name for name in run.files())


def test_robots_txt_forbidding_a_page_source(site: Site, run: Run) -> None:
    site.routes["/robots.txt"] = (200, {}, b"User-agent: *\nDisallow: /private/\n")
    site.routes["/private/p.html"] = (200, {"Content-Type": HTML}, page(2))
    path = "/private/p.html"
    assert failures(run, site, path) == [f"forbidden by robots.txt: {site.url(path)}"]
    assert site.hits(path) == 0


def test_only_http_urls(site: Site, run: Run) -> None:
    site.routes["/to-file"] = (302, {"Location": "file:///etc/passwd"}, b"")
    assert failures(run, site, "/to-file") == ["not an http(s) URL: file:///etc/passwd"]
    report = run(Source(url="ftp://example.com/feed", name="x"))
    assert report.failures == ["not an http(s) URL: ftp://example.com/feed"]


def test_not_found_and_unknown_type(site: Site, run: Run) -> None:
    assert failures(run, site, "/missing") == [f"HTTP 404: {site.url('/missing')}"]
    site.routes["/pic"] = (200, {"Content-Type": "image/png"}, b"\x89PNG")
    assert failures(run, site, "/pic") == [f"not a feed or a page (image/png): {site.url('/pic')}"]


# sources.yml, tags, and the command ----------------------------------------------------


def test_sources_file_problems_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "sources.yml"
    path.write_text("sources:\n  - url: https://a.example/feed\n    tag: [x]\n", "utf-8")
    with pytest.raises(FileError, match=r"sources.yml: source 1: unknown key 'tag'"):
        load_sources(path)
    path.write_text("sources:\n  - url: https://a.example/feed\n    name: ../up\n", "utf-8")
    with pytest.raises(FileError, match="plain folder name"):
        load_sources(path)
    path.write_text("sources:\n  - https://www.b.example/rss\n", "utf-8")
    assert load_sources(path) == [Source(url="https://www.b.example/rss", name="b-example")]


def test_tags_of_a_source_reach_its_articles(site: Site, run: Run) -> None:
    site.routes["/s.html"] = (200, {"Content-Type": HTML}, page(1))
    run(source(site, "/s.html", tags=["Local news"]))
    assert run.files()["seeds/wire/.digest.yml"] == b'tags: ["Local news"]\n'
    # The importer adds them to every seed of the folder.
    seeds = run.root / "seeds"
    (seeds / "wire" / "story.txt").write_text("A title\n\nSome body text here.\n", "utf-8")
    converted = convert("wire/story.txt", None, seeds, budget=0)
    assert converted.article is not None and "Local news" in converted.article.tags
    elsewhere = convert("story.txt", b"A title\n\nBody text.\n", seeds, budget=0).article
    assert elsewhere is not None and "Local news" not in elsewhere.tags


def test_command_fetches_sources_yml_and_exits_1_on_a_failure(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = new_project(tmp_path / "p")
    site.routes["/feed.xml"] = (200, {"Content-Type": RSS}, rss(site, 2))
    (root / "sources.yml").write_text(
        f"sources:\n  - url: {site.url('/feed.xml')}\n    name: wire\n  - {site.url('/gone')}\n",
        "utf-8",
    )
    monkeypatch.chdir(root)
    assert main(["fetch", "--timeout", "2", "--delay", "0"]) == 1
    out = capsys.readouterr()
    assert f"HTTP 404: {site.url('/gone')}" in out.err
    assert "2 new entries" in out.out
    assert len(list((root / "seeds" / "wire").glob("feed-*.rss"))) == 1
    site.routes["/atom"] = (200, {"Content-Type": ATOM}, atom(2))
    assert main(["fetch", "--delay", "0", site.url("/atom")]) == 0
    assert list((root / "seeds" / "127-0-0-1").glob("atom-*.atom"))


# The scheduled workflow ----------------------------------------------------------------

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


def workflow() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_workflow_schedule_permissions_and_concurrency() -> None:
    data = workflow()
    assert set(data["on"]) == {"push", "schedule", "workflow_dispatch"}
    (cron,) = [item["cron"] for item in data["on"]["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert minute.isdigit()
    assert day == month == weekday == "*" and hour.isdigit()  # daily
    assert data["permissions"] == {"contents": "write", "pages": "write", "id-token": "write"}
    assert data["concurrency"]["group"] and data["concurrency"]["cancel-in-progress"] is False
    steps = data["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    fetch = next(i for i, run in enumerate(runs) if run.strip() == "digest fetch")
    build = next(i for i, run in enumerate(runs) if "mkdocs build" in run)
    commit = next(i for i, run in enumerate(runs) if "git push" in run)
    assert fetch < build < commit  # fetch, build, then commit what both wrote
    for index in (fetch, commit):
        assert steps[index]["if"] == "github.event_name != 'push'"


def run_workflow_steps(root: Path, event: str) -> list[str]:
    """Run the build job's shell steps in ``root`` as the workflow would on ``event``."""
    done = []
    for step in workflow()["jobs"]["build"]["steps"]:
        command = step.get("run")
        if not command or command.startswith(("pip install", "npm install")):  # installed already
            continue
        if step.get("if") == "github.event_name != 'push'" and event == "push":
            continue
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
        for key, value in step.get("env", {}).items():
            env[key] = "http://127.0.0.1/" if "${{" in value else value
        result = subprocess.run(
            ["bash", "-e", "-c", command], cwd=root, env=env, capture_output=True, text=True
        )
        if result.returncode and not step.get("continue-on-error"):
            raise AssertionError(f"{step.get('name')}: {result.stdout}{result.stderr}")
        done.append(result.stdout)
    return done


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return result.stdout


def test_workflow_steps_fetch_build_and_commit_only_what_is_new(site: Site, tmp_path: Path) -> None:
    root = new_project(tmp_path / "repo")
    (root / ".gitignore").write_text((REPO / ".gitignore").read_text("utf-8"), "utf-8")
    site.routes["/story.html"] = (200, {"Content-Type": HTML}, page(1))
    site.routes["/feed.xml"] = (200, {"Content-Type": RSS}, rss(site, 3))
    (root / "sources.yml").write_text(
        f"sources:\n  - url: {site.url('/story.html')}\n    name: pages\n"
        f"  - url: {site.url('/feed.xml')}\n    name: wire\n    tags: [wire]\n",
        "utf-8",
    )
    git(tmp_path, "init", "--quiet", "--bare", "origin.git")
    git(root, "init", "--quiet", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "start")
    git(root, "remote", "add", "origin", str(tmp_path / "origin.git"))
    git(root, "push", "--quiet", "-u", "origin", "main")
    # A scheduled run: fetched seeds and their record are committed and pushed.
    run_workflow_steps(root, "schedule")
    assert (root / "site" / "index.html").is_file()
    pushed = git(root, "ls-tree", "-r", "--name-only", "origin/main")
    assert "seeds/pages/story-html.html" in pushed and ".digest/fetch.json" in pushed
    assert "seeds/wire/.digest.yml" in pushed
    assert any(name.startswith("site_src/articles/") for name in pushed.splitlines())
    assert len(git(root, "log", "--oneline", "origin/main").splitlines()) == 2
    # Nothing new upstream: no file changes, no commit.
    outputs = run_workflow_steps(root, "schedule")
    assert "Nothing new to commit." in outputs[-1]
    assert len(git(root, "log", "--oneline", "origin/main").splitlines()) == 2
    assert git(root, "status", "--porcelain") == ""
    # A push only builds: nothing is fetched.
    asked = len(site.requests)
    run_workflow_steps(root, "push")
    assert len(site.requests) == asked


# End to end, once the importer reads feeds (issue #16) --------------------------------

needs_feed_reader = pytest.mark.skipif(
    reader_for_seed("x.rss") is None and many_reader_for_seed("x.rss") is None,
    reason="the importer does not read .rss seeds yet (the feed reader of issue #16)",
)


def project_files(root: Path) -> dict[str, bytes]:
    """Every file a scheduled commit would add: seeds, articles, the ledger and fetch record."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("seeds", "site_src/articles", ".digest")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file() and "cache" not in p.relative_to(root).parts
    }


def articles(root: Path) -> list[Path]:
    return sorted((root / "site_src" / "articles").rglob("*.md"))


@needs_feed_reader
def test_feed_to_articles_incrementally_keeping_hand_edits(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = new_project(tmp_path / "p")
    monkeypatch.chdir(root)
    url = site.url("/feed.xml")
    site.routes["/feed.xml"] = (200, {"Content-Type": RSS}, rss(site, 50))
    assert main(["fetch", "--delay", "0", url]) == 0
    assert main(["import"]) == 0
    assert len(articles(root)) == 50
    # Again: nothing new, no file changed.
    before = project_files(root)
    assert main(["fetch", "--delay", "0", url]) == 0
    assert "0 new entries, 0 files written" in capsys.readouterr().out
    assert main(["import"]) == 0
    assert project_files(root) == before
    # Ten more entries upstream: ten more articles.
    site.routes["/feed.xml"] = (200, {"Content-Type": RSS}, rss(site, 60))
    assert main(["fetch", "--delay", "0", url]) == 0
    assert main(["import"]) == 0
    assert len(articles(root)) == 60
    # An article edited by hand, then its entry changed upstream: the edit stays, with a warning.
    (edited,) = [p for p in articles(root) if "Full text of story 7." in p.read_text("utf-8")]
    text = edited.read_text("utf-8").replace("Full text of story 7.", "Corrected by hand.")
    edited.write_text(text, "utf-8")
    changed = rss(site, 60).replace(b"Full text of story 7.", b"Story 7, updated upstream.")
    site.routes["/feed.xml"] = (200, {"Content-Type": RSS}, changed)
    capsys.readouterr()
    assert main(["fetch", "--delay", "0", url]) == 0
    assert "1 new entries" in capsys.readouterr().out
    main(["import"])
    assert edited.read_text("utf-8") == text
    assert "was edited by hand" in capsys.readouterr().err
