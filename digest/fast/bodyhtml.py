"""Render imported article bodies without running Python-Markdown on them.

An imported body is plain text escaped by ``digest.articles.escape``: paragraphs on
one line each, every character that could be markup backslash-escaped or
written as an entity. Python-Markdown turns such a paragraph into ``<p>`` plus
the same line with its backslash escapes removed, and nothing else; doing that
with string operations is about a hundred times cheaper than building a
Markdown parser for the page, which is the largest cost of rendering a big
digest.

The shortcut is taken only when it is exact: every paragraph must be in the
form ``escape_paragraph`` writes (un-escaping and escaping again gives the same
line), and every configured extension must be one known to leave such
paragraphs alone. A body edited by hand into anything else (a link, emphasis,
a list) is rendered by MkDocs as usual. ``tests/test_render.py`` compares both
renderings on the corpus and on generated text, once per listed extension.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.toc import get_toc

from digest.articles.escape import escape_paragraph
from digest.fast.ahead import AheadPage, Rendered
from digest.fast.metadata import get_data

log = logging.getLogger("mkdocs.structure.pages")

PLAIN_SAFE_EXTENSIONS = frozenset(
    {
        "abbr",
        "admonition",
        "attr_list",
        "codehilite",
        "def_list",
        "fenced_code",
        "footnotes",
        "md_in_html",
        "nl2br",
        "sane_lists",
        "tables",
        "toc",
        "pymdownx.highlight",
        "pymdownx.inlinehilite",
        "pymdownx.superfences",
        "pymdownx.tabbed",
    }
)
"""Markdown extensions that render an escaped plain paragraph exactly as without them.

Left out on purpose: ``smarty`` (curly quotes), ``meta`` (reads a first line
``Key: value``), and the pymdownx extensions that give meaning to characters
the escaping leaves alone (``emoji``, ``magiclink``, ``caret``, ``tilde``,
``mark``, ``keys``, ``details``, ``critic``, ``smartsymbols``, ``arithmatex``,
``snippets``).
"""

# The reverse of escape_paragraph: backslash escapes, entities for <, > and &, and
# the character references it writes for a few characters at the start of a line.
_BACKSLASH = re.compile(r"\\(.)")
_ENTITY = re.compile(r"&(amp|lt|gt);")
_ENTITY_CHARS = {"amp": "&", "lt": "<", "gt": ">"}
_LINE_START_REF = re.compile(r"^&#(126|61|58|124);")
# Python-Markdown treats these as placeholders or line breaks: never take the shortcut.
_SPECIAL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def extension_name(extension: object) -> str:
    """Return an extension's short name as ``markdown_extensions`` may spell it."""
    name = extension if isinstance(extension, str) else type(extension).__module__
    return name.removeprefix("markdown.extensions.")


def plain_safe(extensions: Iterable[object]) -> bool:
    """Tell whether every extension leaves escaped plain paragraphs alone."""
    return all(extension_name(e) in PLAIN_SAFE_EXTENSIONS for e in extensions)


def _unescape(line: str) -> str:
    text = _LINE_START_REF.sub(lambda m: chr(int(m.group(1))), line)
    # Entities first would turn "\&amp;" wrong way round; escapes never produce "&".
    text = _BACKSLASH.sub(r"\1", text)
    return _ENTITY.sub(lambda m: _ENTITY_CHARS[m.group(1)], text)


def plain_html(markdown: str) -> str | None:
    """Return Python-Markdown's HTML for ``markdown`` if it is escaped plain text, else ``None``."""
    text = markdown.lstrip("\n")
    if not text:
        return ""
    if not text.endswith("\n") or _SPECIAL.search(text.replace("\n", " ")):
        return None
    lines = text[:-1].split("\n\n")
    out = []
    for line in lines:
        if not line or "\n" in line or escape_paragraph(_unescape(line)) != line:
            return None
        out.append("<p>" + _BACKSLASH.sub(r"\1", line) + "</p>")
    return "\n".join(out)


# A relative URL urljoin appends to a base as it stands: no scheme, query, fragment,
# ".", ".." or empty segment (articles' URLs are slugs).
_PLAIN_URL = re.compile(r"(?:[a-z0-9_-][a-z0-9_.-]*/)*(?:[a-z0-9_-][a-z0-9_.-]*)?")


@lru_cache(maxsize=8)
def _base_path(base: str) -> str:
    return urlsplit(base).path


class ArticlePage(AheadPage):
    """An article page: rendered by ``plain_html`` when its body allows, else by MkDocs."""

    def _set_canonical_url(self, base: str | None) -> None:
        """Set the page's absolute URLs as ``Page`` does, without ``urljoin`` for plain URLs.

        Every article page is made anew on every build, ``mkdocs serve`` rebuilds
        included; ``urljoin`` was a tenth of a second per thousand pages.
        """
        url = self.url
        if not base or not _PLAIN_URL.fullmatch(url) or "?" in base or "#" in base:
            super()._set_canonical_url(base)
            return
        if not base.endswith("/"):
            base += "/"
        self.canonical_url = base + url
        self.abs_url = _base_path(base) + url

    def read_own(self, config: MkDocsConfig) -> None:
        """Read the page as ``Page.read_source`` does, front matter by ``digest.fast.metadata``."""
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is None:
            try:
                source = self.file.content_string
            except OSError:
                log.error(f"File not found: {self.file.src_path}")
                raise
            except ValueError:
                log.error(f"Encoding error reading file: {self.file.src_path}")
                raise
        self.markdown, self.meta = get_data(source)

    def render_own(self, config: MkDocsConfig, files: Files) -> None:
        """Convert the Markdown body to HTML, taking the plain-text shortcut when exact."""
        content = None
        if self.markdown is not None and plain_safe(config.markdown_extensions):
            content = plain_html(self.markdown)
        if content is None:
            super().render_own(config, files)
            return
        # What Page.render leaves for a body without headings, links or anchors.
        self.take_converted(Rendered(content, get_toc([]), None, set()))
