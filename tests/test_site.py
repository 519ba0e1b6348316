"""The whole pipeline on small sites: import, index pages, a strict MkDocs build."""

from __future__ import annotations

import html
import json
import re
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_module

from digest.cli import main
from digest.site import searchindex

SEED_URL = "articles/2013/11/01/putin-meets-top-chinese-military-official"

WIRE = """OIL PRICES <XON> RISE ON OPEC CUTS
2-MAR-1987 14:01:05.10

    LONDON, March 2 - Oil prices rose sharply on Monday after
the Organization of Petroleum Exporting Countries agreed to
cut output, traders said.
    Brent crude gained 40 cents a barrel.
 REUTER
"""


def mkdocs_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real ``mkdocs build`` in ``root`` and return the finished process."""
    return run_module(root, "mkdocs", "build", *args)


def test_seed_site_builds_strict(seed_project: Path) -> None:
    result = mkdocs_build(seed_project, "--strict")
    assert result.returncode == 0, result.stderr
    site = seed_project / "site"
    page = (site / SEED_URL / "index.html").read_text("utf-8")
    assert "<h1" in page and "Putin meets top Chinese military official" in page
    assert re.search(
        r'<time datetime="2013-11-01T09:42:00"[^>]*>1 November 2013, 09:42</time>', page
    )
    assert re.search(r'<span class="nd-source"[^>]*>Agencies</span>', page)
    assert 'class="nd-caption"' in page and "[PPIO]</figcaption>" in page
    # The caption is shown once as a caption, not again as a paragraph.
    assert page.count("Putin said he believed military cooperation plays a pivotal role") == 2
    tag_hrefs = re.findall(r'class="nd-tag" href="([^"]+)"[^>]*>([^<]+)<', page)
    names = {name for _, name in tag_hrefs}
    assert {"China", "Russia", "Vladimir Putin"} <= names
    for href, _ in tag_hrefs:
        assert (site / SEED_URL / href / "index.html").resolve().is_file(), href
    home = (site / "index.html").read_text("utf-8")
    assert f'href="{SEED_URL}/"' in home
    assert "1 November 2013, 09:42 · Agencies" in home
    assert (site / "tags" / "china" / "index.html").is_file()
    assert (site / "timeline" / "2013" / "11" / "01" / "index.html").is_file()


def test_articles_are_not_in_the_navigation(seed_project: Path) -> None:
    assert mkdocs_build(seed_project).returncode == 0
    page = (seed_project / "site" / SEED_URL / "index.html").read_text("utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary.*?</nav>', page, re.S).group(0)  # type: ignore[union-attr]
    assert "Putin" not in nav
    assert "Timeline" in nav and "Tags" in nav


def test_cli_build_prints_summary(
    seed_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(seed_project)
    (seed_project / "seeds" / "empty.txt").write_text("  \n", encoding="utf-8")
    assert main(["build"]) == 0
    out = capsys.readouterr()
    assert re.search(
        r"Digest: 1 imported, 1 skipped \(see warnings above\), 1 articles, "
        r"\d+ tags, \d+ index pages \(\d+ written\)",
        out.out,
    )
    assert "Skipped seed 'seeds/empty.txt'" in out.err
    assert main(["build", "--strict"]) == 1


def test_wire_story_and_duplicate(make_project: Callable[..., Path]) -> None:
    root = make_project(seeds={"a.txt": WIRE, "b/copy.txt": WIRE.replace("\n", "\r\n")})
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "Seed 'seeds/b/copy.txt' repeats 'seeds/a.txt': imported once" in result.stderr
    md = (root / "site_src/articles/1987/03/02/oil-prices-xon-rise-on-opec-cuts.md").read_text()
    assert "OIL PRICES <XON> RISE ON OPEC CUTS" in md
    assert "Oil prices rose sharply" in md and "REUTER" not in md.split("---")[2]
    html = root / "site/articles/1987/03/02/oil-prices-xon-rise-on-opec-cuts/index.html"
    page = html.read_text("utf-8")
    assert "<h1>OIL PRICES &lt;XON&gt; RISE ON OPEC CUTS</h1>" in page
    assert "<title>OIL PRICES &lt;XON&gt; RISE ON OPEC CUTS - News Digest</title>" in page
    assert "<XON>" not in page


def test_help_and_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert "build" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    assert exit_.value.code == 2


def test_missing_config_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 1
    assert "mkdocs.yml: no such file" in capsys.readouterr().err


def use_material_search(root: Path) -> None:
    """Switch a project from Pagefind to Material's own search plugin."""
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").replace("plugins:\n", "plugins:\n  - search\n", 1)
    config.write_text(text.replace("search: pagefind", "search: material"), encoding="utf-8")


