"""A DOCX that looks like the PDF on any machine: fonts embedded as Word embeds them, the logo and the
labels, item titles in the navigation pane, right-to-left runs, table columns that break no word."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont

from brief_builder.layouts.loader import Layout, load_layout
from brief_builder.outline import Fact, Item, ItemsBlock, Outline, Section, TextBlock
from brief_builder.renderers import RenderOptions
from brief_builder.renderers.docx import fonts, render
from brief_builder.renderers.docx.bidi import direction_pieces
from brief_builder.renderers.docx.tables import measured_widths
from tests.sample_outline import SRC, para, sample_outline

FONTS = Path(__file__).resolve().parents[1] / "layouts" / "policy-brief" / "fonts"
WORLD_TEXT = "مرحبا بالعالم (2021) שלום and 中小企业国际化"


@pytest.fixture(scope="module")
def package(layout: Layout) -> dict[str, bytes]:
    data = render(sample_outline(), layout, RenderOptions(draft=False)).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xml(package: dict[str, bytes], name: str) -> str:
    return package[name].decode("utf-8")


# -- fonts --------------------------------------------------------------------------------------


def test_the_four_faces_word_styles_use_are_embedded_obfuscated(package: dict[str, bytes]) -> None:
    table = xml(package, "word/fontTable.xml")
    (entry,) = re.findall(r'<w:font w:name="Source Sans 3">.*?</w:font>', table)
    embeds = re.findall(r'<w:(embed\w+) r:id="(\w+)" w:fontKey="(\{[0-9A-F-]{36}\})"/>', entry)
    assert [kind for kind, _, _ in embeds] == ["embedRegular", "embedBold", "embedItalic", "embedBoldItalic"]
    assert '<w:family w:val="swiss"/>' in entry and '<w:panose1 w:val="020B0503030403020204"/>' in entry
    rels = xml(package, "word/_rels/fontTable.xml.rels")
    originals = ["Regular", "Bold", "It", "BoldIt"]
    for (_, r_id, key), original in zip(embeds, originals, strict=True):
        target = re.search(rf'Id="{r_id}" Type="[^"]+/relationships/font" Target="([^"]+)"', rels).group(1)
        stored = package[f"word/{target}"]
        source = (FONTS / f"SourceSans3-{original}.ttf").read_bytes()
        assert stored != source and stored[32:] == source[32:]
        assert fonts.obfuscate(stored, key) == source
    assert (
        'Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"'
        in xml(package, "[Content_Types].xml")
    )


def test_the_obfuscation_key_is_read_from_the_guids_last_byte_to_its_first() -> None:
    key = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
    assert fonts.obfuscate(bytes(40), key)[:17] == bytes.fromhex("FFEEDDCCBBAA99887766554433221100FF")
    assert fonts.obfuscate(bytes(40), key)[32:] == bytes(8)


def test_word_is_told_to_keep_the_fonts_and_asked_nothing_on_opening(package: dict[str, bytes]) -> None:
    settings = xml(package, "word/settings.xml")
    assert "<w:embedTrueTypeFonts/>" in settings and "updateFields" not in settings
    children = re.findall(r"<w:(\w+)[ />]", settings.split("<w:settings", 1)[1].split(">", 1)[1])
    assert children.index("embedTrueTypeFonts") < children.index("defaultTabStop")
    assert children[: children.index("embedTrueTypeFonts")] in (["zoom"], [])


def test_a_font_whose_licence_forbids_embedding_stays_out(tmp_path: Path) -> None:
    for name, fs_type in (("Regular", 0x0002), ("Bold", 0x0008)):
        font = TTFont(FONTS / f"SourceSans3-{name}.ttf")
        font["OS/2"].fsType = fs_type
        font.save(tmp_path / f"SourceSans3-{name}.ttf")
    faces = fonts.faces_of(tmp_path.iterdir(), ["Source Sans 3"])
    assert [(face.bold, face.italic) for face in faces] == [(True, False)]
    assert fonts.faces_of(tmp_path.iterdir(), ["Another Family"]) == []


def test_only_the_families_the_theme_names_are_embedded(layout: Layout) -> None:
    outline = sample_outline()
    meta = outline.meta.model_copy(
        update={"theme": {"font_body": "DejaVu Sans", "font_heading": "DejaVu Sans"}}
    )
    data = render(outline.model_copy(update={"meta": meta}), layout, RenderOptions()).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not [n for n in archive.namelist() if n.startswith("word/fonts/")]
        assert "embedTrueTypeFonts" not in archive.read("word/settings.xml").decode()


# -- logo, labels, headings ------------------------------------------------------------------------


def test_the_logo_is_a_raster_with_the_layouts_alt_text_above_the_kind_of_document(layout: Layout) -> None:
    document = docx.Document(io.BytesIO(render(sample_outline(), layout, RenderOptions()).data))
    logo, kicker, title = document.paragraphs[:3]
    (picture,) = logo._p.xpath(".//wp:docPr")
    assert picture.get("descr") == "Policy Learning Platform"
    assert (kicker.style.name, kicker.text, title.style.name) == ("Kicker", "Policy brief", "Title")
    assert document.styles["Kicker"].font.all_caps
    assert document.inline_shapes[0].height == docx.shared.Mm(12)


def test_a_layout_without_a_raster_logo_puts_none(layout: Layout) -> None:
    event = load_layout("event-summary")
    document = docx.Document(io.BytesIO(render(sample_outline("event-summary"), event, RenderOptions()).data))
    assert not document.inline_shapes
    assert document.paragraphs[0].text == "Event summary"


def test_practice_and_recommendation_titles_are_in_the_navigation_pane_not_the_contents(
    layout: Layout,
) -> None:
    document = docx.Document(io.BytesIO(render(sample_outline(), layout, RenderOptions()).data))
    for name in ("Good Practice Title", "Recommendation"):
        level = document.styles[name].element.pPr.find(qn("w:outlineLvl"))
        assert level.get(qn("w:val")) == "3"  # Heading 3 is level 2; the contents take levels 0-2
    kickers = [p.text for p in document.paragraphs if p.style.name == "Box Kicker"]
    cells = [
        p.text
        for t in document.tables
        for c in t._cells
        for p in c.paragraphs
        if p.style.name == "Box Kicker"
    ]
    assert kickers + cells == ["Good practice"]


# -- right to left -----------------------------------------------------------------------------------


def test_direction_pieces_keep_neutrals_between_right_to_left_letters() -> None:
    assert direction_pieces(WORLD_TEXT) == [
        ("مرحبا بالعالم (2021) שלום", True),
        (" and 中小企业国际化", False),
    ]
    assert direction_pieces("plain") == [("plain", False)]


def test_right_to_left_runs_are_marked_and_their_paragraph_laid_out_so(layout: Layout) -> None:
    extra = Section(
        title="World",
        anchor="world",
        level=1,
        blocks=[TextBlock(content=[para(WORLD_TEXT)], source=SRC)],
        source=SRC,
    )
    outline = sample_outline()
    outline = outline.model_copy(update={"sections": [*outline.sections, extra]})
    document = docx.Document(io.BytesIO(render(outline, layout, RenderOptions()).data))
    (paragraph,) = [p for p in document.paragraphs if WORLD_TEXT in p.text]
    runs = [(run.text, run.font.rtl) for run in paragraph.runs]
    assert runs == [("مرحبا بالعالم (2021) שלום", True), (" and 中小企业国际化", None)]
    lang = paragraph.runs[0]._r.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:bidi")) == "ar-SA"
    assert paragraph._p.pPr.find(qn("w:bidi")) is not None
    others = [p for p in document.paragraphs if WORLD_TEXT not in p.text]
    assert all(p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None for p in others)


# -- table columns --------------------------------------------------------------------------------------


def test_measured_columns_are_at_least_as_wide_as_their_widest_word() -> None:
    (regular,) = [
        f for f in fonts.faces_of(FONTS.iterdir(), ["Source Sans 3"]) if not f.bold and not f.italic
    ]
    (bold,) = [f for f in fonts.faces_of(FONTS.iterdir(), ["Source Sans 3"]) if f.bold and not f.italic]
    columns = [["Timescale", "2016-2020"], ["Project", "UpGradeSME"], ["Results", "Fifty firms " * 30]]
    total = int(docx.shared.Mm(170))
    widths = measured_widths(columns, total, 9.5, fonts.metrics(regular), fonts.metrics(bold))
    assert sum(widths) == total
    widest = [fonts.metrics(bold).width("Timescale", 9.5), fonts.metrics(regular).width("UpGradeSME", 9.5)]
    assert all(docx.shared.Emu(w).pt > need for w, need in zip(widths, widest, strict=False))
    assert widths[2] > widths[0] and widths[2] > widths[1]


def table_outline(layout: Layout) -> Outline:
    """Practices as a table: six columns of words that narrow columns would break."""
    practices = [
        Item(
            kind="practices",
            id=f"p{n}",
            title=f"Internationalisation programme {n}",
            facts=[
                Fact(label="Project", text=("UpGradeSME", "INTER VENTURES")[n % 2]),
                Fact(label="Location", text=("Emilia-Romagna, Italy", "Lombardy, Italy")[n % 2]),
                Fact(label="Timescale", text=f"201{n}-2020"),
                Fact(label="Results", text="Hundreds of companies trained in internationalisation"),
                Fact(
                    label="Website",
                    text=f"interregeurope.eu/good-practices/item-{n}",
                    href=f"https://e.org/{n}",
                ),
            ],
            source=SRC,
        )
        for n in range(4)
    ]
    block = ItemsBlock(kind="practices", display="table", items=practices, source=SRC)
    section = Section(title="Practices", anchor="practices", level=1, blocks=[block], source=SRC)
    base = sample_outline()
    return base.model_copy(update={"sections": [section]})


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None, reason="needs LibreOffice"
)
def test_libreoffice_breaks_no_word_of_a_six_column_table(layout: Layout, tmp_path: Path) -> None:
    from conftest import libreoffice_pdf, pdf_text

    path = tmp_path / "table.docx"
    path.write_bytes(render(table_outline(layout), layout, RenderOptions(draft=False)).data)
    words = set(pdf_text(libreoffice_pdf(path, hide_system_fonts=True)).split())
    for word in (
        "Timescale",
        "Location",
        "UpGradeSME",
        "Internationalisation",
        "internationalisation",
        "Emilia-Romagna,",
    ):
        assert word in words, f"{word!r} broken: {sorted(w for w in words if w[:4] == word[:4])}"


def test_a_raster_logo_the_layout_does_not_hold_is_an_error(layout: Layout) -> None:
    (problem,) = layout.theme_problems({"logo_docx": "missing.png"}, lambda key: ("brief.yaml", 3))
    assert str(problem) == (
        "brief.yaml:3: theme.logo_docx: expected a file of the layout policy-brief, got 'missing.png'"
    )
