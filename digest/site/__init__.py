"""MkDocs' side: the plugin, search-index merge, serve watcher, URLs, CSS."""

from __future__ import annotations
