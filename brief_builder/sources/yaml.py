"""Turn one YAML file into plain Python data and a map from field paths to line numbers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from brief_builder.errors import Problem, Severity, relative

MB = 1024 * 1024
MAX_BYTES = 2 * MB
MAX_NODES = 100_000
MAX_DEPTH = 40

FieldPath = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """The data of one YAML file, where each value came from, and what was wrong with it."""

    path: Path
    display: str
    """The path as shown in messages."""
    data: Any = None
    lines: dict[FieldPath, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: FieldPath) -> int | None:
        """Line of the value at ``path``, or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]

    def problem(self, path: FieldPath, message: str, severity: Severity = Severity.ERROR) -> Problem:
        return Problem(self.display, self.line_of(path), dotted(path), message, severity)


def dotted(path: FieldPath) -> str:
    """``("topics", 0, "title")`` -> ``topics[0].title``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def read_yaml(path: Path, root: Path) -> YamlDocument:
    """Read ``path``; problems are recorded in the document instead of raised."""
    doc = YamlDocument(path=path, display=relative(path, root))
    if path.is_dir():
        doc.problems.append(Problem(doc.display, None, "", "expected a YAML file, got a directory"))
        return doc
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            doc.problems.append(
                Problem(
                    doc.display,
                    None,
                    "",
                    f"expected a file of at most {MAX_BYTES / MB:.0f} MB, got {size / MB:.1f} MB",
                )
            )
            return doc
        raw = path.read_bytes()
    except OSError as exc:
        doc.problems.append(Problem(doc.display, None, "", f"cannot read the file: {exc.strerror}"))
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        doc.problems.append(
            Problem(
                doc.display,
                line,
                "",
                f"expected UTF-8 text, got byte 0x{raw[exc.start]:02x}",
            )
        )
        return doc
    if not text.strip():
        doc.problems.append(Problem(doc.display, None, "", "expected YAML content, got an empty file"))
        return doc
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        documents = list(yaml.load_all(text))
    except MarkedYAMLError as exc:
        doc.problems.append(_syntax_problem(doc.display, exc, text))
        return doc
    except YAMLError as exc:
        doc.problems.append(Problem(doc.display, None, "", f"invalid YAML: {exc}"))
        return doc
    except RecursionError:
        doc.problems.append(Problem(doc.display, None, "", f"expected at most {MAX_DEPTH} levels of nesting"))
        return doc
    if not documents or (len(documents) == 1 and documents[0] is None):
        doc.problems.append(Problem(doc.display, None, "", "expected YAML content, got only comments"))
        return doc
    if len(documents) > 1:
        doc.problems.append(
            Problem(
                doc.display,
                None,
                "",
                f"expected one YAML document, got {len(documents)}",
            )
        )
        return doc
    try:
        doc.data = _plain(documents[0], (), doc.lines, [0])
    except _TooBig as exc:
        doc.problems.append(Problem(doc.display, None, "", str(exc)))
        doc.data = None
        return doc
    doc.data = _clean(doc, doc.data, ())
    return doc


XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold (control characters, lone surrogates, non-characters)."""


def _join_surrogate_pairs(value: str) -> str:
    """Turn JSON-style escaped pairs ("\\ud83d\\ude00") into the character they encode."""
    if not any("\ud800" <= c <= "\udfff" for c in value):
        return value
    return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _clean(doc: YamlDocument, value: Any, path: FieldPath) -> Any:
    """Remove the characters no output format can hold, warning where they were."""
    if isinstance(value, str):
        value = _join_surrogate_pairs(value)
        found = XML_FORBIDDEN.findall(value)
        if not found:
            return value
        codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
        doc.problems.append(
            doc.problem(
                path,
                f"removed {len(found)} character(s) no document can hold ({codes})",
                Severity.WARNING,
            )
        )
        return XML_FORBIDDEN.sub("", value)
    if isinstance(value, dict):
        return {key: _clean(doc, item, (*path, key)) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(doc, item, (*path, index)) for index, item in enumerate(value)]
    return value


class _TooBig(Exception):
    pass


def _plain(node: Any, path: FieldPath, lines: dict[FieldPath, int], count: list[int]) -> Any:
    """Copy ruamel's round-trip objects into dicts and lists, recording line numbers.

    Counting every value visited, aliases included, stops alias bombs and deep nesting.
    """
    count[0] += 1
    if count[0] > MAX_NODES:
        raise _TooBig(f"expected at most {MAX_NODES} values (are aliases expanding?)")
    if len(path) > MAX_DEPTH:
        raise _TooBig(f"expected at most {MAX_DEPTH} levels of nesting")
    if isinstance(node, CommentedMap | CommentedSeq):
        lines.setdefault(path, node.lc.line + 1)
    if isinstance(node, CommentedMap):
        result: dict[Any, Any] = {}
        for key, value in node.items():
            child = (*path, str(key))
            line = node.lc.data.get(key)
            if line:
                lines[child] = line[0] + 1
            result[str(key) if not isinstance(key, str) else key] = _plain(value, child, lines, count)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            child = (*path, index)
            line = node.lc.data.get(index)
            if line:
                lines[child] = line[0] + 1
            items.append(_plain(value, child, lines, count))
        return items
    if isinstance(node, str):
        return str(node)
    if isinstance(node, dt.datetime | dt.date | bool | int | float) or node is None:
        return node
    return str(node)


def _syntax_problem(display: str, exc: MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    message = " ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
    if mark is None:
        return Problem(display, None, "", f"invalid YAML: {message}")
    lines = text.splitlines()
    shown = lines[mark.line] if mark.line < len(lines) else ""
    pointer = " " * mark.column + "^"
    return Problem(
        display,
        mark.line + 1,
        "",
        f"invalid YAML: {message}\n    {shown}\n    {pointer}",
        column=mark.column + 1,
    )
