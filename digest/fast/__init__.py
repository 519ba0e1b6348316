"""The speed layer: workers, pages read and rendered ahead, shortcuts."""

from __future__ import annotations
