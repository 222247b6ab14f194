"""Turn plain data (mappings, lists, text, dates, numbers) into readable, commented YAML text.

Keys keep the order they are given in. Short text is plain where YAML reads it back as the
same text and quoted otherwise; long text is a folded block (``>-``) wrapped at the width,
text of several lines a literal block (``|-``), so the file reads like one written by hand.
Comments are attached to field paths: after a short value, or on the lines above.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

from brief_builder.sources.yaml import FieldPath

WIDTH = 88
INDENT = "  "
RESERVED = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|=)$"
)
"""Words YAML 1.1 or 1.2 reads as booleans or null, and ``=``, YAML 1.1's value key."""
NUMBER_OR_DATE = re.compile(
    r"^[-+]?(?:\d[\d_,]*(?:\.\d*)?|\.\d+|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)(?:[eE][-+]?\d+)?$"
    r"|^\d{4}-\d\d?-\d\d?(?:[Tt ].*)?$|^\d+(?::[0-5]?\d)+(?:\.\d*)?$",
    re.IGNORECASE,
)
PLAIN_START = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`]|^[-?:](?=[^\s,\[\]{}])")
UNSAFE_INSIDE = re.compile(r": |:$| #|[\x00-\x1f\x7f\u0085\u2028\u2029\ufeff]|\s$")


def dump(data: Mapping[str, Any], notes: Mapping[FieldPath, str] | None = None, width: int = WIDTH) -> str:
    """``data`` as a YAML mapping; ``notes`` are comments on the values at their paths."""
    writer = _Writer(notes or {}, width)
    writer.mapping(data, (), 0)
    return "\n".join(writer.lines) + "\n"


def comment_lines(text: str, width: int = WIDTH, indent: str = "") -> list[str]:
    """``text`` as comment lines (``# ...``) wrapped at ``width``; blank lines kept as ``#``."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append(f"{indent}#")
            continue
        prefix = f"{indent}# "
        lead = re.match(r"^(\s*(?:- )?)", paragraph).group(1)  # type: ignore[union-attr]
        for n, line in enumerate(_wrap(paragraph[len(lead) :], width - len(prefix) - len(lead))):
            lines.append(f"{prefix}{lead if n == 0 else ' ' * len(lead)}{line}")
    return lines


def scalar(value: Any) -> str:
    """One value on one line: plain when YAML reads it back unchanged, else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _plain_ok(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _plain_ok(text: str) -> bool:
    return bool(
        text
        and PLAIN_START.match(text)
        and not UNSAFE_INSIDE.search(text)
        and not RESERVED.match(text)
        and not NUMBER_OR_DATE.match(text)
        and "\t" not in text
        and not text.startswith(("- ", "? ", ": "))
    )


class _Writer:
    def __init__(self, notes: Mapping[FieldPath, str], width: int) -> None:
        self.notes = notes
        self.width = width
        self.lines: list[str] = []

    def mapping(self, data: Mapping[str, Any], path: FieldPath, depth: int, first: str = "") -> None:
        """Keys of ``data``; ``first`` starts the first line (a list item's dash)."""
        for n, (key, value) in enumerate(data.items()):
            pad = first if n == 0 and first else INDENT * depth
            self.entry(f"{pad}{scalar(key)}:", value, (*path, key), depth)

    def entry(self, head: str, value: Any, path: FieldPath, depth: int) -> None:
        """``head`` (``key:`` or ``-``) and its value, nested at ``depth + 1`` when it is a container."""
        note = self.notes.get(path)
        is_container = isinstance(value, Mapping | list) and bool(value)
        if note and (is_container or not self._fits_inline(head, value, note)):
            self.lines.extend(comment_lines(note, self.width, _indent_of(head)))
            note = None
        if isinstance(value, Mapping) and value:
            self.lines.append(head)
            self.mapping(value, path, depth + 1)
        elif isinstance(value, list) and value:
            self.lines.append(head)
            self.sequence(value, path, depth)
        elif isinstance(value, Mapping | list):
            self.lines.append(f"{head} {'{}' if isinstance(value, Mapping) else '[]'}" + _trailing(note))
        elif isinstance(value, str) and self._needs_block(head, value):
            self.block(head, value, depth)
        else:
            self.lines.append(f"{head} {scalar(value)}{_trailing(note)}")

    def sequence(self, items: list[Any], path: FieldPath, depth: int) -> None:
        pad = INDENT * (depth + 1)
        for n, item in enumerate(items):
            item_path = (*path, n)
            if isinstance(item, Mapping) and item:
                note = self.notes.get(item_path)
                if note:
                    self.lines.extend(comment_lines(note, self.width, pad))
                self.mapping(item, item_path, depth + 2, first=f"{pad}- ")
            else:
                self.entry(f"{pad}-", item, item_path, depth + 1)

    def _fits_inline(self, head: str, value: Any, note: str) -> bool:
        if isinstance(value, str) and self._needs_block(head, value):
            return False
        return len(f"{head} {scalar(value)}  # {note}") <= self.width

    def _needs_block(self, head: str, value: str) -> bool:
        if "\n" in value:
            return _literal_ok(value)
        return len(f"{head} {scalar(value)}") > self.width and _folded_ok(value)

    def block(self, head: str, value: str, depth: int) -> None:
        pad = _indent_of(head) + INDENT
        if "\n" in value:
            self.lines.append(f"{head} |-")
            self.lines.extend(f"{pad}{line}" if line else "" for line in value.split("\n"))
            return
        self.lines.append(f"{head} >-")
        self.lines.extend(f"{pad}{line}" for line in _wrap(value, self.width - len(pad)))


def _indent_of(head: str) -> str:
    """The indentation a comment or block above or under ``head`` takes (a list dash counts)."""
    stripped = head.lstrip(" ")
    indent = len(head) - len(stripped)
    if stripped.startswith("- "):
        indent += 2
    return " " * indent


def _trailing(note: str | None) -> str:
    return f"  # {note}" if note else ""


def _wrap(text: str, width: int) -> list[str]:
    """Words of ``text`` in lines of at most ``width`` characters (a longer word on its own line)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


def _folded_ok(text: str) -> bool:
    """Whether a folded block gives back exactly ``text``: single spaces between words only."""
    return bool(
        text
        and text == text.strip()
        and "  " not in text
        and not re.search(r"[\x00-\x1f\x7f\u0085\u2028\u2029\ufeff]", text)
    )


def _literal_ok(text: str) -> bool:
    """Whether a literal block gives back exactly ``text``."""
    lines = text.split("\n")
    return bool(
        text.strip()
        and not lines[0].startswith((" ", "\t"))
        and not text.endswith("\n")
        and lines[-1] != ""
        and all(line == line.rstrip() for line in lines)
        and not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u0085\u2028\u2029\ufeff]", text)
    )
