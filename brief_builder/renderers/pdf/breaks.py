"""Turn the print HTML's overlong unbroken runs into runs with break opportunities, so layout stays linear.

WeasyPrint (Pango) lays out one unbroken run of characters (a 100,000-character "word" of
nested brackets) in time that grows faster than its length: 20,000 characters took 7 s,
100,000 minutes. A run longer than LONGEST_RUN characters gets a zero-width space (U+200B, an
opportunity to break that prints nothing) every BREAK_EVERY characters: it then lays out as
fast as ordinary words. Only the text between tags changes, never a tag, an attribute or a
stylesheet; the web page, the DOCX and the Markdown keep the text as written.
"""

from __future__ import annotations

import re

LONGEST_RUN = 500
"""Longest run of characters without a break opportunity left as it is."""
BREAK_EVERY = 100
ZERO_WIDTH_SPACE = "\u200b"

_LONG_RUN = re.compile(r"[^\s<>&;\u200b]{%d,}" % (LONGEST_RUN + 1))  # noqa: UP031 (a regex's braces)
_TOKENS = re.compile(
    r"(<style\b.*?</style\s*>|<script\b.*?</script\s*>|<!--.*?-->|<[^>]*>)|([^<]+)", re.S | re.I
)


def with_break_opportunities(html: str) -> str:
    """``html`` with a zero-width space every BREAK_EVERY characters of each overlong run of its text."""
    if _LONG_RUN.search(html) is None:  # the usual case: one scan, no change
        return html
    return "".join(tag if tag else _LONG_RUN.sub(_broken, text) for tag, text in _TOKENS.findall(html))


def _broken(match: re.Match[str]) -> str:
    run = match[0]
    return ZERO_WIDTH_SPACE.join(
        run[start : start + BREAK_EVERY] for start in range(0, len(run), BREAK_EVERY)
    )
