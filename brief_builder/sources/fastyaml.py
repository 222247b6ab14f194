"""Turn plain YAML text into data and line numbers through libyaml's events, or None for ruamel to read.

The fast path of ``sources/yaml.py``: files of mappings, lists, strings, integers, dates and
booleans are read with libyaml through PyYAML, about thirty times faster than ruamel.yaml;
whatever it is not sure to read exactly as ruamel would (tags, anchors used twice, floats,
duplicate keys, errors) is left to ruamel, which writes every message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml as pyyaml

MAX_NODES = 100_000
MAX_DEPTH = 40

FieldPath = tuple[str | int, ...]

C_LOADER = getattr(pyyaml, "CSafeLoader", None)
"""PyYAML's libyaml loader, when PyYAML was built with it."""
NOT_PLAIN_DATA = re.compile(r"(?:^|[\s\[{,])!|^%|<<", re.MULTILINE)
"""Tags, directives and merge keys: left to ruamel (aliases are found as shared nodes)."""
TAG = re.compile(r"(?:^|[\s\[{,])!", re.MULTILINE)
DIRECTIVE = re.compile(r"^%", re.MULTILINE)
MAX_FLOW_BRACKETS = 200
"""More ``[`` and ``{`` than this and ruamel reads the file (it guards deep nesting)."""


@dataclass(frozen=True)
class CutText:
    """A comment that starts on the line where a plain text value ends."""

    path: FieldPath
    line: int
    column: int
    """1-based column of its ``#``."""
    empty: bool = False
    """Whether the value is nothing (a key with only the comment after it, or a null)."""


COMMENT_AFTER = re.compile(r"[ \t]+#")
"""A comment right after a value (``#`` must follow a space to start a comment)."""


class _NotPlain(Exception):
    """The fast path cannot promise ruamel's reading of this file."""


PLAIN_NULL = {"", "~", "null", "Null", "NULL"}
PLAIN_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
PLAIN_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
AMBIGUOUS_START = set("0123456789+-.=")
"""Plain scalars starting so may be floats, times or octal numbers, which ruamel resolves."""
NEVER_RESOLVED = re.compile(r"[^-+0-9_.=: \tboxa-fA-FiInNtTZ]")
"""A character that none of ruamel's YAML 1.2 patterns for numbers, times, ``.inf``, ``.nan``
or ``=`` allows: a plain scalar holding one (``10.5pt``, ``20mm``) is a string."""


def not_plain_data(text: str) -> bool:
    """``NOT_PLAIN_DATA.search(text)``, without running the pattern over texts that lack ``!``, ``%``
    and ``<<`` (the pattern tries every position: a tenth of the reading time of a library).
    """
    tagged = "!" in text and TAG.search(text) is not None
    return tagged or ("%" in text and DIRECTIVE.search(text) is not None) or "<<" in text


def fast_load(text: str) -> tuple[Any, dict[FieldPath, int], list[CutText]] | None:
    """The data, line numbers and comments that may cut text of ``text`` read with libyaml.

    None leaves the file to ruamel.
    """
    if C_LOADER is None or not_plain_data(text):
        return None
    if text.count("[") + text.count("{") > MAX_FLOW_BRACKETS:
        return None
    parser = C_LOADER(text)
    try:
        return _from_events(parser.get_event, text if "#" in text else None)
    except Exception:  # _NotPlain, or any error: ruamel reads the file and reports, in its words
        return None
    finally:
        parser.dispose()


def _from_events(
    next_event: Callable[[], pyyaml.Event], text: str | None = None
) -> tuple[Any, dict[FieldPath, int], list[CutText]] | None:
    """The data and line numbers of a stream of libyaml events holding exactly one document.

    Building plain data straight from the parser's events skips PyYAML's node graph and
    its resolver (half of the reading time of a library); the values are those ``_plain``
    makes of ruamel's reading (YAML 1.2 core schema). With the ``text`` parsed (given only
    when it holds a ``#``), comments right after plain text are found too.
    """
    if not isinstance(next_event(), pyyaml.StreamStartEvent):
        raise _NotPlain
    if not isinstance(next_event(), pyyaml.DocumentStartEvent):
        return None  # no document: ruamel says so
    lines: dict[FieldPath, int] = {}
    first = next_event()
    if isinstance(first, pyyaml.CollectionStartEvent):
        lines[()] = first.start_mark.line + 1
    seen = _Seen(text)
    data = _from_event(first, next_event, (), lines, seen)
    if data is None:
        return None  # a document of nothing (``---``, ``~``): ruamel says so
    if not isinstance(next_event(), pyyaml.DocumentEndEvent) or not isinstance(
        next_event(), pyyaml.StreamEndEvent
    ):
        return None  # more than one document
    return data, lines, seen.comments


