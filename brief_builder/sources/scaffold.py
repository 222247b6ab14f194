"""Turn a source kind's JSON Schema into a commented YAML skeleton of a new source file.

Every field of the kind appears, with its description as a comment above it. Required
fields hold ``TODO``; optional ones are commented out, each line being ``# `` plus the line
it would be, so uncommenting a block with an editor gives valid YAML. Fields given a value
(a brief's layout and session) are written with it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from brief_builder.sources.schema import FOLDER, file_name, schema_for

PLACEHOLDER = "TODO"
INDENT = "  "


def scaffold(
    kind: str, values: Mapping[str, str] | None = None, required: Collection[str] | None = None
) -> str:
    """The text of a new ``kind`` source (``session``, ``brief``, ...).

    ``values`` are top-level fields written with their value; ``required`` the top-level
    fields written with ``TODO`` (the schema's required ones when None).
    """
    schema = dict(schema_for(kind))
    if required is not None:
        schema["required"] = list(required)
    lines = [f"# yaml-language-server: $schema=../{FOLDER}/{file_name(kind)}"]
    if schema.get("description"):
        lines.append(f"# {schema['description'].replace('``', '')}")
    lines.append(f"# Replace every {PLACEHOLDER}; uncomment the optional fields you need.")
    writer = _Writer(schema.get("$defs", {}), lines, dict(values or {}))
    writer.fields(schema, depth=0, commented=False, top=True)
    return "\n".join(lines) + "\n"


class _Writer:
    """Appends the lines of one mapping after another, following ``$ref`` into ``$defs``."""

    def __init__(self, defs: dict[str, Any], lines: list[str], values: dict[str, str]) -> None:
        self.defs = defs
        self.lines = lines
        self.values = values
        """Top-level field -> the value to write."""
        self.open: list[str] = []
        """Definitions being written, so a recursive one (a rule's sections) stops."""

    def fields(
        self, schema: dict[str, Any], depth: int, commented: bool, top: bool = False, first: str = ""
    ) -> None:
        """One line (or block) per property; ``first`` starts the first line (a list dash)."""
        required = set(schema.get("required", ()))
        for index, (name, prop) in enumerate(schema.get("properties", {}).items()):
            starts_item = bool(first) and index == 0
            # An item needs one visible field: the first, when the item requires none.
            optional = name not in required and not (starts_item and not required)
            hidden = commented or optional
            if top:
                self.lines.append("")
            if top and name in self.values:
                self.emit(False, self._comment(prop))
                self.emit(False, f"{name}: {self.values[name]}")
                continue
            self.emit(hidden, f"{first if starts_item else INDENT * depth}{self._comment(prop)}")
            self.value(name, prop, depth, hidden, required=not optional)

    def value(self, name: str, prop: dict[str, Any], depth: int, hidden: bool, required: bool) -> None:
        pad = INDENT * depth
        resolved, ref = self._resolve(prop)
        if resolved.get("type") == "object" and "properties" in resolved:
            if ref in self.open:
                self.emit(hidden, f"{pad}{name}: []")
                return
            self.emit(hidden, f"{pad}{name}:")
            self.open.append(ref)
            self.fields(resolved, depth + 1, hidden)
            self.open.pop()
        elif resolved.get("type") == "array":
            items, item_ref = self._resolve(resolved.get("items", {}))
            if items.get("type") == "object" and "properties" in items and item_ref not in self.open:
                self.emit(hidden, f"{pad}{name}:")
                self.open.append(item_ref)
                self.fields(items, depth + 2, hidden, first=f"{pad}{INDENT}- ")
                self.open.pop()
            elif items.get("type") == "object":
                self.emit(hidden, f"{pad}{name}: []")
            else:
                self.emit(hidden, f"{pad}{name}: [{self._scalar(items, required=True)}]")
        elif resolved.get("type") == "object":
            self.emit(hidden, f"{pad}{name}: {{}}")
        else:
            self.emit(hidden, f"{pad}{name}: {self._scalar(prop, required)}")

    def emit(self, hidden: bool, line: str) -> None:
        self.lines.append(f"# {line}" if hidden else line)

    def _resolve(self, prop: dict[str, Any]) -> tuple[dict[str, Any], str]:
        """The schema a value follows, without the ``null`` alternative, and its definition name."""
        variants = [v for v in prop.get("anyOf", [prop]) if v.get("type") != "null"]
        chosen = variants[0] if variants else prop
        ref = chosen.get("$ref", "")
        if ref:
            name = ref.rsplit("/", 1)[-1]
            return self.defs[name], name
        return chosen, ""

    def _scalar(self, prop: dict[str, Any], required: bool) -> str:
        default = prop.get("default")
        if not required and isinstance(default, str | int | float) and not isinstance(default, bool):
            return str(default)
        resolved, _ = self._resolve(prop)
        if resolved.get("type") == "integer" and "minimum" in resolved:
            return str(resolved["minimum"])
        return PLACEHOLDER

    def _comment(self, prop: dict[str, Any]) -> str:
        description = " ".join(str(prop.get("description", "")).replace("``", "").split())
        resolved, _ = self._resolve(prop)
        choices = resolved.get("enum") or resolved.get("items", {}).get("enum")
        if choices:
            description += f" One of: {', '.join(choices)}."
        return f"# {description}"
