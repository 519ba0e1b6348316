"""`digest fetch`: save feeds and pages from the web into ``seeds/<source>/``.

Only ever run when asked (``digest fetch``, the scheduled workflow): building and
serving never touch the network. What is fetched is saved as served, so a build from
``seeds/`` alone gives the same site; the URL, fetch time and validators (ETag,
Last-Modified) of every saved file are kept in ``.digest/fetch.json``, committed with
the seeds. A run that finds nothing new writes no file at all, so a scheduled commit
is skipped.

The standard library's urllib is enough here: one plain GET at a time, redirects and
size cap handled by hand anyway; an HTTP library would add a dependency for nothing.
Feeds are parsed with ElementTree only to list entries (ids, links): expat refuses
entity expansion bombs, and the size cap bounds the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
import urllib.error
import urllib.request
import urllib.robotparser
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from slugify import slugify

from digest import __version__
from digest.articles.fsutil import write_atomic
from digest.exceptions import DigestError
from digest.fetching.sources import FOLDER_FILE, Source

log = logging.getLogger("digest.fetching.fetch")

STATE_PATH = Path(".digest") / "fetch.json"
USER_AGENT = f"NewsDigest/{__version__} (digest fetch; a static news digest)"
REDIRECTS = {301, 302, 303, 307, 308}
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


class FetchError(DigestError):
    """A URL could not be fetched: the message is the status or error, then the URL."""

    def __init__(self, problem: str, url: str) -> None:
        self.problem, self.url = problem, url
        super().__init__(f"{problem}: {url}")


@dataclass
class Limits:
    """How politely and how far to fetch."""

    timeout: float = 20.0  # seconds for a whole response, connecting included
    retries: int = 2  # more attempts after a 5xx or a timeout
    backoff: float = 2.0  # seconds before the first retry, doubled each time
    delay: float = 1.0  # seconds between two requests to one host
    max_bytes: int = 10_000_000  # a response larger than this is refused
    max_redirects: int = 5


@dataclass
class Response:
    """A final (non-redirect) response."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to ``Client``, which counts them and detects loops."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Client:
    """An HTTP client that is a good citizen: one request at a time, with delays per host."""

    def __init__(self, limits: Limits, sleep: Callable[[float], None] = time.sleep) -> None:
        self.limits = limits
        self.sleep = sleep
        self._opener = urllib.request.build_opener(_NoRedirects())
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}

    def get(self, url: str, headers: dict[str, str] | None = None, robots: bool = True) -> Response:
        """GET ``url``, following redirects, if the site's robots.txt allows (``robots``)."""
        seen = {url}
        for _ in range(self.limits.max_redirects + 1):
            _check_scheme(url)
            if robots and not self._allowed(url):
                raise FetchError("forbidden by robots.txt", url)
            response = self._retrying(url, headers or {})
            if response.status not in REDIRECTS:
                return response
            location = response.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {response.status} without a Location", url)
            url = urljoin(url, location)
            if url in seen:
                raise FetchError("redirect loop", url)
            seen.add(url)
        raise FetchError(f"more than {self.limits.max_redirects} redirects", url)

    def _retrying(self, url: str, headers: dict[str, str]) -> Response:
        """Make one request, again after a pause on a 5xx or a timeout (a bounded number)."""
        pause = self.limits.backoff
        for attempt in range(self.limits.retries + 1):
            last = attempt == self.limits.retries
            try:
                response = self._once(url, headers)
            except TimeoutError as exc:
                if last:
                    raise FetchError("timed out", url) from exc
            else:
                if response.status < 500 or last:
                    return response
            self.sleep(pause)
            pause *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        """Make one request, after the delay this host is owed."""
        self._wait(url)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
        deadline = time.monotonic() + self.limits.timeout
        try:
            with self._opener.open(request, timeout=self.limits.timeout) as reply:
                return self._read(url, reply.status, reply.headers, reply, deadline)
        except urllib.error.HTTPError as exc:  # 3xx, 4xx, 5xx, 304: a response all the same
            return self._read(url, exc.code, exc.headers, exc, deadline)
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise TimeoutError from exc
            raise FetchError(str(exc.reason), url) from exc
        except OSError as exc:  # reset, refused: no response
            if isinstance(exc, TimeoutError):
                raise
            raise FetchError(exc.strerror or exc.__class__.__name__, url) from exc
        finally:
            self._last[_host(url)] = time.monotonic()

    def _read(
        self, url: str, status: int, headers: Message, body: Any, deadline: float
    ) -> Response:
        """Read a body up to the size cap, within the time left (a trickle cannot hang us)."""
        cap = self.limits.max_bytes
        length = headers.get("Content-Length", "")
        if length.isdigit() and int(length) > cap:
            raise FetchError(f"larger than {cap} bytes", url)
        chunks: list[bytes] = []
        size = 0
        while chunk := body.read(65536):
            size += len(chunk)
            if size > cap:
                raise FetchError(f"larger than {cap} bytes", url)
            if time.monotonic() > deadline:
                raise TimeoutError
            chunks.append(chunk)
        lowered = {key.lower(): value for key, value in headers.items()}
        return Response(url, status, lowered, b"".join(chunks))

    def _wait(self, url: str) -> None:
        """Sleep until ``delay`` has passed since the last request to this host."""
        last = self._last.get(_host(url))
        if last is not None:
            left = self.limits.delay - (time.monotonic() - last)
            if left > 0:
                self.sleep(left)

    def _allowed(self, url: str) -> bool:
        """Say whether the site's robots.txt lets us fetch ``url`` (read once per host)."""
        host = _host(url)
        if host not in self._robots:
            self._robots[host] = self._read_robots(urljoin(url, "/robots.txt"))
        return self._robots[host].can_fetch(USER_AGENT, url)

    def _read_robots(self, url: str) -> urllib.robotparser.RobotFileParser:
        """Fetch robots.txt as robotparser would: 401/403 forbid all, other errors allow all."""
        robots = urllib.robotparser.RobotFileParser(url)
        try:
            response = self.get(url, robots=False)
        except FetchError:
            response = Response(url, 404, {}, b"")
        if response.status in (401, 403):
            robots.parse(["User-agent: *", "Disallow: /"])
        elif response.status >= 400:
            robots.parse([])
        else:
            robots.parse(response.body.decode("utf-8", "replace").splitlines())
        return robots


