"""Bytes to text for the files users actually have: UTF-8/16/32, cp1256, ISO-8859-6.

The rule is deterministic so that the same file always reads the same way:
a byte-order mark decides; otherwise valid UTF-8 is UTF-8; otherwise cp1256 and
ISO-8859-6 are both tried and the one giving the most Arabic letters (less a
penalty for control and unassigned characters) wins, cp1256 on a tie because it
is by far the more common of the two.
"""

from __future__ import annotations

import codecs
import unicodedata

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LEGACY_ARABIC = ("cp1256", "iso8859-6")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_BAD_CHAR_PENALTY = 2


class NotTextError(ValueError):
    """The bytes are not a text document (binary data, or no known encoding fits)."""


def _is_arabic_letter(char: str) -> bool:
    return "\u0621" <= char <= "\u064a" or "\u0671" <= char <= "\u06d3"


def _is_bad(char: str) -> bool:
    if char == "\ufffd":
        return True
    category = unicodedata.category(char)
    return category == "Cn" or (category == "Cc" and char not in _ALLOWED_CONTROLS)


def _legacy_score(text: str) -> int:
    return sum(map(_is_arabic_letter, text)) - _BAD_CHAR_PENALTY * sum(map(_is_bad, text))


def decode_bytes(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` for a file's bytes; raises :class:`NotTextError` for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise NotTextError(f"invalid {encoding} after its byte-order mark") from error
    if b"\x00" in data:
        raise NotTextError("binary data (NUL bytes)")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        decoded = {name: data.decode(name, errors="replace") for name in _LEGACY_ARABIC}
        encoding = max(_LEGACY_ARABIC, key=lambda name: (_legacy_score(decoded[name]), name == "cp1256"))
        text = decoded[encoding]
    bad = sum(map(_is_bad, text))
    if bad > max(8, len(text) // 100):
        raise NotTextError(f"not text ({bad} control or undecodable characters)")
    return text, encoding
