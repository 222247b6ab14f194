"""Turn the fields a reviewer changed in a DOCX into new YAML sources, refusing fields changed since compile.

Before anything is written, every changed field is checked against the sources as they are
now: the field must still compile to the text the DOCX was compiled from (its fingerprint),
and must be a text scalar whose own text the DOCX showed (not a name looked up from an id).
A field that fails is a conflict; with conflicts nothing is written unless ``partial``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from brief_builder.errors import BriefError, NotCompiledError
from brief_builder.outline import field_texts, rich_json
from brief_builder.pipeline.output import write_atomic
from brief_builder.pipeline.project import Project
from brief_builder.pipeline.validate import validate
from brief_builder.renderers.docx.origins import Origin, fingerprint
from brief_builder.review.docx import DocxReview
from brief_builder.review.edits import Where
from brief_builder.review.yamledit import NotText, set_scalars
from brief_builder.richtext import bad_links, to_rich
from brief_builder.sources.yaml import FieldPath, parse_dotted

ENTRY_NAME = re.compile(r' ".*?"(?=\.|\[|$)')
"""The title naming a list entry in a field path, as ``dotted`` adds it."""


@dataclass
class Plan:
    """What applying a review would do: new text per file, and the fields refused (with why)."""

    files: dict[Path, dict[FieldPath, str]] = field(default_factory=dict)
    applied: list[Where] = field(default_factory=list)
    conflicts: list[tuple[Where, str]] = field(default_factory=list)


def plan(review: DocxReview, project: Project, accept_tracked: bool = True) -> Plan:
    """Check every field the reviewer changed against the sources as they are now."""
    changed = review.changed(accept_tracked)
    result = Plan()
    if not changed:
        return result
    brief = review.mapping.brief
    validation = validate(project, [brief])
    if brief in validation.not_compiled or brief not in validation.compiled:
        raise NotCompiledError(validation.problems, validation.not_compiled)
    texts = field_texts(validation.compiled[brief].result.outline)
    root = project.sources.absolute().parent
    for origin, _, new in changed:
        where = Where(origin.path, origin.line, origin.field, origin.key)
        reason = _refusal(origin, new, texts, root, project.sources)
        if reason is not None:
            result.conflicts.append((where, reason))
            continue
        path = _field_path(origin)
        if path is not None:
            file = root / origin.path
            text = new
            if origin.rich:
                raw = _value(file.read_text(encoding="utf-8"), path)
                text = kept_paragraphs(raw, review.compiled_text(origin), new)
            result.files.setdefault(file, {})[path] = text
        result.applied.append(where)
    return result


def kept_paragraphs(raw: str, old: str, new: str) -> str:
    """``new`` with each paragraph the reviewer left as it was taken from the source ``raw`` as
    written there (its line breaks, its Markdown), when ``raw`` has a paragraph per compiled one."""
    raw_blocks = [block.strip("\n") for block in raw.strip().split("\n\n")]
    old_blocks, new_blocks = old.split("\n\n"), new.split("\n\n")
    if len(raw_blocks) != len(old_blocks):
        return new
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_blocks, b=new_blocks, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        out.extend(raw_blocks[i1:i2] if tag == "equal" else new_blocks[j1:j2])
    return "\n\n".join(out)


def _field_path(origin: Origin) -> FieldPath | None:
    """The path of a field named with a list entry's title (``sections[2] "Why".text``)."""
    return parse_dotted(ENTRY_NAME.sub("", origin.field))


def _refusal(
    origin: Origin, new: str, texts: dict[tuple[str, str], str], root: Path, sources: Path
) -> str | None:
    """Why the new text of ``origin`` cannot be written, or None when it can."""
    current = texts.get((origin.path, origin.field))
    if current is None:
        return "conflict: the brief no longer shows this field; not written"
    if fingerprint(current) != origin.fingerprint:
        return "conflict: changed in the sources since the DOCX was compiled; not written"
    if not new.strip():
        return "the reviewer removed all of its text; not written (remove the field by hand)"
    if origin.rich and bad_links(new):
        return f"a link the sources do not accept ({', '.join(bad_links(new))}); not written"
    path = (root / origin.path).absolute()
    if path.suffix != ".yaml" or not path.is_relative_to(sources.absolute()) or not path.is_file():
        return "not a YAML file of the sources; not written"
    if _field_path(origin) is None:
        return "not a field path; not written"
    try:
        raw = _value(path.read_text(encoding="utf-8"), _field_path(origin))  # type: ignore[arg-type]
    except (OSError, UnicodeDecodeError, NotText) as exc:
        return f"cannot be written: {exc}"
    shown = rich_json(to_rich(raw)) if origin.rich else " ".join(raw.split())
    if shown != current:
        return (
            "the DOCX shows what the build made of this field (a name, a list), not its text; edit it by hand"
        )
    return None


def _value(text: str, path: FieldPath) -> str:
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load(text)
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            raise NotText("the field is not where the DOCX says") from None
    if not isinstance(data, str):
        raise NotText("the field is not a text")
    return data


def write(result: Plan) -> list[Path]:
    """Write every planned file (each atomically, after all of them were made); the files written."""
    new_texts = {}
    for path, values in result.files.items():
        try:
            new_texts[path] = set_scalars(path.read_bytes().decode("utf-8"), values)  # line ends as they are
        except (NotText, OSError, UnicodeDecodeError) as exc:
            raise BriefError(f"{path}: cannot write the reviewed text: {exc}") from None
    for path, text in new_texts.items():
        write_atomic(path, text.encode("utf-8"))
    return list(new_texts)
