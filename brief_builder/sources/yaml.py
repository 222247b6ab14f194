"""Turn one YAML file into plain Python data and a map from field paths to line numbers.

ruamel.yaml (YAML 1.2, pure Python) is the reference reader and writes every message. Plain
files (mappings, lists, strings, integers, dates, booleans) are first read with libyaml
through PyYAML (``sources/fastyaml.py``), about thirty times faster; whatever that fast path
is not sure to read exactly as ruamel would (tags, anchors, floats, duplicate keys, errors)
goes to ruamel.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brief_builder.errors import Problem, Severity, relative, shortened
from brief_builder.sources.fastyaml import MAX_DEPTH, MAX_NODES, CutText, FieldPath, fast_load
from brief_builder.sources.snapshot import MAX_BYTES
from brief_builder.sources.syntax import reader_problem, split_lines, syntax_problem

MB = 1024 * 1024


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
        return Problem(self.display, self.line_of(path), dotted(path, self.data), message, severity)


NAMED_LISTS = {"sections": "title"}
"""Lists whose entries are named in field paths by a key of theirs too: a brief's rules by title."""
NAME_SHOWN = 40


def dotted(path: FieldPath, data: Any = None) -> str:
    """``("topics", 0, "title")`` -> ``topics[1].title``: positions count from 1, as readers count.

    With the file's ``data``, an entry of a list of ``NAMED_LISTS`` is named by its title
    too: ``sections[4] "Good practices".where.topics``.
    """
    text = ""
    current = data
    for index, part in enumerate(path):
        if isinstance(part, int):
            text += f"[{part + 1}]"
            entry = current[part] if isinstance(current, list) and 0 <= part < len(current) else None
            key = NAMED_LISTS.get(str(path[index - 1])) if index else None
            name = entry.get(key) if key and isinstance(entry, dict) else None
            if isinstance(name, str) and name.strip():
                name = " ".join(name.split())
                text += f' "{name if len(name) <= NAME_SHOWN else name[: NAME_SHOWN - 1] + "…"}"'
            current = entry
        else:
            text += f".{part}" if text else part
            current = current.get(part) if isinstance(current, dict) else None
    return text


FIELD_PART = re.compile(r"([a-z_]+)((?:\[[1-9]\d*\])*)")
INDEX = re.compile(r"\[(\d+)\]")


def parse_dotted(text: str) -> FieldPath | None:
    """``topics[2].findings[1].text`` -> ``("topics", 1, "findings", 0, "text")``: the reverse of
    ``dotted`` (without names); None when the text is not such a path."""
    path: list[str | int] = []
    for part in text.split("."):
        match = FIELD_PART.fullmatch(part)
        if match is None:
            return None
        path.append(match[1])
        path.extend(int(index) - 1 for index in INDEX.findall(match[2]))
    return tuple(path)


