"""Reader accuracy on scraped-page layouts it has never seen: generated site templates.

Usage: .venv/bin/python bench/layouts.py [--set tune|report|all] [--direct]
       [--templates 60] [--per-template 40] [--show K] [--sites] [--json FILE]
       [--by COMPONENT] [--workdir DIR] [--corpus PATH]

A *template* is one site: a fixed random choice of every page component (header
furniture, title style, date format and place, source/byline form, caption place,
Markdown / e-mail / text-browser conventions, footers, paragraph wrapping, encoding,
line endings), made by ``random.Random`` from its number alone. Every page of a site
uses its template; only per-article values (title, date, author, related headlines,
comment counts...) vary. A fixed seed splits the templates into TUNE (about 60 %,
for working on the reader) and REPORT (about 40 %, only ever reported).

Corpus stories are typeset into ``seeds/site-NN/`` of a throwaway project (or of
``--workdir``, kept), the truth beside it in ``truth.jsonl`` (outside ``seeds/``).
By default the project is imported with ``digest import`` (what the reader learns
across the pages of a folder counts); ``--direct`` reads each page alone with
``digest.readers.read_seed`` (faster, no learning). Scores, like ``bench/accuracy.py``:
title exact (whitespace collapsed), date at the precision shown, source Reuters (after
the reader's agency spelling), body >= 0.98 word match, and leaks: pages whose body
holds any furniture string the generator inserted.

Look at failures (``--show``, ``--sites``, the worst templates) with ``--set tune`` only:
the REPORT templates stay unseen, or their figures stop meaning "layouts never seen".
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from accuracy import BODY_THRESHOLD, body_match, date_matches

from digest.article import Article
from digest.exceptions import DigestError
from digest.readers import read_seed

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "reuters"
SPLIT_SEED = 20261204
"""Fixed: which templates are TUNE and which REPORT never changes between runs."""
TUNE_SHARE = 0.6
FIELDS = ("title", "date", "source", "body", "leak")

# -- vocabulary (invented; several variants of every kind of furniture) ----------------------

PLACE_WORDS = [
    "Harbour", "Northgate", "Midland", "Riverside", "Eastbrook", "Summit", "Lakeshore",
    "Granite", "Old Mill", "Westfield", "Pinecrest", "Bayview", "Iron Bridge", "Crescent",
    "Highmoor", "Silverdale", "Copper Hill", "Fenwick", "Saltmarsh", "Kingsway",
]  # fmt: skip
PAPER_WORDS = [
    "Ledger", "Courier", "Dispatch", "Sentinel", "Tribune", "Herald", "Chronicle", "Gazette",
    "Observer", "Bulletin", "Record", "Monitor", "Daily", "Review", "Examiner", "Clarion",
    "Beacon", "Standard", "Argus", "Mercury",
]  # fmt: skip
TAGLINES = [
    "Independent journalism since 1911", "News you can trust", "The paper of the valley",
    "Business, markets and the world", "Your morning read", "Reporting without fear",
]  # fmt: skip
SECTIONS = [
    "Home", "News", "World", "Business", "Markets", "Economy", "Politics", "Technology",
    "Science", "Health", "Sport", "Opinion", "Culture", "Energy", "Commodities", "Companies",
    "Finance", "Local", "Video", "Podcasts", "Travel", "Property", "Jobs", "Obituaries",
]  # fmt: skip
FIRST_NAMES = [
    "Maria", "Tom", "Ingrid", "Paul", "Aisha", "Kenji", "Laura", "Diego", "Nadia", "Peter",
    "Helen", "Samuel", "Yara", "Oliver", "Chen", "Fatima", "Lucas", "Greta", "Ravi", "Anne",
]  # fmt: skip
LAST_NAMES = [
    "Whitaker", "Okafor", "Lindqvist", "Moreau", "Castillo", "Brennan", "Takahashi", "Novak",
    "Haddad", "Fischer", "Duarte", "Kowalski", "Ashworth", "Mbeki", "Larsen", "Quinn",
    "Sorensen", "Patel", "Rinaldi", "Osei",
]  # fmt: skip
CAPTION_SCENES = [
    "A general view of the port of {place}", "Traders at work in {place} in a file photo",
    "Workers load sacks onto a lorry near {place}", "The skyline of {place} at dusk",
    "Officials leave a meeting in {place}", "A worker checks equipment at a plant outside {place}",
    "Containers stacked at a terminal in {place}", "Pedestrians pass a bank branch in {place}",
]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
AP_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
             "Nov.", "Dec."]  # fmt: skip
OFFSETS = ["+00:00", "-05:00", "+01:00", "+09:00", "-08:00", "+05:30", "+02:00"]
ZONES = ["GMT", "UTC", "EST", "ET", "CET", "BST", "PST"]
PROSE_SEPARATORS = [" | ", " · ", " • ", " — ", " / ", " ; ", " - "]
CHARSETS = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8",
    "cp1252": "windows-1252",
    "latin-1": "iso-8859-1",
}
NAV_SEPARATORS = [" | ", " · ", " • ", "  ", " / ", " :: ", " ¦ ", "   ", " — ", " - "]

# -- the story and what the page showed ------------------------------------------------------


@dataclass
class Story:
    """One corpus story: the per-article values a page is made from."""

    id: str
    title: str
    date: dt.datetime
    paragraphs: list[str]
    dateline: str
    topics: list[str]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Story:
        return cls(
            id=row["id"],
            title=" ".join(row["title"].split()),
            date=dt.datetime.fromisoformat(row["date"]),
            paragraphs=[" ".join(p.split()) for p in row["body"].split("\n\n") if p.strip()],
            dateline=row.get("dateline") or "",
            topics=list(row.get("topics") or []) + list(row.get("places") or []),
        )


@dataclass
class Ctx:
    """What one page is being built from, and what it has shown so far (the truth)."""

    story: Story
    rng: Random
    related: list[str]
    author: str = ""
    title: str = ""
    date_shown: str = ""
    precision: str = ""
    shown_date: str = ""
    body_prefix: str = ""
    furniture: list[str] = field(default_factory=list)

    def furn(self, *lines: str) -> list[str]:
        """Return ``lines``, remembered as furniture the reader must keep out of the body."""
        self.furniture.extend(line for line in lines if line.strip())
        return list(lines)


Part = Callable[[Ctx], list[str]]
"""A piece of a page: the lines it adds for one article."""


@dataclass
class Site:
    """The fixed, per-site names a template's furniture uses."""

    name: str
    domain: str
    sections: list[str]
    nav_sep: str
    copyright_sign: str
    year: int
    encoding: str = "utf-8"
    """Set once the template is made (an e-mail page's Content-Type names it)."""


@dataclass
class Template:
    """One site: every choice fixed; ``render`` makes a page of it for a story."""

    number: int
    site: Site
    components: dict[str, str]
    header: list[Part]
    meta: list[Part]
    footer: list[Part]
    body: Callable[[Ctx, list[str]], list[str]]
    encoding: str
    newline: str
    suffix: str
    trailing_space: bool

    @property
    def folder(self) -> str:
        return f"site-{self.number:02d}"


def person(rng: Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:60]


def case(text: str, mode: str) -> str:
    return text.upper() if mode == "upper" else text.lower() if mode == "lower" else text


# -- dates -----------------------------------------------------------------------------------

DateFormat = Callable[[dt.datetime, str], str]
"""Format a date: (value, the case of the month and weekday names)."""


def _h12(d: dt.datetime) -> tuple[int, str]:
    return (d.hour % 12 or 12), ("AM" if d.hour < 12 else "PM")


def _month(d: dt.datetime, mode: str, short: bool = False) -> str:
    name = MONTHS[d.month - 1]
    return case(name[:3] if short else name, mode)


