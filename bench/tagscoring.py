"""Score tags against human labels that use Reuters-style codes (``usa``, ``james-baker``, ``ec``).

Display names become codes by slugifying (``West Germany`` → ``west-germany``)
except where the label scheme names a thing differently; those exceptions are
written below as knowledge of the scheme, not mined from any corpus.

How each kind is counted:

* places: every predicted place counts. The labels predate 1991, so ``Russia``
  scores as ``ussr`` and ``Germany`` as ``west-germany``.
* people: labels are mostly surnames (``reagan``), sometimes full names
  (``james-baker``). A predicted name matches a label it ends with:
  ``Ronald Reagan`` matches ``reagan``, ``Barend du Plessis`` matches
  ``du-plessis``, and ``Howard Baker`` does not match ``james-baker``. Every predicted
  person counts against precision, though the labels name only prominent
  figures, so precision is low by design of the labels.
* orgs: the labels cover intergovernmental institutions only. ``vocab``
  precision counts only predictions that map into that vocabulary (companies,
  central banks and ministries are ignored); ``strict`` counts every predicted
  organisation.
* topics: the labels are commodity and market codes. ``vocab`` precision counts
  only topics that map to a code (``Military`` and ``Diplomacy`` have none);
  ``strict`` counts all.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from digest.tagging.tagger import Tags, tag_text

KINDS = ("places", "people", "orgs", "topics")

# Places whose label code is not the slug of the display name.
PLACE_CODES = {
    "United States": "usa",
    "United Kingdom": "uk",
    "Soviet Union": "ussr",
    "Russia": "ussr",
    "Germany": "west-germany",
    "United Arab Emirates": "uae",
    "Democratic Republic of the Congo": "zaire",
    "Myanmar": "burma",
    "Czech Republic": "czechoslovakia",
    "Vatican City": "vatican",
}

# Intergovernmental institutions as the label scheme codes them.
ORG_CODES = {
    "European Community": "ec",
    "European Union": "ec",
    "GATT": "gatt",
    "World Bank": "worldbank",
    "International Monetary Fund": "imf",
    "OPEC": "opec",
    "OAPEC": "oapec",
    "OECD": "oecd",
    "International Coffee Organization": "ico-coffee",
    "International Cocoa Organization": "icco",
    "International Tin Council": "itc",
    "International Natural Rubber Organization": "inro",
    "International Wheat Council": "iwc-wheat",
    "International Energy Agency": "iea",
    "International Atomic Energy Agency": "iaea",
    "United Nations": "un",
    "UNCTAD": "unctad",
    "FAO": "fao",
    "ASEAN": "asean",
    "Asian Development Bank": "adb-asia",
    "African Development Bank": "adb-africa",
    "European Investment Bank": "eib",
    "Economic Commission for Africa": "eca",
    "Association of Tin Producing Countries": "atpc",
    "Bank for International Settlements": "bis",
    "International Development Association": "ida",
    "International Air Transport Association": "iata",
    "International Sugar Organization": "isa",
    "World Trade Organization": "wto",
}

TOPIC_CODES = {
    "Earnings": "earn",
    "Acquisitions": "acq",
    "Oil": "crude",
    "Natural gas": "nat-gas",
    "Grain": "grain",
    "Wheat": "wheat",
    "Corn": "corn",
    "Oilseeds": "oilseed",
    "Trade": "trade",
    "Interest rates": "interest",
    "Currencies": "money-fx",
    "Shipping": "ship",
    "Sugar": "sugar",
    "Coffee": "coffee",
    "Cocoa": "cocoa",
    "Gold": "gold",
    "Jobs": "jobs",
    "Inflation": "cpi",
    "Money supply": "money-supply",
    "Economic growth": "gnp",
    "Steel": "iron-steel",
}


@dataclass
class Score:
    """True positives and the two denominators of one kind of tag."""

    tp: int = 0
    predicted: int = 0
    actual: int = 0
    strict_predicted: int = 0

    def precision(self, strict: bool = False) -> float:
        """Return the share of predicted tags that are right."""
        denominator = self.strict_predicted if strict else self.predicted
        return self.tp / denominator if denominator else 0.0

    def recall(self) -> float:
        """Return the share of labels that were predicted."""
        return self.tp / self.actual if self.actual else 0.0

    def f1(self, strict: bool = False) -> float:
        """Return the harmonic mean of precision and recall."""
        p, r = self.precision(strict), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class TagReport:
    """Scores per kind, tags per article and speed over one corpus run."""

    scores: dict[str, Score] = field(default_factory=lambda: {k: Score() for k in KINDS})
    tags_per_article: list[int] = field(default_factory=list)
    body_chars: list[int] = field(default_factory=list)
    seconds: float = 0.0
    typical_articles: int = 0
    typical_seconds: float = 0.0

    @property
    def articles(self) -> int:
        """Return how many articles were tagged."""
        return len(self.tags_per_article)


def place_code(name: str) -> str:
    """Return the label code of a place."""
    return PLACE_CODES.get(name, slugify(name))


def org_code(name: str) -> str | None:
    """Return the label code of an institution, or None when the scheme has none."""
    return ORG_CODES.get(name)


def topic_code(name: str) -> str | None:
    """Return the label code of a topic, or None when the scheme has none."""
    return TOPIC_CODES.get(name)


def person_matches(name: str, label: str) -> bool:
    """Tell whether a predicted full name is the labelled person."""
    slug = slugify(name)
    return slug == label or slug.endswith("-" + label)


def load_truth(corpus: Path) -> list[dict[str, object]]:
    """Return the labelled articles of a corpus folder."""
    with (corpus / "truth.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _labels(row: dict[str, object], kind: str) -> set[str]:
    value = row.get(kind) or []
    assert isinstance(value, list)
    return {str(v) for v in value}


def _add_coded(score: Score, codes: Iterable[str | None], labels: set[str]) -> None:
    listed = list(codes)
    known = {c for c in listed if c is not None}
    score.strict_predicted += len(listed)
    score.predicted += len(known)
    score.tp += len(known & labels)
    score.actual += len(labels)


def _add_people(score: Score, names: Iterable[str], labels: set[str]) -> None:
    listed = list(names)
    hits = {label for label in labels if any(person_matches(n, label) for n in listed)}
    score.strict_predicted += len(listed)
    score.predicted += len(listed)
    score.tp += len(hits)
    score.actual += len(labels)


def add(report: TagReport, tags: Tags, row: dict[str, object]) -> None:
    """Add one article's tags, compared with its labels, to the report."""
    s = report.scores
    _add_coded(s["places"], {place_code(p) for p in tags.places}, _labels(row, "places"))
    _add_people(s["people"], tags.people, _labels(row, "people"))
    _add_coded(s["orgs"], [org_code(o) for o in tags.orgs], _labels(row, "orgs"))
    _add_coded(s["topics"], [topic_code(t) for t in tags.topics], _labels(row, "topics"))
    report.tags_per_article.append(len(tags.flat()))
    report.body_chars.append(len(str(row["body"])))