def read_yaml(path: Path, root: Path, display: str | None = None, raw: bytes | None = None) -> YamlDocument:
    """Read ``path``; problems are recorded in the document instead of raised.

    ``display`` (the path as shown) and ``raw`` (the file's bytes) spare the work when the
    caller knows them already.
    """
    doc = YamlDocument(path=path, display=relative(path, root) if display is None else display)
    if raw is None:
        try:
            status = path.stat()
            if stat.S_ISDIR(status.st_mode):
                doc.problems.append(Problem(doc.display, None, "", "expected a YAML file, got a directory"))
                return doc
            size = status.st_size
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
    fast = fast_load(text)
    if fast is not None:
        doc.data, doc.lines, comments = fast
        if comments:
            doc.problems.extend(_cut_text_problems(doc, split_lines(text), comments))
        doc.data = _clean(doc, doc.data, ())
        return doc
    from ruamel.yaml.error import MarkedYAMLError, YAMLError, YAMLWarning
    from ruamel.yaml.reader import ReaderError

    yaml = _ruamel_reader()  # only files the fast path leaves pay for importing ruamel
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", YAMLWarning)
            documents = list(yaml.load_all(text))
    except _Unbuildable as exc:
        doc.problems.append(Problem(doc.display, exc.line, "", exc.message, column=exc.column))
        return doc
    except MarkedYAMLError as exc:
        doc.problems.append(syntax_problem(doc.display, exc, text))
        return doc
    except ReaderError as exc:
        doc.problems.append(reader_problem(doc.display, exc, text))
        return doc
    except YAMLError as exc:
        doc.problems.append(Problem(doc.display, None, "", f"invalid YAML: {exc}"))
        return doc
    except RecursionError:
        doc.problems.append(Problem(doc.display, None, "", f"expected at most {MAX_DEPTH} levels of nesting"))
        return doc
    except AssertionError:  # ruamel's comment handling asserts on some odd texts
        doc.problems.append(Problem(doc.display, None, "", "invalid YAML: ruamel.yaml cannot read this file"))
        return doc
    for warning in caught:
        if issubclass(warning.category, YAMLWarning):
            doc.problems.append(_warning_problem(doc.display, warning.message))
        else:  # not about the file: shown as it would have been
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
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
    comments: list[CutText] = []
    try:
        doc.data = _plain(documents[0], (), doc.lines, [0], comments)
    except _TooBig as exc:
        doc.problems.append(Problem(doc.display, None, "", str(exc)))
        doc.data = None
        return doc
    duplicates = yaml.constructor.duplicates
    if duplicates:
        doc.problems.extend(_duplicate_problems(doc, documents[0], duplicates))
    if comments:
        doc.problems.extend(_cut_text_problems(doc, split_lines(text), comments))
    doc.data = _clean(doc, doc.data, ())
    return doc


class _Unbuildable(Exception):
    """A plain scalar ruamel resolved as a number or a date but could not build."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


@functools.cache
def _ruamel_constructor() -> type:
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.nodes import ScalarNode

    class LocatingConstructor(RoundTripConstructor):  # type: ignore[misc]
        """ruamel's round-trip constructor, saying where a scalar it resolved cannot be built.

        ruamel resolves ``-_`` as an integer and ``2021-13-45`` as a date, then fails to build
        them with a bare IndexError or ValueError, which names no line.
        """

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.duplicates: list[Duplicate] = []

        def check_mapping_key(self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any) -> bool:
            """Record a key given twice (the first value is kept) instead of stopping at the first."""
            if key not in mapping:
                return True
            first = mapping.lc.data.get(key)
            mark = key_node.start_mark
            self.duplicates.append(
                Duplicate(mapping, str(key), first[0] + 1 if first else None, mark.line + 1, mark.column + 1)
            )
            return False

        def construct_undefined(self, node: Any) -> Any:
            """A tag YAML's core schema lacks (``!!python/object/apply:os.system``, ``!custom``): refused,
            at its line (ruamel would keep it as a tagged value, or fail on it later)."""
            mark = node.start_mark
            tag = shortened(str(node.tag).replace("tag:yaml.org,2002:", "!!", 1), 80)
            message = f"expected plain YAML values, got the tag {tag!r}; remove it (tags are not supported)"
            raise _Unbuildable(mark.line + 1, mark.column + 1, message)

        def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
            try:
                return super().construct_non_recursive_object(node, tag)
            except (ValueError, IndexError, OverflowError) as exc:
                if not isinstance(node, ScalarNode):
                    raise
                mark = node.start_mark
                if (tag or node.tag).endswith(":timestamp"):
                    message = f"expected a real date, got {node.value!r} ({exc})"
                else:
                    message = f"expected a number, or text in quotes, got {node.value!r}"
                raise _Unbuildable(mark.line + 1, mark.column + 1, message) from exc

        def construct_value_key(self, node: Any) -> Any:
            """A plain ``=`` is text: ruamel resolves it as YAML 1.1's value key, which the
            core schema of YAML 1.2 does not have."""
            return self.construct_scalar(node)

    LocatingConstructor.add_constructor(None, LocatingConstructor.construct_undefined)
    LocatingConstructor.add_constructor("tag:yaml.org,2002:value", LocatingConstructor.construct_value_key)
    return LocatingConstructor


def _ruamel_reader() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _ruamel_constructor()
    yaml.preserve_quotes = True  # a quoted scalar is a str subclass: plain ones are plain str
    return yaml


@dataclass(frozen=True)
class Duplicate:
    """A key given twice in one mapping."""

    mapping: Any
    """The ruamel mapping it was given in (to find its field path)."""
    key: str
    first: int | None
    """1-based line of the first occurrence."""
    line: int
    column: int


def _duplicate_problems(doc: YamlDocument, root: Any, duplicates: list[Duplicate]) -> list[Problem]:
    paths = _mapping_paths(root, ())
    return [
        Problem(
            doc.display,
            duplicate.line,
            dotted((*paths.get(id(duplicate.mapping), ()), duplicate.key), doc.data),
            _duplicate_message(duplicate),
            column=duplicate.column,
        )
        for duplicate in duplicates
    ]


def _duplicate_message(duplicate: Duplicate) -> str:
    if duplicate.first == duplicate.line:
        return f"expected each key once, got {duplicate.key!r} twice on line {duplicate.line}"
    return (
        f"expected each key once, got {duplicate.key!r} on line {duplicate.first} "
        f"and again on line {duplicate.line}"
    )


def _mapping_paths(
    node: Any, path: FieldPath, found: dict[int, FieldPath] | None = None
) -> dict[int, FieldPath]:
    """``id()`` of every mapping of a ruamel document -> its field path (the first, for an alias)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    found = {} if found is None else found
    if isinstance(node, CommentedMap | CommentedSeq) and id(node) in found:
        return found
    if isinstance(node, CommentedMap):
        found[id(node)] = path
        for key, value in node.items():
            _mapping_paths(value, (*path, str(key)), found)
    elif isinstance(node, CommentedSeq):
        found[id(node)] = path
        for index, value in enumerate(node):
            _mapping_paths(value, (*path, index), found)
    return found


XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold (control characters, lone surrogates, non-characters)."""
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Embedding, override and isolate controls: they reorder the text shown (U+202E reverses a title)."""


SURROGATE = re.compile("[\ud800-\udfff]")


def _join_surrogate_pairs(value: str) -> str:
    """Turn JSON-style escaped pairs ("\\ud83d\\ude00") into the character they encode."""
    if not SURROGATE.search(value):
        return value
    return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _clean(doc: YamlDocument, value: Any, path: FieldPath) -> Any:
    """Remove the characters no output format can hold, warning where they were."""
    if isinstance(value, str):
        if BIDI_CONTROLS.search(value) is not None:
            doc.problems.append(doc.problem(path, bidi_message(value), Severity.WARNING))
        if XML_FORBIDDEN.search(value) is None:  # no surrogates either: nothing to join or remove
            return value
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


def bidi_message(value: str) -> str:
    """The warning for text holding bidirectional controls, naming each."""
    import unicodedata

    found = sorted(set(BIDI_CONTROLS.findall(value)))
    names = ", ".join(f"U+{ord(c):04X} ({unicodedata.name(c)})" for c in found)
    return (
        f"holds the bidirectional control character(s) {names}, which reorder the text every format "
        "shows; remove them (right-to-left text needs none)"
    )


class _TooBig(Exception):
    pass