def _weekday(d: dt.datetime, mode: str, short: bool = False) -> str:
    name = WEEKDAYS[d.weekday()]
    return case(name[:3] if short else name, mode)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def date_formats(rng: Random) -> dict[str, tuple[DateFormat, str]]:
    """Return the date formats by name, each with the precision it shows.

    Zones and offsets are fixed per site (``rng``); the time shown is always the story's
    local time, so the truth is the story's date at the precision shown."""
    off, zone = rng.choice(OFFSETS), rng.choice(ZONES)
    rfc_off = off.replace(":", "")

    def ampm(d: dt.datetime, dots: bool = False, lower: bool = False, pad: bool = False) -> str:
        h, p = _h12(d)
        p = "a.m." if dots and p == "AM" else "p.m." if dots else p.lower() if lower else p
        return f"{h:02d}:{d.minute:02d} {p}" if pad else f"{h}:{d.minute:02d} {p}"

    return {
        "iso-date": (lambda d, m: f"{d:%Y-%m-%d}", "day"),
        "iso-T-min": (lambda d, m: f"{d:%Y-%m-%dT%H:%M}", "minute"),
        "iso-T-sec": (lambda d, m: f"{d:%Y-%m-%dT%H:%M:%S}", "second"),
        "iso-space-min": (lambda d, m: f"{d:%Y-%m-%d %H:%M}", "minute"),
        "iso-space-sec": (lambda d, m: f"{d:%Y-%m-%d %H:%M:%S}", "second"),
        "iso-Z": (lambda d, m: f"{d:%Y-%m-%dT%H:%M:%S}Z", "second"),
        "iso-offset": (lambda d, m: f"{d:%Y-%m-%dT%H:%M:%S}{off}", "second"),
        "iso-min-offset": (lambda d, m: f"{d:%Y-%m-%dT%H:%M}{off}", "minute"),
        "iso-space-zone": (lambda d, m: f"{d:%Y-%m-%d %H:%M} {zone}", "minute"),
        "iso-millis": (lambda d, m: f"{d:%Y-%m-%dT%H:%M:%S}.000Z", "second"),
        "ymd-slash": (lambda d, m: f"{d:%Y/%m/%d %H:%M}", "minute"),
        "rfc2822": (
            lambda d, m: (
                f"{_weekday(d, m, True)}, {d:%d} {_month(d, m, True)} {d:%Y %H:%M:%S} {rfc_off}"
            ),
            "second",
        ),
        "rfc2822-gmt": (
            lambda d, m: (
                f"{_weekday(d, m, True)}, {d.day} {_month(d, m, True)} {d:%Y %H:%M:%S} GMT"
            ),
            "second",
        ),
        "rfc2822-noday": (
            lambda d, m: f"{d:%d} {_month(d, m, True)} {d:%Y %H:%M} {rfc_off}",
            "minute",
        ),
        "us-ampm": (lambda d, m: f"{d:%m/%d/%Y} {ampm(d, pad=True)}", "minute"),
        "us-ampm-short": (
            lambda d, m: f"{d.month}/{d.day}/{d.year} {ampm(d, lower=True)}",
            "minute",
        ),
        "us-ampm-sec": (
            lambda d, m: f"{d:%m/%d/%Y} {_h12(d)[0]}:{d:%M:%S} {_h12(d)[1]}",
            "second",
        ),
        "us-date": (lambda d, m: f"{d:%m/%d/%Y}", "day"),
        "dotted": (lambda d, m: f"{d:%d.%m.%Y}", "day"),
        "dotted-time": (lambda d, m: f"{d:%d.%m.%Y %H:%M}", "minute"),
        "dotted-comma": (lambda d, m: f"{d:%d.%m.%Y}, {d:%H:%M} {zone}", "minute"),
        "long-us": (lambda d, m: f"{_month(d, m)} {d.day}, {d.year}", "day"),
        "long-us-time": (
            lambda d, m: f"{_month(d, m)} {d.day}, {d.year}, {ampm(d)}",
            "minute",
        ),
        "long-uk": (lambda d, m: f"{d.day} {_month(d, m)} {d.year}", "day"),
        "long-uk-time": (lambda d, m: f"{d.day} {_month(d, m)} {d.year} {d:%H:%M}", "minute"),
        "ap-style": (lambda d, m: f"{case(AP_MONTHS[d.month - 1], m)} {d.day}, {d.year}", "day"),
        "ap-time": (
            lambda d, m: f"{_month(d, m, True)} {d.day}, {d.year} {ampm(d, dots=True)}",
            "minute",
        ),
        "weekday-us": (
            lambda d, m: f"{_weekday(d, m)}, {_month(d, m)} {d.day}, {d.year}",
            "day",
        ),
        "weekday-uk-dot-time": (
            lambda d, m: f"{_weekday(d, m)} {d.day} {_month(d, m)} {d.year} {d:%H.%M} {zone}",
            "minute",
        ),
        "weekday-short-pm": (
            lambda d, m: (
                f"{_weekday(d, m, True)} {d.day} {_month(d, m, True)} {d.year} - "
                f"{ampm(d, lower=True).replace(' ', '')}"
            ),
            "minute",
        ),
        "weekday-caps": (
            lambda d, m: f"{_weekday(d, 'upper')}, {_month(d, 'upper', True)} {d.day}, {d.year}",
            "day",
        ),
        "time-first": (
            lambda d, m: f"{d:%H:%M} {zone}, {d.day} {_month(d, m)} {d.year}",
            "minute",
        ),
        "time-first-ampm": (
            lambda d, m: (
                f"{ampm(d)} {zone}, {_weekday(d, m, True)} {_month(d, m)} {d.day}, {d.year}"
            ),
            "minute",
        ),
        "at-time": (
            lambda d, m: f"{_month(d, m)} {d.day}, {d.year} at {ampm(d, lower=True)} {zone}",
            "minute",
        ),
        "dmy-abbr-time": (
            lambda d, m: f"{d:%d}-{_month(d, m, True)}-{d.year} {d:%H:%M}",
            "minute",
        ),
        "mon-sec": (
            lambda d, m: f"{_month(d, m, True)} {d.day} {d.year} {d:%H:%M:%S}",
            "second",
        ),
        "ordinal-uk": (lambda d, m: f"{_ordinal(d.day)} {_month(d, m)} {d.year}", "day"),
        "ordinal-us": (lambda d, m: f"{_month(d, m)} {_ordinal(d.day)}, {d.year}", "day"),
        "weekday-full-zone": (
            lambda d, m: (
                f"{_weekday(d, m, True)}, {_month(d, m, True)} {d.day}, {d.year}, {ampm(d)} {zone}"
            ),
            "minute",
        ),
        "uk-comma-time": (
            lambda d, m: f"{d.day} {_month(d, m, True)} {d.year}, {d:%H:%M}",
            "minute",
        ),
    }


def iso_shown(d: dt.datetime, precision: str) -> str:
    if precision == "day":
        return f"{d:%Y-%m-%d}"
    return f"{d:%Y-%m-%dT%H:%M}" if precision == "minute" else f"{d:%Y-%m-%dT%H:%M:%S}"


DATE_LABELS = [
    "", "", "", "Published", "Published:", "Published on", "Posted on", "Posted:", "Posted",
    "Updated", "Updated:", "Last updated:", "Date:", "Dated", "Filed:", "First published:",
    "Released:", "Issued on", "Publication date:", "On", "PUBLISHED:", "published",
]  # fmt: skip

# -- template generation ---------------------------------------------------------------------


