"""The import ledger: which seed became which article file, and what was written.

It is how the tool knows that an article was edited or deleted by hand (the
file no longer matches what was written, or is gone), so that it never
overwrites or recreates what the user changed. It lives in
``.digest/ledger.json`` next to ``mkdocs.yml``; commit it with the articles.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from digest.articles.fsutil import write_if_changed
from digest.exceptions import ConfigError

LEDGER_PATH = Path(".digest") / "ledger.json"
VERSION = 1


def sha1(data: bytes | str) -> str:
    """Return the hex SHA-1 of ``data`` (text is hashed as UTF-8)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


@dataclass
class Entry:
    """What one seed was imported as."""

    article: str
    """Article file relative to ``docs_dir``."""
    seed_sha: str
    article_sha: str
    """SHA-1 of the article file as the tool wrote it."""
    fingerprint: str
    """Hash of the normalised title and body: two seeds with the same one are duplicates."""
    seed_stat: tuple[int, int] = (0, 0)
    """(mtime_ns, size) of the seed when hashed, to skip re-hashing unchanged seeds."""
    duplicate_of: str = ""
    """For a seed that repeats an earlier story: that seed (``article`` is then empty)."""


# What json.dumps(..., ensure_ascii=False[, separators]) uses, made once: json.dumps
# builds a new encoder for every call with options, a third of the time of a save.
_SEED_JSON = json.JSONEncoder(ensure_ascii=False)
_ENTRY_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


class Ledger:
    """The seeds imported so far, keyed by their path relative to ``seeds/``."""

    def __init__(self, path: Path, entries: dict[str, Entry] | None = None) -> None:
        self.path = path
        self.entries: dict[str, Entry] = entries or {}

    @classmethod
    def load(cls, path: Path) -> Ledger:
        """Read the ledger at ``path``; a missing file is an empty ledger."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            entries = {
                seed: Entry(**{**data, "seed_stat": tuple(data.get("seed_stat", (0, 0)))})
                for seed, data in raw["seeds"].items()
            }
        except FileNotFoundError:
            return cls(path)
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(
                f"{path}: the import ledger is damaged ({exc}); "
                "restore it from git or delete it to re-import every seed"
            ) from None
        return cls(path, entries)

    def save(self) -> bool:
        """Write the ledger if it changed; return whether it was written."""
        # One line per seed: readable diffs in git, and fast to write at 20,000 seeds.
        seed_json, entry_json = _SEED_JSON.encode, _ENTRY_JSON.encode
        lines = [
            f"  {seed_json(seed)}: {entry_json(vars(entry))}"
            for seed, entry in sorted(self.entries.items())
        ]
        text = f'{{"version": {VERSION}, "seeds": {{\n' + ",\n".join(lines) + "\n}}\n"
        return write_if_changed(self.path, text)

    def by_fingerprint(self) -> dict[str, str]:
        """Return seed path by fingerprint, for duplicate detection."""
        return {e.fingerprint: seed for seed, e in self.entries.items() if not e.duplicate_of}
