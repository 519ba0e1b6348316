"""Seeds imported as Markdown articles with front matter; ledger, store."""

from __future__ import annotations