def make_site(rng: Random) -> Site:
    name = f"{rng.choice(PLACE_WORDS)} {rng.choice(PAPER_WORDS)}"
    if rng.random() < 0.3:
        name = "The " + name
    sections = ["Home", *rng.sample(SECTIONS[1:], rng.randint(4, 8))]
    return Site(
        name=name,
        domain=slug(name).replace("-", "") + rng.choice([".example", ".example.com", ".test"]),
        sections=sections,
        nav_sep=rng.choice(NAV_SEPARATORS),
        copyright_sign=rng.choice(["©", "©", "(c)", "(C)", "Copyright", "Copyright ©"]),
        year=rng.choice([1987, 1988, 2024, 2026]),
    )


def header_parts(rng: Random, site: Site, comp: dict[str, str]) -> list[Part]:
    """Choose the lines above the article: site name, navigation, skip links, ads..."""
    options: dict[str, Part] = {}
    sitename = rng.choice([site.name, site.name.upper(), f"{site.name} - {rng.choice(TAGLINES)}"])
    options["site-name"] = lambda c: c.furn(sitename)
    nav = site.nav_sep.join(site.sections)
    if rng.random() < 0.2:
        nav = " ".join(f"[ {s} ]" for s in site.sections)
    options["nav"] = lambda c: c.furn(nav)
    crumb_sep = rng.choice([" > ", " » ", " / ", " › ", " >> "])
    crumb_prefix = rng.choice(["", "", "You are here: ", "Back to "])
    crumb = crumb_prefix + crumb_sep.join(["Home", *rng.sample(site.sections[1:], 2)])
    options["breadcrumb"] = lambda c: c.furn(crumb)
    skips = rng.sample(
        ["Skip to main content", "Skip to content", "Jump to navigation", "Skip navigation",
         "Go to the main menu", "Accessibility help", "Open menu", "Close menu"],
        rng.randint(1, 2),
    )  # fmt: skip
    options["skip-links"] = lambda c: c.furn(*skips)
    account = rng.choice([" | ", "  ", " · ", " / "]).join(
        rng.sample(
            ["Sign in", "Log in", "Register", "Subscribe", "My account", "Create account",
             "Newsletters", "Sign up", "Subscribe now", "Try 30 days free", "Donate", "Log out"],
            rng.randint(2, 3),
        )
    )  # fmt: skip
    options["account-row"] = lambda c: c.furn(account)
    ad = rng.choice(
        ["Advertisement", "ADVERTISEMENT", "- Advertisement -", "Sponsored content",
         "Advertise with us", "[ad]", "AD", "Paid content"]
    )  # fmt: skip
    options["ad"] = lambda c: c.furn(ad)
    edition = rng.choice(["Edition: ", "Region: ", ""]) + rng.choice([" | ", " / "]).join(
        rng.sample(["UK", "US", "Asia", "Europe", "Africa", "International"], 3)
    )
    options["edition"] = lambda c: c.furn(edition)
    sky = rng.choice(["Cloudy", "Sunny", "Light rain", "Fog"])
    weather = f"{rng.choice(PLACE_WORDS)} {rng.randint(-3, 30)}°C {sky}"
    options["weather"] = lambda c: c.furn(weather)
    trending = rng.choice(["Trending:", "Breaking:", "Most read:", "Latest:", "Now:"])
    options["trending"] = lambda c: c.furn(f"{trending} {c.related[0]}")
    search = rng.choice(["Search", "Search the site", "Search…", "Menu  Search", "Type to search"])
    options["search"] = lambda c: c.furn(search)
    kicker_forms = ["{s}", "{S}", "{s} »", "[{s}]", "{S} /"]
    section = rng.choice(site.sections[1:])
    kicker = rng.choice(kicker_forms).format(s=section, S=section.upper())
    options["kicker"] = lambda c: c.furn(kicker)
    # Some sites' pages start with the article (a reader view, a clean scraper).
    chosen = rng.sample(sorted(options), rng.choices(range(6), [25, 15, 15, 15, 15, 15])[0])
    if chosen and "nav" not in chosen and rng.random() < 0.5:
        chosen.append("nav")
    rng.shuffle(chosen)
    comp["header"] = ",".join(chosen) or "none"
    gap = rng.choice([True, False])
    parts = [options[k] for k in chosen]
    if gap and parts:
        parts.append(lambda c: [""])
    return parts


def title_part(rng: Random, style: str, site: Site) -> Part:
    """Return the part that shows the title in ``style`` and records the expected title."""
    suffix_sep = rng.choice([" | ", " - ", " — ", " :: "])
    underline = rng.choice(["=", "-", "~"])

    def part(c: Ctx) -> list[str]:
        t = c.story.title
        if style == "caps":
            t = t.upper()
        c.title = t
        if style == "hash":
            return [f"# {t}"]
        if style == "hash2":
            return [f"## {t}"]
        if style == "subject":
            return [f"Subject: {t}"]
        if style == "label":
            return [f"Headline: {t}"]
        if style == "underline":
            return [t, underline * min(len(t), 72)]
        if style == "bold":
            return [f"**{t}**"]
        if style == "site-suffix":
            c.furniture.append(f"{suffix_sep.strip()} {site.name}")
            return [f"{t}{suffix_sep}{site.name}"]
        if style == "indented":
            return [f"      {t}"]
        return [t]

    return part


def date_text(rng: Random, comp: dict[str, str], with_label: bool) -> Callable[[Ctx], str]:
    """Return a function giving the date as this site shows it (and setting the truth)."""
    formats = date_formats(rng)
    name = rng.choice(sorted(formats))
    fmt, precision = formats[name]
    mode = rng.choice(["title"] * 5 + ["upper", "lower"])
    # A second, later date ("Updated ...") only beside a labelled first one, as sites do.
    updated = rng.random() < 0.12 and with_label
    labels = [x for x in DATE_LABELS if not updated or "pdated" not in x]
    label = rng.choice(labels) if with_label else ""
    comp["date"] = f"{name}/{mode}" + (f" label={label!r}" if label else "")
    if updated:
        comp["date"] += " +updated"
    updated_label = rng.choice(["Updated", "Updated:", "Last modified:", "Revised"])
    both_sep = rng.choice([" | ", " · ", "; ", ", "])

    def text(c: Ctx) -> str:
        d = c.story.date
        c.date_shown, c.precision = iso_shown(d, precision), precision
        shown = fmt(d, mode)
        c.shown_date = shown
        line = f"{label} {shown}" if label else shown
        if updated:
            later = d + dt.timedelta(hours=c.rng.randint(1, 30), minutes=c.rng.randint(0, 59))
            line += f"{both_sep}{updated_label} {fmt(later, mode)}"
        return line

    return text


def byline_text(rng: Random, comp: dict[str, str]) -> Callable[[Ctx], str]:
    """Return a function giving the source/byline line as this site writes it."""
    agency = rng.choice(["Reuters"] * 6 + ["REUTERS", "Reuter"])
    forms: dict[str, Callable[[Ctx], str]] = {
        "by-author-agency": lambda c: f"By {c.author}, {agency}",
        "by-author-bar": lambda c: f"By {c.author} | {agency}",
        "by-author-paren": lambda c: f"By {c.author} ({agency})",
        "by-two-authors": lambda c: f"By {c.author} and {person(c.rng)}, {agency}",
        "source-label": lambda c: f"Source: {agency}",
        "agency-label": lambda c: f"Agency: {agency}",
        "credit-label": lambda c: f"Credit: {agency}",
        "via": lambda c: f"Via {agency}",
        "from": lambda c: f"From {agency}",
        "wire-label": lambda c: f"Wire service: {agency}",
        "provided-by": lambda c: f"Provided by {agency}",
        "staff": lambda c: f"{agency} staff",
        "by-staff": lambda c: f"By {agency} Staff",
        "agency-alone": lambda c: agency,
        "author-dash-agency": lambda c: f"{c.author} — {agency}",
        "written-by": lambda c: f"Written by {c.author} for {agency}",
        "story-by": lambda c: f"Story: {c.author} / {agency}",
        "reporter-label": lambda c: f"Reporter: {c.author} ({agency})",
    }
    name = rng.choice(sorted(forms))
    comp["byline"] = f"{name}/{agency}"
    return forms[name]


