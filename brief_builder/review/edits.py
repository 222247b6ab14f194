"""Turn what a reviewed file holds into edits located at source fields, and word diffs of them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

EditKind = Literal[
    "changed",
    "removed",
    "insertion",
    "deletion",
    "comment",
    "new-text",
    "note",
    "highlight",
    "strike-out",
    "replacement",
]
WORD = re.compile(r"\s+|[^\s]+")
CONTEXT = 6
"""Unchanged words shown on either side of a change in a diff."""


@dataclass(frozen=True)
class Where:
    """A source field: its file (relative to the project folder), line and path."""

    path: str
    line: int | None
    field: str
    key: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}" if self.line else f"{self.path}: {self.field}"


@dataclass(frozen=True)
class Edit:
    """One thing a reviewer did, at the field it concerns."""

    kind: EditKind
    where: Where | None
    """None: before any source field (a comment on the title page's fixed texts)."""
    old: str = ""
    new: str = ""
    """For changes: the field's text before and after; for the others, the text concerned."""
    author: str = ""
    date: str = ""
    note: str = ""
    """A comment's or annotation's own text."""

    def summary(self) -> str:
        """The report's line for this edit, after ``path:line: field: ``."""
        by = f" by {self.author or 'unknown'}" + (f" ({self.date})" if self.date else "")
        match self.kind:
            case "changed" | "removed":
                return self.kind
            case "insertion" | "deletion":
                return f"tracked {self.kind}{by}: {self.new or self.old}"
            case "comment":
                return f"comment{by}: {self.note}"
            case "new-text":
                return f"text typed after this field, in no source field: {self.new}"
            case _:
                on = f" on {self.old!r}" if self.old else ""
                return (
                    f"{self.kind}{by}{on}"
                    + (f": {self.note}" if self.note else "")
                    + (f" -> {self.new!r}" if self.new else "")
                )

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"kind": self.kind}
        if self.where is not None:
            data.update(path=self.where.path, line=self.where.line, field=self.where.field)
        for name in ("old", "new", "author", "date", "note"):
            value = getattr(self, name)
            if value:
                data[name] = value
        if self.kind == "changed":
            data["diff"] = word_diff(self.old, self.new)
        return data


def word_diff(old: str, new: str, context: int | None = CONTEXT) -> str:
    """``old`` -> ``new`` word by word: ``[-removed-]{+added+}``; runs of more than ``context``
    unchanged words on either side of the changes shortened to ``…``."""
    a, b = WORD.findall(old), WORD.findall(new)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = a[i1:i2]
            if context is not None:
                keep = context * 2  # words and the spaces between them
                first, last = index == 0, index == len(opcodes) - 1
                if first and len(words) > keep:
                    words = ["…", *words[-keep:]]
                elif last and len(words) > keep:
                    words = [*words[:keep], "…"]
                elif not first and not last and len(words) > 2 * keep:
                    words = [*words[:keep], " … ", *words[-keep:]]
            out.append("".join(words))
            continue
        if tag in ("delete", "replace"):
            out.append(f"[-{_breaks(''.join(a[i1:i2]))}-]")
        if tag in ("insert", "replace"):
            out.append(f"{{+{_breaks(''.join(b[j1:j2]))}+}}")
    return "".join(out)


def _breaks(text: str) -> str:
    """A changed stretch on one line: a paragraph break shown as ``¶``, a line break as ``↵``."""
    return text.replace("\n\n", "¶").replace("\n", "↵")
