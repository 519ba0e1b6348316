"""Regular expressions built once from the vocabularies; matching runs in C, not in Python loops."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeAlias

from digest.tagging import data

_Trie: TypeAlias = dict[str, "_Trie"]

TICKER = re.compile(r"<[^<>\n]{1,12}>")
# A dateline opening the body: "SAN DIEGO, June 2 -", "BRUSSELS, July 20 (Reuters) -".
DATELINE_IN_BODY = re.compile(
    r"\s*([A-Z][A-Z.'’ -]{1,30}(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?,"
    r" [A-Z][a-z]{2,8}\.? \d{1,2})(?: \([A-Za-z]+\))? ?[-–—]"
)
ACRONYM_DEF = re.compile(r"\(([A-Z][A-Z&]{1,7})\)")

# One word of a person's name: "Putin", "McDonald", "O'Neill", "Leigh-Pemberton", "Xi".
_NAME = r"(?:Mc|Mac|O'|O’|D')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_PARTICLES = "|".join(sorted(data.NAME_PARTICLES))
FULL_NAME = rf"{_NAME}(?:\s+(?:(?:{_PARTICLES})\s+)?(?:{_NAME}|[A-Z]\.)){{0,3}}"

NAME_WORD = re.compile(rf"{_NAME}|[A-Z]\.")
# A capitalised word of a company name: "Brown-Forman", "AT&T", "McDonald's".
CAP_WORD = re.compile(r"[A-Z][\w'’&.-]*")
COMPANY_JOINERS = frozenset({"and", "&", "de"})


def trie_pattern(phrases: Iterable[str]) -> str:
    """Return a regex matching any of the phrases, preferring the longest."""
    root: _Trie = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(root)


def _node_pattern(node: _Trie) -> str:
    # Branches start with distinct characters, so the alternation never backtracks far.
    branches = [re.escape(char) + _node_pattern(child) for char, child in sorted(node.items())]
    branches = [b for b in branches if b]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


# Every pattern below starts with a literal character, so the engine scans for the
# first characters in C instead of trying each position; word starts are checked by
# ``at_word_start`` on the few matches.


def at_word_start(text: str, index: int) -> bool:
    """Tell whether a match at ``index`` starts a word (a hyphen separates words)."""
    return index == 0 or not text[index - 1].isalnum()


def names(phrases: Iterable[str], ignore_case: bool = False) -> re.Pattern[str]:
    """Return a regex finding the phrases, ending at a word boundary."""
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"(?:{trie_pattern(phrases)})(?![\w])", flags)


def keywords(phrases: Iterable[str]) -> re.Pattern[str]:
    """Return a regex finding keywords between spaces (in text whose punctuation is space)."""
    return re.compile(rf" ({trie_pattern(phrases)})(?= )")


def country_in_context(names: Iterable[str]) -> re.Pattern[str]:
    """Return a regex for a name that is a country only after a preposition: ``in Jordan``."""
    return re.compile(
        rf"\b(?:in|to|from|of|with|and|between|by)\s+({trie_pattern(names)})(?![\w-])"
        rf"(?!\s+[A-Z])"
    )


def titled_person() -> re.Pattern[str]:
    """Return a regex for a name after a role word: ``President Putin``, ``Mr. Xu``."""
    # Capitalised role words only: lower-case ones would make the engine stop at most
    # letters, and "chairman Paul Volcker" is rarer than "Chairman Paul Volcker".
    roles = data.TITLES - data.TITLE_MODIFIERS
    return re.compile(rf"(?:{trie_pattern(roles)})\.?\s+({FULL_NAME})")


def speech_verb() -> re.Pattern[str]:
    """Return a regex for a verb of saying after a space: the name is read backwards from it."""
    return re.compile(rf" (?:{trie_pattern(data.SPEECH_VERBS)})\b")


def name_after() -> re.Pattern[str]:
    """Return a regex for a name right after a verb of saying: ``said Paul Volcker``."""
    return re.compile(rf"\s+({FULL_NAME})")


def legal_form() -> re.Pattern[str]:
    """Return a regex for the legal form after a company name: ``Standard Oil Co``."""
    return re.compile(rf"(?:{trie_pattern(data.LEGAL_FORMS)})(?![\w])")


def trailing_run(before: str, word: re.Pattern[str], joiners: frozenset[str]) -> str:
    """Return the run of matching words at the end of ``before`` (at most five words).

    ``word`` matches words that start with a capital A to Z (``NAME_WORD``, ``CAP_WORD``):
    other words are turned away without it.
    """
    run: list[str] = []
    for token in reversed(before[-80:].rstrip().rstrip(",").split()):
        is_word = "A" <= token[0] <= "Z" and word.fullmatch(token)
        if not (is_word or (run and token in joiners)) or len(run) == 5:
            break
        run.append(token)
    while run and run[-1] in joiners:
        run.pop()
    return " ".join(reversed(run))