def tag_rows(rows: list[dict[str, object]]) -> Iterator[tuple[Tags, dict[str, object]]]:
    """Tag each labelled article from its title, body and dateline."""
    for row in rows:
        dateline = str(row.get("dateline") or "") or None
        yield tag_text(str(row["title"]), str(row["body"]), dateline), row


TYPICAL_BODY = range(500, 701)
"""Body lengths of a typical article (the corpus median is about 580 characters)."""


def evaluate(rows: list[dict[str, object]], runs: int = 3) -> TagReport:
    """Tag every article and score the tags; time the median of several runs."""
    tag_text("", "")  # load the gazetteers before the clock starts
    report = TagReport()
    report.seconds, tagged = _timed(rows, runs)
    typical = [r for r in rows if len(str(r["body"])) in TYPICAL_BODY]
    report.typical_articles = len(typical)
    report.typical_seconds, _ = _timed(typical, runs)
    for tags, row in tagged:
        add(report, tags, row)
    return report


def _timed(
    rows: list[dict[str, object]], runs: int
) -> tuple[float, list[tuple[Tags, dict[str, object]]]]:
    """Return the median time to tag the rows, and the tags."""
    timings, tagged = [], []
    for _ in range(runs):
        start = time.perf_counter()
        tagged = list(tag_rows(rows))
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), tagged


def summary(report: TagReport) -> list[str]:
    """Return the report as printable lines."""
    lines = [f"articles: {report.articles}"]
    for kind, score in report.scores.items():
        lines.append(
            f"{kind:7} P {score.precision():.3f}  R {score.recall():.3f}  F1 {score.f1():.3f}"
            f"  | strict P {score.precision(strict=True):.3f}  F1 {score.f1(strict=True):.3f}"
            f"  (tp {score.tp}, predicted {score.predicted}/{score.strict_predicted},"
            f" labels {score.actual})"
        )
    counts = report.tags_per_article or [0]
    median, mean = statistics.median(counts), statistics.mean(counts)
    lines.append(f"tags per article: median {median:g}, mean {mean:.2f}")
    rate = report.articles / report.seconds if report.seconds else 0.0
    chars = statistics.mean(report.body_chars) if report.body_chars else 0
    lines.append(
        f"speed: {rate:,.0f} articles/s, one core, median of 3 runs"
        f" ({report.seconds:.2f} s; bodies of {chars:,.0f} characters on average)"
    )
    typical = report.typical_articles / report.typical_seconds if report.typical_seconds else 0
    lines.append(
        f"speed on typical bodies ({TYPICAL_BODY.start}-{TYPICAL_BODY.stop - 1} characters,"
        f" {report.typical_articles} articles): {typical:,.0f} articles/s"
    )
    return lines
