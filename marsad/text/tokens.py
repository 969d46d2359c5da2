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
from dataclasses import dataclass
from functools import lru_cache

from marsad.text.normalize import DELETED_CHARS, DIACRITICS, fold

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
#: no offset map: the normalised word is just the token translated.
_WORD_RE = re.compile(f"{_WORD_CHAR}(?:[{re.escape(DELETED_CHARS)}]*{_WORD_CHAR})*[{re.escape(DIACRITICS)}]*")


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


@lru_cache(maxsize=1 << 16)  # words repeat across articles, and a cache hit beats str.translate
def _norm_and_bare(raw: str) -> tuple[str, str]:
    norm = fold(raw)
    return norm, _strip_article(norm)


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


def tokens(text: str) -> list[Token]:
    """The word tokens of ``text`` with original offsets."""
    result: list[Token] = []
    for word in _WORD_RE.finditer(text):
        start, end = word.span()
        raw = word.group()
        norm, bare = _norm_and_bare(raw)
        result.append(Token(start, end, raw, norm, bare))
    return result