def pagefind_pages(site: Path) -> int:
    """Return how many pages the site's Pagefind index holds."""
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def test_pagefind_indexes_every_article_after_a_dirty_build(
    seed_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(seed_project)
    assert main(["build"]) == 0
    site = seed_project / "site"
    articles = len(list(site.glob("articles/**/index.html")))
    assert articles >= 1 and pagefind_pages(site) == articles
    assert not (site / "search" / "search_index.json").exists()  # Material's index: not built
    # Only the articles' own text is indexed, not the header, the tags or related titles.
    page = (site / SEED_URL / "index.html").read_text("utf-8")
    assert page.count("data-pagefind-body") == 1
    assert '<div class="nd-body" data-pagefind-body>' in page
    assert 'data-pagefind-filter="tag"' in page and 'data-pagefind-sort="date:2013-11-01' in page
    (seed_project / "seeds" / "wire.txt").write_text(WIRE, encoding="utf-8")
    assert main(["build", "--dirty"]) == 0
    assert pagefind_pages(site) == articles + 1


def test_dirty_build_keeps_the_search_index_complete(
    seed_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_material_search(seed_project)
    monkeypatch.chdir(seed_project)
    (seed_project / "seeds" / "wire.txt").write_text(WIRE, encoding="utf-8")
    assert main(["build"]) == 0
    index = seed_project / "site" / "search" / "search_index.json"
    before = {d["location"].split("#")[0] for d in json.loads(index.read_text("utf-8"))["docs"]}
    assert f"{SEED_URL}/" in before
    assert not any(loc.startswith(("tags/", "timeline/")) for loc in before)
    later = WIRE.replace("OIL PRICES", "GOLD PRICES").replace("Oil prices", "Gold prices")
    (seed_project / "seeds" / "later.txt").write_text(later, encoding="utf-8")
    assert main(["build", "--dirty"]) == 0
    docs = json.loads(index.read_text("utf-8"))["docs"]
    after = {d["location"].split("#")[0] for d in docs}
    assert after > before and "articles/1987/03/02/gold-prices-xon-rise-on-opec-cuts/" in after
    # The same pages as a full build has.
    assert main(["build", "--site-dir", "full"]) == 0
    full = json.loads((seed_project / "full/search/search_index.json").read_text("utf-8"))
    # The same entries as a full build: pages rendered again are in it once, not twice.
    assert sorted(d["location"] for d in docs) == sorted(d["location"] for d in full["docs"])


def test_compiled_templates_are_kept_and_follow_edits(seed_project: Path) -> None:
    """The theme's templates are compiled once into .digest/cache; an edited override shows."""
    config = seed_project / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    )
    override = seed_project / "overrides" / "main.html"
    override.parent.mkdir()
    block = '{% extends "base.html" %}{% block footer %}<p>Footer #N</p>{% endblock %}'
    for n in (1, 2):
        override.write_text(block.replace("#N", str(n)), encoding="utf-8")
        result = run_module(seed_project, "mkdocs", "build", "--strict")
        assert result.returncode == 0, result.stderr
        assert f"<p>Footer {n}</p>" in (seed_project / "site" / "index.html").read_text("utf-8")
        assert list((seed_project / ".digest" / "cache" / "jinja").glob("*.cache"))


def test_site_with_web_pages_builds_strict(tmp_path: Path) -> None:
    from conftest import new_project

    readers = Path(__file__).parent / "readers"
    seeds: dict[str, str | bytes] = {
        "wire.txt": WIRE,
        "web/sea-wall.html": (readers / "news_structure.html").read_bytes(),
        "web/cafes.htm": (readers / "latin1_charset.htm").read_bytes(),
        "web/rail.html.gz": (readers / "gzip_page.html.gz").read_bytes(),
    }
    root = new_project(tmp_path / "web", seeds)
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    page = root / "site/articles/2024/03/05/harbour-council-approves-new-sea-wall/index.html"
    html = page.read_text("utf-8")
    # The page's structure, its safe link, and a link to the original.
    assert "<h2" in html and "What the plan includes" in html
    assert "<li>a concrete wall two metres higher than the old one,</li>" in html
    assert "<blockquote>" in html and "<table>" in html and "<th>Year</th>" in html
    assert '<a href="https://herald.example/storms">severe storm</a>' in html
    assert "A hidden link stays as plain words." in html and "javascript:" not in html
    assert "1987. That was the year of the last great flood, and *many* residents_still" in html
    assert (
        '<a class="nd-original" href="https://herald.example/news/2024/03/05/sea-wall"'
        ' rel="nofollow noopener">Original</a>'
    ) in html
    assert '<span class="nd-author">Mary Fisher</span>' in html
    assert 'class="nd-caption"' in html and "(Photo: Harbour Trust)</figcaption>" in html
    assert (
        "<img"
        not in html.split('<div class="nd-body" data-pagefind-body>', 1)[1].split("</div>", 1)[0]
    )
    # The headline once as the page's title, not again as the body's first heading.
    assert html.count("Harbour council approves new sea wall</h") == 1
    cafes = root / "site/articles/2021/05/19/les-cafes-de-lyon-rouvrent/index.html"
    assert "« Ça fait du bien de revoir du monde »" in cafes.read_text("utf-8")
    assert (root / "site/articles/2023/11/02/rail-strike-called-off/index.html").is_file()


_DEFAULTS = {("input", "type", "text"), ("script", "type", "text/javascript")}


class _Document(HTMLParser):
    """What a page shows and links to: its words, tags, attributes, whitespace folded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.raw = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # The minifier drops attributes that only restate HTML's defaults.
        kept = [(k, v or "") for k, v in attrs if (tag, k, v) not in _DEFAULTS]
        self.parts.append(f"<{tag} {sorted(kept)}>")
        self.raw += tag in ("pre", "script", "style", "textarea")
        if tag == "title":  # text only (RCDATA), as browsers read it
            self.set_cdata_mode(tag)

    def handle_endtag(self, tag: str) -> None:
        self.raw -= tag in ("pre", "script", "style", "textarea")

    def handle_data(self, data: str) -> None:
        if self.cdata_elem == "title":
            data = html.unescape(data)
        words = data if self.raw else " ".join(data.split())
        if words:
            self.parts.append(words)

    @classmethod
    def of(cls, text: str) -> list[str]:
        parser = cls()
        parser.feed(text)
        parser.close()
        return parser.parts


def test_minified_pages_show_the_same_document(seed_project: Path) -> None:
    (seed_project / "seeds" / "wire.txt").write_text(WIRE, encoding="utf-8")
    config = seed_project / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("# minify: true", "minify: true"))
    assert mkdocs_build(seed_project, "--strict").returncode == 0
    config.write_text(text.replace("# minify: true", "minify: false"))
    assert mkdocs_build(seed_project, "--strict", "--site-dir", "plain").returncode == 0
    pages = sorted(
        p.relative_to(seed_project / "plain") for p in (seed_project / "plain").rglob("*.html")
    )
    assert len(pages) > 10
    before = after = 0
    for page in pages:
        plain = (seed_project / "plain" / page).read_text("utf-8")
        small = (seed_project / "site" / page).read_text("utf-8")
        before, after = before + len(plain), after + len(small)
        assert _Document.of(small) == _Document.of(plain), page
    assert after < before * 0.9


def test_another_pagefind_binary_is_used_when_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from digest.exceptions import SearchIndexError
    from digest.site import searchindex

    fake = tmp_path / "bin" / "pagefind"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho Indexed 7 pages\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("DIGEST_PAGEFIND", str(fake))
    site = tmp_path / "site"
    assert searchindex.command(site)[0] == str(fake)
    assert searchindex.index_site(site).pages == 7
    monkeypatch.setenv("DIGEST_PAGEFIND", str(tmp_path / "missing"))
    with pytest.raises(SearchIndexError, match=r"DIGEST_PAGEFIND=.*missing is not an executable"):
        searchindex.executable()


@pytest.mark.parametrize(("output", "pages"), [("Indexed 1 page", 1), ("Indexed 2992 pages", 2992)])
def test_the_pages_pagefind_says_it_indexed_are_counted(output: str, pages: int) -> None:
    # The build's log line ("Search: N articles indexed") counts what Pagefind printed.
    assert searchindex._indexed_pages(f"Running...\n{output}\nFinished\n") == pages
