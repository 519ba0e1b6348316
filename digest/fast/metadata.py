"""MkDocs' reading of a page's front matter, quicker for the front matter this tool writes.

MkDocs reads every page's front matter with ``mkdocs.utils.meta.get_data``:
PyYAML's C parser, then its Python constructor, about half a millisecond per
article, on the core that builds the site. The front matter of an imported
article is a flat mapping of one-line scalars and lists of them. For that
shape ``get_data`` here splits the lines itself and gives each scalar the
type PyYAML would (PyYAML's own resolver and constructor, so ``2013-11-01``
is a date and ``yes`` a boolean, exactly as MkDocs reads them). Anything
else -- nested mappings, quotes other than single, folded lines, comments,
anchors, a hand edit in any other style -- goes to ``get_data`` itself.
``tests/test_metadata.py`` compares both on the corpus and on generated data.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from mkdocs.utils import meta
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = Resolver.yaml_implicit_resolvers
_CONSTRUCTOR = SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_TYPED = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")
)
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# A plain scalar on one line that PyYAML reads as it stands: no indicator first,
# no ": " or " #" inside, no space or ":" at either end, printable characters only.
_PLAIN = re.compile(r"(?![-?:,\[\]{}#&*!|>'\"%@`])[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*")
_QUOTED = re.compile(r"'((?:[^'\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]|'')*)'")


class _NotFlat(Exception):
    """The front matter is not in the flat one-line shape: MkDocs reads it."""


def get_data(source: str) -> tuple[str, dict[str, Any]]:
    """Return what ``mkdocs.utils.meta.get_data`` returns for ``source``: body and meta."""
    match = meta.YAML_RE.match(source)
    if match is not None:
        try:
            data = _flat_mapping(match.group(1))
        except _NotFlat:
            pass
        else:
            return source[match.end() :].lstrip("\n"), data
    return meta.get_data(source)


def _flat_mapping(text: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    items: list[Any] | None = None
    for line in text.split("\n")[:-1]:  # the text ends with a newline
        if line.startswith("- "):
            if items is None:
                raise _NotFlat
            items.append(_scalar(line[2:]))
            continue
        key, colon, value = line.partition(":")
        if not colon or not _KEY.fullmatch(key) or _resolve(key) != _STR:
            raise _NotFlat
        if items is not None and not items:
            raise _NotFlat  # "key:" then no items: null, left to PyYAML
        if value == "":
            items = data[key] = []
        elif value.startswith(" ") and value != " ":
            items = None
            data[key] = _scalar(value[1:])
        else:
            raise _NotFlat
    if items is not None and not items:
        raise _NotFlat
    return data


def _resolve(value: str) -> str:
    """Return the tag PyYAML's resolver gives a plain scalar (``Resolver.resolve``)."""
    for tag, pattern in _IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            return str(tag)
    return _STR


def _scalar(text: str) -> Any:
    quoted = _QUOTED.fullmatch(text)
    if quoted is not None:
        return quoted.group(1).replace("''", "'")
    if (
        not _PLAIN.fullmatch(text)
        or text != text.strip(" ")
        or text.endswith(":")
        or ": " in text
        or " #" in text
        or text.startswith(("- ", "? ", ": "))
    ):
        raise _NotFlat
    tag = _resolve(text)
    if tag == _STR:
        return text
    if tag not in _TYPED:
        raise _NotFlat
    return SafeConstructor.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, text))
