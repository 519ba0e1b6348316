"""The fetching stage of the pipeline."""

from __future__ import annotations