def field_row(
    rng: Random, comp: dict[str, str], date: Callable[[Ctx], str] | None
) -> Callable[[Ctx], str]:
    """Return a function giving one row of fields: date, source, author, reading time..."""
    agency = rng.choice(["Reuters", "Reuters", "REUTERS"])
    section = rng.choice(["Markets", "World", "Business", "Economy"])
    labelled = rng.random() < 0.4
    fields: dict[str, Callable[[Ctx], str]] = {
        "source": (lambda c: f"Source: {agency}") if labelled else (lambda c: agency),
        "author": (lambda c: f"Author: {c.author}") if labelled else (lambda c: f"By {c.author}"),
        "read": lambda c: (
            f"{max(1, sum(len(p.split()) for p in c.story.paragraphs) // 200)} "
            + ("min read" if not labelled else "minutes")
        ),
        "section": lambda c: section,
        "comments": lambda c: f"{c.rng.randint(0, 250)} comments",
    }
    chosen = ["source", *rng.sample(["author", "read", "section", "comments"], rng.randint(0, 3))]
    order = [*chosen, "date"] if date is not None else chosen
    rng.shuffle(order)
    sep = rng.choice(PROSE_SEPARATORS)
    comp["fields"] = sep.strip() + ":" + ",".join(order) + (" labelled" if labelled else "")

    # Added later, from a stream of its own so that the other choices stay as they were:
    # a date and the agency alone may read "<date> (Reuters)".
    bracket = sorted(order) == ["date", "source"] and Random(comp["site"]).random() < 0.5
    if bracket:
        comp["fields"] = "date (agency)"

    def row(c: Ctx) -> str:
        if bracket:
            assert date is not None
            return f"{date(c)} ({agency})"
        out = []
        for key in order:
            if key == "date":
                assert date is not None
                out.append(date(c))
            else:
                out.append(fields[key](c))
        return sep.join(out)

    return row


def caption_part(rng: Random, comp: dict[str, str]) -> Part:
    credit = rng.choice(
        ["[{agency}]", "({agency}/{who})", "{AGENCY}/{who}", "Photo: {agency}",
         "| Photo: {who}/{agency}", "(Photo by {who})", "Image: {who}"]
    )  # fmt: skip
    plain = "Photo" not in credit and "Image" not in credit
    lead = rng.choice(["", "", "Photo: ", "[Image] ", "IMAGE: "]) if plain else ""
    comp["caption-style"] = repr(lead + "..." + credit)

    def part(c: Ctx) -> list[str]:
        city = c.story.dateline.split(",")[0].title() if c.story.dateline else "the capital"
        scene = c.rng.choice(CAPTION_SCENES).format(place=city)
        who = person(c.rng)
        cred = credit.format(agency="Reuters", AGENCY="REUTERS", who=who)
        return c.furn(f"{lead}{scene} {cred}")

    return part


def footer_parts(rng: Random, site: Site, comp: dict[str, str], markdown: bool) -> list[Part]:
    """Choose the lines below the article: action rows, related stories, copyright..."""
    options: dict[str, Part] = {}
    actions = rng.sample(
        ["Print", "Email", "Share", "Save", "Print this article", "E-mail to a friend",
         "Reprints", "Tweet", "Bookmark", "Comment"],
        rng.randint(2, 4),
    )  # fmt: skip
    act_sep = rng.choice(NAV_SEPARATORS)
    with_count = rng.random() < 0.5
    options["actions"] = lambda c: c.furn(
        act_sep.join(actions + ([f"Comments ({c.rng.randint(0, 99)})"] if with_count else []))
    )
    more = rng.choice(["Read more:", "READ MORE:", "See also:", "Related:", "More on this:"])
    options["read-more"] = lambda c: c.furn(f"{more} {c.related[1]}")
    heading = rng.choice(
        ["Related stories", "More from " + site.sections[1], "You may also like",
         "Most read", "Recommended", "RELATED COVERAGE", "In other news"]
    )  # fmt: skip
    bullet = rng.choice(["", "- ", "* ", "• ", "> "])
    n_rel = rng.randint(2, 4)
    options["related"] = lambda c: c.furn(
        heading, *(f"{bullet}{h}" for h in c.related[2 : 2 + n_rel])
    )
    editor = rng.choice(
        ["Reporting by {a}; Editing by {b}", "Editing by {b}", "(Editing by {b})",
         "Additional reporting by {a}", "Compiled by {a} for {site}", "Edited by {b}",
         "Writing by {a}; editing by {b}", "Editor: {b}"]
    )  # fmt: skip
    options["editor"] = lambda c: c.furn(
        editor.format(a=c.author or person(c.rng), b=person(c.rng), site=site.name)
    )
    copyright = rng.choice(
        ["{sign} {year} {site}", "{sign} {year} {site}. All rights reserved.",
         "{sign} {site} {year}", "All material {sign} {site} {year}",
         "{sign} {year} Reuters. All rights reserved. Republication prohibited."]
    ).format(sign=site.copyright_sign, year=site.year, site=site.name)  # fmt: skip
    options["copyright"] = lambda c: c.furn(copyright)
    newsletter = rng.sample(
        [f"Sign up for the {site.name} morning briefing", "Get our daily newsletter",
         "Subscribe to our newsletter", "Unsubscribe | Manage preferences",
         "Enter your email address", "You can unsubscribe at any time.",
         f"Forward this to a friend who needs {site.name}"],
        2,
    )  # fmt: skip
    options["newsletter"] = lambda c: c.furn(*newsletter)
    legal = rng.choice(
        ["Terms of use · Privacy policy · Cookie settings", "Contact us | About us | Advertise",
         "Privacy | Terms | Accessibility | Careers", "About · Contact · Corrections"]
    )  # fmt: skip
    options["legal"] = lambda c: c.furn(legal)
    misc = rng.choice(
        ["Back to top", "Report an error", "Was this article helpful? Yes / No",
         "Comments are closed.", f"Follow {site.name} on social media", "Print this page"]
    )  # fmt: skip
    options["misc"] = lambda c: c.furn(misc)
    tags_label = rng.choice(["Tags:", "Topics:", "Filed under:", "Keywords:"])
    if markdown:
        options["tags"] = lambda c: c.furn(
            f"**{tags_label}** "
            + ", ".join(
                f"[{t}](https://{site.domain}/tag/{t})" for t in c.story.topics[:4] or ["news"]
            )
        )
    else:
        options["tags"] = lambda c: c.furn(
            f"{tags_label} " + ", ".join(c.story.topics[:4] or ["news"])
        )
    chosen = rng.sample(sorted(options), rng.choices(range(6), [15, 17, 17, 17, 17, 17])[0])
    comp["footer"] = ",".join(chosen) or "none"
    blank = rng.choice([True, False])
    parts: list[Part] = []
    for key in chosen:
        parts.append(options[key])
        if blank:
            parts.append(lambda c: [""])
    return parts


