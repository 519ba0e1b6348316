"""One or two sentence summaries taken from the start of an article."""

from __future__ import annotations

import re

from digest.articles.escape import paragraphs

# A full stop after these is not the end of a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "inc",
        "corp",
        "co",
        "ltd",
        "plc",
        "bros",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "gen",
        "gov",
        "sen",
        "rep",
        "col",
        "lt",
        "sgt",
        "capt",
        "adm",
        "calif",
        "fla",
        "ill",
        "mass",
        "mich",
        "minn",
        "penn",
        "tex",
        "wash",
        "conn",
        "ariz",
        "colo",
        "del",
        "ga",
        "ky",
        "la",
        "md",
        "mo",
        "nev",
        "okla",
        "ore",
        "pa",
        "tenn",
        "va",
        "wis",
    ]
)
# The gap between two sentences: after a full stop (or ! ?), closing quotes or brackets and
# space, before an opening quote or bracket and a capital or digit. The full stop is part
# of the match, not a look-behind: the engine then only tries where one stands.
_BOUNDARY = re.compile(r"[.!?](?P<gap>[\"”’)]?\s+)(?=[\"“‘(]?[A-Z0-9])")
_LAST_WORD = re.compile(r"([A-Za-z.]+)[.!?]$")

MAX_CHARS = 300
"""A summary longer than this is cut at a word and ends with an ellipsis."""


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences, keeping abbreviations and initials whole."""
    result: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        gap = match.start("gap")
        candidate = text[start:gap].rstrip('"”’)')
        if _is_abbreviation(candidate):
            continue
        result.append(text[start : gap + len(match.group("gap").rstrip())].strip())
        start = match.end()
    rest = text[start:].strip()
    return [*result, rest] if rest else result


def _is_abbreviation(text: str) -> bool:
    # The last word has no space in it: no need to try the expression before the last one.
    match = _LAST_WORD.search(text, text.rfind(" ") + 1)
    if not match:
        return False
    word = match.group(1).rstrip(".").lower()
    # Initials (J. or U.S.) and known abbreviations do not end a sentence.
    return len(word) == 1 or "." in word or word in _ABBREVIATIONS


def summarize(body: str, max_chars: int = MAX_CHARS) -> str:
    """Return the first one or two sentences of ``body``, at most ``max_chars`` long."""
    paras = paragraphs(body, limit=2)  # no more is used
    if not paras:
        return ""
    found = sentences(paras[0])
    summary = found[0] if found else paras[0]
    # A short first sentence ("Shr 34 cts vs 1.19 dlrs") says little: add the next one.
    if len(summary) < 80 and len(found) > 1 and len(summary) + len(found[1]) < max_chars:
        summary += " " + found[1]
    elif len(summary) < 80 and len(found) == 1 and len(paras) > 1:
        nxt = paras[1]
        if len(summary) + len(nxt) < max_chars:
            # Table rows ("Shr 34 cts vs 1.19 dlrs") have no full stop to separate them.
            summary += (" " if summary.endswith((".", "!", "?")) else "; ") + nxt
    return _shorten(summary, max_chars)


def _shorten(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"