def _check_scheme(url: str) -> None:
    """Refuse anything but http(s): no file://, ftp:// or data: through a redirect either."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FetchError("not an http(s) URL", url)


def _host(url: str) -> str:
    """Return ``host:port`` of a URL: the unit of politeness."""
    return urlsplit(url).netloc.lower()


# The saved kinds: what the importer reads, chosen by the type the server declares.
def kind_of(response: Response) -> str:
    """Return the file suffix for a response: ``.rss``, ``.atom``, ``.xml`` or ``.html``."""
    declared = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if declared == "application/rss+xml":
        return ".rss"
    if declared == "application/atom+xml":
        return ".atom"
    if declared in ("text/html", "application/xhtml+xml"):
        return ".html"
    if declared.endswith("/xml") or declared.endswith("+xml"):
        head = response.body[:2048].lstrip()
        return ".atom" if b"<feed" in head else ".rss" if b"<rss" in head else ".xml"
    raise FetchError(f"not a feed or a page ({declared or 'no content type'})", response.url)


@dataclass
class Entry:
    """One entry of a feed: its id (or link), link, and a hash of its XML."""

    key: str
    link: str
    digest: str
    full_text: bool


def feed_entries(body: bytes, url: str) -> list[Entry]:
    """Return the entries of an RSS or Atom feed."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise FetchError(f"not a well-formed feed ({exc})", url) from exc
    items = (
        root.iter("item") if root.tag in ("rss", "rdf") or root.find(".//item") is not None else []
    )
    entries = [_rss_entry(item, url) for item in items]
    entries += [_atom_entry(item, url) for item in root.iter(f"{ATOM}entry")]
    return [entry for entry in entries if entry.key]