def make_template(number: int) -> Template:
    """Make site template ``number`` (the same number always gives the same template)."""
    rng = Random(f"layouts-template-{number}")
    site = make_site(rng)
    comp: dict[str, str] = {"site": site.name}
    fmt = rng.choices(["plain", "markdown", "email", "lynx"], [55, 17, 13, 15])[0]
    comp["format"] = fmt
    header = header_parts(rng, site, comp) if fmt != "email" else []
    footer = footer_parts(rng, site, comp, fmt == "markdown")
    source_place, date_place = choose_places(rng, fmt, comp)
    date = date_text(
        rng,
        comp,
        with_label=date_place != "email" and (date_place != "fields" or rng.random() < 0.5),
    )
    caption_place = rng.choice(["none", "none", "after-meta", "mid-body", "before-title"])
    if fmt == "email" and caption_place == "before-title":
        caption_place = "after-meta"  # nothing comes before a mail's headers
    comp["caption"] = caption_place
    caption = caption_part(rng, comp)
    meta = meta_parts(rng, site, comp, (source_place, date_place, caption_place), date, caption)

    # what the footer adds: a date or source line placed there, the format's own ending
    if date_place == "footer":
        footer.insert(rng.randint(0, len(footer)), furniture_of(date))
    if source_place == "footer":
        line = rng.choice(
            ["— Reuters", "-- Reuters", "Source: Reuters", "(c) Reuters 1987", "REUTERS",
             "Distributed by Reuters", "Copyright Reuters"]
        )  # fmt: skip
        footer.insert(rng.randint(0, len(footer)), fixed(line))
        comp["source"] += f" {line!r}"
    if fmt == "lynx":
        footer.append(lynx_references(rng, site, comp))
    if fmt == "email":
        footer.append(email_footer(rng, site, comp))

    body = body_part(rng, comp, fmt, source_place == "dateline", caption_place, caption)
    encoding = rng.choices(["utf-8", "utf-8-sig", "cp1252", "latin-1"], [60, 5, 20, 15])[0]
    newline = "\r\n" if rng.random() < 0.15 else "\n"
    comp["newline"] = "crlf" if newline == "\r\n" else "lf"
    suffix = ".md" if fmt == "markdown" and rng.random() < 0.6 else ".txt"
    trailing = rng.random() < 0.15
    if trailing:
        comp["trailing-space"] = "yes"
    template = Template(
        number, site, comp, header, meta, footer, body, encoding, newline, suffix, trailing
    )
    # A one-byte code page cannot hold every furniture character (a bullet, a dash): such
    # a site falls back to the next encoding that can, as a real site's pages would.
    for fallback in (encoding, "cp1252", "utf-8"):
        template.encoding = site.encoding = fallback
        try:
            render(template, FAKE_STORY, ["Headline one", "Headline two"] * 4)
            break
        except UnicodeEncodeError:
            continue
    comp["encoding"] = template.encoding
    return template


def choose_places(rng: Random, fmt: str, comp: dict[str, str]) -> tuple[str, str]:
    """Return where the source and the date go (a field row often holds both)."""
    source_place = rng.choice(
        ["byline", "byline", "fields", "dateline", "footer", "email"][: 6 if fmt == "email" else 5]
    )
    date_place = rng.choice(["before-title", "after-title", "after-byline", "footer", "fields"])
    if fmt == "email":
        date_place = "email"
    if date_place == "fields" and source_place != "fields":
        source_place = "fields" if rng.random() < 0.5 else source_place
    if source_place == "fields" and date_place not in ("fields", "email"):
        date_place = rng.choice(["fields", date_place])
    comp["source"], comp["date-place"] = source_place, date_place
    return source_place, date_place


def furniture_of(line: Callable[[Ctx], str]) -> Part:
    """Return a part adding the one furniture line that ``line`` makes for each page."""
    return lambda c: c.furn(line(c))


def meta_parts(
    rng: Random,
    site: Site,
    comp: dict[str, str],
    places: tuple[str, str, str],
    date: Callable[[Ctx], str],
    caption: Part,
) -> list[Part]:
    """Return the lines around the title: e-mail headers, date, byline, fields, caption."""
    source_place, date_place, caption_place = places
    fmt = comp["format"]
    styles = {
        "plain": ["plain"] * 4 + ["caps", "underline", "label", "site-suffix", "hash"],
        "markdown": ["hash", "hash", "hash2", "underline", "bold"],
        "email": ["subject"],
        "lynx": ["plain", "indented", "caps", "underline"],
    }[fmt]
    comp["title"] = rng.choice(styles)
    title = title_part(rng, comp["title"], site)
    row = field_row(rng, comp, date if date_place == "fields" else None)
    byline = byline_text(rng, comp)
    author_line = source_place != "byline" and rng.random() < 0.35
    author_form = rng.choice(["By {a}", "BY {a}", "Author: {a}", "{a}", "Words by {a}"])
    if author_line:
        comp["author-line"] = author_form
    between = rng.choice([False, False, True])
    meta: list[Part] = []

    def add(part: Part) -> None:
        meta.append(part)
        if between:
            meta.append(fixed(""))

    if fmt == "email":
        meta.append(email_headers(rng, site, comp, date, source_place == "email"))
        meta += [title, fixed("")]  # the Subject: header ends the header block
    if fmt == "lynx":
        meta.append(lynx_links(rng, site, comp))
    if caption_place == "before-title":
        add(caption)
    if date_place == "before-title":
        add(furniture_of(date))
    if fmt != "email":
        add(title)
    if date_place == "after-title":
        add(furniture_of(date))
    if author_line:
        add(lambda c: c.furn(author_form.format(a=c.author)))
    if source_place == "byline":
        add(furniture_of(byline))
    if "fields" in (source_place, date_place):
        add(furniture_of(row))
    if date_place == "after-byline":
        add(furniture_of(date))
    if caption_place == "after-meta":
        add(caption)
    if fmt == "markdown":
        meta.extend(markdown_extras(rng, site, comp))
    if not between:
        meta.append(fixed(""))
    if source_place != "byline":
        del comp["byline"]  # chosen all the same: the next choices stay as they were
    if "fields" not in (source_place, date_place):
        del comp["fields"]
    return meta


