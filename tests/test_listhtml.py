"""The index pages' shortcut (``digest.fast.listhtml``) gives exactly what MkDocs renders.

Index pages are built from articles (from the corpus, and generated with
hostile titles, sources and tags) by the real index builders, then rendered
both by a real MkDocs ``Page`` and by ``list_html``: the HTML, the table of
contents, the anchors and the title must be equal, with the site's extensions
and with each extension the shortcut allows.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import load_truth
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta
from test_render import SITE_CONFIG, config_with, toc_of

from digest.article import Article
from digest.articles.layout import timeline_index, year_page
from digest.fast.listhtml import LIST_SAFE_EXTENSIONS, list_html, list_safe
from digest.indexes import Options, build_pages
from digest.indexes.tags import TagRules, collect

START = dt.datetime(1987, 3, 1, 8, 0)


def article(n: int, title: str, source: str, summary: str, tags: list[str]) -> Article:
    when = START + dt.timedelta(hours=5 * n + n % 3)
    path = f"articles/{when:%Y/%m/%d}/story-{n}.md"
    return Article(title, when, "", source=source, summary=summary, tags=tags, path=path)


def corpus_articles(limit: int | None = None) -> list[Article]:
    rows = load_truth()[:limit]
    return [
        article(
            n,
            row["title"],
            row["source"],
            " ".join(row["body"].split())[:220],
            [*row["places"], *row["people"], *row["orgs"], *row["topics"]],
        )
        for n, row in enumerate(rows)
    ]


def make_file(path: str, config: MkDocsConfig) -> File:
    return File(path, config.docs_dir, config.site_dir, config.use_directory_urls)


def compare(articles: list[Article], config: MkDocsConfig, page_size: int = 100) -> list[str]:
    """Render every index page both ways; assert equal; return the pages left to MkDocs."""
    pages = build_pages(articles, collect(articles, TagRules()), Options(page_size=page_size))
    files = Files([make_file(path, config) for path in [*pages, *(a.path for a in articles)]])
    left = []
    for path, text in sorted(pages.items()):
        file = files.get_file_from_path(path)
        assert file is not None
        markdown, _ = meta.get_data(text)
        fast = list_html(markdown, file, files)
        if fast is None:
            left.append(path)
            continue
        page = Page(None, file, config)
        page.markdown = markdown
        page.render(config, files)
        assert fast.content == page.content, path
        assert [(a.title, a.id, a.level) for a in fast.toc] == toc_of(page)
        assert fast.anchors == page.present_anchor_ids
        assert fast.title == page._title_from_render
    return left


def charts(articles: list[Article]) -> list[str]:
    """Return the pages with a chart (raw HTML, left to MkDocs): the timeline's and each year's."""
    years = {a.day.year for a in articles if a.day is not None}
    return sorted([timeline_index(), *(year_page(year) for year in years)])


def test_every_index_page_of_the_corpus_renders_the_same() -> None:
    articles = corpus_articles()
    assert compare(articles, SITE_CONFIG) == charts(articles)


@pytest.mark.parametrize("extension", sorted(LIST_SAFE_EXTENSIONS))
def test_each_allowed_extension_leaves_the_index_pages_alone(extension: str) -> None:
    config = config_with(["toc", "tables", extension])
    assert list_safe(config)
    articles = corpus_articles(400)
    assert compare(articles, config, page_size=20) == charts(articles)


HOSTILE = st.text(
    st.one_of(
        st.sampled_from("*_`[]()<>&\\|#!{}:.-+=~^\"' 1\t\n"),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=40,
)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(HOSTILE, HOSTILE, HOSTILE, st.lists(HOSTILE, max_size=3)), min_size=1, max_size=6
    )
)
def test_hostile_titles_sources_and_tags_render_the_same(
    rows: list[tuple[str, str, str, list[str]]],
) -> None:
    articles = [
        article(n, title.strip() or "x", source, summary, tags)
        for n, (title, source, summary, tags) in enumerate(rows)
    ]
    compare(articles, SITE_CONFIG, page_size=2)


def test_markdown_characters_in_titles_still_take_the_shortcut() -> None:
    # (Backticks and backslashes send a table page to MkDocs: the tables extension
    # splits cells around them in ways not worth copying.)
    odd = 'AT&T <XON> *not* _emph_ [x](y.md) | pipe #1 "q" ~t~ {: .c} !!! 1987. x'
    articles = [article(0, odd, "R&D <wire>", odd, ["A&B", "C|D"]), article(1, "Plain", "", "", [])]
    assert compare(articles, SITE_CONFIG) == charts(articles)


@pytest.mark.parametrize(
    "markdown",
    [
        "# Title\n\nA [broken link](missing.md).\n",
        "# Title\n\n- item\n\n  - nested\n",
        "# Title\n\n<div>raw block</div>\n",
        "# Title\n\nTwo lines\nin a paragraph.\n",
        "# Title\n\nA hard break  \nhere.\n",
        "## Second level\n",
        "# Title\n\n1. ordered\n",
        "# Title\n\nSome *emphasis*.\n",
    ],
)
def test_markdown_outside_the_grammar_is_left_to_mkdocs(markdown: str) -> None:
    file = make_file("tags/x.md", SITE_CONFIG)
    assert list_html(markdown, file, Files([file])) is None


def test_other_extensions_turn_the_shortcut_off() -> None:
    assert not list_safe(config_with(["toc", "tables", "nl2br"]))
    assert not list_safe(config_with(["toc", "tables", "smarty"]))
    assert not list_safe(config_with([{"toc": {"permalink": True}}, "tables"]))


def test_odd_characters_are_every_control_and_space_but_space_and_newline() -> None:
    from digest.fast.listhtml import _ODD_CHARACTER

    odd = {
        chr(c)
        for c in range(0x10000)
        if chr(c) not in " \n" and (chr(c).isspace() or c < 32 or 0x7F <= c <= 0x9F)
    }
    assert {chr(c) for c in range(0x10000) if _ODD_CHARACTER.match(chr(c))} == odd