class _Seen:
    """Values read so far, and the anchors met (an anchor used twice is left to ruamel)."""

    def __init__(self, text: str | None = None) -> None:
        self.count = 0
        self.anchors: set[str] = set()
        self.text = text
        """The text parsed, when comments after plain text are looked for."""
        self.comments: list[CutText] = []

    def comment_after(self, event: pyyaml.ScalarEvent, path: FieldPath) -> None:
        """Record the comment that follows the plain text of ``event`` on its line, if any."""
        assert self.text is not None
        end = event.end_mark
        found = COMMENT_AFTER.match(self.text, end.index)
        if found:
            column = end.column + found.end() - end.index
            self.comments.append(CutText(path, end.line + 1, column, event.value == ""))

    def visit(self, event: pyyaml.NodeEvent, path: FieldPath) -> None:
        self.count += 1
        if self.count > MAX_NODES or len(path) > MAX_DEPTH or getattr(event, "tag", None) is not None:
            raise _NotPlain
        if event.anchor is not None:
            if event.anchor in self.anchors:
                raise _NotPlain
            self.anchors.add(event.anchor)


def _from_event(
    event: pyyaml.Event,
    next_event: Callable[[], pyyaml.Event],
    path: FieldPath,
    lines: dict[FieldPath, int],
    seen: _Seen,
) -> Any:
    """The value that starts with ``event``; aliases and tags are left to ruamel."""
    kind = type(event)
    if kind is pyyaml.AliasEvent or not isinstance(event, pyyaml.NodeEvent):
        raise _NotPlain
    seen.visit(event, path)
    if kind is pyyaml.ScalarEvent:
        value = _scalar(event.value, event.style)
        text = seen.text  # given only when the file holds a '#'
        if (
            text is not None
            and text.startswith((" ", "\t"), event.end_mark.index)  # ' #' starts a comment
            and not event.style
            and path
            and (type(value) is str or _empty_value(event, path))
        ):
            seen.comment_after(event, path)
        return value
    if kind is pyyaml.MappingStartEvent:
        result: dict[str, Any] = {}
        while True:
            key_event = next_event()
            key_kind = type(key_event)
            if key_kind is pyyaml.MappingEndEvent:
                return result
            if (
                key_kind is not pyyaml.ScalarEvent
                or key_event.anchor is not None
                or key_event.tag is not None
            ):
                raise _NotPlain
            key = _scalar(key_event.value, key_event.style)
            key = key if isinstance(key, str) else str(key)
            if key in result:
                raise _NotPlain  # duplicate keys: ruamel writes the message
            child = (*path, key)
            lines[child] = key_event.start_mark.line + 1
            result[key] = _from_event(next_event(), next_event, child, lines, seen)
    if kind is pyyaml.SequenceStartEvent:
        items: list[Any] = []
        while True:
            item_event = next_event()
            if type(item_event) is pyyaml.SequenceEndEvent:
                return items
            child = (*path, len(items))
            lines[child] = item_event.start_mark.line + 1
            items.append(_from_event(item_event, next_event, child, lines, seen))
    raise _NotPlain


def _empty_value(event: pyyaml.ScalarEvent, path: FieldPath) -> bool:
    """Whether ``event`` is the value of a key written with nothing after its ``:``."""
    return event.value == "" and bool(path) and isinstance(path[-1], str)


def _scalar(value: str, style: str | None) -> Any:
    if style:  # quoted or block scalars are strings (a plain one has no style)
        return value
    if value in PLAIN_NULL:
        return None
    if value in PLAIN_BOOL:
        return PLAIN_BOOL[value]
    if PLAIN_INT.fullmatch(value):
        return int(value)
    date = PLAIN_DATE.fullmatch(value)
    if date:
        try:
            return dt.date(*(int(part) for part in date.groups()))
        except ValueError:
            raise _NotPlain from None
    if value[0] in AMBIGUOUS_START and not NEVER_RESOLVED.search(value):
        raise _NotPlain
    return value