def body_part(
    rng: Random, comp: dict[str, str], fmt: str, agency: bool, caption_place: str, caption: Part
) -> Callable[[Ctx, list[str]], list[str]]:
    """Return how the site sets the text: dateline, wrapping, a mid-text ad or caption."""
    dateline_kind = "agency" if agency else rng.choice(["agency", "plain", "none", "none"])
    comp["dateline"] = dateline_kind
    dash = rng.choice([" - ", " -- ", " — "])
    paren = rng.choice(["(Reuters)", "(Reuters)", "(REUTERS)", "(Reuter)"])
    wrap = rng.choices(["blank", "wrap-indent", "wrap-blank", "lines"], [50, 25, 15, 10])[0]
    if fmt == "lynx":
        wrap = "lynx"
    width = rng.randint(60, 80)
    indent = " " * rng.randint(2, 5)
    comp["paragraphs"] = wrap + (f"/{width}" if wrap not in ("blank", "lines") else "")
    blank = wrap in ("blank", "wrap-blank", "lynx")
    mid_ad = rng.random() < 0.2
    mid_text = rng.choice(
        ["Advertisement", "Story continues below advertisement", "Continue reading below",
         "- Ad -", "ADVERTISING", "Article continues after this ad"]
    )  # fmt: skip
    if mid_ad:
        comp["mid-body"] = mid_text

    def body(c: Ctx, paras: list[str]) -> list[str]:
        if dateline_kind != "none" and c.story.dateline:
            c.body_prefix = c.story.dateline + (f" {paren}" if dateline_kind == "agency" else "")
            c.body_prefix += dash
            paras = [c.body_prefix + paras[0], *paras[1:]]
        inserts: dict[int, list[str]] = {}
        if mid_ad and len(paras) > 2:
            inserts[len(paras) // 2] = c.furn(mid_text)
        if caption_place == "mid-body" and len(paras) > 1:
            inserts.setdefault(1, []).extend(caption(c))
        out: list[str] = []
        for i, p in enumerate(paras):
            if i in inserts:
                out += inserts[i] + ([""] if blank else [])
            out += typeset(p, wrap, width, indent) + ([""] if blank else [])
        return out

    return body


def typeset(paragraph: str, wrap: str, width: int, indent: str) -> list[str]:
    """Return the lines of one paragraph as the template lays paragraphs out."""
    if wrap in ("blank", "lines"):
        return [paragraph]
    if wrap == "lynx":
        return textwrap.wrap(paragraph, width, initial_indent="   ", subsequent_indent="   ",
                             break_long_words=False, break_on_hyphens=False)  # fmt: skip
    first = indent if wrap == "wrap-indent" else ""
    return textwrap.wrap(paragraph, width, initial_indent=first, break_long_words=False,
                         break_on_hyphens=False)  # fmt: skip


def email_headers(
    rng: Random, site: Site, comp: dict[str, str], date: Callable[[Ctx], str] | None, source: bool
) -> Part:
    """Return the part writing a mail's headers (the title is the Subject: line, later)."""
    sender = rng.choice(["Newsdesk", "Morning Briefing", "Alerts", "Markets Desk"])
    extra = rng.sample(
        ["To: subscribers@{d}", "Message-ID: <{h}@{d}>", "MIME-Version: 1.0",
         "Content-Type: text/plain; charset={enc}", "X-Mailer: NewsletterKit 4.2",
         "Reply-To: desk@{d}", "List-Unsubscribe: <mailto:leave@{d}>"],
        rng.randint(1, 4),
    )  # fmt: skip
    comp["email"] = ",".join(e.split(":")[0] for e in extra)

    def part(c: Ctx) -> list[str]:
        who = (
            f"From: Reuters via {site.name} <alerts@{site.domain}>"
            if source
            else (f"From: {site.name} {sender} <news@{site.domain}>")
        )
        lines = [who]
        if date is not None:
            shown = date(c)
            lines.append(shown if shown.startswith("Date:") else f"Date: {shown}")
        lines += [
            e.format(d=site.domain, h=f"{c.rng.getrandbits(48):012x}", enc=CHARSETS[site.encoding])
            for e in extra
        ]
        return c.furn(*lines)

    return part


def email_footer(rng: Random, site: Site, comp: dict[str, str]) -> Part:
    lines = rng.choice(
        [["-- ", f"You are receiving this because you subscribed to {site.name} alerts."],
         ["____", f"To stop these emails, unsubscribe at https://{site.domain}/unsubscribe"],
         [f"Sent by {site.name}, 1 Quay Street, {rng.choice(PLACE_WORDS)}"]]
    )  # fmt: skip
    return lambda c: c.furn(*lines)


def lynx_links(rng: Random, site: Site, comp: dict[str, str]) -> Part:
    """Return the numbered link list a text browser prints above the page."""
    style = rng.choice(["inline", "lines"])
    comp["lynx"] = style
    names = site.sections[: rng.randint(3, len(site.sections))]
    if style == "inline":
        line = " ".join(f"[{i}]{s}" for i, s in enumerate(names, 1))
        return lambda c: c.furn(line, "")
    lines = [f"   {i}. {s}" for i, s in enumerate(names, 1)]
    return lambda c: c.furn(*lines, "")


def lynx_references(rng: Random, site: Site, comp: dict[str, str]) -> Part:
    heading = rng.choice(["References", "Visible links", "Links:"])

    def part(c: Ctx) -> list[str]:
        urls = (
            [f"https://{site.domain}/"]
            + [f"https://{site.domain}/{slug(s)}/" for s in site.sections[1:]]
            + [f"https://{site.domain}/{c.story.date:%Y/%m/%d}/{slug(c.story.title)}"]
        )
        return [
            "",
            *c.furn(heading),
            "",
            *c.furn(*(f"  {i:>2}. {u}" for i, u in enumerate(urls, 1))),
        ]

    return part


def markdown_extras(rng: Random, site: Site, comp: dict[str, str]) -> list[Part]:
    """Return a Markdown page's extras: a bold byline, share links, an image."""
    parts: list[Part] = []
    kinds = rng.sample(["bold-byline", "share-list", "image", "rule"], rng.randint(1, 3))
    comp["markdown"] = ",".join(kinds)
    bullet = rng.choice(["* ", "- "])
    share = rng.sample(
        [("Share on Facebook", "https://facebook.example/sharer?u="),
         ("Share on X", "https://x.example/intent?url="), ("Email this story", "mailto:?body="),
         ("Share on LinkedIn", "https://linkedin.example/share?url="),
         ("Copy link", "#copy-")],
        3,
    )  # fmt: skip
    for kind in kinds:
        if kind == "bold-byline":
            form = rng.choice(["**By {a}**", "*By {a}*", "**{a}**, Reuters", "_By {a}_"])
            parts.append(byline_form(form))
        elif kind == "share-list":

            def share_part(c: Ctx) -> list[str]:
                url = f"https://{site.domain}/a/{slug(c.story.title)}"
                lines = [f"{bullet}[{t}]({u}{url})" for t, u in share]
                c.furniture.extend(t for t, _ in share if len(t) > 8)
                return [*c.furn(*lines), ""]

            parts.append(share_part)
        elif kind == "image":
            parts.append(
                lambda c: c.furn(
                    f"![photo](https://img.{site.domain}/{c.rng.getrandbits(32):08x}.jpg)", ""
                )
            )
        else:
            rule = rng.choice(["---", "* * *", "___"])
            parts.append(fixed(rule, ""))
    return parts


def fixed(*lines: str) -> Part:
    """Return a part that adds the same furniture lines to every page."""
    return lambda c: c.furn(*lines)


def byline_form(form: str) -> Part:
    """Return a part that writes the author into ``form`` (then a blank line)."""
    return lambda c: c.furn(form.format(a=c.author), "")


# -- pages -----------------------------------------------------------------------------------

FAKE_STORY = Story(
    id="00000",
    title="Grain Shippers Report Record Week At Northern Ports",
    date=dt.datetime(1987, 3, 9, 14, 5, 33),
    paragraphs=[
        "Grain shippers loaded a record tonnage at the northern ports last week, the port "
        "authority said, as barges delayed by ice finally reached the terminals.",
        "Wheat made up most of the cargo, followed by maize and soybeans, it said.",
        "Officials expect loadings to ease in April as the spring harvest in the south "
        "draws vessels away from the region.",
    ],
    dateline="DULUTH, March 9",
    topics=["grain", "wheat", "usa"],
)
"""A made-up story: probes a template's encoding, and lets the tests run without a corpus."""


@dataclass
class Page:
    """One generated seed and the truth about it."""

    file: str
    data: bytes
    truth: dict[str, Any]


def render(template: Template, story: Story, related: list[str]) -> Page:
    """Typeset ``story`` in ``template``; return the page's bytes and its truth."""
    rng = Random(f"{template.number}:{story.id}")
    c = Ctx(story, rng, related, author=person(rng))
    lines: list[str] = []
    for part in template.header + template.meta:
        lines.extend(part(c))
    lines.extend(template.body(c, list(story.paragraphs)))
    if lines[-1].strip():
        lines.append("")  # pages set the footer off the text, whatever their paragraphs
    for part in template.footer:
        lines.extend(part(c))
    while lines and not lines[-1].strip():
        lines.pop()
    if template.trailing_space:
        lines = [line + " " if line else line for line in lines]
    text = template.newline.join(lines) + template.newline
    name = f"{template.folder}/{story.id}_{slug(story.title)[:40] or 'story'}{template.suffix}"
    truth = {
        "file": name,
        "template": template.number,
        "id": story.id,
        "title": c.title,
        "date_shown": c.date_shown,
        "precision": c.precision,
        "shown": c.shown_date,
        "source": "Reuters",
        "author": c.author,
        "body": "\n\n".join(story.paragraphs),
        "body_prefix": c.body_prefix,
        "furniture": sorted(set(" ".join(f.split()) for f in c.furniture) - {""}),
    }
    return Page(name, text.encode(template.encoding), truth)


def split_sets(numbers: list[int]) -> dict[int, str]:
    """Return ``tune`` or ``report`` for each template number (fixed by SPLIT_SEED).

    Decided for each number alone, so that ``--templates 80`` leaves the first 60 where
    they were (36 TUNE and 24 REPORT among templates 1-60)."""
    return {
        n: "tune" if Random(f"{SPLIT_SEED}:{n}").random() < TUNE_SHARE else "report"
        for n in numbers
    }


def load_stories(corpus: Path) -> list[Story]:
    """Return the corpus stories in a fixed shuffled order, each title and body once."""
    rows = [json.loads(line) for line in (corpus / "truth.jsonl").open(encoding="utf-8")]
    seen: set[str] = set()
    stories = []
    for row in rows:
        story = Story.from_row(row)
        keys = {story.title.lower(), "\n".join(story.paragraphs)}
        if keys & seen:
            continue  # a repeat is imported once: it would count as missing
        seen |= keys
        stories.append(story)
    Random(SPLIT_SEED).shuffle(stories)
    return stories


def generate(
    stories: list[Story], numbers: list[int], per_template: int
) -> tuple[list[Page], dict[int, Template]]:
    """Typeset ``per_template`` stories in each template; different stories where possible."""
    pages: list[Page] = []
    templates = {n: make_template(n) for n in numbers}
    for n in numbers:
        for k in range(per_template):
            i = (n * per_template + k) % len(stories)
            story = stories[i]
            pick = Random(f"related:{n}:{story.id}")
            related = [stories[pick.randrange(len(stories))].title for _ in range(8)]
            pages.append(render(templates[n], story, related))
    return pages, templates


def write_project(root: Path, pages: list[Page], templates: dict[int, Template]) -> None:
    """Write a project in ``root``: mkdocs.yml, seeds/site-NN/..., truth.jsonl beside seeds/."""
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "site_src").mkdir(exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for page in pages:
        target = root / "seeds" / page.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.data)
    with (root / "truth.jsonl").open("w", encoding="utf-8") as handle:
        for page in pages:
            handle.write(json.dumps(page.truth, ensure_ascii=False) + "\n")
    described = {t.folder: t.components for t in templates.values()}
    (root / "templates.json").write_text(json.dumps(described, indent=1), encoding="utf-8")


