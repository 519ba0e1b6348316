"""News Digest: raw scraped news articles in, a MkDocs Material site out."""

from __future__ import annotations

__version__ = "0.1.0"
