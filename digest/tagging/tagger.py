"""The tagger: capitalised spans of the text matched against the gazetteer, plus rules."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from digest.tagging import data
from digest.tagging.gazetteer import US_STATE_ABBREVIATIONS, Gazetteer, load

MAX_PLACES, MAX_PEOPLE, MAX_ORGS, MAX_TOPICS = 8, 8, 6, 3


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


_TICKER = re.compile(r"<[^<>]{1,12}>")
# A word: capitalised (Putin, U.S., McDonald's, Brown-Forman) or an acronym (OPEC).
_WORD = r"(?:[A-Z][A-Za-z'’.&-]*[A-Za-z.]|[A-Z])"
_CONNECTOR = r"(?:of|and|for|the|de|du|la|von|van|del|on|to)"
_SPAN = re.compile(rf"{_WORD}(?:\s+(?:{_CONNECTOR}\s+)*{_WORD})*")
_ACRONYM_DEF = re.compile(
    rf"((?:{_WORD}\s+(?:{_CONNECTOR}\s+)*){{1,8}}){_WORD}?\s*\(([A-Z]{{2,8}})\)"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n)$")
_SAID = re.compile(r"^\s*(?:,\s*)?(?:said|says|told|added|stated|announced|who)\b")
_DATELINE_SPLIT = re.compile(r",\s*")
_TOKEN_SPLIT = re.compile(r"\s+")
_HYPHEN_PARTS = re.compile(r"[-–/]")


@lru_cache(maxsize=1)
def _known_names() -> dict[str, str]:
    return {n.lower(): n for n in load().display_names() if n}


def normalise_tag(name: str) -> str:
    """Return one display form per tag: ``china``, ``China`` and ``CHINA`` are ``China``."""
    name = " ".join(name.split()).strip(" ,.;:")
    if not name:
        return name
    gazetteer = load()
    for table in (gazetteer.places, gazetteer.orgs, gazetteer.demonyms):
        if table.get(name):
            return table[name]
    known = _known_names()
    if name.lower() in known:
        return known[name.lower()]
    if name.islower() or (name.isupper() and len(name) > 5):
        return " ".join(w.capitalize() for w in name.split())
    return name


class _Found:
    """Tags found so far, with how often each was seen (to rank them)."""

    def __init__(self) -> None:
        self.places: Counter[str] = Counter()
        self.people: Counter[str] = Counter()
        self.orgs: Counter[str] = Counter()


def tag_text(title: str, body: str, dateline: str | None = None) -> Tags:
    """Return the tags of an article from its title, body and dateline."""
    g = load()
    found = _Found()
    if dateline:
        _dateline_place(dateline, g, found)
    body = _TICKER.sub(" ", body)
    acronyms = _acronyms(body)
    # A headline in capitals or title case says little about which words are names.
    for text, is_body in ((_TICKER.sub(" ", title), False), (body, True)):
        for match in _SPAN.finditer(text):
            at_start = bool(_SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]))
            _span(
                match.group(0),
                text[match.end() : match.end() + 20],
                at_start,
                is_body,
                g,
                acronyms,
                found,
            )
    people = _merge_people(found.people, body)
    return Tags(
        places=_top(_main_places(found.places), MAX_PLACES),
        people=_top(people, MAX_PEOPLE),
        orgs=_top(found.orgs, MAX_ORGS),
        topics=_topics(f"{title}\n{body}"),
    )


PLACE_MIN_WEIGHT = 2
"""A place named once in passing ("the U.S. dollar") is not what the story is about."""


def _main_places(places: Counter[str]) -> Counter[str]:
    """Keep places named twice or in the dateline; else the most named one."""
    kept = Counter({p: n for p, n in places.items() if n >= PLACE_MIN_WEIGHT})
    if not kept and places:
        top = max(places.values())
        kept = Counter({p: n for p, n in places.items() if n == top})
    return kept


def _top(counter: Counter[str], limit: int) -> tuple[str, ...]:
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(name for name, _ in ranked[:limit] if name)


def _dateline_place(dateline: str, g: Gazetteer, found: _Found) -> None:
    """A dateline names a city, and maybe a state or country: ``SAN DIEGO, Calif.``."""
    parts = [p.strip() for p in _DATELINE_SPLIT.split(dateline) if p.strip()]
    if not parts:
        return
    city = parts[0].split("/")[0].strip().title()
    qualifiers = [p.rstrip(".").lower() for p in parts[1:-1]] if len(parts) > 2 else []
    if any(q in US_STATE_ABBREVIATIONS or q in g.us_states for q in qualifiers):
        found.places["United States"] += 2
        return
    for q in parts[1:-1]:
        if q.title() in g.places:
            found.places[g.places[q.title()]] += 2
            return
    country = g.places.get(city) or g.cities.get(city.lower())
    if country:
        found.places[country] += 2


def _acronyms(text: str) -> dict[str, str]:
    """Return acronyms the text defines: ``the International Monetary Fund (IMF)``."""
    result = {}
    for match in _ACRONYM_DEF.finditer(text):
        words = match.group(1).split()
        acronym = match.group(2)
        initials = [w for w in words if w[0].isupper() and w not in ("The",)]
        for start in range(len(initials)):
            if "".join(w[0] for w in initials[start:]) == acronym:
                full = " ".join(words[words.index(initials[start]) :])
                result[acronym] = full
                break
    return result


def _span(
    span: str,
    after: str,
    at_start: bool,
    is_body: bool,
    g: Gazetteer,
    acronyms: dict[str, str],
    found: _Found,
) -> None:
    """Match a run of capitalised words, longest names first, and look for people."""
    words = _TOKEN_SPLIT.split(span)
    i, titled = 0, False
    leftovers: list[str] = []
    while i < len(words):
        size = _match(words, i, g, acronyms, found)
        if size:
            if leftovers:
                _person(leftovers, titled, "", at_start and not titled, found)
            leftovers = []
            i += size
            continue
        word = words[i].rstrip(".,'’")
        if word in data.TITLES or words[i] in data.TITLES:
            if leftovers:
                _person(leftovers, titled, "", at_start, found)
            leftovers, titled = [], True
        elif re.fullmatch(_CONNECTOR, words[i]):
            if leftovers:
                _person(leftovers, titled, "", at_start, found)
            leftovers = []
        else:
            _hyphenated(words[i], g, found)
            leftovers.append(words[i])
        i += 1
        at_start = at_start and not leftovers and not titled and i == 0
    if leftovers and is_body:
        _person(leftovers, titled, after, at_start and len(words) == len(leftovers), found)


def _match(words: list[str], i: int, g: Gazetteer, acronyms: dict[str, str], found: _Found) -> int:
    """Match the longest known name starting at ``words[i]``; return how many words."""
    first = words[i].rstrip(",;:'’").removesuffix("'s").removesuffix("’s")
    reach = g.first_words.get(first, 0) or g.first_words.get(words[i], 0)
    reach = max(reach, _company_reach(words, i), 1)
    for size in range(min(reach, len(words) - i), 0, -1):
        phrase = " ".join(words[i : i + size]).rstrip(",;:'’")
        phrase = phrase.removesuffix("'s").removesuffix("’s")
        if phrase in g.orgs:
            found.orgs[g.orgs[phrase]] += 1
            return size
        if phrase in acronyms:
            found.orgs[_org_name(acronyms[phrase], g)] += 1
            return size
        if phrase in g.places:
            if g.places[phrase]:
                found.places[g.places[phrase]] += 1
            return size
        if phrase in g.demonyms:
            found.places[g.demonyms[phrase]] += 1
            return size
        if size > 1 and words[i + size - 1].rstrip(".,") in data.COMPANY_SUFFIXES:
            name = " ".join(words[i : i + size - 1]).rstrip(",")
            if (name and name.split()[0] not in data.NOT_NAMES | {"The"}) or size > 2:
                found.orgs[_org_name(name, g)] += 1
                return size
    return 0


def _company_reach(words: list[str], i: int) -> int:
    """Return how far a company name starting at ``words[i]`` could reach (to its suffix)."""
    for j in range(i + 1, min(i + 6, len(words))):
        if words[j].rstrip(".,") in data.COMPANY_SUFFIXES:
            return j - i + 1
    return 1


def _org_name(name: str, g: Gazetteer) -> str:
    name = name.removeprefix("the ").removeprefix("The ")
    return g.orgs.get(name, name)


def _hyphenated(word: str, g: Gazetteer, found: _Found) -> None:
    """``Sino-Russian`` and ``US-Japan`` name two countries."""
    if not _HYPHEN_PARTS.search(word):
        return
    for part in _HYPHEN_PARTS.split(word):
        place = g.places.get(part) or g.demonyms.get(part)
        if place:
            found.places[place] += 1


def _person(words: list[str], titled: bool, after: str, at_start: bool, found: _Found) -> None:
    """Record a person when a run of names is introduced by a title or says something."""
    names = [w.rstrip(",;:'’").removesuffix("'s").removesuffix("’s") for w in words]
    names = [w for w in names if w]
    if not names or any(not _is_name_word(w) for w in names):
        return
    if len(names) > 3:
        names = names[-2:]
    if len(names) == 1 and not titled:
        return
    if len(names) == 1 and not _SAID.match(after):
        found.people[names[0]] += 0  # kept only if the name recurs (see _merge_people)
        return
    if titled or (_SAID.match(after) and not at_start) or len(names) >= 2:
        found.people[" ".join(names)] += 2 if titled else 1


def _is_name_word(word: str) -> bool:
    return (
        word not in data.NOT_NAMES
        and word not in data.TITLES
        and len(word) > 1
        and not word.isupper()
        and word[0].isupper()
        and "." not in word.rstrip(".")
        and word.replace("-", "").replace("'", "").isalpha()
    )


def _merge_people(people: Counter[str], body: str) -> Counter[str]:
    """Merge surname-only mentions into the full name; keep names seen in a sure context."""
    full = [p for p in people if " " in p]
    merged: Counter[str] = Counter()
    for name, count in people.items():
        target = next(
            (f for f in full if f != name and (f.endswith(" " + name) or f.startswith(name + " "))),
            name,
        )
        merged[target] += count
    result: Counter[str] = Counter()
    for name, count in merged.items():
        parts = name.split()
        # A bare two-word run with no title and no other mention is more often a place
        # or a firm than a person: keep it only when a part recurs on its own.
        mentions = sum(body.count(f" {p} ") + body.count(f" {p},") for p in set(parts))
        if count >= 2 or mentions > 1:
            result[name] = count + mentions
    return result


def _topics(text: str) -> tuple[str, ...]:
    lowered = text.lower()
    words = Counter(re.findall(r"[a-z]+", lowered))
    scores = {}
    for topic, keywords in data.TOPICS.items():
        score = 0
        for keyword, weight in keywords.items():
            count = lowered.count(keyword) if " " in keyword else words[keyword]
            score += weight * min(count, 3)
        if score >= 3:
            scores[topic] = score
    ranked = sorted(scores, key=lambda t: (-scores[t], t))
    return tuple(ranked[:MAX_TOPICS])
