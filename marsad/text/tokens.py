"""Word tokens with their normalised and proclitic-stripped forms.

Stripping Arabic proclitics without a lexicon is ambiguous: «بيروت» is not
ب + «يروت», «وزير» is not و + «زير».  So there are two levels:

* :attr:`Token.bare` strips only what is certain — a definite article together
  with the conjunctions/prepositions before it («وبالتحالف» → «تحالف»,
  «للرقه» → «رقه»);
* :func:`strip_proclitics` lists every plausible reading, longest first, for
  lookups against a lexicon («بدمشق» → «بدمشق», «دمشق»).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

from marsad.text.normalize import DELETED_CHARS, DIACRITICS, Normalized, fold

_ARTICLE = "ال"
_CONJUNCTIONS = ("", "و", "ف")
#: Proclitics that are not the article: conjunction + (preposition | future س).
_PLAIN_PROCLITICS = ("و", "ف", *(c + p for c in _CONJUNCTIONS for p in ("ب", "ل", "ك", "س")))
#: Proclitic sequences ending in the article; «لل» is ل + ال with the alef elided.
_ARTICLE_PROCLITICS = (
    *(c + p + _ARTICLE for c in _CONJUNCTIONS for p in ("", "ب", "ك")),
    *(c + "لل" for c in _CONJUNCTIONS),
)
_MIN_BARE = 2

_ARTICLE_RE = re.compile("^(?:" + "|".join(sorted(_ARTICLE_PROCLITICS, key=len, reverse=True)) + ")")
_WORD_CHAR = r"[^\W_\u0640]"  # a letter or digit (tatweel is "alphanumeric" but deleted)
#: A word of the ORIGINAL text: letters/digits, with characters that
#: normalisation deletes allowed between them (ضـرب, قَصْف), and trailing
#: diacritics, which belong to the word.  Matching the original directly needs
#: no offset map: the normalised word is just the token translated.  The middle
#: is one greedy class (fast in the regex engine) that also admits "_", so the
#: text is scanned with "_" blanked out (see :func:`tokens`).  Captured, so that
#: re.split returns separators and words alternately.
_WORD_SPLIT = re.compile(
    f"({_WORD_CHAR}(?:[\\w{re.escape(DELETED_CHARS)}]*{_WORD_CHAR})?[{re.escape(DIACRITICS)}]*)"
)
#: Distinct words remembered by the form caches; past that they start afresh
#: (a news corpus has a few hundred thousand distinct words).
_CACHE_SIZE = 1 << 17


class _FormCache(dict[str, str]):
    """A bounded memo of ``compute`` (word → form) that ``map`` can read at C speed:
    a hit is a plain dict lookup, a miss goes through ``__missing__``."""

    def __init__(self, compute: Callable[[str], str]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, word: str) -> str:
        if len(self) >= _CACHE_SIZE:
            self.clear()  # cheaper than LRU bookkeeping on every hit; refills within an article or two
        form = self[word] = self._compute(word)
        return form


# Not frozen: a frozen dataclass is ~4x slower to build, and these are built per word.
@dataclass(slots=True)
class Token:
    """A word of the ORIGINAL text: ``original[start:end] == text``."""

    start: int
    end: int
    text: str
    norm: str  # normalised form
    bare: str  # ``norm`` without a definite article and the proclitics before it

    def forms(self) -> list[str]:
        """Candidate bare forms of this token, longest first (see :func:`strip_proclitics`)."""
        return strip_proclitics(self.norm)


def _strip_article(word: str) -> str:
    match = _ARTICLE_RE.match(word)
    if match is None or len(word) - match.end() < _MIN_BARE:
        return word
    return word[match.end() :]


# Words repeat across articles, and a cache hit beats str.translate and the regex.
_NORM = _FormCache(fold)  # raw word → normalised
_BARE = _FormCache(_strip_article)  # normalised word → bare


def strip_proclitics(word: str) -> list[str]:
    """Plausible forms of ``word`` (normalised) without proclitics, longest first.

    Includes ``word`` itself.  For article sequences both the definite and the
    bare noun are given («وللتحالف» → «وللتحالف», «التحالف», «لتحالف», «تحالف»).
    No candidate is shorter than two letters.
    """
    forms = [word]
    for prefix in _PLAIN_PROCLITICS + _ARTICLE_PROCLITICS:
        if not word.startswith(prefix) or len(word) - len(prefix) < _MIN_BARE:
            continue
        rest = word[len(prefix) :]
        forms.append(rest)
        if prefix.endswith(_ARTICLE) or prefix.endswith("لل"):
            forms.append(_ARTICLE + rest)
    unique = list(dict.fromkeys(forms))
    unique.sort(key=len, reverse=True)  # stable: ties keep generation order
    return unique


def tokens(text: str | Normalized) -> list[Token]:
    """The word tokens of ``text`` (a string or its :func:`normalize`) with ORIGINAL offsets."""
    original = text.original if isinstance(text, Normalized) else text
    # Blanking "_" keeps every offset and every word (a word never holds "_").
    parts = _WORD_SPLIT.split(original.replace("_", " ") if "_" in original else original)
    # parts = [separator, word, separator, word, ..., separator]: offsets are the
    # running sums of their lengths.  Everything but Token() runs at C speed.
    bounds = list(accumulate(map(len, parts)))
    raws = parts[1::2]
    norms = list(map(_NORM.__getitem__, raws))
    return list(map(Token, bounds[0:-1:2], bounds[1::2], raws, norms, map(_BARE.__getitem__, norms)))
