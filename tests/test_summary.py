"""Summaries: the sentence splitter's shortcuts find the sentences the plain expressions do."""

from __future__ import annotations

import re

import pytest
from conftest import load_truth
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.articles import summary
from digest.articles.summary import sentences, summarize

# The expressions as first written: a look-behind for the full stop, the last word looked
# for from the start of the sentence.
BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
LAST_WORD = re.compile(r"([A-Za-z.]+)[.!?]$")


def is_abbreviation_every_time(text: str) -> bool:
    match = LAST_WORD.search(text)
    if not match:
        return False
    word = match.group(1).rstrip(".").lower()
    return len(word) == 1 or "." in word or word in summary._ABBREVIATIONS


def sentences_every_time(text: str) -> list[str]:
    """``sentences`` without its shortcuts."""
    result: list[str] = []
    start = 0
    for match in BOUNDARY.finditer(text):
        candidate = text[start : match.start()].rstrip('"”’)')
        if is_abbreviation_every_time(candidate):
            continue
        result.append(text[start : match.start() + len(match.group(0).rstrip())].strip())
        start = match.end()
    rest = text[start:].strip()
    return [*result, rest] if rest else result


PIECES = st.sampled_from(
    [".", "!", "?", " ", "  ", "\n", "\t", '"', "”", "’", ")", "“", "‘", "(", "A", "Z", "9",
     "a", "x", "U.S.", "Mr.", "Inc.", "J.", "etc.", "The", "price rose", "Co", "é", "..."]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=30).map("".join) | st.text(max_size=60)


@settings(max_examples=3000, deadline=None)
@given(text=TEXTS)
def test_sentences_are_those_of_the_plain_expressions(text: str) -> None:
    assert sentences(text) == sentences_every_time(text)


@settings(max_examples=3000, deadline=None)
@given(text=TEXTS)
def test_abbreviation_test_is_the_plain_one(text: str) -> None:
    assert summary._is_abbreviation(text) == is_abbreviation_every_time(text)


@pytest.mark.corpus
def test_sentences_on_the_corpus() -> None:
    for row in load_truth():
        for paragraph in row["body"].split("\n\n")[:3]:
            assert sentences(paragraph) == sentences_every_time(paragraph)


def test_summary_joins_a_short_first_sentence_with_the_next() -> None:
    body = "Shr 34 cts vs 1.19 dlrs.\n\nNet 807,000 vs 2,858,000."
    assert summarize(body) == "Shr 34 cts vs 1.19 dlrs. Net 807,000 vs 2,858,000."
