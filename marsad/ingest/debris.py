"""Removing page debris (counters, share widgets, "read also" links) from article text.

The cleaner works on whole lines and removes a line only when *all* of it is
debris, so a real sentence is never cut: «شارك الآلاف في المظاهرة» stays, a lone
«مشاركة :» goes.  The rules are data, in ``marsad/data/debris.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from marsad.ingest.dates import SAFE_YAML_LOADER, date_mention_spans, weekday_number
from marsad.text import normalize_key

# Debris lines are short; longer lines are checked only for a bullet or a link prefix.
_SHORT_LINE = 80
_TOKEN_SPLIT_RE = re.compile(r"[\s:|/\\\-–—•·,،.()\[\]«»\"']+")
_FIRST_WORD_RE = re.compile(r"\S+")
_NUMBER_RE = re.compile(r"\d{1,7}")
_TIME_RE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_BLANK_RUN_RE = re.compile(r"\n(?:[ \t]*\n)+")


@dataclass(frozen=True, slots=True)
class DebrisRules:
    """The validated contents of ``debris.yaml`` (words in ``normalize_key`` form)."""

    bullets: frozenset[str]
    exact_lines: frozenset[str]
    widget_words: frozenset[str]
    link_prefixes: re.Pattern[str]
    #: The first word of every link prefix: a line whose first word starts with none of
    #: them is no link, which spares normalising the start of every long line.
    link_first_words: tuple[str, ...]
    date_labels: frozenset[str]


def _word_list(data: dict, key: str) -> list[str]:
    words = data.get(key)
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise ValueError(f"debris.yaml: {key!r} must be a non-empty list of strings")
    return [normalize_key(w) for w in words]


def parse_debris_rules(data: object) -> DebrisRules:
    """Validate the parsed YAML of ``debris.yaml``; raises ``ValueError`` when malformed."""
    if not isinstance(data, dict):
        raise ValueError("debris.yaml must be a mapping")
    bullets = data.get("bullets")
    if not isinstance(bullets, str) or not bullets.strip() or any(c.isalnum() for c in bullets):
        raise ValueError("debris.yaml: 'bullets' must be a string of non-alphanumeric characters")
    exact_lines = frozenset(_word_list(data, "exact_lines"))
    widget_words = frozenset(_word_list(data, "widget_words"))
    link_prefixes = _word_list(data, "link_prefixes")
    return DebrisRules(
        bullets=frozenset(bullets.replace(" ", "")),
        exact_lines=exact_lines,
        widget_words=widget_words,
        link_prefixes=re.compile("(?:" + "|".join(re.escape(p) for p in link_prefixes) + r")(?!\w)"),
        link_first_words=tuple(p.split()[0] for p in link_prefixes),
        date_labels=frozenset(_word_list(data, "date_labels")),
    )


@cache
def debris_rules() -> DebrisRules:
    """The rules shipped in ``marsad/data/debris.yaml`` (loaded once)."""
    text = resources.files("marsad").joinpath("data/debris.yaml").read_text(encoding="utf-8")
    return parse_debris_rules(yaml.load(text, Loader=SAFE_YAML_LOADER))


def bullet_content(line: str) -> str | None:
    """The text after the bullet of a bullet line («  • 2/9/2018» → «2/9/2018»), else None."""
    stripped = line.strip()
    if stripped[:1] and stripped[0] in debris_rules().bullets:
        return stripped.lstrip("".join(debris_rules().bullets)).strip()
    return None


def _tokens(text: str) -> list[str]:
    return _key_tokens(normalize_key(text))


def _key_tokens(key: str) -> list[str]:
    return [t for t in _TOKEN_SPLIT_RE.split(key) if t]


def is_date_or_time(content: str) -> bool:
    """True when ``content`` is only a date and/or time, with labels («نشر في», weekday)."""
    spans = date_mention_spans(content)
    times = [(m.start(), m.end()) for m in _TIME_RE.finditer(content)]
    if not spans and not times:
        return False
    rest = list(content)
    for start, end in spans + times:
        rest[start:end] = " " * (end - start)
    labels = debris_rules().date_labels
    return all(t in labels or weekday_number(t) is not None for t in _tokens("".join(rest)))


def _is_counter_or_widget(content: str, rules: DebrisRules) -> bool:
    return _only_counters_or_widgets(_tokens(content), rules)


def _only_counters_or_widgets(tokens: list[str], rules: DebrisRules) -> bool:
    words = [t for t in tokens if not _NUMBER_RE.fullmatch(t)]
    if not words:
        return True  # a lone counter («• 6») or an empty bullet
    return all(w in rules.widget_words for w in words)


#: First characters of lines, by whether a link prefix can begin with their key (see
#: :func:`_may_open_link`), for the rules they were read with.
_link_starts: dict[str, bool] = {}
_link_starts_rules: list[DebrisRules] = []


def _may_open_link(char: str, rules: DebrisRules) -> bool:
    """Whether a line beginning with ``char`` may begin with a link prefix: the key of its
    first word begins with the key of ``char`` unless normalisation deletes ``char``."""
    if not _link_starts_rules or _link_starts_rules[0] is not rules:
        _link_starts.clear()
        _link_starts_rules[:] = [rules]
    may = _link_starts.get(char)
    if may is None:
        key = normalize_key(char)
        may = _link_starts[char] = not key or any(word.startswith(key[0]) for word in rules.link_first_words)
    return may


def is_debris_line(line: str) -> bool:
    """True when the whole line is page debris (blank lines are not debris)."""
    stripped = line.strip()
    if not stripped:
        return False
    rules = debris_rules()
    # bullet_content's own test first: most lines hold no bullet.
    content = bullet_content(stripped) if stripped[0] in rules.bullets else None
    if content is not None:
        return _is_counter_or_widget(content, rules) or is_date_or_time(content)
    if len(stripped) > _SHORT_LINE:
        if not _may_open_link(stripped[0], rules):
            return False
        # Normalisation folds character by character and never joins words, so the key
        # of the first word (short, hence remembered) is how the line's key begins.
        first = normalize_key(_FIRST_WORD_RE.match(stripped, 0, _SHORT_LINE).group())
        if first and not first.startswith(rules.link_first_words):
            return False
    key = normalize_key(stripped[:_SHORT_LINE])
    if rules.link_prefixes.match(key):
        return True
    if len(stripped) > _SHORT_LINE:
        return False
    tokens = _key_tokens(key)  # the whole line: it is short
    return key in rules.exact_lines or (
        any(t in rules.widget_words for t in tokens) and _only_counters_or_widgets(tokens, rules)
    )


def clean_text(text: str) -> str:
    """``text`` without debris lines; blank-line runs collapse to one, ends trimmed.

    Kept lines are kept byte for byte, so any sentence of the cleaned text is a
    sentence of the original.
    """
    kept = [line for line in text.splitlines() if not is_debris_line(line)]
    return _BLANK_RUN_RE.sub("\n\n", "\n".join(kept)).strip()
