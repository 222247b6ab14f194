"""Translations beside the sources: units, PO catalogs, XLIFF/PO exchange, editions and status."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from conftest import REPO
from lxml import etree

from brief_builder.errors import ProblemsError
from brief_builder.outline import Item, ItemsBlock, MergeResult, TextBlock
from brief_builder.pipeline.project import Project
from brief_builder.pipeline.validate import validate
from brief_builder.rules.merge import merge
from brief_builder.sources.library import Library, load_library
from brief_builder.translations import (
    Catalog,
    Unit,
    brief_units,
    export_units,
    import_units,
    read_catalog,
    read_documents,
    status_table,
    translate_library,
    translation_status,
    union,
)
from brief_builder.translations.catalog import po_path
from brief_builder.translations.po import Stored, update_file

XLIFF = "urn:oasis:names:tc:xliff:document:1.2"
NS = {"x": XLIFF}
EVENT = "community-brainstorming-2021-05-20"
POLICY = "sme-internationalisation"


EVENT_WITH_ITS_OWN_RULES = """\
# Event summary of the community brainstorming of 20 May 2021. All its content comes
# from the session file: its details (date, kind of event, format, organiser), the
# participants, objectives, insights by topic, next steps and resources.
title: "Community brainstorming: Internationalisation of SMEs"
subtitle: Summary of a policy-learning event on SME competitiveness
date: 2021-05-20
status: final
language: en
layout: event-summary
session: community-brainstorming-2021-05-20
authors:
  - name: Luc Schmerber
    role: Thematic expert, SME competitiveness
    organisation: Interreg Europe Policy Learning Platform
  - name: Mart Veliste
    role: Thematic expert, SME competitiveness
    organisation: Interreg Europe Policy Learning Platform
keywords:
  - SME competitiveness
  - internationalisation
  - community brainstorming
  - Interreg Europe
sections:
  - title: The event
    include: details
  - title: Participants
    include: participants
    as: list
  - title: Objectives
    include: objectives
    as: list
  - title: Insights and takeaway messages
    include: findings
    group_by: topic
    as: paragraphs
  - title: Next steps
    include: next_steps
  - title: Resources
    include: resources
    as: list
"""
"""The example event summary as it was before its layout gave the rules, title and date: its
own title and six section titles are units of it (the tests below count them)."""


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """A copy of the example sources, the event summary with rules of its own."""
    target = tmp_path / "sources"
    shutil.copytree(REPO / "sources", target)
    (target / "briefs" / f"{EVENT}.yaml").write_text(EVENT_WITH_ITS_OWN_RULES, encoding="utf-8")
    return target


def test_a_brief_without_title_or_rules_shows_its_sessions_title(sources: Path) -> None:
    """The smallest event summary: its title is the session's, its section titles the layout's labels."""
    (sources / "briefs" / "smallest.yaml").write_text(f"layout: event-summary\nsession: {EVENT}\n", "utf-8")
    units = units_of(sources, "smallest")
    keys = [unit.key for unit in units]
    assert keys[0] == f"sessions/{EVENT}:title"
    assert not any(key.startswith("briefs/") for key in keys)
    _, placed = read(sources)
    documents = read_documents(sources, {"smallest": placed["smallest"]})
    assert [unit.key for unit in brief_units(documents, "smallest", placed["smallest"])] == keys
    result, problems = edition(sources, "smallest")
    assert problems[0] == f"sources/sessions/{EVENT}.yaml:4: warning: title: no fr translation"
    assert result.outline.meta.title == "Community brainstorming: Internationalisation of SMEs"
    assert [section.title for section in result.outline.sections][:2] == ["L'événement", "Participants"]


def read(root: Path) -> tuple[Library, dict[str, dict[str, set[str]]]]:
    """The library and what each brief's rules place (kind -> ids)."""
    validation = validate(Project(sources=root))
    assert validation.errors == []
    return load_library(root), {name: c.result.placed for name, c in validation.compiled.items()}


def units_of(root: Path, *briefs: str) -> list[Unit]:
    library, placed = read(root)
    return union(*(brief_units(library, brief, placed[brief]) for brief in briefs))


def catalog_for(root: Path, language: str = "fr") -> Catalog:
    catalog = read_catalog(root, language)
    assert catalog.problems == []
    return catalog


