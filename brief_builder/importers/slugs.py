"""Turn titles and acronyms into ids: ASCII slugs of lowercase letters, digits and hyphens."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

TRANSLITERATED = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l"}
    | {"œ": "oe", "Œ": "oe", "þ": "th", "ð": "d", "\u0131": "i"}
)
"""Letters that Unicode does not decompose into an ASCII letter and a mark."""
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "between",
        "by",
        "for",
        "from",
        "how",
        "in",
        "into",
        "is",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "to",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "with",
    ]
)
"""Words left out of a topic's id: "Capacity building in SMEs" -> ``capacity-building-smes``."""


def slug(text: str, max_length: int = 60) -> str:
    """``"Émilia-Romagna Go Global (ERGO) 2016-2020"`` -> ``emilia-romagna-go-global-ergo-2016-2020``.

    Accents are dropped, other characters become hyphens; a long slug is cut at a hyphen.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(TRANSLITERATED))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = re.sub(r"[^a-z0-9]+", "-", bare).strip("-")
    if len(words) > max_length:
        cut = words[: max_length + 1]
        words = cut.rsplit("-", 1)[0] if "-" in cut else words[:max_length]
    return words.strip("-")


def short_slug(title: str, words: int = 4) -> str:
    """An id for a topic: the title's first part (before a dash or colon), without stop words."""
    head = re.split(r"\s+[\u2013\u2014-]\s+|:\s+", title, maxsplit=1)[0]
    every = [w for w in slug(head, max_length=200).split("-") if w]
    kept = [w for w in every if w not in STOP_WORDS]
    if len(kept) < 2:  # "Topic A": the stop word is what tells it apart
        kept = every
    return "-".join(kept[:words]) or slug(title)


def unique(candidate: str, taken: Collection[str], fallback: str = "item") -> str:
    """``candidate``, or ``candidate-2``, ``-3`` ... the first that is not in ``taken``."""
    base = candidate or fallback
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
