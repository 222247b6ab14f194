"""Turn units into the files translators' tools read (XLIFF 1.2, PO), and those files back into entries.

XLIFF is built and read with lxml: one ``<file>`` per source file (``original`` its path),
one ``<trans-unit>`` per unit, its ``id`` the unit key, ``<source>`` the source text,
``<target>`` the translation there is (``state="needs-review-translation"`` when out of
date) and a ``<note>`` with the file and line. PO exports are the same units as one PO file.
Reading accepts either (told apart by their content) and refuses, located, what it cannot use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from brief_builder import __version__
from brief_builder.errors import Problem, ProblemsError, Severity
from brief_builder.translations.catalog import (
    BROKEN_STRING,
    LANGUAGE_TAG,
    Catalog,
    syntax_problem,
    unterminated,
)
from brief_builder.translations.fields import TERMS
from brief_builder.translations.lookup import State, look_up
from brief_builder.translations.po import Stored, export_file
from brief_builder.translations.units import Unit

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
FORMATS = ("xliff", "po")
MARKDOWN_NOTE = (
    "Texts are Markdown: keep *emphasis*, **strong**, [link text](address), list markers (-, 1.) "
    "and blank lines between paragraphs; translate the text, never the addresses."
)
REVIEW_STATES = {
    "needs-review-translation",
    "needs-review-adaptation",
    "needs-review-l10n",
    "needs-adaptation",
    "needs-l10n",
}
"""XLIFF 1.2 target states that mean a translation a reviewer still has to check (stored as fuzzy)."""
UNTRANSLATED_STATES = {"new", "needs-translation"}
"""States that mean there is no translation yet, whatever the target holds (often a copy of the source)."""


def stored_translations(units: Sequence[Unit], catalog: Catalog) -> dict[str, Stored]:
    """Each unit's translation as an export pre-fills it: up to date, out of date (fuzzy), or none."""
    stored: dict[str, Stored] = {}
    for unit in units:
        lookup = look_up(unit, catalog)
        if lookup.state is State.TRANSLATED and lookup.text is not None:
            stored[unit.key] = Stored(unit, lookup.text)
        elif lookup.state is State.STALE and lookup.translation is not None:
            old = lookup.translation
            previous = old.source if old.source != unit.source else old.previous
            stored[unit.key] = Stored(unit, old.text, fuzzy=True, previous=previous)
    return stored


def export_units(
    units: Sequence[Unit],
    catalog: Catalog,
    format: str = "xliff",
    source_language: str = "en",
    about: str = "the units of a brief",
) -> bytes:
    """The exchange file of ``units`` into the catalog's language, targets pre-filled from the catalog.

    ``about`` names what is exported in the file's header comment (``the brief sme-internationalisation``).
    """
    if format not in FORMATS:
        raise ValueError(f"expected one of the formats {', '.join(FORMATS)}, got {format!r}")
    stored = stored_translations(units, catalog)
    if format == "po":
        return export_file(units, catalog.language, about, stored)
    return _xliff(units, catalog.language, source_language, stored)


def _xliff(units: Sequence[Unit], language: str, source_language: str, stored: dict[str, Stored]) -> bytes:
    from lxml import etree

    def element(
        parent: etree._Element, name: str, text: str | None = None, **attributes: str
    ) -> etree._Element:
        child = etree.SubElement(parent, f"{{{XLIFF_NS}}}{name}", attributes)
        if text is not None:
            child.text = text
        return child

    root = etree.Element(f"{{{XLIFF_NS}}}xliff", {"version": "1.2"}, nsmap={None: XLIFF_NS})
    files: dict[str, etree._Element] = {}
    for unit in units:
        original = "terms" if unit.kind == TERMS else unit.path
        body = files.get(original)
        if body is None:
            file = element(
                root,
                "file",
                original=original,
                **{"source-language": source_language, "target-language": language, "datatype": "plaintext"},
            )
            head = element(file, "header")
            element(
                head,
                "tool",
                **{"tool-id": "brief-builder", "tool-name": "brief-builder", "tool-version": __version__},
            )
            if original == "terms":
                element(
                    head,
                    "note",
                    "Terms: topics, themes, audiences and countries, each translated once for every source.",
                )
            else:
                element(head, "note", MARKDOWN_NOTE)
            body = files[original] = element(file, "body")
        trans_unit = element(body, "trans-unit", id=unit.key, resname=unit.field)
        trans_unit.set(f"{{{XML_NS}}}space", "preserve")
        element(trans_unit, "source", unit.source)
        translation = stored.get(unit.key)
        if translation is not None:
            state = "needs-review-translation" if translation.fuzzy else "translated"
            element(trans_unit, "target", translation.text, state=state)
        element(trans_unit, "note", unit.location, **{"from": "developer"})
        if translation is not None and translation.fuzzy and translation.previous:
            element(
                trans_unit,
                "note",
                f"The source text changed since this was translated. It was: {translation.previous}",
                **{"from": "developer", "annotates": "source"},
            )
        where = element(trans_unit, "context-group", purpose="location")
        element(where, "context", unit.path, **{"context-type": "sourcefile"})
        if unit.line is not None:
            element(where, "context", str(unit.line), **{"context-type": "linenumber"})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- reading an exchange file back ---------------------------------------------------------------


