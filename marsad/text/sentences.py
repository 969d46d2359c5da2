"""Sentence ranges of the original text.

Splits after ``. ! ? ؟ ؛`` and at line breaks.  A full stop also ends a
sentence when a letter follows with no space — scraped pages often lose the
space («اسمه.وفي») — but not inside numbers (2.5, 9.2.2018), Latin words
(U.S., www.example.com) or after a lone letter used as an initial («د.», «أ.ف.ب»).
"""

from __future__ import annotations

import re
from functools import lru_cache

#: A run of terminators plus closing quotes/brackets that belong to the sentence: a run
#: of stops («.», «؟»...) or of line breaks.  Written as one character class first, which
#: the regex engine scans for at C speed (an alternation is tried at every position).
_TERMINATOR = re.compile(
    r"[.!?؟؛…\n\r\u2028\u2029](?:(?<=[.!?؟؛…])[.!?؟؛…]*|[\n\r\u2028\u2029]*)[\"'»”’)\]]*"
)
#: A letter or digit (``str.isalnum``): what makes a stretch of text a sentence.
_ALNUM_RE = re.compile(r"[^\W_]")


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _dot_ends_sentence(text: str, dot: int) -> bool:
    """Whether the single full stop at ``dot`` closes a sentence."""
    before = text[dot - 1] if dot > 0 else " "
    after = text[dot + 1] if dot + 1 < len(text) else " "
    if before.isdigit() and after.isdigit():
        return False  # decimal number or dotted date
    if _is_latin(before) and _is_latin(after):
        return False  # U.S, www.example.com
    lone_letter = before.isalpha() and (dot < 2 or not text[dot - 2].isalpha())
    return not (lone_letter and (before.isupper() or not before.isascii()))


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` ranges of the sentences of ``text``, trimmed, none empty."""
    return list(_sentence_ranges(text))


# The incident and toll stages both split the same article body: it is split once.
@lru_cache(maxsize=16)
def _sentence_ranges(text: str) -> tuple[tuple[int, int], ...]:
    ranges: list[tuple[int, int]] = []
    start = 0
    for terminator in _TERMINATOR.finditer(text):
        if terminator.group() == "." and not _dot_ends_sentence(text, terminator.start()):
            continue
        _append_trimmed(text, start, terminator.end(), ranges)
        start = terminator.end()
    _append_trimmed(text, start, len(text), ranges)
    return tuple(ranges)


def _append_trimmed(text: str, start: int, end: int, ranges: list[tuple[int, int]]) -> None:
    segment = text[start:end]
    trimmed = segment.strip()  # str.strip removes exactly the characters str.isspace accepts
    # A stretch of bare punctuation (a stray "..." line) is not a sentence.
    if trimmed and _ALNUM_RE.search(trimmed) is not None:
        start += len(segment) - len(segment.lstrip())
        ranges.append((start, start + len(trimmed)))