def fill(data: bytes, translate: Callable[[str], str] = lambda text: f"FR {text}") -> bytes:
    """Give every trans-unit a target, as a CAT tool does, keeping everything else."""
    root = etree.fromstring(data)
    for unit in root.iterfind(".//x:trans-unit", NS):
        for old in unit.findall("x:target", NS):
            unit.remove(old)
        source = unit.find("x:source", NS)
        target = etree.Element(f"{{{XLIFF}}}target", state="translated")
        target.text = translate(source.text)
        source.addnext(target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def write_files(files: dict[Path, bytes]) -> None:
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def translate_all(root: Path, *briefs: str, translate: Callable[[str], str] = lambda t: f"FR {t}") -> None:
    """Export the briefs' units, fill every target, import: what a translator's round trip does."""
    library, _ = read(root)
    exported = export_units(units_of(root, *briefs), read_catalog(root, "fr"))
    result = import_units(fill(exported, translate), "fr.xlf", library)
    assert result.problems == []
    write_files(result.files)


def edition(root: Path, brief: str, language: str = "fr") -> tuple[MergeResult, list[str]]:
    """The brief merged from the library translated into ``language``, and the apply step's problems."""
    validation = validate(Project(sources=root))
    library = load_library(root)
    units = brief_units(library, brief, validation.compiled[brief].result.placed)
    catalog = read_catalog(root, language, {(unit.kind, unit.item) for unit in units})
    translated, problems = translate_library(library, catalog, units)
    layout = validation.compiled[brief].layout
    labels = layout.labels_for(language)
    merged = merge(translated, brief, labels, layout_rules=layout.rules, rules_layout=layout.rules_layout)
    return merged, [str(p) for p in problems]


def item_texts(result: MergeResult, item_id: str) -> tuple[str, str]:
    """The title and first body paragraph of an outline item."""
    for section in result.outline.walk():
        for block in section.blocks:
            if isinstance(block, ItemsBlock):
                for item in block.items:
                    if item.id == item_id:
                        return item.title, "".join(run.text for run in item.body[0].runs)
    raise AssertionError(f"{item_id} not in the outline")


# --- units ---------------------------------------------------------------------------------------


def test_units_of_the_event_summary(sources: Path) -> None:
    session = f"sources/sessions/{EVENT}.yaml"
    brief = f"sources/briefs/{EVENT}.yaml"
    assert [(unit.key, unit.location) for unit in units_of(sources, EVENT)] == [
        (f"briefs/{EVENT}:title", f"{brief}:4"),
        (f"briefs/{EVENT}:subtitle", f"{brief}:5"),
        (f"briefs/{EVENT}:authors[1].role", f"{brief}:13"),
        (f"briefs/{EVENT}:authors[1].organisation", f"{brief}:14"),
        (f"briefs/{EVENT}:authors[2].role", f"{brief}:16"),
        (f"briefs/{EVENT}:authors[2].organisation", f"{brief}:17"),
        (f"briefs/{EVENT}:keywords[1]", f"{brief}:19"),
        (f"briefs/{EVENT}:keywords[2]", f"{brief}:20"),
        (f"briefs/{EVENT}:keywords[3]", f"{brief}:21"),
        (f"briefs/{EVENT}:keywords[4]", f"{brief}:22"),
        (f"briefs/{EVENT}:sections[1].title", f"{brief}:24"),
        (f"briefs/{EVENT}:sections[2].title", f"{brief}:26"),
        (f"briefs/{EVENT}:sections[3].title", f"{brief}:29"),
        (f"briefs/{EVENT}:sections[4].title", f"{brief}:32"),
        (f"briefs/{EVENT}:sections[5].title", f"{brief}:36"),
        (f"briefs/{EVENT}:sections[6].title", f"{brief}:38"),
        (f"sessions/{EVENT}:organiser", f"{session}:7"),
        (f"sessions/{EVENT}:objectives[1]", f"{session}:25"),
        (f"sessions/{EVENT}:objectives[2]", f"{session}:29"),
        (f"sessions/{EVENT}:topics[1].title", f"{session}:37"),
        (f"sessions/{EVENT}:topics[1].findings[1].text", f"{session}:40"),
        (f"sessions/{EVENT}:topics[1].findings[2].text", f"{session}:46"),
        (f"sessions/{EVENT}:topics[2].title", f"{session}:56"),
        (f"sessions/{EVENT}:topics[2].findings[1].text", f"{session}:59"),
        (f"sessions/{EVENT}:topics[2].findings[2].text", f"{session}:65"),
        (f"sessions/{EVENT}:topics[3].title", f"{session}:71"),
        (f"sessions/{EVENT}:topics[3].findings[1].text", f"{session}:74"),
        (f"sessions/{EVENT}:topics[3].findings[2].text", f"{session}:82"),
        (f"sessions/{EVENT}:next_steps", f"{session}:101"),
        (f"sessions/{EVENT}:resources[1].title", f"{session}:107"),
        (f"sessions/{EVENT}:participants.moderators[1].role", f"{session}:19"),
        (f"sessions/{EVENT}:participants.moderators[1].organisation", f"{session}:20"),
        (f"sessions/{EVENT}:participants.moderators[2].role", f"{session}:22"),
        (f"sessions/{EVENT}:participants.moderators[2].organisation", f"{session}:23"),
    ]


def test_units_hold_the_source_text_as_markdown(sources: Path) -> None:
    units = {unit.key: unit for unit in units_of(sources, POLICY)}
    key_messages = units[f"briefs/{POLICY}:sections[1].text"]
    assert key_messages.markdown
    assert key_messages.source.startswith("- SMEs make up about **99% of European businesses** but account")
    assert "\n- Regions support SMEs" in key_messages.source
    assert not units[f"briefs/{POLICY}:title"].markdown
    assert units["practices/go4export:summary"].source.endswith("for one first target market.")
    assert units["practices/go4export:summary"].words == 31  # one-to-one is one word


def test_units_are_what_the_brief_shows(sources: Path) -> None:
    practice = (sources / "practices" / "go4export.yaml").read_text(encoding="utf-8")
    (sources / "practices" / "pending-check.yaml").write_text(
        practice.replace("status: validated", "status: submitted"), encoding="utf-8"
    )
    keys = {unit.key for unit in units_of(sources, POLICY)}
    # placed practices, with their location and results, but not the fields no rule shows
    assert {"practices/go4export:title", "practices/go4export:location.city"} <= keys
    assert "practices/go4export:description" not in keys
    # a practice no rule placed has no units
    assert not any(key.startswith("practices/pending-check:") for key in keys)
    # a session's title is cited by recommendations; its objectives are not shown in this brief
    assert f"sessions/{EVENT}:title" in keys
    assert f"sessions/{EVENT}:objectives[1]" not in keys
    # recommendations show their audience (terms); countries come from CLDR, names and acronyms stay
    assert sorted(key for key in keys if key.startswith("terms/")) == [
        "terms/audience:business support providers",
        "terms/audience:managing authorities",
        "terms/audience:national export agencies",
        "terms/audience:regional authorities",
    ]
    assert len(keys) == 104


def test_a_country_cldr_does_not_name_is_a_term_to_translate(sources: Path) -> None:
    path = sources / "practices" / "go4export.yaml"
    path.write_text(path.read_text().replace("country: Hungary", "country: Pannonia"))
    units = {unit.key: unit for unit in units_of(sources, POLICY)}
    assert units["terms/countries:Pannonia"].location == "sources/practices/go4export.yaml:7"
    assert units["terms/countries:Pannonia"].field == "location.country"


# --- the catalog files -------------------------------------------------------------------------------


def test_po_files_round_trip(sources: Path) -> None:
    units = {unit.key: unit for unit in units_of(sources, POLICY)}
    title, summary = units["practices/go4export:title"], units["practices/go4export:summary"]
    stored = [
        Stored(title, "GO4EXPORT"),
        Stored(
            summary,
            "Un programme de *développement* interactif.\n\n- pour les PME",
            fuzzy=True,
            previous="Old",
        ),
    ]
    path = po_path(sources, "fr", "practices", "go4export")
    data = update_file(None, "fr", title.path, stored, units)
    write_files({path: data})
    catalog = catalog_for(sources)
    assert {key: (t.source, t.text, t.fuzzy, t.previous) for key, t in catalog.translations.items()} == {
        "practices/go4export:title": ("GO4EXPORT", "GO4EXPORT", False, None),
        "practices/go4export:summary": (
            summary.source,
            "Un programme de *développement* interactif.\n\n- pour les PME",
            True,
            "Old",
        ),
    }
    assert catalog.translations["practices/go4export:title"].location == (
        "sources/translations/fr/practices/go4export.po:13"
    )
    assert update_file(catalog.texts[path], "fr", title.path, [], units) == data  # the same bytes again
    text = data.decode()
    assert text.startswith(
        "# French translations of sources/practices/go4export.yaml.\n"
        "# Written by brief-builder; any PO editor may change it.\n"
        'msgid ""\nmsgstr ""\n"Project-Id-Version: brief-builder sources\\n"\n"Language-Team: French\\n"\n'
        '"Language: fr\\n"\n'
    )
    assert (
        '#: sources/practices/go4export.yaml:16\n#, fuzzy\n#| msgid "Old"\n'
        'msgctxt "practices/go4export:summary"\n' in text
    )


def test_po_problems_are_located_all_at_once(sources: Path) -> None:
    folder = sources / "translations" / "fr"
    (folder / "practices").mkdir(parents=True)
    (folder / "practices" / "go4export.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
        'msgctxt "practices/go4export:title"\nmsgid "GO4EXPORT"\nmsgstr "GO4EXPORT"\n\n'
        'msgctxt "practices/export-consortia:title"\nmsgid "Export Consortia"\nmsgstr "Consortiums"\n\n'
        'msgctxt "practices/go4export:url"\nmsgid "x"\nmsgstr "y"\n\n'
        'msgid "no context"\nmsgstr "sans contexte"\n\n'
        'msgctxt "practices/go4export:title"\nmsgid "GO4EXPORT"\nmsgstr "encore"\n',
        encoding="utf-8",
    )
    (folder / "practices" / "export-consortia.po").write_text(
        'msgctxt "practices/export-consortia:title"\nmsgid "Export Consortia\nmsgstr "Consortiums"\n',
        encoding="utf-8",
    )
    (folder / "practices" / "passport-abroad.po").write_bytes(b'msgctxt "x"\nmsgid "caf\xe9"\n')
    (folder / "widgets").mkdir()
    assert [str(problem) for problem in read_catalog(sources, "fr").problems] == [
        "sources/translations/fr/widgets: warning: expected terms.po or one of the folders briefs, "
        "sessions, practices, recommendations, projects, got 'widgets'; ignored",
        "sources/translations/fr/practices/export-consortia.po:2: expected a string in double quotes "
        "(with \\\" inside), got '\"Export Consortia'",
        "sources/translations/fr/practices/go4export.po:1: Language: expected 'fr' (the language of the "
        "folder), got 'de'",
        "sources/translations/fr/practices/go4export.po:9: msgctxt: expected a unit of practices/go4export "
        "in this file, got 'practices/export-consortia:title'",
        "sources/translations/fr/practices/go4export.po:13: msgctxt: expected a translatable field of "
        "practices (title, summary, location.region, location.city, evidence_of_success), got 'url' in "
        "'practices/go4export:url'",
        "sources/translations/fr/practices/go4export.po:17: msgctxt: expected the unit key (like "
        "practices/<id>:<field>), got nothing",
        "sources/translations/fr/practices/go4export.po:20: msgctxt: expected each unit once, got "
        "'practices/go4export:title' again (first on line 5)",
        "sources/translations/fr/practices/passport-abroad.po:2: expected UTF-8 text, got byte 0xe9",
    ]


def test_the_catalog_reads_only_the_files_asked_for(sources: Path) -> None:
    translate_all(sources, POLICY)
    catalog = read_catalog(sources, "fr", [("practices", "go4export")])
    assert sorted({t.path for t in catalog.translations.values()}) == [
        "sources/translations/fr/practices/go4export.po",
        "sources/translations/fr/terms.po",
    ]


def test_a_cache_spares_parsing_files_read_before(sources: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from brief_builder.translations import catalog as module

    translate_all(sources, EVENT)

    class Memory(dict):
        @staticmethod
        def key(kind: str, display: str, raw: bytes) -> str:
            return f"{kind}\0{display}\0{raw.hex()}"

        def put(self, key: str, value: object) -> None:
            self[key] = value

    cache = Memory()
    first = read_catalog(sources, "fr", cache=cache)
    parsed: list[str] = []
    real = module.parse_file
    monkeypatch.setattr(
        module, "parse_file", lambda display, *rest: parsed.append(display) or real(display, *rest)
    )
    again = read_catalog(sources, "fr", cache=cache)
    assert parsed == [] and again.translations == first.translations and again.texts == first.texts
    po = sources / "translations" / "fr" / "briefs" / f"{EVENT}.po"
    po.write_text(po.read_text().replace('msgstr "FR The event"', 'msgstr "L\'événement"'))
    changed = read_catalog(sources, "fr", cache=cache)
    assert parsed == [f"sources/translations/fr/briefs/{EVENT}.po"]
    assert changed.translations[f"briefs/{EVENT}:sections[1].title"].text == "L'événement"


# --- export, a CAT tool, import ----------------------------------------------------------------------


def test_xliff_export_is_xliff_1_2_with_one_trans_unit_per_unit(sources: Path) -> None:
    units = units_of(sources, EVENT)
    root = etree.fromstring(export_units(units, read_catalog(sources, "fr")))
    assert root.tag == f"{{{XLIFF}}}xliff" and root.get("version") == "1.2"
    files = root.findall("x:file", NS)
    assert [
        (f.get("original"), f.get("source-language"), f.get("target-language"), f.get("datatype"))
        for f in files
    ] == [
        (f"sources/briefs/{EVENT}.yaml", "en", "fr", "plaintext"),
        (f"sources/sessions/{EVENT}.yaml", "en", "fr", "plaintext"),
    ]
    trans_units = root.findall(".//x:trans-unit", NS)
    assert [tu.get("id") for tu in trans_units] == [unit.key for unit in units]
    first = trans_units[0]
    assert first.find("x:source", NS).text == "Community brainstorming: Internationalisation of SMEs"
    assert first.find("x:target", NS) is None  # nothing translated yet
    assert first.find("x:note", NS).text == f"sources/briefs/{EVENT}.yaml:4"
    finding = root.find(f".//x:trans-unit[@id='sessions/{EVENT}:topics[1].findings[2].text']", NS)
    assert "A *reshoring* of some activities" in finding.find("x:source", NS).text


def test_export_fill_import_gives_the_catalog_and_the_edition(sources: Path) -> None:
    units = units_of(sources, POLICY, EVENT)
    library, _ = read(sources)
    result = import_units(fill(export_units(units, read_catalog(sources, "fr"))), "fr.xlf", library)
    assert result.summary() == "imported 128 fr translations (128 new, 0 updated)"
    assert (result.unknown, result.changed, result.empty, result.problems) == ([], [], [], [])
    assert sorted(str(path.relative_to(sources)) for path in result.files)[:3] == [
        f"translations/fr/briefs/{EVENT}.po",
        f"translations/fr/briefs/{POLICY}.po",
        "translations/fr/practices/emilia-romagna-go-global-ergo.po",
    ]
    assert not (sources / "translations").exists()  # nothing is written by the import itself
    write_files(result.files)
    catalog = catalog_for(sources)
    assert {key: t.text for key, t in catalog.translations.items()} == {
        u.key: f"FR {u.source}" for u in units
    }

    outline, problems = edition(sources, POLICY)
    assert problems == [] and outline.problems == []
    meta = outline.outline.meta
    assert (meta.title, meta.language, meta.authors[0].role) == (
        "FR Internationalisation of SMEs",
        "fr",
        "FR Thematic expert, SME competitiveness",
    )
    assert item_texts(outline, "go4export")[0] == "FR GO4EXPORT"
    facts = {fact.label: fact.text for fact in _item(outline, "go4export").facts}
    assert facts["Lieu"] == "FR Budapest, FR Central Hungary, Hongrie"  # the country from CLDR
    audience = {fact.label: fact.text for fact in _item(outline, "reach-change-agents").facts}
    assert audience == {"Destinataires": "FR business support providers"}
    headings = outline.outline.headings()
    assert "FR Capacity building in SMEs" in [title for _level, title, _anchor in headings]

    event, problems = edition(sources, EVENT)
    assert problems == []
    details = {item.title: item.body[0].runs[0].text for item in _block(event, "details").items}
    assert details["Date"] == "20 mai 2021"
    assert details["Organisateur"] == "FR Policy Learning Platform"


def _block(result: MergeResult, kind: str) -> ItemsBlock:
    for section in result.outline.walk():
        for block in section.blocks:
            if isinstance(block, ItemsBlock) and block.kind == kind:
                return block
    raise AssertionError(kind)


def _item(result: MergeResult, item_id: str) -> Item:
    for section in result.outline.walk():
        for block in section.blocks:
            if isinstance(block, ItemsBlock):
                for item in block.items:
                    if item.id == item_id:
                        return item
    raise AssertionError(item_id)


def test_every_text_of_an_edition_is_translated_or_from_cldr(sources: Path) -> None:
    """With every unit translated, no source text is left in the outline: the units cover what it shows."""
    translate_all(sources, POLICY, EVENT, translate=_shouted)
    library = load_library(sources)
    names = {e.model.acronym for e in library.projects.values()} | {
        p.name for e in library.briefs.values() for p in e.model.authors
    }
    for brief in (POLICY, EVENT):
        result, problems = edition(sources, brief)
        assert problems == []
        labels = set(result.outline.meta.labels.values())
        for text in _texts(result.outline.model_dump(mode="json")):
            for part in (part.strip() for part in re.split(r"[,;]", text)):
                untranslated = part != part.upper() and part not in names | labels
                from_cldr = part in {"Hongrie", "Italie", "Pologne", "Portugal", "Espagne"}
                date_or_host = re.fullmatch(r"\d+ (mai|juillet) 2021|[a-z0-9.-]+\.[a-z]+(/\S*)?", part)
                assert not untranslated or from_cldr or date_or_host, (brief, part)


def _shouted(text: str) -> str:
    """A pseudo-translation: the text in capitals, the link addresses as they are."""
    parts = re.split(r"(\]\([^)]*\))", text)
    return "".join(part if part.startswith("](") else part.upper() for part in parts)


def _texts(value: object, key: str = "") -> list[str]:
    """Every text of an outline dump a reader sees (runs of Markdown are whole texts together)."""
    skipped = {
        "source",
        "sources",
        "labels",
        "theme",
        "href",
        "url",
        "anchor",
        "id",
        "kind",
        "display",
        "role",
        "layout",
        "status",
        "language",
        "languages",
        "edition",
        "columns",
        "type",
        "date",
        "level",
        "ordered",
    }
    if isinstance(value, dict):
        if "runs" in value:
            return ["".join(run["text"] for run in value["runs"])]
        return [text for k, v in value.items() if k not in skipped for text in _texts(v, k)]
    if isinstance(value, list):
        return [text for v in value for text in _texts(v, key)]
    return [value] if isinstance(value, str) and value.strip() else []


def test_a_unit_translated_once_serves_every_brief_that_places_it(sources: Path) -> None:
    (sources / "briefs" / "second.yaml").write_text(
        "title: Second brief\nsections:\n  - title: One practice\n    include: practices\n"
        "    where:\n      ids: go4export\n",
        encoding="utf-8",
    )
    translate_all(sources, POLICY)
    second = {unit.key for unit in units_of(sources, "second")}
    assert "practices/go4export:summary" in second
    for brief in (POLICY, "second"):
        result, problems = edition(sources, brief)
        assert item_texts(result, "go4export") == ("FR GO4EXPORT", f"FR {_summary(sources)}")
    # the second brief's own texts are not translated yet: a warning each, and the English text
    assert problems == [
        "sources/briefs/second.yaml:1: warning: title: no fr translation",
        "sources/briefs/second.yaml:3: warning: sections[1].title: no fr translation",
    ]
    assert result.outline.meta.title == "Second brief"


def _summary(sources: Path) -> str:
    return load_library(sources).practices["go4export"].model.summary.strip()


def test_an_english_edit_makes_its_translation_stale(sources: Path) -> None:
    translate_all(sources, POLICY)
    path = sources / "practices" / "go4export.yaml"
    path.write_text(path.read_text().replace("for one first target market", "for two target markets"))
    result, problems = edition(sources, POLICY)
    assert problems == [
        "sources/practices/go4export.yaml:16: warning: summary: fr translation is out of date"
    ]
    title, summary = item_texts(result, "go4export")
    assert title == "FR GO4EXPORT"  # the other units of the practice stay translated
    assert summary.endswith(
        "towards a realistic export plan for two target markets."
    )  # English, not stale French
    assert not summary.startswith("FR ")

    units = units_of(sources, POLICY)
    status = translation_status(POLICY, units, catalog_for(sources))
    assert (status.units, status.translated, status.stale, status.missing) == (104, 103, 1, 0)
    # the next export offers the old translation for review, with the text it was made from
    root = etree.fromstring(export_units(units, catalog_for(sources)))
    unit = root.find(".//x:trans-unit[@id='practices/go4export:summary']", NS)
    assert unit.find("x:target", NS).get("state") == "needs-review-translation"
    assert unit.find("x:target", NS).text.startswith("FR An interactive development programme")
    assert [note.text[:59] for note in unit.findall("x:note", NS)] == [
        "sources/practices/go4export.yaml:16",
        "The source text changed since this was translated. It was: ",
    ]
    # imported back untouched, it stays fuzzy and still says what it was made from
    library, _ = read(sources)
    result = import_units(etree.tostring(root, encoding="UTF-8"), "fr.xlf", library)
    assert result.updated == ["practices/go4export:summary"] and result.problems == []
    write_files(result.files)
    stale = catalog_for(sources).get("practices/go4export:summary")
    assert stale.fuzzy and stale.source.endswith("two target markets.")
    assert stale.previous.endswith("for one first target market.")
    assert translation_status(POLICY, units, catalog_for(sources)).stale == 1


def test_a_missing_translation_is_a_warning_with_the_source_line(sources: Path) -> None:
    result, problems = edition(sources, EVENT)
    assert len(problems) == 34
    assert problems[:2] == [
        f"sources/briefs/{EVENT}.yaml:4: warning: title: no fr translation",
        f"sources/briefs/{EVENT}.yaml:5: warning: subtitle: no fr translation",
    ]
    assert result.outline.meta.title == "Community brainstorming: Internationalisation of SMEs"
    assert result.outline.meta.labels["contents"] == "Sommaire"  # labels are the edition's all the same


def test_status_counts_are_exact(sources: Path) -> None:
    units = units_of(sources, EVENT)
    library, _ = read(sources)
    chosen = {units[0].key, units[1].key, units[16].key}
    exported = etree.fromstring(fill(export_units(units, read_catalog(sources, "fr"))))
    for trans_unit in exported.iterfind(".//x:trans-unit", NS):
        if trans_unit.get("id") not in chosen:
            trans_unit.remove(trans_unit.find("x:target", NS))
        elif trans_unit.get("id") == units[16].key:
            trans_unit.find("x:target", NS).set("state", "needs-review-translation")
    result = import_units(etree.tostring(exported), "fr.xlf", library)
    assert len(result.added) == 3 and len(result.empty) == 31
    write_files(result.files)
    status = translation_status(EVENT, units, catalog_for(sources))
    words = sum(unit.words for unit in units)
    assert status.as_dict() == {
        "brief": EVENT,
        "language": "fr",
        "units": 34,
        "words": words,
        "translated": 2,
        "stale": 1,
        "missing": 31,
        "translated_words": units[0].words + units[1].words,
    }
    assert words == 412 and units[0].words == 5 and units[1].words == 8
    assert status_table([status]) == (
        "brief                               language  units  words  translated  stale  missing\n"
        f"{EVENT}  fr           34    412           2      1       31"
    )


def test_gettext_compiles_the_catalog_files(sources: Path, tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed")
    translate_all(sources, EVENT)
    files = sorted((sources / "translations").rglob("*.po"))
    assert len(files) == 2
    units = units_of(sources, POLICY)
    (tmp_path / "export.po").write_bytes(export_units(units, read_catalog(sources, "fr"), "po"))
    for path in [*files, tmp_path / "export.po"]:
        done = subprocess.run(
            [msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        left = [
            line
            for line in done.stderr.splitlines()
            if "PO-Revision-Date" not in line and "Last-Translator" not in line
        ]
        assert left == [], left


def test_translate_toolkit_reads_the_export(sources: Path, tmp_path: Path) -> None:
    tool = shutil.which("xliff2po") or shutil.which("xliff2po", path=str(Path(sys.executable).parent))
    if tool is None:
        pytest.skip("Translate Toolkit's xliff2po is not installed")
    units = units_of(sources, POLICY)
    (tmp_path / "fr.xlf").write_bytes(export_units(units, read_catalog(sources, "fr")))
    done = subprocess.run(
        [tool, str(tmp_path / "fr.xlf"), str(tmp_path / "fr.po")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "ERROR" not in done.stderr.upper()
    converted = polib.pofile(str(tmp_path / "fr.po"))
    assert len(converted) == len(units)
    assert {entry.msgid for entry in converted} == {unit.source for unit in units}
    first = converted[0]
    assert first.occurrences == [(f"sources/briefs/{POLICY}.yaml", "6")]


def test_import_reports_unknown_changed_and_empty_units_and_keeps_translations(sources: Path) -> None:
    translate_all(sources, EVENT)
    library, _ = read(sources)
    units = units_of(sources, EVENT)
    exported = etree.fromstring(export_units(units, catalog_for(sources)))
    body = exported.find(".//x:body", NS)
    by_id = {tu.get("id"): tu for tu in exported.iterfind(".//x:trans-unit", NS)}
    # a unit the sources do not have
    unknown = etree.SubElement(body, f"{{{XLIFF}}}trans-unit", id="practices/nowhere:title")
    etree.SubElement(unknown, f"{{{XLIFF}}}source").text = "Nowhere"
    etree.SubElement(unknown, f"{{{XLIFF}}}target").text = "Nulle part"
    # an emptied target: the existing translation stays
    by_id[f"briefs/{EVENT}:title"].find("x:target", NS).text = ""
    # a new translation made from a source text that changed since the export
    changed = by_id[f"sessions/{EVENT}:next_steps"]
    changed.find("x:target", NS).text = "Les résultats seront intégrés."
    # a translation that really changed
    by_id[f"briefs/{EVENT}:subtitle"].find("x:target", NS).text = "Synthèse d'un événement"
    path = sources / "sessions" / f"{EVENT}.yaml"
    path.write_text(
        path.read_text().replace("The results of the discussion", "The outcomes of the discussion")
    )
    library, _ = read(sources)
    data = etree.tostring(exported, xml_declaration=True, encoding="UTF-8")
    line = {tu.get("id"): tu.sourceline for tu in etree.fromstring(data).iterfind(".//x:trans-unit", NS)}
    result = import_units(data, "back.xlf", library)
    assert result.summary() == (
        "imported 2 fr translations (0 new, 2 updated); "
        "31 unchanged, 1 unknown, 1 changed since the export, 1 empty"
    )
    assert [str(problem) for problem in result.problems] == [
        f"back.xlf:{line[f'briefs/{EVENT}:title']}: warning: briefs/{EVENT}:title: no translation; skipped; "
        "the existing translation is kept",
        f"back.xlf:{line['practices/nowhere:title']}: warning: practices/nowhere:title: expected the id "
        "of one "
        "of the practices, got unknown id 'nowhere' in 'practices/nowhere:title'; skipped",
        f"back.xlf:{line[f'sessions/{EVENT}:next_steps']}: warning: sessions/{EVENT}:next_steps: the source "
        f"text changed since the export (now sources/sessions/{EVENT}.yaml:101); stored as fuzzy for review",
    ]
    assert result.unknown == ["practices/nowhere:title"] and result.empty == [f"briefs/{EVENT}:title"]
    write_files(result.files)
    catalog = catalog_for(sources)
    assert catalog.get(f"briefs/{EVENT}:title").text.startswith("FR Community brainstorming")
    assert catalog.get(f"briefs/{EVENT}:subtitle").text == "Synthèse d'un événement"
    stale = catalog.get(f"sessions/{EVENT}:next_steps")
    assert (stale.text, stale.fuzzy) == ("Les résultats seront intégrés.", True)
    assert stale.source.startswith("The outcomes of the discussion") and stale.previous.startswith(
        "The results"
    )
    assert len(catalog.translations) == 34  # nothing dropped


def test_import_of_a_po_export(sources: Path) -> None:
    units = units_of(sources, EVENT)
    library, _ = read(sources)
    po = polib.pofile(export_units(units, read_catalog(sources, "fr"), "po").decode())
    assert po.metadata["Language"] == "fr" and len(po) == 34
    assert po[0].occurrences == [(f"sources/briefs/{EVENT}.yaml", "4")]
    for entry in po:
        entry.msgstr = f"FR {entry.msgid}"
    po[1].flags.append("fuzzy")
    result = import_units(str(po).encode(), "fr.po", library)
    assert result.summary() == "imported 34 fr translations (34 new, 0 updated)"
    write_files(result.files)
    status = translation_status(EVENT, units, catalog_for(sources))
    assert (status.translated, status.stale, status.missing) == (33, 1, 0)


def test_files_that_cannot_be_imported_are_refused_with_their_line(sources: Path) -> None:
    library, _ = read(sources)
    cases = {
        b"<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'><file>": (
            "x.xlf:1: expected well-formed XML, got an error: "
        ),
        b"<xliff version='2.0' xmlns='urn:oasis:names:tc:xliff:document:2.0'/>": (
            "x.xlf:1: xliff: expected XLIFF 1.2 (urn:oasis:names:tc:xliff:document:1.2), got 2.0"
        ),
        b"<html/>": "x.xlf:1: expected an XLIFF 1.2 or PO file, got XML <html>",
        b"<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'>\n<file/></xliff>": (
            "x.xlf:2: target-language: expected the language of the translations, got nothing"
        ),
        b"hello": "x.xlf:1: expected a gettext PO file, got a line that is not a comment, keyword or string",
    }
    for data, expected in cases.items():
        with pytest.raises(ProblemsError) as caught:
            import_units(data, "x.xlf", library)
        assert str(caught.value.problems[0]).startswith(expected), str(caught.value.problems[0])


def test_an_import_never_rewrites_a_catalog_file_it_cannot_read(sources: Path) -> None:
    units = units_of(sources, EVENT)
    library, _ = read(sources)
    broken = po_path(sources, "fr", "briefs", EVENT)
    broken.parent.mkdir(parents=True)
    broken.write_text('msgctxt "x"\nmsgid "unterminated\nmsgstr ""\n', encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        import_units(fill(export_units(units, read_catalog(sources, "fr"))), "fr.xlf", library)
    assert [str(p) for p in caught.value.problems] == [
        f'sources/translations/fr/briefs/{EVENT}.po:2: expected a string in double quotes (with \\" inside), '
        "got '\"unterminated'"
    ]


# --- terms and refused translations -------------------------------------------------------------------


def test_terms_are_translated_in_items_and_filters_alike(sources: Path) -> None:
    brief = sources / "briefs" / "by-theme.yaml"
    brief.write_text(
        "title: Digital\nsections:\n  - title: Digital practices\n    include: practices\n"
        "    where:\n      topics: digitalisation\n    group_by: topic\n",
        encoding="utf-8",
    )
    library, placed = read(sources)
    units = brief_units(library, "by-theme", placed["by-theme"])
    terms = [unit.key for unit in units if unit.kind == "terms"]
    assert "terms/topics:digitalisation" in terms
    translate_all(sources, "by-theme", translate=lambda text: text.upper())
    result, problems = edition(sources, "by-theme")
    assert problems == [] and result.problems == []
    assert result.placed == placed["by-theme"]  # the same practices in every edition
    headings = [title for _level, title, _anchor in result.outline.headings()]
    assert "DIGITALISATION" in headings and "digitalisation" not in headings


def test_a_term_translation_that_merges_two_terms_is_not_used(sources: Path) -> None:
    """Two terms translated alike would make one group and change what filters place: both stay English."""
    terms = po_path(sources, "fr", "terms", "")
    terms.parent.mkdir(parents=True)
    terms.write_text(
        'msgctxt "terms/audience:regional authorities"\nmsgid "regional authorities"\nmsgstr "autorités"\n\n'
        'msgctxt "terms/audience:managing authorities"\nmsgid "managing authorities"\nmsgstr "autorités"\n\n'
        'msgctxt "terms/audience:national export agencies"\nmsgid "national export agencies"\n'
        'msgstr "business support providers"\n',
        encoding="utf-8",
    )
    result, problems = edition(sources, POLICY)
    clash = (
        "sources/translations/fr/terms.po:{}: warning: msgstr: "
        "expected a translation no other audience term has"
    )
    assert [problem for problem in problems if "terms.po" in problem] == [
        f"{clash.format(5)}, got 'autorités', also the translation of 'regional authorities'; "
        "'managing authorities' stays untranslated",
        f"{clash.format(9)}, got 'business support providers', also the audience term "
        "'business support providers'; 'national export agencies' stays untranslated",
        f"{clash.format(1)}, got 'autorités', also the translation of 'managing authorities'; "
        "'regional authorities' stays untranslated",
    ]
    facts = {fact.label: fact.text for fact in _item(result, "help-smes-go-abroad-together").facts}
    assert facts == {"Destinataires": "regional authorities; managing authorities"}


def test_a_translation_its_field_refuses_is_an_error_in_the_po_file(sources: Path) -> None:
    translate_all(sources, POLICY)
    po = po_path(sources, "fr", "practices", "go4export")
    text = po.read_text()
    po.write_text(
        text.replace('msgstr "FR An interactive', 'msgstr "[voir](javascript:alert(1)) FR An interactive')
    )
    result, problems = edition(sources, POLICY)
    line = next(n for n, text in enumerate(po.read_text().splitlines(), 1) if "go4export:summary" in text)
    assert problems == [
        f"sources/translations/fr/practices/go4export.po:{line}: summary: expected links to http, https or "
        "mailto URLs, got 'javascript:alert(1)'"
    ]
    assert item_texts(result, "go4export")[1] == _summary(sources)  # the English text instead


def test_text_blocks_of_the_brief_are_translated_markdown(sources: Path) -> None:
    translate_all(sources, POLICY, translate=lambda text: text.replace("SMEs", "PME"))
    result, _ = edition(sources, POLICY)
    key_messages = result.outline.sections[0].blocks[0]
    assert isinstance(key_messages, TextBlock)
    first = key_messages.content[0]
    assert "PME make up about " in "".join(run.text for run in first.items[0][0].runs)


def test_units_from_the_documents_alone_are_those_from_the_library(sources: Path) -> None:
    library, placed = read(sources)
    documents = read_documents(sources, placed)
    for brief in placed:
        assert brief_units(documents, brief, placed[brief]) == brief_units(library, brief, placed[brief])
    assert sorted(documents.documents["practices"]) == sorted(placed[POLICY]["practices"])  # only those read


def test_the_id_pattern_is_the_models_one() -> None:
    from brief_builder.sources.models import ID_PATTERN
    from brief_builder.translations.fields import ID

    assert ID.pattern == ID_PATTERN


def test_status_and_export_load_no_models() -> None:
    """Counting and exporting read documents and PO files only: pydantic stays unloaded."""
    probe = (
        "import sys\n"
        "from brief_builder.translations import brief_units, export_units, read_catalog, read_documents\n"
        "from brief_builder.translations import translation_status\n"
        "print(sorted(m for m in ('pydantic', 'brief_builder.sources.models') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_translations_of_units_the_sources_no_longer_have_are_reported(sources: Path) -> None:
    from brief_builder.translations import unused_translations

    translate_all(sources, EVENT)
    path = sources / "sessions" / f"{EVENT}.yaml"
    second = (
        "    - name: Mart Veliste\n      role: Thematic expert, SME competitiveness\n"
        "      organisation: Interreg Europe Policy Learning Platform\n"
    )
    path.write_text(path.read_text().replace(second, ""))  # the session loses its second moderator
    library, _ = read(sources)
    po = po_path(sources, "fr", "sessions", EVENT).read_text().splitlines()
    # a long msgctxt is wrapped: 'msgctxt ""' and the key on the next line
    lines = [
        n if text.startswith("msgctxt") else n - 1 for n, text in enumerate(po, 1) if "moderators[2]" in text
    ]
    gone = f"'sessions/{EVENT}:participants.moderators[2]"
    expected = f"sources/translations/fr/sessions/{EVENT}.po:{{}}: warning: msgctxt: expected a field that "
    expected += (
        f"sources/sessions/{EVENT}.yaml has, got 'participants.moderators[2].{{}}' in {gone}.{{}}'; unused"
    )
    assert [str(p) for p in unused_translations(library, catalog_for(sources))] == [
        expected.format(lines[0], "role", "role"),
        expected.format(lines[1], "organisation", "organisation"),
    ]
    assert [unit.key for unit in units_of(sources, EVENT) if "moderators" in unit.key] == [
        f"sessions/{EVENT}:participants.moderators[1].role",
        f"sessions/{EVENT}:participants.moderators[1].organisation",
    ]
