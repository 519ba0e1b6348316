"""The writer escapes article text so the built page shows exactly the seed's words."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.articles import escape as md
from digest.articles.escape import body_to_markdown, escape_inline

# The extensions MkDocs always loads plus those in mkdocs.yml and common additions.
EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "admonition", "def_list", "abbr"]

HOSTILE = [
    "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT",
    "# not a heading",
    "1987. was a year",
    "3) not a list",
    "---",
    "***",
    "    indented, not code",
    "[x](http://example.com) and ![img](x.png)",
    "a & b &amp; c &copy;",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<!-- a comment -->",
    "`code` and \\ backslash",
    "~~~",
    "!!! note",
    "- item",
    "+ item",
    "* item",
    "> quote",
    "{: .cls} text {x}",
    "| a | b |",
    ": definition",
    "=== not setext",
    "*emphasis* and _under_ and __strong__",
    "<http://auto.link>",
    "Shr 22 cts vs 15 cts",
    "javascript:alert(1)",
]


def visible_text(html_text: str) -> str:
    """Return the text a browser shows for a fragment, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


@pytest.mark.parametrize("text", HOSTILE)
def test_paragraph_renders_as_the_same_text(text: str) -> None:
    rendered = markdown.markdown(body_to_markdown(text), extensions=EXTENSIONS)
    assert visible_text(rendered) == " ".join(text.split())
    assert "<script" not in rendered and "<img" not in rendered and "<h1" not in rendered


def test_paragraphs_stay_paragraphs() -> None:
    body = "First line\nstill first.\n\n# Second\n\n1987. Third"
    rendered = markdown.markdown(body_to_markdown(body), extensions=EXTENSIONS)
    assert rendered.count("<p>") == 3
    assert visible_text(rendered) == "First line still first. # Second 1987. Third"


def test_inline_escape_for_link_text() -> None:
    assert escape_inline("Cobanco Inc <CBCO> [net]") == "Cobanco Inc &lt;CBCO&gt; \\[net\\]"


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab \\`*_[]{}&<>;#\n")))
def test_inline_escape_is_backslashes_then_entities(text: str) -> None:
    backslashed = re.sub(r"([\\`*_\[\]{}])", r"\\\1", text)
    assert escape_inline(text) == html.escape(backslashed, quote=False)


@settings(max_examples=3000, deadline=None)
@given(st.text(st.sampled_from("ab \\`*_[]{}&<>;#\n")) | st.text())
def test_inline_escape_by_replacing_is_the_expression(text: str) -> None:
    assert md._replace_inline(text) == escape_inline(text)


def escape_paragraph_every_time(text: str) -> str:
    """``escape_paragraph`` without its shortcut: all three line-start expressions."""
    line = escape_inline(" ".join(text.split()))
    line = md._LINE_START.sub(r"\\\1", line)
    line = md._ORDERED.sub(r"\1\\\2", line)
    return md._LINE_START_ENTITY.sub(lambda m: f"&#{ord(m.group(0))};", line)


@settings(max_examples=3000)
@given(st.text(st.sampled_from("ab 1٣²#+-!~=:|.)\n\t*<")) | st.text())
def test_line_start_shortcut_changes_nothing(text: str) -> None:
    assert md.escape_paragraph(text) == escape_paragraph_every_time(text)


@settings(max_examples=2000)
@given(st.text(st.sampled_from("ab 1#-<\n\t\u3000")), st.integers(0, 4))
def test_paragraphs_limit_takes_the_first(body: str, limit: int) -> None:
    assert md.paragraphs(body, limit) == md.paragraphs(body)[:limit]


@settings(max_examples=3000)
@given(st.text(st.sampled_from("ab 1٣#+-!~=:|.)\n\t\u2028\x1c*<&`[_")) | st.text())
def test_body_escaped_at_once_is_escaped_paragraph_by_paragraph(body: str) -> None:
    by_paragraph = "\n\n".join(escape_paragraph_every_time(p) for p in md.paragraphs(body))
    assert body_to_markdown(body) == by_paragraph + "\n"


@settings(max_examples=5000)
@given(
    st.text(st.sampled_from("ab 1\n\n\n \t\r\x0b\x0c\x1c\x1f\u3000\xa0.")) | st.text(),
    st.lists(st.text(st.sampled_from("ab 1.\u2028")), max_size=5),
)
def test_paragraphs_of_a_split_body_are_its_parts(body: str, parts: list[str]) -> None:
    # The shortcut takes bodies already in the reader's form ("\n\n".join(paragraphs)).
    for text in (body, "\n\n".join(parts), "\n\n".join(md.split_paragraphs("\n\n".join(parts)))):
        md._paragraphs.cache_clear()
        assert md.paragraphs(text) == list(md.split_paragraphs(text))
