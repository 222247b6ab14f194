"""Read the translations beside the sources (gettext PO files) into a Catalog, every problem located.

The source reader of ``sources/translations/``: one PO file per source item and language,
``translations/<language>/<kind>/<id>.po`` beside ``<kind>/<id>.yaml``, and one
``translations/<language>/terms.po`` for the terms of the whole library. Each entry is
one unit: ``msgctxt`` its key, ``msgid`` the source text it translates, ``msgstr`` the
translation, ``#, fuzzy`` when it needs review. polib parses the files; this module checks
what polib lets through and says where.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from brief_builder.errors import Problem, Severity, relative
from brief_builder.sources.yaml import MAX_BYTES, MB, XML_FORBIDDEN
from brief_builder.translations.fields import ITEM_KINDS, TERMS, parse_key

FOLDER = "translations"
"""The folder of ``sources/`` that holds the translations."""
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
"""A BCP 47 tag as briefs write it (``fr``, ``de-AT``): the same pattern as ``Brief.language``."""
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
KEYWORD_LINE = re.compile(r"^(?:#~\s*)?(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(.*)$")
OPEN_STRING = re.compile(r'^"')


@dataclass(frozen=True)
class Translation:
    """One entry of a PO file: the translation of one unit."""

    key: str
    source: str
    """``msgid``: the source text the translation was made from."""
    text: str
    """``msgstr``: the translation ("" when there is none)."""
    fuzzy: bool
    previous: str | None
    """``#| msgid``: the source text before it changed, when the entry says."""
    path: str
    """The PO file as shown in messages."""
    line: int

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Catalog:
    """Every translation into one language that was read, by unit key, and what was wrong with the files."""

    root: Path
    """The sources folder."""
    language: str
    translations: dict[str, Translation] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)
    """Each PO file read -> its text (import rewrites files from these, never from a second read)."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def get(self, key: str) -> Translation | None:
        return self.translations.get(key)

    def by_source(self, kind: str, item: str) -> dict[str, Translation]:
        """Source text -> an up-to-date translation of it among one item's units (a field that moved)."""
        cache = self.__dict__.setdefault("_by_source", {})
        if (kind, item) not in cache:
            prefix = f"{kind}/{item}:"
            cache[(kind, item)] = {
                t.source: t
                for key, t in sorted(self.translations.items())
                if key.startswith(prefix) and t.text and not t.fuzzy
            }
        return cache[(kind, item)]


def language_folder(root: Path, language: str) -> Path:
    return root / FOLDER / language


def po_path(root: Path, language: str, kind: str, item: str) -> Path:
    """Where the translations of one item (or, for kind ``terms``, of the terms) into ``language`` live."""
    if kind == TERMS:
        return language_folder(root, language) / "terms.po"
    return language_folder(root, language) / kind / f"{item}.po"


