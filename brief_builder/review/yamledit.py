"""Turn a YAML source's text and new values for some of its scalars into the new text, every other byte kept.

ruamel.yaml composes the file (the round-trip reader) to find where each scalar starts and ends
and how it is written; only those characters are replaced, by the new value written the same
way (a folded or literal block stays a block, with its indentation and chomping; a one-line
value stays plain when YAML reads it back unchanged, else is double-quoted). The result is
read back: every changed value must read as given and every other value as before.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from brief_builder.importers.yamltext import WIDTH, scalar
from brief_builder.sources.yaml import FieldPath

STR_TAG = "tag:yaml.org,2002:str"
LIST_OR_MARK = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#|>|```|    )")


class NotText(Exception):
    """The value at a path is not a text scalar that can be replaced."""


def set_scalars(text: str, values: Mapping[FieldPath, str]) -> str:
    """``text`` with the text scalar at each path of ``values`` replaced; NotText when one is not.

    A file whose lines end in CRLF keeps them: the new lines end so too.
    """
    if "\r\n" in text:
        return _set_scalars(text.replace("\r\n", "\n"), values).replace("\n", "\r\n")
    return _set_scalars(text, values)


def _set_scalars(text: str, values: Mapping[FieldPath, str]) -> str:
    try:
        root = YAML().compose(text)
    except YAMLError as exc:
        raise NotText(f"the file does not read as YAML: {exc}") from None
    spans = {}
    for path, value in values.items():
        node, key_column = _find(root, path)
        spans[path] = (node, key_column, value)
    result = text
    expected = {}
    for path, (node, key_column, value) in sorted(
        spans.items(), key=lambda span: -span[1][0].start_mark.index
    ):
        start, end = node.start_mark.index, node.end_mark.index
        written, expected[path] = _written(result[start:end], node.style, key_column, value)
        if node.style in ("|", ">"):
            end = start + len(result[start:end].rstrip())
        result = result[:start] + written + result[end:]
    _check(text, result, expected)
    return result


def _find(root: Node | None, path: FieldPath) -> tuple[ScalarNode, int]:
    node, column = root, 0
    for part in path:
        if isinstance(part, str) and isinstance(node, MappingNode):
            found = next(
                ((k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == part), None
            )
            if found is None:
                raise NotText(f"no field {part!r}")
            column, node = found[0].start_mark.column, found[1]
        elif isinstance(part, int) and isinstance(node, SequenceNode) and 0 <= part < len(node.value):
            node = node.value[part]
            column = node.start_mark.column - 2
        else:
            raise NotText("the field is not where the DOCX says")
    if not isinstance(node, ScalarNode) or node.tag != STR_TAG:
        raise NotText("the field is not a text")
    return node, column


def _written(original: str, style: str | None, key_column: int, value: str) -> tuple[str, str]:
    """``value`` written as the original scalar (``original``, in ``style``) was, and the text
    that reads back (long lines broken between words)."""
    if style in ("|", ">"):
        header, _, body = original.partition("\n")
        lines = [line for line in body.splitlines() if line.strip()]
        indent = len(lines[0]) - len(lines[0].lstrip(" ")) if lines else key_column + 2
        pad = " " * indent
        chomp = header.strip()[1:]
        # a folded block keeps one paragraph (its blank lines would read as single line breaks)
        indicator = ">" if style == ">" and "\n" not in value and value == value.strip() else "|"
        if indicator == ">":
            lines = textwrap.wrap(value, WIDTH - indent, break_on_hyphens=False)
            body_text, reads = "\n".join(pad + line for line in lines), " ".join(lines)
        else:
            reads = wrapped(value, WIDTH - indent)
            body_text = "\n".join(pad + line if line else "" for line in reads.split("\n"))
        return f"{indicator}{chomp}\n{body_text}", reads
    if "\n" in value:
        pad = " " * (key_column + 2)
        reads = wrapped(value, WIDTH - key_column - 2)
        return "|-\n" + "\n".join(pad + line if line else "" for line in reads.split("\n")), reads
    return scalar(value), value


def wrapped(markdown: str, width: int) -> str:
    """``markdown`` with each one-line paragraph longer than ``width`` broken between words (a line
    break inside a Markdown paragraph reads as a space); lists, headings and quotes as they are."""
    blocks = []
    for block in markdown.split("\n\n"):
        plain = "\n" not in block and not LIST_OR_MARK.match(block)
        blocks.append("\n".join(textwrap.wrap(block, width, break_on_hyphens=False)) if plain else block)
    return "\n\n".join(blocks)


def _check(before: str, after: str, values: Mapping[FieldPath, str]) -> None:
    """Every changed value reads as given, every other value as before; else NotText."""
    reader = YAML(typ="safe", pure=True)
    old, new = reader.load(before), reader.load(after)
    for path, value in values.items():
        _set(old, path, value)
    if _normal(old) != _normal(new):
        raise NotText("the new text would not read back as written")


def _set(data: Any, path: FieldPath, value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _normal(data: Any) -> Any:
    """``data`` with block scalars' final line breaks dropped (clip chomping adds one)."""
    if isinstance(data, dict):
        return {key: _normal(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_normal(value) for value in data]
    if isinstance(data, str):
        return data.rstrip("\n")
    return json.loads(json.dumps(data, default=str))
