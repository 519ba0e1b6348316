"""The date of a saved web page: the date a reader sees with the headline, in any of the
common European languages, before the page's metadata; and the dates ``dates.text_dates``
finds in a line of text.

The pages are small and written by hand, one for each way a page shows (or hides) its date.
"""

from __future__ import annotations

import datetime as dt

import pytest

from digest.readers import read_seed
from digest.readers.dates import text_dates

BODY = (
    "<p>The harbour council voted on Tuesday to build a new sea wall along the northern "
    "quay, ending two years of debate about how to protect the town from winter storms.</p>"
    "<p>Councillors approved the plan by nine votes to two after engineers said the old "
    "wall could fail in a severe storm, and the works are due to start in the spring.</p>"
)


def page(header: str, head: str = "", above: str = "", after: str = "") -> bytes:
    """Return a news page: ``header`` under the headline, ``above`` over it, ``head`` in
    ``<head>``, ``after`` below the article's text."""
    return (
        f"<html><head><title>Sea wall approved</title>{head}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>{above}"
        f"<h1>Harbour council approves new sea wall</h1>{header}{BODY}{after}</article>"
        "</body></html>"
    ).encode()


def json_ld(published: str, modified: str = "") -> str:
    modified_field = f', "dateModified": "{modified}"' if modified else ""
    return (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        f'"headline": "Harbour council approves new sea wall", "datePublished": "{published}"'
        f"{modified_field}}}</script>"
    )


def open_graph(published: str) -> str:
    return f"<meta property='article:published_time' content='{published}'>"


def day_of(data: bytes) -> str | None:
    article = read_seed("news/sea-wall.html", data)
    return None if article.date is None else article.date.isoformat()[:10]


def test_the_date_under_the_headline_wins_over_stale_metadata() -> None:
    # The address was made (and datePublished set) long before the article went out.
    head = json_ld("2019-01-10T08:00:00+00:00")
    header = "<p class='byline'>By Mary Fisher · March 5, 2024</p>"
    assert day_of(page(header, head)) == "2024-03-05"


def test_without_a_shown_date_the_metadata_gives_it() -> None:
    head = json_ld("2024-03-05T09:30:00+00:00", "2024-06-01T10:00:00+00:00")
    article = read_seed("news/sea-wall.html", page("<p>By Mary Fisher</p>", head))
    # The time of day and zone come from the metadata too.
    assert article.date == dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "header",
    [
        "<p>Updated June 1, 2024</p>",
        "<p>Last updated:</p><p>June 1, 2024</p>",  # the label on a line of its own
        "<p>Mis à jour le 1 juin 2024</p>",
        "<p>Aktualisiert am 01.06.2024</p>",
        "<p>Medically reviewed by Dr Ann Lee on June 1, 2024</p>",
    ],
)
def test_a_date_labelled_as_an_update_is_not_the_publication_date(header: str) -> None:
    head = json_ld("2024-03-05T09:30:00+00:00", "2024-06-01T10:00:00+00:00") + open_graph(
        "2024-03-05T09:30:00+00:00"
    )
    assert day_of(page(header, head)) == "2024-03-05"


def test_a_page_that_shows_only_an_update_without_open_graph_is_dated_by_it() -> None:
    # The reader sees no other date; the JSON-LD's datePublished alone is no more than
    # the day the address was made. The time of day comes from dateModified.
    head = json_ld("2019-01-10T08:00:00+00:00", "2024-06-01T10:00:00+00:00")
    article = read_seed("news/sea-wall.html", page("<p>Updated June 1, 2024</p>", head))
    assert article.date == dt.datetime(2024, 6, 1, 10, 0, tzinfo=dt.UTC)
    # Without any metadata too, and above the headline.
    assert day_of(page("<p>Last updated:</p><p>June 1, 2024</p>")) == "2024-06-01"
    assert day_of(page("", above="<p>Updated June 1, 2024</p>")) == "2024-06-01"


def test_a_shown_date_that_is_the_declared_modification_gives_way_to_open_graph() -> None:
    # The theme shows the last edit without a label.
    modified = "<meta property='article:modified_time' content='2024-06-01T10:00:00+00:00'>"
    head = open_graph("2024-03-05T09:30:00+00:00") + modified
    article = read_seed("news/sea-wall.html", page("<p>June 1, 2024</p>", head))
    assert article.date == dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC)
    # A shown date that no metadata calls a modification stays.
    assert day_of(page("<p>June 2, 2024</p>", head)) == "2024-06-02"
    # So does one that the page's address names.
    canonical = "<link rel='canonical' href='https://news.example/2024/06/01/sea-wall/'>"
    assert day_of(page("<p>June 1, 2024</p>", head + canonical)) == "2024-06-01"
    # So does one whose page declares its publication in JSON-LD only.
    head = json_ld("2024-03-05T09:30:00+00:00", "2024-06-01T10:00:00+00:00")
    assert day_of(page("<p>June 1, 2024</p>", head)) == "2024-06-01"


def test_a_shown_day_one_off_from_a_declared_utc_time_stays_the_shown_day() -> None:
    # 01:30 UTC on the 6th is the evening of the 5th in America, where the page was made:
    # the page's own day is kept (with no time of day: the stamp is another day's).
    head = open_graph("2024-03-06T01:30:00+00:00")
    article = read_seed("news/sea-wall.html", page("<p>March 5, 2024</p>", head))
    assert article.date == dt.date(2024, 3, 5)


