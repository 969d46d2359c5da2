"""Single-article files: scraped plain-text dumps and HTML pages.

Both are parsed into a :class:`Page` whose publication date is still *raw*: the
reader decides numeric dates only after it has seen every page of the same
source, because one «25/3/2018» in a batch proves how «2/9/2018» is meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from marsad.ingest.dates import date_mention_spans, find_numeric_dates
from marsad.ingest.debris import bullet_content, clean_text, is_date_or_time, is_debris_line
from marsad.model import DatePrecision, PublishedDate

_TIME_RE = re.compile(r"(?<!\d)(\d{1,2}:\d{2})(?!\d)")
# Header lines of a dump come before the body; a date line deep in the body is text.
_HEADER_SCAN_LINES = 15
# trafilatura falls back to any text it finds (menus, footers); fewer words than
# this is page furniture, not a news report.
_MIN_HTML_ARTICLE_WORDS = 15


class PageError(ValueError):
    """The file is not an article this reader can use (one-line reason)."""


@dataclass(slots=True)
class Page:
    """A one-article file, parsed, with its date not yet decided (unless ``published``)."""

    title: str
    text: str
    raw_date: str | None = None
    time: str | None = None
    url: str | None = None
    outlet: str | None = None  # host name when the page says where it was published
    published: PublishedDate | None = None  # already certain (HTML metadata)
    meta: dict[str, Any] = field(default_factory=dict)


def _date_and_time(content: str) -> tuple[str | None, str | None]:
    spans = date_mention_spans(content)
    raw = content[spans[0][0] : spans[0][1]] if spans else None
    time = _TIME_RE.search(content)
    return raw, time.group(1) if time else None


def parse_dump(text: str) -> Page:
    """A scraped text dump: first line title, bullet date/time lines, body with debris.

    The title is the first non-empty line that is not debris; date and time are read
    from header lines (bullet or bare) that hold nothing but a date or a time.
    """
    lines = text.splitlines()
    title_index = next((i for i, line in enumerate(lines) if line.strip() and not is_debris_line(line)), None)
    if title_index is None:
        raise PageError("no article text after removing page debris")
    title = lines[title_index].strip()
    raw_date: str | None = None
    time: str | None = None
    body_start = title_index + 1
    for index in range(title_index + 1, min(len(lines), title_index + 1 + _HEADER_SCAN_LINES)):
        line = lines[index]
        content = bullet_content(line)
        content = content if content is not None else line.strip()
        if content and is_date_or_time(content):
            found_date, found_time = _date_and_time(content)
            raw_date = raw_date or found_date
            time = time or found_time
            body_start = index + 1
        elif line.strip() and not is_debris_line(line):
            break  # the body has started
    body = clean_text("\n".join(lines[body_start:]))
    if not body:
        raise PageError("no article text after removing page debris")
    return Page(title=title, text=body, raw_date=raw_date, time=time, meta={"format": "dump"})


def _htmldate_result(html: str) -> date | None:
    from htmldate import find_date

    # Only structured metadata (meta tags, JSON-LD, <time>, URL): the extensive
    # search guesses numeric day/month orders from running text.
    found = find_date(html, extensive_search=False, original_date=True)
    return date.fromisoformat(found) if found else None


def _ambiguous_numeric_behind(html: str, found: date) -> str | None:
    """A swappable numeric date in the page that htmldate may have read as ``found``."""
    swappable = (n for n in find_numeric_dates(html) if len(n.candidates) == 2 and found in n.candidates)
    return next((n.raw for n in swappable), None)


def _outlet(url: str | None) -> str | None:
    """The host of the canonical URL (trafilatura's ``hostname`` drops subdomains)."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def parse_html(html: str) -> Page:
    """An HTML page: trafilatura for body, title and canonical URL; htmldate for the date."""
    import trafilatura

    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    body_text = document.text if document is not None else None
    if not body_text or not body_text.strip():
        raise PageError("HTML page with no article text")
    title = (document.title or "").strip()
    body_lines = body_text.splitlines()
    if title and body_lines and body_lines[0].strip() == title:
        body_lines = body_lines[1:]  # trafilatura repeats an in-article <h1>
    body = clean_text("\n".join(body_lines))
    words = len(body.split())
    if words < _MIN_HTML_ARTICLE_WORDS:
        raise PageError(f"HTML page with no article text (only {words} words outside page debris)")
    page = Page(
        title=title,
        text=body,
        url=document.url or None,
        outlet=_outlet(document.url) or document.hostname or None,
        meta={"format": "html"},
    )
    found = _htmldate_result(html)
    if found is not None:
        swappable = _ambiguous_numeric_behind(html, found)
        if swappable is None:
            page.published = PublishedDate(found, DatePrecision.DAY, "page metadata (htmldate)", (found,))
        else:
            page.raw_date = swappable  # htmldate guessed an order; decide it honestly
    if page.published is None and page.raw_date is None:
        for line in body_lines[:_HEADER_SCAN_LINES]:
            content = bullet_content(line)
            content = content if content is not None else line.strip()
            if content and is_date_or_time(content):
                page.raw_date, page.time = _date_and_time(content)
                break
    return page
