"""The plain-text shortcut renders article bodies exactly as MkDocs would.

``digest.fast.bodyhtml.ArticlePage`` skips Python-Markdown for bodies that are escaped
plain paragraphs. Each test here renders the same Markdown both ways, through
real MkDocs ``Page`` objects, and wants the same HTML, table of contents and
anchors: on every corpus story, on generated text full of markup characters,
and once per extension the shortcut declares safe.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from conftest import REPO, load_truth
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from digest.articles.escape import body_to_markdown
from digest.exceptions import DigestError
from digest.fast.background import Background
from digest.fast.bodyhtml import PLAIN_SAFE_EXTENSIONS, ArticlePage, plain_html, plain_safe
from digest.site.urls import link_to

SRC = "articles/1987/03/02/story.md"
TRICKY = [
    "",
    "One line.",
    '~tilde & <b>bold</b> "quotes" it\'s *star* _under_ [x](y) `code` {: .attr} \\ back',
    "1987. A year at the start\n\n2. Two) three\n\n# hash\n\n- dash\n\n+ plus\n\n! bang",
    ":colon\n\n=equals\n\n|pipe | cell |\n\n---\n\n***\n\n> quote\n\n    indented",
    "!!! note\n\n??? details\n\n*[HTML]: abbr\n\n[^1]: footnote [TOC]",
    "Line one\nline two of the same paragraph\n\n\n\nafter blank lines  ",
    "a &amp; b &#126; c &copy; <!-- comment --> <script>alert(1)</script>",
    "http://example.com/a_b_c www.example.com :smile: ^^up^^ ~~del~~ ==mark== ++ctrl++",
]


def config_with(extensions: list[str]) -> MkDocsConfig:
    """Return a validated MkDocs configuration using ``extensions``."""
    config = MkDocsConfig(config_file_path=str(REPO / "mkdocs.yml"))
    config.load_dict(
        {"site_name": "Test", "docs_dir": str(REPO / "site_src"), "markdown_extensions": extensions}
    )
    failed, _ = config.validate()
    assert not failed, failed
    return config


SITE_CONFIG = config_with(["toc", "tables"])
SAFE_CONFIG = config_with(sorted(PLAIN_SAFE_EXTENSIONS))


def render_both(markdown: str, config: MkDocsConfig) -> tuple[Page, Page]:
    """Render ``markdown`` as a plain MkDocs page and as an ``ArticlePage``."""
    pages = []
    for kind in (Page, ArticlePage):
        file = File(SRC, config.docs_dir, config.site_dir, config.use_directory_urls)
        page = kind(None, file, config)
        page.markdown = markdown
        page.render(config, Files([file]))
        pages.append(page)
    return pages[0], pages[1]


def toc_of(page: Page) -> list[tuple[str, str, int]]:
    return [(link.title, link.id, link.level) for link in page.toc]


def assert_same(markdown: str, config: MkDocsConfig) -> None:
    mkdocs_page, article_page = render_both(markdown, config)
    assert article_page.content == mkdocs_page.content, markdown
    assert toc_of(article_page) == toc_of(mkdocs_page)
    assert article_page.present_anchor_ids == mkdocs_page.present_anchor_ids
    assert article_page.title == mkdocs_page.title


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("config", [SITE_CONFIG, SAFE_CONFIG], ids=["site", "all-safe"])
def test_tricky_text_renders_the_same(text: str, config: MkDocsConfig) -> None:
    markdown = body_to_markdown(text)
    assert plain_html(markdown) is not None
    assert_same(markdown, config)


def test_every_corpus_story_renders_the_same() -> None:
    rows = load_truth()
    for config in (SITE_CONFIG, SAFE_CONFIG):
        for row in rows:
            assert_same(body_to_markdown(row["body"]), config)


@pytest.mark.parametrize("extension", sorted(PLAIN_SAFE_EXTENSIONS))
@settings(max_examples=60, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_each_safe_extension_leaves_plain_text_alone(extension: str, text: str) -> None:
    assert_same(body_to_markdown(text), config_with([extension]))


@pytest.mark.parametrize(
    ("markdown", "shows"),
    [
        ("A [link](https://example.com) by hand.\n", '<a href="https://example.com">'),
        ("Some *emphasis* added.\n", "<em>emphasis</em>"),
        ("- a list\n- of two\n", "<li>of two</li>"),
        ("## A heading\n\nText.\n", 'id="a-heading"'),
        ("Two lines\nin one paragraph.\n", "Two lines\nin one paragraph."),
        ("Tab\there.\n", "Tab"),
    ],
)
def test_hand_written_markdown_is_rendered_by_mkdocs(markdown: str, shows: str) -> None:
    assert plain_html(markdown) is None
    mkdocs_page, article_page = render_both(markdown, SITE_CONFIG)
    assert shows in article_page.content
    assert article_page.content == mkdocs_page.content
    assert toc_of(article_page) == toc_of(mkdocs_page)


def test_unknown_extensions_turn_the_shortcut_off() -> None:
    assert plain_safe(["toc", "markdown.extensions.tables", "pymdownx.superfences"])
    assert not plain_safe(["toc", "smarty"])
    assert not plain_safe(["pymdownx.emoji"])
    # With smarty, the page gets curly quotes: MkDocs renders it.
    config = config_with(["toc", "smarty"])
    mkdocs_page, article_page = render_both(body_to_markdown('"Quoted" text'), config)
    assert "&ldquo;" in article_page.content
    assert article_page.content == mkdocs_page.content


URL = st.lists(st.sampled_from(["articles", "1987", "03", "tags", "china", "a-b", "x.html"]))


@given(page=URL, target=URL, page_dir=st.booleans(), target_dir=st.booleans())
def test_links_are_the_ones_mkdocs_writes(
    page: list[str], target: list[str], page_dir: bool, target_dir: bool
) -> None:
    page_url = "/".join(page) + ("/" if page_dir and page else "")
    url = "/".join(target) + ("/" if target_dir and target else "")
    assert link_to(page_url, url) == get_relative_url(url, page_url)
    # The home page's URL is "./" (``index.md`` with directory URLs).
    assert link_to(page_url, "./") == get_relative_url("./", page_url)
    assert link_to("./", url) == get_relative_url(url, "./")


def _write(path: Path, text: str) -> int:
    return path.write_text(text, encoding="utf-8")


def _fail(message: str) -> None:
    raise ValueError(message)


def test_background_work_is_done_or_reported(tmp_path: Path) -> None:
    for fork in (True, False):
        done = Background("writing a file", fork, _write, tmp_path / "out.txt", f"{fork}")
        assert done.wait() == len(f"{fork}")  # what the work returned, from either process
        assert (tmp_path / "out.txt").read_text(encoding="utf-8") == f"{fork}"
        failed = Background("writing the feeds", fork, _fail, "disk full")
        with pytest.raises(DigestError, match=r"Error writing the feeds: ValueError: disk full"):
            failed.wait()


def test_escaped_text_is_shown_not_run() -> None:
    text = '<img src=x onerror="alert(1)"> & *not emphasis*'
    content = plain_html(body_to_markdown(text))
    assert content == f"<p>{html.escape(text, quote=False)}</p>"


SEGMENT = st.sampled_from(
    ["articles", "1987", "a-b_c", "x.html", "index.html", "..", ".", "", "é", "a b"]
)
BASE = st.sampled_from(
    [
        "https://example.org/news-digest/",
        "https://example.org",
        "http://h:8000/x/y",
        "/rel/",
        "https://e.org/a?q=1",
        "https://e.org/#f",
        "file:///tmp/site/",
    ]
)


@settings(max_examples=300, deadline=None)
@given(base=BASE, parts=st.lists(SEGMENT, max_size=5), directory=st.booleans())
def test_article_pages_get_the_urls_mkdocs_gives(
    base: str, parts: list[str], directory: bool
) -> None:
    """ArticlePage's canonical and absolute URLs equal Page's (which uses urljoin)."""
    url = "/".join(parts) + ("/" if directory and parts else "")
    pages = []
    for kind in (Page, ArticlePage):
        file = File(SRC, SITE_CONFIG.docs_dir, SITE_CONFIG.site_dir, True)
        file.url = url
        page = kind(None, file, SITE_CONFIG)
        page._set_canonical_url(base)
        pages.append(page)
    assert (pages[1].canonical_url, pages[1].abs_url) == (pages[0].canonical_url, pages[0].abs_url)


WEB_PAGES = sorted((Path(__file__).parent / "readers").glob("*.htm*"))


@pytest.mark.parametrize("page", WEB_PAGES, ids=[p.name for p in WEB_PAGES])
@pytest.mark.parametrize("config", [SITE_CONFIG, SAFE_CONFIG], ids=["site", "all-safe"])
def test_web_page_bodies_render_the_same(page: Path, config: MkDocsConfig) -> None:
    """A web page's Markdown (headings, lists, links) takes MkDocs' path, plain text the
    shortcut: either way, what MkDocs alone would show."""
    from digest.readers import read_seed

    markdown = read_seed(page.name, page.read_bytes()).markdown
    assert_same(markdown, config)
    parts = markdown.rstrip("\n").split("\n\n")
    paragraphs_only = "\n\n".join(p for p in parts if p[:1].isalpha() and "](" not in p) + "\n"
    assert plain_html(paragraphs_only) is not None
    assert_same(paragraphs_only, config)
