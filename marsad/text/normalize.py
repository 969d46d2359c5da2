"""Arabic matching form with an exact map back to original offsets.

Folds: alef forms (أ إ آ ٱ → ا), alef maqsura ى → ي, ta marbuta ة → ه, hamza
carriers ؤ → و and ئ → ي (a lone ء is kept), Persian ی ک → ي ك, Arabic-Indic and
Persian digits → ASCII, ٫ ٬ ٪ → . , %, Unicode spaces → " ", presentation
forms of single letters → the letter, lam-alef ligatures (ﻻ ﻷ ﻹ ﻵ and their
final forms) → «لا».  Deleted: diacritics, tatweel, zero-width and bidi marks,
BOM, soft hyphen.  A run of whitespace (several spaces, space + NBSP, a space
and a line break, even with invisible marks inside) becomes one character: its
first line break if it has one (line breaks carry structure), else its first
character.  So «دير   الزور» reads «دير الزور» for phrase matching.

Every edit is a one-to-one fold, a deletion, or a ligature expanding to two
letters, so the offset map stores just the deletion points and the (rare)
expansion points: for text with single spaces, no diacritics and no bidi marks
the map is the identity.
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
# copied from PDFs) → the base letter, folded again («ﺃ» → «أ» → «ا»).
_FOLDS.update(
    {
        chr(code): _FOLDS.get(base, base)
        for code in range(0xFE80, 0xFEFD)
        if len(base := unicodedata.normalize("NFKC", chr(code))) == 1
    }
)
#: The lam-alef ligatures (isolated and final ﻵ ﻷ ﻹ ﻻ), the only folds that
#: expand: each becomes the two letters «لا» so that «ﻻ» matches «لا».
LIGATURES: dict[str, str] = {
    chr(code): "".join(_FOLDS.get(c, c) for c in unicodedata.normalize("NFKC", chr(code)))
    for code in range(0xFEF5, 0xFEFD)
}

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

#: Line breaks (as str.splitlines knows them): kept in preference to other
#: whitespace when a run is collapsed.
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

_FOLD_TABLE: dict[int, str | None] = {ord(k): v for k, v in (_FOLDS | LIGATURES).items()}
_FOLD_TABLE.update({ord(c): None for c in DELETED_CHARS})


def _translation_list(table: dict[int, str | None]) -> list[int | str | None]:
    """``table`` as a list indexed by code point, identity where it has no entry.

    str.translate looks every character up; indexing a list is ~3x faster than
    hashing into a dict, and normalisation runs on every article.  Characters
    past the end raise IndexError, which translate reads as "keep".
    """
    translation: list[int | str | None] = list(range(max(table) + 1))
    for code, target in table.items():
        translation[code] = target
    return translation


_TRANSLATION = _translation_list(_FOLD_TABLE)

#: The folds that nearly every Arabic text needs (ة أ إ ى ئ ؤ آ).  str.replace finds
#: one character at memchr speed where translate looks up every character (~25 ns
#: each), so these are replaced one by one; none folds to a character the table changes.
_COMMON_FOLDS: tuple[tuple[str, str], ...] = tuple((char, _FOLDS[char]) for char in "ةأإىئؤآ")
#: Every other character the fold table changes (digits, presentation forms, odd
#: spaces...): rare in news text, so translate runs only on a string that holds one.
_RARE_FOLD_RE = re.compile(
    "[" + re.escape("".join(chr(code) for code in _FOLD_TABLE if chr(code) not in dict(_COMMON_FOLDS))) + "]"
)


def _fold(text: str) -> str:
    """``text.translate(_TRANSLATION)``, about three times faster on Arabic text."""
    for char, folded in _COMMON_FOLDS:
        text = text.replace(char, folded)
    if _RARE_FOLD_RE.search(text) is not None:
        text = text.translate(_TRANSLATION)  # the common folds' output is left as it is
    return text


_MARKS = re.escape(DELETED_CHARS + "".join(LIGATURES))
#: Everything that changes the length: a run of deleted marks and ligatures, or a
#: run of whitespace (which may hold deleted marks).  It begins with one character
#: class so that the regex engine skips ordinary letters with a fast scan.
_EDIT_RE = re.compile(f"[{_MARKS}\\s](?:(?<=\\s)(?:[{re.escape(DELETED_CHARS)}]*\\s)+|(?<!\\s)[{_MARKS}]*)")
_DIACRITIC_SET = frozenset(DIACRITICS)
_SPACES_RE = re.compile(r"\s+")

#: Whitespace as ``\s`` and str.isspace know it, but for the space itself.
_OTHER_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace() and c != 0x20)
#: What every edit holds within its first two characters, apart from a double space: a
#: deleted mark, a ligature, or whitespace other than a space.  These characters are rare
#: and the class is a plain set, so the regex engine scans for them at C speed; _EDIT_RE
#: itself stops at every space, a fifth of the text, to look at the next character.
_SEED_RE = re.compile(f"[{_MARKS}{re.escape(_OTHER_SPACES)}]")
#: The characters an edit is made of (:data:`_EDIT_RE`).
_EDIT_CHARS = frozenset(DELETED_CHARS + "".join(LIGATURES) + _OTHER_SPACES + " ")


def _edits(text: str) -> list[re.Match[str]]:
    """``list(_EDIT_RE.finditer(text))``, trying _EDIT_RE only where an edit may start.

    An edit begins with a seed (:data:`_SEED_RE`, or the first space of a double space)
    or with a space right before one: a mark run begins with a mark, and a whitespace run
    with two whitespace characters, or a space then a deleted mark.  So _EDIT_RE is tried,
    in order, at each seed and at a space just before it, as the full scan would.
    """
    seeds = [m.start() for m in _SEED_RE.finditer(text)]
    double = text.find("  ")
    if double >= 0:
        while double >= 0:
            seeds.append(double)
            double = text.find("  ", double + 1)
        seeds.sort()
    edits: list[re.Match[str]] = []
    tried = 0  # every position before this one was tried, or lies inside an edit
    for seed in seeds:
        if seed < tried:
            continue
        position = seed - 1 if seed > tried and text[seed - 1] == " " else seed
        while position <= seed:
            edit = _EDIT_RE.match(text, position)
            if edit is None:
                position += 1
            else:
                edits.append(edit)
                position = edit.end()
        tried = position
    return edits


class Normalized:
    """A normalised string that remembers where each character came from.

    ``text`` is the matching form, ``original`` the input.  Offsets into ``text``
    convert to offsets into ``original`` with :meth:`to_original` and
    :meth:`original_span`.
    """

    __slots__ = ("_casefolded", "_deleted_at", "_expanded_at", "_word_form", "original", "text")

    def __init__(
        self, text: str, original: str, deleted_at: list[int], expanded_at: list[int] | None = None
    ) -> None:
        self.text = text
        self.original = original
        # For the k-th deleted character, the normalised offset where it was
        # removed (non-decreasing).  Empty means identity map.
        self._deleted_at = deleted_at
        # For each ligature, the normalised offset of the second letter it
        # expanded to (increasing); both letters map to the ligature.
        self._expanded_at = expanded_at or []
        self._casefolded: str | None = None
        self._word_form: str | None = None

    def __repr__(self) -> str:
        return f"Normalized({self.text!r})"

    @property
    def casefolded(self) -> str:
        """``text`` with ASCII letters lower-cased (same length; computed once)."""
        if self._casefolded is None:
            self._casefolded = _lower_ascii(self.text)
        return self._casefolded

    @property
    def word_form(self) -> str:
        """``casefolded`` with every character that is not a letter or digit turned
        into a space (same length; computed once).  Phrase matching runs on it so
        that word boundaries are plain spaces."""
        if self._word_form is None:
            self._word_form = _word_form(self.text)
        return self._word_form

    @property
    def is_identity(self) -> bool:
        """Whether every offset into ``text`` is the same offset into ``original``."""
        return not self._deleted_at and not self._expanded_at

    def to_original(self, i: int) -> int:
        """Original offset of the normalised offset ``i`` (0 ≤ i ≤ len(text)).

        A kept character maps to its own position, both letters of an expanded
        ligature to the ligature; ``len(text)`` maps to ``len(original)``.
        Out-of-range values are clamped.
        """
        if not self._deleted_at and not self._expanded_at:
            return min(max(i, 0), len(self.text))
        if i >= len(self.text):
            return len(self.original)
        return 0 if i < 0 else self._kept_offset(i)

    def _kept_offset(self, i: int) -> int:
        """Original offset of the character at normalised offset ``i`` (in range)."""
        offset = i + bisect_right(self._deleted_at, i)
        if self._expanded_at:
            offset -= bisect_right(self._expanded_at, i)
        return offset

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original range covering the normalised range ``[start, end)``.

        The range starts at the first kept character and ends after the last
        one, extended over diacritics that decorate it (they belong to the
        word).  A range holding one letter of an expanded ligature covers the
        whole ligature.  An empty range maps to an empty range.  Out-of-range
        values are clamped.
        """
        if not 0 <= start <= end <= len(self.text):
            start = min(max(start, 0), len(self.text))
            end = min(max(end, start), len(self.text))
        deleted_at = self._deleted_at
        if not deleted_at and not self._expanded_at:
            return start, end
        if end == start:
            original_start = self.to_original(start)
            return original_start, original_start
        if self._expanded_at:
            original_start, original_end = self._kept_offset(start), self._kept_offset(end - 1) + 1
        else:  # runs on every token and match: bisect inlined rather than via _kept_offset
            original_start = start + bisect_right(deleted_at, start)
            original_end = end + bisect_right(deleted_at, end - 1)
        original = self.original
        while original_end < len(original) and original[original_end] in _DIACRITIC_SET:
            original_end += 1
        return original_start, original_end


