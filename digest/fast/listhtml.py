"""Render the index pages without running Python-Markdown on them, when that is exact.

The index pages (tags, timeline, home) are the generator's own Markdown: a
heading, one-line paragraphs, lists of linked titles with ``<br>`` and
``<small>``, tables of links, all text escaped by ``digest.articles.escape``.
Python-Markdown spends milliseconds on each item; the HTML it makes for this
small grammar is regular enough to write with string operations, with links
resolved to pages as MkDocs resolves them.

The shortcut is taken only for Markdown entirely inside that grammar, with
extensions known to leave it alone and every link pointing at a page of the
site (a broken link goes through MkDocs, which reports it). Anything else --
an index page edited by hand, a page of the user's, a chart -- is rendered by
MkDocs as usual. ``tests/test_render.py`` compares both renderings on every
index page of a corpus site and on generated pages with hostile titles.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any

from markdown.extensions.toc import slugify, strip_tags
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from digest.fast.ahead import AheadPage, Rendered
from digest.fast.bodyhtml import PLAIN_SAFE_EXTENSIONS, extension_name
from digest.site.urls import link_to

LIST_SAFE_EXTENSIONS = PLAIN_SAFE_EXTENSIONS - {"nl2br"}
"""Extensions that leave the index grammar alone (``nl2br`` breaks the items' lines)."""

# Python-Markdown's backslash escapes, with the tables extension's "|".
_ESCAPED = frozenset("\\`*_{}[]()>#+-.!|")
_INLINE = re.compile(
    r"""
      \\(?P<escape>.)
    | (?P<entity>&(?:amp|lt|gt);)
    | (?P<tag><br>|<small>|</small>)
    | (?P<open>\*\*\[|\[)
    | \]\((?P<url>[^()\s<>"'&\\%?#]+)\)(?P<bold>\*\*)?
    | (?P<bad>[&<>*_`\[\]\\\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]|!\[|\ \n|\ $)
    """,
    re.VERBOSE,
)
_ITEM_START = re.compile(r"(?!\d+[.)](\s|$))(\*\*\[|[\w\[])")
_ITEM_CONTINUATION = re.compile(r"  (?!\d+[.)](\s|$))[^\s\-+*#>|=~`:]")
# The usual shapes, taken without the general tokenizer (their text parts still checked).
_TEXT_SPECIAL = re.compile(r"[\\&<>*_`\[\]\x00-\x1f\x7f-\x9f\u2028\u2029]| $")
_TEXT_TOKEN = re.compile(
    r"\\(.)|(&(?:amp|lt|gt);)|([&<>*_`\[\]\\\x00-\x1f\x7f-\x9f\u2028\u2029]| $)"
)
_URL = r"(?P<url>[^()\s<>\"'&\\%?#]+)"
_ITEM = re.compile(
    r"\*\*\[(?P<title>[^\n]+?)\]\(" + _URL + r"\)\*\*<br>\n"
    r"  <small>(?P<meta>[^\n<]+)</small>(?:<br>\n  (?P<summary>[^\n]+))?"
)
_LINK_CELL = re.compile(r"\[(?P<title>.+?)\]\(" + _URL + r"\)")
# Control characters and whitespace other than " " and newlines, which str.strip,
# str.split and Python-Markdown do not all treat alike.
_ODD_CHARACTER = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
_BLANK_LINES = re.compile(r"\n\n+")
_TABLE_RULE = re.compile(r"\| *:?-+:? *(\| *:?-+:? *)*\|")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_PARAGRAPH = re.compile(r"(?!\d+[.)](\s|$))[\w\[]")
_ALIGN = {
    (False, False): "",
    (True, False): ' style="text-align: left;"',
    (False, True): ' style="text-align: right;"',
    (True, True): ' style="text-align: center;"',
}


def _attribute(value: str) -> str:
    """Escape an attribute value as Python-Markdown's serializer does."""
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


class _NotInGrammar(Exception):
    """The Markdown is outside the index grammar: MkDocs renders it."""


def list_safe(config: MkDocsConfig) -> bool:
    """Tell whether the site's Markdown extensions leave the index grammar alone."""
    names = {extension_name(e) for e in config.markdown_extensions}
    return names <= LIST_SAFE_EXTENSIONS and not config.mdx_configs.get("toc")


def list_html(markdown: str, file: File, files: Files) -> Rendered | None:
    """Return what MkDocs renders for ``markdown`` (the page of ``file``), if in the grammar."""
    try:
        return _Renderer(file, files).page(markdown)
    except _NotInGrammar:
        return None


class _Renderer:
    def __init__(self, file: File, files: Files) -> None:
        self.file = file
        self.files = files
        self.folder = posixpath.dirname(file.src_uri)
        self.page_url = "" if file.url in (".", "./") else file.url  # as Page.url

    def page(self, markdown: str) -> Rendered:
        if _ODD_CHARACTER.search(markdown):
            raise _NotInGrammar
        blocks = _BLANK_LINES.split(markdown.strip("\n"))
        if blocks == [""]:
            raise _NotInGrammar
        out: list[str] = []
        toc: list[Any] = []
        title: str | None = None
        anchors: set[str] = set()
        if blocks[0].startswith("# "):
            heading, anchor, title = self.heading(blocks.pop(0))
            out.append(heading)
            toc.append({"level": 1, "id": anchor, "name": title, "children": []})
            anchors.add(anchor)
        for block in blocks:
            if block.startswith("- "):
                out.append(self.list(block))
            elif block.startswith("|"):
                out.append(self.table(block))
            elif "\n" not in block and _PARAGRAPH.match(block):
                out.append(f"<p>{self.inline(block)}</p>")
            else:
                raise _NotInGrammar
        return Rendered("\n".join(out), get_toc(toc), title, anchors)

    def heading(self, block: str) -> tuple[str, str, str]:
        """Return a heading's HTML, anchor and text (as the toc extension makes them)."""
        text = block[2:]
        if "\n" in block or text != " ".join(text.split()) or text.endswith("#"):
            raise _NotInGrammar
        inner = self.inline(text)
        name = strip_tags(inner)
        anchor = slugify(html.unescape(name), "-")
        if inner != name or not anchor:
            raise _NotInGrammar
        return f'<h1 id="{anchor}">{inner}</h1>', anchor, name

    def list(self, block: str) -> str:
        items: list[list[str]] = []
        for line in block.split("\n"):
            if line.startswith("- ") and _ITEM_START.match(line, 2):
                items.append([line[2:]])
            elif _ITEM_CONTINUATION.match(line):
                items[-1].append(line)
            else:
                raise _NotInGrammar
        lis = "".join(f"<li>{self.item(chr(10).join(item))}</li>\n" for item in items)
        return f"<ul>\n{lis}</ul>"

    def table(self, block: str) -> str:
        lines = block.split("\n")
        if len(lines) < 2 or not _TABLE_RULE.fullmatch(lines[1]):
            raise _NotInGrammar
        rule = [cell.strip() for cell in lines[1][1:-1].split("|")]
        align = [_ALIGN[cell.startswith(":"), cell.endswith(":")] for cell in rule]
        rows = []
        for number, line in enumerate(lines):
            if number == 1:
                continue
            if not (line.startswith("|") and line.endswith("|") and not line.endswith("\\|")):
                raise _NotInGrammar
            cells = [cell.strip() for cell in _CELL_SPLIT.split(line[1:-1])]
            if len(cells) != len(align) or "`" in line or "\\\\" in line:
                raise _NotInGrammar
            tag = "th" if number == 0 else "td"
            row = "".join(
                f"<{tag}{a}>{self.cell(cell)}</{tag}>\n"
                for cell, a in zip(cells, align, strict=True)
            )
            rows.append(f"<tr>\n{row}</tr>\n")
        head, body = rows[0], "".join(rows[1:])
        return f"<table>\n<thead>\n{head}</thead>\n<tbody>\n{body}</tbody>\n</table>"

    def text(self, text: str) -> str | None:
        """Return the HTML of escaped plain text; ``None`` if it holds anything else."""
        if not _TEXT_SPECIAL.search(text):
            return text
        parts = _TEXT_TOKEN.split(text)
        # split gives text, then (escaped char, entity, other special) per match
        out = []
        for i in range(0, len(parts) - 1, 4):
            out.append(parts[i])
            escaped, entity, other = parts[i + 1 : i + 4]
            if other is not None or (escaped is not None and escaped not in _ESCAPED):
                return None
            out.append(entity if entity is not None else "&gt;" if escaped == ">" else escaped)
        out.append(parts[-1])
        return "".join(out)

    def item(self, text: str) -> str:
        """Return a list item of the usual shape (linked title, date and source, summary)."""
        match = _ITEM.fullmatch(text)
        if match is not None:
            title, meta = self.text(match["title"]), self.text(match["meta"])
            summary = self.text(match["summary"]) if match["summary"] is not None else ""
            if title is not None and meta is not None and summary is not None:
                href = _attribute(self.href(match["url"]))
                out = f'<strong><a href="{href}">{title}</a></strong><br>\n  <small>{meta}</small>'
                return out + f"<br>\n  {summary}" if match["summary"] is not None else out
        return self.inline(text)

    def cell(self, text: str) -> str:
        """Return a table cell: plain text or one link, as a rule."""
        plain = self.text(text)
        if plain is not None:
            return plain
        match = _LINK_CELL.fullmatch(text)
        if match is not None and (title := self.text(match["title"])) is not None:
            return f'<a href="{_attribute(self.href(match["url"]))}">{title}</a>'
        return self.inline(text)

    def inline(self, text: str) -> str:
        out: list[str] = []
        link: tuple[int, bool] | None = None  # where the open link's text starts; bold
        last = 0
        for match in _INLINE.finditer(text):
            out.append(text[last : match.start()])
            last = match.end()
            kind = match.lastgroup
            if kind == "escape":
                char = match.group("escape")
                if char not in _ESCAPED:
                    raise _NotInGrammar
                out.append("&gt;" if char == ">" else char)
            elif kind in ("entity", "tag"):
                out.append(match.group(0))
            elif kind == "open" and link is None:
                link = (len(out), match.group(0) == "**[")
                out.append("")
            elif kind in ("url", "bold") and link is not None:
                start, bold = link
                if bold != (match.group("bold") is not None) or len(out) == start + 1:
                    raise _NotInGrammar
                href = _attribute(self.href(match.group("url")))
                out[start] = f'<strong><a href="{href}">' if bold else f'<a href="{href}">'
                out.append("</a></strong>" if bold else "</a>")
                link = None
            else:
                raise _NotInGrammar
        if link is not None:
            raise _NotInGrammar
        out.append(text[last:])
        return "".join(out)

    def href(self, url: str) -> str:
        """Return the page URL a link to a Markdown file becomes (as MkDocs resolves it)."""
        if not url.endswith(".md") or url.startswith("/") or ":" in url:
            raise _NotInGrammar
        target = posixpath.normpath(posixpath.join(self.folder, url).lstrip("/"))
        found = self.files.src_uris.get(target)  # get_file_from_path, without PurePath
        if found is None:
            raise _NotInGrammar  # MkDocs reports the broken link
        return link_to(self.page_url, found.url)


class IndexPage(AheadPage):
    """An index page (or another page outside the nav): the list shortcut where exact."""

    def render_own(self, config: MkDocsConfig, files: Files) -> None:
        """Convert the Markdown to HTML with ``list_html`` where exact, else as MkDocs does."""
        done = list_html(self.markdown or "", self.file, files) if list_safe(config) else None
        if done is None:
            super().render_own(config, files)
            return
        self.take_converted(done)
