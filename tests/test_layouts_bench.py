"""bench/layouts.py: generated pages hold what the truth says, and the scorer can fail."""

from __future__ import annotations

import dataclasses

import layouts
from layouts import FAKE_STORY, Page, Story, Tally, generate, make_template, score_page

from digest.article import Article


def _stories() -> list[Story]:
    """Two made-up stories (the corpus is not needed)."""
    second = dataclasses.replace(
        FAKE_STORY,
        id="00001",
        title="Copper Output Falls As Mines Close For Repairs",
        paragraphs=[
            "Copper output fell for a third month as two large mines closed for repairs, "
            "the mining ministry said on Tuesday.",
            "Production should recover by June, it said.",
        ],
        dateline="LIMA, March 10",
    )
    return [FAKE_STORY, second]


def _pages() -> tuple[list[Page], dict[int, layouts.Template]]:
    return generate(_stories(), [3, 4, 5], 2)


def _as_read(truth: dict[str, object]) -> Article:
    """The article a perfect reader would return for a page."""
    shown = str(truth["date_shown"])
    date = layouts.dt.datetime.fromisoformat(shown) if "T" in shown else None
    day = layouts.dt.date.fromisoformat(shown) if date is None else date
    return Article(title=str(truth["title"]), date=day, body=str(truth["body"]), source="Reuters")


def test_pages_hold_title_and_body() -> None:
    pages, templates = _pages()
    assert len(pages) == 6
    assert {p.file.split("/")[0] for p in pages} == {"site-03", "site-04", "site-05"}
    for page in pages:
        text = " ".join(page.data.decode(templates[page.truth["template"]].encoding).split())
        assert page.truth["title"] in text
        for para in str(page.truth["body"]).split("\n\n"):
            assert para in text
        assert page.truth["date_shown"] and page.truth["furniture"]


def test_templates_are_fixed_by_their_number() -> None:
    assert make_template(7).components == make_template(7).components
    first, _ = _pages()
    again, _ = _pages()
    assert [p.data for p in first] == [p.data for p in again]


def test_scorer_accepts_the_truth_and_rejects_a_broken_article() -> None:
    pages, _ = _pages()
    perfect, broken = Tally(), Tally()
    for page in pages:
        right = _as_read(page.truth)
        perfect.add(page.truth, score_page(page.truth, right))
        furniture = max(page.truth["furniture"], key=len)
        wrong = dataclasses.replace(
            right, title="Home", date=None, source="", body=f"{furniture}\n\n{right.body}"
        )
        broken.add(page.truth, score_page(page.truth, wrong))
    assert all(perfect.pct(f) == 100 for f in ("title", "date", "source", "body"))
    assert perfect.pct("leak") == 0
    assert all(broken.pct(f) == 0 for f in ("title", "date", "source"))
    assert broken.pct("leak") == 100


def test_every_line_is_title_body_or_recorded_furniture() -> None:
    # The leak score can only see what the truth lists: nothing the page shows may be missing.
    pages, templates = _pages()
    for page in pages:
        truth = page.truth
        body = " ".join(f"{truth['body_prefix']} {truth['body']}".split())
        for line in page.data.decode(templates[truth["template"]].encoding).splitlines():
            text = " ".join(line.split())
            if any(ch.isalnum() for ch in text) and str(truth["title"]) not in text:
                assert text in truth["furniture"] or text in body, (page.file, text)


def test_split_is_fixed_and_about_sixty_percent_tune() -> None:
    sixty = layouts.split_sets(list(range(1, 61)))
    eighty = layouts.split_sets(list(range(1, 81)))
    assert all(eighty[n] == sixty[n] for n in sixty)
    assert 30 <= list(sixty.values()).count("tune") <= 42


def test_leak_found_in_a_page_decoded_with_the_wrong_code_page() -> None:
    truth = {"title": "T", "body": "Text.", "body_prefix": "", "furniture": ["Home › World"]}
    wrong = "Home › World".encode("cp1252").decode("mac-roman")
    assert layouts.leaked(f"{wrong}\n\nText.", truth) == ["Home › World"]
    assert layouts.leaked("Text.", truth) == []