def _rss_entry(item: ET.Element, url: str) -> Entry:
    link = urljoin(url, (item.findtext("link") or "").strip())
    key = (item.findtext("guid") or "").strip() or link
    full = bool((item.findtext(CONTENT) or "").strip())
    return Entry(key, link, _hash(ET.tostring(item)), full)


def _atom_entry(item: ET.Element, url: str) -> Entry:
    links = item.findall(f"{ATOM}link")
    alternate = [ln for ln in links if ln.get("rel", "alternate") == "alternate"]
    link = urljoin(url, (alternate or links or [ET.Element("x")])[0].get("href", ""))
    key = (item.findtext(f"{ATOM}id") or "").strip() or link
    content = item.find(f"{ATOM}content")
    full = content is not None and bool("".join(content.itertext()).strip() or len(content))
    return Entry(key, link, _hash(ET.tostring(item)), full)


def _hash(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


@dataclass
class State:
    """``.digest/fetch.json``: what was fetched, when, with which validators."""

    urls: dict[str, dict[str, str]] = field(default_factory=dict)
    entries: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> State:
        """Read the state; a missing or unreadable file is an empty state (all is new)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(dict(data.get("urls", {})), dict(data.get("entries", {})))
        except (OSError, ValueError, AttributeError):
            return cls()

    def dumps(self) -> str:
        """Return the state as stable JSON (sorted keys: a diff shows only what changed)."""
        data = {"urls": self.urls, "entries": self.entries}
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


@dataclass
class Report:
    """What a run did: files written and sources that failed (one line each)."""

    written: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    new_entries: int = 0


class Fetcher:
    """Fetch sources into ``seeds_dir``, remembering what was fetched in ``state_path``."""

    def __init__(
        self,
        root: Path,
        seeds_dir: Path,
        state_path: Path,
        client: Client,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.root, self.seeds_dir, self.state_path = root, seeds_dir, state_path
        self.client = client
        self.now = now
        self.state = State.load(state_path)
        self.report = Report()

    def run(self, sources: Iterable[Source]) -> Report:
        """Fetch every source; a failing one is reported and the others go on."""
        for source in sources:
            try:
                self._write_folder_file(source)
                self._fetch(source)
            except FetchError as exc:
                self.report.failures.append(str(exc))
                log.error("%s", exc)
            # After each source: a run stopped half-way does not fetch the rest twice.
            self._write(self.state_path, self.state.dumps().encode("utf-8"))
        return self.report

    def _fetch(self, source: Source) -> None:
        """Fetch one source: a feed (and, if asked, its entries' pages) or a page."""
        known = self.state.urls.get(source.url, {})
        response = self.client.get(source.url, _conditional(known))
        if response.status == 304:
            return  # not modified: nothing to write, not even a new fetch time
        if response.status != 200:
            raise FetchError(f"HTTP {response.status}", source.url)
        suffix = kind_of(response)
        if suffix == ".html":
            self._save_page(source, source.url, response)
        else:
            self._save_feed(source, response, suffix)

    def _save_feed(self, source: Source, response: Response, suffix: str) -> None:
        """Save a feed if it has a new or changed entry; fetch pages for a summary feed."""
        entries = feed_entries(response.body, source.url)
        fresh = [e for e in entries if self.state.entries.get(e.key, {}).get("hash") != e.digest]
        if not fresh:
            # Unchanged entries (a new build date at most): keep the old validators rather
            # than write a file, so a run with nothing new changes nothing.
            return
        follow = source.follow and not all(entry.full_text for entry in fresh)
        stamp = self.now().strftime("%Y%m%dT%H%M%SZ")
        stem = slugify(urlsplit(source.url).path.rsplit("/", 1)[-1].rsplit(".", 1)[0]) or "feed"
        # A summary feed that is followed is kept (nothing fetched is lost) but hidden from
        # the importer: its entries become articles through their pages.
        name = f"{'.' if follow else ''}{stem}-{stamp}{suffix}"
        rel = self._save(source, name, response.body)
        failed: list[str] = []
        for entry in fresh:
            record = {"hash": entry.digest, "source": source.name, "link": entry.link}
            if follow:
                page = self._follow(source, entry, failed)
                if page is None:
                    continue  # not remembered: the next run tries it again
                record["page"] = page
            self.state.entries[entry.key] = record
            self.report.new_entries += 1
        if failed:
            # Validators not kept: the next run gets the feed again (not a 304) and retries.
            raise FetchError(f"{len(failed)} entries' pages failed ({failed[0]})", source.url)
        self._remember(source.url, response, rel)

    def _follow(self, source: Source, entry: Entry, failed: list[str]) -> str | None:
        """Fetch an entry's page (robots.txt honoured); return its seed path, or None."""
        try:
            _check_scheme(entry.link)
            response = self.client.get(entry.link)
            if response.status != 200:
                raise FetchError(f"HTTP {response.status}", entry.link)
            return self._save_page(source, entry.link, response)
        except FetchError as exc:
            log.error("%s", exc)
            failed.append(str(exc))
            return None

    def _save_page(self, source: Source, url: str, response: Response) -> str:
        """Save a page as ``<slug of its URL>.html``, unless the same bytes are there."""
        if kind_of(response) != ".html":
            raise FetchError("not an HTML page", url)
        parts = urlsplit(url)
        stem = slugify(f"{parts.path} {parts.query}")[:80] or slugify(parts.netloc) or "page"
        rel = self._save(source, f"{stem}.html", response.body)
        if url == source.url:
            self._remember(url, response, rel)
        return rel

    def _save(self, source: Source, name: str, body: bytes) -> str:
        """Write ``seeds/<source>/<name>`` (only if its bytes differ); return its seed path."""
        path = self.seeds_dir / source.name / name
        self._write(path, body)
        return path.relative_to(self.seeds_dir).as_posix()

    def _remember(self, url: str, response: Response, rel: str) -> None:
        """Keep the URL, fetch time and validators of a saved file."""
        record = {"file": rel, "fetched": self.now().isoformat(timespec="seconds")}
        for header in ("etag", "last-modified"):
            if header in response.headers:
                record[header] = response.headers[header]
        old = self.state.urls.get(url, {})
        if {k: v for k, v in old.items() if k != "fetched"} == {
            k: v for k, v in record.items() if k != "fetched"
        }:
            return  # the same file with the same validators: keep the old time
        self.state.urls[url] = record

    def _write_folder_file(self, source: Source) -> None:
        """Write the source's tags where the importer finds them (``.digest.yml``)."""
        if source.tags:
            text = "tags: [" + ", ".join(json.dumps(tag) for tag in source.tags) + "]\n"
            self._write(self.seeds_dir / source.name / FOLDER_FILE, text.encode("utf-8"))

    def _write(self, path: Path, data: bytes) -> None:
        """Write ``data`` atomically, unless the file already holds exactly these bytes."""
        try:
            if path.read_bytes() == data:
                return
        except OSError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
        rel = path.relative_to(self.root).as_posix()
        if rel not in self.report.written:  # fetch.json is written after each source
            self.report.written.append(rel)


def _conditional(known: dict[str, str]) -> dict[str, str]:
    """Return If-None-Match / If-Modified-Since headers from a URL's saved validators."""
    headers = {}
    if "etag" in known:
        headers["If-None-Match"] = known["etag"]
    if "last-modified" in known:
        headers["If-Modified-Since"] = known["last-modified"]
    return headers