_ASCII_UPPER_RE = re.compile("[A-Z]+")


def _lower_ascii(text: str) -> str:
    """``text`` with its ASCII capitals lower-cased and every other character kept.

    Not str.lower(), which also folds non-ASCII letters; not str.translate, whose
    per-character lookup is ~6x slower on Arabic text, which rarely holds a capital.
    """
    return _ASCII_UPPER_RE.sub(_lower_run, text)


def _lower_run(run: re.Match[str]) -> str:
    return run.group().lower()


#: A character that is not a letter, digit or space: the spaces, a fifth of the text,
#: already are their word form, so a regex that skips them makes few replacements.
_PUNCTUATION_RE = re.compile(r"[^\w ]")
_ASCII_CAPITAL_RE = re.compile("[A-Z]")


def _word_form(text: str) -> str:
    """``text`` ASCII lower-cased, with every character not a letter or digit a space.

    Not one str.translate pass, which looks up every character (~2x slower on Arabic text).
    """
    form = _PUNCTUATION_RE.sub(" ", text)
    if "_" in form:  # a word character for the regex, not a letter for matching
        form = form.replace("_", " ")
    if _ASCII_CAPITAL_RE.search(form) is not None:  # Arabic text rarely holds a capital
        form = _lower_ascii(form)
    return form