def test_a_numeric_date_read_the_wrong_way_round_is_set_right_by_the_metadata() -> None:
    # 09.10.2024 reads as the 9th of October; the page declares the 10th of September.
    head = json_ld("2024-09-10T16:07:00+00:00")
    assert day_of(page("<p>By Block · 09.10.2024</p>", head)) == "2024-09-10"
    assert day_of(page("<p>By Block · 09.10.2024</p>", json_ld("2024-09-11"))) == "2024-10-09"


def test_the_first_of_a_published_and_an_updated_date_is_taken() -> None:
    header = "<p>Published 5 March 2024</p><p>Updated 1 June 2024</p>"
    assert day_of(page(header)) == "2024-03-05"
    header = "<p>Updated 1 June 2024</p><p>First published 5 March 2024</p>"
    assert day_of(page(header)) == "2024-03-05"


@pytest.mark.parametrize(
    ("header", "day"),
    [
        ("<p>Publié le 14 août 2023 à 10h30</p>", "2023-08-14"),
        ("<p>Veröffentlicht am 5. März 2024</p>", "2024-03-05"),
        ("<p>Publicado el 3 de marzo de 2024</p>", "2024-03-03"),
        ("<p>Pubblicato il 12 ottobre 2021</p>", "2021-10-12"),
        ("<p>Publicado em 30 de setembro de 2022</p>", "2022-09-30"),
        ("<p>Gepubliceerd op 7 mei 2024</p>", "2024-05-07"),
        ("<p>Veröffentlicht: 02.03.2024</p>", "2024-03-02"),
    ],
)
def test_a_date_line_in_another_language(header: str, day: str) -> None:
    assert day_of(page(header, json_ld("2019-01-10"))) == day


def test_a_time_element_is_read_by_its_words_then_its_attribute() -> None:
    # Late in the evening in New York is the next day in UTC: the page shows the 23rd.
    shown = "<time datetime='2026-02-24T03:30:00Z'>February 23, 2026</time>"
    assert day_of(page(f"<p>{shown}</p>")) == "2026-02-23"
    # Words that are no date ("2 days ago") leave the day to the attribute.
    relative = "<time datetime='2026-02-21T10:00:00Z'>2 days ago</time>"
    assert day_of(page(f"<p>By Mary Fisher</p><p>{relative}</p>")) == "2026-02-21"


def test_a_date_just_above_the_headline() -> None:
    above = "<p class='kicker'>Local news</p><p>12 December 2025</p>"
    assert day_of(page("<p>By Mary Fisher</p>", json_ld("2025-12-02"), above)) == "2025-12-12"


def test_dates_in_the_text_and_in_links_below_it_are_not_the_date() -> None:
    head = json_ld("2024-03-05")
    # A sentence that mentions a date is not a date line.
    sentence = "<p>The council first discussed the wall on 12 January 2022 in the town hall.</p>"
    assert day_of(page(sentence, head)) == "2024-03-05"
    # Other articles' dates, after the text, are too far from the headline.
    related = "<ul><li><a href='/b'>Storm closes quay</a> <span>1 May 2025</span></li></ul>"
    assert day_of(page("", head, after=related)) == "2024-03-05"


def test_a_script_near_the_headline_is_not_read() -> None:
    script = "<script>var built = 'March 9, 2026';</script><p>By Mary Fisher</p>"
    assert day_of(page(script, json_ld("2024-03-05"))) == "2024-03-05"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("By Mary Fisher · March 5, 2024", ["2024-03-05"]),
        ("Sept. 5th 2024", ["2024-09-05"]),
        ("12th Feb. 2025, 9:00", ["2025-02-12"]),
        ("1er mars 2024", ["2024-03-01"]),
        ("5. März 2024 und 7. Mai 2024", ["2024-03-05", "2024-05-07"]),
        ("3 de marzo de 2024", ["2024-03-03"]),
        ("on 04-ago-2021 5:11:10", ["2021-08-04"]),
        ("05-Mar-2024", ["2024-03-05"]),
        ("2024-03-05T10:00:00Z", ["2024-03-05"]),
        ("05.03.2024", ["2024-03-05"]),
        ("31 February 2024", []),  # no such day
        ("03/01/2017", []),  # the 3rd of January or the 1st of March
        ("in March 2024", []),  # no day
        ("the app v2.10.2024", []),  # a version number
    ],
)
def test_text_dates(text: str, days: list[str]) -> None:
    assert [found.day.isoformat() for found in text_dates(text)] == days


@pytest.mark.parametrize(
    "furniture",
    [
        "<p>Publié le</p>",  # a label whose date was markup the extractor dropped
        "<p>Veröffentlicht am:</p>",
        "<p>Posted on</p>",
        "<p>5 March 2024 · 4 min read</p>",
        "<p>Last updated: 6 March 2024</p>",
        "<p>By Mary Fisher</p>",
        "<p>par Jean-Luc Dupont</p>",
    ],
)
def test_date_lines_labels_and_bylines_around_the_text_are_dropped(furniture: str) -> None:
    article = read_seed("news/sea-wall.html", page(furniture, after=furniture))
    assert article.body.startswith("The harbour council voted")
    assert article.body.endswith("the works are due to start in the spring.")


def test_a_short_line_with_a_date_inside_the_text_is_kept() -> None:
    timeline = "<p>12 January 2022</p><p>The council first discussed the wall.</p>"
    more = "<p>Works start in the spring.</p><p>The quay stays open meanwhile.</p>"
    article = read_seed(
        "news/sea-wall.html", page("", json_ld("2024-03-05"), after=timeline + more)
    )
    assert "\n\n12 January 2022\n\nThe council first discussed the wall.\n\n" in article.body
    assert article.date == dt.date(2024, 3, 5)
