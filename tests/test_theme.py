"""The article's header, caption and related list are theme partials a site can override.

As with Material's own partials, a file of the same name in the theme's
``custom_dir`` (``overrides/``) wins over the plugin's ``digest/site/theme/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, new_project, run_module

WIRE = """{title}
{day}-MAR-1987 14:01:05.10

    LONDON, March {day} - Oil prices rose sharply on Monday after
the Organization of Petroleum Exporting Countries agreed to
cut output, traders said.
 REUTER
"""
SEEDS = {
    f"{n}.txt": WIRE.format(title=title, day=n)
    for n, title in ((2, "OIL PRICES RISE ON OPEC CUTS"), (3, "OPEC OIL OUTPUT FALLS"))
}
OVERRIDES = {
    "header.html": (
        '<p class="my-header">{{ page.meta.source }} on {{ date.text }}: '
        "{% for tag in tags %}[{{ tag.name }}]{% endfor %}</p>"
    ),
    "related.html": '<ol class="my-related">{% for r in related %}<li>{{ r.title }}</li>'
    "{% endfor %}</ol>",
    "caption.html": "",
}


def _config(parallel: bool) -> str:
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    config = config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1)
    return config.replace("parallel: true", f"parallel: {str(parallel).lower()}")


def _article(root: Path, slug: str) -> str:
    (page,) = (root / "site" / "articles").rglob(f"{slug}/index.html")
    return page.read_text("utf-8")


@pytest.mark.parametrize("parallel", [False, True])
def test_a_sites_overrides_change_the_article_page(tmp_path: Path, parallel: bool) -> None:
    root = new_project(tmp_path, SEEDS, config=_config(parallel))
    partials = root / "overrides" / "partials" / "digest"
    partials.mkdir(parents=True)
    for name, text in OVERRIDES.items():
        (partials / name).write_text(text, "utf-8")

    result = run_module(root, "mkdocs", "build")

    assert result.returncode == 0, result.stderr
    page = _article(root, "oil-prices-rise-on-opec-cuts")
    assert (
        '<p class="my-header">Reuters on 2 March 1987, 14:01: [United Kingdom][OPEC][Oil]' in page
    )
    assert '<ol class="my-related"><li>OPEC OIL OUTPUT FALLS</li></ol>' in page
    assert "nd-meta" not in page and "nd-related" not in page


def test_without_overrides_the_plugins_partials_are_used(tmp_path: Path) -> None:
    root = new_project(tmp_path, SEEDS, config=_config(False))
    (root / "overrides").mkdir()

    result = run_module(root, "mkdocs", "build")

    assert result.returncode == 0, result.stderr
    page = _article(root, "oil-prices-rise-on-opec-cuts")
    assert '<p class="nd-meta"><time datetime="1987-03-02T14:01:05.100000" ' in page
    assert 'data-pagefind-sort="date:1987-03-02T14:01:05.100000"' in page
    assert '<span class="nd-source" data-pagefind-meta="source">Reuters</span></p>' in page
    assert (
        '<a class="nd-tag" href="../../../../../tags/opec/" data-pagefind-filter="tag">OPEC</a> <a'
        in page
    )
    assert '<aside class="nd-related" data-search-exclude>' in page
    assert ">OPEC OIL OUTPUT FALLS</a> <small>3 March 1987</small></li></ul></aside>" in page
