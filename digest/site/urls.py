"""Relative URLs between pages, computed with plain string work.

Articles link to their tags and to each other, index pages to thousands of
articles: ``mkdocs.utils.get_relative_url`` for each link is a measurable
part of a large build. ``link_to`` gives the same result (tested against it).
"""

from __future__ import annotations


def relative_url(page_url: str, target: str) -> str:
    """Return ``target`` (site-relative) as a URL relative to the page at ``page_url``."""
    depth = page_url.count("/") if page_url else 0
    return "../" * depth + target


def link_to(page_url: str, url: str) -> str:
    """Return the page URL ``url`` relative to ``page_url``, as MkDocs writes links.

    The same result as ``mkdocs.utils.get_relative_url`` with plain string
    work: articles link to tags and to each other thousands of times a build.
    """
    base = page_url.split("/")
    if "." in base[-1]:
        base.pop()  # a page file, not a directory (use_directory_urls: false)
    # The home page's URL is "./": a "." names no folder.
    base = [part for part in base if part and part != "."]
    target = [part for part in url.split("/") if part and part != "."]
    common = 0
    for mine, theirs in zip(base, target, strict=False):
        if mine != theirs:
            break
        common += 1
    relative = "/".join([".."] * (len(base) - common) + target[common:]) or "."
    return relative + "/" if url.endswith("/") else relative
