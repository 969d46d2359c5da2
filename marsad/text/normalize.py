"""Arabic matching form with an exact map back to original offsets.

Folds: alef forms (أ إ آ ٱ → ا), alef maqsura ى → ي, ta marbuta ة → ه, hamza
carriers ؤ → و and ئ → ي (a lone ء is kept), Persian ی ک → ي ك, Arabic-Indic and
Persian digits → ASCII, ٫ ٬ ٪ → . , %, Unicode spaces → " ", presentation
forms of single letters → the letter.  Deleted:
diacritics, tatweel, zero-width and bidi marks, BOM, soft hyphen.

Every fold is either one character → one character or a deletion, so the
normalised text differs from the original only where characters were deleted.
The offset map therefore stores just the deletion points: for most news text
(few diacritics, no bidi marks) nothing is deleted and the map is the identity.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

#: One-to-one folds (character → character).
_FOLDS: dict[str, str] = {
    # alef forms
    "\u0623": "\u0627",  # أ
    "\u0625": "\u0627",  # إ
    "\u0622": "\u0627",  # آ
    "\u0671": "\u0627",  # ٱ alef wasla
    "\u0672": "\u0627",  # ٲ wavy hamza above
    "\u0673": "\u0627",  # ٳ wavy hamza below
    # alef maqsura and the Persian yeh typed on Persian keyboards
    "\u0649": "\u064a",  # ى
    "\u06cc": "\u064a",  # ی
    # ta marbuta
    "\u0629": "\u0647",  # ة
    # hamza carriers (the lone hamza ء is kept: it distinguishes words)
    "\u0624": "\u0648",  # ؤ
    "\u0626": "\u064a",  # ئ
    # Persian keheh
    "\u06a9": "\u0643",  # ک
    # Arabic number punctuation, so digit patterns need only ASCII
    "\u066b": ".",  # ٫ decimal separator
    "\u066c": ",",  # ٬ thousands separator
    "\u066a": "%",  # ٪
}
_FOLDS.update({chr(0x0660 + d): str(d) for d in range(10)})  # Arabic-Indic digits
_FOLDS.update({chr(0x06F0 + d): str(d) for d in range(10)})  # Persian digits
# Unicode spaces → plain space (tab and newline are kept: they carry structure).
_FOLDS.update({c: " " for c in "\u00a0\u1680\u202f\u205f\u3000"})
_FOLDS.update({chr(c): " " for c in range(0x2000, 0x200B)})
# Presentation forms (isolated/initial/medial/final letter shapes, found in text
# copied from PDFs) → the base letter, folded again («ﺃ» → «أ» → «ا»).  The
# lam-alef ligatures expand to two letters and are left alone: folds stay 1 → 1.
_FOLDS.update(
    {
        chr(code): _FOLDS.get(base, base)
        for code in range(0xFE80, 0xFEFD)
        if len(base := unicodedata.normalize("NFKC", chr(code))) == 1
    }
)

#: Diacritics: harakat, tanween, shadda, sukun, superscript alef, Quranic marks.
DIACRITICS = (
    "".join(chr(c) for c in range(0x0610, 0x061B))
    + "".join(chr(c) for c in range(0x064B, 0x0660))
    + "\u0670"
    + "".join(chr(c) for c in range(0x06D6, 0x06DD))
    + "".join(chr(c) for c in range(0x06DF, 0x06E5))
    + "\u06e7\u06e8"
    + "".join(chr(c) for c in range(0x06EA, 0x06EE))
)
#: Invisible marks: tatweel, zero-width and bidi controls, BOM, soft hyphen.
_INVISIBLE = (
    "\u0640"  # tatweel
    "\u00ad"  # soft hyphen
    "\u061c"  # Arabic letter mark
    "\u2060"  # word joiner
    "\ufeff"  # BOM / zero-width no-break space
    + "".join(chr(c) for c in range(0x200B, 0x2010))
    + "".join(chr(c) for c in range(0x202A, 0x202F))
    + "".join(chr(c) for c in range(0x2066, 0x206A))
)
#: Everything normalisation deletes (public for tokenisers scanning original text).
DELETED_CHARS = DIACRITICS + _INVISIBLE

_TABLE: dict[int, str | None] = {ord(k): v for k, v in _FOLDS.items()}
_TABLE.update({ord(c): None for c in DELETED_CHARS})

_DELETED_RE = re.compile("[" + re.escape(DELETED_CHARS) + "]")
_DIACRITIC_SET = frozenset(DIACRITICS)
_SPACES_RE = re.compile(r"\s+")
_NON_WORD_RE = re.compile(r"[\W_]")


class Normalized:
    """A normalised string that remembers where each character came from.

    ``text`` is the matching form, ``original`` the input.  Offsets into ``text``
    convert to offsets into ``original`` with :meth:`to_original` and
    :meth:`original_span`.
    """

    __slots__ = ("_casefolded", "_deleted_at", "_word_form", "original", "text")

    def __init__(self, text: str, original: str, deleted_at: list[int]) -> None:
        self.text = text
        self.original = original
        # For the k-th deleted character, the normalised offset where it was
        # removed (non-decreasing).  Empty means identity map.
        self._deleted_at = deleted_at
        self._casefolded: str | None = None
        self._word_form: str | None = None

    def __repr__(self) -> str:
        return f"Normalized({self.text!r})"

    @property
    def casefolded(self) -> str:
        """``text`` with ASCII letters lower-cased (same length; computed once)."""
        if self._casefolded is None:
            self._casefolded = self.text.translate(_ASCII_LOWER)
        return self._casefolded

    @property
    def word_form(self) -> str:
        """``casefolded`` with every character that is not a letter or digit turned
        into a space (same length; computed once).  Phrase matching runs on it so
        that word boundaries are plain spaces."""
        if self._word_form is None:
            self._word_form = _NON_WORD_RE.sub(" ", self.casefolded)
        return self._word_form

    def to_original(self, i: int) -> int:
        """Original offset of the normalised offset ``i`` (0 ≤ i ≤ len(text)).

        A kept character maps to its own position; ``len(text)`` maps to
        ``len(original)``.  Out-of-range values are clamped.
        """
        if not self._deleted_at:
            return min(max(i, 0), len(self.text))
        if i >= len(self.text):
            return len(self.original)
        return 0 if i < 0 else i + bisect_right(self._deleted_at, i)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original range covering the normalised range ``[start, end)``.

        The range starts at the first kept character and ends after the last
        one, extended over diacritics that decorate it (they belong to the
        word).  An empty range maps to an empty range.  Out-of-range values
        are clamped.
        """
        if not 0 <= start <= end <= len(self.text):
            start = min(max(start, 0), len(self.text))
            end = min(max(end, start), len(self.text))
        deleted_at = self._deleted_at
        if not deleted_at:
            return start, end
        if end == start:
            original_start = self.to_original(start)
            return original_start, original_start
        # Runs on every token and match: bisect inlined rather than via to_original.
        original_start = start + bisect_right(deleted_at, start)
        original_end = end + bisect_right(deleted_at, end - 1)
        original = self.original
        while original_end < len(original) and original[original_end] in _DIACRITIC_SET:
            original_end += 1
        return original_start, original_end


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def normalize(text: str) -> Normalized:
    """Fold ``text`` to its matching form (the folds are listed in the module docstring)."""
    normalized = text.translate(_TABLE)
    if len(normalized) == len(text):
        return Normalized(normalized, text, [])
    deleted_at = [m.start() - k for k, m in enumerate(_DELETED_RE.finditer(text))]
    return Normalized(normalized, text, deleted_at)


def fold(s: str) -> str:
    """The normalised string alone, without an offset map (for single words)."""
    return s.translate(_TABLE)


def normalize_key(s: str) -> str:
    """Lexicon key form: normalised, ASCII lower-cased, spaces collapsed, stripped."""
    return _SPACES_RE.sub(" ", normalize(s).casefolded).strip()
