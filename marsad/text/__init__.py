"""Arabic text layer: normalisation with offset maps, sentences, tokens, phrase
matching and quantities.  Every span it reports indexes the ORIGINAL text."""

from marsad.text.matcher import Match, MatcherSet, PhraseMatcher
from marsad.text.normalize import Normalized, normalize, normalize_key
from marsad.text.numbers import Quantity, find_quantities, parse_quantity
from marsad.text.sentences import sentences
from marsad.text.tokens import Token, strip_proclitics, tokens

__all__ = [
    "Match",
    "MatcherSet",
    "Normalized",
    "PhraseMatcher",
    "Quantity",
    "Token",
    "find_quantities",
    "normalize",
    "normalize_key",
    "parse_quantity",
    "sentences",
    "strip_proclitics",
    "tokens",
]
