"""The words of event summaries: section headings, participant labels, kinds of event, formats.

Every phrase the session importer recognises is in one of these tables; a new wording is
one more line here. Phrases are matched case-insensitively against whole headings and
labels (a trailing colon ignored), and inside sentences for kinds of event and formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SECTIONS: tuple[tuple[str, str], ...] = (
    ("participants", r"participants?|participation|who took part|attendees|participants and speakers"),
    (
        "insights",
        r"(?:main |key )?insights"
        r"(?: and (?:key )?takeaway messages| and (?:key )?takeaways| and conclusions)?"
        r"|(?:main |key )?findings|(?:summary of the )?discussion|outcomes?(?: of the discussion)?"
        r"|topics(?: discussed)?|discussion topics",
    ),
    (
        "objectives",
        r"(?:the )?(?:main )?(?:objectives?|aims?|goals?)(?: of the (?:event|session|meeting|workshop|webinar"
        r"|(?:online )?discussion|(?:community )?brainstorming|peer review))?",
    ),
    (
        "takeaways",
        r"(?:key |main )?takeaways?(?: messages)?|(?:key|main) messages|conclusions?|lessons learn[te]d",
    ),
    ("next_steps", r"next steps?|follow[- ]?ups?|what(?:'s|\u2019s| is| happens) next|(?:the )?way forward"),
    ("stories", r"(?:related )?stories"),
    (
        "resources",
        r"(?:[\w\u2019'&-]+ ){0,4}resources|further reading|(?:useful |related )?links|more information"
        r"|(?:related )?(?:documents|materials?)|presentations|read more",
    ),
)
"""Section kind -> the headings that open it."""

PARTICIPANT_LABELS: tuple[tuple[str, str], ...] = (
    (
        "projects",
        r"(?:interreg europe |participating |cooperation )?projects?"
        r"(?: represented| participating| present| involved| taking part)?",
    ),
    ("external_speakers", r"(?:external |guest |invited |keynote )?speakers?|(?:external )?presenters?"),
    ("moderators", r"moderators?|moderated by|facilitators?|facilitated by|chairs?|chaired by"),
)
"""Field of ``participants`` -> the labels of its line ("Moderators: ...")."""


@dataclass(frozen=True)
class EventKind:
    """A way of naming a kind of event, and the session type it is imported as."""

    pattern: str
    type: str
    exact: bool = True
    """Whether the words name the type itself; if not, the import says which type it chose."""


EVENT_KINDS: tuple[EventKind, ...] = (
    EventKind(r"community brainstorming", "community-brainstorming"),
    EventKind(r"brainstorming(?: session)?", "community-brainstorming"),
    EventKind(r"peer[- ]review(?: meeting| session)?", "peer-review"),
    EventKind(r"webinar|web seminar", "webinar"),
    EventKind(r"workshop", "workshop"),
    EventKind(r"(?:online |open |thematic )?discussion", "community-brainstorming", exact=False),
    EventKind(
        r"seminar|conference|meeting|study visit|forum|roundtable|round table|panel|networking event"
        r"|matchmaking(?: event)?|masterclass|event|session",
        "other",
        exact=False,
    ),
)
"""Ordered: the first kind whose words occur in a phrase is the one it names."""

ONLINE_BY_NATURE = frozenset({"webinar"})
"""Session types that take place online, whatever the text says."""

FORMATS: tuple[tuple[str, str], ...] = (
    ("hybrid", r"\bhybrid\b"),
    (
        "online",
        r"\b(?:online|virtual(?:ly)?|web[- ]?based|remote(?:ly)?|on (?:zoom|teams|webex)"
        r"|via (?:zoom|(?:microsoft |ms )?teams|webex|gotomeeting))\b",
    ),
    ("onsite", r"\b(?:on[- ]?site|in[- ]person|face[- ]to[- ]face)\b"),
)
"""Format -> words saying an event had it; the first that occurs wins."""

ORGANISED = r"organi[sz]ed|hosted|held|ran|convened|co-organi[sz]ed"
"""Verbs of the opening sentence: "the Policy Learning Platform organised a ..."."""

NEXT_STEP_CUES = re.compile(
    r"\b(?:will|next steps?|follow[- ]?up|upcoming|the next (?:meeting|event|session))\b", re.IGNORECASE
)
"""Words that make the closing paragraph of the insights what happens next."""

OBJECTIVES_INTRO = re.compile(
    r"\b(?:objectives?|aims?|goals?|purposes?)\b.*:\s*$|\b(?:aimed|set out|intended)\b.*:\s*$", re.IGNORECASE
)
"""A paragraph introducing the objectives listed after it ("The objectives of ... were:")."""

OBJECTIVE_SENTENCE = re.compile(
    r"^(?:the )?(?:main )?(?:objective|aim|goal|purpose)s? of the [^,.:]+? (?:was|were|is|are)"
    r" (?P<rest>to .+)$",
    re.IGNORECASE,
)
"""One objective in a sentence: "The objective of the webinar was to present ..."."""

SELECTED_BY = re.compile(
    r"\b(?:selected|chosen|voted|picked|identified)\s+(?:via|by|through|in|during|with)\s+"
    r"(?:an?\s+)?(?P<by>[^,;:.()]+?)\s*(?=[,;:.()]|$)",
    re.IGNORECASE,
)
"""How topics were chosen ("as selected via preliminary poll")."""

NONE = re.compile(r"^(?:none|no(?:ne| one)?|nobody|n/?a|-|\u2013|\u2014)\.?$", re.IGNORECASE)
"""A participants line that names nobody ("External speakers: none")."""


def _full(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"^(?:{pattern})$", re.IGNORECASE)


_SECTIONS = tuple((kind, _full(pattern)) for kind, pattern in SECTIONS)
_LABELS = tuple((field, _full(pattern)) for field, pattern in PARTICIPANT_LABELS)
_KINDS = tuple((re.compile(rf"\b(?:{kind.pattern})\b", re.IGNORECASE), kind) for kind in EVENT_KINDS)
_FORMATS = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in FORMATS)


def heading_words(text: str) -> str:
    """A heading as compared: whitespace collapsed, a trailing colon or full stop dropped."""
    return re.sub(r"\s+", " ", text).strip().rstrip(":.").strip()


def section_of(heading: str) -> str | None:
    """The kind of section a heading opens, None for a heading not in SECTIONS."""
    words = heading_words(heading)
    return next((kind for kind, pattern in _SECTIONS if pattern.match(words)), None)


def participant_field(label: str) -> str | None:
    """``"Interreg Europe projects represented"`` -> ``projects``."""
    words = heading_words(label)
    return next((field for field, pattern in _LABELS if pattern.match(words)), None)


def event_kind(phrase: str) -> tuple[EventKind, str] | None:
    """The first kind of EVENT_KINDS a phrase names, and the words that name it."""
    for pattern, kind in _KINDS:
        match = pattern.search(phrase)
        if match:
            return kind, match.group(0)
    return None


def format_in(text: str) -> tuple[str, str] | None:
    """The format ``text`` says an event had, and the words saying it."""
    for name, pattern in _FORMATS:
        match = pattern.search(text)
        if match:
            return name, match.group(0)
    return None