# -- reading the pages back ------------------------------------------------------------------


def read_direct(pages: list[Page]) -> dict[str, Article | str]:
    """Read every page alone with ``read_seed``: the article, or the error's message."""
    out: dict[str, Article | str] = {}
    for page in pages:
        try:
            out[page.file] = read_seed(page.file, page.data, "seeds")
        except DigestError as exc:
            out[page.file] = str(exc)
        except Exception as exc:  # a reader being rewritten may crash: score, don't stop
            out[page.file] = f"crash: {type(exc).__name__}: {exc}"
    return out


_MD_ESCAPE = re.compile(r"\\([\\`*_\[\]{}#+\-!.()|<>~=:])")


def markdown_to_text(body: str) -> str:
    """Undo the article writer's escapes: the plain text the reader produced."""
    return html.unescape(_MD_ESCAPE.sub(r"\1", body))


def read_imported(root: Path) -> tuple[dict[str, Article | str], str]:
    """Run ``digest import`` in ``root``; return the articles by seed, and its output."""
    from digest.articles.front import load

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "digest", "import"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    out: dict[str, Article | str] = {}
    for file in sorted((root / "site_src" / "articles").rglob("*.md")):
        try:
            article = load(file.read_text(encoding="utf-8"), file.name)
        except DigestError as exc:
            print(f"unreadable article {file}: {exc}", file=sys.stderr)
            continue
        article.body = markdown_to_text(article.body)
        out[article.seed] = article
    status = f"\n(digest import exited with {proc.returncode})" if proc.returncode else ""
    return out, proc.stdout + proc.stderr + status


# -- scoring ---------------------------------------------------------------------------------


def agency_name(name: str) -> str:
    """Return the reader's usual spelling of an agency (``REUTERS`` → ``Reuters``)."""
    from digest.readers import text

    spell = getattr(text, "agency", None)
    cleaned = " ".join(name.split()).strip(" .,;:-")
    if spell is not None:
        return str(spell(cleaned))
    # The reader no longer exports its spelling: the wire's own spellings, nothing more.
    return "Reuters" if cleaned.lower() in ("reuters", "reuter") else cleaned


def _collapse(text: str) -> str:
    return " ".join(text.split())


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def skeleton(text: str) -> str:
    """Return ``text`` whitespace-collapsed, each run of non-ASCII characters one NUL.

    A page in a one-byte code page that the reader decoded with another one still shows
    its furniture: ``Home › World`` may come out as ``Home õ World``, never as ASCII."""
    return _NON_ASCII.sub("\0", _collapse(text))


def leaked(body: str, truth: dict[str, Any]) -> list[str]:
    """Return the inserted furniture strings that the extracted ``body`` holds.

    A string that the true title or body hold anyway cannot tell, and is not counted."""
    got = skeleton(body)
    visible = skeleton(_MD_LINK.sub(r"\1", got).replace("**", "").replace("__", ""))
    known = skeleton(truth["title"] + " " + truth["body"] + " " + truth["body_prefix"])
    found = []
    for item in truth["furniture"]:
        shape = skeleton(item)
        if sum(ch.isalnum() for ch in item) < 4 or shape in known:
            continue
        plain = skeleton(_MD_LINK.sub(r"\1", item))
        if shape in got or (len(plain) >= 4 and plain not in known and plain in visible):
            found.append(item)
    return found


def score_page(truth: dict[str, Any], article: Article | str | None) -> dict[str, tuple[bool, str]]:
    """Return, per field, whether the extracted article is right, and what it gave."""
    if not isinstance(article, Article):
        why = article or "no article"
        return {f: (False, f"(not imported: {why[:200]})") for f in FIELDS}
    body_ok = body_match(article.body, truth) >= BODY_THRESHOLD
    leaks = leaked(article.body, truth)
    return {
        "title": (_collapse(article.title) == _collapse(truth["title"]), article.title),
        "date": (
            date_matches(article.date, truth["date_shown"]),
            article.date.isoformat() if article.date else "None",
        ),
        "source": (agency_name(article.source) == truth["source"], article.source),
        "body": (body_ok, body_difference(article.body, truth)),
        "leak": (not leaks, " || ".join(leaks)[:200]),
    }


def body_difference(text: str, truth: dict[str, Any], want: bool = False) -> str:
    """Return the words of ``text`` around where an extracted body and the truth first differ
    (the extracted body's side, or with ``want`` the truth's)."""
    got, true = text.split(), truth["body"].split()
    prefix = truth["body_prefix"].split()
    if prefix and got[: len(prefix)] == prefix:
        got = got[len(prefix) :]  # a dateline kept in front is allowed (body_match drops it)
    if want:
        got, true = true, got
    at = next((i for i, (a, b) in enumerate(zip(got, true, strict=False)) if a != b), None)
    if at is None:
        at = min(len(got), len(true))
    start = max(0, at - 6)
    head = "…" if start else ""
    return f"word {at}: {head}{' '.join(got[start : at + 14])}"


@dataclass
class Tally:
    """Right answers per field for a group of pages (a set, or one template)."""

    pages: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    failures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, truth: dict[str, Any], result: dict[str, tuple[bool, str]]) -> None:
        self.pages += 1
        for name, (ok, got) in result.items():
            if ok:
                self.right[name] += 1
            else:
                want = {
                    "title": truth["title"],
                    "date": f"{truth['date_shown']} (shown {truth['shown']!r})",
                    "source": truth["source"],
                    "body": body_difference(truth["body"], truth, want=True),
                    "leak": "no furniture",
                }[name]
                self.failures[name].append(
                    f"{truth['file']}\n      want {want!r}\n      got  {got!r}"
                )

    def pct(self, name: str) -> float:
        """Return the share of pages right on ``name``; for ``leak``, of pages with a leak."""
        share = 100 * self.right[name] / self.pages if self.pages else 0.0
        return 100 - share if name == "leak" else share

    def badness(self, name: str) -> float:
        return self.pct(name) if name == "leak" else 100 - self.pct(name)