def catalog_languages(root: Path) -> list[str]:
    """The languages that have a folder under ``sources/translations/``."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def read_catalog(root: Path, language: str, items: Iterable[tuple[str, str]] | None = None) -> Catalog:
    """Read the translations into ``language``: every file of its folder, or only those of ``items``.

    ``items`` are ``(kind, id)`` pairs (the owners of the units a build needs); the terms
    file is always read. Problems are collected in the catalog, never raised.
    """
    catalog = Catalog(root=root, language=language)
    folder = language_folder(root, language)
    if not LANGUAGE_TAG.match(language):
        catalog.problems.append(
            Problem(
                relative(folder, root),
                None,
                "",
                f"expected a language tag like fr or de-AT as the folder's name, got {language!r}",
            )
        )
        return catalog
    if not folder.is_dir():
        return catalog
    if items is None:
        paths = _every_file(catalog, folder)
    else:
        wanted = {po_path(root, language, kind, item) for kind, item in items if kind != TERMS}
        paths = [po_path(root, language, TERMS, ""), *sorted(wanted)]
    for path in paths:
        if path.is_file():
            _read_file(catalog, path)
    return catalog


def _every_file(catalog: Catalog, folder: Path) -> list[Path]:
    paths: list[Path] = []
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir() and child.name in ITEM_KINDS:
            for path in sorted(child.iterdir()):
                if path.name.startswith("."):
                    continue
                if path.suffix == ".po" and path.is_file():
                    paths.append(path)
                else:
                    catalog.problems.append(
                        _warning(catalog, path, f"expected a .po file, got {path.name!r}; ignored")
                    )
        elif child.name == "terms.po" and child.is_file():
            paths.insert(0, child)
        else:
            expected = f"terms.po or one of the folders {', '.join(ITEM_KINDS)}"
            catalog.problems.append(
                _warning(catalog, child, f"expected {expected}, got {child.name!r}; ignored")
            )
    return paths


def _warning(catalog: Catalog, path: Path, message: str) -> Problem:
    return Problem(relative(path, catalog.root), None, "", message, Severity.WARNING)


def _read_file(catalog: Catalog, path: Path) -> None:
    import polib

    display = relative(path, catalog.root)
    problems = catalog.problems
    size = path.stat().st_size
    if size > MAX_BYTES:
        problems.append(
            Problem(
                display,
                None,
                "",
                f"expected a file of at most {MAX_BYTES / MB:.0f} MB, got {size / MB:.1f} MB",
            )
        )
        return
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(display, line, "", f"expected UTF-8 text, got byte 0x{raw[exc.start]:02x}"))
        return
    lines = text.splitlines()
    broken = _unterminated(lines)
    if broken:
        problems.extend(Problem(display, line, "", message) for line, message in broken)
        return
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        problems.append(_syntax_problem(display, str(exc)))
        return
    catalog.texts[path] = text
    _check_header(catalog, po, display)
    owner = _owner(path)
    starts = [n for n, line in enumerate(lines, 1) if line.startswith(("msgctxt ", "msgid "))]
    seen: dict[str, int] = {}
    covered: set[int] = set()
    for entry in po:
        if entry.obsolete:
            continue
        # polib gives the line an entry starts on (its first comment); messages point at
        # its msgctxt, or its msgid when it has none.
        index = bisect.bisect_left(starts, max(entry.linenum, 1))
        line = starts[index] if index < len(starts) else max(entry.linenum, 1)
        if index < len(starts):
            covered.add(starts[index])
            if lines[starts[index] - 1].startswith("msgctxt ") and index + 1 < len(starts):
                covered.add(starts[index + 1])
        _check_entry(catalog, entry, display, line, owner, seen)
    header = next((n for n in starts if lines[n - 1].strip() == 'msgid ""'), None) if po.metadata else None
    for n in starts:
        if n not in covered and n != header and lines[n - 1].startswith("msgid "):
            problems.append(
                Problem(display, n, "msgid", "expected an entry with msgid and msgstr, got an incomplete one")
            )


def _unterminated(lines: list[str]) -> list[tuple[int, str]]:
    """Lines whose string does not end where it should (polib would read them as empty)."""
    found = []
    for n, line in enumerate(lines, 1):
        stripped = line.strip()
        match = KEYWORD_LINE.match(stripped)
        value = match[2].strip() if match else (stripped if OPEN_STRING.match(stripped) else None)
        if value is None:
            continue
        if not QUOTED.fullmatch(value):
            found.append((n, f'expected a string in double quotes (with \\" inside), got {value[:40]!r}'))
    return found


def _syntax_problem(display: str, message: str) -> Problem:
    match = re.search(r"\(line (\d+)\)(?::\s*(.*))?", message)
    if match is None:
        return Problem(display, None, "", f"expected a gettext PO file, got an error: {message}")
    detail = match[2] or "a line that is not a comment, keyword or string"
    return Problem(display, int(match[1]), "", f"expected a gettext PO file, got {detail}")


def _check_header(catalog: Catalog, po: object, display: str) -> None:
    metadata = getattr(po, "metadata", {}) or {}
    declared = metadata.get("Language", "").strip()
    if declared and declared.replace("_", "-").lower() != catalog.language.lower():
        catalog.problems.append(
            Problem(
                display,
                1,
                "Language",
                f"expected {catalog.language!r} (the language of the folder), got {declared!r}",
            )
        )
    charset = re.search(r"charset=([\w-]+)", metadata.get("Content-Type", ""))
    if charset and charset[1].lower().replace("-", "") != "utf8":
        catalog.problems.append(
            Problem(display, 1, "Content-Type", f"expected charset=UTF-8, got charset={charset[1]}")
        )


def _owner(path: Path) -> tuple[str, str]:
    """``(kind, id)`` whose units a PO file holds (``("terms", "")`` for terms.po)."""
    if path.name == "terms.po":
        return TERMS, ""
    return path.parent.name, path.stem


def _check_entry(
    catalog: Catalog, entry: object, display: str, line: int, owner: tuple[str, str], seen: dict[str, int]
) -> None:
    problems = catalog.problems
    if getattr(entry, "obsolete", False):
        return
    key = getattr(entry, "msgctxt", None)
    if not key:
        problems.append(
            Problem(
                display, line, "msgctxt", "expected the unit key (like practices/<id>:<field>), got nothing"
            )
        )
        return
    parsed = parse_key(key)
    if isinstance(parsed, str):
        problems.append(Problem(display, line, "msgctxt", parsed))
        return
    kind, item = owner
    if parsed.kind != kind or (kind != TERMS and parsed.item != item):
        expected = "a term (terms/<vocabulary>:<term>)" if kind == TERMS else f"a unit of {kind}/{item}"
        problems.append(Problem(display, line, "msgctxt", f"expected {expected} in this file, got {key!r}"))
        return
    if getattr(entry, "msgid_plural", ""):
        problems.append(
            Problem(display, line, "msgid_plural", "expected one msgstr per unit, got plural forms")
        )
        return
    if key in seen:
        problems.append(
            Problem(
                display,
                line,
                "msgctxt",
                f"expected each unit once, got {key!r} again (first on line {seen[key]})",
            )
        )
        return
    seen[key] = line
    text = getattr(entry, "msgstr", "")
    forbidden = XML_FORBIDDEN.findall(text)
    if forbidden:
        codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in forbidden}))
        problems.append(
            Problem(
                display,
                line,
                "msgstr",
                f"removed {len(forbidden)} character(s) no document can hold ({codes})",
                Severity.WARNING,
            )
        )
        text = XML_FORBIDDEN.sub("", text)
    catalog.translations[key] = Translation(
        key=key,
        source=entry.msgid.strip(),  # type: ignore[attr-defined]
        text=text.strip(),
        fuzzy="fuzzy" in getattr(entry, "flags", ()),
        previous=(getattr(entry, "previous_msgid", None) or None),
        path=display,
        line=line,
    )