def _plain(
    node: Any, path: FieldPath, lines: dict[FieldPath, int], count: list[int], comments: list[CutText]
) -> Any:
    """Copy ruamel's round-trip objects into dicts and lists, recording line numbers.

    Counting every value visited, aliases included, stops alias bombs and deep nesting.
    The comments that follow plain text on its line are added to ``comments``.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import PlainScalarString

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
            if type(value) in (str, PlainScalarString) or value is None:
                _comment_after(node, key, 2, child, comments, empty=value is None)
            result[str(key)] = _plain(value, child, lines, count, comments)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            child = (*path, index)
            line = node.lc.data.get(index)
            if line:
                lines[child] = line[0] + 1
            if type(value) in (str, PlainScalarString):
                _comment_after(node, index, 0, child, comments)
            items.append(_plain(value, child, lines, count, comments))
        return items
    if isinstance(node, str):
        return str(node)
    if isinstance(node, dt.datetime | dt.date | bool | int | float) or node is None:
        return node
    return str(node)


MARK = re.compile(r"line (\d+), column (\d+)")


def _warning_problem(display: str, warning: Warning | str) -> Problem:
    """What ruamel warned about while reading (an anchor defined twice), as a located warning."""
    text = str(warning)
    anchor = re.search(r"found duplicate anchor ('[^']*')", text)
    marks = MARK.findall(text)
    if anchor and len(marks) == 2:
        (first, _), (line, column) = marks
        message = f"anchor {anchor.group(1)} defined again (first on line {first})"
        message += ": later aliases mean this one"
        return Problem(display, int(line), "", message, Severity.WARNING, column=int(column))
    return Problem(display, None, "", " ".join(text.split()), Severity.WARNING)


def _comment_after(
    node: Any, key: Any, slot: int, path: FieldPath, comments: list[CutText], empty: bool = False
) -> None:
    """Record the comment ruamel attached right after the plain text (or nothing) at ``node[key]``.

    ruamel keeps the comment that ends a value's line in ``ca.items[key][slot]``; one that
    starts with ``#`` began on that line (a comment on a later line starts with its break),
    and it follows the value unless it stands on the key's line above the value.
    """
    attached = node.ca.items.get(key)
    token = attached[slot] if attached and len(attached) > slot else None
    value = getattr(token, "value", None)
    if not isinstance(value, str) or not value.startswith("#"):
        return
    where = node.lc.data.get(key)
    line = token.start_mark.line
    if where is None:
        return
    # nothing ends on the key's line; text ends on or after the line it starts on
    follows = line == where[0] if empty else line >= where[-2]
    if follows:
        comments.append(CutText(path, line + 1, token.start_mark.column + 1, empty))


CUT_TEXT = "the text after # was read as a comment; put the value in quotes to keep it"


def _cut_text_problems(doc: YamlDocument, lines: list[str], comments: list[CutText]) -> list[Problem]:
    """A warning for each comment that reads as the rest of the text before it."""
    problems = []
    seen = set()
    for comment in comments:
        if (comment.line, comment.column) in seen:
            continue  # an alias of a value shares its comment
        seen.add((comment.line, comment.column))
        text = lines[comment.line - 1] if comment.line <= len(lines) else ""
        at = comment.column - 1
        if text[at : at + 1] == "#" and not _meant_as_comment(text, at, comment.empty):
            problems.append(
                Problem(
                    doc.display,
                    comment.line,
                    dotted(comment.path, doc.data),
                    CUT_TEXT,
                    Severity.WARNING,
                    comment.column,
                )
            )
    return problems


def _meant_as_comment(text: str, at: int, empty: bool) -> bool:
    """Whether the ``#`` at ``at`` of the line ``text`` starts what its author meant as a comment.

    A comment meant as one is set apart from the value, by two spaces or more and a space
    after the ``#`` (``logo: logo.svg  # shown in the title band``); ``#1 for hospitals``
    after one space is taken as text that YAML cut. After a key with no value, only a
    ``#`` followed by more than a space (``primary: #1f3a68``) reads as a cut value.
    """
    before = text[:at].rstrip(" \t")
    spaced = text[at + 1 : at + 2] in ("", " ", "\t")
    if empty:  # the comment is the whole value, unless the value is ~ or null
        return spaced or not before.endswith(":")
    return spaced and at - len(before) >= 2
