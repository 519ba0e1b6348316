"""Bytes to clean text: UTF-8 first, then a detected legacy encoding; never a crash."""

from __future__ import annotations

import re
from pathlib import Path

from digest.exceptions import ReaderError

# Spaces that scrapers carry over from HTML (&nbsp;, thin and ideographic spaces...).
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Any character one of the three above replaces: most pages have none, one scan tells.
_ANY_ODD = re.compile("|".join(p.pattern for p in (_SPACES, _INVISIBLE, _CONTROL)))
# The same characters in ASCII text: every control character but the line feed. Looking
# for each with ``in`` (memchr) is several times cheaper than the expression's scan.
_ODD_ASCII = "".join(chr(c) for c in (*range(0x0A), *range(0x0B, 0x20), 0x7F))
_ODD_ASCII_BYTES = _ODD_ASCII.encode("ascii")
# A share of control characters above this marks a binary file, not text.
_BINARY_SHARE = 0.01
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def decode(data: bytes, path: Path | str) -> str:
    """Return ``data`` as text with LF line ends and plain spaces; raise if it is binary."""
    # Deleting the odd bytes is one pass over the data (each ``in`` would be one).
    if data.isascii() and len(data.translate(None, _ODD_ASCII_BYTES)) == len(data):
        # Most pages: ASCII with no control character but the line feed, so neither binary
        # nor anything to replace (no CR, no odd space).
        return data.decode("ascii")
    if b"\x00" in data[:8192] or _looks_binary(data[:8192]):
        raise ReaderError(path, "binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_legacy(data, path)
    return normalise(text)


def _looks_binary(head: bytes) -> bool:
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return bool(head) and controls / len(head) > _BINARY_SHARE


_MOSTLY_ASCII = 0.03
"""Below this share of bytes beyond ASCII, a page is Western text in a legacy encoding."""


def _decode_legacy(data: bytes, path: Path | str) -> str:
    # A few bytes beyond ASCII (a ©, a bullet, curly quotes) are too little for detection
    # to tell code pages apart (it picks Mac Roman for a cp1252 bullet); cp1252, the web's
    # default for Western pages, then reads them as their writer meant.
    high = len(data) - len(data.translate(None, bytes(range(128, 256))))
    if high <= _MOSTLY_ASCII * len(data):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes  # here: rarely needed, slow to import

    best = from_bytes(
        data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp1251", "mac_roman", "cp437"]
    ).best()
    if best is not None and best.encoding in ("ascii", "latin_1", "iso8859_15"):
        # Web text labelled latin-1 is cp1252 in practice (WHATWG treats them as one).
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    if best is not None:
        return str(best)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def normalise(text: str) -> str:
    """Return text with LF line ends, plain spaces and no invisible characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    if "\xa0" in text:
        # Often the only character beyond ASCII (&nbsp;): a plain space, as _SPACES makes
        # it, leaves ASCII text, whose test is cheap.
        text = text.replace("\xa0", " ")
    if text.isascii():
        if not any(char in text for char in _ODD_ASCII):
            return text
    elif _ANY_ODD.search(text) is None:
        return text
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    return _CONTROL.sub("", text)