#: Long strings (sentences, articles) whose :class:`Normalized` :func:`normalize` keeps,
#: the most recent ones: stages that take a ``str`` (roles, sides, casualties) hand the
#: same sentence to matcher after matcher, which then reuse its normalisation and word
#: form instead of computing them again.  Short strings are cheaper to redo than to keep.
_RECENT_MIN_LENGTH = 64
_RECENT_SIZE = 64
_recent: dict[str, Normalized] = {}


def normalize(text: str) -> Normalized:
    """Fold ``text`` to its matching form (the folds are listed in the module docstring).

    A :class:`Normalized` is never modified, so a long string normalised a moment ago
    gets the same object back.
    """
    if len(text) < _RECENT_MIN_LENGTH:
        return _normalize(text)
    normalized = _recent.get(text)
    if normalized is None:
        if len(_recent) >= _RECENT_SIZE:
            del _recent[next(iter(_recent))]  # the oldest: dicts keep insertion order
        normalized = _recent[text] = _normalize(text)
    return normalized


def _normalize(text: str) -> Normalized:
    edits = _edits(text)
    if not edits:  # the common case for a short string: one-to-one folds only
        return Normalized(_fold(text), text, [])
    kept: list[str] = []  # the pieces of ``text`` that survive, still to be folded
    deleted_at: list[int] = []
    expanded_at: list[int] = []
    out = 0  # length of the normalised text so far
    last = 0  # end of the previous edit in ``text``
    for edit in edits:
        start, end = edit.span()
        kept.append(text[last:start])
        out += start - last
        last = end
        if text[start].isspace():
            keep = next((j for j in range(start, end) if text[j] in _LINE_BREAKS), start)
            kept.append(text[keep])
            deleted_at.extend([out] * (keep - start))  # removed before the kept character
            out += 1
            deleted_at.extend([out] * (end - keep - 1))  # ... and after it
            continue
        for mark in text[start:end]:
            if mark in LIGATURES:
                kept.append(mark)  # translate expands it
                expanded_at.append(out + 1)
                out += 2
            else:
                deleted_at.append(out)
    kept.append(text[last:])
    return Normalized(_fold("".join(kept)), text, deleted_at, expanded_at)


def fold(s: str) -> str:
    """The folded string alone, without an offset map or whitespace collapsing (for single words)."""
    return _fold(s)


#: Words and short phrases whose key :func:`normalize_key` remembers: lexicon lookups
#: ask for the same few thousand words (cue words, weekday names, debris lines) all day.
_KEY_MEMO_MAX_LENGTH = 32
#: Past this many remembered keys the memo starts afresh (cheaper than LRU bookkeeping).
_KEY_MEMO_SIZE = 1 << 16
_keys: dict[str, str] = {}


def normalize_key(s: str) -> str:
    """Lexicon key form: normalised, ASCII lower-cased, spaces collapsed, stripped."""
    key = _keys.get(s)
    if key is None:
        key = _SPACES_RE.sub(" ", normalize(s).casefolded).strip()
        if len(s) <= _KEY_MEMO_MAX_LENGTH:
            if len(_keys) >= _KEY_MEMO_SIZE:
                _keys.clear()
            _keys[s] = key
    return key