def score(
    pages: list[Page], articles: dict[str, Article | str], sets: dict[int, str]
) -> tuple[dict[str, Tally], dict[int, Tally]]:
    """Return tallies per set (``tune``, ``report``, ``all``) and per template."""
    by_set: dict[str, Tally] = defaultdict(Tally)
    by_template: dict[int, Tally] = defaultdict(Tally)
    for page in pages:
        result = score_page(page.truth, articles.get(page.file))
        number = page.truth["template"]
        for tally in (by_set[sets[number]], by_set["all"], by_template[number]):
            tally.add(page.truth, result)
    return dict(by_set), dict(by_template)


# -- report ----------------------------------------------------------------------------------


def print_report(
    by_set: dict[str, Tally],
    by_template: dict[int, Tally],
    templates: dict[int, Template],
    sets: dict[int, str],
    show: int,
    sites: bool,
) -> None:
    head = f"{'set':8} {'templates':>9} {'N':>6} " + " ".join(f"{f:>8}" for f in FIELDS[:4])
    print(head + f" {'leaks':>14}")
    for name in ("tune", "report", "all"):
        if name not in by_set or (name == "all" and len(by_set) == 2):
            continue  # one set chosen: its row is the whole
        t = by_set[name]
        count = sum(1 for n in by_template if sets[n] == name or name == "all")
        cells = " ".join(f"{t.pct(f):7.1f}%" for f in FIELDS[:4])
        leaks = t.pages - t.right["leak"]
        print(f"{name:8} {count:9} {t.pages:6} {cells} {leaks:6} ({t.pct('leak'):4.1f}%)")
    print("(leaks: pages whose body holds inserted furniture)")
    ranked = sorted(by_template)
    if sites:
        print(f"\n{'site':8} {'set':6} {'N':>4} " + " ".join(f"{f:>7}" for f in FIELDS))
        print("(leak: share of pages with furniture in the body)")
        for n in ranked:
            t = by_template[n]
            cells = " ".join(f"{t.pct(f):6.1f}%" for f in FIELDS)
            print(
                f"{templates[n].folder:8} {sets[n]:6} {t.pages:4} {cells}  {describe(templates[n])}"
            )
    for f in FIELDS:
        worst = sorted(ranked, key=lambda n: (-by_template[n].badness(f), n))[:5]
        worst = [n for n in worst if by_template[n].badness(f) > 0]
        if not worst:
            continue
        print(f"\nworst templates, {f}" + (" (pages with leaks):" if f == "leak" else ":"))
        for n in worst:
            t = by_template[n]
            print(f"  {templates[n].folder} ({sets[n]}) {t.pct(f):5.1f}%  {describe(templates[n])}")
    if show:
        for f in FIELDS:
            fails = by_set["all"].failures.get(f, [])
            if fails:
                print(f"\n{f}: {len(fails)} failures")
                for item in fails[:show]:
                    print("  " + item)


def print_by_component(
    key: str, by_template: dict[int, Tally], templates: dict[int, Template]
) -> None:
    """Print the scores of the templates grouped by the value of one component."""
    groups: dict[str, Tally] = defaultdict(Tally)
    for n, tally in by_template.items():
        value = templates[n].components.get(key, "-")
        value = value.split()[0].split("/")[0] if key in ("date", "paragraphs") else value
        group = groups[value]
        group.pages += tally.pages
        for f in FIELDS:
            group.right[f] += tally.right[f]
    print(f"\nby {key}:\n{'value':24} {'N':>5} " + " ".join(f"{f:>7}" for f in FIELDS))
    for value, t in sorted(groups.items()):
        print(f"{value[:24]:24} {t.pages:5} " + " ".join(f"{t.pct(f):6.1f}%" for f in FIELDS))


def describe(template: Template) -> str:
    """Return the template's choices in one line (what the worst-template lists show)."""
    skip = {"site", "caption-style", "header", "footer", "email", "lynx"}
    return "; ".join(f"{k}={v}" for k, v in template.components.items() if k not in skip)


def figures(
    by_set: dict[str, Tally],
    by_template: dict[int, Tally],
    templates: dict[int, Template],
    sets: dict[int, str],
) -> dict[str, Any]:
    """Return the figures for ``--json``."""

    def of(t: Tally) -> dict[str, Any]:
        leaks = {"leak_pages": t.pages - t.right["leak"], "leak_pct": round(t.pct("leak"), 2)}
        return {"pages": t.pages, **{f: round(t.pct(f), 2) for f in FIELDS[:4]}, **leaks}

    return {
        "sets": {name: of(t) for name, t in by_set.items()},
        "templates": {
            templates[n].folder: {"set": sets[n], **of(t), "components": templates[n].components}
            for n, t in sorted(by_template.items())
        },
    }


def main(argv: list[str] | None = None) -> int:
    """Generate the pages, read them back, print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--set", choices=["tune", "report", "all"], default="all", dest="which")
    parser.add_argument("--templates", type=int, default=60, help="number of templates (60)")
    parser.add_argument("--per-template", type=int, default=40, help="stories per template (40)")
    parser.add_argument("--direct", action="store_true", help="read_seed per page, no import")
    parser.add_argument("--show", type=int, default=0, help="print K failures per field")
    parser.add_argument("--sites", action="store_true", help="print every template's scores")
    parser.add_argument(
        "--by", metavar="COMPONENT", help="scores by a component's value (format, title, date...)"
    )
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--workdir", type=Path, help="write the project here and keep it")
    args = parser.parse_args(argv)
    if not (args.corpus / "truth.jsonl").is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    numbers = list(range(1, args.templates + 1))
    sets = split_sets(numbers)
    chosen = [n for n in numbers if args.which in ("all", sets[n])]
    started = time.perf_counter()
    pages, templates = generate(load_stories(args.corpus), chosen, args.per_template)
    root = args.workdir or Path(tempfile.mkdtemp(prefix="layouts-"))
    if args.workdir and root.exists() and any(root.iterdir()):
        if not (root / "truth.jsonl").is_file():
            print(f"{root} is not empty and was not made by this tool", file=sys.stderr)
            return 2
        shutil.rmtree(root)  # a stale project would mix old seeds and articles in
    write_project(root, pages, templates)
    print(f"{len(pages)} pages in {len(chosen)} templates ({args.which}) written to {root}")
    try:
        if args.direct:
            read_started = time.perf_counter()
            articles = read_direct(pages)
            rate = len(pages) / (time.perf_counter() - read_started)
            print(f"reader speed: {rate:,.0f} pages/s (one process)")
        else:
            articles, output = read_imported(root)
            summary = [line for line in output.splitlines() if line.startswith("Digest:")]
            print(summary[-1] if summary else f"digest import said:\n{output[-2000:]}")
            if "exited with" in output:
                print(output.rsplit("\n", 1)[-1])
        missing = sum(1 for page in pages if not isinstance(articles.get(page.file), Article))
        print(f"pages without an article: {missing}")
    finally:
        if args.workdir is None:
            shutil.rmtree(root, ignore_errors=True)
    by_set, by_template = score(pages, articles, sets)
    mode = "read_seed per page" if args.direct else "digest import"
    print(f"mode: {mode}; {time.perf_counter() - started:.0f} s\n")
    print_report(by_set, by_template, templates, sets, args.show, args.sites)
    if args.by:
        print_by_component(args.by, by_template, templates)
    if args.json:
        args.json.write_text(
            json.dumps(figures(by_set, by_template, templates, sets), indent=1) + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
