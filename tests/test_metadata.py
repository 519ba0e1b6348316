"""``digest.fast.metadata.get_data`` reads front matter exactly as MkDocs' ``get_data`` does.

Article pages read their front matter with it during the build; every value
(and its type: dates, booleans, numbers) must be what MkDocs itself would
have read, for the files the importer writes and for anything a hand edit
may leave.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import load_truth
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils import meta

from digest.article import Article
from digest.articles.front import dump_yaml, dumps
from digest.fast.metadata import _flat_mapping, _NotFlat, get_data


def typed(data: dict[str, Any]) -> list[tuple[str, type, Any]]:
    """The values with their types: ``1 == True`` must not pass for equal."""
    return [
        (k, type(v), [type(x) for x in v] if isinstance(v, list) else v) for k, v in data.items()
    ]


def assert_same(source: str) -> None:
    mkdocs_body, mkdocs_meta = meta.get_data(source)
    body, data = get_data(source)
    assert body == mkdocs_body
    assert data == mkdocs_meta
    assert typed(data) == typed(mkdocs_meta)


def is_flat(source: str) -> bool:
    match = meta.YAML_RE.match(source)
    assert match is not None
    try:
        _flat_mapping(match.group(1))
    except _NotFlat:
        return False
    return True


def test_every_corpus_article_reads_the_same() -> None:
    flat = 0
    for n, row in enumerate(load_truth()):
        article = Article(
            row["title"],
            dt.datetime(1987, 3, 1, 8, 0) + dt.timedelta(minutes=97 * n),
            row["body"],
            source=row["source"],
            summary=" ".join(row["body"].split())[:200],
            seed=f"r{n}.txt",
            tags=[*row["places"], *row["people"], *row["orgs"], *row["topics"]],
            places=row["places"],
            people=row["people"],
            orgs=row["orgs"],
            topics=row["topics"],
        )
        source = dumps(article)
        assert_same(source)
        flat += is_flat(source)
    assert flat > 2500  # the shortcut is the rule, not the exception


SCALAR = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.sampled_from(
        [
            "yes",
            "No",
            "on",
            "~",
            "null",
            "12",
            "-3",
            "0x1F",
            "1.5e3",
            ".inf",
            "1987-03-02",
            "2013-11-01T09:42:00+08:00",
            "a: b",
            "a #b",
            "'q'",
            '"d"',
            "- x",
            "<<",
            "=",
            "",
            "Oil: up",
            "x:",
            "10:00",
            "50%",
            "@home",
            "`t`",
            "!tag",
            "&a",
            "*a",
            "[1]",
            "{a}",
        ]
    ),
    st.integers(),
    st.booleans(),
    st.dates(),
    st.none(),
)
KEY = st.sampled_from(["title", "date", "tags", "summary", "x-y", "y", "1", "null", "a_b"])


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(KEY, st.one_of(SCALAR, st.lists(SCALAR, max_size=3)), max_size=6))
def test_generated_front_matter_reads_the_same(data: dict[str, Any]) -> None:
    assert_same("---\n" + dump_yaml(data) + "---\n\nBody.\n")


@pytest.mark.parametrize(
    "front",
    [
        "title: A\nsearch:\n  exclude: true\n",
        "title: A # comment\n",
        'title: "double quoted"\n',
        "title: >\n  folded\n  text\n",
        "title: long\n  continued\n",
        "tags: [a, b]\n",
        "tags:\n  - indented\n",
        "tags:\ntitle: after an empty key\n",
        "\ntitle: blank line first\n",
        "title: &a anchor\nsource: *a\n",
        "title: !!str 12\n",
        "? complex\n: key\n",
        "title: A\ntitle: B\n",
        "title:no space\n",
        "date: 2013-11-01 09:42:00\n",
        "title: 'it''s'\n",
        "title: tab\there\n",
        "- a list\n- not a mapping\n",
    ],
)
def test_hand_edited_shapes_read_the_same(front: str) -> None:
    assert_same(f"---\n{front}---\n\nBody.\n")
    assert_same(f"---\n{front}...\nBody.\n")


def test_no_front_matter_reads_the_same() -> None:
    for source in ["Just text.\n", "Title: multimarkdown\n\nBody\n", "---\nnot closed\n"]:
        assert_same(source)