@dataclass(frozen=True)
class Incoming:
    """One unit of an exchange file: its key, the source text it was exported with, and its translation."""

    key: str
    source: str
    target: str
    fuzzy: bool
    untranslated: bool
    """The file says there is no translation yet (XLIFF ``state="new"``, an empty ``msgstr``)."""
    line: int | None


@dataclass
class Exchange:
    """What an exchange file holds."""

    name: str
    """The file as shown in messages."""
    format: str
    language: str
    units: list[Incoming] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_exchange(data: bytes, name: str, language: str | None = None) -> Exchange:
    """Read an XLIFF 1.2 or PO file (told apart by content); raise ProblemsError when it cannot be used.

    ``language`` overrides the file's target language (a tool that wrote ``fr-FR`` for ``fr``).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProblemsError(
            [Problem(name, line, "", f"expected UTF-8 text, got byte 0x{data[exc.start]:02x}")]
        ) from None
    if text.lstrip().startswith("<"):
        exchange = _read_xliff(data, name, language)
    else:
        exchange = _read_po(text, name, language)
    if any(p.is_error for p in exchange.problems):
        raise ProblemsError(exchange.problems)
    return exchange


def _problem(
    name: str, line: int | None, field: str, message: str, severity: Severity = Severity.ERROR
) -> Problem:
    return Problem(name, line, field, message, severity)


def _language(
    exchange: Exchange, declared: str | None, line: int | None, override: str | None, what: str
) -> None:
    chosen = override or declared
    if not chosen:
        exchange.problems.append(
            _problem(exchange.name, line, what, "expected the language of the translations, got nothing")
        )
    elif not LANGUAGE_TAG.match(chosen):
        exchange.problems.append(
            _problem(exchange.name, line, what, f"expected a language tag like fr or de-AT, got {chosen!r}")
        )
    elif exchange.language and exchange.language != chosen:
        exchange.problems.append(
            _problem(
                exchange.name,
                line,
                what,
                f"expected one language in the file ({exchange.language!r}), got {chosen!r}",
            )
        )
    else:
        exchange.language = chosen


def _read_xliff(data: bytes, name: str, override: str | None) -> Exchange:
    from lxml import etree

    exchange = Exchange(name=name, format="xliff", language="")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        raise ProblemsError(
            [_problem(name, line, "", f"expected well-formed XML, got an error: {exc.msg}")]
        ) from None
    namespace = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff":
        raise ProblemsError(
            [
                _problem(
                    name,
                    root.sourceline,
                    "",
                    f"expected an XLIFF 1.2 or PO file, got XML <{etree.QName(root).localname}>",
                )
            ]
        )
    if namespace not in (XLIFF_NS, None) or root.get("version", "1.2") != "1.2":
        got = root.get("version") or namespace
        raise ProblemsError(
            [_problem(name, root.sourceline, "xliff", f"expected XLIFF 1.2 ({XLIFF_NS}), got {got}")]
        )
    ns = f"{{{namespace}}}" if namespace else ""
    files = root.findall(f"{ns}file")
    if not files:
        exchange.problems.append(
            _problem(name, root.sourceline, "file", "expected at least one <file>, got none")
        )
    for file in files:
        _language(exchange, file.get("target-language"), file.sourceline, override, "target-language")
        for unit in file.iter(f"{ns}trans-unit"):
            key = unit.get("id")
            if not key:
                exchange.problems.append(
                    _problem(name, unit.sourceline, "trans-unit", "expected an id, got none")
                )
                continue
            source = unit.find(f"{ns}source")
            target = unit.find(f"{ns}target")
            if source is None:
                exchange.problems.append(
                    _problem(name, unit.sourceline, key, "expected a <source>, got none")
                )
                continue
            state = target.get("state", "") if target is not None else ""
            exchange.units.append(
                Incoming(
                    key=key,
                    source="".join(source.itertext()).strip(),
                    target="".join(target.itertext()).strip() if target is not None else "",
                    fuzzy=state in REVIEW_STATES,
                    untranslated=target is None or state in UNTRANSLATED_STATES,
                    line=unit.sourceline,
                )
            )
    return exchange


def _read_po(text: str, name: str, override: str | None) -> Exchange:
    import polib

    exchange = Exchange(name=name, format="po", language="")
    if BROKEN_STRING.search(text):
        lines = text.splitlines()
        raise ProblemsError([Problem(name, line, "", message) for line, message in unterminated(lines)])
    try:
        po = polib.pofile(text if "\n" in text else text + "\n", wrapwidth=0, encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise ProblemsError([syntax_problem(name, str(exc))]) from None
    if not len(po) and not po.metadata:
        raise ProblemsError([_problem(name, None, "", "expected an XLIFF 1.2 or PO file, got neither")])
    _language(
        exchange, po.metadata.get("Language", "").strip().replace("_", "-") or None, 1, override, "Language"
    )
    for entry in po:
        if entry.obsolete:
            continue
        line = max(entry.linenum, 1)
        if not entry.msgctxt:
            exchange.problems.append(
                _problem(
                    name,
                    line,
                    "msgctxt",
                    "expected the unit key (like practices/<id>:<field>), got nothing; skipped",
                    Severity.WARNING,
                )
            )
            continue
        exchange.units.append(
            Incoming(
                key=entry.msgctxt,
                source=entry.msgid.strip(),
                target=entry.msgstr.strip(),
                fuzzy=entry.fuzzy,
                untranslated=not entry.msgstr.strip(),
                line=line,
            )
        )
    return exchange
